/**
 * Blits (convert, fade, source-over) through the WASM kernels. WASM code can only touch
 * its own linear memory, and a Surface's bytes (a mapped framebuffer above all) are not
 * in it, so pixels are staged: a chunk of rows is copied in (TypedArray.set, a memcpy),
 * converted and blended there in cache, and copied out to the destination.
 *
 * Why staging and not Surfaces that live inside WASM memory: measured in bench/run.mjs
 * ("staged/in-WASM" rows), the kernel alone on data already in WASM memory is about 2.2x
 * faster than staged for 8888 -> 565 and 1.6x for source-over, but resident surfaces
 * would need memory.grow, which detaches every view of the old buffer (every live
 * Surface), the memory never shrinks, and the device is never in it, so a final copy
 * remains anyway. With cache-sized chunks the extra copies run from and to L2; the
 * source read and the destination write to memory happen once either way.
 */
import { HOST_LITTLE_ENDIAN } from '../../raster/endian.js';
import { FORMATS, formatsEqual } from '../../raster/format.js';
import type { PixelTarget } from '../../raster/target.js';
import type { BlendOp } from '../blend.js';
import type { PixelRows } from '../convert.js';
import { formatKernels } from './formats.js';
import { SLACK, wasmKernels, type Wasm } from './wasm.js';

/**
 * Pixels per staged chunk: the source, its ARGB form, the destination and a spare ARGB
 * buffer (up to 16 bytes a pixel) stay inside L2. bench/run.mjs measured 4096 to 16384
 * alike here; below that the per-chunk JS calls show, above it cache misses do.
 */
export const CHUNK_PIXELS = 8192;

/**
 * Below this many pixels the JS kernels run (and the module is not compiled for them).
 * Measured (one-row blits, WASM vs JS): even at 1.0x at 1 to 16 pixels, 3x at 32, 6-8x
 * from 512 up; 64 keeps tiny blits from paying the first compile for little gain.
 */
export const MIN_PIXELS = 64;

/** A clipped copy: `w` x `h` pixels from (sx, sy) in the source to (dx, dy). */
export interface BlitSpan {
  sx: number;
  sy: number;
  dx: number;
  dy: number;
  w: number;
  h: number;
}

/**
 * Converts (and with 'over' blends) `span` from `src` to `dst` through the WASM kernels;
 * returns false, having done nothing, when they don't apply (small work, a format they
 * don't cover, or no WebAssembly SIMD here), and the caller runs the JS kernels.
 * `opacity` is 0..255 and scales the source alpha first, as draw/blit.ts's rowWriter does.
 */
export function stagedBlit(dst: PixelTarget, src: PixelRows, span: BlitSpan, op: BlendOp, opacity: number): boolean {
  if (!HOST_LITTLE_ENDIAN || span.w * span.h < MIN_PIXELS || !covers(src, dst)) return false;
  const wasm = wasmKernels();
  if (!wasm) return false;
  if (!wasm.reserve(wasm.base + STAGING_BYTES)) return false;
  stageAt(wasm, wasm.base, dst, src, span, op, opacity);
  return true;
}

/** Whether the kernels can convert `src`'s format to `dst`'s (and blend onto it). */
const covers = (src: PixelRows, dst: PixelRows) => formatKernels(src.format) !== null && formatKernels(dst.format) !== null;

/** The memory stageAt uses: four buffers of CHUNK_PIXELS 32-bit pixels. */
export const STAGING_BYTES = 4 * (CHUNK_PIXELS * 4 + SLACK);

/**
 * stagedBlit's work with its buffers at `at` (STAGING_BYTES, already reserved), for
 * callers that keep other data in the kernels' memory (a scaled blit's source). With
 * `resident`, the source pixels are already in that memory at that offset, packed (span.w
 * pixels a row, span.h rows of at most one chunk), and are read there without a copy;
 * `src` then gives only their format.
 */
export function stageAt(
  wasm: Wasm,
  at: number,
  dst: PixelTarget,
  src: PixelRows,
  span: BlitSpan,
  op: BlendOp,
  opacity: number,
  resident?: number,
): void {
  const s = formatKernels(src.format)!,
    d = formatKernels(dst.format)!;
  const k = wasm.k;
  const overRaw = op !== 'over' ? null : formatsEqual(dst.format, FORMATS.XRGB8888) ? k.over_x888 : d.decode === null ? k.over_8888 : null;

  const pieceW = Math.min(span.w, CHUNK_PIXELS);
  const rowsPer = Math.max(1, Math.floor(CHUNK_PIXELS / span.w));
  const cap = pieceW * rowsPer;
  const zone = cap * 4 + SLACK;
  const IN = at,
    ARGB = at + zone,
    OUT = at + 2 * zone,
    SPARE = at + 3 * zone;
  const mem = wasm.bytes();

  for (let y = 0; y < span.h; y += rowsPer) {
    const rows = Math.min(rowsPer, span.h - y);
    for (let x = 0; x < span.w; x += pieceW) {
      const w = Math.min(pieceW, span.w - x),
        n = w * rows;
      let from = IN;
      if (resident === undefined) copyIn(mem, IN, src, span.sx + x, span.sy + y, w, rows, s.bytesPerPixel);
      else from = resident + (y * span.w + x) * s.bytesPerPixel;
      let colors = from;
      if (s.decode) s.decode(k, from, (colors = ARGB), n);
      else if (opacity !== 255 && resident !== undefined) mem.copyWithin((colors = ARGB), from, from + n * 4); // fade writes in place
      if (opacity !== 255) k.fade(colors, n, opacity);
      let out = colors;
      if (op === 'over') {
        copyIn(mem, (out = OUT), dst, span.dx + x, span.dy + y, w, rows, d.bytesPerPixel);
        if (overRaw) overRaw(colors, OUT, n);
        else {
          d.decode!(k, OUT, SPARE, n);
          k.over_8888(colors, SPARE, n);
          d.encode!(k, SPARE, OUT, n);
        }
      } else if (d.encode) d.encode(k, colors, (out = OUT), n);
      copyOut(mem, out, dst, span.dx + x, span.dy + y, w, rows, d.bytesPerPixel);
    }
  }
}

/** Rows [y, y + rows) x [x, x + w) of `r` to `at` in WASM memory, packed (w pixels a row). */
function copyIn(mem: Uint8Array, at: number, r: PixelRows, x: number, y: number, w: number, rows: number, bpp: number): void {
  const len = w * bpp,
    start = y * r.stride + x * bpp;
  if (rows === 1 || r.stride === len) return mem.set(r.bytes.subarray(start, start + (rows - 1) * r.stride + len), at);
  for (let i = 0; i < rows; i++) mem.set(r.bytes.subarray(start + i * r.stride, start + i * r.stride + len), at + i * len);
}

function copyOut(mem: Uint8Array, at: number, r: PixelRows, x: number, y: number, w: number, rows: number, bpp: number): void {
  const len = w * bpp,
    start = y * r.stride + x * bpp;
  if (rows === 1 || r.stride === len) return r.bytes.set(mem.subarray(at, at + rows * len), start);
  for (let i = 0; i < rows; i++) r.bytes.set(mem.subarray(at + i * len, at + (i + 1) * len), start + i * r.stride);
}
