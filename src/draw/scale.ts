/**
 * Scaled blits (a splash image on any screen) and the geometry that places them.
 *
 * Both filters sample at pixel centers and use only integer arithmetic, so a render is
 * the same bytes on every machine:
 *  - nearest: destination column i of a w-pixel placement reads source column
 *    floor((2i + 1) * srcW / (2w)) (the same for rows);
 *  - bilinear: the source position u = (i + 0.5) * srcW / w - 0.5 is taken in 1/256
 *    pixel steps (floored), clamped to the edge pixels; the four neighbours are weighted
 *    (256 - f) and f per axis (weights sum to 65536) and averaged with premultiplied
 *    alpha, so transparent pixels lend no color:
 *      alpha = round(sum(a * w) / 65536),  color = round(sum(c * a * w) / sum(a * w)).
 */
import type { Rect } from '../raster/geometry.js';
import type { PixelTarget } from '../raster/target.js';
import { ArgumentError } from '../errors.js';
import { rowWriter } from './blit.js';
import type { BlendOp } from './blend.js';
import { checkOp, checkOptions, checkRect } from './checks.js';
import { opacityToByte } from './blend.js';
import { rowDecoder } from './convert.js';
import { bilinearStaged } from './kernels/scaled.js';

export type Fit = 'none' | 'contain' | 'cover' | 'stretch';
export type Filter = 'nearest' | 'bilinear';

export interface ScaleOptions {
  /** Default 'bilinear'. */
  filter?: Filter;
  /**
   * How the source fills `dstRect` (default 'stretch'): 'stretch' to exactly dstRect;
   * 'contain' as large as fits keeping the aspect ratio; 'cover' as small as covers it
   * (cropped); 'none' at its own size. All but 'stretch' are centered in dstRect.
   */
  fit?: Fit;
  /** The part of the source to draw (inside the source); default all of it. */
  srcRect?: Rect;
  op?: BlendOp;
  /** 0..1, multiplies the source alpha; default 1. */
  opacity?: number;
}

/** A w x h rectangle centered in `within` (offsets rounded down, so left/top gets the odd pixel less). */
export function centerRect(w: number, h: number, within: Rect): Rect {
  return { x: within.x + Math.floor((within.w - w) / 2), y: within.y + Math.floor((within.h - h) / 2), w, h };
}

/** round(a * b / c) for non-negative integers, exactly. */
const mulDivRound = (a: number, b: number, c: number) => Math.floor((2 * a * b + c) / (2 * c));

/** Where a srcW x srcH image lands in `dst` under `fit`; may extend past `dst` ('cover', 'none'). */
export function fitRect(srcW: number, srcH: number, dst: Rect, fit: Fit): Rect {
  checkRect('dstRect', dst);
  if (!Number.isSafeInteger(srcW) || !Number.isSafeInteger(srcH) || srcW <= 0 || srcH <= 0) {
    throw new ArgumentError('EINVAL', `source size ${srcW}x${srcH} is not positive`, 'fit a non-empty image');
  }
  switch (fit) {
    case 'stretch':
      return { ...dst };
    case 'none':
      return centerRect(srcW, srcH, dst);
    case 'contain':
    case 'cover': {
      // Width-limited when dst is relatively narrower than the source (dst.w/srcW <= dst.h/srcH).
      const widthLimited = dst.w * srcH <= dst.h * srcW;
      const byWidth = fit === 'contain' ? widthLimited : !widthLimited;
      const w = byWidth ? dst.w : Math.max(1, mulDivRound(srcW, dst.h, srcH));
      const h = byWidth ? Math.max(1, mulDivRound(srcH, dst.w, srcW)) : dst.h;
      return centerRect(w, h, dst);
    }
    default:
      throw new ArgumentError('EINVAL', `unknown fit ${String(fit)}`, "use 'none', 'contain', 'cover' or 'stretch'");
  }
}

/** Draws `src` (or opts.srcRect of it) scaled into `dstRect` of `dst`, clipped to dstRect and the clip. */
export function blitScaled(dst: PixelTarget, src: PixelTarget, dstRect: Rect, options?: ScaleOptions): void {
  const opts = checkOptions(options);
  const filter = opts.filter ?? 'bilinear';
  if (filter !== 'nearest' && filter !== 'bilinear') {
    throw new ArgumentError('EINVAL', `unknown filter ${String(filter)}`, "use 'nearest' or 'bilinear'");
  }
  const op = checkOp(opts.op);
  const opacity = opacityToByte(opts.opacity);
  checkRect('dstRect', dstRect);
  const sr = opts.srcRect ?? { x: 0, y: 0, w: src.width, h: src.height };
  checkRect('srcRect', sr);
  if (sr.x < 0 || sr.y < 0 || sr.x + sr.w > src.width || sr.y + sr.h > src.height) {
    throw new ArgumentError(
      'EINVAL',
      `srcRect ${sr.w}x${sr.h}+${sr.x}+${sr.y} is outside the ${src.width}x${src.height} source`,
      'intersect it with the source first',
    );
  }
  if (sr.w === 0 || sr.h === 0 || dstRect.w === 0 || dstRect.h === 0 || (op === 'over' && opacity === 0)) return;
  const placed = fitRect(sr.w, sr.h, dstRect, opts.fit ?? 'stretch');
  const c = dst.clip;
  const x0 = Math.max(placed.x, dstRect.x, c.x),
    y0 = Math.max(placed.y, dstRect.y, c.y);
  const x1 = Math.min(placed.x + placed.w, dstRect.x + dstRect.w, c.x + c.w);
  const y1 = Math.min(placed.y + placed.h, dstRect.y + dstRect.h, c.y + c.h);
  if (x1 <= x0 || y1 <= y0) return;

  if (filter === 'bilinear') {
    // The WASM SIMD kernels take big enough scales into the formats they cover (same bytes).
    const decode = rowDecoder(src.format);
    const xs = new Int32Array(3 * (x1 - x0));
    for (let i = 0; i < x1 - x0; i++) xs.set(bilinear(x0 + i - placed.x, sr.w, placed.w), 3 * i);
    const job = {
      row: (r: number, scratch: Uint32Array) => decode(src, sr.x, sr.y + r, sr.w, scratch),
      sameBuffer: dst.bytes.buffer === src.bytes.buffer,
      srcW: sr.w,
      srcH: sr.h,
      xs,
      ys: (i: number) => bilinear(y0 + i - placed.y, sr.h, placed.h),
      x0,
      y0,
      w: x1 - x0,
      h: y1 - y0,
    };
    if (bilinearStaged(dst, job, op, opacity)) return;
  }
  const rows = sourceRows(dst, src, sr);
  const write = rowWriter(dst, op, opacity, x1 - x0);
  const out = new Uint32Array(x1 - x0);
  if (filter === 'nearest') {
    const cols = Int32Array.from({ length: x1 - x0 }, (_, i) => nearest(x0 + i - placed.x, sr.w, placed.w));
    for (let y = y0; y < y1; y++) {
      const line = rows(nearest(y - placed.y, sr.h, placed.h));
      for (let i = 0; i < cols.length; i++) out[i] = line[cols[i]!]!;
      write(x0, y, out.length, out);
    }
    return;
  }
  const xs = Array.from({ length: x1 - x0 }, (_, i) => bilinear(x0 + i - placed.x, sr.w, placed.w));
  for (let y = y0; y < y1; y++) {
    const [ya, yb, fy] = bilinear(y - placed.y, sr.h, placed.h);
    const top = rows(ya),
      bottom = rows(yb);
    for (let i = 0; i < xs.length; i++) {
      const [xa, xb, fx] = xs[i]!;
      out[i] = mix(top[xa]!, top[xb]!, bottom[xa]!, bottom[xb]!, fx, fy);
    }
    write(x0, y, out.length, out);
  }
}

/** Source index for destination index i when `srcLen` pixels cover `dstLen`. */
function nearest(i: number, srcLen: number, dstLen: number): number {
  return Math.floor(((2 * i + 1) * srcLen) / (2 * dstLen));
}

/** [index, next index, weight of next in 1/256] for destination index i. */
function bilinear(i: number, srcLen: number, dstLen: number): [number, number, number] {
  const pos = Math.max(0, Math.floor(((2 * i + 1) * 128 * srcLen - 128 * dstLen) / dstLen));
  const a = pos >> 8;
  if (a >= srcLen - 1) return [srcLen - 1, srcLen - 1, 0];
  return [a, a + 1, pos & 255];
}

/** The bilinear average of four ARGB colors (see the module comment for the formula). */
function mix(c00: number, c10: number, c01: number, c11: number, fx: number, fy: number): number {
  const w00 = (256 - fx) * (256 - fy),
    w10 = fx * (256 - fy),
    w01 = (256 - fx) * fy,
    w11 = fx * fy;
  const a00 = c00 >>> 24,
    a10 = c10 >>> 24,
    a01 = c01 >>> 24,
    a11 = c11 >>> 24;
  if ((a00 & a10 & a01 & a11) === 255) {
    // All opaque: the premultiplied formula reduces to round(sum(c * w) / 65536).
    const r =
      (((c00 >>> 16) & 255) * w00 + ((c10 >>> 16) & 255) * w10 + ((c01 >>> 16) & 255) * w01 + ((c11 >>> 16) & 255) * w11 + 32768) >>> 16;
    const g =
      (((c00 >>> 8) & 255) * w00 + ((c10 >>> 8) & 255) * w10 + ((c01 >>> 8) & 255) * w01 + ((c11 >>> 8) & 255) * w11 + 32768) >>> 16;
    const b = ((c00 & 255) * w00 + (c10 & 255) * w10 + (c01 & 255) * w01 + (c11 & 255) * w11 + 32768) >>> 16;
    return (0xff000000 | (r << 16) | (g << 8) | b) >>> 0;
  }
  const aw00 = a00 * w00,
    aw10 = a10 * w10,
    aw01 = a01 * w01,
    aw11 = a11 * w11;
  const total = aw00 + aw10 + aw01 + aw11;
  if (total === 0) return 0;
  // Sums reach 255 * 255 * 65536 > 2^31: plain (exact) double arithmetic, no bit operators.
  const r = ((c00 >>> 16) & 255) * aw00 + ((c10 >>> 16) & 255) * aw10 + ((c01 >>> 16) & 255) * aw01 + ((c11 >>> 16) & 255) * aw11;
  const g = ((c00 >>> 8) & 255) * aw00 + ((c10 >>> 8) & 255) * aw10 + ((c01 >>> 8) & 255) * aw01 + ((c11 >>> 8) & 255) * aw11;
  const b = (c00 & 255) * aw00 + (c10 & 255) * aw10 + (c01 & 255) * aw01 + (c11 & 255) * aw11;
  const round = (n: number) => Math.floor((2 * n + total) / (2 * total));
  const alpha = Math.floor((total + 32768) / 65536);
  return ((alpha << 24) | (round(r) << 16) | (round(g) << 8) | round(b)) >>> 0;
}

/**
 * Source row r of srcRect as ARGB, decoded on first use. When the destination shares the
 * source's buffer, every row is copied up front, so drawing never changes what is read.
 */
function sourceRows(dst: PixelTarget, src: PixelTarget, sr: Rect): (r: number) => Uint32Array {
  const decode = rowDecoder(src.format);
  const cache: (Uint32Array | undefined)[] = new Array(sr.h);
  const load = (r: number) => {
    const scratch = new Uint32Array(sr.w);
    const decoded = decode(src, sr.x, sr.y + r, sr.w, scratch);
    return (cache[r] = decoded === scratch ? scratch : decoded.slice());
  };
  if (dst.bytes.buffer === src.bytes.buffer) for (let r = 0; r < sr.h; r++) load(r);
  return (r) => cache[r] ?? load(r);
}
