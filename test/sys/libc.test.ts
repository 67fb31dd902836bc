import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { libcFlavor, libcNames, libcPrototypes, pageSize } from '../../src/sys/libc.js';
import { errnoName, SysError } from '../../src/sys/sys-error.js';
import { NOBODY, userCopy } from '../support/user-copy.js';

const EPERM = 1;
const ENOENT = 2;
const EACCES = 13;

describe('SysError', () => {
  it('names the errno and carries syscall, path and errno', () => {
    const err = new SysError('open', ENOENT, '/dev/fb0');
    expect(err).toMatchObject({ code: 'ENOENT', errno: ENOENT, syscall: 'open', path: '/dev/fb0' });
    expect(err.message).toMatch(/^open \/dev\/fb0 failed: ENOENT \(no such file or directory\)/);
    expect(errnoName(EACCES)).toBe('EACCES');
    expect(errnoName(99999)).toBe('errno 99999');
  });

  it('gives the fix for the usual failures on each kind of path', () => {
    expect(new SysError('open', EACCES, '/dev/fb0').hint).toMatch(/'video' group/);
    expect(new SysError('open', EACCES, '/dev/mem').hint).toMatch(/root/);
    expect(new SysError('open', EACCES, '/dev/input/event3').hint).toMatch(/'input' group/);
    expect(new SysError('open', EACCES, '/dev/uinput').hint).toMatch(/udev rule/);
    expect(new SysError('open', ENOENT, '/dev/uinput').hint).toMatch(/modprobe uinput/);
    expect(new SysError('ioctl(0x80084502)', 25, '/tmp/x').hint).toMatch(/not an evdev input device/);
    expect(new SysError('mmap', EPERM, '/dev/mem').hint).toMatch(/iomem=relaxed/);
    expect(new SysError('open', ENOENT, '/dev/fb1').hint).toMatch(/virtual framebuffer/);
    expect(new SysError('open', ENOENT, '/dev/uio0').hint).toMatch(/uio_pdrv_genirq|uio_pci_generic/);
    expect(new SysError('open', EACCES, '/sys/bus/pci/devices/0000:00:03.0/resource0').hint).toMatch(/root/);
    expect(new SysError('mmap', 22, '/sys/bus/pci/devices/0000:00:02.0/resource0').hint).toMatch(/unbind the driver/);
    expect(new SysError('mmap', 19, '/sys/bus/pci/devices/0000:00:02.0/resource1').hint).toMatch(/I\/O-port/);
    expect(new SysError('ioctl(0x4600)', 25, '/tmp/x').hint).toMatch(/not a framebuffer/);
    expect(new SysError('ioctl(0x4b3a)', 25, '/dev/ttyS0').hint).toMatch(/not a virtual terminal/);
    expect(new SysError('ioctl(0x5401)', 25, '/tmp/x').hint).toMatch(/does not support this ioctl/);
  });

  it('reports a real EACCES from the kernel for a user who may not open the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fbkit-libc-'));
    chmodSync(dir, 0o755);
    const file = join(dir, 'secret');
    writeFileSync(file, new Uint8Array(pageSize()), { mode: 0o000 });
    // As root the kernel ignores file modes, so the child drops to 'nobody' (uid 65534),
    // running a copy of the code it can read wherever the checkout is.
    const copy = userCopy(['src/mmio/mapped-region.ts']);
    const script = `
      import { MappedRegion } from ${JSON.stringify(copy.path('src/mmio/mapped-region.ts'))};
      try { MappedRegion.open({ path: ${JSON.stringify(file)} }); console.log('opened'); }
      catch (err) { console.log(JSON.stringify({ code: err.code, errno: err.errno, syscall: err.syscall, path: err.path })); }
    `;
    const result = await copy.run(script, process.getuid?.() === 0 ? NOBODY : undefined).finally(() => {
      copy.remove();
      rmSync(dir, { recursive: true, force: true });
    });
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({ code: 'EACCES', errno: EACCES, syscall: 'open', path: file });
  });
});

describe('libc prototypes with a file offset', () => {
  // On 32-bit ARM and x86 glibc's plain mmap/pread/pwrite/ftruncate take a 32-bit off_t;
  // a 64-bit argument lands in the wrong stack slot there (the offset read is garbage) and
  // /dev/mem addresses >= 4 GiB could not be reached at all. The *64 entry points take a
  // 64-bit offset on every ABI (on 64-bit glibc they are aliases of the same functions).
  it('binds the 64-bit-offset entry points wherever an int64_t offset is passed (glibc)', () => {
    const withOffset = Object.values(libcPrototypes('glibc')).filter((p) => /int64_t (off|len)\)/.test(p));
    expect(withOffset.length).toBe(4);
    for (const prototype of withOffset) expect(prototype).toMatch(/[ *](mmap64|pread64|pwrite64|ftruncate64)\(/);
  });

  it('binds the plain names on musl, whose off_t is 64-bit everywhere and which exports no *64 names', () => {
    const withOffset = Object.values(libcPrototypes('musl')).filter((p) => /int64_t (off|len)\)/.test(p));
    expect(withOffset.length).toBe(4);
    for (const prototype of withOffset) expect(prototype).toMatch(/[ *](mmap|pread|pwrite|ftruncate)\(/);
  });
});

describe('which C library to load', () => {
  it('is glibc when Node reports a glibc runtime, musl when it reports none', () => {
    expect(libcFlavor({ glibcVersionRuntime: '2.36' })).toBe('glibc');
    expect(libcFlavor({})).toBe('musl');
    // This test runs on Debian: the process's own report must say glibc.
    expect(libcFlavor()).toBe('glibc');
  });

  it("names musl's per-CPU soname (Alpine: libc.musl-<cpu>.so.1, also its loader)", () => {
    expect(libcNames('glibc')).toEqual(['libc.so.6']);
    expect(libcNames('musl', 'x64')[0]).toBe('libc.musl-x86_64.so.1');
    expect(libcNames('musl', 'arm64')).toContain('/lib/ld-musl-aarch64.so.1');
    expect(libcNames('musl', 'arm')[0]).toBe('libc.musl-armhf.so.1');
  });
});
