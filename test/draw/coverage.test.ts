/**
 * draw/coverage against test/reference/coverage-reference over random outlines (any
 * shape, self-crossing included, vertices far outside the clip), random clips and both
 * fill rules: every pixel's coverage within 1/255 of the exact integral, nothing ever
 * reported outside the clip, no pixel reported twice. Then known areas: strokes with
 * each join and cap, and circles, against their analytic areas.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { rasterize } from '../../src/draw/coverage.js';
import { FLATNESS, Path } from '../../src/draw/path.js';
import { strokeOutline, type StrokeStyle } from '../../src/draw/stroke.js';
import type { Rect } from '../../src/raster/geometry.js';
import { referenceCoverage } from '../reference/coverage-reference.js';

const W = 24,
  H = 20;

/** Coverage per pixel of a W×H grid, -1 where nothing was reported; throws on a repeat or a pixel outside the clip. */
function render(outlines: number[][], clip: Rect, rule: 'nonzero' | 'evenodd'): Int16Array {
  const got = new Int16Array(W * H).fill(-1);
  const put = (x: number, y: number, v: number) => {
    if (x < clip.x || x >= clip.x + clip.w || y < clip.y || y >= clip.y + clip.h) throw new Error(`pixel (${x}, ${y}) outside the clip`);
    if (got[y * W + x] !== -1) throw new Error(`pixel (${x}, ${y}) reported twice`);
    got[y * W + x] = v;
  };
  rasterize(
    outlines.map((points) => ({ points, closed: true })),
    clip,
    rule,
    {
      solid: (y, x, n, cov) => {
        for (let i = 0; i < n; i++) put(x + i, y, cov);
      },
      mask: (y, x, n, m, from) => {
        for (let i = 0; i < n; i++) put(x + i, y, m[from + i]!);
      },
    },
  );
  return got;
}

const coord = (lo: number, hi: number) => fc.double({ min: lo, max: hi, noNaN: true, noDefaultInfinity: true });
const outline = fc.array(fc.tuple(coord(-8, W + 8), coord(-8, H + 8)), { minLength: 3, maxLength: 8 }).map((pts) => pts.flat());
const farOutline = fc.array(fc.tuple(coord(-1e5, 1e5), coord(-50, H + 50)), { minLength: 3, maxLength: 5 }).map((pts) => pts.flat());
const clip = fc
  .tuple(fc.integer({ min: 0, max: W - 1 }), fc.integer({ min: 0, max: H - 1 }))
  .chain(([x, y]) =>
    fc.record({ x: fc.constant(x), y: fc.constant(y), w: fc.integer({ min: 0, max: W - x }), h: fc.integer({ min: 0, max: H - y }) }),
  );

describe('coverage rasterizer against the exact reference', () => {
  it('matches every pixel within 1/255, inside the clip only', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(outline, outline, farOutline), { minLength: 1, maxLength: 3 }),
        clip,
        fc.constantFrom('nonzero' as const, 'evenodd' as const),
        (outlines, c, rule) => {
          const got = render(outlines, c, rule);
          for (let y = c.y; y < c.y + c.h; y++) {
            for (let x = c.x; x < c.x + c.w; x++) {
              const want = referenceCoverage(outlines, rule, x, y);
              const have = Math.max(0, got[y * W + x]!);
              if (Math.abs(have - want) > 1) throw new Error(`pixel (${x}, ${y}): ${have}, exact ${want}`);
            }
          }
        },
      ),
      { numRuns: Number(process.env.FBKIT_PROPERTY_RUNS ?? 300) },
    );
  });

  it('matches with many outlines and hundreds of edges (scratch growing between outlines)', () => {
    const path = new Path();
    for (let i = 0; i < 12; i++) path.circle(3 + (i % 4) * 6.3, 3 + Math.floor(i / 4) * 6.1, 2.9 + i * 0.05);
    path.polygon(Array.from({ length: 300 }, (_, k) => ({ x: 12 + 10 * Math.cos(k * 0.021 * 13), y: 10 + 9 * Math.sin(k * 0.021 * 17) })));
    const outlines = path.flatten().map((l) => l.points);
    expect(outlines.reduce((n, p) => n + p.length / 2, 0)).toBeGreaterThan(512);
    for (const rule of ['nonzero', 'evenodd'] as const) {
      const got = render(outlines, { x: 0, y: 0, w: W, h: H }, rule);
      for (let y = 0; y < H; y++) {
        for (let x = 0; x < W; x++)
          expect(Math.abs(Math.max(0, got[y * W + x]!) - referenceCoverage(outlines, rule, x, y))).toBeLessThanOrEqual(1);
      }
    }
  });

  it('an axis-aligned rectangle on pixel edges is whole pixels, half a pixel is 128', () => {
    const got = render([[2, 3, 10, 3, 10, 7.5, 2, 7.5]], { x: 0, y: 0, w: W, h: H }, 'nonzero');
    expect(got[3 * W + 2]).toBe(255);
    expect(got[6 * W + 9]).toBe(255);
    expect(got[7 * W + 5]).toBe(128);
    expect(Math.max(0, got[8 * W + 5]!)).toBe(0);
    expect(Math.max(0, got[3 * W + 10]!)).toBe(0);
  });
});

/** Total coverage (in pixels) of filled outlines on a big grid. */
function area(outlines: { points: number[]; closed: boolean }[], size = 200): number {
  let sum = 0;
  rasterize(outlines, { x: 0, y: 0, w: size, h: size }, 'nonzero', {
    solid: (_y, _x, n, cov) => void (sum += n * cov),
    mask: (_y, _x, n, m, from) => {
      for (let i = 0; i < n; i++) sum += m[from + i]!;
    },
  });
  return sum / 255;
}

/** Chords lie inside the curve: they lose at most 2/3 · FLATNESS of area per unit of curve length. */
const chordLoss = (curveLength: number) => (2 / 3) * FLATNESS * curveLength;

/** `got` is `want` less at most the chord loss of `curveLength` of curves (and 0.02 px² of rounding). */
function expectArea(got: number, want: number, curveLength: number): void {
  expect(got).toBeLessThanOrEqual(want + 0.02);
  expect(got).toBeGreaterThanOrEqual(want - chordLoss(curveLength) - 0.02);
}

const style = (s: Partial<StrokeStyle>): StrokeStyle => ({ width: 2, join: 'miter', cap: 'butt', miterLimit: 4, ...s });

describe('strokes and curves have their exact areas', () => {
  const square = new Path().rect(50, 50, 20, 20).flatten();
  // Width 2 around a 20 × 20 square: 22² − 18² = 160, less what each join cuts off its corner.
  it.each([
    ['miter', 160, 0],
    ['bevel', 160 - 4 * 0.5, 0],
    ['round', 160 - 4 * (1 - Math.PI / 4), 2 * Math.PI],
  ] as const)('closed square, %s joins', (join, want, curves) => {
    expectArea(area(strokeOutline(square, style({ join }))), want, curves);
  });

  const open = new Path().moveTo(50.3, 80.6).lineTo(120.3, 80.6).flatten();
  it.each([
    ['butt', 70 * 6, 0],
    ['square', 70 * 6 + 2 * 3 * 6, 0],
    ['round', 70 * 6 + Math.PI * 9, 6 * Math.PI],
  ] as const)('open line width 6, %s caps', (cap, want, curves) => {
    expectArea(area(strokeOutline(open, style({ width: 6, cap }))), want, curves);
  });

  it('an L-shaped polyline with a miter join fills the corner square', () => {
    const l = new Path().moveTo(20, 20).lineTo(60, 20).lineTo(60, 60).flatten();
    // Two 40 × 4 bands, the outer corner 2 × 2 filled by the miter, none doubled.
    expectArea(area(strokeOutline(l, style({ width: 4 }))), 40 * 4 + 40 * 4, 0);
  });

  it.each([
    ['right', 50, 100, 1],
    ['left', 100, 50, -1],
  ])('a path that turns straight back (going %s) gets a half-circle round join around the tip', (_dir, from, to, sign) => {
    // (Its edge pixels are checked against exact coverage in stroke-retrace.test.ts.)
    const back = new Path().moveTo(from, 50.5).lineTo(to, 50.5).lineTo(from, 50.5).flatten();
    const covered = new Map<string, number>();
    rasterize(strokeOutline(back, style({ width: 10, join: 'round' })), { x: 0, y: 0, w: 200, h: 200 }, 'nonzero', {
      solid: (y, x, n, cov) => {
        for (let i = 0; i < n; i++) covered.set(`${x + i},${y}`, cov);
      },
      mask: (y, x, n, m, from) => {
        for (let i = 0; i < n; i++) covered.set(`${x + i},${y}`, m[from + i]!);
      },
    });
    const at = (dx: number, y: number) => covered.get(`${Math.floor(to + sign * dx)},${y}`) ?? 0;
    expect(at(2.5, 50)).toBe(255); // inside the half circle around the tip
    expect(at(2.5, 48)).toBe(255);
    expect(at(5.5, 50)).toBe(0); // beyond its radius
    expect(covered.get(`${Math.floor(from - sign * 1.5)},50`) ?? 0).toBe(0); // butt ends at the start
  });

  it('a circle of radius 40 covers π r² pixels', () => {
    // The cubic quarter arcs bulge out by up to 0.027% of r (0.011 px here); the chords cut in.
    const got = area(new Path().circle(100.25, 99.5, 40).flatten());
    const perimeter = 2 * Math.PI * 40;
    expect(got).toBeLessThanOrEqual(Math.PI * 1600 + 0.011 * perimeter);
    expect(got).toBeGreaterThanOrEqual(Math.PI * 1600 - chordLoss(perimeter));
  });

  it('quadratic curves are flattened to within FLATNESS', () => {
    // A parabolic segment has 2/3 of the area of the triangle of its control points (100 × 100 / 2).
    const q = new Path().moveTo(10, 110).quadTo(60, 10, 110, 110).close().flatten();
    expectArea(area(q), (2 / 3) * 5000, 150);
  });
});
