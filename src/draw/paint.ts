/**
 * Puts coverage (0..255 per pixel, from draw/coverage or a glyph mask) onto a surface
 * in one color, in the surface's own format:
 *
 *  - Truecolor and gray formats: source-over with alpha = color alpha × coverage
 *    (div255 rounding, draw/blend's formula), on the stored sRGB values as they are (no
 *    gamma decoding: see README, "Antialiasing"). Full coverage of an opaque color is a
 *    plain fill. XRGB8888 and ARGB8888 blend in place through 32-bit views; the other
 *    formats decode the run to ARGB, blend and encode it again (draw/convert).
 *  - Palette, mono and sub-byte formats: a pixel takes the color (its nearest palette
 *    entry, as aliased drawing packs it) when its coverage is at least half, and keeps
 *    its value otherwise. Blending into a few palette entries would make edges change
 *    hue; a threshold gives the aliased shape's pixels, with the exact area deciding.
 */
import { FORMATS, formatsEqual, pack, type PixelFormat } from '../raster/format.js';
import type { PixelTarget } from '../raster/target.js';
import { blendOpaqueDst, div255, over } from './blend.js';
import { rowDecoder, rowEncoder } from './convert.js';
import type { CoverageSink } from './coverage.js';
import { fillBox, wordViews } from './fill.js';

const HALF_COVERAGE = 128;

/** Formats painted by threshold instead of blending. */
export function isIndexed(f: PixelFormat): boolean {
  return f.bpp < 8 || f.visual === 'pseudocolor' || f.visual === 'static_pseudocolor' || f.visual === 'mono01' || f.visual === 'mono10';
}

/** Scratch for decoded rows, grown to the longest run seen. */
let scratch = new Uint32Array(256);
function scratchOf(n: number): Uint32Array {
  if (scratch.length < n) scratch = new Uint32Array(Math.max(n, scratch.length * 2));
  return scratch;
}

/** A sink that composites `argb` into `dst` by coverage. Runs must lie inside dst's clip. */
export function coveragePainter(dst: PixelTarget, argb: number): CoverageSink {
  const f = dst.format;
  const pixel = pack(f, argb);
  const ca = argb >>> 24;
  if (isIndexed(f)) return thresholdPainter(dst, pixel);
  const opaque = ca === 255;
  const rgb = argb & 0xffffff;
  const x888 = formatsEqual(f, FORMATS.XRGB8888);
  const a8888 = formatsEqual(f, FORMATS.ARGB8888);
  /** Blends n pixels from (x, y); alpha of pixel i is alphaAt(i). */
  // One 32-bit view of the whole surface (memoized per surface), not one per run.
  const words = x888 || a8888 ? wordViews(dst).u32 : null;
  const rowWords = dst.stride >> 2;
  const blendRun = (y: number, x: number, n: number, m: Uint8Array | null, from: number, cov: number): void => {
    if (words) {
      for (let i = 0, at = y * rowWords + x; i < n; i++, at++) {
        const c = m ? m[from + i]! : cov;
        if (c === 0) continue;
        const a = opaque ? c : div255(ca * c);
        if (a === 0) continue;
        const d = words[at]! | 0;
        if (x888) words[at] = a === 255 ? rgb : blendOpaqueDst(rgb, d, a);
        else if (d >>> 24 === 255) words[at] = a === 255 ? rgb | 0xff000000 : 0xff000000 | blendOpaqueDst(rgb, d, a);
        else words[at] = over(((a << 24) | rgb) >>> 0, d >>> 0);
      }
      return;
    }
    const row = rowDecoder(f)(dst, x, y, n, scratchOf(n));
    for (let i = 0; i < n; i++) {
      const c = m ? m[from + i]! : cov;
      const a = opaque ? c : div255(ca * c);
      if (a !== 0) row[i] = over(((a << 24) | rgb) >>> 0, row[i]!);
    }
    rowEncoder(f)(dst, x, y, n, row);
  };
  return {
    solid(y, x, n, cov) {
      if (opaque && cov === 255) fillBox(dst, x, y, n, 1, pixel);
      else blendRun(y, x, n, null, 0, cov);
    },
    mask(y, x, n, m, from) {
      blendRun(y, x, n, m, from, 0);
    },
  };
}

function thresholdPainter(dst: PixelTarget, pixel: number): CoverageSink {
  return {
    solid(y, x, n, cov) {
      if (cov >= HALF_COVERAGE) fillBox(dst, x, y, n, 1, pixel);
    },
    mask(y, x, n, m, from) {
      for (let i = 0; i < n; ) {
        if (m[from + i]! < HALF_COVERAGE) {
          i++;
          continue;
        }
        let end = i + 1;
        while (end < n && m[from + end]! >= HALF_COVERAGE) end++;
        fillBox(dst, x + i, y, end - i, 1, pixel);
        i = end;
      }
    },
  };
}

/**
 * Paints an 8-bit coverage mask (mw × mh, row-major) with its top-left at (x, y), cut to
 * dst's clip: how cached glyphs reach the surface.
 */
export function paintMask(
  sink: CoverageSink,
  clip: { x: number; y: number; w: number; h: number },
  m: Uint8Array,
  mw: number,
  mh: number,
  x: number,
  y: number,
): void {
  const x0 = Math.max(x, clip.x),
    x1 = Math.min(x + mw, clip.x + clip.w);
  const y0 = Math.max(y, clip.y),
    y1 = Math.min(y + mh, clip.y + clip.h);
  if (x1 <= x0) return;
  for (let row = y0; row < y1; row++) sink.mask(row, x0, x1 - x0, m, (row - y) * mw + (x0 - x));
}
