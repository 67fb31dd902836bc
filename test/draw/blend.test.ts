import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { blendChannel, div255, fade, mul255, opacityToByte, over } from '../../src/draw/blend.js';
import { ArgumentError } from '../../src/errors.js';

/** Exact rational rounding, half up: round(n / d) for non-negative integers. */
function roundDiv(n: number, d: number): number {
  return Math.floor((2 * n + d) / (2 * d));
}

const argb = (a: number, r: number, g: number, b: number) => ((a << 24) | (r << 16) | (g << 8) | b) >>> 0;

describe('div255 / mul255', () => {
  it('equals exact round(v * a / 255) for all 65,536 (value, alpha) pairs', () => {
    let bad = 0;
    for (let v = 0; v < 256; v++) {
      for (let a = 0; a < 256; a++) {
        if (mul255(v, a) !== roundDiv(v * a, 255)) bad++;
      }
    }
    expect(bad).toBe(0);
  });

  it('equals exact round(x / 255) for every x in 0..255*255', () => {
    let bad = 0;
    for (let x = 0; x <= 255 * 255; x++) if (div255(x) !== roundDiv(x, 255)) bad++;
    expect(bad).toBe(0);
  });
});

describe('over an opaque destination', () => {
  it('each channel is exact round((s*a + d*(255-a)) / 255) for all 16.7M (s, d, a)', () => {
    let bad = 0;
    for (let a = 0; a < 256; a++) {
      for (let s = 0; s < 256; s++) {
        for (let d = 0; d < 256; d++) {
          if (blendChannel(s, d, a) !== roundDiv(s * a + d * (255 - a), 255)) bad++;
        }
      }
    }
    expect(bad).toBe(0);
  });

  it('over() applies the same formula per channel and gives alpha 255', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 0xffffff }), (src, d) => {
        const dst = (0xff000000 | d) >>> 0;
        const sa = src >>> 24;
        const out = over(src, dst);
        expect(out >>> 24).toBe(255);
        for (const shift of [16, 8, 0]) {
          const s = (src >>> shift) & 255,
            dc = (dst >>> shift) & 255;
          expect((out >>> shift) & 255).toBe(roundDiv(s * sa + dc * (255 - sa), 255));
        }
      }),
      { numRuns: 20_000 },
    );
  });

  it('opaque source replaces, transparent source keeps the destination', () => {
    expect(over(argb(255, 1, 2, 3), argb(255, 200, 100, 50))).toBe(argb(255, 1, 2, 3));
    expect(over(argb(0, 1, 2, 3), argb(255, 200, 100, 50))).toBe(argb(255, 200, 100, 50));
    expect(over(argb(128, 255, 0, 0), argb(255, 0, 0, 255))).toBe(argb(255, 128, 0, 127));
  });
});

describe('over a destination with alpha', () => {
  it('alpha = sa + round(da*(255-sa)/255), colors = round weighted mean', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 0xffffffff }), (src, dst) => {
        const sa = src >>> 24,
          da = dst >>> 24;
        const out = over(src, dst);
        if (sa === 255 || sa === 0) {
          expect(out).toBe(sa === 255 ? src : dst);
          return;
        }
        const dw = roundDiv(da * (255 - sa), 255);
        const oa = sa + dw;
        expect(out >>> 24).toBe(oa);
        for (const shift of [16, 8, 0]) {
          const s = (src >>> shift) & 255,
            d = (dst >>> shift) & 255;
          expect((out >>> shift) & 255).toBe(oa === 0 ? 0 : roundDiv(s * sa + d * dw, oa));
        }
      }),
      { numRuns: 20_000 },
    );
  });

  it('over a fully transparent destination gives the source', () => {
    expect(over(argb(77, 10, 20, 30), argb(0, 200, 200, 200))).toBe(argb(77, 10, 20, 30));
  });
});

describe('opacity', () => {
  it('maps 0..1 to 0..255 and rejects anything else', () => {
    expect(opacityToByte(undefined)).toBe(255);
    expect(opacityToByte(0)).toBe(0);
    expect(opacityToByte(0.5)).toBe(128);
    expect(opacityToByte(1)).toBe(255);
    expect(() => opacityToByte(1.5)).toThrow(ArgumentError);
    expect(() => opacityToByte(-0.1)).toThrow(/0\.\.1/);
    expect(() => opacityToByte(Number.NaN)).toThrow(ArgumentError);
  });

  it('fade scales alpha with the same rounding and keeps the color', () => {
    expect(fade(argb(255, 1, 2, 3), 128)).toBe(argb(128, 1, 2, 3));
    expect(fade(argb(100, 1, 2, 3), 255)).toBe(argb(100, 1, 2, 3));
    expect(fade(argb(100, 1, 2, 3), 51)).toBe(argb(20, 1, 2, 3));
  });
});
