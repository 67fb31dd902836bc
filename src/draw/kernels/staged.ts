/**
 * Blits (convert, fade, source-over) through the WASM kernels. WASM code can only touch
 * its own linear memory, and a plain Surface's bytes (a mapped framebuffer above all) are
 * not in it, so such pixels are staged: a chunk of rows is copied in (TypedArray.set, a
 * memcpy), converted and blended there in cache, and copied out to the destination.
 *
 * A Surface made with `wasm: true` (Frames' back buffer is one) lives in a WASM memory of
 * its own instead, and the blit runs on that memory's instance: its pixels are read or
 * written in place, which saves the copy in of a source or the copy out (and, blending,
 * the copy in) of a destination: bench/run.mjs measured 8888 -> 565 from such a source
 * about 1.5x faster than staged, and source-over onto such a destination 1.2x. Each
 * memory is sized once and never grows (growing would detach every view of it); one
 * shared, growable memory of plain staging buffers serves all other blits.
 */
import { HOST_LITTLE_ENDIAN } from '../../raster/endian.js';
import { FORMATS, formatsEqual } from '../../raster/format.js';
import type { PixelTarget } from '../../raster/target.js';
import type { BlendOp } from '../blend.js';
import type { PixelRows } from '../convert.js';
import { formatKernels } from './formats.js';
import { residentMemory, residentWasm, SLACK, wasmKernels, type Wasm } from './wasm.js';

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
 * A surface in WASM memory (residentSurfaceBytes) is read or written in place by its own
 * instance; with both in WASM memories (two memories: an instance sees only its own), the
 * side whose in-place access saves more copying wins and the other is staged.
 */
export function stagedBlit(dst: PixelTarget, src: PixelRows, span: BlitSpan, op: BlendOp, opacity: number): boolean {
  if (!HOST_LITTLE_ENDIAN || span.w * span.h < MIN_PIXELS || !covers(src, dst)) return false;
  const wasm = instanceFor(dst, src, op) ?? wasmKernels();
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
 * `length` bytes for a Surface's pixels inside a WASM memory of their own (with room for
 * stageAt's buffers), or null where that is not possible (see wasm.ts residentMemory).
 */
export function residentSurfaceBytes(length: number): Uint8Array | null {
  return residentMemory(length, STAGING_BYTES)?.bytes ?? null;
}

/** The resident instance to run a blit on, or null when neither side lives in WASM memory. */
function instanceFor(dst: PixelRows, src: PixelRows, op: BlendOp): Wasm | null {
  const atSrc = residentWasm(src.bytes.buffer),
    atDst = inPlaceTarget(dst) ? residentWasm(dst.bytes.buffer) : null;
  if (!atSrc || !atDst) return atSrc ?? atDst;
  // Bytes per pixel that are not copied: the source's copy-in, or the destination's copy-out (and its copy-in to blend).
  const savedAtSrc = formatKernels(src.format)!.bytesPerPixel,
    savedAtDst = formatKernels(dst.format)!.bytesPerPixel * (op === 'over' ? 2 : 1);
  return savedAtDst >= savedAtSrc ? atDst : atSrc;
}

/**
 * Whether kernels may write `dst`'s pixels in place: every destination format but the 3-byte
 * ones, whose vector stores spill 4 bytes past the last pixel.
 */
const inPlaceTarget = (dst: PixelRows) => formatKernels(dst.format)!.bytesPerPixel !== 3;

/** Pixels a kernel writes in whole vectors (the largest step of any kernel): in place, a run's remainder is staged. */
const VECTOR_PIXELS = 16;

/**
 * stagedBlit's work with its buffers at `at` (STAGING_BYTES, already reserved). Pixels of
 * `src` or `dst` that lie in this instance's memory are used in place: the source read
 * there, the destination written there (but for each run's last n % 16 pixels, which go
 * through staging so that no vector store passes the run's end).
 */
export function stageAt(wasm: Wasm, at: number, dst: PixelTarget, src: PixelRows, span: BlitSpan, op: BlendOp, opacity: number): void {
  const s = formatKernels(src.format)!,
    d = formatKernels(dst.format)!;
  const k = wasm.k;
  const mem = wasm.bytes();
  const srcHere = src.bytes.buffer === mem.buffer,
    dstHere = dst.bytes.buffer === mem.buffer && inPlaceTarget(dst);
  const overRaw = op !== 'over' ? null : formatsEqual(dst.format, FORMATS.XRGB8888) ? k.over_x888 : d.decode === null ? k.over_8888 : null;

  // Several rows make one run when they follow each other in memory (or are staged, and so packed).
  const packed = (r: PixelRows, bpp: number) => r.stride === span.w * bpp;
  const manyRows = (!srcHere || packed(src, s.bytesPerPixel)) && (!dstHere || packed(dst, d.bytesPerPixel));
  const pieceW = Math.min(span.w, CHUNK_PIXELS);
  const rowsPer = manyRows ? Math.max(1, Math.floor(CHUNK_PIXELS / span.w)) : 1;
  const zone = pieceW * rowsPer * 4 + SLACK;
  const IN = at,
    ARGB = at + zone,
    OUT = at + 2 * zone,
    SPARE = at + 3 * zone;
  const address = (r: PixelRows, x: number, y: number, bpp: number) => r.bytes.byteOffset + y * r.stride + x * bpp;

  const replaceArgb = op === 'src' && d.encode === null; // an ARGB8888 destination replaced: the colors go straight there
  // Pixels already in the destination's format (a scaled band made so) are only copied out.
  const copyOnly = op === 'src' && opacity === 255 && formatsEqual(src.format, dst.format) && !dstHere;

  /**
   * The `n` source pixels at `from` converted (faded, blended) onto the `n` destination
   * pixels at `to` (in place, or staged). `from` is only read unless it is IN (staged).
   */
  const convert = (from: number, to: number, n: number) => {
    if (replaceArgb) {
      if (s.decode) s.decode(k, from, to, n);
      else if (from !== to) mem.copyWithin(to, from, from + n * 4);
      if (opacity !== 255) k.fade(to, n, opacity);
      return;
    }
    let colors = from;
    if (s.decode) s.decode(k, from, (colors = ARGB), n);
    else if (opacity !== 255 && from !== IN) mem.copyWithin((colors = ARGB), from, from + n * 4); // fade writes in place
    if (opacity !== 255) k.fade(colors, n, opacity);
    if (op === 'src') d.encode!(k, colors, to, n);
    else if (overRaw) overRaw(colors, to, n);
    else {
      d.decode!(k, to, SPARE, n);
      k.over_8888(colors, SPARE, n);
      d.encode!(k, SPARE, to, n);
    }
  };

  for (let y = 0; y < span.h; y += rowsPer) {
    const rows = Math.min(rowsPer, span.h - y);
    for (let x = 0; x < span.w; x += pieceW) {
      const w = Math.min(pieceW, span.w - x),
        n = w * rows;
      const sx = span.sx + x,
        sy = span.sy + y,
        dx = span.dx + x,
        dy = span.dy + y;
      let from = IN;
      if (srcHere) from = address(src, sx, sy, s.bytesPerPixel);
      else copyIn(mem, IN, src, sx, sy, w, rows, s.bytesPerPixel);
      if (dstHere) {
        const to = address(dst, dx, dy, d.bytesPerPixel);
        const body = n - (n % VECTOR_PIXELS);
        if (body > 0) convert(from, to, body);
        if (body === n) continue;
        const rest = to + body * d.bytesPerPixel,
          restEnd = to + n * d.bytesPerPixel;
        if (op === 'over') mem.copyWithin(OUT, rest, restEnd);
        convert(from + body * s.bytesPerPixel, OUT, n - body);
        mem.copyWithin(rest, OUT, OUT + (restEnd - rest));
        continue;
      }
      if (copyOnly) {
        copyOut(mem, from, dst, dx, dy, w, rows, d.bytesPerPixel);
        continue;
      }
      // Staged: a raw ARGB8888 source replacing an ARGB8888 destination is faded where it was copied in.
      const out = replaceArgb && !s.decode && from === IN ? IN : OUT;
      if (op === 'over') copyIn(mem, OUT, dst, dx, dy, w, rows, d.bytesPerPixel);
      convert(from, out, n);
      copyOut(mem, out, dst, dx, dy, w, rows, d.bytesPerPixel);
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
