/**
 * Strokes as outlines to fill (nonzero): a polyline of width w becomes one closed
 * contour that runs along its left offset (w/2 away), around the end cap, back along
 * the right offset and around the start cap; a closed polyline becomes two rings (the
 * left offset, and the right one reversed), whose nonzero fill is the band between them.
 * On the inside of a turn the offset lines run through the vertex itself, so the fill
 * has no notch there; on the outside the join (miter, round or bevel) closes the gap.
 * Caps: butt ends at the endpoint, square extends it by w/2, round by a half circle.
 *
 * A path that turns straight back over itself (A→B→A, or back part of the way) would
 * give a contour whose two passes run along the same lines; the coverage rasterizer
 * adds the passes' partial pixels (it integrates the winding number), so the edges
 * there would come out too dark. Open paths are therefore cut at such turns into runs
 * that never retrace each other: the run up to the turn ends there (with a round cap
 * for round joins, which is the 180° round join, else flat: a 180° miter or bevel adds
 * nothing). Of the segment and the way back, only the longer is kept: going back part
 * of the way, the next run starts where the path leaves the segment, flush; going back
 * all the way or beyond, the run before ends at the segment's start and the way back
 * becomes the next run's first segment. Runs then only abut or cross, which the
 * rasterizer gets right (joins at such points are taken as covered by the straight
 * part through them).
 */
import type { Polyline } from './path.js';
import { FLATNESS } from './path.js';

export type LineJoin = 'miter' | 'round' | 'bevel';
export type LineCap = 'butt' | 'round' | 'square';

export interface StrokeStyle {
  width: number;
  join: LineJoin;
  cap: LineCap;
  /** Longest miter, as a multiple of the width, before it becomes a bevel (SVG: 4). */
  miterLimit: number;
}

type Pt = [number, number];

/** Angle between points of an arc of radius r so chords stay within FLATNESS of it. */
function arcStep(r: number): number {
  return r <= FLATNESS ? Math.PI / 2 : 2 * Math.acos(1 - FLATNESS / r);
}

/** Points strictly between the arc's ends: center c, radius r, from angle a0 turning by delta. */
function arc(out: number[], c: Pt, r: number, a0: number, delta: number): void {
  const n = Math.ceil(Math.abs(delta) / arcStep(r));
  for (let k = 1; k < n; k++) {
    const a = a0 + (delta * k) / n;
    out.push(c[0] + r * Math.cos(a), c[1] + r * Math.sin(a));
  }
}

/** The polyline's vertices without repeats (and without a closed loop's repeated start). */
function vertices(line: Polyline): Pt[] {
  const p = line.points;
  const v: Pt[] = [];
  for (let i = 0; i + 1 < p.length; i += 2) {
    const last = v[v.length - 1];
    if (!last || last[0] !== p[i] || last[1] !== p[i + 1]) v.push([p[i]!, p[i + 1]!]);
  }
  if (line.closed && v.length > 1) {
    const [a, b] = [v[0]!, v[v.length - 1]!];
    if (a[0] === b[0] && a[1] === b[1]) v.pop();
  }
  return v;
}

/** Unit direction from a to b and its left normal (direction turned by +90°) scaled by h. */
function frame(a: Pt, b: Pt, h: number): { d: Pt; n: Pt } {
  const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
  const d: Pt = [(b[0] - a[0]) / len, (b[1] - a[1]) / len];
  return { d, n: [-d[1] * h, d[0] * h] };
}

/** The join at vertex p on the left side, from the segment with frame `a` to the one with `b`. */
function join(out: number[], p: Pt, a: { d: Pt; n: Pt }, b: { d: Pt; n: Pt }, h: number, style: StrokeStyle): void {
  const from: Pt = [p[0] + a.n[0], p[1] + a.n[1]];
  const to: Pt = [p[0] + b.n[0], p[1] + b.n[1]];
  const turn = a.d[0] * b.d[1] - a.d[1] * b.d[0];
  const inner = b.d[0] * a.n[0] + b.d[1] * a.n[1] > 0;
  if (Math.abs(turn) < 1e-12 && a.d[0] * b.d[0] + a.d[1] * b.d[1] > 0) {
    out.push(...from);
    return;
  }
  if (inner) {
    out.push(...from, ...p, ...to);
    return;
  }
  out.push(...from);
  if (style.join === 'round') {
    const a0 = Math.atan2(a.n[1], a.n[0]);
    let delta = Math.atan2(b.n[1], b.n[0]) - a0;
    if (delta > Math.PI) delta -= 2 * Math.PI;
    if (delta < -Math.PI) delta += 2 * Math.PI;
    // A path that turns straight back: the half circle goes around the tip (like a cap), not through the line.
    if (Math.abs(delta) > Math.PI - 1e-9) delta = -Math.PI;
    arc(out, p, h, a0, delta);
  } else if (style.join === 'miter') {
    const cos = (a.n[0] * b.n[0] + a.n[1] * b.n[1]) / (h * h);
    const ratio = Math.sqrt(2 / (1 + cos));
    if (1 + cos > 1e-12 && ratio <= style.miterLimit) {
      const k = 1 / (1 + cos);
      out.push(p[0] + (a.n[0] + b.n[0]) * k, p[1] + (a.n[1] + b.n[1]) * k);
    }
  }
  out.push(...to);
}

/** The cap at end point p of a segment running in direction d: from p + n round to p − n. */
function cap(out: number[], p: Pt, f: { d: Pt; n: Pt }, h: number, style: StrokeStyle): void {
  const { d, n } = f;
  out.push(p[0] + n[0], p[1] + n[1]);
  if (style.cap === 'square') {
    out.push(p[0] + n[0] + d[0] * h, p[1] + n[1] + d[1] * h, p[0] - n[0] + d[0] * h, p[1] - n[1] + d[1] * h);
  } else if (style.cap === 'round') {
    arc(out, p, h, Math.atan2(n[1], n[0]), -Math.PI);
  }
  out.push(p[0] - n[0], p[1] - n[1]);
}

/** The left offset's joins: at every vertex of a closed ring, at the inner vertices of an open run. */
function leftSide(out: number[], v: Pt[], h: number, style: StrokeStyle, closed: boolean): void {
  const count = closed ? v.length : v.length - 1;
  const frames = Array.from({ length: count }, (_, i) => frame(v[i]!, v[(i + 1) % v.length]!, h));
  const first = closed ? 0 : 1;
  for (let i = first; i < count; i++) join(out, v[i]!, frames[(i - 1 + count) % count]!, frames[i]!, h, style);
}

/** The outline of an open run with its own caps. */
function openOutline(v: Pt[], h: number, style: StrokeStyle, startCap: LineCap, endCap: LineCap): Polyline {
  const points: number[] = [];
  const back = [...v].reverse();
  const startFrame = frame(v[0]!, v[1]!, h);
  points.push(v[0]![0] + startFrame.n[0], v[0]![1] + startFrame.n[1]);
  leftSide(points, v, h, style, false);
  cap(points, v[v.length - 1]!, frame(v[v.length - 2]!, v[v.length - 1]!, h), h, { ...style, cap: endCap });
  leftSide(points, back, h, style, false);
  cap(points, v[0]!, frame(v[1]!, v[0]!, h), h, { ...style, cap: startCap });
  return { points, closed: true };
}

const sub = (a: Pt, b: Pt): Pt => [b[0] - a[0], b[1] - a[1]];
const cross = (a: Pt, b: Pt) => a[0] * b[1] - a[1] * b[0];
const dot = (a: Pt, b: Pt) => a[0] * b[0] + a[1] * b[1];
/** Whether a → b → c has no turn (same: going on; reverse: going straight back). */
function collinear(a: Pt, b: Pt, c: Pt): 'same' | 'reverse' | null {
  const u = sub(a, b),
    w = sub(b, c);
  if (Math.abs(cross(u, w)) > 1e-9 * Math.hypot(...u) * Math.hypot(...w)) return null;
  return dot(u, w) > 0 ? 'same' : 'reverse';
}

interface Run {
  v: Pt[];
  startCap: LineCap;
  endCap: LineCap;
}

/** An open polyline cut where it goes straight back into runs that do not retrace each other. */
function runsOf(vertices: Pt[], style: StrokeStyle): Run[] {
  // Straight-on vertices change nothing in the outline; without them every straight part is one segment.
  const v: Pt[] = [];
  for (const p of vertices) {
    if (v.length >= 2 && collinear(v[v.length - 2]!, v[v.length - 1]!, p) === 'same') v[v.length - 1] = p;
    else v.push(p);
  }
  const h = style.width / 2;
  const turnCap: LineCap = style.join === 'round' ? 'round' : 'butt';
  const runs: Run[] = [];
  let cur: Pt[] = [v[0]!];
  let startCap = style.cap;
  const end = (endCap: LineCap) => {
    if (cur.length > 1) runs.push({ v: cur, startCap, endCap });
  };
  for (let i = 0; i + 1 < v.length; ) {
    // The chain of segments on one line from v[i] (more than one only where the path goes back).
    let j = i + 1;
    while (j + 1 < v.length && collinear(v[j - 1]!, v[j]!, v[j + 1]!) === 'reverse') j++;
    if (j === i + 1) {
      cur.push(v[j]!);
      i = j;
      continue;
    }
    // Positions along the line; the chain covers lo..hi, enters at 0 and leaves at `exit`.
    const o = v[i]!,
      len = Math.hypot(...sub(o, v[i + 1]!));
    const u: Pt = [(v[i + 1]![0] - o[0]) / len, (v[i + 1]![1] - o[1]) / len];
    const ts = v.slice(i, j + 1).map((p) => dot(sub(o, p), u));
    const lo = Math.min(...ts),
      hi = Math.max(...ts),
      exit = ts[ts.length - 1]!;
    const at = (t: number): Pt => (t === exit ? v[j]! : t === 0 ? o : [o[0] + u[0] * t, o[1] + u[1] * t]);
    const last = j === v.length - 1;
    if (lo === 0) {
      // Entered at one end: the run goes on to the far end.
      cur.push(at(hi));
      if (exit === hi) {
        i = j;
        continue;
      }
      end(turnCap);
    } else {
      // Went back behind the entry: the run so far ends there; the chain is a run of its own.
      end('butt');
      if (exit === hi || exit === lo) {
        cur = exit === hi ? [at(lo), at(hi)] : [at(hi), at(lo)];
        startCap = turnCap;
        i = j;
        continue;
      }
      cur = [at(lo), at(hi)];
      startCap = turnCap;
      end(turnCap);
    }
    // Leaving from inside the chain (or from its entry end): a new run starts there, flush
    // (its join lies inside the chain's band, unless within w/2 of an end).
    cur = [at(exit)];
    startCap = last ? style.cap : Math.min(exit - lo, hi - exit) >= h ? 'butt' : turnCap;
    i = j;
  }
  end(style.cap);
  return runs;
}

/** The closed outlines whose nonzero fill is the stroke of `lines`. */
export function strokeOutline(lines: readonly Polyline[], style: StrokeStyle): Polyline[] {
  const h = style.width / 2;
  if (!(h > 0)) return [];
  const out: Polyline[] = [];
  for (const line of lines) {
    const v = vertices(line);
    if (v.length === 1) {
      const p = v[0]!;
      if (style.cap === 'butt') continue;
      const points: number[] = [];
      const f = { d: [1, 0] as Pt, n: [0, h] as Pt };
      cap(points, p, f, h, style);
      cap(points, p, { d: [-1, 0], n: [0, -h] }, h, style);
      out.push({ points, closed: true });
    } else if (line.closed && v.length > 2) {
      const left: number[] = [];
      leftSide(left, v, h, style, true);
      const right: number[] = [];
      leftSide(right, [...v].reverse(), h, style, true);
      out.push({ points: left, closed: true }, { points: right, closed: true });
    } else if (v.length > 1) {
      for (const run of runsOf(v, style)) out.push(openOutline(run.v, h, style, run.startCap, run.endCap));
    }
  }
  return out;
}
