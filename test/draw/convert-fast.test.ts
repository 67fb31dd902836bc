/**
 * The shift-and-mask encoders (draw/convert.ts) must give exactly pack()'s bytes: every
 * RGB value for each format they serve, and random rows at every alignment.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FORMATS, pack, type PixelFormat } from '../../src/raster/format.js';
import { rowEncoder, type PixelRows } from '../../src/draw/convert.js';
import { refRead } from '../reference/blit-reference.js';

const FAST: [string, PixelFormat][] = [
  ['RGB565', FORMATS.RGB565],
  ['BGR565', FORMATS.BGR565],
  ['RGB888', FORMATS.RGB888],
  ['BGR888', FORMATS.BGR888],
];

describe.each(FAST)('%s shift-and-mask encoder', (_, format) => {
  it('equals pack for all 2^24 RGB values (alpha varying)', () => {
    const width = 4096;
    const bytesPerPixel = format.bpp / 8;
    const bytes = new Uint8Array(width * bytesPerPixel);
    const rows: PixelRows = { bytes, stride: bytes.length, format };
    const encode = rowEncoder(format);
    const argb = new Uint32Array(width);
    let bad = 0;
    for (let base = 0; base < 1 << 24; base += width) {
      for (let i = 0; i < width; i++) argb[i] = ((Math.imul(base + i, 0x9e3779b1) & 0xff000000) | (base + i)) >>> 0;
      encode(rows, 0, 0, width, argb);
      for (let i = 0, p = 0; i < width; i++, p += bytesPerPixel) {
        const stored = bytes[p]! | (bytes[p + 1]! << 8) | (bytesPerPixel === 3 ? bytes[p + 2]! << 16 : 0);
        if (stored !== pack(format, argb[i]!)) bad++;
      }
    }
    expect(bad).toBe(0);
  }, 120_000);

  it('writes only its pixels, at any byte offset, column and stride', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 0, max: 9 }),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 0, max: 5 }),
        fc.array(fc.integer({ min: 0, max: 0xffffffff }), { minLength: 30, maxLength: 30 }),
        (offset, x, n, pad, colors) => {
          const stride = ((x + n) * format.bpp) / 8 + pad;
          const buffer = new Uint8Array(offset + 2 * stride).fill(0xa5);
          const rows: PixelRows = { bytes: buffer.subarray(offset), stride, format };
          rowEncoder(format)(rows, x, 1, n, Uint32Array.from(colors));
          for (let px = 0; px < x + n; px++) {
            expect(refRead(rows, px, 0)).toBe(refRead({ ...rows, bytes: new Uint8Array(stride).fill(0xa5) }, px, 0));
            const want = px < x ? refRead({ ...rows, bytes: new Uint8Array(stride).fill(0xa5) }, px, 0) : pack(format, colors[px - x]!);
            expect(refRead(rows, px, 1)).toBe(want);
          }
          expect([...rows.bytes.subarray(stride + ((x + n) * format.bpp) / 8)].every((b) => b === 0xa5)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
