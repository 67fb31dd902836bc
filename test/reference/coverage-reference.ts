/**
 * A slow, direct coverage reference for draw/coverage: each pixel square's integral of
 * the winding number, computed by clipping every closed outline to the square
 * (Sutherland–Hodgman against its four sides) and summing the clipped polygons' signed
 * shoelace areas. Clipping against a convex region keeps a closed curve's winding
 * number inside it, so the sum is the exact integral, for any outline. It shares
 * nothing with src/draw. The fill rule then maps it as draw/coverage documents.
 */

type Pt = [number, number];

/** Clips a closed polygon to the half-plane where inside(p) holds. */
function clipHalf(poly: Pt[], inside: (p: Pt) => boolean, cross: (a: Pt, b: Pt) => Pt): Pt[] {
  const out: Pt[] = [];
  for (let i = 0; i < poly.length; i++) {
    const a = poly[i]!,
      b = poly[(i + 1) % poly.length]!;
    const ia = inside(a),
      ib = inside(b);
    if (ia) out.push(a);
    if (ia !== ib) out.push(cross(a, b));
  }
  return out;
}

const atX =
  (x: number) =>
  (a: Pt, b: Pt): Pt => [x, a[1] + ((b[1] - a[1]) * (x - a[0])) / (b[0] - a[0])];
const atY =
  (y: number) =>
  (a: Pt, b: Pt): Pt => [a[0] + ((b[0] - a[0]) * (y - a[1])) / (b[1] - a[1]), y];

function signedArea(poly: Pt[]): number {
  let s = 0;
  for (let i = 0; i < poly.length; i++) {
    const a = poly[i]!,
      b = poly[(i + 1) % poly.length]!;
    s += a[0] * b[1] - b[0] * a[1];
  }
  return s / 2;
}

/** ∫ winding over the square x..x+1 × y..y+1 of the closed outlines (flat [x0, y0, ...] each). */
function windingIntegral(outlines: readonly number[][], x: number, y: number): number {
  let total = 0;
  for (const flat of outlines) {
    let poly: Pt[] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) poly.push([flat[i]!, flat[i + 1]!]);
    poly = clipHalf(poly, (p) => p[0] >= x, atX(x));
    poly = clipHalf(poly, (p) => p[0] <= x + 1, atX(x + 1));
    poly = clipHalf(poly, (p) => p[1] >= y, atY(y));
    poly = clipHalf(poly, (p) => p[1] <= y + 1, atY(y + 1));
    // y down: a clockwise-on-screen outline has positive shoelace area here.
    if (poly.length >= 3) total += signedArea(poly);
  }
  return total;
}

/** Coverage 0..255 of pixel (x, y) under the fill rule. */
export function referenceCoverage(outlines: readonly number[][], rule: 'nonzero' | 'evenodd', x: number, y: number): number {
  let a = Math.abs(windingIntegral(outlines, x, y));
  if (rule === 'evenodd') {
    a %= 2;
    if (a > 1) a = 2 - a;
  } else a = Math.min(1, a);
  return Math.round(a * 255);
}
