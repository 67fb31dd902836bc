/**
 * Filled polygons by scanline, sampling pixel centers: pixel (x, y) is inside when the
 * point (x+½, y+½) is, under the chosen fill rule — 'nonzero' (the default, as in SVG
 * and canvas) or 'evenodd'. Edges are closed at the top and open at the bottom, and a
 * pixel center exactly on an edge counts as right of it, so polygons that share an edge
 * never both paint it.
 *
 * All arithmetic is exact integers: an edge from (xt, yt) down to (xb, yb) crosses the
 * center line of row y at xt + (2(y-yt)+1)(xb-xt) / (2(yb-yt)), and the first pixel whose
 * center lies right of it is xt + ceil(((2(y-yt)+1)(xb-xt) - (yb-yt)) / (2(yb-yt))).
 * With vertices within ±2^24 and surfaces under 2^23 rows, every numerator stays below 2^51.
 */
import type { Point } from '../raster/geometry.js';
import type { PixelTarget } from '../raster/target.js';
import { fillBox } from './fill.js';

export type FillRule = 'nonzero' | 'evenodd';

/** Vertices must lie within this distance of the origin (keeps the products exact). */
export const POLYGON_COORD_LIMIT = 2 ** 24;

interface Edge {
  readonly xt: number;
  readonly yt: number;
  readonly dx: number;
  readonly dy: number; // > 0
  readonly winding: 1 | -1;
}

function edgesOf(points: readonly Point[]): Edge[] {
  const edges: Edge[] = [];
  for (let i = 0; i < points.length; i++) {
    const a = points[i]!,
      b = points[(i + 1) % points.length]!;
    if (a.y === b.y) continue; // horizontal edges never cross a row's center line
    const [top, bottom, winding] = a.y < b.y ? [a, b, 1 as const] : [b, a, -1 as const];
    edges.push({ xt: top.x, yt: top.y, dx: bottom.x - top.x, dy: bottom.y - top.y, winding });
  }
  return edges;
}

/**
 * The first pixel column whose center is right of the edge, on row y: xt + ceil(p / d),
 * as xt - floor(-p / d). Math.floor of the float quotient is exact here: |p| < 2^51, so
 * the quotient is off by less than 2^51 / d · 2^-53 < 1/d, the least distance from p/d
 * to an integer it does not equal.
 */
function edgeCrossing(e: Edge, y: number): number {
  return e.xt - Math.floor((e.dy - (2 * (y - e.yt) + 1) * e.dx) / (2 * e.dy));
}

export function fillPolygon(s: PixelTarget, points: readonly Point[], pixel: number, rule: FillRule): void {
  const edges = edgesOf(points);
  if (edges.length === 0) return;
  const c = s.clip;
  let top = Infinity,
    bottom = -Infinity;
  for (const e of edges) {
    top = Math.min(top, e.yt);
    bottom = Math.max(bottom, e.yt + e.dy - 1);
  }
  const from = Math.max(top, c.y),
    to = Math.min(bottom, c.y + c.h - 1);
  const crossings: { x: number; winding: number }[] = [];
  const left = c.x,
    right = c.x + c.w; // exclusive
  for (let y = from; y <= to; y++) {
    crossings.length = 0;
    for (const e of edges) if (e.yt <= y && y < e.yt + e.dy) crossings.push({ x: edgeCrossing(e, y), winding: e.winding });
    crossings.sort((p, q) => p.x - q.x);
    let winding = 0;
    for (let i = 0; i + 1 < crossings.length; i++) {
      winding += crossings[i]!.winding;
      const inside = rule === 'evenodd' ? (winding & 1) !== 0 : winding !== 0;
      if (!inside) continue;
      const x0 = Math.max(crossings[i]!.x, left),
        x1 = Math.min(crossings[i + 1]!.x, right);
      if (x1 > x0) fillBox(s, x0, y, x1 - x0, 1, pixel);
    }
  }
}
