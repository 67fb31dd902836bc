import fc from 'fast-check';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as fb from '../../src/sys/linux-fb.js';
import * as ioctl from '../../src/sys/fb-ioctl.js';
import { SysError } from '../../src/sys/sys-error.js';
import { catchError } from '../support/catch-error.js';

const u32 = fc.nat({ max: 0xffffffff });
const u16 = fc.nat({ max: 0xffff });
const bitfield = fc.record({ offset: u32, length: u32, msb_right: u32 });

const arbVar: fc.Arbitrary<fb.VarScreeninfo> = fc
  .tuple(
    fc.array(u32, { minLength: 24, maxLength: 24 }),
    fc.array(bitfield, { minLength: 4, maxLength: 4 }),
    fc.array(u32, { minLength: 4, maxLength: 4 }),
  )
  .map(([n, [red, green, blue, transp], reserved]) => {
    const v = fb.emptyVar();
    const keys = Object.keys(v).filter((k) => typeof (v as unknown as Record<string, unknown>)[k] === 'number');
    keys.forEach((k, i) => ((v as unknown as Record<string, number>)[k] = n[i]));
    return { ...v, red, green, blue, transp, reserved: reserved as fb.VarScreeninfo['reserved'] };
  });

const abis = [fb.abiFor('x64', 'LE'), fb.abiFor('arm', 'LE'), fb.abiFor('ppc64', 'BE'), fb.abiFor('mips', 'BE')];

describe('fb_var_screeninfo codec', () => {
  it.each(abis.map((a) => [`${a.longSize * 8}-bit ${a.littleEndian ? 'LE' : 'BE'}`, a] as const))(
    'round-trips every field (%s)',
    (_, abi) => {
      fc.assert(
        fc.property(arbVar, (v) => {
          const bytes = fb.encodeVar(v, abi);
          expect(bytes.length).toBe(160);
          expect(fb.decodeVar(bytes, abi)).toEqual(v);
        }),
      );
    },
  );

  it('puts fields where the header does (little-endian bytes at the C offsets)', () => {
    const v = fb.emptyVar();
    v.xres = 1280;
    v.bits_per_pixel = 32;
    v.green = { offset: 8, length: 8, msb_right: 0 };
    v.colorspace = 0x11223344;
    const b = fb.encodeVar(v, fb.abiFor('x64', 'LE'));
    expect([...b.subarray(0, 4)]).toEqual([0x00, 0x05, 0, 0]);
    expect(b[24]).toBe(32);
    expect([b[44], b[48]]).toEqual([8, 8]);
    expect([...b.subarray(140, 144)]).toEqual([0x44, 0x33, 0x22, 0x11]);
  });

  it('refuses a short buffer', () => {
    expect(() => fb.decodeVar(new Uint8Array(159))).toThrow(/160 bytes/);
  });
});

describe('fb_fix_screeninfo codec', () => {
  const arbFix = fc.record({
    id: fc.string({ maxLength: 15, unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) }),
    smem_start: fc.bigInt({ min: 0n, max: 0xffffffffn }),
    smem_len: u32,
    type: u32,
    type_aux: u32,
    visual: u32,
    xpanstep: u16,
    ypanstep: u16,
    ywrapstep: u16,
    line_length: u32,
    mmio_start: fc.bigInt({ min: 0n, max: 0xffffffffn }),
    mmio_len: u32,
    accel: u32,
    capabilities: u16,
    reserved: fc.tuple(u16, u16),
  });

  it.each(abis.map((a) => [`${a.longSize * 8}-bit ${a.littleEndian ? 'LE' : 'BE'}`, a] as const))(
    'round-trips every field (%s)',
    (_, abi) => {
      fc.assert(
        fc.property(arbFix, (f) => {
          const bytes = fb.encodeFix(f, abi);
          expect(bytes.length).toBe(abi.longSize === 8 ? 80 : 68);
          expect(fb.decodeFix(bytes, abi)).toEqual(f);
        }),
      );
    },
  );

  it('keeps 64-bit physical addresses on 64-bit ABIs', () => {
    // A 64-bit ABI named, not the running one: on a 32-bit CPU smem_start is 4 bytes.
    const abi = fb.abiFor('arm64', 'LE');
    const f = { ...fb.emptyFix(), smem_start: 0x1_0000_0000_0000n + 0xfd000000n };
    expect(fb.decodeFix(fb.encodeFix(f, abi), abi).smem_start).toBe(f.smem_start);
  });

  it('reads a 16-character id that has no terminating NUL', () => {
    const bytes = new Uint8Array(80);
    bytes.set(new TextEncoder().encode('bochs-drmdrmfbXY'), 0);
    bytes[16] = 0xff; // smem_start's first byte must not leak into the id
    expect(fb.decodeFix(bytes, fb.abiFor('x64', 'LE')).id).toBe('bochs-drmdrmfbXY');
  });
});

describe('fb_cmap header codec', () => {
  it.each(abis.map((a) => [a.longSize, a] as const))('round-trips with %i-byte pointers', (size, abi) => {
    const max = size === 8 ? 0xffff_ffff_ffff_ffffn : 0xffff_ffffn;
    fc.assert(
      fc.property(u32, u32, fc.bigInt({ min: 0n, max }), fc.bigInt({ min: 0n, max }), (start, len, a, b) => {
        const c = { start, len, red: a, green: b, blue: a ^ b, transp: 0n };
        expect(fb.decodeCmap(fb.encodeCmap(c, abi), abi)).toEqual(c);
      }),
    );
  });
});

describe('names', () => {
  it('labels accelerators and constants, with a fallback for unknown values', () => {
    expect(fb.accelLabel(0)).toBe('No');
    expect(fb.accelLabel(12)).toBe('Sun cg6');
    expect(fb.accelLabel(4242)).toBe('Unknown (4242)');
    expect(fb.nameOf(fb.FB_VISUAL, 3)).toBe('PSEUDOCOLOR');
    expect(fb.nameOf(fb.FB_TYPE, 77)).toBe('77');
  });
});

describe('ioctls on a file that is not a framebuffer', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fbkit-linuxfb-'));
  const file = join(dir, 'not-a-fb');
  writeFileSync(file, Buffer.alloc(4096));
  const fd = openSync(file, 'r+');
  afterAll(() => {
    closeSync(fd);
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['FBIOGET_VSCREENINFO', () => ioctl.getVar(fd, file)],
    ['FBIOGET_FSCREENINFO', () => ioctl.getFix(fd, file)],
    ['FBIOGETCMAP', () => ioctl.getCmap(fd, 0, 256, file)],
    [
      'FBIOPUTCMAP',
      () => ioctl.putCmap(fd, { start: 0, red: new Uint16Array(2), green: new Uint16Array(2), blue: new Uint16Array(2) }, file),
    ],
  ])('%s fails with ENOTTY and a hint', (_, call) => {
    const err = catchError(() => call());
    expect(err).toBeInstanceOf(SysError);
    expect(err).toMatchObject({ code: 'ENOTTY', path: file });
    expect((err as SysError).hint).toMatch(/not a framebuffer/);
  });

  it('FBIO_WAITFORVSYNC in its helper process reports ENOTTY without throwing, wait after wait', async () => {
    const helper = ioctl.vsyncHelper(fd, file);
    try {
      for (let i = 0; i < 3; i++) await expect(ioctl.waitForVsync(helper, i)).resolves.toEqual({ ok: false, code: 'ENOTTY' });
    } finally {
      helper.close();
    }
  });
});
