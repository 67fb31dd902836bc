/**
 * Surface-to-surface copies with clipping, format conversion and source-over blending.
 *
 * Clipping follows Go's image/draw: the source rectangle is clipped to the source's
 * bounds, the destination rectangle to the destination's bounds and clip rectangle, and
 * each cut moves the other side by the same amount. Same-format copies are row copies
 * (TypedArray.set / copyWithin); overlapping copies within one buffer behave like
 * memmove. Everything else decodes rows to 0xAARRGGBB and encodes them (draw/convert).
 *
 * `op: 'over'` blends with draw/blend's formula. `opacity` (0..1) scales the source
 * alpha first; with `op: 'src'` the faded source replaces the destination (Go's draw.Src
 * with a uniform mask), so on formats without alpha it is a plain copy.
 */
import type { Point, Rect } from '../raster/geometry.js';
import type { PixelTarget } from '../raster/target.js';
import { FORMATS, formatsEqual, isOpaqueFormat } from '../raster/format.js';
import { checkOp, checkOptions, checkPoint, checkRect } from './checks.js';
import { fade, opacityToByte, over, overRow8888, overRowX888, type BlendOp } from './blend.js';
import { readRaw, rowDecoder, rowEncoder, view32, writeRaw, type PixelRows } from './convert.js';
import { stagedBlit, type BlitSpan } from './kernels/staged.js';

export interface BlitOptions {
  /** The part of the source to copy; default the whole source. */
  srcRect?: Rect;
  /** 'src' replaces destination pixels (default); 'over' blends by source alpha. */
  op?: BlendOp;
  /** 0..1, multiplies the source alpha; default 1. */
  opacity?: number;
}

/** Clips a blit of `srcRect` placed at `at`; null when nothing is left. */
export function clipBlit(dst: PixelTarget, src: PixelTarget, at: Point, srcRect: Rect): BlitSpan | null {
  const area = dst.clip; // always inside the surface
  // Both cuts as one interval per axis, in destination coordinates.
  const ox = at.x - srcRect.x,
    oy = at.y - srcRect.y; // dst = src + offset
  const x0 = Math.max(srcRect.x, 0) + ox,
    y0 = Math.max(srcRect.y, 0) + oy;
  const x1 = Math.min(srcRect.x + srcRect.w, src.width) + ox,
    y1 = Math.min(srcRect.y + srcRect.h, src.height) + oy;
  const dx0 = Math.max(x0, area.x),
    dy0 = Math.max(y0, area.y);
  const dx1 = Math.min(x1, area.x + area.w),
    dy1 = Math.min(y1, area.y + area.h);
  if (dx1 <= dx0 || dy1 <= dy0) return null;
  return { dx: dx0, dy: dy0, sx: dx0 - ox, sy: dy0 - oy, w: dx1 - dx0, h: dy1 - dy0 };
}

export function blit(dst: PixelTarget, src: PixelTarget, at: Point, options?: BlitOptions): void {
  const opts = checkOptions(options);
  const op = checkOp(opts.op);
  const opacity = opacityToByte(opts.opacity);
  checkPoint('at', at);
  const srcRect = opts.srcRect ?? { x: 0, y: 0, w: src.width, h: src.height };
  checkRect('srcRect', srcRect);
  const span = clipBlit(dst, src, at, srcRect);
  if (!span || (op === 'over' && opacity === 0)) return;
  const plainCopy = opacity === 255 && (op === 'src' || isOpaqueFormat(src.format));
  if (plainCopy && formatsEqual(src.format, dst.format)) return copySameFormat(dst, src, span);
  const source = overlaps(dst, src, span) ? snapshot(src, span) : { rows: src as PixelRows, sy: span.sy };
  convertRows(dst, source.rows, { ...span, sy: source.sy }, plainCopy ? 'src' : op, opacity);
}

// --- same format ------------------------------------------------------------------

function byteRange(s: PixelRows, x: number, y: number, w: number, h: number): [number, number] {
  const start = s.bytes.byteOffset + y * s.stride + Math.floor((x * s.format.bpp) / 8);
  const end = s.bytes.byteOffset + (y + h - 1) * s.stride + Math.ceil(((x + w) * s.format.bpp) / 8);
  return [start, end];
}

function overlaps(dst: PixelTarget, src: PixelTarget, span: BlitSpan): boolean {
  if (dst.bytes.buffer !== src.bytes.buffer) return false;
  const [d0, d1] = byteRange(dst, span.dx, span.dy, span.w, span.h);
  const [s0, s1] = byteRange(src, span.sx, span.sy, span.w, span.h);
  return d0 < s1 && s0 < d1;
}

/** A private copy of the source rows a blit reads, for overlapping blits that can't memmove. */
function snapshot(src: PixelTarget, span: BlitSpan): { rows: PixelRows; sy: number } {
  const start = span.sy * src.stride;
  const end = Math.min(src.bytes.length, (span.sy + span.h) * src.stride);
  return { rows: { bytes: src.bytes.slice(start, end), stride: src.stride, format: src.format }, sy: 0 };
}

function copySameFormat(dst: PixelTarget, src: PixelTarget, span: BlitSpan): void {
  const bpp = dst.format.bpp;
  if (bpp < 8) return copySubByte(dst, src, span);
  const bytesPerPixel = bpp / 8;
  const rowLen = span.w * bytesPerPixel;
  const srcStart = span.sy * src.stride + span.sx * bytesPerPixel;
  const dstStart = span.dy * dst.stride + span.dx * bytesPerPixel;
  const sameBuffer = dst.bytes.buffer === src.bytes.buffer;
  if (sameBuffer && overlaps(dst, src, span) && dst.stride !== src.stride) {
    const copy = snapshot(src, span);
    return copyRows(dst.bytes, dstStart, dst.stride, copy.rows.bytes, span.sx * bytesPerPixel, src.stride, rowLen, span.h);
  }
  if (sameBuffer) {
    // memmove per row through one view of the whole buffer; rows run bottom-up when the
    // destination lies after the source, so no source row is overwritten before it is read.
    const all = new Uint8Array(dst.bytes.buffer);
    const d = dst.bytes.byteOffset + dstStart,
      s = src.bytes.byteOffset + srcStart;
    if (dst.stride === rowLen && src.stride === rowLen) return void all.copyWithin(d, s, s + rowLen * span.h);
    const backwards = d > s;
    for (let i = 0; i < span.h; i++) {
      const row = backwards ? span.h - 1 - i : i;
      all.copyWithin(d + row * dst.stride, s + row * src.stride, s + row * src.stride + rowLen);
    }
    return;
  }
  copyRows(dst.bytes, dstStart, dst.stride, src.bytes, srcStart, src.stride, rowLen, span.h);
}

function copyRows(
  dst: Uint8Array,
  d: number,
  dStride: number,
  src: Uint8Array,
  s: number,
  sStride: number,
  rowLen: number,
  h: number,
): void {
  if (dStride === rowLen && sStride === rowLen) return dst.set(src.subarray(s, s + rowLen * h), d);
  for (let row = 0; row < h; row++) dst.set(src.subarray(s + row * sStride, s + row * sStride + rowLen), d + row * dStride);
}

/** 1, 2 and 4 bpp: pixels rarely share a bit alignment, so copy raw values per row. */
function copySubByte(dst: PixelTarget, src: PixelTarget, span: BlitSpan): void {
  const source = overlaps(dst, src, span) ? snapshot(src, span) : { rows: src as PixelRows, sy: span.sy };
  const values = new Uint32Array(span.w);
  for (let i = 0; i < span.h; i++) {
    readRaw(source.rows, span.sx, source.sy + i, span.w, values);
    writeRaw(dst, span.dx, span.dy + i, span.w, values);
  }
}

// --- conversion and blending ----------------------------------------------------

function convertRows(dst: PixelTarget, src: PixelRows, span: BlitSpan, op: BlendOp, opacity: number): void {
  // The WASM SIMD kernels take big enough work in the formats they cover (same bytes).
  if (stagedBlit(dst, src, span, op, opacity)) return;
  const decodeSrc = rowDecoder(src.format);
  const write = rowWriter(dst, op, opacity, span.w);
  const scratch = new Uint32Array(span.w);
  for (let i = 0; i < span.h; i++) write(span.dx, span.dy + i, span.w, decodeSrc(src, span.sx, span.sy + i, span.w, scratch));
}

/** Puts `n` ARGB colors at (x, y) of a surface; may not modify `colors`. */
export type RowWriter = (x: number, y: number, n: number, colors: Uint32Array) => void;

/**
 * The final step every color-producing blit shares: fade by opacity, then replace
 * ('src') or blend over ('over') the destination's pixels, and encode. Rows up to
 * `maxWidth` pixels; `colors` may be a view of another surface's pixels and stays untouched.
 */
export function rowWriter(dst: PixelTarget, op: BlendOp, opacity: number, maxWidth: number): RowWriter {
  const encodeDst = rowEncoder(dst.format);
  const decodeDst = rowDecoder(dst.format);
  const faded = new Uint32Array(maxWidth);
  const under = new Uint32Array(maxWidth);
  // The common screen formats blend in one loop over the pixels themselves (same results).
  const overRow =
    op !== 'over'
      ? null
      : formatsEqual(dst.format, FORMATS.XRGB8888)
        ? overRowX888
        : formatsEqual(dst.format, FORMATS.ARGB8888)
          ? overRow8888
          : null;
  return (x, y, n, colors) => {
    if (opacity !== 255) {
      for (let j = 0; j < n; j++) faded[j] = fade(colors[j]!, opacity);
      colors = faded;
    }
    if (op === 'src') return encodeDst(dst, x, y, n, colors);
    const pixels = overRow && view32(dst, x, y, n);
    if (pixels) return overRow!(colors, pixels, n);
    const d = decodeDst(dst, x, y, n, under);
    for (let j = 0; j < n; j++) d[j] = over(colors[j]!, d[j]!);
    // A decoded view is the destination's own pixels (ARGB8888): already written.
    if (d === under) encodeDst(dst, x, y, n, d);
  };
}
