/**
 * The coverage rasterizer: how much of each pixel square a filled outline covers, as
 * 0..255, from polylines in pixel coordinates (pixel (x, y) is x..x+1 × y..y+1).
 *
 * Method (the accumulation font rasterizers use, written for this scanline walk): each
 * edge, cut to one pixel row, leaves per pixel column a signed `cover` (the height of
 * the edge inside that column, + going down, − going up) and an `area` (cover times the
 * part of the column right of the edge). Along the row, a pixel's winding integral is
 * the cover of every column left of it plus its own area; the integral is exact, and
 * `coverageOf` maps it through the fill rule (nonzero: |v| capped at 1; evenodd: the
 * distance of |v| to the nearest even number). Where edges of one outline cross inside a
 * single pixel the mapping is the usual approximation (FreeType and others do the same);
 * everywhere else the result is the exact covered area, rounded to 1/255.
 *
 * Sparse: rows only visit the columns their edges touch; between those the coverage is
 * constant and goes to the sink as one solid span (the insides of big shapes are
 * fills, not per-pixel work). Nothing outside `clip` is ever reported: edge parts left
 * of the clip keep only their cover (they still wind the pixels right of them), parts
 * right of it are dropped.
 */
import type { Rect } from '../raster/geometry.js';
import type { FillRule } from './polygon.js';
import type { Polyline } from './path.js';

/** Where the rasterizer reports coverage, row by row, left to right, clipped. */
export interface CoverageSink {
  /** n pixels from (x, y) all with coverage `cov` (1..255). */
  solid(y: number, x: number, n: number, cov: number): void;
  /** n pixels from (x, y) with coverages mask[from .. from + n) (0..255). */
  mask(y: number, x: number, n: number, mask: Uint8Array, from: number): void;
}

/** Coverage 0..255 of a winding integral `v` under the fill rule. */
function coverageOf(v: number, evenOdd: boolean): number {
  let a = v < 0 ? -v : v;
  if (evenOdd) {
    a %= 2;
    if (a > 1) a = 2 - a;
  } else if (a >= 1) return 255;
  return Math.round(a * 255);
}

/**
 * The non-horizontal edges, top to bottom, in scratch arrays (no object per edge: glyphs
 * have hundreds): y of the top and bottom, x at the top, dx/dy, and winding (+1 when the
 * outline runs down). Returns how many; `order` lists them by top y.
 */
let eTop = new Float64Array(256);
let eBot = new Float64Array(256);
let eX = new Float64Array(256);
let eSlope = new Float64Array(256);
let eWinding = new Float64Array(256);
let order = new Int32Array(256);
let active = new Int32Array(256);

function growEdges(n: number): void {
  if (n <= eTop.length) return;
  const size = Math.max(n, eTop.length * 2);
  const grow = (a: Float64Array) => {
    const b = new Float64Array(size);
    b.set(a);
    return b;
  };
  eTop = grow(eTop);
  eBot = grow(eBot);
  eX = grow(eX);
  eSlope = grow(eSlope);
  eWinding = grow(eWinding);
  order = new Int32Array(size);
  active = new Int32Array(size);
}

function edgesOf(lines: readonly Polyline[]): number {
  let count = 0;
  for (const { points: p } of lines) {
    const n = p.length >> 1;
    if (n < 2) continue;
    growEdges(count + n);
    // Filling always closes the outline.
    for (let i = 0; i < n; i++) {
      const j = i + 1 === n ? 0 : i + 1;
      const x0 = p[2 * i]!,
        y0 = p[2 * i + 1]!,
        x1 = p[2 * j]!,
        y1 = p[2 * j + 1]!;
      if (y0 === y1) continue;
      const down = y0 < y1;
      eTop[count] = down ? y0 : y1;
      eBot[count] = down ? y1 : y0;
      eX[count] = down ? x0 : x1;
      eSlope[count] = (x1 - x0) / (y1 - y0);
      eWinding[count] = down ? 1 : -1;
      count++;
    }
  }
  for (let i = 0; i < count; i++) order[i] = i;
  order.subarray(0, count).sort((a, b) => eTop[a]! - eTop[b]!);
  return count;
}

/** Scratch rows, grown to the widest clip seen (index 0 collects cover left of the clip). */
let area = new Float64Array(0);
let cover = new Float64Array(0);
let mask = new Uint8Array(0);
/** Touched column ranges of the current row, as [lo, hi] pairs (inclusive). */
let ranges = new Int32Array(64);
let rangeCount = 0;

function pushRange(lo: number, hi: number): void {
  if (rangeCount * 2 + 2 > ranges.length) {
    const bigger = new Int32Array(ranges.length * 2);
    bigger.set(ranges);
    ranges = bigger;
  }
  ranges[rangeCount * 2] = lo;
  ranges[rangeCount * 2 + 1] = hi;
  rangeCount++;
}

/**
 * Adds one edge piece inside a row, from column position ua to ub (index space: column
 * index c is the clip's column c - 1), with signed height dy.
 */
function addPiece(ua: number, ub: number, dy: number, last: number): void {
  let lo = Math.min(ua, ub);
  let hi = Math.max(ua, ub);
  if (lo >= last + 1) return; // wholly right of the clip
  if (hi - lo < 1e-9) {
    const c = Math.floor(lo);
    if (c < 1) {
      cover[0]! += dy;
      pushRange(0, 0);
    } else {
      area[c]! += dy * (c + 1 - (lo + hi) / 2);
      cover[c]! += dy;
      pushRange(c, c);
    }
    return;
  }
  const k = dy / (hi - lo);
  let first = -1;
  if (lo < 1) {
    cover[0]! += k * (Math.min(hi, 1) - lo);
    first = 0;
    lo = 1;
    if (hi <= 1) return pushRange(0, 0);
  }
  if (hi > last + 1) hi = last + 1;
  const c0 = Math.floor(lo),
    c1 = Math.ceil(hi) - 1;
  for (let c = c0; c <= c1; c++) {
    const u = Math.max(lo, c);
    const v = Math.min(hi, c + 1);
    const d = k * (v - u);
    area[c]! += d * (c + 1 - (u + v) / 2);
    cover[c]! += d;
  }
  pushRange(first === 0 ? 0 : c0, c1);
}

/** Sorts the row's ranges by start (there are few: one per edge crossing the row). */
function sortRanges(): void {
  for (let i = 1; i < rangeCount; i++) {
    const lo = ranges[2 * i]!,
      hi = ranges[2 * i + 1]!;
    let j = i - 1;
    while (j >= 0 && ranges[2 * j]! > lo) {
      ranges[2 * j + 2] = ranges[2 * j]!;
      ranges[2 * j + 3] = ranges[2 * j + 1]!;
      j--;
    }
    ranges[2 * j + 2] = lo;
    ranges[2 * j + 3] = hi;
  }
}

/** Walks the row's touched columns and reports spans and masks to the sink. */
function sweepRow(y: number, clipX: number, width: number, evenOdd: boolean, sink: CoverageSink): void {
  sortRanges();
  let acc = 0;
  let pos = 1; // the next column index not yet reported
  for (let r = 0; r < rangeCount; ) {
    const lo = ranges[2 * r]!;
    let hi = ranges[2 * r + 1]!;
    for (r++; r < rangeCount && ranges[2 * r]! <= hi + 1; r++) hi = Math.max(hi, ranges[2 * r + 1]!);
    if (lo > pos) {
      const cov = coverageOf(acc, evenOdd);
      if (cov > 0) sink.solid(y, clipX + pos - 1, lo - pos, cov);
    }
    let i = lo;
    if (i === 0) {
      acc += cover[0]!;
      cover[0] = 0;
      i = 1;
    }
    const from = i;
    for (; i <= hi; i++) {
      mask[i] = coverageOf(acc + area[i]!, evenOdd);
      acc += cover[i]!;
      area[i] = 0;
      cover[i] = 0;
    }
    if (hi >= from) sink.mask(y, clipX + from - 1, hi - from + 1, mask, from);
    pos = Math.max(pos, hi + 1);
  }
  if (pos <= width) {
    const cov = coverageOf(acc, evenOdd);
    if (cov > 0) sink.solid(y, clipX + pos - 1, width - pos + 1, cov);
  }
  rangeCount = 0;
}

/** Fills the closed outlines `lines` under `rule`, reporting coverage inside `clip` to `sink`. */
export function rasterize(lines: readonly Polyline[], clip: Readonly<Rect>, rule: FillRule, sink: CoverageSink): void {
  const count = edgesOf(lines);
  if (count === 0 || clip.w <= 0 || clip.h <= 0) return;
  const width = clip.w;
  if (area.length < width + 1) {
    area = new Float64Array(width + 1);
    cover = new Float64Array(width + 1);
    mask = new Uint8Array(width + 1);
  }
  let yMax = -Infinity;
  for (let e = 0; e < count; e++) if (eBot[e]! > yMax) yMax = eBot[e]!;
  const y0 = Math.max(clip.y, Math.floor(eTop[order[0]!]!));
  const y1 = Math.min(clip.y + clip.h, Math.ceil(yMax));
  const evenOdd = rule === 'evenodd';
  let activeCount = 0;
  let next = 0;
  for (let y = y0; y < y1; y++) {
    while (next < count && eTop[order[next]!]! < y + 1) active[activeCount++] = order[next++]!;
    let keep = 0;
    for (let k = 0; k < activeCount; k++) {
      const e = active[k]!;
      const top = eTop[e]!,
        bot = eBot[e]!;
      if (bot <= y) continue;
      active[keep++] = e;
      const ya = Math.max(top, y);
      const yb = Math.min(bot, y + 1);
      const xa = eX[e]! + (ya - top) * eSlope[e]! - clip.x + 1;
      const xb = eX[e]! + (yb - top) * eSlope[e]! - clip.x + 1;
      addPiece(xa, xb, (yb - ya) * eWinding[e]!, width);
    }
    activeCount = keep;
    if (rangeCount > 0) sweepRow(y, clip.x, width, evenOdd, sink);
  }
}
