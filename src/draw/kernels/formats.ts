/**
 * Which WASM kernel decodes a format's pixels to 0xAARRGGBB and encodes them back, with
 * exactly the results of draw/convert.ts (pack/unpack): ARGB8888 needs none, RGB565 and
 * BGR565 have their own, GRAY8 too (luma out, gray replicated in), and every truecolor
 * 24/32 bpp format whose channels are whole bytes (the 8888 orders, XRGB, 888) is one
 * byte shuffle built from its bitfields. Null for formats the JS kernels keep.
 */
import { FORMATS, formatsEqual, type Bitfield, type PixelFormat } from '../../raster/format.js';
import { memoPerObject } from '../../raster/memo.js';
import type { PixelKernels } from './wasm.js';

/** Converts `n` pixels at offset `from` to offset `to` of the kernels' memory. */
type Step = (k: PixelKernels, from: number, to: number, n: number) => void;

export interface FormatKernels {
  readonly bytesPerPixel: number;
  /** Raw pixels to ARGB; null when the raw pixels are ARGB8888 already. */
  readonly decode: Step | null;
  /** ARGB to raw pixels; null for ARGB8888. */
  readonly encode: Step | null;
}

export const formatKernels: (format: PixelFormat) => FormatKernels | null = memoPerObject(make);

const OPAQUE = 0xff000000;

function make(f: PixelFormat): FormatKernels | null {
  if (formatsEqual(f, FORMATS.ARGB8888)) return { bytesPerPixel: 4, decode: null, encode: null };
  const bgr = formatsEqual(f, FORMATS.BGR565);
  if (bgr || formatsEqual(f, FORMATS.RGB565)) {
    const flag = bgr ? 1 : 0;
    return {
      bytesPerPixel: 2,
      decode: (k, from, to, n) => k.rgb565_to_argb(from, to, n, flag, OPAQUE),
      encode: (k, from, to, n) => k.argb_to_565(from, to, n, flag),
    };
  }
  if (formatsEqual(f, FORMATS.GRAY8)) {
    return {
      bytesPerPixel: 1,
      decode: (k, from, to, n) => k.gray8_to_argb(from, to, n),
      encode: (k, from, to, n) => k.argb_to_gray8(from, to, n),
    };
  }
  return byteShuffle(f);
}

/** ARGB byte k (0 = blue ... 3 = alpha) is this field of the format. */
const channels = (f: PixelFormat): Bitfield[] => [f.blue, f.green, f.red, f.transp];

function byteShuffle(f: PixelFormat): FormatKernels | null {
  if (f.visual !== 'truecolor' && f.visual !== 'directcolor') return null;
  if (f.grayscale || (f.bpp !== 24 && f.bpp !== 32)) return null;
  const fields = channels(f);
  if (!fields.every((b) => b.length === 0 || (b.length === 8 && b.offset % 8 === 0 && !b.msbRight))) return null;
  const size = f.bpp / 8;
  // Decoded byte k of a pixel comes from raw byte offset/8 of its channel (absent: zero).
  const decodeMap = fields.map((b) => (b.length === 8 ? b.offset / 8 : -1));
  // Raw byte j holds the ARGB channel whose field starts at bit 8j (none: zero).
  const encodeMap = Array.from({ length: size }, (_, j) => fields.findIndex((b) => b.length === 8 && b.offset === 8 * j));
  const dec = swizzle(decodeMap, size, 4),
    enc = swizzle(encodeMap, 4, size);
  const alpha = f.transp.length === 0 ? OPAQUE : 0;
  return {
    bytesPerPixel: size,
    decode: (k, from, to, n) => k.shuffle(from, size, to, 4, n, dec[0]!, dec[1]!, dec[2]!, dec[3]!, alpha),
    encode: (k, from, to, n) => k.shuffle(from, 4, to, size, n, enc[0]!, enc[1]!, enc[2]!, enc[3]!, 0),
  };
}

/**
 * The 16-byte swizzle for four pixels: output byte j of pixel p takes input byte
 * p * inBytes + map[j] (0x80, which the swizzle turns into zero, where map[j] < 0). Returned
 * as four little-endian words, the way pixels.c's `shuffle` takes it.
 */
function swizzle(map: number[], inBytes: number, outBytes: number): Uint32Array {
  const bytes = new Uint8Array(16).fill(0x80);
  for (let p = 0; p < 4; p++) {
    for (let j = 0; j < outBytes; j++) bytes[p * outBytes + j] = map[j]! < 0 ? 0x80 : p * inBytes + map[j]!;
  }
  return new Uint32Array(bytes.buffer);
}
