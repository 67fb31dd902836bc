/**
 * Rendered glyphs: an 8-bit coverage mask per (face, glyph, size, subpixel x offset,
 * hinted or not), rasterized once by draw/coverage and then only painted. Pen positions are quantised
 * to SUBPIXEL steps of a pixel horizontally (glyphs keep their spacing without a mask
 * per exact position) and baselines to whole pixels.
 */
import { hintGlyph, scaled } from './autohint.js';
import { rasterize, type CoverageSink } from './coverage.js';
import { flattenGlyph } from './glyph-flatten.js';
import type { OutlineFace } from './outline-font.js';
import type { Contour } from './path.js';

/** Horizontal positions per pixel a glyph is rendered at. */
export const SUBPIXEL = 4;

/** Masks kept per face before the cache starts over (bounds memory for unbounded text). */
const MAX_PER_FACE = 8192;

export interface GlyphMask {
  /** Coverage, w × h, row-major. */
  readonly mask: Uint8Array;
  readonly w: number;
  readonly h: number;
  /** Offset of the mask's top-left from the pen position on the baseline. */
  readonly left: number;
  readonly top: number;
}

const EMPTY: GlyphMask = { mask: new Uint8Array(0), w: 0, h: 0, left: 0, top: 0 };

/** Masks per face, fitted ones apart from plain ones (keys stay small integers). */
const caches = [new WeakMap<OutlineFace, Map<number, GlyphMask>>(), new WeakMap<OutlineFace, Map<number, GlyphMask>>()] as const;

/** The fitted outlines of the size last hinted, per face: a glyph's subpixel positions share one. */
const fitted = new WeakMap<OutlineFace, { size: number; outlines: Map<number, Contour[]> }>();

function hintedContours(face: OutlineFace, glyph: number, size: number): Contour[] {
  let f = fitted.get(face);
  if (!f || f.size !== size) fitted.set(face, (f = { size, outlines: new Map() }));
  let c = f.outlines.get(glyph);
  if (!c) f.outlines.set(glyph, (c = hintGlyph(face, glyph, size)));
  return c;
}

/**
 * Renders a glyph at `size` px with the pen `sub / SUBPIXEL` px right of a pixel edge,
 * grid-fitted vertically when `hinted` (draw/autohint), its curves cut as FreeType
 * cuts them (draw/glyph-flatten).
 */
function renderGlyph(face: OutlineFace, glyph: number, size: number, sub: number, hinted: boolean): GlyphMask {
  const contours = hinted ? hintedContours(face, glyph, size) : scaled(face, glyph, size);
  const lines = flattenGlyph(contours, sub / SUBPIXEL);
  let x0 = Infinity,
    y0 = Infinity,
    x1 = -Infinity,
    y1 = -Infinity;
  for (const { points } of lines) {
    for (let i = 0; i < points.length; i += 2) {
      const x = points[i]!,
        y = points[i + 1]!;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
  }
  if (!(x1 > x0 && y1 > y0)) return EMPTY;
  const left = Math.floor(x0),
    top = Math.floor(y0);
  const w = Math.ceil(x1) - left,
    h = Math.ceil(y1) - top;
  const mask = new Uint8Array(w * h);
  const sink: CoverageSink = {
    solid(y, x, n, cov) {
      const at = (y - top) * w + (x - left);
      mask.fill(cov, at, at + n);
    },
    mask(y, x, n, m, from) {
      // An element loop: a subarray per row would be garbage per row of every glyph.
      const at = (y - top) * w + (x - left);
      for (let i = 0; i < n; i++) mask[at + i] = m[from + i]!;
    },
  };
  rasterize(lines, { x: left, y: top, w, h }, 'nonzero', sink);
  return { mask, w, h, left, top };
}

/** The cached mask (rendered on first use). */
export function glyphMask(face: OutlineFace, glyph: number, size: number, sub: number, hinted: boolean): GlyphMask {
  const byFace = caches[hinted ? 1 : 0];
  let cache = byFace.get(face);
  if (!cache) byFace.set(face, (cache = new Map()));
  // Sizes arrive in 1/64 px steps (draw/outline-text), so the key is exact.
  const key = (Math.round(size * 64) * 65536 + glyph) * SUBPIXEL + sub;
  let m = cache.get(key);
  if (!m) {
    if (cache.size >= MAX_PER_FACE) cache.clear();
    m = renderGlyph(face, glyph, size, sub, hinted);
    cache.set(key, m);
  }
  return m;
}
