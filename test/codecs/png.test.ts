import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG, type ColorType } from 'pngjs';
import { PngError, readPng, writePng } from '../../src/codecs/png.js';
import { FORMATS, paletteFormat, pack } from '../../src/raster/format.js';
import { Surface } from '../../src/draw/surface.js';
import { ArgumentError, type FbkitError } from '../../src/errors.js';
import { deflateRawSync, deflateSync } from 'node:zlib';
import { chunk, ihdr, makePng, png, scanlines, zerosZlib, type PngSpec } from './png-builder.js';

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
      const rgba = readPng(
        makePng({
          width: 1,
          height: 2,
          colorType: 6,
          depth,
          samples: [
            [9 * k, 8 * k, 7 * k, 6 * k],
            [0, 0, 0, 0],
          ],
        }),
      );
      expect(pixels(rgba)).toEqual([[argb(6, 9, 8, 7)], [0]]);
    }
  });

  it('palette at 1, 2, 4 and 8 bits, with tRNS alpha', () => {
    const palette = [
      [255, 0, 0],
      [0, 255, 0],
      [0, 0, 255],
      [16, 32, 48],
    ];
    for (const depth of [2, 4, 8]) {
      const s = readPng(makePng({ width: 4, height: 1, colorType: 3, depth, samples: [[3, 2, 1, 0]], palette, trns: [128, 255] }));
      expect(pixels(s)[0], `depth ${depth}`).toEqual([
        argb(255, 16, 32, 48),
        argb(255, 0, 0, 255),
        argb(255, 0, 255, 0),
        argb(128, 255, 0, 0),
      ]);
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

/** A small deterministic generator (xorshift32), so failures reproduce. */
function random(seed: number): (n: number) => number {
  let x = seed >>> 0 || 1;
  return (n) => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x % n;
  };
}

/** What pngjs (the decoder fbkit used before its own) makes of a PNG, as ARGB rows. */
function viaPngjs(bytes: Buffer): number[][] {
  const { width, height, data } = PNG.sync.read(bytes);
  return Array.from({ length: height }, (_, y) =>
    Array.from({ length: width }, (_, x) => {
      const p = (y * width + x) * 4;
      return argb(data[p + 3]!, data[p]!, data[p + 1]!, data[p + 2]!);
    }),
  );
}

const COLOR_TYPES: Array<[colorType: number, channels: number, depths: number[]]> = [
  [0, 1, [1, 2, 4, 8, 16]],
  [2, 3, [8, 16]],
  [3, 1, [1, 2, 4, 8]],
  [4, 2, [8, 16]],
  [6, 4, [8, 16]],
];

/** A random image of the given kind, with a palette and tRNS where they apply. */
function randomSpec(
  next: (n: number) => number,
  width: number,
  height: number,
  colorType: number,
  channels: number,
  depth: number,
): PngSpec {
  const max = 2 ** depth;
  const entries = colorType === 3 ? 1 + next(max) : 0;
  const samples = Array.from({ length: height }, () =>
    Array.from({ length: width * channels }, () => next(colorType === 3 ? entries : max)),
  );
  const spec: PngSpec = { width, height, colorType, depth, samples };
  if (colorType === 3) {
    spec.palette = Array.from({ length: entries }, () => [next(256), next(256), next(256)]);
    spec.trns = Array.from({ length: next(entries + 1) }, () => next(256));
  } else if (colorType === 0 && next(2)) {
    const key = samples[0]![0]!; // a color that occurs, so the key is tried
    spec.trns = [key >> 8, key & 255];
  } else if (colorType === 2 && next(2)) {
    spec.trns = samples[0]!.slice(0, 3).flatMap((v) => [v >> 8, v & 255]);
  }
  return spec;
}

describe('readPng decodes like pngjs did', () => {
  it('every color type, bit depth and size, interlaced or not', () => {
    const next = random(11);
    const sizes = [
      [1, 1],
      [1, 9],
      [9, 1],
      [2, 3],
      [5, 5],
      [8, 8],
      [9, 7],
      [13, 17],
      [33, 3],
    ];
    for (const [colorType, channels, depths] of COLOR_TYPES) {
      for (const depth of depths) {
        for (const [width, height] of sizes) {
          const spec = randomSpec(next, width!, height!, colorType, channels, depth);
          const what = `type ${colorType}, ${depth} bits, ${width}x${height}`;
          const flat = makePng(spec);
          const interlaced = makePng({ ...spec, interlace: true });
          expect(pixels(readPng(flat)), what).toEqual(viaPngjs(flat));
          expect(pixels(readPng(interlaced)), `${what} interlaced`).toEqual(pixels(readPng(flat)));
        }
      }
    }
  });

  it('every filter type, at 8 and 16 bits', () => {
    const next = random(5);
    for (const [colorType, channels] of [
      [0, 1],
      [2, 3],
      [4, 2],
      [6, 4],
    ] as Array<[ColorType, number]>) {
      for (const bitDepth of [8, 16] as const) {
        for (const filterType of [0, 1, 2, 3, 4]) {
          const image = new PNG({ width: 13, height: 7 });
          image.data = Buffer.from(Array.from({ length: 13 * 7 * channels * (bitDepth / 8) }, () => next(256)));
          const options = { bitDepth, colorType, inputColorType: colorType, inputHasAlpha: colorType >= 4, filterType };
          const bytes = PNG.sync.write(image, options);
          expect(pixels(readPng(bytes)), `type ${colorType}, ${bitDepth} bits, filter ${filterType}`).toEqual(viaPngjs(bytes));
        }
      }
    }
  });

  it('image data split over many IDAT chunks, ancillary chunks skipped', () => {
    const spec = randomSpec(random(3), 7, 5, 6, 4, 8);
    const data = deflateSync(scanlines(spec));
    const split = [1, 2, 5, data.length].map((end, i, ends) => chunk('IDAT', data.subarray(i ? ends[i - 1] : 0, end)));
    const bytes = png(ihdr(7, 5, 8, 6), chunk('tEXt', Buffer.from('Comment\0hello')), ...split, chunk('IEND'));
    expect(pixels(readPng(bytes))).toEqual(pixels(readPng(makePng(spec))));
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
    for (const format of [
      FORMATS.RGB565,
      FORMATS.RGB888,
      FORMATS.PAL8,
      FORMATS.MONO01,
      FORMATS.GRAY8,
      paletteFormat(2, [0xff000000, 0xff0000ff, 0xffff0000, 0xffffffff]),
    ]) {
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

  it('refuses an empty surface: PNG has no 0-pixel images, so readPng could not read it back', () => {
    for (const [w, h] of [
      [0, 0],
      [0, 3],
      [3, 0],
    ]) {
      expect(() => writePng(Surface.create(w!, h!)), `${w}x${h}`).toThrow(ArgumentError);
      expect(() => writePng(Surface.create(w!, h!))).toThrow(/0 pixels/);
    }
  });
});

describe('damaged PNGs', () => {
  const good = makePng({
    width: 8,
    height: 8,
    colorType: 6,
    depth: 8,
    samples: Array.from({ length: 8 }, (_, y) => Array.from({ length: 32 }, (_, i) => (i * 31 + y * 7) & 255)),
  });

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

  it('a file that is not a PNG, or a header PNG does not allow', () => {
    expect(() => readPng(Buffer.from('GIF89a not a png at all, really not one'))).toThrow(/not a PNG/);
    const headers: Array<[Buffer, RegExp]> = [
      [ihdr(0, 4, 8, 0), /0x4 pixels/],
      [ihdr(4, 2 ** 31, 8, 0), /4x2147483648 pixels/],
      [ihdr(4, 4, 4, 2), /bit depth 4 with color type 2/],
      [ihdr(4, 4, 16, 3), /bit depth 16 with color type 3/],
      [ihdr(4, 4, 8, 5), /color type 5/],
      [ihdr(4, 4, 8, 0, 2), /interlace method 2/],
    ];
    for (const [header, message] of headers) expect(() => readPng(png(header, chunk('IEND')))).toThrow(message);
  });
});

describe('image data that does not match the header', () => {
  /** 8x32 gray, all zero: leftover zero bytes would pass as filter type 0 rows. */
  const spec: PngSpec = { width: 8, height: 32, colorType: 0, depth: 8, samples: Array.from({ length: 32 }, () => Array(8).fill(0)) };
  const rows = scanlines(spec);
  const withData = (idat: Uint8Array, extra: Partial<PngSpec> = {}) => makePng({ ...spec, ...extra, idat });

  it('data that ends early names the row where it ends', () => {
    expect(() => readPng(withData(deflateSync(rows.subarray(0, 16 * 9))))).toThrow(/image data ends after row 16 of 32/);
    expect(() => readPng(withData(deflateSync(rows.subarray(0, 16 * 9 + 4))))).toThrow(/image data ends after row 16 of 32/);
    const interlaced = scanlines({ ...spec, interlace: true });
    expect(() => readPng(withData(deflateSync(interlaced.subarray(0, 100)), { interlace: true }))).toThrow(
      /image data ends in interlace pass 6 of 7/,
    );
  });

  it('empty, missing, not zlib, or a zlib stream that never ends', () => {
    expect(() => readPng(withData(new Uint8Array(0)))).toThrow(/image data is empty/);
    expect(() => readPng(withData(deflateSync(new Uint8Array(0))))).toThrow(/image data is empty/);
    expect(() => readPng(png(ihdr(8, 32, 8, 0), chunk('IEND')))).toThrow(/no image data \(no IDAT chunk\)/);
    expect(() => readPng(withData(rows))).toThrow(/image data is not zlib data \(unknown compression method\)/);
    expect(() => readPng(withData(deflateRawSync(rows)))).toThrow(/image data is not zlib data \(incorrect header check\)/);
    const whole = deflateSync(rows);
    expect(() => readPng(withData(whole.subarray(0, whole.length - 4)))).toThrow(/zlib stream is cut short after the last row/);
    const corrupt = Buffer.from(whole);
    corrupt.writeUInt32BE(corrupt.readUInt32BE(corrupt.length - 4) ^ 1, corrupt.length - 4);
    expect(() => readPng(withData(corrupt))).toThrow(/image data is not zlib data \(incorrect data check\)/);
  });

  it('more data than the header implies is refused without inflating it all', () => {
    const extraRow = Buffer.concat([rows, rows.subarray(0, 9)]);
    expect(() => readPng(withData(deflateSync(extraRow)))).toThrow(/more image data than 8x32 needs \(288 bytes\)/);
    // 1 GiB of zeros behind an 8x32 header: refused after inflating 289 bytes of it.
    expect(() => readPng(withData(zerosZlib(2 ** 30), { interlace: true }))).toThrow(/more image data than 8x32 needs \(\d+ bytes\)/);
  });

  it('filter types and palette entries that do not exist', () => {
    const badFilter = Buffer.from(rows);
    badFilter[5 * 9] = 5;
    expect(() => readPng(withData(deflateSync(badFilter)))).toThrow(/row 5 has filter type 5, which PNG does not define/);
    const palette = {
      ...spec,
      colorType: 3,
      palette: [
        [1, 2, 3],
        [4, 5, 6],
      ],
    };
    const index2 = makePng({ ...palette, samples: spec.samples.map((row, y) => (y === 3 ? row.map((_, x) => (x === 7 ? 2 : 0)) : row)) });
    expect(() => readPng(index2)).toThrow(/a pixel uses palette entry 2, but the palette has 2 entries/);
  });
});

describe('chunk order and sizes', () => {
  const spec: PngSpec = {
    width: 2,
    height: 2,
    colorType: 3,
    depth: 8,
    samples: [
      [0, 1],
      [1, 0],
    ],
  };
  const head = ihdr(2, 2, 8, 3);
  const plte = chunk('PLTE', Uint8Array.from([1, 2, 3, 4, 5, 6]));
  const trns = chunk('tRNS', Uint8Array.from([0]));
  const data = deflateSync(scanlines(spec));
  const idat = chunk('IDAT', data);
  const iend = chunk('IEND');

  it('a well-ordered file reads', () => {
    expect(pixels(readPng(png(head, plte, trns, idat, iend)))).toEqual([
      [argb(0, 1, 2, 3), argb(255, 4, 5, 6)],
      [argb(255, 4, 5, 6), argb(0, 1, 2, 3)],
    ]);
  });

  it.each([
    ['no IEND', [head, plte, idat], /ends after its IDAT chunk without an IEND chunk/],
    ['bytes after IEND', [head, plte, idat, iend, Buffer.from([0])], /1 byte after its IEND chunk/],
    ['a second IHDR', [head, plte, head, idat, iend], /second IHDR chunk/],
    ['no PLTE for a palette image', [head, idat, iend], /palette image without a PLTE chunk/],
    ['two PLTE chunks', [head, plte, plte, idat, iend], /second PLTE chunk/],
    ['PLTE after IDAT', [head, idat, plte, iend], /PLTE chunk after the image data/],
    ['tRNS after IDAT', [head, plte, idat, trns, iend], /tRNS chunk after the image data/],
    ['tRNS before PLTE', [head, trns, plte, idat, iend], /tRNS chunk before the PLTE chunk/],
    [
      'more tRNS entries than colors',
      [head, plte, chunk('tRNS', Uint8Array.from([1, 2, 3])), idat, iend],
      /tRNS chunk has 3 entries for 2 palette colors/,
    ],
    ['a PLTE of 4 bytes', [head, chunk('PLTE', Uint8Array.from([1, 2, 3, 4])), idat, iend], /PLTE chunk has 4 bytes/],
    [
      'IDAT chunks with another chunk between',
      [head, plte, chunk('IDAT', data.subarray(0, 3)), chunk('tEXt', Buffer.from('a\0b')), chunk('IDAT', data.subarray(3)), iend],
      /IDAT chunks are not consecutive/,
    ],
    ['an unknown critical chunk', [head, plte, chunk('ABCD', Uint8Array.from([1])), idat, iend], /critical chunk ABCD/],
    ['a chunk type that is not letters', [head, plte, chunk('a b1'), idat, iend], /chunk type/],
    ['a chunk that claims 2 GiB', [head, plte, Buffer.from([0x80, 0, 0, 0, 0x74, 0x45, 0x58, 0x74]), idat, iend], /2147483648 bytes/],
  ])('refuses %s', (_, chunks, message) => {
    expect(() => readPng(png(...(chunks as Buffer[])))).toThrow(message as RegExp);
  });

  it('a chunk with a wrong CRC is named', () => {
    const bad = png(head, plte, idat, iend);
    bad[bad.length - 12 - 1]! ^= 1; // the last byte of IDAT's CRC
    expect(() => readPng(bad)).toThrow(/IDAT chunk at byte \d+ fails its CRC check/);
  });
});

describe('memory limit', () => {
  const spec: PngSpec = { width: 64, height: 64, colorType: 6, depth: 8, samples: Array.from({ length: 64 }, () => Array(256).fill(9)) };
  // 64 rows of 1 + 256 bytes inflated, plus the 64x64 ARGB surface.
  const need = 64 * 257 + 64 * 64 * 4;

  it('counts the inflated rows and the surface; the caller may set it', () => {
    expect(readPng(makePng(spec), { maxBytes: need }).width).toBe(64);
    expect(() => readPng(makePng(spec), { maxBytes: need - 1 })).toThrow(
      new RegExp(`64x64 RGBA at 8 bits and needs ${need} bytes to decode, more than the limit of ${need - 1} bytes`),
    );
    for (const bad of [0, -1, 1.5, Number.NaN, Infinity]) expect(() => readPng(makePng(spec), { maxBytes: bad })).toThrow(ArgumentError);
  });

  it('the default (256 MiB) refuses a forged huge size from the header alone', () => {
    const forged = png(ihdr(100_000, 100_000, 8, 6), chunk('IDAT', deflateSync(new Uint8Array(1))), chunk('IEND'));
    const error = (() => {
      try {
        readPng(forged);
      } catch (err) {
        return err as FbkitError;
      }
    })();
    expect(error).toBeInstanceOf(PngError);
    expect(error?.message).toMatch(/100000x100000 RGBA at 8 bits and needs 74\.5 GiB to decode, more than the limit of 256\.0 MiB/);
    expect(error?.hint).toMatch(/maxBytes/);
  });
});
