/**
 * Antialiased drawing on surfaces of every format under test: the painted value of each
 * pixel is the documented composite (source-over by color alpha × coverage, or the
 * half-coverage threshold on indexed formats) of what the rasterizer reports; nothing
 * outside the clip changes (guard bytes before and after the buffer, row padding,
 * pixels outside the clip rectangle).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { div255, over } from '../../src/draw/blend.js';
import { rasterize } from '../../src/draw/coverage.js';
import { Path } from '../../src/draw/path.js';
import { Surface } from '../../src/draw/surface.js';
import { pack, rowBytes, unpack, type PixelFormat } from '../../src/raster/format.js';
import type { Rect } from '../../src/raster/geometry.js';
import { FORMATS_UNDER_TEST } from '../support/formats.js';

const GUARD = 16;
const indexed = (f: PixelFormat) => f.bpp < 8 || ['pseudocolor', 'static_pseudocolor', 'mono01', 'mono10'].includes(f.visual);

/** A surface inside a larger buffer with guard bytes and a padded, possibly odd stride. */
function guarded(format: PixelFormat, w: number, h: number, pad: number, seed: number) {
  const stride = rowBytes(format, w) + pad;
  const all = new Uint8Array(GUARD + stride * h + GUARD);
  for (let i = 0; i < all.length; i++) all[i] = (i * 131 + seed) & 255;
  const s = new Surface({ width: w, height: h, format, stride, bytes: all.subarray(GUARD, GUARD + stride * h) });
  return { s, all, stride };
}

/** Coverage per pixel as the rasterizer reports it for `path` inside `clip`. */
function coverageOf(path: Path, clip: Rect, w: number, h: number, rule: 'nonzero' | 'evenodd'): Uint8Array {
  const cov = new Uint8Array(w * h);
  rasterize(path.flatten(), clip, rule, {
    solid: (y, x, n, c) => cov.fill(c, y * w + x, y * w + x + n),
    mask: (y, x, n, m, from) => cov.set(m.subarray(from, from + n), y * w + x),
  });
  return cov;
}

const coord = fc.double({ min: -20, max: 60, noNaN: true, noDefaultInfinity: true });

describe('antialiased fills in every format', () => {
  for (const format of FORMATS_UNDER_TEST) {
    it(`${format.name}${format.bitOrder === 'lsb-first' ? ' lsb' : ''}: composite per pixel, nothing outside the clip`, () => {
      fc.assert(
        fc.property(
          fc.array(fc.tuple(coord, coord), { minLength: 3, maxLength: 7 }),
          fc.integer({ min: 0, max: 0xffffffff }),
          fc.record({
            x: fc.integer({ min: 0, max: 20 }),
            y: fc.integer({ min: 0, max: 16 }),
            w: fc.integer({ min: 0, max: 24 }),
            h: fc.integer({ min: 0, max: 20 }),
          }),
          fc.integer({ min: 0, max: 5 }),
          fc.constantFrom('nonzero' as const, 'evenodd' as const),
          (pts, color, clip, pad, rule) => {
            const W = 40,
              H = 36;
            const { s, all, stride } = guarded(format, W, H, pad, color & 0xff);
            s.setClip(clip);
            const before = all.slice();
            const pixelsBefore = Array.from({ length: W * H }, (_, i) => s.getPixel(i % W, (i / W) | 0));
            const path = new Path().polygon(pts.map(([x, y]) => ({ x, y })));
            s.fillPath(path, color, { rule });
            const c = s.clip;
            const cov = coverageOf(path, c, W, H, rule);
            // Guards and row padding: the bytes outside the surface's rows never change.
            expect(all.subarray(0, GUARD)).toEqual(before.subarray(0, GUARD));
            expect(all.subarray(GUARD + stride * H)).toEqual(before.subarray(GUARD + stride * H));
            for (let y = 0; y < H; y++) {
              const rowEnd = GUARD + y * stride + rowBytes(format, W);
              expect(all.subarray(rowEnd, GUARD + (y + 1) * stride)).toEqual(before.subarray(rowEnd, GUARD + (y + 1) * stride));
            }
            for (let y = 0; y < H; y++) {
              for (let x = 0; x < W; x++) {
                const inClip = x >= c.x && x < c.x + c.w && y >= c.y && y < c.y + c.h;
                const was = pixelsBefore[y * W + x]!;
                const k = cov[y * W + x]!;
                let want: number;
                if (!inClip || k === 0) want = was;
                else if (indexed(format)) want = k >= 128 ? unpack(format, pack(format, color)) : was;
                else {
                  const a = div255((color >>> 24) * k);
                  want = a === 0 ? was : unpack(format, pack(format, over(((a << 24) | (color & 0xffffff)) >>> 0, was)));
                }
                const got = s.getPixel(x, y);
                if (got !== want)
                  throw new Error(
                    `(${x}, ${y}) coverage ${k}: 0x${got.toString(16)}, want 0x${want.toString(16)} (was 0x${was.toString(16)})`,
                  );
              }
            }
          },
        ),
        { numRuns: Math.min(30, Number(process.env.FBKIT_PROPERTY_RUNS ?? 30)) },
      );
    });
  }
});

describe('indexed formats take the color at half coverage', () => {
  it.each(FORMATS_UNDER_TEST.filter(indexed).map((f) => [f.name, f] as const))('%s', (_name, format) => {
    const s = Surface.create(8, 2, format);
    const white = unpack(format, pack(format, 0xffffffff));
    s.clear(0xff000000);
    const black = s.getPixel(0, 0);
    expect(white).not.toBe(black);
    s.fillPath(new Path().rect(0, 0, 2.5, 1).rect(0, 1, 2.49, 1), 0xffffffff);
    expect([s.getPixel(1, 0), s.getPixel(2, 0), s.getPixel(3, 0)]).toEqual([white, white, black]); // 128/255 is in
    expect([s.getPixel(1, 1), s.getPixel(2, 1)]).toEqual([white, black]); // 125/255 is out
  });
});

describe('antialiased shapes keep the aliased geometry', () => {
  it('an antialiased circle covers exactly the aliased one where coverage is full or none', () => {
    const a = Surface.create(64, 64),
      b = Surface.create(64, 64);
    a.fillCircle({ x: 30, y: 31 }, 20, 0xffffffff);
    b.fillCircle({ x: 30, y: 31 }, 20, 0xffffffff, { antialias: true });
    let partial = 0;
    for (let y = 0; y < 64; y++) {
      for (let x = 0; x < 64; x++) {
        const v = b.getPixel(x, y) >>> 24; // over a transparent surface, alpha = coverage
        if (v === 255) expect(a.getPixel(x, y) >>> 0).toBe(0xffffffff);
        else if (v === 0) expect(a.getPixel(x, y) & 255).toBe(0);
        else partial++;
      }
    }
    expect(partial).toBeGreaterThan(80); // the edge is smooth: a ring of partly covered pixels
  });

  it('a horizontal 1-px antialiased line between pixel centers is the aliased line', () => {
    const a = Surface.create(20, 5),
      b = Surface.create(20, 5);
    a.line({ x: 2, y: 2 }, { x: 17, y: 2 }, 0xffff0000);
    b.line({ x: 2, y: 2 }, { x: 17, y: 2 }, 0xffff0000, { antialias: true });
    expect(b.bytes).toEqual(a.bytes);
  });

  it('rejects bad options with one-line errors', () => {
    const s = Surface.create(8, 8);
    expect(() => s.fillPath({} as Path, 0xffffffff)).toThrow(/path must be a Path/);
    expect(() => s.strokePath(new Path().moveTo(0, 0).lineTo(5, 5), 0xffffffff, { join: 'sharp' as 'miter' })).toThrow(
      /unknown join sharp/,
    );
    expect(() => s.fillCircle({ x: Number.NaN, y: 0 }, 3, 0xffffffff, { antialias: true })).toThrow(/center.x must be a finite number/);
    expect(() => new Path().lineTo(Number.POSITIVE_INFINITY, 0)).toThrow(/finite number/);
  });
});
