import { describe, expect, it } from 'vitest';
import { crc32, deflateSync } from 'node:zlib';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { PngError, readPng, writePng } from '../../src/codecs/png.js';
import { FORMATS, paletteFormat, pack } from '../../src/raster/format.js';
import { Surface } from '../../src/draw/surface.js';
import { FbkitError } from '../../src/errors.js';

/** A PNG built by hand, so every color type and bit depth can be made (pngjs writes only some). */
function makePng(opts: {
  width: number;
  height: number;
  colorType: number;
  depth: number;
  /** Samples per row, in order, each `depth` bits. */
  samples: number[][];
  palette?: number[][];
  trns?: number[];
}): Buffer {
  const chunk = (type: string, data: Uint8Array) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'latin1');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
    return Buffer.concat([head, data, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(opts.width, 0);
  ihdr.writeUInt32BE(opts.height, 4);
  ihdr[8] = opts.depth;
  ihdr[9] = opts.colorType;
  const rows = opts.samples.map((row) => {
    const bits = row.length * opts.depth;
    const out = Buffer.alloc(1 + Math.ceil(bits / 8)); // filter byte 0 (None)
    row.forEach((v, i) => {
      if (opts.depth === 16) out.writeUInt16BE(v, 1 + i * 2);
      else if (opts.depth === 8) out[1 + i] = v;
      else {
        const bit = i * opts.depth;
        out[1 + (bit >> 3)]! |= v << (8 - opts.depth - (bit & 7));
      }
    });
    return out;
  });
  const parts = [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr)];
  if (opts.palette) parts.push(chunk('PLTE', Uint8Array.from(opts.palette.flat())));
  if (opts.trns) parts.push(chunk('tRNS', Uint8Array.from(opts.trns)));
  parts.push(chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', new Uint8Array(0)));
  return Buffer.concat(parts);
}

const pixels = (s: Surface) => Array.from({ length: s.height }, (_, y) => Array.from({ length: s.width }, (_, x) => s.getPixel(x, y)));
const gray = (v: number, a = 255) => ((a << 24) | (v * 0x010101)) >>> 0;
const argb = (a: number, r: number, g: number, b: number) => ((a << 24) | (r << 16) | (g << 8) | b) >>> 0;

describe('readPng: every color type and bit depth', () => {
  it('gray at 1, 2, 4, 8 and 16 bits scales to 0..255', () => {
    for (const depth of [1, 2, 4, 8, 16]) {
      const max = 2 ** depth - 1;
      const row = [0, max, Math.floor(max / 3), max === 1 ? 1 : 2];
      const s = readPng(makePng({ width: 4, height: 1, colorType: 0, depth, samples: [row] }));
      // The exact scale: v * 255 / max is an integer for 1, 2, 4, 8 bits; 16-bit values here are multiples of 257.
      const expected = row.map((v) => gray(Math.round((v * 255) / max)));
      expect(pixels(s)[0], `depth ${depth}`).toEqual(expected);
    }
  });

  it('gray+alpha and RGB/RGBA at 8 and 16 bits', () => {
    for (const depth of [8, 16]) {
      const k = depth === 16 ? 257 : 1;
      const ga = readPng(makePng({ width: 2, height: 1, colorType: 4, depth, samples: [[10 * k, 20 * k, 200 * k, 255 * k]] }));
      expect(pixels(ga)[0]).toEqual([gray(10, 20), gray(200, 255)]);
      const rgb = readPng(makePng({ width: 2, height: 1, colorType: 2, depth, samples: [[1 * k, 2 * k, 3 * k, 250 * k, 128 * k, 0]] }));
      expect(pixels(rgb)[0]).toEqual([argb(255, 1, 2, 3), argb(255, 250, 128, 0)]);
      const rgba = readPng(makePng({ width: 1, height: 2, colorType: 6, depth, samples: [[9 * k, 8 * k, 7 * k, 6 * k], [0, 0, 0, 0]] }));
      expect(pixels(rgba)).toEqual([[argb(6, 9, 8, 7)], [0]]);
    }
  });

  it('palette at 1, 2, 4 and 8 bits, with tRNS alpha', () => {
    const palette = [[255, 0, 0], [0, 255, 0], [0, 0, 255], [16, 32, 48]];
    for (const depth of [2, 4, 8]) {
      const s = readPng(makePng({ width: 4, height: 1, colorType: 3, depth, samples: [[3, 2, 1, 0]], palette, trns: [128, 255] }));
      expect(pixels(s)[0], `depth ${depth}`).toEqual([argb(255, 16, 32, 48), argb(255, 0, 0, 255), argb(255, 0, 255, 0), argb(128, 255, 0, 0)]);
    }
    const mono = readPng(makePng({ width: 3, height: 1, colorType: 3, depth: 1, samples: [[1, 0, 1]], palette: palette.slice(0, 2) }));
    expect(pixels(mono)[0]).toEqual([argb(255, 0, 255, 0), argb(255, 255, 0, 0), argb(255, 0, 255, 0)]);
  });

  it('reads from a path and gives an ARGB8888 surface', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fbkit-png-'));
    const path = join(dir, 'one.png');
    writeFileSync(path, makePng({ width: 1, height: 1, colorType: 2, depth: 8, samples: [[1, 2, 3]] }));
    const s = readPng(path);
    expect(s.format).toBe(FORMATS.ARGB8888);
    expect(s.getPixel(0, 0)).toBe(argb(255, 1, 2, 3));
    expect(() => readPng(join(dir, 'missing.png'))).toThrow(/ENOENT/);
  });
});

describe('writePng', () => {
  it('round-trips ARGB8888 exactly, alpha included', () => {
    const s = Surface.create(3, 2);
    const colors = [0x00000000, 0x80ff0000, 0xff00ff00, 0x7f0000ff, 0xffffffff, 0x12345678];
    colors.forEach((c, i) => s.setPixel(i % 3, Math.floor(i / 3), c));
    const back = readPng(writePng(s));
    expect(pixels(back)).toEqual(pixels(s));
  });

  it('writes any format as the colors it shows, RGB when the format has no alpha', () => {
    for (const format of [FORMATS.RGB565, FORMATS.RGB888, FORMATS.PAL8, FORMATS.MONO01, FORMATS.GRAY8, paletteFormat(2, [0xff000000, 0xff0000ff, 0xffff0000, 0xffffffff])]) {
      const s = Surface.create(4, 2, format);
      [0xff102030, 0xffffffff, 0xff0000ff, 0xff808080].forEach((c, i) => s.setPixel(i, i & 1, c));
      const png = writePng(s);
      expect(PNG.sync.read(png).colorType, format.name).toBe(2);
      expect(pixels(readPng(png)), format.name).toEqual(pixels(s));
    }
    const withAlpha = Surface.create(1, 1, FORMATS.ARGB1555);
    withAlpha.setPixel(0, 0, pack(FORMATS.ARGB8888, 0x00ff0000));
    expect(PNG.sync.read(writePng(withAlpha)).colorType).toBe(6);
    expect(PNG.sync.read(writePng(withAlpha, { alpha: false })).colorType).toBe(2);
  });
});

describe('damaged PNGs', () => {
  const good = makePng({ width: 8, height: 8, colorType: 6, depth: 8, samples: Array.from({ length: 8 }, (_, y) => Array.from({ length: 32 }, (_, i) => (i * 31 + y * 7) & 255)) });

  it('every truncation is a PngError, never a partial image or a hang', () => {
    expect(readPng(good).width).toBe(8);
    for (let len = 0; len < good.length; len++) {
      let error: unknown;
      try {
        readPng(good.subarray(0, len));
      } catch (err) {
        error = err;
      }
      expect(error, `cut at ${len}`).toBeInstanceOf(PngError);
      expect((error as FbkitError).code).toBe('EPNG');
    }
  });

  it('a flipped bit in any chunk is a PngError', () => {
    for (let at = 8; at < good.length; at += 3) {
      const bad = Buffer.from(good);
      bad[at]! ^= 0x10;
      expect(() => readPng(bad), `byte ${at}`).toThrow(PngError);
    }
  });

  it('a forged huge size is refused before decoding', () => {
    const forged = Buffer.from(good);
    forged.writeUInt32BE(100_000, 16);
    forged.writeUInt32BE(100_000, 20);
    expect(() => readPng(forged)).toThrow(/more than 134217728 pixels/);
    expect(() => readPng(Buffer.from('GIF89a not a png at all, really not one'))).toThrow(/not a PNG/);
  });
});
