/**
 * Strokes of paths that turn straight back over themselves (A→B→A, or back part of the
 * way), against test/reference's exact nonzero coverage of the same stroke region built
 * independently: a rectangle per segment, a disc at every round join or cap, a half-width
 * square beyond each square cap (a miter or bevel adds nothing where a path turns straight
 * back), whose union (however they overlap) is the stroke. Drawn white on black, so a pixel's gray
 * level is its coverage.
 */
import { describe, expect, it } from 'vitest';
import { Path } from '../../src/draw/path.js';
import { Surface } from '../../src/draw/surface.js';
import { referenceUnionCoverage } from '../reference/coverage-reference.js';

type Pt = [number, number];

type Cap = 'butt' | 'round' | 'square';

/** The stroke region of polyline `pts` (every turn straight back): segment rectangles, discs at round joins and caps, squares at square caps. */
function strokeRegion(pts: Pt[], h: number, roundJoins: boolean, cap: Cap): number[][] {
  const out: number[][] = [];
  const disc = ([cx, cy]: Pt) =>
    out.push(
      Array.from({ length: 512 }, (_, k) => [cx + h * Math.cos((k * Math.PI) / 256), cy + h * Math.sin((k * Math.PI) / 256)]).flat(),
    );
  for (let i = 0; i + 1 < pts.length; i++) {
    const [a, b] = [pts[i]!, pts[i + 1]!];
    const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
    const n: Pt = [(-(b[1] - a[1]) / len) * h, ((b[0] - a[0]) / len) * h];
    out.push([a[0] + n[0], a[1] + n[1], b[0] + n[0], b[1] + n[1], b[0] - n[0], b[1] - n[1], a[0] - n[0], a[1] - n[1]]);
    // A square cap: the end's half-width square beyond it.
    for (const [end, from, at] of [
      [a, b, 0],
      [b, a, pts.length - 2],
    ] as const) {
      if (cap !== 'square' || i !== at) continue;
      const d: Pt = [((end[0] - from[0]) / len) * h, ((end[1] - from[1]) / len) * h];
      out.push([
        end[0] + n[0],
        end[1] + n[1],
        end[0] + n[0] + d[0],
        end[1] + n[1] + d[1],
        end[0] - n[0] + d[0],
        end[1] - n[1] + d[1],
        end[0] - n[0],
        end[1] - n[1],
      ]);
    }
  }
  pts.forEach((p, i) => {
    if (i > 0 && i < pts.length - 1 ? roundJoins : cap === 'round') disc(p);
  });
  // All one way round, so that where they overlap the winding adds up instead of cancelling.
  return out.map((f) => (signedArea(f) < 0 ? reversed(f) : f));
}

function signedArea(f: number[]): number {
  let a = 0;
  for (let i = 0; i < f.length; i += 2) a += f[i]! * f[(i + 3) % f.length]! - f[(i + 2) % f.length]! * f[i + 1]!;
  return a;
}

function reversed(f: number[]): number[] {
  const out: number[] = [];
  for (let i = f.length - 2; i >= 0; i -= 2) out.push(f[i]!, f[i + 1]!);
  return out;
}

function worstDifference(pts: Pt[], width: number, cap: Cap, join: 'round' | 'miter' | 'bevel'): { worst: number; at: string } {
  const s = Surface.create(120, 80);
  s.clear(0xff000000);
  const path = new Path().moveTo(...pts[0]!);
  for (const p of pts.slice(1)) path.lineTo(...p);
  s.strokePath(path, 0xffffffff, { width, join, cap });
  const region = strokeRegion(pts, width / 2, join === 'round', cap);
  let worst = 0,
    at = '';
  for (let y = 0; y < 80; y++) {
    for (let x = 0; x < 120; x++) {
      const d = Math.abs((s.getPixel(x, y) & 255) - referenceUnionCoverage(region, x, y));
      if (d > worst) [worst, at] = [d, `${x},${y}`];
    }
  }
  return { worst, at };
}

describe('strokes that go back over themselves', () => {
  // Round joins and caps are flattened to chords within 1/64 px of the arcs: a few levels.
  const tolerance = 6;
  const line = (...xy: number[]): Pt[] => Array.from({ length: xy.length / 2 }, (_, i) => [xy[2 * i]!, xy[2 * i + 1]!]);
  it.each([
    ['A→B→A across, round join', line(10, 20.3, 100, 20.3, 10, 20.3), 7, 'butt', 'round'],
    ['A→B→A on a slant, round join and caps', line(12.2, 10.7, 95.5, 60.1, 12.2, 10.7), 6.5, 'round', 'round'],
    ['A→B→A, miter join, square caps', line(15.5, 50.6, 90.25, 50.6, 15.5, 50.6), 6, 'square', 'miter'],
    ['A→B→A on a slant, bevel join, square caps', line(20.1, 70.2, 100.3, 12.9, 20.1, 70.2), 5, 'square', 'bevel'],
    ['back part of the way', line(10, 40.6, 100, 40.6, 55.3, 40.6), 5, 'round', 'round'],
    ['back and forth twice', line(20, 60.4, 90, 60.4, 30, 60.4, 70, 60.4), 4.5, 'butt', 'round'],
    ['back beyond the start', line(40, 30.25, 100, 30.25, 10, 30.25), 5.5, 'round', 'round'],
  ] as const)('%s: coverage is the union, not the sum', (_name, pts, width, cap, join) => {
    const { worst, at } = worstDifference(pts, width, cap, join);
    expect(worst, `worst pixel ${at}`).toBeLessThanOrEqual(tolerance);
  });
});
