import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FORMATS, pack } from '../../src/raster/format.js';
import { drawText, measureText } from '../../src/draw/text.js';
import { builtinFont } from '../../src/draw/font-builtin.js';
import { createFont, glyphIndex, type Font } from '../../src/draw/font.js';
import { Surface } from '../../src/draw/surface.js';
import { ArgumentError } from '../../src/errors.js';
import { insideClip, refWrite, surfaceOver, type RefSurface } from '../reference/blit-reference.js';
import { FORMATS_UNDER_TEST } from '../support/formats.js';

const RUNS = Number(process.env.FBKIT_PROPERTY_RUNS ?? 500);

/** A 10-pixel-wide font (two bytes per row) whose glyph g has pixel (x, y) set when (x + y + g) % 3 == 0. */
function wideFont(): Font {
  const width = 10,
    height = 5,
    count = 4;
  const glyphs = new Uint8Array(count * height * 2);
  for (let g = 0; g < count; g++) {
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) if ((x + y + g) % 3 === 0) glyphs[(g * height + y) * 2 + (x >> 3)]! |= 0x80 >> (x & 7);
    }
  }
  return createFont({
    name: 'wide',
    width,
    height,
    glyphCount: count,
    glyphs,
    map: new Map([
      [0x61, 0],
      [0x62, 1],
      [0x63, 2],
      [0x3f, 3],
    ]),
  });
}

/**
 * Per pixel, straight from the definition: cell of the k-th code point, tab stops,
 * newlines; at scale k, font pixel (x, y) covers the k x k block at (k*x, k*y) of its cell.
 */
function refText(
  dst: RefSurface,
  text: string,
  at: { x: number; y: number },
  font: Font,
  color: number,
  background?: number,
  scale = 1,
): void {
  let line = 0,
    col = 0;
  for (const ch of text) {
    if (ch === '\n') {
      line++;
      col = 0;
      continue;
    }
    if (ch === '\t') {
      col = col - (col % 8) + 8;
      continue;
    }
    if (ch === '\r') continue;
    const g = glyphIndex(font, ch.codePointAt(0)!);
    for (let y = 0; y < font.height * scale; y++) {
      for (let x = 0; x < font.width * scale; x++) {
        const px = at.x + col * font.width * scale + x,
          py = at.y + line * font.height * scale + y;
        if (!insideClip(dst, px, py)) continue;
        const fx = Math.floor(x / scale),
          fy = Math.floor(y / scale);
        const on = (font.glyphs[(g * font.height + fy) * font.bytesPerRow + (fx >> 3)]! >> (7 - (fx & 7))) & 1;
        if (on) refWrite(dst, px, py, pack(dst.format, color));
        else if (background !== undefined) refWrite(dst, px, py, pack(dst.format, background));
      }
    }
    col++;
  }
}

/** How far the random cases reach: surface size, clip and position ranges, text length, scales. */
interface CaseRanges {
  width: number;
  height: number;
  clip: { x: number; y: number };
  at: { x: [number, number]; y: [number, number] };
  chars: number;
  scale: fc.Arbitrary<number | undefined>;
}

/** drawText on a random surface equals refText on a copy of it, byte for byte (padding included). */
function matchesReference(r: CaseRanges): void {
  const fonts = [builtinFont, wideFont()];
  fc.assert(
    fc.property(
      fc.record({
        format: fc.constantFrom(...FORMATS_UNDER_TEST),
        width: fc.integer({ min: 1, max: r.width }),
        height: fc.integer({ min: 1, max: r.height }),
        pad: fc.integer({ min: 0, max: 5 }),
        clip: fc.record({
          x: fc.integer({ min: -5, max: r.clip.x }),
          y: fc.integer({ min: -5, max: r.clip.y }),
          w: fc.nat(r.width),
          h: fc.nat(r.height),
        }),
        font: fc.constantFrom(...fonts),
        scale: r.scale,
        text: fc.stringMatching(new RegExp(`^[a-c?A-Z \\t\\n\\r\\u00e9\\u{1F600}]{0,${r.chars}}$`, 'u')),
        at: fc.record({ x: fc.integer({ min: r.at.x[0], max: r.at.x[1] }), y: fc.integer({ min: r.at.y[0], max: r.at.y[1] }) }),
        color: fc.integer({ min: 0, max: 0xffffffff }),
        background: fc.option(fc.integer({ min: 0, max: 0xffffffff }), { nil: undefined }),
        seed: fc.integer(),
      }),
      (c) => {
        const stride = Math.ceil((c.width * c.format.bpp) / 8) + c.pad;
        const bytes = new Uint8Array(stride * c.height).map((_, i) => (i * 37 + c.seed) & 255);
        const fast: RefSurface = { format: c.format, width: c.width, height: c.height, stride, bytes, clip: c.clip };
        const slow: RefSurface = { ...fast, bytes: Uint8Array.from(bytes) };
        drawText(surfaceOver(fast), c.text, c.at, { font: c.font, color: c.color, background: c.background, scale: c.scale });
        refText(slow, c.text, c.at, c.font, c.color, c.background, c.scale);
        expect(Buffer.from(fast.bytes).equals(Buffer.from(slow.bytes))).toBe(true);
      },
    ),
    { numRuns: RUNS },
  );
}

describe('drawText against the per-pixel reference', () => {
  it('same bytes for random text, fonts, formats, clips and positions', () => {
    matchesReference({
      width: 90,
      height: 30,
      clip: { x: 30, y: 20 },
      at: { x: [-15, 35], y: [-15, 20] },
      chars: 12,
      scale: fc.constantFrom(undefined, 1),
    });
  });
});

describe('drawText at scale > 1 against the per-pixel reference', () => {
  it('same bytes for random scales, text, fonts, formats, clips and positions', () => {
    matchesReference({
      width: 120,
      height: 60,
      clip: { x: 40, y: 30 },
      at: { x: [-40, 60], y: [-40, 40] },
      chars: 8,
      scale: fc.integer({ min: 2, max: 5 }),
    });
  });

  it('equals drawing at scale 1 and enlarging that with nearest-neighbour scaling', () => {
    const text = 'Ag?\tb\nxy';
    const k = 3;
    const small = Surface.create(measureText(text).width, measureText(text).height);
    drawText(small, text, { x: 0, y: 0 }, { color: 0xff30c0f0 });
    const enlarged = Surface.create(80, 70, FORMATS.RGB565);
    enlarged.clear(0xff102030);
    const direct = Surface.create(80, 70, FORMATS.RGB565);
    direct.clear(0xff102030);
    enlarged.blitScaled(small, { x: 5, y: -4, w: small.width * k, h: small.height * k }, { filter: 'nearest', op: 'over' });
    drawText(direct, text, { x: 5, y: -4 }, { color: 0xff30c0f0, scale: k });
    expect(Buffer.from(direct.bytes).equals(Buffer.from(enlarged.bytes))).toBe(true);
    expect(direct.getPixel(5 + 1, -4 + 3 * k + 1)).not.toBe(direct.getPixel(0, 0)); // inside the block of the A's left leg
  });

  it('rejects scales that are not whole numbers >= 1', () => {
    const s = Surface.create(4, 4);
    for (const scale of [0, -1, 1.5, NaN]) {
      expect(() => drawText(s, 'a', { x: 0, y: 0 }, { color: 1, scale })).toThrow(/whole number/);
      expect(() => measureText('a', builtinFont, scale)).toThrow(ArgumentError);
    }
  });
});

describe('drawText specifics', () => {
  it('draws the built-in "A" where its art says, and nothing else without a background', () => {
    const s = Surface.create(8, 12);
    s.clear(0xff000000);
    drawText(s, 'A', { x: 1, y: 1 }, { color: 0xffffffff });
    const rows = Array.from({ length: 12 }, (_, y) =>
      Array.from({ length: 8 }, (_, x) => (s.getPixel(x, y) === 0xffffffff ? '#' : '.')).join(''),
    );
    expect(rows).toEqual([
      '........',
      '........',
      '..###...',
      '.#...#..',
      '.#...#..',
      '.#####..',
      '.#...#..',
      '.#...#..',
      '.#...#..',
      '........',
      '........',
      '........',
    ]);
  });

  it('missing code points draw the fallback glyph (a box in the built-in font)', () => {
    const a = Surface.create(6, 10),
      b = Surface.create(6, 10);
    drawText(a, '\u4e2d', { x: 0, y: 0 }, { color: 0xffffffff });
    drawText(b, '\ufffd', { x: 0, y: 0 }, { color: 0xffffffff });
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
    expect(a.getPixel(0, 1)).toBe(0xffffffff);
  });

  it('rejects a missing color and fractional positions', () => {
    const s = Surface.create(4, 4);
    expect(() => drawText(s, 'a', { x: 0, y: 0 }, {} as { color: number })).toThrow(ArgumentError);
    expect(() => drawText(s, 'a', { x: 0.5, y: 0 }, { color: 1 })).toThrow(/integer/);
  });
});

describe('measureText', () => {
  it('counts cells per line, tab stops and lines', () => {
    expect(measureText('')).toEqual({ width: 0, height: 10 });
    expect(measureText('abc')).toEqual({ width: 18, height: 10 });
    expect(measureText('ab\nabcd\n')).toEqual({ width: 24, height: 30 });
    expect(measureText('a\tb')).toEqual({ width: 9 * 6, height: 10 });
    expect(measureText('\u{1F600}x\r', wideFont())).toEqual({ width: 20, height: 5 });
    expect(measureText('ab\nabcd\n', builtinFont, 3)).toEqual({ width: 72, height: 90 });
  });
});
