/**
 * draw/autohint (vertical grid fitting) on DejaVu Sans: the blue zones FreeType finds for
 * it (its autohinter's trace gives the same heights), and properties of every fitted
 * outline: x never moves, flat tops and bottoms in active zones land on whole pixels,
 * stems keep their width, a dot stays a pixel clear of its stem. How close the result
 * comes to Skia's text is test/draw/skia-agreement's business.
 */
import { describe, expect, it } from 'vitest';
import { faceMetrics, hintGlyph, type HintMetrics } from '../../src/draw/autohint.js';
import { loadFont } from '../../src/text/load-font.js';

const face = loadFont('/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf');
const bold = loadFont('/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf');
const glyph = (f: typeof face, ch: string) => f.glyphIndex(ch.codePointAt(0)!);
const ys = (f: typeof face, ch: string, size: number) => hintGlyph(f, glyph(f, ch), size).flatMap((c) => c.ys);

describe('light autohinting', () => {
  it('finds the blue zones of DejaVu Sans (flat and overshoot heights, font units)', () => {
    const m: HintMetrics = faceMetrics(face);
    const zones = m.zones.map((z) => [z.top, z.ref, z.shoot]);
    expect(zones).toEqual([
      [true, 1493, 1520], // cap height, round letters overshoot
      [false, 0, -29], // capitals' baseline
      [true, 1556, 1556], // ascender
      [true, 1120, 1147], // x-height
      [false, 0, -29], // lowercase baseline
      [false, -426, -426], // descender
    ]);
    expect(m.widths).toEqual([156]); // the bars of 'o'
  });

  it('never moves a point sideways', () => {
    for (const size of [9, 12, 16, 23, 40]) {
      for (let cp = 0x21; cp < 0x7f; cp++) {
        const g = face.glyphIndex(cp);
        const plain = face.outline(g).contours();
        const fitted = hintGlyph(face, g, size);
        const k = size / face.unitsPerEm;
        expect(fitted.map((c) => c.xs.length)).toEqual(plain.map((c) => c.xs.length));
        fitted.forEach((c, i) => c.xs.forEach((x, j) => expect(Math.abs(x - plain[i]!.xs[j]! * k)).toBeLessThanOrEqual(1 / 128)));
      }
    }
  });

  it('puts flat tops and bottoms in active zones on whole pixels', () => {
    for (const size of [10, 12, 14, 16, 20, 24, 30]) {
      for (const [ch, top] of [
        ['x', 1120],
        ['z', 1120],
        ['H', 1493],
        ['E', 1493],
        ['l', 1556],
        ['d', 1556],
      ] as const) {
        const y = ys(face, ch, size);
        const max = Math.max(...y),
          min = Math.min(...y);
        expect(Number.isInteger(max), `${ch} top at ${size} px: ${max}`).toBe(true);
        expect(min, `${ch} bottom at ${size} px`).toBe(0);
        // The zone moves by less than a pixel from where plain scaling would put it (x-height: up to 3/8 px more).
        expect(Math.abs(max - (top * size) / face.unitsPerEm)).toBeLessThan(1);
      }
    }
  });

  it('keeps the width of horizontal stems (only their position is fitted)', () => {
    for (const size of [11, 16, 24, 33]) {
      // E's three bars are 170 units thick; the vertical scale may be stretched by up to 2 px per em.
      const y = [...new Set(ys(face, 'E', size))].sort((a, b) => a - b);
      const bars = [y[1]! - y[0]!, y[3]! - y[2]!, y[5]! - y[4]!];
      for (const bar of bars) expect(Math.abs(bar - (170 * size) / face.unitsPerEm)).toBeLessThan((2 * 170) / face.unitsPerEm + 1 / 32);
    }
  });

  it("keeps i's dot a pixel clear of its stem", () => {
    for (const f of [face, bold]) {
      for (const size of [10, 12, 14, 16, 18, 20]) {
        const [dot, stem] = hintGlyph(f, glyph(f, 'i'), size)
          .map((c) => c.ys)
          .sort((a, b) => Math.max(...b) - Math.max(...a));
        const gap = Math.min(...dot!) - Math.max(...stem!);
        expect(gap, `${f.name} at ${size} px`).toBeGreaterThanOrEqual(1 - 1 / 64);
      }
    }
  });
});
