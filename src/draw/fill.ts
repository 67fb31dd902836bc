/**
 * Solid fills at memory speed. The color arrives packed (one native pixel value); each
 * row is one built-in call, never a per-pixel JS loop:
 *  - 8 bpp: Uint8Array.fill; 16/32 bpp: Uint16Array/Uint32Array.fill over an aligned view
 *    (contiguous rows are one run; a long run is one 16 KiB block filled, then copied);
 *  - 24 bpp, or 16/32 bpp at an unaligned address: the first row is built by doubling
 *    copies of one pixel (copyWithin), then copied to the other rows;
 *  - 1/2/4 bpp: the partial bytes at either end are masked, the bytes between filled.
 * Pixel values are stored little-endian, as framebuffers on little-endian hosts store
 * them; on a big-endian host the typed-array paths are skipped for the byte path.
 *
 * Callers pass rectangles already clipped to the surface; `fillSpan` clips a shape's
 * row span to the clip rectangle itself.
 */
import type { PixelTarget } from '../raster/target.js';
import { HOST_LITTLE_ENDIAN } from '../raster/endian.js';
import { memoPerObject } from '../raster/memo.js';

interface WordViews {
  readonly u16: Uint16Array | null;
  readonly u32: Uint32Array | null;
}

/** Word views over the surface's bytes, when every pixel address is word-aligned. */
export const wordViews = memoPerObject((s: PixelTarget): WordViews => {
  const { bytes, stride } = s;
  const aligned = (n: number) => HOST_LITTLE_ENDIAN && bytes.byteOffset % n === 0 && stride % n === 0;
  return {
    u16: s.format.bpp === 16 && aligned(2) ? new Uint16Array(bytes.buffer, bytes.byteOffset, bytes.length >> 1) : null,
    u32: s.format.bpp === 32 && aligned(4) ? new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.length >> 2) : null,
  };
});

/** Fills w x h pixels at (x, y) with the native value `pixel`; the box must lie inside the surface. */
export function fillBox(s: PixelTarget, x: number, y: number, w: number, h: number, pixel: number): void {
  if (w <= 0 || h <= 0) return;
  const bpp = s.format.bpp;
  if (bpp < 8) return fillSubByte(s, x, y, w, h, pixel);
  const bytesPerPixel = bpp >> 3;
  const contiguous = w * bytesPerPixel === s.stride;
  if (bpp === 8) return fillWords(s.bytes, s.stride, x + y * s.stride, w, h, contiguous, pixel);
  const { u16, u32 } = wordViews(s);
  if (u32) return fillWords(u32, s.stride >> 2, x + y * (s.stride >> 2), w, h, contiguous, pixel);
  if (u16) return fillWords(u16, s.stride >> 1, x + y * (s.stride >> 1), w, h, contiguous, pixel);
  fillPattern(s, x, y, w, h, pixel, bytesPerPixel);
}

type Words = Uint8Array | Uint16Array | Uint32Array;

/**
 * Bytes filled per block in long 16/32-bit runs: V8's 16- and 32-bit TypedArray.fill is a
 * plain element loop, slower than memset; filling one L1-sized block and copying it
 * forward (memcpy) measured about 10% faster at 16 bpp (bench/run.mjs, fill 16 bpp).
 */
const BLOCK_BYTES = 16384;

function fillWords(a: Words, strideWords: number, start: number, w: number, h: number, contiguous: boolean, pixel: number): void {
  if (contiguous) {
    const end = start + w * h;
    const block = BLOCK_BYTES / a.BYTES_PER_ELEMENT;
    if (a.BYTES_PER_ELEMENT === 1 || end - start <= 2 * block) return void a.fill(pixel, start, end);
    a.fill(pixel, start, start + block);
    for (let at = start + block; at < end; at += block) a.copyWithin(at, start, Math.min(start + block, start + end - at));
    return;
  }
  for (let row = 0, at = start; row < h; row++, at += strideWords) a.fill(pixel, at, at + w);
}

/** Byte-aligned pixels of any width: one row by doubling copies, then row copies. */
function fillPattern(s: PixelTarget, x: number, y: number, w: number, h: number, pixel: number, bytesPerPixel: number): void {
  const bytes = s.bytes;
  const start = y * s.stride + x * bytesPerPixel;
  const rowLen = w * bytesPerPixel;
  // Rows without padding between them are one run: build it all by doubling.
  const built = rowLen === s.stride ? rowLen * h : rowLen;
  for (let i = 0; i < bytesPerPixel; i++) bytes[start + i] = pixel >>> (8 * i);
  for (let have = bytesPerPixel; have < built; have *= 2) {
    bytes.copyWithin(start + have, start, start + Math.min(have, built - have));
  }
  if (built !== rowLen) return;
  for (let row = 1, at = start + s.stride; row < h; row++, at += s.stride) bytes.copyWithin(at, start, start + rowLen);
}

/** 1, 2, 4 bpp: the pixel value repeated across a whole byte. */
function repeatedByte(pixel: number, bpp: number): number {
  const value = pixel & ((1 << bpp) - 1);
  return bpp === 1 ? value * 0xff : bpp === 2 ? value * 0x55 : value * 0x11;
}

/**
 * The bits of one byte that hold pixel positions [from, to) of that byte, counted in
 * bits from the byte's first (leftmost) pixel.
 */
function edgeMask(from: number, to: number, msbFirst: boolean): number {
  const span = ((1 << (to - from)) - 1) & 0xff;
  return msbFirst ? (span << (8 - to)) & 0xff : (span << from) & 0xff;
}

function fillSubByte(s: PixelTarget, x: number, y: number, w: number, h: number, pixel: number): void {
  const bpp = s.format.bpp;
  const bytes = s.bytes;
  const full = repeatedByte(pixel, bpp);
  const msbFirst = s.format.bitOrder === 'msb-first';
  const startBit = x * bpp;
  const endBit = (x + w) * bpp;
  const first = startBit >> 3;
  const last = (endBit - 1) >> 3;
  if (startBit === 0 && endBit === s.stride * 8) {
    bytes.fill(full, y * s.stride, (y + h) * s.stride);
    return;
  }
  const headMask = first === last ? edgeMask(startBit & 7, endBit - 8 * first, msbFirst) : edgeMask(startBit & 7, 8, msbFirst);
  const tailMask = first === last ? 0 : edgeMask(0, endBit - 8 * last, msbFirst);
  const middleFrom = first + 1;
  const middleTo = last; // exclusive; the tail byte is masked even when it is whole
  for (let row = 0, base = y * s.stride; row < h; row++, base += s.stride) {
    bytes[base + first] = (bytes[base + first]! & ~headMask) | (full & headMask);
    if (first === last) continue;
    if (middleTo > middleFrom) bytes.fill(full, base + middleFrom, base + middleTo);
    bytes[base + last] = (bytes[base + last]! & ~tailMask) | (full & tailMask);
  }
}

/** Fills pixels x0..x1 (inclusive) of row y, clipped to the surface's clip rectangle. */
export function fillSpan(s: PixelTarget, y: number, x0: number, x1: number, pixel: number): void {
  const c = s.clip;
  if (y < c.y || y >= c.y + c.h) return;
  const from = Math.max(x0, c.x);
  const to = Math.min(x1, c.x + c.w - 1);
  if (to >= from) fillBox(s, from, y, to - from + 1, 1, pixel);
}
