/**
 * Source-over alpha blending on 0xAARRGGBB colors (straight, not premultiplied, alpha).
 *
 * The one rounding rule everything here uses: `div255(x) = round(x / 255)` computed as
 * `t = x + 128; (t + (t >> 8)) >> 8` (pixman's trick). It is exact for every x in
 * 0..255*255; no ties exist because 255 is odd. Test: test/draw/blend.test.ts checks it
 * against exact rational rounding for all 65,536 (value, alpha) products and the blend
 * for every (src, dst, alpha) triple.
 *
 * Over an opaque destination (da = 255), each channel is
 *   out = div255(s * sa + d * (255 - sa)),   result alpha 255.
 * Over a destination with alpha, Porter-Duff "over" in straight alpha:
 *   dw   = div255(da * (255 - sa))            (how much of the destination shows)
 *   outA = sa + dw
 *   out  = round((s * sa + d * dw) / outA)    (0 when outA = 0)
 * which reduces to the opaque formula when da = 255 (then dw = 255 - sa, outA = 255).
 */
import { ArgumentError } from '../errors.js';

/** 'src' replaces destination pixels; 'over' blends them by source alpha (the formula above). */
export type BlendOp = 'src' | 'over';

/** round(x / 255) for 0 <= x <= 65025. */
export function div255(x: number): number {
  const t = x + 128;
  return (t + (t >> 8)) >> 8;
}

/** round(a * b / 255) for 8-bit a and b. */
export function mul255(a: number, b: number): number {
  return div255(a * b);
}

/** One channel of `src` over an opaque destination, source alpha `sa`. */
export function blendChannel(s: number, d: number, sa: number): number {
  return div255(s * sa + d * (255 - sa));
}

/**
 * `src` over `dst`, both 0xAARRGGBB, with the source alpha already scaled by any global
 * opacity. Returns an unsigned 0xAARRGGBB.
 */
export function over(src: number, dst: number): number {
  const sa = src >>> 24;
  if (sa === 255) return src >>> 0;
  const da = dst >>> 24;
  if (sa === 0) return dst >>> 0;
  const sr = (src >>> 16) & 255,
    sg = (src >>> 8) & 255,
    sb = src & 255;
  const dr = (dst >>> 16) & 255,
    dg = (dst >>> 8) & 255,
    db = dst & 255;
  if (da === 255) {
    const na = 255 - sa;
    return (0xff000000 | (div255(sr * sa + dr * na) << 16) | (div255(sg * sa + dg * na) << 8) | div255(sb * sa + db * na)) >>> 0;
  }
  const dw = div255(da * (255 - sa));
  const oa = sa + dw;
  if (oa === 0) return 0;
  const half = oa >> 1;
  // Integer round-half-up of n / oa; ties can occur here, and they round up.
  const r = Math.floor((sr * sa + dr * dw + half) / oa);
  const g = Math.floor((sg * sa + dg * dw + half) / oa);
  const b = Math.floor((sb * sa + db * dw + half) / oa);
  return ((oa << 24) | (r << 16) | (g << 8) | b) >>> 0;
}

/**
 * Source-over for whole rows of 32-bit pixels, in place, with exactly `over`'s results.
 * The opaque formula runs on R and B together: with `0x00ff00ff` masks each 16-bit half
 * of a word holds one channel, and s*sa + d*(255-sa) + 128 <= 65153 fits in its half,
 * so div255's add-and-shift can't carry across. Math.imul and `| 0` keep every
 * intermediate an int32 (a product of the R half passes 2^31); the stores take the bits
 * as they are.
 */
export function blendOpaqueDst(s: number, d: number, sa: number): number {
  const na = 255 - sa;
  const rb = (Math.imul(s & 0xff00ff, sa) + Math.imul(d & 0xff00ff, na) + 0x800080) | 0;
  const g = ((s >>> 8) & 255) * sa + ((d >>> 8) & 255) * na + 128;
  return (((rb + ((rb >>> 8) & 0xff00ff)) >>> 8) & 0xff00ff) | ((g + (g >> 8)) & 0xff00);
}

/**
 * `src[0..n)` (0xAARRGGBB) over XRGB8888 pixels `dst[0..n)`: the destination counts as
 * opaque, and the X byte is stored as 0, as pack(XRGB8888) stores it.
 */
export function overRowX888(src: Uint32Array, dst: Uint32Array, n: number): void {
  for (let i = 0; i < n; i++) {
    const s = src[i]! | 0;
    const sa = s >>> 24;
    if (sa === 255) dst[i] = s & 0xffffff;
    else if (sa === 0) dst[i] = dst[i]! & 0xffffff;
    else dst[i] = blendOpaqueDst(s, dst[i]! | 0, sa);
  }
}

/** `src[0..n)` over ARGB8888 pixels `dst[0..n)`; destinations with alpha below 255 take `over`. */
export function overRow8888(src: Uint32Array, dst: Uint32Array, n: number): void {
  for (let i = 0; i < n; i++) {
    const s = src[i]! | 0;
    const sa = s >>> 24;
    if (sa === 0) continue;
    if (sa === 255) {
      dst[i] = s;
      continue;
    }
    const d = dst[i]! | 0;
    dst[i] = d >>> 24 === 255 ? 0xff000000 | blendOpaqueDst(s, d, sa) : over(s, d);
  }
}

/** Scales the alpha of an 0xAARRGGBB color by `opacity255` (0..255) with the same rounding. */
export function fade(argb: number, opacity255: number): number {
  if (opacity255 === 255) return argb >>> 0;
  return ((div255((argb >>> 24) * opacity255) << 24) | (argb & 0xffffff)) >>> 0;
}

/**
 * Global opacity at the API is a number from 0 (invisible) to 1 (as drawn), like CSS.
 * Internally it becomes an 8-bit factor, round(opacity * 255).
 */
export function opacityToByte(opacity: number | undefined): number {
  if (opacity === undefined) return 255;
  if (!Number.isFinite(opacity) || opacity < 0 || opacity > 1) {
    throw new ArgumentError('EINVAL', `opacity ${opacity} is outside 0..1`, 'pass a fraction: 0 = invisible, 0.5 = half, 1 = as drawn');
  }
  return Math.round(opacity * 255);
}
