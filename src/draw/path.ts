/**
 * Vector paths in surface pixel coordinates (y down, pixel (x, y) is the square
 * x..x+1 × y..y+1): moveTo / lineTo / quadTo / cubicTo / close, plus the usual shapes.
 * `flatten` turns curves into line segments no further than FLATNESS from the curve,
 * the form the coverage rasterizer (draw/coverage) fills.
 */
import { ArgumentError } from '../errors.js';

/**
 * Largest distance, in pixels, between a curve and the chords that replace it: a chord
 * cuts at most 2/3 · FLATNESS of area per pixel of curve length (about 2.7/255 coverage).
 */
export const FLATNESS = 1 / 64;

const MOVE = 0,
  LINE = 1,
  QUAD = 2,
  CUBIC = 3,
  CLOSE = 4;

/** Curve segments per quarter ellipse: the cubic approximation's kappa. */
const KAPPA = 0.5522847498307936;

/** A polyline per subpath, as flat [x0, y0, x1, y1, ...]; `closed` says whether it returns to its start. */
export interface Polyline {
  points: number[];
  closed: boolean;
}

/** What a point of a Contour is. */
export const ON_CURVE = 0,
  QUAD_CONTROL = 1,
  CUBIC_CONTROL = 2;

/**
 * A subpath as its points (for code that moves points, such as glyph hinting): the start point, then each command's points in order; kinds[i] is
 * ON_CURVE, QUAD_CONTROL or CUBIC_CONTROL. A closed subpath whose last point repeats its
 * start has that repeat dropped (the close draws it).
 */
export interface Contour {
  xs: number[];
  ys: number[];
  kinds: number[];
  closed: boolean;
}

function checkCoord(name: string, v: number): void {
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new ArgumentError('EINVAL', `path ${name} must be a finite number, got ${String(v)}`, 'pass pixel coordinates as numbers');
  }
}

export class Path {
  /** Commands and their coordinates, one flat list (op, then 0/2/4/6 numbers). */
  readonly #ops: number[] = [];
  #started = false;

  moveTo(x: number, y: number): this {
    return this.#push(MOVE, x, y);
  }

  lineTo(x: number, y: number): this {
    this.#ensureStart(x, y);
    return this.#push(LINE, x, y);
  }

  quadTo(cx: number, cy: number, x: number, y: number): this {
    this.#ensureStart(cx, cy);
    return this.#push(QUAD, cx, cy, x, y);
  }

  cubicTo(c1x: number, c1y: number, c2x: number, c2y: number, x: number, y: number): this {
    this.#ensureStart(c1x, c1y);
    return this.#push(CUBIC, c1x, c1y, c2x, c2y, x, y);
  }

  /** Ends the subpath with a line back to its start (strokes join there instead of capping). */
  close(): this {
    if (this.#started) this.#ops.push(CLOSE);
    this.#started = false;
    return this;
  }

  rect(x: number, y: number, w: number, h: number): this {
    return this.moveTo(x, y)
      .lineTo(x + w, y)
      .lineTo(x + w, y + h)
      .lineTo(x, y + h)
      .close();
  }

  /** An ellipse around (cx, cy) as four cubic arcs (radial error below 0.03% of the radius). */
  ellipse(cx: number, cy: number, rx: number, ry: number): this {
    const kx = rx * KAPPA,
      ky = ry * KAPPA;
    return this.moveTo(cx + rx, cy)
      .cubicTo(cx + rx, cy + ky, cx + kx, cy + ry, cx, cy + ry)
      .cubicTo(cx - kx, cy + ry, cx - rx, cy + ky, cx - rx, cy)
      .cubicTo(cx - rx, cy - ky, cx - kx, cy - ry, cx, cy - ry)
      .cubicTo(cx + kx, cy - ry, cx + rx, cy - ky, cx + rx, cy)
      .close();
  }

  circle(cx: number, cy: number, r: number): this {
    return this.ellipse(cx, cy, r, r);
  }

  /** A rectangle whose corners are quarter circles of radius r (clamped so they fit). */
  roundRect(x: number, y: number, w: number, h: number, radius: number): this {
    const r = Math.max(0, Math.min(radius, w / 2, h / 2));
    const k = r * (1 - KAPPA);
    return this.moveTo(x + r, y)
      .lineTo(x + w - r, y)
      .cubicTo(x + w - k, y, x + w, y + k, x + w, y + r)
      .lineTo(x + w, y + h - r)
      .cubicTo(x + w, y + h - k, x + w - k, y + h, x + w - r, y + h)
      .lineTo(x + r, y + h)
      .cubicTo(x + k, y + h, x, y + h - k, x, y + h - r)
      .lineTo(x, y + r)
      .cubicTo(x, y + k, x + k, y, x + r, y)
      .close();
  }

  /** The closed polygon through `points`. */
  polygon(points: readonly { x: number; y: number }[]): this {
    points.forEach((p, i) => (i === 0 ? this.moveTo(p.x, p.y) : this.lineTo(p.x, p.y)));
    return points.length > 0 ? this.close() : this;
  }

  /**
   * The subpaths as polylines, each point mapped by x' = x·sx + tx, y' = y·sy + ty first
   * (glyph outlines are in font units, y up). Curves are split into enough chords that
   * none strays more than `flatness` pixels from the curve.
   */
  flatten(sx = 1, sy = 1, tx = 0, ty = 0, flatness = FLATNESS): Polyline[] {
    const out: Polyline[] = [];
    const ops = this.#ops;
    let cur: Polyline | null = null;
    let x = 0,
      y = 0;
    const c = [0, 0, 0, 0, 0, 0];
    for (let i = 0; i < ops.length; ) {
      const op = ops[i++]!;
      if (op === CLOSE) {
        if (cur) cur.closed = true;
        cur = null;
        continue;
      }
      const n = op === MOVE || op === LINE ? 2 : op === QUAD ? 4 : 6;
      // The command's points, mapped (c is reused: no allocation per command).
      for (let k = 0; k < n; k += 2) {
        c[k] = ops[i + k]! * sx + tx;
        c[k + 1] = ops[i + k + 1]! * sy + ty;
      }
      i += n;
      if (op === MOVE || !cur) {
        cur = { points: [], closed: false };
        out.push(cur);
        if (op === MOVE) {
          cur.points.push(c[0]!, c[1]!);
          x = c[0]!;
          y = c[1]!;
          continue;
        }
        cur.points.push(x, y);
      }
      const pts = cur.points;
      if (op === LINE) pts.push(c[0]!, c[1]!);
      else if (op === QUAD) flattenQuad(pts, x, y, c[0]!, c[1]!, c[2]!, c[3]!, flatness);
      else flattenCubic(pts, x, y, c[0]!, c[1]!, c[2]!, c[3]!, c[4]!, c[5]!, flatness);
      x = c[n - 2]!;
      y = c[n - 1]!;
    }
    return out;
  }

  /** The subpaths as point lists (see Contour). */
  contours(): Contour[] {
    const out: Contour[] = [];
    const ops = this.#ops;
    let cur: Contour | null = null;
    for (let i = 0; i < ops.length; ) {
      const op = ops[i++]!;
      if (op === CLOSE) {
        if (cur) {
          cur.closed = true;
          const n = cur.xs.length - 1;
          if (n > 0 && cur.kinds[n] === ON_CURVE && cur.xs[n] === cur.xs[0] && cur.ys[n] === cur.ys[0]) {
            cur.xs.pop();
            cur.ys.pop();
            cur.kinds.pop();
          }
        }
        cur = null;
        continue;
      }
      if (op === MOVE || !cur) {
        cur = { xs: [], ys: [], kinds: [], closed: false };
        out.push(cur);
      }
      const n = op === MOVE || op === LINE ? 1 : op === QUAD ? 2 : 3;
      for (let k = 0; k < n; k++) {
        cur.xs.push(ops[i++]!);
        cur.ys.push(ops[i++]!);
        cur.kinds.push(k === n - 1 ? ON_CURVE : op === QUAD ? QUAD_CONTROL : CUBIC_CONTROL);
      }
    }
    return out;
  }

  /** A new subpath starts at the control point when a curve or line has no current point. */
  #ensureStart(x: number, y: number): void {
    if (!this.#started) this.moveTo(x, y);
  }

  #push(op: number, ...coords: number[]): this {
    coords.forEach((v, k) => checkCoord(k % 2 === 0 ? 'x' : 'y', v));
    this.#ops.push(op, ...coords);
    this.#started = true;
    return this;
  }
}

/**
 * A quadratic with n uniform steps strays at most |p0 - 2p1 + p2| / (4n²) from its
 * chords (the second derivative is constant), so n = ceil(sqrt(|d| / (4·flatness))).
 */
function flattenQuad(pts: number[], x0: number, y0: number, x1: number, y1: number, x2: number, y2: number, flatness: number): void {
  const dd = Math.hypot(x0 - 2 * x1 + x2, y0 - 2 * y1 + y2);
  const n = Math.max(1, Math.ceil(Math.sqrt(dd / (4 * flatness))));
  for (let k = 1; k <= n; k++) {
    const t = k / n,
      u = 1 - t;
    pts.push(u * u * x0 + 2 * u * t * x1 + t * t * x2, u * u * y0 + 2 * u * t * y1 + t * t * y2);
  }
}

/**
 * A cubic's second derivative is at most 6·m (m the larger of its two second
 * differences), so n uniform steps stray at most 3m / (4n²).
 */
function flattenCubic(
  pts: number[],
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  x2: number,
  y2: number,
  x3: number,
  y3: number,
  flatness: number,
): void {
  const m = Math.max(Math.hypot(x0 - 2 * x1 + x2, y0 - 2 * y1 + y2), Math.hypot(x1 - 2 * x2 + x3, y1 - 2 * y2 + y3));
  const n = Math.max(1, Math.ceil(Math.sqrt((3 * m) / (4 * flatness))));
  for (let k = 1; k <= n; k++) {
    const t = k / n,
      u = 1 - t;
    const a = u * u * u,
      b = 3 * u * u * t,
      c = 3 * u * t * t,
      d = t * t * t;
    pts.push(a * x0 + b * x1 + c * x2 + d * x3, a * y0 + b * y1 + c * y2 + d * y3);
  }
}
