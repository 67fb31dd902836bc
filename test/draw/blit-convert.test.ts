import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FORMATS, pack, unpack } from '../../src/raster/format.js';
import { readRaw, rowDecoder, rowEncoder, writeRaw, type PixelRows } from '../../src/draw/convert.js';
import { refRead } from '../reference/blit-reference.js';
import { FORMATS_UNDER_TEST } from '../support/formats.js';

const ALL = FORMATS_UNDER_TEST;

const arbRows = fc
  .record({
    format: fc.constantFrom(...ALL),
    width: fc.integer({ min: 1, max: 40 }),
    height: fc.integer({ min: 1, max: 4 }),
    pad: fc.integer({ min: 0, max: 7 }),
    offset: fc.integer({ min: 0, max: 3 }),
    seed: fc.integer(),
  })
  .map(({ format, width, height, pad, offset, seed }) => {
    const stride = Math.ceil((width * format.bpp) / 8) + pad;
    const buffer = new Uint8Array(offset + stride * height);
    let s = seed >>> 0;
    for (let i = 0; i < buffer.length; i++) buffer[i] = (s = (Math.imul(s, 1103515245) + 12345) >>> 0) >>> 24;
    const rows: PixelRows = { bytes: buffer.subarray(offset), stride, format };
    return { rows, width, height };
  });

describe('raw pixel access', () => {
  it('readRaw matches a bit-by-bit reference for every format, stride and alignment', () => {
    fc.assert(
      fc.property(arbRows, ({ rows, width, height }) => {
        const out = new Uint32Array(width);
        for (let y = 0; y < height; y++) {
          readRaw(rows, 0, y, width, out);
          for (let x = 0; x < width; x++) expect(out[x]).toBe(refRead(rows, x, y));
        }
      }),
      { numRuns: 400 },
    );
  });

  it('writeRaw changes exactly the pixels written', () => {
    fc.assert(
      fc.property(arbRows, fc.nat(), fc.nat(), fc.integer(), ({ rows, width, height }, a, b, seed) => {
        const x = a % width,
          n = (b % (width - x)) + 1,
          y = (seed >>> 0) % height;
        const before = Uint8Array.from(rows.bytes);
        const values = Uint32Array.from({ length: n }, (_, i) => ((seed * (i + 7)) >>> 0) % 2 ** rows.format.bpp);
        writeRaw(rows, x, y, n, values);
        const copy: PixelRows = { ...rows, bytes: before };
        for (let yy = 0; yy < height; yy++) {
          for (let xx = 0; xx < width; xx++) {
            const inside = yy === y && xx >= x && xx < x + n;
            expect(refRead(rows, xx, yy)).toBe(inside ? values[xx - x] : refRead(copy, xx, yy));
          }
        }
        // Padding bytes at the end of each row are untouched.
        const used = Math.ceil((width * rows.format.bpp) / 8);
        for (let yy = 0; yy < height; yy++) {
          for (let p = used; p < rows.stride; p++) expect(rows.bytes[yy * rows.stride + p]).toBe(before[yy * rows.stride + p]);
        }
      }),
      { numRuns: 400 },
    );
  });
});

describe('row decoders and encoders', () => {
  it('decode equals unpack of each raw value', () => {
    fc.assert(
      fc.property(arbRows, ({ rows, width, height }) => {
        const scratch = new Uint32Array(width);
        for (let y = 0; y < height; y++) {
          const argb = rowDecoder(rows.format)(rows, 0, y, width, scratch);
          for (let x = 0; x < width; x++) expect(argb[x]).toBe(unpack(rows.format, refRead(rows, x, y)));
        }
      }),
      { numRuns: 400 },
    );
  });

  it('encode equals pack of each color', () => {
    fc.assert(
      fc.property(
        arbRows,
        fc.array(fc.integer({ min: 0, max: 0xffffffff }), { minLength: 40, maxLength: 40 }),
        ({ rows, width, height }, colors) => {
          const argb = Uint32Array.from(colors);
          for (let y = 0; y < height; y++) {
            rowEncoder(rows.format)(rows, 0, y, width, argb);
            for (let x = 0; x < width; x++) expect(refRead(rows, x, y)).toBe(pack(rows.format, argb[x]!));
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('ARGB8888 rows decode to a view of the pixels when aligned', () => {
    const bytes = new Uint8Array(16);
    const rows: PixelRows = { bytes, stride: 16, format: FORMATS.ARGB8888 };
    const argb = rowDecoder(FORMATS.ARGB8888)(rows, 1, 0, 2, new Uint32Array(2));
    argb[0] = 0x11223344;
    expect([...bytes.subarray(4, 8)]).toEqual([0x44, 0x33, 0x22, 0x11]);
  });
});
