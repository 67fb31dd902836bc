/**
 * Bilinear scaled blits through the WASM kernels (pixels.c `bilinear_row`, the same
 * integer formula as draw/scale.ts `mix`). The decoded source rows the scale reads are
 * copied into the kernels' memory once; destination rows are then made in bands of up to
 * CHUNK_PIXELS in that memory and written (faded, blended, encoded) from there by
 * stageAt, so no pixel passes through a JS loop or an extra copy.
 */
import { HOST_LITTLE_ENDIAN } from '../../raster/endian.js';
import { FORMATS, formatsEqual } from '../../raster/format.js';
import type { PixelTarget } from '../../raster/target.js';
import type { BlendOp } from '../blend.js';
import { CHUNK_PIXELS, MIN_PIXELS, STAGING_BYTES, stageAt } from './staged.js';
import { formatKernels } from './formats.js';
import { SLACK, wasmKernels } from './wasm.js';

/** Beyond this the source is not copied into WASM memory (the JS path needs no copy). */
const MAX_SOURCE_BYTES = 256 * 1024 * 1024;

export interface BilinearJob {
  /** Source row r decoded to ARGB (srcW pixels): `scratch`, or a view of the source's own pixels. */
  readonly row: (r: number, scratch: Uint32Array) => Uint32Array;
  /** The destination shares the source's buffer: every source row is copied in before drawing. */
  readonly sameBuffer: boolean;
  readonly srcW: number;
  readonly srcH: number;
  /**
   * Per destination column: first source column, the second (the next one, or any with
   * weight 0: the kernel's opaque path reads the next column), weight of the second (1/256).
   */
  readonly xs: Int32Array;
  /** Per destination row y (from y0): [first source row, second, weight of the second]. */
  readonly ys: (y: number) => readonly [number, number, number];
  readonly x0: number;
  readonly y0: number;
  readonly w: number;
  readonly h: number;
}

/** Draws the job into `dst`; false (nothing done) when the WASM kernels don't apply. */
export function bilinearStaged(dst: PixelTarget, job: BilinearJob, op: BlendOp, opacity: number): boolean {
  const { srcW, srcH, w, h } = job;
  const srcBytes = srcW * srcH * 4;
  if (!HOST_LITTLE_ENDIAN || w * h < MIN_PIXELS || srcBytes > MAX_SOURCE_BYTES || !formatKernels(dst.format)) return false;
  const wasm = wasmKernels();
  if (!wasm) return false;
  const bandRows = Math.max(1, Math.floor(CHUNK_PIXELS / w));
  const SRC = wasm.base,
    XS = SRC + srcBytes + SLACK,
    WEIGHTS = XS + w * 12 + SLACK,
    VERT = WEIGHTS + w * 16 + SLACK,
    BAND = VERT + srcW * 8 + SLACK,
    STAGE = BAND + bandRows * w * 4 + SLACK;
  if (!wasm.reserve(STAGE + STAGING_BYTES)) return false;
  const mem = wasm.bytes();
  mem.set(new Uint8Array(job.xs.buffer, job.xs.byteOffset, w * 12), XS);
  wasm.k.bilinear_weights(XS, WEIGHTS, w);
  const loaded = new Uint8Array(srcH);
  const source = (r: number) => {
    const at = SRC + r * srcW * 4;
    if (!loaded[r]) {
      // Decoded straight into WASM memory; a view of ARGB8888 source pixels is copied there.
      const into = new Uint32Array(mem.buffer, at, srcW);
      const row = job.row(r, into);
      if (row !== into) into.set(row);
      loaded[r] = 1;
    }
    return at;
  };
  if (job.sameBuffer) for (let r = 0; r < srcH; r++) source(r);
  // Replacing ARGB8888 or XRGB8888 pixels, the kernel writes them in the destination's format (stageAt then only copies).
  const direct =
    op === 'src' && opacity === 255 && (formatsEqual(dst.format, FORMATS.ARGB8888) || formatsEqual(dst.format, FORMATS.XRGB8888));
  const bandFormat = direct ? dst.format : FORMATS.ARGB8888;
  const keep = bandFormat.transp.length ? 0xffffffff : 0x00ffffff;
  for (let y = 0; y < h; y += bandRows) {
    const rows = Math.min(bandRows, h - y);
    for (let i = 0; i < rows; i++) {
      const [ya, yb, fy] = job.ys(y + i);
      wasm.k.bilinear_row(source(ya), source(yb), XS, WEIGHTS, VERT, BAND + i * w * 4, w, srcW, fy, keep);
    }
    // The band is in the kernels' memory, so stageAt reads it in place.
    const band = { bytes: mem.subarray(BAND, BAND + rows * w * 4), stride: w * 4, format: bandFormat };
    stageAt(wasm, STAGE, dst, band, { sx: 0, sy: 0, dx: job.x0, dy: job.y0 + y, w, h: rows }, op, opacity);
  }
  return true;
}
