import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  FORMATS,
  bytesPerPixel,
  defaultPalette,
  formatsEqual,
  luma,
  makeFormat,
  pack,
  paletteFormat,
  rowBytes,
  unpack,
  type PixelFormat,
} from '../../src/raster/format.js';
import { ArgumentError, UnsupportedError } from '../../src/errors.js';

/** Every bit a format's channels use (the rest must come back as zero). */
function usedBits(f: PixelFormat): number {
  let m = 0;
  for (const b of [f.red, f.green, f.blue, f.transp]) if (b.length) m |= ((2 ** b.length - 1) * 2 ** b.offset) >>> 0;
  return m >>> 0;
}

describe('names from bitfields', () => {
  const cases: [string, Parameters<typeof makeFormat>[0]][] = [
    ['XRGB8888', { bpp: 32, red: { offset: 16, length: 8 }, green: { offset: 8, length: 8 }, blue: { offset: 0, length: 8 } }],
    [
      'ARGB8888',
      {
        bpp: 32,
        red: { offset: 16, length: 8 },
        green: { offset: 8, length: 8 },
        blue: { offset: 0, length: 8 },
        transp: { offset: 24, length: 8 },
      },
    ],
    ['XBGR8888', { bpp: 32, red: { offset: 0, length: 8 }, green: { offset: 8, length: 8 }, blue: { offset: 16, length: 8 } }],
    [
      'ABGR8888',
      {
        bpp: 32,
        red: { offset: 0, length: 8 },
        green: { offset: 8, length: 8 },
        blue: { offset: 16, length: 8 },
        transp: { offset: 24, length: 8 },
      },
    ],
    [
      'RGBA8888',
      {
        bpp: 32,
        red: { offset: 24, length: 8 },
        green: { offset: 16, length: 8 },
        blue: { offset: 8, length: 8 },
        transp: { offset: 0, length: 8 },
      },
    ],
    [
      'BGRA8888',
      {
        bpp: 32,
        red: { offset: 8, length: 8 },
        green: { offset: 16, length: 8 },
        blue: { offset: 24, length: 8 },
        transp: { offset: 0, length: 8 },
      },
    ],
    ['RGB888', { bpp: 24, red: { offset: 16, length: 8 }, green: { offset: 8, length: 8 }, blue: { offset: 0, length: 8 } }],
    ['BGR888', { bpp: 24, red: { offset: 0, length: 8 }, green: { offset: 8, length: 8 }, blue: { offset: 16, length: 8 } }],
    ['RGB565', { bpp: 16, red: { offset: 11, length: 5 }, green: { offset: 5, length: 6 }, blue: { offset: 0, length: 5 } }],
    ['BGR565', { bpp: 16, red: { offset: 0, length: 5 }, green: { offset: 5, length: 6 }, blue: { offset: 11, length: 5 } }],
    ['XRGB1555', { bpp: 15, red: { offset: 10, length: 5 }, green: { offset: 5, length: 5 }, blue: { offset: 0, length: 5 } }],
    [
      'ARGB1555',
      {
        bpp: 16,
        red: { offset: 10, length: 5 },
        green: { offset: 5, length: 5 },
        blue: { offset: 0, length: 5 },
        transp: { offset: 15, length: 1 },
      },
    ],
    ['GRAY8', { bpp: 8, grayscale: true, red: { offset: 0, length: 8 }, green: { offset: 0, length: 8 }, blue: { offset: 0, length: 8 } }],
    ['PAL8', { bpp: 8, visual: 'pseudocolor' }],
    ['PAL4', { bpp: 4, visual: 'pseudocolor' }],
    ['PAL2', { bpp: 2, visual: 'static_pseudocolor' }],
    ['PAL1', { bpp: 1, palette: [0xff000000, 0xffffffff] }],
    ['MONO01', { bpp: 1, visual: 'mono01' }],
    ['MONO10', { bpp: 1, visual: 'mono10' }],
    ['r4g4b4x4', { bpp: 16, red: { offset: 12, length: 4 }, green: { offset: 8, length: 4 }, blue: { offset: 4, length: 4 } }],
    ['XRGB2101010', { bpp: 32, red: { offset: 20, length: 10 }, green: { offset: 10, length: 10 }, blue: { offset: 0, length: 10 } }],
    [
      'r5g6b5-msbright',
      { bpp: 16, red: { offset: 11, length: 5, msbRight: true }, green: { offset: 5, length: 6 }, blue: { offset: 0, length: 5 } },
    ],
    ['r2g2b2x2', { bpp: 8, red: { offset: 6, length: 2 }, green: { offset: 4, length: 2 }, blue: { offset: 2, length: 2 } }],
  ];
  it.each(cases)('%s', (name, spec) => {
    const f = makeFormat(spec);
    expect(f.name).toBe(name);
  });

  it('reports depth 15 as bpp 16 and equals the predefined format', () => {
    const f = makeFormat(cases[10]![1]);
    expect(f.bpp).toBe(16);
    expect(formatsEqual(f, FORMATS.XRGB1555)).toBe(true);
    expect(formatsEqual(f, FORMATS.ARGB1555)).toBe(false);
  });

  it('FORMATS carry their own names', () => {
    for (const [key, f] of Object.entries(FORMATS)) expect(f.name).toBe(key);
  });
});

describe('bad formats are typed errors naming the fix', () => {
  it.each([
    [{ bpp: 12, red: { offset: 0, length: 4 } }, /bits per pixel: 12/],
    [{ bpp: 0 }, /bits per pixel: 0/],
    [{ bpp: 16, red: { offset: 12, length: 5 }, green: { offset: 5, length: 6 }, blue: { offset: 0, length: 5 } }, /does not fit/],
    [{ bpp: 16, red: { offset: 5, length: 6 }, green: { offset: 5, length: 6 }, blue: { offset: 0, length: 5 } }, /overlap/],
    [{ bpp: 16 }, /no color bits/],
    [{ bpp: 8, visual: 'mono01' as const }, /needs bpp 1/],
    [{ bpp: 2, palette: [1, 2, 3, 4, 5] }, /1\.\.4 entries/],
  ])('%j', (spec, message) => {
    expect(() => makeFormat(spec)).toThrow(ArgumentError);
    expect(() => makeFormat(spec)).toThrow(message);
  });
  it('refuses FOURCC as unsupported', () => {
    expect(() => makeFormat({ bpp: 16, visual: 'fourcc' })).toThrow(UnsupportedError);
  });
  it('refuses deep palettes', () => {
    expect(() => paletteFormat(16, [0])).toThrow(/palette formats/);
  });
});

describe('pack/unpack', () => {
  it('replicates top bits when expanding', () => {
    expect(unpack(FORMATS.RGB565, 0xffff)).toBe(0xffffffff);
    expect(unpack(FORMATS.RGB565, 0x1f << 11)).toBe(0xffff0000);
    expect(unpack(FORMATS.RGB565, 0x10 << 11)).toBe(0xff840000);
    expect(unpack(FORMATS.RGB565, 0x20 << 5)).toBe(0xff008200);
    expect(unpack(FORMATS.ARGB1555, 0x8000 | (1 << 10))).toBe(0xff080000);
    expect(unpack(FORMATS.ARGB1555, 0x7fff)).toBe(0x00ffffff);
    expect(pack(FORMATS.RGB565, 0xff123456)).toBe(((0x12 >> 3) << 11) | ((0x34 >> 2) << 5) | (0x56 >> 3));
  });

  it('puts channels where the bitfields say', () => {
    const c = 0x80112233;
    expect(pack(FORMATS.ARGB8888, c)).toBe(0x80112233);
    expect(pack(FORMATS.XRGB8888, c)).toBe(0x00112233);
    expect(pack(FORMATS.ABGR8888, c)).toBe(0x80332211);
    expect(pack(FORMATS.XBGR8888, c)).toBe(0x00332211);
    expect(pack(FORMATS.RGBA8888, c)).toBe(0x11223380);
    expect(pack(FORMATS.BGRA8888, c)).toBe(0x33221180);
    expect(pack(FORMATS.RGB888, c)).toBe(0x112233);
    expect(pack(FORMATS.BGR888, c)).toBe(0x332211);
    expect(unpack(FORMATS.XRGB8888, 0xff112233)).toBe(0xff112233);
    expect(unpack(FORMATS.BGRA8888, 0x33221180)).toBe(0x80112233);
  });

  it('round-trips every 16-bit value of the 16 bpp formats', () => {
    for (const f of [
      FORMATS.RGB565,
      FORMATS.BGR565,
      FORMATS.XRGB1555,
      FORMATS.ARGB1555,
      makeFormat({
        bpp: 16,
        red: { offset: 12, length: 4 },
        green: { offset: 8, length: 4 },
        blue: { offset: 4, length: 4 },
        transp: { offset: 0, length: 4 },
      }),
    ]) {
      const used = usedBits(f);
      for (let v = 0; v < 0x10000; v++) {
        const back = pack(f, unpack(f, v));
        if (back !== (v & used)) throw new Error(`${f.name}: ${v.toString(16)} -> ${back.toString(16)}`);
      }
    }
  });

  it('round-trips 24-bit values of RGB888 and BGR888', () => {
    for (const f of [FORMATS.RGB888, FORMATS.BGR888]) {
      // Every value of each channel with the others varying (a stride coprime to 2^24).
      for (let v = 0; v < 1 << 24; v += 7) {
        if (pack(f, unpack(f, v)) !== v) throw new Error(`${f.name}: ${v.toString(16)}`);
      }
    }
  });

  it('round-trips 32-bit values and colors (every channel value, random rest)', () => {
    const f32 = [FORMATS.ARGB8888, FORMATS.ABGR8888, FORMATS.RGBA8888, FORMATS.BGRA8888, FORMATS.XRGB8888, FORMATS.XBGR8888];
    fc.assert(
      fc.property(fc.constantFrom(...f32), fc.integer({ min: 0, max: 0xffffffff }), (f, v) => {
        const hasAlpha = f.transp.length > 0;
        expect(pack(f, unpack(f, v))).toBe((v & usedBits(f)) >>> 0);
        expect(unpack(f, pack(f, v))).toBe(hasAlpha ? v : (v | 0xff000000) >>> 0);
      }),
      { numRuns: 20000 },
    );
    for (const f of f32)
      for (let shift = 0; shift < 32; shift += 8)
        for (let c = 0; c < 256; c++) {
          const argb = (0x5a5a5a5a & ~(0xff << shift)) | (c << shift);
          expect(unpack(f, pack(f, argb)) >>> 0).toBe(f.transp.length ? argb >>> 0 : (argb | 0xff000000) >>> 0);
        }
  });

  it('handles msbRight by reversing the channel bits', () => {
    const f = makeFormat({
      bpp: 16,
      red: { offset: 11, length: 5, msbRight: true },
      green: { offset: 5, length: 6 },
      blue: { offset: 0, length: 5 },
    });
    expect(pack(f, 0xff800000)).toBe(0b00001 << 11); // red 0x80 -> 0b10000, stored reversed
    for (let v = 0; v < 0x10000; v++) if (pack(f, unpack(f, v)) !== v) throw new Error(`msbRight: ${v.toString(16)}`);
  });

  it('handles channels wider than 8 bits', () => {
    const f = makeFormat({
      bpp: 32,
      red: { offset: 20, length: 10 },
      green: { offset: 10, length: 10 },
      blue: { offset: 0, length: 10 },
      transp: { offset: 30, length: 2 },
    });
    expect(pack(f, 0xffffffff)).toBe(0xffffffff);
    expect(pack(f, 0x00800000)).toBe(0x202 << 20);
    expect(unpack(f, 0x3ff << 20)).toBe(0x00ff0000);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (v) => pack(f, unpack(f, pack(f, unpack(f, v)))) === pack(f, unpack(f, v))),
    );
  });

  it('grayscale uses the documented luma', () => {
    expect(luma(0xffffffff)).toBe(255);
    expect(luma(0xff000000)).toBe(0);
    expect(luma(0x00ff0000)).toBe((77 * 255 + 128) >> 8);
    expect(pack(FORMATS.GRAY8, 0xff102030)).toBe((77 * 0x10 + 150 * 0x20 + 29 * 0x30 + 128) >> 8);
    for (let v = 0; v < 256; v++) {
      expect(unpack(FORMATS.GRAY8, v)).toBe((0xff000000 | (v * 0x010101)) >>> 0);
      expect(pack(FORMATS.GRAY8, unpack(FORMATS.GRAY8, v))).toBe(v);
    }
    const gray4 = makeFormat({ bpp: 4, grayscale: true });
    expect(gray4.name).toBe('GRAY4');
    for (let v = 0; v < 16; v++) expect(pack(gray4, unpack(gray4, v))).toBe(v);
  });

  it('palettes: every index round-trips, other colors go to the nearest entry', () => {
    for (const f of [FORMATS.PAL8, FORMATS.PAL4, FORMATS.PAL2, FORMATS.PAL1]) {
      expect(f.palette!.length).toBe(2 ** f.bpp);
      for (let i = 0; i < 2 ** f.bpp; i++) {
        // The xterm palette repeats black and white: such colors pack to their first index.
        const color = unpack(f, i);
        expect(pack(f, color)).toBe(f.palette!.indexOf(color));
      }
    }
    const f = paletteFormat(2, [0xff000000, 0xffff0000, 0xff0000ff]);
    expect(pack(f, 0xffc00000)).toBe(1);
    expect(pack(f, 0xff200010)).toBe(0);
    expect(pack(f, 0x000000f0)).toBe(2); // alpha ignored
    expect(pack(f, 0xff800000)).toBe(1); // red 0x80 is 127 from 0xff but 128 from 0
    expect(unpack(f, 3)).toBe(0xff000000); // beyond the palette
    expect(defaultPalette(8)[16 + 215]).toBe(0xffffffff);
  });

  it('mono formats threshold luma at 128', () => {
    expect(pack(FORMATS.MONO01, 0xffffffff)).toBe(0);
    expect(pack(FORMATS.MONO01, 0xff000000)).toBe(1);
    expect(pack(FORMATS.MONO10, 0xffffffff)).toBe(1);
    expect(pack(FORMATS.MONO10, 0xff808080)).toBe(1);
    expect(pack(FORMATS.MONO10, 0xff7f7f7f)).toBe(0);
    for (const f of [FORMATS.MONO01, FORMATS.MONO10]) for (const v of [0, 1]) expect(pack(f, unpack(f, v))).toBe(v);
    expect(unpack(FORMATS.MONO01, 1)).toBe(0xff000000);
  });

  it('sizes', () => {
    expect(bytesPerPixel(FORMATS.RGB888)).toBe(3);
    expect(bytesPerPixel(FORMATS.MONO01)).toBe(1 / 8);
    expect(rowBytes(FORMATS.MONO01, 9)).toBe(2);
    expect(rowBytes(FORMATS.PAL4, 3)).toBe(2);
    expect(rowBytes(FORMATS.RGB888, 5)).toBe(15);
  });
});
