/**
 * The slow, obviously-correct renderer the blit/scale/text property tests compare with:
 * one pixel at a time, bit by bit, through pack/unpack and draw/blend's scalar formula.
 */
import { formatsEqual, pack, unpack, type PixelFormat } from '../../src/raster/format.js';
import { Surface } from '../../src/draw/surface.js';
import type { Rect, Point } from '../../src/raster/geometry.js';
import { fade, opacityToByte, over } from '../../src/draw/blend.js';

export interface RefRows {
  bytes: Uint8Array;
  stride: number;
  format: PixelFormat;
}

/** Bit position of pixel x's bit `bit` (value bits LE-numbered) within its row. */
function bitAt(format: PixelFormat, x: number, bit: number): number {
  const bpp = format.bpp;
  if (bpp >= 8) return x * bpp + bit;
  const slot = (x * bpp) % 8;
  const shift = format.bitOrder === 'msb-first' ? 8 - bpp - slot : slot;
  return Math.floor((x * bpp) / 8) * 8 + shift + bit;
}

export function refRead(rows: RefRows, x: number, y: number): number {
  let v = 0;
  for (let bit = 0; bit < rows.format.bpp; bit++) {
    const abs = bitAt(rows.format, x, bit);
    if ((rows.bytes[y * rows.stride + Math.floor(abs / 8)]! >> (abs % 8)) & 1) v += 2 ** bit;
  }
  return v;
}

export function refWrite(rows: RefRows, x: number, y: number, value: number): void {
  for (let bit = 0; bit < rows.format.bpp; bit++) {
    const abs = bitAt(rows.format, x, bit);
    const at = y * rows.stride + Math.floor(abs / 8);
    const on = Math.floor(value / 2 ** bit) % 2 === 1;
    rows.bytes[at] = on ? rows.bytes[at]! | (1 << (abs % 8)) : rows.bytes[at]! & ~(1 << (abs % 8));
  }
}

export interface RefSurface extends RefRows {
  width: number;
  height: number;
  clip: Rect;
}

export function insideClip(s: RefSurface, x: number, y: number): boolean {
  const c = s.clip;
  return x >= 0 && y >= 0 && x < s.width && y < s.height && x >= c.x && y >= c.y && x < c.x + c.w && y < c.y + c.h;
}

export function refBlit(
  dst: RefSurface,
  src: RefSurface,
  at: Point,
  opts: { srcRect?: Rect; op?: 'src' | 'over'; opacity?: number } = {},
): void {
  const opacity = opacityToByte(opts.opacity);
  if (opts.op === 'over' && opacity === 0) return;
  const frozen: RefRows = { ...src, bytes: Uint8Array.from(src.bytes) }; // reads see the source before any write
  const r = opts.srcRect ?? { x: 0, y: 0, w: src.width, h: src.height };
  // Same format, nothing to fade or blend: pixel values are copied as they are (X bits too).
  const opaque = src.format.palette ? src.format.palette.every((c) => c >>> 24 === 255) : src.format.transp.length === 0;
  const rawCopy = formatsEqual(src.format, dst.format) && opacity === 255 && (opts.op !== 'over' || opaque);
  for (let sy = r.y; sy < r.y + r.h; sy++) {
    for (let sx = r.x; sx < r.x + r.w; sx++) {
      if (sx < 0 || sy < 0 || sx >= src.width || sy >= src.height) continue;
      const dx = at.x + sx - r.x,
        dy = at.y + sy - r.y;
      if (!insideClip(dst, dx, dy)) continue;
      if (rawCopy) {
        refWrite(dst, dx, dy, refRead(frozen, sx, sy));
        continue;
      }
      refPut(dst, dx, dy, unpack(src.format, refRead(frozen, sx, sy)), opts.op, opacity);
    }
  }
}

/** A real Surface over the same bytes, clipped like the reference surface. */
export function surfaceOver(rows: RefSurface): Surface {
  const s = new Surface({ width: rows.width, height: rows.height, format: rows.format, stride: rows.stride, bytes: rows.bytes });
  s.setClip(rows.clip);
  return s;
}

/** One color onto one destination pixel: fade by opacity (0..255), then replace or blend over. */
export function refPut(dst: RefSurface, x: number, y: number, color: number, op: 'src' | 'over' | undefined, opacity: number): void {
  let c = fade(color, opacity);
  if (op === 'over') c = over(c, unpack(dst.format, refRead(dst, x, y)));
  refWrite(dst, x, y, pack(dst.format, c));
}
