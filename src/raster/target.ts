/**
 * What the draw/ primitives need of the pixels they write: bytes laid out as rows of
 * `stride` bytes in `format`, and the rectangle drawing may touch. Surface is the usual
 * implementation; the primitives never know whether the bytes are RAM or a mapped device.
 */
import type { PixelFormat } from './format.js';
import type { Rect } from './geometry.js';

export interface PixelTarget {
  readonly width: number;
  readonly height: number;
  readonly format: PixelFormat;
  /** Bytes from the start of one row to the next. */
  readonly stride: number;
  /** Row y starts at y × stride; the last row may end without padding. */
  readonly bytes: Uint8Array;
  /** Where drawing may happen: always inside width × height. */
  readonly clip: Readonly<Rect>;
}
