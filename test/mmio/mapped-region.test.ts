import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mkfifo, pageSize } from '../../src/sys/libc.js';
import { SysError } from '../../src/sys/sys-error.js';
import { ArgumentError, ClosedError } from '../../src/errors.js';
import { catchError } from '../support/catch-error.js';
import { MappedRegion } from '../../src/mmio/mapped-region.js';
import { runChild, sourcePath } from '../support/child.js';

const dir = mkdtempSync(join(tmpdir(), 'fbkit-map-'));
afterAll(() => execFileSync('rm', ['-rf', dir]));

function fileWith(name: string, bytes: number, fill = (i: number) => i & 0xff): string {
  const path = join(dir, name);
  writeFileSync(
    path,
    Uint8Array.from({ length: bytes }, (_, i) => fill(i)),
  );
  return path;
}

describe('MappedRegion', () => {
  it('maps at odd offsets: page-aligns down and keeps the in-page delta', () => {
    const path = fileWith('odd', 3 * pageSize(), (i) => (i * 7) & 0xff);
    for (const offset of [0, 1, 4095, 4096, 4097, 2 * pageSize() - 3]) {
      using region = MappedRegion.open({ path, offset, length: 5 });
      expect(region.delta).toBe(offset % pageSize());
      expect(Array.from(region.bytes())).toEqual([0, 1, 2, 3, 4].map((k) => ((offset + k) * 7) & 0xff));
    }
  });

  it('writes reach the file', () => {
    const path = fileWith('write', 100);
    const region = MappedRegion.open({ path, offset: 10, length: 4 });
    region.bytes().set([0xde, 0xad, 0xbe, 0xef]);
    region.sync();
    region.close();
    expect(Array.from(readFileSync(path).subarray(9, 15))).toEqual([9, 0xde, 0xad, 0xbe, 0xef, 14]);
  });

  it('defaults the length to the rest of a regular file', () => {
    const path = fileWith('rest', 1000);
    using region = MappedRegion.open({ path, offset: 300 });
    expect(region.length).toBe(700);
    expect(region.bytes()[0]).toBe(300 & 0xff);
  });

  it('refuses a range past the end of the file, which would raise SIGBUS later', () => {
    const path = fileWith('short', 100);
    const err = catchError(() => MappedRegion.open({ path, offset: 50, length: 51 }));
    expect(err).toBeInstanceOf(ArgumentError);
    expect((err as ArgumentError).code).toBe('ERANGE');
    expect((err as Error).message).toMatch(/SIGBUS/);
    expect((err as ArgumentError).hint).toMatch(/grow/);
  });

  it('grows a file only when asked', () => {
    const path = join(dir, 'grown');
    using region = MappedRegion.open({ path, offset: 8192, length: 16, grow: true });
    region.bytes()[15] = 0x5a;
    expect(statSync(path).size).toBe(8192 + 16);
    expect(readFileSync(path)[8192 + 15]).toBe(0x5a);
  });

  it('rejects zero, negative and fractional lengths and negative offsets', () => {
    const path = fileWith('args', 100);
    for (const length of [0, -1, 1.5]) {
      expect(catchError(() => MappedRegion.open({ path, length }))).toMatchObject({ code: 'ELENGTH' });
    }
    expect(catchError(() => MappedRegion.open({ path, offset: -1, length: 1 }))).toMatchObject({ code: 'EOFFSET' });
  });

  it('maps read-only', () => {
    const path = fileWith('ro', 64);
    using region = MappedRegion.open({ path, writable: false });
    expect(region.writable).toBe(false);
    expect(region.bytes()[63]).toBe(63);
  });

  it('close is idempotent, API use after close throws, stale views do not crash', () => {
    const path = fileWith('stale', 2 * pageSize());
    const region = MappedRegion.open({ path });
    const stale = region.bytes();
    const stale32 = new Uint32Array(region.buffer);
    region.close();
    region.close();
    expect(region.closed).toBe(true);
    expect(() => region.bytes()).toThrow(ClosedError);
    expect(() => region.sync()).toThrow(ClosedError);
    // These touch the scratch pages that replaced the mapping: no SIGSEGV, and the file is untouched.
    stale.fill(0xff);
    stale32[100] = 0x12345678;
    expect(stale32[100]).toBe(0x12345678);
    expect(readFileSync(path)[5]).toBe(5);
  });

  it('stale views survive garbage collection of the region in a child process', async () => {
    // Run in a child with --expose-gc so a crash would show as a signal, not take vitest down.
    const script = `
      import { MappedRegion } from ${JSON.stringify(sourcePath('src/mmio/mapped-region.ts'))};
      const path = ${JSON.stringify(fileWith('gc', pageSize()))};
      let views = [];
      for (let i = 0; i < 200; i++) {
        const r = MappedRegion.open({ path });
        views.push(r.bytes());
        r.close();
      }
      globalThis.gc();
      for (const v of views) v.fill(1);
      views = [];
      for (let i = 0; i < 5; i++) { globalThis.gc(); await new Promise((r) => setTimeout(r, 10)); }
      console.log('survived');
    `;
    const result = await runChild(script, ['--expose-gc']);
    expect(result).toMatchObject({ signal: null, code: 0 });
    expect(result.stdout.trim()).toBe('survived');
  });

  it("two processes mapping the same file see each other's writes", async () => {
    const path = fileWith('ipc', pageSize(), () => 0);
    using region = MappedRegion.open({ path });
    const words = new Int32Array(region.buffer, region.delta, 4);
    // The child waits for our word 0, answers in word 1 with the value plus one.
    const script = `
      import { MappedRegion } from ${JSON.stringify(sourcePath('src/mmio/mapped-region.ts'))};
      const r = MappedRegion.open({ path: ${JSON.stringify(path)} });
      const w = new Int32Array(r.buffer, r.delta, 4);
      const deadline = Date.now() + 10000;
      while (Atomics.load(w, 0) === 0) { if (Date.now() > deadline) process.exit(3); }
      w[1] = Atomics.load(w, 0) + 1;
      r.close();
    `;
    const exited = runChild(script);
    words[0] = 41;
    expect(await exited).toMatchObject({ code: 0, signal: null });
    expect(words[1]).toBe(42);
  });

  it('maps errno to a typed SysError with a hint', () => {
    const err = catchError(() => MappedRegion.open({ path: '/dev/fb7', length: 4096 }));
    expect(err).toBeInstanceOf(SysError);
    expect(err).toMatchObject({ code: 'ENOENT', syscall: 'open', path: '/dev/fb7', errno: 2 });
    expect((err as SysError).hint).toMatch(/virtual framebuffer/);
  });

  it('refuses what mmap cannot serve before opening it: a directory, /dev/zero, a FIFO (whose open would block)', async () => {
    expect(catchError(() => MappedRegion.open({ path: dir, length: 4096 }))).toMatchObject({
      code: 'EFILETYPE',
      message: expect.stringContaining('is a directory'),
    });
    // /dev/zero's shared mapping ends where the mapping does: at offset 0x1000 a store was SIGBUS.
    const zero = catchError(() => MappedRegion.open({ path: '/dev/zero', offset: 0x1000, length: 4 }));
    expect(zero).toBeInstanceOf(ArgumentError);
    expect(zero).toMatchObject({ code: 'EFILETYPE' });
    const fifo = join(dir, 'map.fifo');
    mkfifo(fifo);
    // In a child: should the check regress, the open blocks the child, not the test runner.
    const r = await runChild(
      `const { MappedRegion } = await import(${JSON.stringify(sourcePath('src/mmio/mapped-region.ts'))});
       try { MappedRegion.open({ path: ${JSON.stringify(fifo)}, length: 4 }); console.log('opened'); } catch (err) { console.log(err.code); }`,
      [],
      10_000,
    );
    expect(r.stdout.trim()).toBe('EFILETYPE');
  });

  it('maps the cache mode asked for, or refuses it', () => {
    // A PCI device's sysfs directory as the kernel lays it out: BAR 2 prefetchable (has _wc).
    const pci = mkdtempSync(join(dir, 'pci-'));
    writeFileSync(join(pci, 'vendor'), '0x1234\n');
    for (const name of ['resource0', 'resource2', 'resource2_wc']) writeFileSync(join(pci, name), new Uint8Array(pageSize()));
    const open = (path: string, cache?: 'uncached' | 'write-combining' | 'default') => {
      const region = MappedRegion.open({ path, length: 16, cache });
      region.close();
      return region.path;
    };
    expect(open(join(pci, 'resource2'), 'write-combining')).toBe(join(pci, 'resource2_wc'));
    expect(open(join(pci, 'resource2_wc'), 'uncached')).toBe(join(pci, 'resource2'));
    expect(open(join(pci, 'resource2'))).toBe(join(pci, 'resource2'));
    expect(catchError(() => open(join(pci, 'resource0'), 'write-combining'))).toMatchObject({
      code: 'ECACHE',
      message: expect.stringMatching(/not prefetchable/),
    });
    const plain = fileWith('cached', 64);
    expect(open(plain)).toBe(plain);
    expect(open(plain, 'default')).toBe(plain);
    for (const cache of ['uncached', 'write-combining'] as const) {
      expect(catchError(() => open(plain, cache))).toMatchObject({ code: 'ECACHE', hint: expect.stringMatching(/\/dev\/mem/) });
    }
    expect(catchError(() => MappedRegion.open({ path: '/dev/mem', length: 16, cache: 'write-combining' }))).toMatchObject({
      code: 'ECACHE',
      hint: expect.stringMatching(/resourceN_wc/),
    });
  });

  it('refuses a device without a length', () => {
    expect(catchError(() => MappedRegion.open({ path: '/dev/null', writable: false }))).toMatchObject({ code: 'ELENGTH' });
  });
});

describe('MappedRegion options of the wrong type', () => {
  it.each([
    [{ cache: 'bogus' }, 'ECACHE', /^cache must be 'uncached', 'write-combining' or 'default', got string 'bogus'/],
    [{ writable: 'yes' }, 'EINVAL', /^writable must be true or false, got string 'yes'/],
    [{ grow: 1 }, 'EINVAL', /^grow must be true or false, got 1/],
    [{ length: '16' }, 'ELENGTH', /^length must be a number, got string '16'/],
    [{ offset: '4096' }, 'EOFFSET', /^offset must be a number or a bigint, got string '4096'/],
    [{ offset: {} }, 'EOFFSET', /^offset must be a number or a bigint, got an object/],
    [{ path: undefined }, 'EINVAL', /^path must be a file or device path, got undefined/],
    [{ path: '' }, 'EINVAL', /^path must be a file or device path, got string ''/],
  ])('open refuses %j', (bad, code, message) => {
    const path = fileWith('typed', 64);
    const err = catchError(() => MappedRegion.open({ path, ...(bad as object) } as never));
    expect(err).toBeInstanceOf(ArgumentError);
    expect(err).toMatchObject({ code, message: expect.stringMatching(message) });
  });

  it('open and fromFd refuse options that are not an object, and fromFd a descriptor that is not one', () => {
    expect(catchError(() => MappedRegion.open(null as never))).toMatchObject({
      code: 'EINVAL',
      message: expect.stringMatching(/^options must be an object/),
    });
    expect(catchError(() => MappedRegion.fromFd('3' as never, { path: 'x', length: 1 }))).toMatchObject({
      code: 'EINVAL',
      message: expect.stringMatching(/^fd must be an open file descriptor \(a whole number >= 0\), got string '3'/),
    });
    expect(catchError(() => MappedRegion.fromFd(0, null as never))).toMatchObject({
      code: 'EINVAL',
      message: expect.stringMatching(/^options must be an object/),
    });
  });
});
