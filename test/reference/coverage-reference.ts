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

/**
 * Coverage 0..255 of pixel (x, y) by the region where the winding number is not zero
 * (the nonzero fill as a set, however often outlines run over it): exact, by cutting
 * the square into vertical slabs at every x where an edge starts, ends, crosses another
 * or crosses the square's top or bottom; inside a slab the edges are straight and do not
 * cross, so sorted top to bottom they bound trapezoids of constant winding.
 */
export function referenceUnionCoverage(outlines: readonly number[][], x: number, y: number): number {
  const edges: [Pt, Pt][] = [];
  for (const flat of outlines) {
    const n = flat.length / 2;
    for (let i = 0; i < n; i++) {
      const a: Pt = [flat[2 * i]!, flat[2 * i + 1]!],
        b: Pt = [flat[(2 * i + 2) % (2 * n)]!, flat[(2 * i + 3) % (2 * n)]!];
      if (a[0] !== b[0] && Math.max(a[0], b[0]) > x && Math.min(a[0], b[0]) < x + 1) edges.push([a, b]);
    }
  }
  const yAt = ([a, b]: [Pt, Pt], at: number) => a[1] + ((b[1] - a[1]) * (at - a[0])) / (b[0] - a[0]);
  const cuts = new Set([x, x + 1]);
  const addCut = (c: number) => c > x && c < x + 1 && cuts.add(c);
  for (const e of edges) {
    addCut(e[0][0]);
    addCut(e[1][0]);
    for (const line of [y, y + 1]) {
      const [a, b] = e;
      if (a[1] !== b[1]) addCut(a[0] + ((b[0] - a[0]) * (line - a[1])) / (b[1] - a[1]));
    }
  }
  for (let i = 0; i < edges.length; i++) {
    for (let j = i + 1; j < edges.length; j++) {
      const [p, q] = edges[i]!,
        [r, s] = edges[j]!;
      const d = (q[0] - p[0]) * (s[1] - r[1]) - (q[1] - p[1]) * (s[0] - r[0]);
      if (d === 0) continue;
      const t = ((r[0] - p[0]) * (s[1] - r[1]) - (r[1] - p[1]) * (s[0] - r[0])) / d;
      if (t > 0 && t < 1) addCut(p[0] + t * (q[0] - p[0]));
    }
  }
  const xs = [...cuts].sort((a, b) => a - b);
  let area = 0;
  for (let k = 0; k + 1 < xs.length; k++) {
    const x0 = xs[k]!,
      x1 = xs[k + 1]!,
      mid = (x0 + x1) / 2;
    // Edges spanning the slab, top to bottom at its middle; each adds ±1 below it (+1 running right).
    const span = edges
      .filter(([a, b]) => Math.min(a[0], b[0]) <= x0 && Math.max(a[0], b[0]) >= x1)
      .map((e) => ({ e, at: yAt(e, mid), dir: e[1][0] > e[0][0] ? 1 : -1 }))
      .sort((a, b) => a.at - b.at);
    let winding = 0;
    for (let i = 0; i + 1 < span.length; i++) {
      winding += span[i]!.dir;
      if (winding === 0) continue;
      // The band between two edges, cut to the square's rows (linear in the slab: no kinks inside it).
      const clamp = (v: number) => Math.min(y + 1, Math.max(y, v));
      const top = clamp(span[i]!.at),
        bottom = clamp(span[i + 1]!.at);
      area += (bottom - top) * (x1 - x0);
    }
  }
  return Math.round(Math.min(1, area) * 255);
}
