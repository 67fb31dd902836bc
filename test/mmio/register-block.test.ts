import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { SysError } from '../../src/sys/sys-error.js';
import { ArgumentError, ClosedError } from '../../src/errors.js';
import { catchError } from '../support/catch-error.js';
import { IomemMap } from '../../src/memmap/iomem.js';
import { MappedRegion } from '../../src/mmio/mapped-region.js';
import { RegisterBlock, RegisterTimeoutError, type OpenRegisterBlockOptions } from '../../src/mmio/register-block.js';
import { explainDevmemError, systemRamWriteRefusal, WriteRefusedError } from '../../src/memmap/devmem-policy.js';

const dir = mkdtempSync(join(tmpdir(), 'fbkit-registers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const FILE_SIZE = 0x3000;
let fileCount = 0;
const open: RegisterBlock[] = [];
afterEach(() => {
  for (const b of open.splice(0)) b.close();
});

/** A file whose byte i is (i * 7 + 3) & 0xff, so every offset reads something distinct. */
function patternFile(): string {
  const path = join(dir, `regs-${fileCount++}.bin`);
  const bytes = new Uint8Array(FILE_SIZE);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7 + 3) & 0xff;
  writeFileSync(path, bytes);
  return path;
}

function block(opts: Partial<OpenRegisterBlockOptions> = {}): RegisterBlock {
  const b = RegisterBlock.open({ path: patternFile(), base: 0x1000, length: 0x100, ...opts });
  open.push(b);
  return b;
}

const fileBytes = (b: RegisterBlock, at: number, n: number) => [
  ...readFileSync(b.path).subarray(Number(b.base) + at, Number(b.base) + at + n),
];
const pattern = (at: number) => (at * 7 + 3) & 0xff;

describe('reads and writes of every width', () => {
  it("reads little-endian values at the block's base offset in the file", () => {
    const b = block();
    const le = (at: number, n: number) =>
      [...Array(n).keys()].reduce((v, k) => v + BigInt(pattern(0x1000 + at + k)) * 256n ** BigInt(k), 0n);
    expect(b.read8(5)).toBe(pattern(0x1005));
    expect(b.read16(6)).toBe(Number(le(6, 2)));
    expect(b.read32(8)).toBe(Number(le(8, 4)));
    expect(b.read64(16)).toBe(le(16, 8));
  });

  it('writes land in the file byte for byte, and read back', () => {
    const b = block();
    b.write8(1, 0xab);
    b.write16(2, 0xbeef);
    b.write32(4, 0xfedcba98);
    b.write64(8, 0x0123456789abcdefn);
    b.write64(16, 42); // a safe integer is taken as a bigint
    expect(fileBytes(b, 0, 24)).toEqual([
      pattern(0x1000),
      0xab,
      0xef,
      0xbe,
      0x98,
      0xba,
      0xdc,
      0xfe,
      0xef,
      0xcd,
      0xab,
      0x89,
      0x67,
      0x45,
      0x23,
      0x01,
      42,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
    ]);
    expect([b.read8(1), b.read16(2), b.read32(4), b.read64(8), b.read64(16)]).toEqual([0xab, 0xbeef, 0xfedcba98, 0x0123456789abcdefn, 42n]);
  });

  it('round-trips any value at any aligned offset, leaving the neighbours alone (property)', () => {
    const b = block();
    const widths = [8, 16, 32, 64] as const;
    fc.assert(
      fc.property(fc.constantFrom(...widths), fc.nat(0x100), fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), (width, raw, big) => {
        const size = width / 8;
        const at = Math.min(raw - (raw % size), 0x100 - size);
        const value = big & ((1n << BigInt(width)) - 1n);
        const before = fileBytes(b, 0, 0x100);
        if (width === 64) b.write64(at, value);
        else (b[`write${width}`] as (o: number, v: number) => void).call(b, at, Number(value));
        const read = width === 64 ? b.read64(at) : BigInt((b[`read${width}`] as (o: number) => number).call(b, at));
        expect(read).toBe(value);
        const after = fileBytes(b, 0, 0x100);
        const expected = [...before];
        for (let k = 0; k < size; k++) expected[at + k] = Number((value >> BigInt(8 * k)) & 0xffn);
        expect(after).toEqual(expected);
      }),
    );
  });

  it('swaps big-endian registers in JavaScript', () => {
    const b = block({ byteOrder: 'big' });
    b.write16(0, 0x1234);
    b.write32(4, 0x89abcdef);
    b.write64(8, 0x0102030405060708n);
    expect(fileBytes(b, 0, 16)).toEqual([0x12, 0x34, pattern(0x1002), pattern(0x1003), 0x89, 0xab, 0xcd, 0xef, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect([b.read16(0), b.read32(4), b.read64(8)]).toEqual([0x1234, 0x89abcdef, 0x0102030405060708n]);
    b.write8(3, 0x5a); // bytes have no order
    expect(b.read8(3)).toBe(0x5a);
    expect(() => block({ byteOrder: 'middle' as never })).toThrow(/byteOrder must be 'little' or 'big', got string 'middle'/);
  });
});

describe('the rules, each a typed error before memory is touched', () => {
  it('refuses misaligned offsets', () => {
    const b = block();
    expect(() => b.read16(1)).toThrow(expect.objectContaining({ code: 'EALIGN' }));
    expect(() => b.read32(2)).toThrow(/offset 0x2 puts the access at 0x1002, not a multiple of 4/);
    expect(() => b.write64(4, 0n)).toThrow(expect.objectContaining({ code: 'EALIGN' }));
    expect(fileBytes(b, 4, 8)).toEqual([...Array(8).keys()].map((k) => pattern(0x1004 + k)));
  });

  it('judges alignment by the address, so a block at an odd base shifts the aligned offsets', () => {
    const b = block({ base: 0x1002, length: 0x20 });
    expect(() => b.read32(0)).toThrow(/puts the access at 0x1002/);
    expect(b.read16(0)).toBe(pattern(0x1002) | (pattern(0x1003) << 8));
    b.write32(2, 0xdeadbeef); // address 0x1004
    expect([...readFileSync(b.path).subarray(0x1004, 0x1008)]).toEqual([0xef, 0xbe, 0xad, 0xde]);
    expect(b.read64(6)).toBe(new DataView(readFileSync(b.path).buffer).getBigUint64(0x1008, true));
  });

  it('refuses offsets outside the block, including a wide access that would run off its end', () => {
    const b = block();
    expect(() => b.read32(0xfe)).toThrow(expect.objectContaining({ code: 'ERANGE' }));
    expect(() => b.read32(0x100)).toThrow(/outside the block \(0x0\.\.0xfc for 4-byte access\)/);
    expect(() => b.read8(-1)).toThrow(expect.objectContaining({ code: 'ERANGE' }));
    expect(() => b.read8(1.5)).toThrow(expect.objectContaining({ code: 'ERANGE' }));
    expect(() => b.read8(Number.NaN)).toThrow(expect.objectContaining({ code: 'ERANGE' }));
    expect(() => b.write64(0xfc, 0n)).toThrow(expect.objectContaining({ code: 'ERANGE' }));
    expect(b.read8(0xff)).toBe(pattern(0x10ff));
  });

  it('refuses values that do not fit, negative ones included, without truncating', () => {
    const b = block();
    const before = fileBytes(b, 0, 16);
    expect(() => b.write16(0, 0x1_0000)).toThrow(/write16: 0x10000 does not fit in 16 bits/);
    expect(() => b.write8(0, 0x100)).toThrow(expect.objectContaining({ code: 'EVALUE' }));
    expect(() => b.write8(0, -1)).toThrow(/write8: -1 does not fit in 8 bits/);
    expect(() => b.write32(0, -1)).toThrow(expect.objectContaining({ code: 'EVALUE' }));
    expect(() => b.write32(0, 2 ** 32)).toThrow(expect.objectContaining({ code: 'EVALUE' }));
    expect(() => b.write32(0, 1.5)).toThrow(expect.objectContaining({ code: 'EVALUE' }));
    expect(() => b.write32(0, 7n as never)).toThrow(expect.objectContaining({ code: 'EVALUE' }));
    expect(() => b.write64(8, 1n << 64n)).toThrow(/write64: 0x10000000000000000n does not fit in 64 bits/);
    expect(() => b.write64(8, -1n)).toThrow(expect.objectContaining({ code: 'EVALUE' }));
    expect(() => b.write64(8, 2 ** 53)).toThrow(expect.objectContaining({ code: 'EVALUE' })); // not exact as a number
    expect(fileBytes(b, 0, 16)).toEqual(before);
    b.write32(0, 0xffffffff);
    expect(b.read32(0)).toBe(0xffffffff);
  });

  it('refuses writes to a read-only mapping before touching memory, and still reads', () => {
    const b = block({ writable: false });
    const before = fileBytes(b, 0, 8);
    expect(() => b.write32(0, 1)).toThrow(WriteRefusedError);
    expect(() => b.write8(0, 1)).toThrow(expect.objectContaining({ code: 'EREADONLY' }));
    expect(() => b.modify32(0, { set: 1 })).toThrow(/mapped read-only/);
    expect(fileBytes(b, 0, 8)).toEqual(before);
    expect(b.read32(0)).toBe(new DataView(new Uint8Array(before).buffer).getUint32(0, true));
  });

  it('refuses 64-bit access on a 32-bit CPU', () => {
    const real = Object.getOwnPropertyDescriptor(process, 'arch')!;
    Object.defineProperty(process, 'arch', { ...real, value: 'arm' });
    try {
      const b = block();
      expect(() => b.read64(0)).toThrow(/a arm CPU has no single 64-bit access/);
      expect(() => b.write64(0, 1n)).toThrow(expect.objectContaining({ code: 'ENO64BIT' }));
      expect(b.read32(0)).toBe(b.read32(0)); // narrower widths still work
    } finally {
      Object.defineProperty(process, 'arch', real);
    }
  });
});

describe('modify', () => {
  it('clears then sets, in one read and one write, and returns what it wrote', () => {
    const b = block();
    b.write32(0, 0xf0f0f0f0);
    expect(b.modify32(0, { set: 0x0000000f, clear: 0xf0000000 })).toBe(0x00f0f0ff);
    expect(b.read32(0)).toBe(0x00f0f0ff);
    expect(b.modify32(0, { set: 1, clear: 1 })).toBe(0x00f0f0ff); // set wins
    b.write8(4, 0x0f);
    expect(b.modify8(4, { set: 0x80, clear: 0x01 })).toBe(0x8e);
    b.write16(6, 0xffff);
    expect(b.modify16(6, { clear: 0x8001 })).toBe(0x7ffe);
    b.write64(8, 0xffff_ffff_0000_0000n);
    expect(b.modify64(8, { set: 1n, clear: 0xffff_0000_0000_0000n })).toBe(0x0000_ffff_0000_0001n);
    expect(b.read64(8)).toBe(0x0000_ffff_0000_0001n);
  });

  it('checks the masks like values', () => {
    const b = block();
    expect(() => b.modify16(0, { set: 0x10000 })).toThrow(/modify16 set: 0x10000 does not fit in 16 bits/);
    expect(() => b.modify32(0, { clear: -1 })).toThrow(expect.objectContaining({ code: 'EVALUE' }));
    expect(() => b.modify64(0, { set: 1n << 64n })).toThrow(expect.objectContaining({ code: 'EVALUE' }));
  });

  it('keeps big-endian registers consistent', () => {
    const b = block({ byteOrder: 'big' });
    b.write32(0, 0x00000001);
    expect(b.modify32(0, { set: 0x80000000 })).toBe(0x80000001);
    expect(fileBytes(b, 0, 4)).toEqual([0x80, 0, 0, 1]);
  });
});

describe('poll', () => {
  it('resolves with the value once (value & mask) === equals', async () => {
    const b = block();
    b.write32(0x20, 0x0000_0003);
    setTimeout(() => b.write32(0x20, 0x8000_0002), 20);
    const v = await b.poll32(0x20, { mask: 0x8000_0001, equals: 0x8000_0000, timeoutMs: 5000 });
    expect(v).toBe(0x8000_0002);
    b.write8(0x30, 0x40);
    await expect(b.poll8(0x30, { mask: 0x40, equals: 0x40, timeoutMs: 0 })).resolves.toBe(0x40);
    b.write16(0x32, 0x1234);
    await expect(b.poll16(0x32, { equals: 0x1234, timeoutMs: 0 })).resolves.toBe(0x1234); // default mask: every bit
    b.write64(0x38, 0x1_0000_0000n);
    await expect(b.poll64(0x38, { mask: 0x1_0000_0000n, equals: 0x1_0000_0000n, timeoutMs: 0 })).resolves.toBe(0x1_0000_0000n);
  });

  it('times out with the last value in the message', async () => {
    const b = block();
    b.write32(0x20, 0x0000_0001);
    const err = await b.poll32(0x20, { mask: 1, equals: 0, timeoutMs: 30, intervalMs: 5 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RegisterTimeoutError);
    expect((err as RegisterTimeoutError).lastValue).toBe(1);
    expect((err as Error).message).toMatch(
      /^poll32 at offset 0x20 timed out after 30 ms: last read 0x00000001, \(value & 0x00000001\) = 0x00000001, waiting for 0x00000000/,
    );
  });

  it('refuses a target that can never match, and bad durations', async () => {
    const b = block();
    await expect(b.poll32(0, { mask: 0x1, equals: 0x2, timeoutMs: 10 })).rejects.toThrow(/has bits outside mask/);
    await expect(b.poll16(0, { equals: 0x10000, timeoutMs: 10 })).rejects.toThrow(/does not fit in 16 bits/);
    await expect(b.poll8(0, { equals: 0, timeoutMs: Number.POSITIVE_INFINITY })).rejects.toThrow(
      /timeoutMs must be a finite number >= 0, got Infinity/,
    );
    await expect(b.poll8(0, { equals: 0, timeoutMs: 1, intervalMs: -1 })).rejects.toThrow(
      /intervalMs must be a finite number >= 0, got -1/,
    );
  });
});

describe('close', () => {
  it('throws ClosedError after close, is idempotent, and leaves stale views harmless', () => {
    const path = patternFile();
    const region = MappedRegion.open({ path, offset: 0x1000, length: 0x100 });
    const stale = region.bytes();
    const b = new RegisterBlock(region);
    b.write32(0, 0x11223344);
    b.close();
    b.close();
    expect(b.closed).toBe(true);
    expect(() => b.read32(0)).toThrow(ClosedError);
    expect(() => b.write32(0, 1)).toThrow(ClosedError);
    expect(() => b.modify8(0, { set: 1 })).toThrow(ClosedError);
    stale[0] = 0x99; // scratch memory now: no crash, and the file keeps what the block wrote
    expect([...readFileSync(path).subarray(0x1000, 0x1004)]).toEqual([0x44, 0x33, 0x22, 0x11]);
  });

  it('rejects a poll that is running when the block closes', async () => {
    const b = block();
    b.write8(0, 0);
    const pending = b.poll8(0, { equals: 1, timeoutMs: 5000 });
    setTimeout(() => b.close(), 10);
    await expect(pending).rejects.toThrow(ClosedError);
  });
});

describe('/dev/mem explanations', () => {
  const q35 = IomemMap.parse(readFileSync(new URL('../../fixtures/iomem/qemu-q35-bochs-edu.txt', import.meta.url), 'utf8'));

  it('turns EPERM from mmap of /dev/mem into the same SysError naming the owner', () => {
    const raw = new SysError('mmap', 1, '/dev/mem');
    const explained = explainDevmemError(raw, 0xfd000000n, 4, q35) as SysError;
    expect(explained).toBeInstanceOf(SysError);
    expect(explained.code).toBe('EPERM');
    expect(explained.syscall).toBe('mmap');
    expect(explained.cause).toBe(raw);
    expect(explained.hint).toMatch(/0xfd000000-0xfdffffff is claimed by bochs-drm .*iomem=relaxed/);
    expect(explained.message).toMatch(/^mmap \/dev\/mem failed: EPERM/);
  });

  it('passes other errors through untouched', () => {
    const enoent = new SysError('open', 2, '/dev/mem');
    expect(explainDevmemError(enoent, 0xfd000000n, 4, q35)).toBe(enoent);
    const eperm = new SysError('mmap', 1, '/dev/mem');
    expect(explainDevmemError(eperm, 0xfd000000n, 4, undefined)).toBe(eperm);
    const other = new Error('x');
    expect(explainDevmemError(other, 0n, 4, q35)).toBe(other);
  });

  it('refuses writes into System RAM and nowhere else', () => {
    const refusal = systemRamWriteRefusal(q35, 0x1ffde000n, 0x2000);
    expect(refusal).toBeInstanceOf(WriteRefusedError);
    expect(refusal?.code).toBe('ESYSTEMRAM');
    expect(refusal?.message).toMatch(/0x1ffde000\+0x2000 overlaps System RAM \(0x00100000-0x1ffdefff\)/);
    expect(systemRamWriteRefusal(q35, 0xfea00000n, 0x100)).toBeUndefined();
    const hidden = IomemMap.parse(readFileSync(new URL('../../fixtures/iomem/firecracker-nonroot.txt', import.meta.url), 'utf8'));
    expect(systemRamWriteRefusal(hidden, 0x100000n, 4)).toBeUndefined();
  });
});

describe('arguments of the wrong type are named as such, before anything is mapped or touched', () => {
  const refusal = (fn: () => unknown) => {
    const err = catchError(fn);
    expect(err).toBeInstanceOf(ArgumentError);
    expect((err as Error).message.split('\n')).toHaveLength(2); // the cause, then the hint
    return err as ArgumentError;
  };

  it('an offset that is not a number says so instead of "outside the block"', () => {
    const b = block();
    expect(refusal(() => b.read32('4' as never))).toMatchObject({
      code: 'EOFFSET',
      message: expect.stringMatching(/^read32: offset must be a number, got string '4'\n/),
    });
    expect(refusal(() => b.write8(4n as never, 1)).message).toMatch(/^write8: offset must be a number, got bigint 4n/);
    expect(refusal(() => b.modify16(null as never, { set: 1 })).message).toMatch(/^modify16: offset must be a number, got null/);
    expect(refusal(() => b.read8(1.5)).message).toMatch(/^read8: offset 1\.5 is not a whole number/);
    expect(fileBytes(b, 0, 8)).toEqual([...Array(8).keys()].map((k) => pattern(0x1000 + k)));
  });

  it('a value of the wrong type names its type', () => {
    const b = block();
    expect(refusal(() => b.write32(0, '7' as never))).toMatchObject({
      code: 'EVALUE',
      message: expect.stringMatching(/^write32: value must be a number, got string '7'\n/),
    });
    expect(refusal(() => b.write64(0, '7' as never)).message).toMatch(/^write64: value must be a bigint or a safe integer, got string '7'/);
    expect(refusal(() => b.modify8(0, null as never)).message).toMatch(/^modify8: masks must be an object \{ set\?, clear\? \}, got null/);
    expect(fileBytes(b, 0, 4)).toEqual([0, 1, 2, 3].map((k) => pattern(0x1000 + k)));
  });

  it('poll options that are not an object, or durations that are not numbers', async () => {
    const b = block();
    await expect(b.poll32(0, null as never)).rejects.toThrow(
      /^poll32: options must be an object \{ equals, timeoutMs, mask\?, intervalMs\? \}, got null/,
    );
    await expect(b.poll32(0, { equals: 0, timeoutMs: '10' as never })).rejects.toThrow(
      /timeoutMs must be a finite number >= 0, got string '10'/,
    );
  });

  const path = () => patternFile();
  it.each([
    ['cache', { cache: 'bogus' }, 'ECACHE', /^cache must be 'uncached', 'write-combining' or 'default', got string 'bogus'/],
    ['cache', { cache: true }, 'ECACHE', /^cache must be .*, got true/],
    ['writable', { writable: 'yes' }, 'EINVAL', /^writable must be true or false, got string 'yes'/],
    ['force', { force: 'no' }, 'EINVAL', /^force must be true or false, got string 'no'/],
    ['byteOrder', { byteOrder: 'BIG' }, 'EBYTEORDER', /^byteOrder must be 'little' or 'big', got string 'BIG'/],
    ['length', { length: '16' }, 'ELENGTH', /^length must be a number, got string '16'/],
    ['length', { length: 0 }, 'ELENGTH', /^length 0 is not a positive whole number of bytes/],
    ['base', { base: '4096' }, 'EOFFSET', /^base must be a number or a bigint, got string '4096'/],
    ['base', { base: -1n }, 'EOFFSET', /^base -1 is negative/],
    ['base', { base: 0.5 }, 'EOFFSET', /^base 0\.5 is not a whole number/],
    ['path', { path: 7 }, 'EINVAL', /^path must be a file or device path, got 7/],
  ])('RegisterBlock.open refuses a bad %s (case %#)', (_name, bad, code, message) => {
    const err = refusal(() =>
      RegisterBlock.open({ path: path(), base: 0x1000, length: 0x100, ...(bad as object) } as OpenRegisterBlockOptions),
    );
    expect(err).toMatchObject({ code, message: expect.stringMatching(message) });
  });

  it('RegisterBlock.open refuses options that are not an object', () => {
    expect(refusal(() => RegisterBlock.open(null as never)).message).toMatch(
      /^options must be an object \{ path, base, length, \.\.\. \}, got null/,
    );
  });
});
