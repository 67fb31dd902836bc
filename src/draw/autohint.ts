/**
 * Vertical grid fitting of glyph outlines ("light" autohinting), so that small text
 * looks like the text every Linux UI stack draws: Skia (and Cairo) ask FreeType for
 * light hinting, which runs FreeType's autohinter in the vertical direction only. This
 * module reimplements that algorithm as FreeType's documentation and sources describe it
 * (its steps and heuristic constants; the code is fbkit's, in floating point with
 * FreeType's 1/64 px rounding where a rounding decides a pixel row), checked point by
 * point against FreeType's output and pixel by pixel against Skia (test/draw/skia-agreement).
 *
 * Per face, once (faceMetrics): the Latin blue zones, heights that line up across
 * glyphs (cap height "THEZOCQS", baseline "HEZLOCUS", ascender "fijkdbh", x-height "uvxzoesc"
 * and lowercase baseline "nrxzoesc", descender "pqgjy"), each as a flat reference height and a
 * round overshoot height (medians over those letters); and the thickness of the
 * horizontal bars of 'o' (the standard width).
 *
 * Per glyph and size (hintGlyph), vertically only (x is never moved, so subpixel
 * positioning and advances stay exact):
 *  1. The vertical scale is stretched so that the x-height's overshoot lands on a whole
 *     pixel (rounded up from 3/8 px), if that moves the em by less than 2 px.
 *  2. Horizontal runs of the outline (segments) are found, paired into stems (the bottom
 *     of some ink and the top of it, overlapping), and merged into edges of equal height.
 *  3. Edges within ½ px of a blue zone snap to its rounded height (zones with more than
 *     ¾ px of overshoot are off: large sizes keep their shapes), the other edge of their
 *     stem follows at the stem's unrounded width; other stems are placed so that one side
 *     sits on the pixel grid; lone edges are interpolated between fitted ones.
 *  4. Points on edges take the edge's height; other corners are interpolated between
 *     the edges around them; smooth and control points between their touched neighbours
 *     on the contour (TrueType's IUP).
 *  5. Dots and accents (i, j, é, ...) are pushed up to stay a pixel clear of the letter;
 *     tails beyond a letter's zones (Q, ç) and marks standing alone (^ ` ~ ´) snap to no
 *     zone.
 * The size-independent part (directions, segments, stems) is computed once per glyph.
 * Stem widths are never rounded (that is what makes the mode "light"): text keeps its
 * weight and shape; its horizontal features line up with pixel rows.
 */
import { type Contour, ON_CURVE, QUAD_CONTROL } from './path.js';
import type { OutlineFace } from './outline-font.js';

/** Directions of a vector between outline points; NONE when it is diagonal (never −NONE). */
const RIGHT = 1,
  LEFT = -1,
  UP = 2,
  DOWN = -2,
  NONE = 4;

/**
 * FreeType works in 1/64 px with 16.16 scales, and where a height lies exactly halfway
 * its rounding decides a whole pixel row, so values are quantised the same way here.
 */
const to64 = (px: number) => Math.round(px * 64) / 64;
const toScale = (pxPerUnit: number) => Math.round(pxPerUnit * 64 * 65536) / (64 * 65536);

interface Zone {
  top: boolean;
  /** Flat and round heights, font units. */
  ref: number;
  shoot: number;
  xHeight: boolean;
  /** The baseline zone of lowercase letters. */
  smallBottom: boolean;
  /** The cap-height or capitals' baseline zone. */
  capital: boolean;
}

export interface HintMetrics {
  unitsPerEm: number;
  zones: Zone[];
  /** Glyphs whose top part (a dot or accent) is kept a pixel clear of the rest. */
  separateTop: Set<number>;
  /** Accents and other marks that sit anywhere: they take no blue zone. */
  marks: Set<number>;
  /** Letters with a tilde above, which is stretched and centred on its own. */
  tildes: Set<number>;
  /** Glyphs whose parts far beyond the letter's own zones take no blue zone, per side (IGNORE). */
  ignore: Map<number, number>;
  /** Thicknesses of the horizontal stems of 'o', font units, ascending (may be empty). */
  widths: number[];
  /** The same for superscripts, and which glyphs are superscripts. */
  superscript: { zones: Zone[]; widths: number[] };
  superscripts: Set<number>;
}

interface ZoneDef {
  chars: string;
  top: boolean;
  xHeight?: boolean;
  smallBottom?: boolean;
  capital?: boolean;
}

const ZONES: ZoneDef[] = [
  { chars: 'THEZOCQS', top: true, capital: true },
  { chars: 'HEZLOCUS', top: false, capital: true },
  { chars: 'fijkdbh', top: true },
  { chars: 'uvxzoesc', top: true, xHeight: true },
  { chars: 'nrxzoesc', top: false, smallBottom: true },
  { chars: 'pqgjy', top: false },
];

/**
 * Superscript letters and digits (ª º ¹ ² ³ ⁰…⁹ ʰ ᵃ …) have zones of their own, from
 * superscript letters, and their standard width from 'ᵒ' (FreeType's "latp" style).
 */
const SUPERSCRIPT_ZONES: ZoneDef[] = [
  { chars: '⁰³⁵⁷ᵀᴴᴱᴼ', top: true, capital: true },
  { chars: '⁰¹²³ᴱᴸᴼᵁ', top: false, capital: true },
  { chars: 'ᵇᵈᵏʰʲᶠⁱ', top: true },
  { chars: 'ᵉᵒʳˢˣᶜᶻ', top: true, xHeight: true },
  { chars: 'ᵉᵒʳˢˣᶜᶻ', top: false },
  { chars: 'ᵖʸᵍ', top: false },
];
const SUPERSCRIPTS = [
  [0xaa, 0xaa],
  [0xb2, 0xb3],
  [0xb9, 0xba],
  [0x2b0, 0x2b8],
  [0x2e0, 0x2e4],
  [0x1d2c, 0x1d61],
  [0x1d78, 0x1d78],
  [0x1d9b, 0x1dbf],
  [0x2070, 0x207f],
  [0x2c7d, 0x2c7d],
  [0xa770, 0xa770],
  [0xa7f1, 0xa7f1],
  [0xa7f8, 0xa7f9],
  [0xab5c, 0xab5f],
  [0xab69, 0xab69],
].flatMap(([a, b]) => range(a!, b!));

/**
 * Letters with a dot or accent above (i, j, and Latin-1's accented letters): after
 * fitting, their top contour is pushed up to keep a pixel of space below it, as
 * FreeType's autohinter has done since 2.14 (its "vertical separation adjustment").
 */
const SEPARATE_TOP = [0x69, 0x6a, 0xa1, 0xaa, 0xba, 0xbf, ...range(0xc0, 0xc5), ...range(0xc8, 0xcf), ...range(0xd1, 0xd6)].concat(
  range(0xd9, 0xdd),
  range(0xe0, 0xe5),
  range(0xe8, 0xef),
  range(0xf1, 0xf6),
  range(0xf9, 0xfd),
  [0x128, 0x129, 0x168, 0x169],
);

/** Letters with a tilde above (Ã Ñ Õ ã ñ õ Ĩ ĩ Ũ ũ): FreeType stretches the tilde to show its wave. */
const TILDES = [0xc3, 0xd1, 0xd5, 0xe3, 0xf1, 0xf5, 0x128, 0x129, 0x168, 0x169];

/**
 * Letters with parts beyond the zones of their kind (Q's tail, ç's cedilla, ø's
 * stroke): those parts snap to no blue zone (FreeType 2.14's list, Latin-1).
 */
const CAPITAL = 1,
  TOP = 2,
  BOTTOM = 4;
const IGNORE: [number, number][] = [
  [0x51, CAPITAL | BOTTOM],
  [0xc7, CAPITAL | BOTTOM],
  [0xd8, CAPITAL | TOP | BOTTOM],
  [0xe7, BOTTOM],
  [0xf8, TOP | BOTTOM],
];

/** Marks of Latin text (FreeType's list of its non-base characters): ^ _ ` ~ ¨ ´ ¸ and combining accents. */
const MARKS = [
  [0x5e, 0x60],
  [0x7e, 0x7e],
  [0xa8, 0xa9],
  [0xae, 0xb0],
  [0xb4, 0xb4],
  [0xb8, 0xb8],
  [0xbc, 0xbe],
  [0x2b9, 0x2df],
  [0x2e5, 0x2ff],
  [0x300, 0x36f],
  [0x1ab0, 0x1aeb],
  [0x1dc0, 0x1dff],
  [0x2017, 0x2017],
  [0x203e, 0x203e],
  [0xa788, 0xa788],
  [0xa7f8, 0xa7fa],
].flatMap(([a, b]) => range(a!, b!));

function range(a: number, b: number): number[] {
  return Array.from({ length: b - a + 1 }, (_, i) => a + i);
}

/** One outline point during hinting. */
interface Pt {
  /** Font units. */
  fx: number;
  fy: number;
  /** Scaled y before fitting and fitted y, pixels up from the baseline. */
  oy: number;
  y: number;
  control: boolean;
  inDir: number;
  outDir: number;
  weak: boolean;
  touched: boolean;
  prev: Pt;
  next: Pt;
  /** The next and previous points that count for directions (not near, not weak). */
  nextU: Pt;
  prevV: Pt;
}

interface Segment {
  dir: number;
  /** Height (font units) and horizontal extent. */
  pos: number;
  min: number;
  max: number;
  round: boolean;
  first: Pt;
  last: Pt;
  link: Segment | null;
  serif: Segment | null;
  score: number;
  edge: Edge | null;
}

interface Edge {
  fpos: number;
  opos: number;
  pos: number;
  dir: number;
  round: boolean;
  segments: Segment[];
  link: Edge | null;
  serif: Edge | null;
  /** The fitted height of the blue zone the edge lies in. */
  blue: number | null;
  /** Never aligned to a blue zone (a part beyond its letter's zones). */
  noBlue: boolean;
  done: boolean;
  /** Pixels per font unit from this edge to the next (interpolation, computed once). */
  scale: number;
}

/** One glyph's outline prepared for hinting. */
interface Glyph {
  /** All points, contour after contour. */
  points: Pt[];
  rings: Pt[][];
  /** Per contour point: its Pt, or null for an implied on-curve point. */
  map: (Pt | null)[][];
}

function direction(dx: number, dy: number): number {
  const ax = Math.abs(dx),
    ay = Math.abs(dy);
  // Only when the long arm is more than 14× the short one (about 4°).
  if (ax > ay) return ax > 14 * ay ? (dx > 0 ? RIGHT : LEFT) : NONE;
  return ay > 14 * ax ? (dy >= 0 ? UP : DOWN) : NONE;
}

/** FreeType's cheap vector length. */
function hypot(x: number, y: number): number {
  const a = Math.abs(x),
    b = Math.abs(y);
  return a > b ? a + (3 * b) / 8 : b + (3 * a) / 8;
}

/** True when the turn from `in` to `out` is slight (a point inside a smooth curve). */
function flatCorner(ix: number, iy: number, ox: number, oy: number): boolean {
  const dHypot = hypot(ix + ox, iy + oy);
  return hypot(ix, iy) + hypot(ox, oy) - dHypot < dHypot / 16;
}

const sameSign = (a: number, b: number) => a >= 0 === b >= 0;

/**
 * True for an on-curve point halfway between two quadratic control points: TrueType
 * stores no such point (it is implied), so it takes no part in hinting.
 */
function impliedOn(c: Contour, k: number): boolean {
  const n = c.xs.length,
    a = (k + n - 1) % n,
    b = (k + 1) % n;
  return (
    c.kinds[k] === ON_CURVE &&
    c.kinds[a] === QUAD_CONTROL &&
    c.kinds[b] === QUAD_CONTROL &&
    Math.abs(c.xs[a]! + c.xs[b]! - 2 * c.xs[k]!) < 1e-6 &&
    Math.abs(c.ys[a]! + c.ys[b]! - 2 * c.ys[k]!) < 1e-6
  );
}

/** Contours without repeated on-curve points (zero-length lines carry no direction). */
function cleaned(contours: Contour[]): Contour[] {
  return contours.map((c) => {
    const out: Contour = { xs: [], ys: [], kinds: [], closed: c.closed };
    c.xs.forEach((x, i) => {
      const m = out.xs.length - 1;
      if (m >= 0 && c.kinds[i] === ON_CURVE && out.kinds[m] === ON_CURVE && out.xs[m] === x && out.ys[m] === c.ys[i]) return;
      out.xs.push(x);
      out.ys.push(c.ys[i]!);
      out.kinds.push(c.kinds[i]!);
    });
    return out;
  });
}

/** The points of `contours` with their directions and weak flags (FreeType's reload). */
function load(contours: Contour[], unitsPerEm: number): Glyph {
  const points: Pt[] = [],
    rings: Pt[][] = [],
    map: (Pt | null)[][] = [];
  for (const c of contours) {
    const ring: Pt[] = [];
    const row = c.xs.map((x, i) => {
      if (impliedOn(c, i)) return null;
      const p = {
        fx: x,
        fy: c.ys[i]!,
        oy: 0,
        y: 0,
        control: c.kinds[i] !== ON_CURVE,
        inDir: NONE,
        outDir: NONE,
        weak: false,
        touched: false,
      } as Pt;
      ring.push(p);
      return p;
    });
    map.push(row);
    if (ring.length < 2) continue;
    ring.forEach((p, i) => {
      p.next = ring[(i + 1) % ring.length]!;
      p.prev = ring[(i + ring.length - 1) % ring.length]!;
      p.nextU = p.prevV = p;
    });
    rings.push(ring);
    points.push(...ring);
  }
  // Directions: a run of points closer than `near` to each other counts as one point.
  const near = Math.trunc((20 * unitsPerEm) / 2048),
    near2 = 2 * near - 1;
  const taxi = (a: Pt, b: Pt) => Math.abs(a.fx - b.fx) + Math.abs(a.fy - b.fy);
  for (const ring of rings) {
    let first = ring[0]!;
    for (let prev = first.prev, p = first; prev !== ring[0]; p = prev, prev = prev.prev) {
      if (taxi(p, prev) >= near2) break;
      first = prev;
    }
    let curr = first,
      next = first,
      ox = 0,
      oy = 0;
    first.nextU = first.prevV = first;
    do {
      const p = next;
      next = p.next;
      ox += next.fx - p.fx;
      oy += next.fy - p.fy;
      if (Math.abs(ox) + Math.abs(oy) < near) {
        next.weak = true;
        continue;
      }
      curr.nextU = next;
      next.prevV = curr;
      const dir = direction(ox, oy);
      curr.outDir = dir;
      for (curr = curr.next; curr !== next; curr = curr.next) curr.inDir = curr.outDir = dir;
      next.inDir = dir;
      curr.nextU = first;
      first.prevV = curr;
      ox = oy = 0;
    } while (next !== first);
  }
  // Diagonal runs into one quadrant act as one long vector: their inner points are weak.
  for (const p of points) {
    if (p.weak || p.inDir !== NONE || p.outDir !== NONE) continue;
    const u = p.nextU,
      v = p.prevV;
    if (sameSign(p.fx - v.fx, u.fx - p.fx) && sameSign(p.fy - v.fy, u.fy - p.fy)) {
      p.weak = true;
      v.nextU = u;
      u.prevV = v;
    }
  }
  // Control points, points inside straight runs or smooth curves, and spikes are weak.
  for (const p of points) {
    if (p.weak) continue;
    if (p.control) p.weak = true;
    else if (p.outDir === p.inDir) {
      if (p.outDir !== NONE) p.weak = true;
      else {
        const u = p.nextU,
          v = p.prevV;
        if (flatCorner(p.fx - v.fx, p.fy - v.fy, u.fx - p.fx, u.fy - p.fy)) {
          v.nextU = u;
          u.prevV = v;
          p.weak = true;
        }
      }
    } else if (p.inDir === -p.outDir) p.weak = true;
  }
  return { points, rings, map };
}

/** Which horizontal direction runs along the bottom of ink: outlines wind either way. */
function bottomDirection(g: Glyph): number {
  let area = 0;
  for (const ring of g.rings) for (const p of ring) area += p.fx * p.next.fy - p.next.fx * p.fy;
  // Clockwise (TrueType; area < 0 with y up): ink lies right of the path, so leftward runs have ink above.
  return area > 0 ? RIGHT : LEFT;
}

/** Horizontal runs of each ring (FreeType's segments), in outline order. */
function segmentsOf(g: Glyph, unitsPerEm: number): Segment[] {
  const flatThreshold = unitsPerEm / 14;
  const horizontal = (d: number) => d === RIGHT || d === LEFT;
  const out: Segment[] = [];
  for (const ring of g.rings) {
    // Start at the first point, or where the run it lies in starts (no run is split).
    let point = ring[0]!;
    if (horizontal(point.prev.outDir) && horizontal(point.outDir)) {
      const stop = point;
      do point = point.prev;
      while (horizontal(point.outDir) && point !== stop);
      if (point !== stop) point = point.next;
    }
    const last = point;
    let passed = false;
    let seg: Segment | null = null,
      prevSeg: Segment | null = null;
    // The current run's extent: heights, x with the kind of point there, x of on-curve points.
    let minPos = 0,
      maxPos = 0,
      minX = 0,
      maxX = 0,
      minControl = false,
      maxControl = false,
      onMin = Infinity,
      onMax = -Infinity;
    let prev = { minPos, maxPos, minX, maxX, minControl, maxControl, onMin, onMax };
    const isRound = () => (minControl || maxControl) && onMax - onMin < flatThreshold;
    for (;;) {
      if (seg) {
        minPos = Math.min(minPos, point.fy);
        maxPos = Math.max(maxPos, point.fy);
        if (point.fx < minX) [minX, minControl] = [point.fx, point.control];
        if (point.fx > maxX) [maxX, maxControl] = [point.fx, point.control];
        if (!point.control) [onMin, onMax] = [Math.min(onMin, point.fx), Math.max(onMax, point.fx)];
        if (point.outDir !== seg.dir || point === last) {
          if (!prevSeg || seg.first !== prevSeg.last) {
            Object.assign(seg, { last: point, pos: Math.floor((minPos + maxPos) / 2), round: isRound(), min: minX, max: maxX });
            out.push(seg);
            prevSeg = seg;
            prev = { minPos, maxPos, minX, maxX, minControl, maxControl, onMin, onMax };
          } else if (prevSeg.last.inDir === point.inDir) {
            // A zigzag along one height: one segment.
            minPos = Math.min(minPos, prev.minPos);
            maxPos = Math.max(maxPos, prev.maxPos);
            if (prev.minX < minX) [minX, minControl] = [prev.minX, prev.minControl];
            if (prev.maxX > maxX) [maxX, maxControl] = [prev.maxX, prev.maxControl];
            [onMin, onMax] = [Math.min(onMin, prev.onMin), Math.max(onMax, prev.onMax)];
            Object.assign(prevSeg, { last: point, pos: Math.floor((minPos + maxPos) / 2), round: isRound(), min: minX, max: maxX });
          } else if (prev.maxX - prev.minX > maxX - minX) {
            // A spike: the longer of the two segments stays.
            prev.minPos = Math.min(prev.minPos, minPos);
            prev.maxPos = Math.max(prev.maxPos, maxPos);
            Object.assign(prevSeg, { last: point, pos: Math.floor((prev.minPos + prev.maxPos) / 2) });
          } else {
            minPos = Math.min(minPos, prev.minPos);
            maxPos = Math.max(maxPos, prev.maxPos);
            Object.assign(prevSeg, seg, { last: point, pos: Math.floor((minPos + maxPos) / 2), round: isRound(), min: minX, max: maxX });
            prev = { minPos, maxPos, minX, maxX, minControl, maxControl, onMin, onMax };
          }
          seg = null;
        }
      }
      if (point === last) {
        if (passed) break;
        passed = true;
      }
      if (!seg && horizontal(point.outDir)) {
        seg = {
          dir: point.outDir,
          pos: 0,
          min: 0,
          max: 0,
          round: false,
          first: point,
          last: point,
          link: null,
          serif: null,
          score: 32000,
          edge: null,
        };
        minPos = maxPos = point.fy;
        minX = maxX = point.fx;
        minControl = maxControl = point.control;
        onMin = point.control ? Infinity : point.fx;
        onMax = point.control ? -Infinity : point.fx;
      }
      point = point.next;
    }
  }
  return out;
}

/**
 * Pairs segments into stems: one along `bottom` (ink above it) with one running the
 * other way above it, overlapping; the best pair wins by overlap and by how far the
 * distance exceeds `maxWidth`. A segment whose partner prefers another keeps that
 * other as its serif.
 */
function linkSegments(segments: Segment[], bottom: number, maxWidth: number, unitsPerEm: number): void {
  const lenThreshold = Math.max(1, Math.trunc((8 * unitsPerEm) / 2048));
  const lenScore = Math.trunc((6000 * unitsPerEm) / 2048);
  for (const s1 of segments) {
    if (s1.dir !== bottom) continue;
    for (const s2 of segments) {
      if (s1.dir + s2.dir !== 0 || s2.pos <= s1.pos) continue;
      const len = Math.min(s1.max, s2.max) - Math.max(s1.min, s2.min);
      if (len < lenThreshold) continue;
      const dist = s2.pos - s1.pos;
      let demerit = dist;
      if (maxWidth > 0) {
        const over = Math.trunc((dist * 1024) / maxWidth) - 1024;
        demerit = over > 10000 ? 32000 : over > 0 ? Math.trunc((over * over) / 3000) : 0;
      }
      const score = demerit + Math.trunc(lenScore / len);
      if (score < s1.score) {
        s1.score = score;
        s1.link = s2;
      }
      if (score < s2.score) {
        s2.score = score;
        s2.link = s1;
      }
    }
  }
  for (const s of segments) {
    const other = s.link;
    if (other && other.link !== s) {
      s.link = null;
      s.serif = other.link;
    }
  }
}

/** Segments grouped into edges (sorted by height), with stem and serif links. */
function edgesOf(segments: Segment[], threshold: number, scale: number, bottom: number): Edge[] {
  const edges: Edge[] = [];
  for (const seg of segments) {
    let edge = edges.find((e) => Math.abs(seg.pos - e.fpos) < threshold && e.dir === seg.dir);
    if (!edge) {
      const opos = to64(seg.pos * scale);
      edge = {
        fpos: seg.pos,
        opos,
        pos: opos,
        dir: seg.dir,
        round: false,
        segments: [],
        link: null,
        serif: null,
        blue: null,
        noBlue: false,
        done: false,
        scale: 0,
      };
      // Sorted by height; at equal heights bottom edges come after the others.
      let at = edges.length;
      while (at > 0 && !(edges[at - 1]!.fpos < seg.pos || (edges[at - 1]!.fpos === seg.pos && seg.dir === bottom))) at--;
      edges.splice(at, 0, edge);
    }
    edge.segments.push(seg);
    seg.edge = edge;
  }
  for (const e of edges) {
    let round = 0;
    for (const seg of e.segments) {
      if (seg.round) round++;
      const isSerif = seg.serif?.edge != null && seg.serif.edge !== e;
      if (!(seg.link?.edge || isSerif)) continue;
      const seg2 = (isSerif ? seg.serif : seg.link)!;
      let e2 = isSerif ? e.serif : e.link;
      // Of several partner edges, the one nearest as the segments lie.
      if (!e2 || Math.abs(seg.pos - seg2.pos) < Math.abs(e.fpos - e2.fpos)) e2 = seg2.edge!;
      if (isSerif) e.serif = e2;
      else e.link = e2;
    }
    e.round = round > 0 && round >= e.segments.length - round;
    if (e.serif && e.link) e.serif = null;
  }
  return edges;
}

/** Zone heights fitted at `scale`: [ref, shoot] in pixels, or null while the zone is off. */
function fittedZones(m: HintMetrics, scale: number): ([number, number] | null)[] {
  return m.zones.map((z) => {
    const d = to64((z.ref - z.shoot) * scale);
    if (Math.abs(d) > 0.75) return null;
    const a = Math.abs(d);
    const overshoot = a < 0.5 ? 0 : a < 0.75 ? 0.5 : 1;
    const ref = Math.round(to64(z.ref * scale));
    return [ref, ref - Math.sign(d) * overshoot];
  });
}

/** Gives each edge the fitted height of the blue zone it lies in, if any. */
function blueEdges(edges: Edge[], m: HintMetrics, zones: ([number, number] | null)[], scale: number, bottom: number): void {
  for (const e of edges) {
    if (e.noBlue) continue;
    let best = Math.min(to64(Math.trunc(m.unitsPerEm / 40) * scale), 0.5);
    m.zones.forEach((z, i) => {
      const fit = zones[i];
      // Top zones take tops of ink, bottom zones bottoms.
      if (!fit || z.top === (e.dir === bottom)) return;
      let d = to64(Math.abs(e.fpos - z.ref) * scale);
      if (d < best) {
        best = d;
        e.blue = fit[0];
      }
      // A round edge beyond the flat height may belong to the overshoot instead.
      if (e.round && d !== 0 && z.top !== e.fpos < z.ref) {
        d = to64(Math.abs(e.fpos - z.shoot) * scale);
        if (d < best) {
          best = d;
          e.blue = fit[1];
        }
      }
    });
  }
}

/**
 * Where a narrow stem (under 1½ px, width `len`) centred at `center` is centred instead:
 * on a pixel centre (up to 1 px wide) or just off it, so that a side lands on the grid.
 */
function narrowStemCenter(center: number, len: number): number {
  const up = len <= 1 ? 0.5 : 38 / 64,
    down = len <= 1 ? 0.5 : 26 / 64;
  const c = Math.round(center);
  return Math.abs(center - (c - up)) < Math.abs(center - (c + down)) ? c - up : c + down;
}

/** Half a width, truncated to 1/64 px as FreeType's integer halving does. */
const half = (len: number) => Math.trunc(Math.round(len * 64) / 2) / 64;

/** Keeps edge i from moving below the edge under it, unless that would squash its stem. */
function keepOrder(edges: Edge[], i: number): void {
  const e = edges[i]!,
    below = edges[i - 1];
  if (below && e.pos < below.pos && e.link && Math.abs(e.link.pos - below.pos) > 0.25) e.pos = below.pos;
}

/** Places every edge (FreeType's light mode: stem widths are kept). */
function fitEdges(edges: Edge[]): void {
  let anchor: Edge | null = null;
  // Blue edges, and the other edge of their stems.
  for (const e of edges) {
    if (e.done) continue;
    let base: Edge | null = null,
      other = e.link;
    if (e.blue !== null) base = e;
    else if (other && other.blue !== null) {
      base = other;
      other = e;
    }
    if (!base) continue;
    base.pos = base.blue!;
    base.done = true;
    if (other && other.blue === null) {
      other.pos = base.pos + (other.opos - base.opos);
      other.done = true;
    }
    anchor ??= e;
  }
  // The other stems, in order, each placed relative to the first one placed.
  let lone = false;
  edges.forEach((e, i) => {
    if (e.done) return;
    const e2 = e.link;
    if (!e2) {
      lone = true;
      return;
    }
    const len = e2.opos - e.opos;
    if (e2.blue !== null) {
      e.pos = e2.pos - len;
      e.done = true;
      return;
    }
    if (!anchor) {
      e.pos = len < 1.5 ? narrowStemCenter(e.opos + Math.floor(len * 32) / 64, len) - half(len) : Math.round(e.opos);
      e2.pos = e.pos + len;
      anchor = e;
      e.done = true;
      return;
    }
    const orgPos = anchor.pos + (e.opos - anchor.opos);
    const center = orgPos + Math.floor(len * 32) / 64;
    if (e2.done) e.pos = e2.pos - len;
    else if (len < 1.5) {
      const c = narrowStemCenter(center, len);
      e.pos = c - half(len);
      e2.pos = c + half(len);
    } else {
      const p1 = Math.round(orgPos),
        p2 = Math.round(orgPos + len) - len;
      e.pos = Math.abs(p1 + half(len) - center) < Math.abs(p2 + half(len) - center) ? p1 : p2;
      e2.pos = e.pos + len;
    }
    e.done = e2.done = true;
    keepOrder(edges, i);
  });
  if (!lone && anchor) return;
  // Serifs follow their stem; lone edges are interpolated between fitted ones.
  edges.forEach((e, i) => {
    if (e.done) return;
    if (e.serif && Math.abs(e.serif.opos - e.opos) < 1.25) e.pos = e.serif.pos + (e.opos - e.serif.opos);
    else if (!anchor) {
      e.pos = Math.round(e.opos);
      anchor = e;
    } else {
      let before = -1,
        after = -1;
      for (let k = i - 1; k >= 0 && before < 0; k--) if (edges[k]!.done) before = k;
      for (let k = i + 1; k < edges.length && after < 0; k++) if (edges[k]!.done) after = k;
      if (before >= 0 && after >= 0) {
        const b = edges[before]!,
          a = edges[after]!;
        e.pos = a.opos === b.opos ? b.pos : b.pos + to64(((e.opos - b.opos) * (a.pos - b.pos)) / (a.opos - b.opos));
      } else e.pos = anchor.pos + Math.floor((e.opos - anchor.opos) * 2 + 0.5) / 2;
    }
    e.done = true;
    keepOrder(edges, i);
    const above = edges[i + 1];
    if (above?.done && e.pos > above.pos && e.link && Math.abs(e.link.pos - (edges[i - 1]?.pos ?? 0)) > 0.25) e.pos = above.pos;
  });
}

/** Moves every point: onto its edge, between edges, or between touched neighbours. */
function alignPoints(g: Glyph, segments: Segment[], edges: Edge[]): void {
  for (const seg of segments) {
    for (let p = seg.first; ; p = p.next) {
      p.y = seg.edge!.pos;
      p.touched = true;
      if (p === seg.last) break;
    }
  }
  if (edges.length > 0) {
    const first = edges[0]!,
      last = edges[edges.length - 1]!;
    for (const p of g.points) {
      if (p.touched || p.weak) continue;
      if (p.fy <= first.fpos) p.y = first.pos - (first.opos - p.oy);
      else if (p.fy >= last.fpos) p.y = last.pos + (p.oy - last.opos);
      else {
        let k = 0;
        while (edges[k]!.fpos < p.fy) k++;
        const b = edges[k - 1]!,
          a = edges[k]!;
        if (a.fpos === p.fy) p.y = a.pos;
        else {
          b.scale ||= (a.pos - b.pos) / (a.fpos - b.fpos);
          p.y = b.pos + to64((p.fy - b.fpos) * b.scale);
        }
      }
      p.touched = true;
    }
  }
  for (const ring of g.rings) interpolateUntouched(ring);
}

/** Untouched points of a ring follow the touched ones around them (TrueType's IUP). */
function interpolateUntouched(ring: Pt[]): void {
  const touched = ring.filter((p) => p.touched);
  if (touched.length === 0) {
    for (const p of ring) p.y = p.oy;
    return;
  }
  if (touched.length === 1) {
    const d = touched[0]!.y - touched[0]!.oy;
    for (const p of ring) if (!p.touched) p.y = p.oy + d;
    return;
  }
  for (const r1 of touched) {
    let r2 = r1.next;
    while (!r2.touched) r2 = r2.next;
    const lo = r1.oy <= r2.oy ? r1 : r2,
      hi = lo === r1 ? r2 : r1;
    for (let p = r1.next; p !== r2; p = p.next) {
      if (p.oy <= lo.oy) p.y = p.oy + (lo.y - lo.oy);
      else if (p.oy >= hi.oy) p.y = p.oy + (hi.y - hi.oy);
      else if (lo.y === hi.y) p.y = lo.y;
      else p.y = lo.y + to64(((p.oy - lo.oy) * (hi.y - lo.y)) / (hi.oy - lo.oy));
    }
  }
}

/** Marks the edges beyond the letter's zones (by a seventh of its height and ¼ px) as taking no zone. */
function ignoreBeyondZones(edges: Edge[], m: HintMetrics, zones: ([number, number] | null)[], scale: number, how: number): void {
  const capital = (how & CAPITAL) !== 0;
  const find = (top: boolean) =>
    m.zones.findIndex((z, i) => zones[i] && (capital ? z.capital && z.top === top : top ? z.xHeight : z.smallBottom));
  const t = find(true),
    b = find(false);
  if (t < 0 || b < 0) return;
  const top = to64(m.zones[t]!.shoot * scale),
    bottom = to64(m.zones[b]!.shoot * scale);
  const margin = Math.trunc(((top - bottom) * 64) / 7) / 64 + 0.25;
  for (const e of edges) {
    if (((how & TOP) !== 0 && e.pos > top + margin) || ((how & BOTTOM) !== 0 && e.pos < bottom - margin)) e.noBlue = true;
  }
}

/**
 * Pushes the top contour (with any contour as high) up until it clears everything
 * under it by a pixel, when hinting brought them closer; only for a top part no taller
 * than an accent (⅔ of the x-height) that lies over the rest.
 */
function separateTop(g: Glyph, m: HintMetrics, scale: number, tilde: boolean): void {
  const rings = g.rings.filter((r) => r.length > 2);
  if (rings.length < 2) return;
  const xs = rings.map((r) => [Math.min(...r.map((p) => p.fx)), Math.max(...r.map((p) => p.fx))] as const);
  const ys = rings.map((r) => [Math.min(...r.map((p) => p.y)), Math.max(...r.map((p) => p.y))] as const);
  let high = 0;
  ys.forEach(([lo, hi], i) => {
    if (hi > ys[high]![1] || (hi === ys[high]![1] && lo > ys[high]![0])) high = i;
  });
  const others = xs.filter((_, i) => i !== high);
  const oMin = Math.min(...others.map((x) => x[0])),
    oMax = Math.max(...others.map((x) => x[1]));
  const [hMin, hMax] = xs[high]!;
  if (!((oMin <= hMax && hMax <= oMax) || (oMin <= hMin && hMin <= oMax) || (hMax >= oMax && hMin <= oMin))) return;
  const [low, top] = ys[high]!;
  // At most ⅔ of the lowercase zones' height (or ½ of the capitals', or 0.4 em) tall.
  const active = fittedZones(m, scale);
  const zone = (f: (z: Zone) => boolean) => {
    const i = m.zones.findIndex(f);
    return i >= 0 && active[i] ? to64(m.zones[i]!.shoot * scale) : null;
  };
  const xTop = zone((z) => z.xHeight),
    xBottom = zone((z) => z.smallBottom),
    capTop = zone((z) => z.capital && z.top),
    capBottom = zone((z) => z.capital && !z.top);
  const limit =
    xTop !== null && xBottom !== null
      ? to64((2 * (xTop - xBottom)) / 3)
      : capTop !== null && capBottom !== null
        ? to64((capTop - capBottom) / 2)
        : to64(Math.trunc((m.unitsPerEm * 4) / 10) * scale);
  if (top - low > limit) return;
  let gap = 1;
  ys.forEach(([lo, hi], i) => {
    const d = low - hi;
    if (i !== high && d < 1 && d < gap && lo < low) gap = d;
  });
  const lift = 1 - gap;
  // A tilde under 3 px was centred on the grid (fitTilde): a lift that only undoes that is not made.
  const h = top - low;
  const recentre = tilde && Number.isInteger(low + lift) && h < 3 ? Math.trunc(((Math.round(h) - h) * 64) / 2) / 64 : 0;
  if (lift + recentre === 0 || lift + recentre < -2 / 64 || (lift > 66 / 64 && lift + recentre > 66 / 64)) return;
  const floor = low - Math.trunc((top - low) * 8) / 64;
  ys.forEach(([lo, hi], i) => {
    if (lo < hi && lo > floor) for (const p of rings[i]!) p.y += lift;
  });
}

/**
 * A tilde over a letter, before the rest is fitted: stretched to at least a pixel more
 * than the depth of its wave (so the wave shows), its bottom (under 3 px tall: its
 * middle) put on the grid; it and whatever lies above its bottom are then left as they
 * are (their on-curve points count as touched, their control points follow).
 */
function fitTilde(tilde: Pt[], above: Pt[][]): void {
  let low = Infinity,
    high = -Infinity;
  for (const p of tilde) [low, high] = [Math.min(low, p.y), Math.max(high, p.y)];
  const height = high - low;
  if (height > 0) {
    // The wave's depth: from a flat inner extremum to the far side.
    let depth = Infinity;
    for (const p of tilde) {
      if (p.control || !p.prev.control || !p.next.control || p.prev.y !== p.y || p.next.y !== p.y || p.y === low || p.y === high) continue;
      let before = p.prev,
        after = p.next;
      while (before.control) before = before.prev;
      while (after.control) after = after.next;
      const d = before.y > p.y && after.y > p.y ? p.y - low : before.y < p.y && after.y < p.y ? high - p.y : -1;
      if (d >= Math.trunc(height * 8) / 64) depth = Math.min(depth, d);
    }
    const target = (depth === Infinity ? 0 : depth) + 1;
    if (height < target) for (const p of tilde) p.y = low + Math.trunc(((p.y - low) * 64 * target) / height) / 64;
  }
  low = Infinity;
  high = -Infinity;
  for (const p of tilde) [low, high] = [Math.min(low, p.y), Math.max(high, p.y)];
  let delta = Math.round(low) - low;
  if (high - low < 3) delta += Math.trunc(((Math.round(high - low) - (high - low)) * 64) / 2) / 64;
  for (const p of tilde) p.y += delta;
  for (const ring of above) for (const p of ring) p.touched = !p.control;
}

/** The extreme height of `glyph` and whether it is round there (for the blue zones). */
function extremum(face: OutlineFace, glyph: number, top: boolean): { y: number; round: boolean } | null {
  // Single-point contours are anchors, never drawn.
  const contours = cleaned(face.outline(glyph).contours()).filter((c) => c.xs.length > 1);
  let best: { c: Contour; i: number } | null = null;
  for (const c of contours) {
    c.ys.forEach((y, i) => {
      if (!impliedOn(c, i) && (!best || (top ? y > best.c.ys[best.i]! : y < best.c.ys[best.i]!))) best = { c, i };
    });
  }
  if (!best) return null;
  const { c, i } = best as { c: Contour; i: number };
  const n = c.xs.length,
    y = c.ys[i]!,
    x = c.xs[i]!;
  const on = (k: number) => c.kinds[k] === ON_CURVE;
  // The run of points around it at (nearly) the same height: its ends, and its on-curve extent.
  let first = i,
    last = i,
    onMin = on(i) ? x : Infinity,
    onMax = on(i) ? x : -Infinity;
  for (const step of [-1, 1]) {
    for (let k = (i + step + n) % n; k !== i; k = (k + step + n) % n) {
      if (impliedOn(c, k)) continue;
      const d = Math.abs(c.ys[k]! - y);
      if (d > 5 && Math.abs(c.xs[k]! - x) <= 20 * d) break;
      if (step < 0) first = k;
      else last = k;
      if (on(k)) [onMin, onMax] = [Math.min(onMin, c.xs[k]!), Math.max(onMax, c.xs[k]!)];
    }
  }
  const flat = onMax - onMin > face.unitsPerEm / 14;
  return { y, round: !flat && (!on(first) || !on(last)) };
}

/** Sorted, with widths closer than `threshold` to a group's first merged into their mean. */
function quantizeWidths(widths: number[], threshold: number): number[] {
  const sorted = [...widths].sort((a, b) => a - b);
  const out: number[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j < sorted.length && sorted[j]! - sorted[i]! <= threshold) j++;
    out.push(Math.trunc(sorted.slice(i, j).reduce((s, w) => s + w, 0) / (j - i)));
    i = j;
  }
  return out;
}

const metricsCache = new WeakMap<OutlineFace, HintMetrics>();

/** The face's blue zones and standard widths (computed once per face). */
export function faceMetrics(face: OutlineFace): HintMetrics {
  let m = metricsCache.get(face);
  if (m) return m;
  const glyphs = (cps: number[]) => new Set(cps.map((cp) => face.glyphIndex(cp)).filter((g) => g !== 0));
  m = {
    unitsPerEm: face.unitsPerEm,
    zones: zonesOf(face, ZONES),
    widths: widthsOf(face, 'o'),
    superscript: { zones: zonesOf(face, SUPERSCRIPT_ZONES), widths: widthsOf(face, 'ᵒᴼ⁰') },
    superscripts: glyphs(SUPERSCRIPTS),
    separateTop: glyphs(SEPARATE_TOP),
    marks: glyphs(MARKS),
    tildes: glyphs(TILDES),
    ignore: new Map(IGNORE.map(([cp, how]) => [face.glyphIndex(cp), how] as [number, number]).filter(([g]) => g !== 0)),
  };
  metricsCache.set(face, m);
  return m;
}

/** The blue zones `defs` describe, as the face draws those letters (zones without any are left out). */
function zonesOf(face: OutlineFace, defs: ZoneDef[]): Zone[] {
  const zones: Zone[] = [];
  for (const { chars, top, xHeight, smallBottom, capital } of defs) {
    const flats: number[] = [],
      rounds: number[] = [];
    for (const ch of chars) {
      const g = face.glyphIndex(ch.codePointAt(0)!);
      const e = g === 0 ? null : extremum(face, g, top);
      if (e) (e.round ? rounds : flats).push(e.y);
    }
    if (flats.length + rounds.length === 0) continue;
    const median = (a: number[]) => a.sort((p, q) => p - q)[a.length >> 1]!;
    let ref = flats.length ? median(flats) : median(rounds);
    let shoot = rounds.length ? median(rounds) : ref;
    // An overshoot on the wrong side of the flat height is noise: use the middle.
    if (shoot !== ref && top !== shoot > ref) ref = shoot = Math.trunc((ref + shoot) / 2);
    zones.push({ top, ref, shoot, xHeight: xHeight ?? false, smallBottom: smallBottom ?? false, capital: capital ?? false });
  }
  // Zones must not overlap: sorted by their bottoms, a zone's top is lowered to the next one's.
  const bottomOf = (z: Zone) => (z.top ? z.ref : z.shoot);
  const sorted = [...zones].sort((a, b) => bottomOf(a) - bottomOf(b));
  for (let i = 0; i + 1 < sorted.length; i++) {
    const a = sorted[i]!,
      b = sorted[i + 1]!;
    const next = b.top ? b.shoot : b.ref;
    if (a.top && a.shoot > next) a.shoot = next;
    else if (!a.top && a.ref > next) a.ref = next;
  }
  return zones;
}

/** Horizontal stem thicknesses of the first of `chars` the face has (its standard letter). */
function widthsOf(face: OutlineFace, chars: string): number[] {
  const o = [...chars].map((ch) => face.glyphIndex(ch.codePointAt(0)!)).find((g) => g !== 0);
  if (o === undefined) return [];
  const g = load(cleaned(face.outline(o).contours()), face.unitsPerEm);
  const segs = segmentsOf(g, face.unitsPerEm);
  linkSegments(segs, bottomDirection(g), 0, face.unitsPerEm);
  const stems = segs.filter((s) => s.link && s.link.link === s && s.link.pos > s.pos).map((s) => s.link!.pos - s.pos);
  return quantizeWidths(stems, Math.trunc(face.unitsPerEm / 100));
}

/** The vertical scale for `size`: stretched so the x-height's overshoot fits whole pixels. */
function fittedScale(m: HintMetrics, size: number): number {
  const scale = toScale(size / m.unitsPerEm);
  const x = m.zones.find((z) => z.xHeight);
  if (!x) return scale;
  const scaled = to64(x.shoot * scale);
  const fitted = Math.floor(scaled + 40 / 64);
  if (fitted <= 0 || fitted === scaled) return scale;
  const stretched = toScale((scale * fitted) / scaled);
  // Only while the em changes by less than 2 px.
  return Math.abs(m.unitsPerEm * (stretched - scale)) < 2 ? stretched : scale;
}

/**
 * The glyph's contours at `size` px per em, grid-fitted vertically: x in pixels
 * (unhinted), y in pixels up from the baseline.
 */
export function hintGlyph(face: OutlineFace, glyph: number, size: number): Contour[] {
  const base = faceMetrics(face);
  const m = base.superscripts.has(glyph) ? { ...base, ...base.superscript } : base;
  // A face without the letters zones come from (symbols, other scripts) is not hinted, as in FreeType.
  if (m.zones.length === 0) return scaled(face, glyph, size);
  const { contours, g, segments, bottom, tilde, above } = analysis(face, m, glyph);
  const scale = fittedScale(m, size);
  for (const p of g.points) {
    p.y = p.oy = to64(p.fy * scale);
    p.touched = false;
  }
  if (tilde) fitTilde(tilde, above);
  const std = m.widths[0] ?? Math.trunc((50 * m.unitsPerEm) / 2048);
  // Segments closer than ¼ px (or a fifth of the standard width) form one edge.
  const threshold = Math.round(Math.min(to64(Math.trunc(std / 5) * scale), 0.25) / scale);
  const edges = edgesOf(segments, threshold, scale, bottom);
  const zones = fittedZones(m, scale);
  const how = m.ignore.get(glyph);
  if (how) ignoreBeyondZones(edges, m, zones, scale, how);
  if (!m.marks.has(glyph)) blueEdges(edges, m, zones, scale, bottom);
  fitEdges(edges);
  alignPoints(g, segments, edges);
  if (m.separateTop.has(glyph)) separateTop(g, m, scale, tilde !== null);
  const k = toScale(size / m.unitsPerEm);
  return contours.map((c, ci) => {
    const row = g.map[ci]!;
    const n = row.length;
    const xs = new Array<number>(n),
      ys = new Array<number>(n);
    for (let i = 0; i < n; i++) {
      const p = row[i];
      xs[i] = to64(c.xs[i]! * k);
      ys[i] = p ? to64(p.next ? p.y : c.ys[i]! * scale) : 0;
    }
    // Implied points stay halfway between their (fitted) control points.
    for (let i = 0; i < n; i++) if (!row[i]) ys[i] = (ys[(i + n - 1) % n]! + ys[(i + 1) % n]!) / 2;
    return { xs, ys, kinds: c.kinds, closed: c.closed };
  });
}

/** The glyph's contours at `size` px, y up, as they are. */
export function scaled(face: OutlineFace, glyph: number, size: number): Contour[] {
  const k = size / face.unitsPerEm;
  return face
    .outline(glyph)
    .contours()
    .map((c) => ({ ...c, xs: c.xs.map((x) => x * k), ys: c.ys.map((y) => y * k) }));
}

/** What hinting needs of a glyph at any size: points with directions, linked segments. */
interface Analysis {
  contours: Contour[];
  g: Glyph;
  segments: Segment[];
  bottom: number;
  /** For a tilde letter: the tilde's ring, and the rings from its bottom up (left unhinted). */
  tilde: Pt[] | null;
  above: Pt[][];
}

/** Analyses kept per face before starting over (bounds memory). */
const MAX_ANALYSES = 4096;
const analyses = new WeakMap<OutlineFace, Map<number, Analysis>>();

function analysis(face: OutlineFace, m: HintMetrics, glyph: number): Analysis {
  let cache = analyses.get(face);
  if (!cache) analyses.set(face, (cache = new Map()));
  let a = cache.get(glyph);
  if (!a) {
    const contours = cleaned(face.outline(glyph).contours());
    const g = load(contours, m.unitsPerEm);
    const bottom = bottomDirection(g);
    let tilde: Pt[] | null = null,
      above: Pt[][] = [];
    if (m.tildes.has(glyph)) {
      const ys = g.rings.map((r) => [Math.min(...r.map((p) => p.fy)), Math.max(...r.map((p) => p.fy))] as const);
      let high = 0;
      ys.forEach(([lo, hi], i) => {
        if (hi > ys[high]![1] || (hi === ys[high]![1] && lo > ys[high]![0])) high = i;
      });
      tilde = g.rings[high] ?? null;
      above = g.rings.filter((_, i) => ys[i]![0] < ys[i]![1] && ys[i]![0] >= ys[high]![0]);
    }
    const segments = segmentsOf({ ...g, rings: g.rings.filter((r) => !above.includes(r)) }, m.unitsPerEm);
    linkSegments(segments, bottom, m.widths[m.widths.length - 1] ?? 0, m.unitsPerEm);
    if (cache.size >= MAX_ANALYSES) cache.clear();
    a = { contours, g, segments, bottom, tilde, above };
    cache.set(glyph, a);
  }
  return a;
}
