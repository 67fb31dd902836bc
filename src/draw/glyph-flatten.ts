/**
 * Glyph outlines to polylines the way FreeType's gray rasterizer cuts curves (which is
 * what Skia's glyph masks on Linux are drawn with): a quadratic is split into 2^k equal
 * steps until its second difference falls to ¼ px (chords up to 1/16 px inside the
 * curve), a cubic is halved until its control points lie within ½ px of the chord's
 * trisection points. Coarser than Path.flatten's 1/64 px, so glyph edges come out as
 * FreeType's do (measured in test/draw/skia-agreement); shapes keep the finer cut.
 */
import { type Contour, CUBIC_CONTROL, type Polyline, QUAD_CONTROL } from './path.js';

function quad(pts: number[], x0: number, y0: number, x1: number, y1: number, x2: number, y2: number): void {
  let d = Math.max(Math.abs(x0 - 2 * x1 + x2), Math.abs(y0 - 2 * y1 + y2));
  let n = 1;
  while (d > 0.25) {
    d /= 4;
    n *= 2;
  }
  for (let k = 1; k <= n; k++) {
    const t = k / n,
      u = 1 - t;
    pts.push(u * u * x0 + 2 * u * t * x1 + t * t * x2, u * u * y0 + 2 * u * t * y1 + t * t * y2);
  }
}

function cubic(pts: number[], c: readonly number[], depth: number): void {
  const [x0, y0, x1, y1, x2, y2, x3, y3] = c as [number, number, number, number, number, number, number, number];
  const flat =
    Math.abs(2 * x3 - 3 * x2 + x0) <= 0.5 &&
    Math.abs(2 * y3 - 3 * y2 + y0) <= 0.5 &&
    Math.abs(x3 - 3 * x1 + 2 * x0) <= 0.5 &&
    Math.abs(y3 - 3 * y1 + 2 * y0) <= 0.5;
  if (flat || depth >= 16) {
    pts.push(x3, y3);
    return;
  }
  // de Casteljau halves
  const ax = (x0 + x1) / 2,
    ay = (y0 + y1) / 2,
    bx = (x1 + x2) / 2,
    by = (y1 + y2) / 2,
    cx = (x2 + x3) / 2,
    cy = (y2 + y3) / 2;
  const abx = (ax + bx) / 2,
    aby = (ay + by) / 2,
    bcx = (bx + cx) / 2,
    bcy = (by + cy) / 2;
  const mx = (abx + bcx) / 2,
    my = (aby + bcy) / 2;
  cubic(pts, [x0, y0, ax, ay, abx, aby, mx, my], depth + 1);
  cubic(pts, [mx, my, bcx, bcy, cx, cy, x3, y3], depth + 1);
}

/** Polylines of glyph contours given in pixels with y up, moved right by `dx` and flipped to y down. */
export function flattenGlyph(contours: readonly Contour[], dx: number): Polyline[] {
  const out: Polyline[] = [];
  for (const { xs, ys, kinds } of contours) {
    const n = xs.length;
    if (n < 2) continue;
    const X = (i: number) => xs[i % n]! + dx,
      Y = (i: number) => -ys[i % n]!;
    const pts: number[] = [X(0), Y(0)];
    for (let i = 1; i <= n; ) {
      const kind = kinds[i % n]!;
      if (kind === QUAD_CONTROL) {
        quad(pts, X(i - 1), Y(i - 1), X(i), Y(i), X(i + 1), Y(i + 1));
        i += 2;
      } else if (kind === CUBIC_CONTROL) {
        cubic(pts, [X(i - 1), Y(i - 1), X(i), Y(i), X(i + 1), Y(i + 1), X(i + 2), Y(i + 2)], 0);
        i += 3;
      } else {
        pts.push(X(i), Y(i));
        i++;
      }
    }
    out.push({ points: pts, closed: true });
  }
  return out;
}
