/**
 * The pread/pwrite shadow that stands in for mmap on drivers that refuse it, tested
 * against a regular file (no fbdev needed), and the decision to fall back.
 */
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SysError } from '../../src/sys/sys-error.js';
import { openDeviceMemory, ShadowMemory } from '../../src/display/fbdev/device-memory.js';
import { ClosedError } from '../../src/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'fbkit-shadow-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fileWith(name: string, bytes: Uint8Array): { path: string; fd: number } {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return { path, fd: openSync(path, 'r+') };
}

describe('ShadowMemory', () => {
  it('starts with the device contents and writes back only on flush, only the flushed range', () => {
    const initial = Uint8Array.from({ length: 4096 }, (_, i) => i & 0xff);
    const { path, fd } = fileWith('fb.raw', initial);
    const mem = new ShadowMemory(fd, 4096, path);
    expect(mem.kind).toBe('shadow');
    expect(mem.bytes()).toEqual(initial);
    mem.bytes().fill(0xee, 100, 300);
    expect(readFileSync(path)[150]).toBe(150); // not yet written
    mem.flush(200, 300);
    const after = readFileSync(path);
    expect(after[150]).toBe(150); // outside the flushed range
    expect(after[250]).toBe(0xee);
    expect(after[300]).toBe(300 & 0xff);
    mem.flush(-10, 1e9); // clamped to the memory, no write past it
    expect(readFileSync(path).length).toBe(4096);
    mem.close();
    expect(() => mem.flush(0, 1)).toThrow(ClosedError);
    closeSync(fd);
  });

  it('leaves zeros where the device is shorter than the mode', () => {
    const { path, fd } = fileWith('short.raw', new Uint8Array(10).fill(7));
    const mem = new ShadowMemory(fd, 64, path);
    expect([mem.bytes()[9], mem.bytes()[10]]).toEqual([7, 0]);
    closeSync(fd);
  });
});

describe('openDeviceMemory', () => {
  const refuse = (code: keyof typeof constants.errno) => () => {
    throw new SysError('mmap', constants.errno[code], '/dev/fb1');
  };

  it.each(['EINVAL', 'ENODEV'] as const)('falls back to the shadow when mmap fails with %s', (code) => {
    const { path, fd } = fileWith(`fallback-${code}.raw`, new Uint8Array(512).fill(3));
    const mem = openDeviceMemory(fd, 512, path, { map: refuse(code) });
    expect(mem.kind).toBe('shadow');
    expect(mem.bytes()[511]).toBe(3);
    closeSync(fd);
  });

  it('does not hide other mmap failures, nor fall back when mmap is demanded', () => {
    const { path, fd } = fileWith('nofallback.raw', new Uint8Array(512));
    expect(() => openDeviceMemory(fd, 512, path, { map: refuse('EACCES') })).toThrow(expect.objectContaining({ code: 'EACCES' }));
    expect(() => openDeviceMemory(fd, 512, path, { access: 'mmap', map: refuse('EINVAL') })).toThrow(
      expect.objectContaining({ code: 'EINVAL' }),
    );
    closeSync(fd);
  });

  it('maps for real when it can, and uses the shadow when asked', () => {
    const { path, fd } = fileWith('real.raw', new Uint8Array(8192).fill(9));
    const mapped = openDeviceMemory(fd, 8192, path);
    expect(mapped.kind).toBe('mmap');
    mapped.bytes()[0] = 1;
    expect(readFileSync(path)[0]).toBe(1); // shared mapping: visible without flush
    mapped.close();
    const shadow = openDeviceMemory(fd, 8192, path, { access: 'shadow' });
    expect(shadow.kind).toBe('shadow');
    const snapshot = openDeviceMemory(fd, 8192, path, { writable: false });
    expect(snapshot.kind).toBe('shadow'); // never a PROT_READ mapping a Surface could fault on
    snapshot.bytes()[0] = 2;
    expect(() => snapshot.flush(0, 1)).toThrow(/read-only/);
    closeSync(fd);
  });

  it('starts at the in-page offset of smem_start: fb_mmap maps from the page below it (efifb, simplefb, offb)', () => {
    // The kernel's generic fb mmap hands vm_iomap_memory(smem_start, smem_len), which maps
    // from smem_start rounded down to a page: the first pixel sits smem_start % PAGE_SIZE in.
    const device = Uint8Array.from({ length: 8192 }, (_, i) => (i >> 4) & 0xff);
    const { path, fd } = fileWith('unaligned.raw', device);
    const mem = openDeviceMemory(fd, 4096, path, { access: 'mmap', smemStart: 0xfd000000n + 0x300n });
    expect(mem.length).toBe(4096);
    expect(mem.bytes().length).toBe(4096);
    expect(mem.bytes()[0]).toBe(device[0x300]);
    expect(mem.bytes()[4095]).toBe(device[0x300 + 4095]);
    mem.bytes()[0] = 0xab;
    expect(readFileSync(path)[0x300]).toBe(0xab);
    expect(readFileSync(path)[0]).toBe(device[0]);
    mem.close();
    // pread/pwrite (the shadow) count from the first pixel already: no offset there.
    const shadow = openDeviceMemory(fd, 4096, path, { access: 'shadow', smemStart: 0xfd000000n + 0x300n });
    expect(shadow.bytes()[1]).toBe(device[1]);
    closeSync(fd);
  });
});
