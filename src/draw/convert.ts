/**
 * Row converters between any PixelFormat and 0xAARRGGBB, built once per format from the
 * format's own `pack`/`unpack`, so every fast path gives exactly the bytes the generic
 * per-pixel path gives:
 *  - decode: ARGB8888 rows are viewed in place; 16 bpp and below use a full lookup
 *    table of `unpack`; 24/32 bpp formats with byte-aligned 8-bit channels use one
 *    256-entry table per byte; anything else calls `unpack` per pixel.
 *  - encode: ARGB8888 is a copy, XRGB8888 a mask, RGB565/BGR565/RGB888/BGR888 constant
 *    shifts and masks; other truecolor formats OR one 256-entry table per channel (pack
 *    is a sum of independent channel fields); palette formats
 *    remember the nearest-color search per palette; gray and mono call `pack`.
 * Pixels are stored little-endian, as framebuffers on little-endian hosts store them.
 */
import { FORMATS, formatsEqual, pack, unpack, type PixelFormat } from '../raster/format.js';
import { HOST_LITTLE_ENDIAN } from '../raster/endian.js';
import { memoPerObject } from '../raster/memo.js';

/** Bytes plus the geometry to find pixel (x, y) in them. */
export interface PixelRows {
  readonly bytes: Uint8Array;
  readonly stride: number;
  readonly format: PixelFormat;
}

/**
 * Decodes `n` pixels of row `y` starting at column `x` to ARGB. Returns either a view of
 * the pixels themselves (ARGB8888, aligned: writing to it writes the pixels) or `scratch`.
 */
export type RowDecoder = (rows: PixelRows, x: number, y: number, n: number, scratch: Uint32Array) => Uint32Array;
/** Encodes `argb[0..n)` into row `y` from column `x`. */
export type RowEncoder = (rows: PixelRows, x: number, y: number, n: number, argb: Uint32Array) => void;

/** A Uint32Array over 4-byte pixels when the start is aligned (and the host is LE). */
export function view32(rows: PixelRows, x: number, y: number, n: number): Uint32Array | null {
  const start = rows.bytes.byteOffset + y * rows.stride + x * 4;
  return HOST_LITTLE_ENDIAN && start % 4 === 0 ? new Uint32Array(rows.bytes.buffer, start, n) : null;
}

function view16(rows: PixelRows, x: number, y: number, n: number): Uint16Array | null {
  const start = rows.bytes.byteOffset + y * rows.stride + x * 2;
  return HOST_LITTLE_ENDIAN && start % 2 === 0 ? new Uint16Array(rows.bytes.buffer, start, n) : null;
}

// --- raw pixel values -------------------------------------------------------------

/** Where sub-byte pixel `px` sits in its byte (the byte is px * bpp / 8, rounded down). */
export function subByteShift(bpp: number, msbFirst: boolean, px: number): number {
  const slot = px % (8 / bpp);
  return msbFirst ? 8 - bpp * (slot + 1) : bpp * slot;
}

/** Reads raw pixel values (any bpp, sub-byte in the format's bit order) into `out`. */
export function readRaw(rows: PixelRows, x: number, y: number, n: number, out: Uint32Array): void {
  const { bytes, format } = rows;
  const bpp = format.bpp;
  const base = y * rows.stride;
  switch (bpp) {
    case 32: {
      const v = view32(rows, x, y, n);
      if (v) return out.set(v);
      for (let i = 0, p = base + x * 4; i < n; i++, p += 4) {
        out[i] = (bytes[p]! | (bytes[p + 1]! << 8) | (bytes[p + 2]! << 16) | (bytes[p + 3]! << 24)) >>> 0;
      }
      return;
    }
    case 24:
      for (let i = 0, p = base + x * 3; i < n; i++, p += 3) out[i] = bytes[p]! | (bytes[p + 1]! << 8) | (bytes[p + 2]! << 16);
      return;
    case 16: {
      const v = view16(rows, x, y, n);
      if (v) return out.set(v);
      for (let i = 0, p = base + x * 2; i < n; i++, p += 2) out[i] = bytes[p]! | (bytes[p + 1]! << 8);
      return;
    }
    case 8:
      return out.set(bytes.subarray(base + x, base + x + n));
    default: {
      const valueMask = (1 << bpp) - 1;
      const msbFirst = format.bitOrder === 'msb-first';
      for (let i = 0; i < n; i++) {
        const px = x + i;
        out[i] = (bytes[base + ((px * bpp) >> 3)]! >> subByteShift(bpp, msbFirst, px)) & valueMask;
      }
    }
  }
}

/** Writes raw pixel values; sub-byte pixels change only their own bits. */
export function writeRaw(rows: PixelRows, x: number, y: number, n: number, values: Uint32Array): void {
  const { bytes, format } = rows;
  const bpp = format.bpp;
  const base = y * rows.stride;
  switch (bpp) {
    case 32: {
      const v = view32(rows, x, y, n);
      if (v) return v.set(values.subarray(0, n));
      for (let i = 0, p = base + x * 4; i < n; i++, p += 4) {
        const val = values[i]!;
        bytes[p] = val;
        bytes[p + 1] = val >>> 8;
        bytes[p + 2] = val >>> 16;
        bytes[p + 3] = val >>> 24;
      }
      return;
    }
    case 24:
      for (let i = 0, p = base + x * 3; i < n; i++, p += 3) {
        const val = values[i]!;
        bytes[p] = val;
        bytes[p + 1] = val >>> 8;
        bytes[p + 2] = val >>> 16;
      }
      return;
    case 16: {
      const v = view16(rows, x, y, n);
      if (v) return v.set(values.subarray(0, n));
      for (let i = 0, p = base + x * 2; i < n; i++, p += 2) {
        const val = values[i]!;
        bytes[p] = val;
        bytes[p + 1] = val >>> 8;
      }
      return;
    }
    case 8:
      return bytes.set(values.subarray(0, n), base + x);
    default: {
      const valueMask = (1 << bpp) - 1;
      const msbFirst = format.bitOrder === 'msb-first';
      for (let i = 0; i < n; i++) {
        const px = x + i;
        const shift = subByteShift(bpp, msbFirst, px);
        const at = base + ((px * bpp) >> 3);
        bytes[at] = (bytes[at]! & ~(valueMask << shift)) | ((values[i]! & valueMask) << shift);
      }
    }
  }
}

// --- decoders -------------------------------------------------------------------------

/** The row decoder for `format`, built once per format object. */
export const rowDecoder: (format: PixelFormat) => RowDecoder = memoPerObject(makeDecoder);

const isTruecolor = (f: PixelFormat) => f.visual === 'truecolor' || f.visual === 'directcolor';

/** Truecolor with every channel a whole, plainly ordered byte (8888, 888 orders). */
function byteAligned(f: PixelFormat): boolean {
  if (!isTruecolor(f) || (f.bpp !== 24 && f.bpp !== 32)) return false;
  const fields = f.grayscale ? [f.red, f.transp] : [f.red, f.green, f.blue, f.transp];
  return fields.every((b) => b.length === 0 || (b.length === 8 && b.offset % 8 === 0 && !b.msbRight));
}

function makeDecoder(format: PixelFormat): RowDecoder {
  if (formatsEqual(format, FORMATS.ARGB8888)) {
    return (rows, x, y, n, scratch) => {
      const v = view32(rows, x, y, n);
      if (v) return v;
      readRaw(rows, x, y, n, scratch);
      return scratch;
    };
  }
  if (formatsEqual(format, FORMATS.XRGB8888)) {
    const unaligned = byteTableDecoder(format);
    return (rows, x, y, n, scratch) => {
      const v = view32(rows, x, y, n);
      if (!v) return unaligned(rows, x, y, n, scratch);
      for (let i = 0; i < n; i++) scratch[i] = (v[i]! | 0xff000000) >>> 0;
      return scratch;
    };
  }
  if (format.bpp <= 16) {
    const table = new Uint32Array(2 ** format.bpp);
    for (let v = 0; v < table.length; v++) table[v] = unpack(format, v);
    return (rows, x, y, n, scratch) => {
      readRaw(rows, x, y, n, scratch);
      for (let i = 0; i < n; i++) scratch[i] = table[scratch[i]!]!;
      return scratch;
    };
  }
  if (byteAligned(format)) return byteTableDecoder(format);
  return (rows, x, y, n, scratch) => {
    readRaw(rows, x, y, n, scratch);
    for (let i = 0; i < n; i++) scratch[i] = unpack(format, scratch[i]!);
    return scratch;
  };
}

/** unpack(v) is the OR of unpack(byte_k << 8k) when no channel straddles a byte. */
function byteTableDecoder(format: PixelFormat): RowDecoder {
  const bytesPerPixel = format.bpp / 8;
  const tables = Array.from({ length: bytesPerPixel }, (_, k) =>
    Uint32Array.from({ length: 256 }, (_, b) => unpack(format, b * 2 ** (8 * k))),
  );
  const [t0, t1, t2, t3] = tables as [Uint32Array, Uint32Array, Uint32Array, Uint32Array | undefined];
  return (rows, x, y, n, scratch) => {
    const b = rows.bytes;
    let p = y * rows.stride + x * bytesPerPixel;
    if (t3) {
      for (let i = 0; i < n; i++, p += 4) scratch[i] = (t0[b[p]!]! | t1[b[p + 1]!]! | t2[b[p + 2]!]! | t3[b[p + 3]!]!) >>> 0;
    } else {
      for (let i = 0; i < n; i++, p += 3) scratch[i] = (t0[b[p]!]! | t1[b[p + 1]!]! | t2[b[p + 2]!]!) >>> 0;
    }
    return scratch;
  };
}

// --- encoders -------------------------------------------------------------------------

/** The row encoder for `format`, built once per format object. */
export const rowEncoder: (format: PixelFormat) => RowEncoder = memoPerObject(makeEncoder);

/** An encoder that maps each color to its raw value, then stores the row. */
function encodeWith(toRaw: (argb: number) => number): RowEncoder {
  let raw = new Uint32Array(0);
  return (rows, x, y, n, argb) => {
    if (raw.length < n) raw = new Uint32Array(n);
    for (let i = 0; i < n; i++) raw[i] = toRaw(argb[i]!);
    writeRaw(rows, x, y, n, raw);
  };
}

function makeEncoder(format: PixelFormat): RowEncoder {
  if (formatsEqual(format, FORMATS.ARGB8888)) return (rows, x, y, n, argb) => writeRaw(rows, x, y, n, argb);
  if (formatsEqual(format, FORMATS.XRGB8888)) {
    const unaligned = encodeWith((c) => c & 0xffffff);
    return (rows, x, y, n, argb) => {
      const v = view32(rows, x, y, n);
      if (!v) return unaligned(rows, x, y, n, argb);
      for (let i = 0; i < n; i++) v[i] = argb[i]! & 0xffffff;
    };
  }
  if (isTruecolor(format) && !format.grayscale) {
    // pack() adds independent channel fields, so per-channel tables OR together exactly.
    const table = (shift: number) => Uint32Array.from({ length: 256 }, (_, c) => pack(format, c * 2 ** shift));
    const ta = table(24),
      tr = table(16),
      tg = table(8),
      tb = table(0);
    const channelLookup = (c: number) => (ta[c >>> 24]! | tr[(c >>> 16) & 255]! | tg[(c >>> 8) & 255]! | tb[c & 255]!) >>> 0;
    const generic = encodeWith(channelLookup);
    const shifted = shiftMaskEncoder(format, generic);
    if (shifted) return shifted;
    if (format.bpp !== 16) return generic;
    return (rows, x, y, n, argb) => {
      const v = view16(rows, x, y, n);
      if (!v) return generic(rows, x, y, n, argb);
      for (let i = 0; i < n; i++) v[i] = channelLookup(argb[i]!);
    };
  }
  if (format.palette) {
    const nearest = nearestColorCache(format);
    return encodeWith(nearest);
  }
  return encodeWith((c) => pack(format, c));
}

/**
 * The most common framebuffer formats as constant shifts and masks: pack() keeps the top
 * bits of each 8-bit channel (truncation, format.ts `narrow`), so 565 is three shifted
 * masks and 888 three bytes. Constant shift counts matter: V8 runs these loops about
 * twice as fast as the same loop with the counts in variables. Null for other formats.
 * Test: test/convert-fast.test.ts compares every RGB value with pack().
 */
function shiftMaskEncoder(format: PixelFormat, unaligned: RowEncoder): RowEncoder | null {
  const rgb = formatsEqual(format, FORMATS.RGB565),
    bgr = formatsEqual(format, FORMATS.BGR565);
  if (rgb || bgr) {
    return (rows, x, y, n, argb) => {
      const v = view16(rows, x, y, n);
      if (!v) return unaligned(rows, x, y, n, argb);
      if (rgb) {
        for (let i = 0; i < n; i++) {
          const c = argb[i]! | 0;
          v[i] = ((c >>> 8) & 0xf800) | ((c >>> 5) & 0x07e0) | ((c >>> 3) & 0x001f);
        }
      } else {
        for (let i = 0; i < n; i++) {
          const c = argb[i]! | 0;
          v[i] = ((c << 8) & 0xf800) | ((c >>> 5) & 0x07e0) | ((c >>> 19) & 0x001f);
        }
      }
    };
  }
  // 24 bpp pixels are stored as three bytes, lowest first: RGB888 starts with blue.
  const rgb888 = formatsEqual(format, FORMATS.RGB888);
  if (!rgb888 && !formatsEqual(format, FORMATS.BGR888)) return null;
  const first = rgb888 ? 0 : 16,
    last = rgb888 ? 16 : 0;
  return (rows, x, y, n, argb) => {
    const bytes = rows.bytes;
    for (let i = 0, p = y * rows.stride + x * 3; i < n; i++, p += 3) {
      const c = argb[i]! | 0;
      bytes[p] = c >>> first;
      bytes[p + 1] = c >>> 8;
      bytes[p + 2] = c >>> last;
    }
  };
}

/**
 * Nearest palette entry per color, remembered per palette. Small palettes (up to 16
 * entries) are searched each time; larger ones keep a table over all 2^24 RGB values,
 * filled on first sight of each color (untouched pages of it cost no memory).
 */
const paletteMemo = memoPerObject((_palette: Uint32Array) => ({ index: new Uint8Array(1 << 24), known: new Uint32Array(1 << 19) }));

function nearestColorCache(format: PixelFormat): (argb: number) => number {
  const palette = format.palette!;
  if (palette.length <= 16) return (argb) => pack(format, argb & 0xffffff);
  const { index, known } = paletteMemo(palette);
  return (argb) => {
    const rgb = argb & 0xffffff; // the nearest-color search ignores alpha
    const bit = 1 << (rgb & 31);
    if ((known[rgb >>> 5]! & bit) === 0) {
      index[rgb] = pack(format, rgb);
      known[rgb >>> 5]! |= bit;
    }
    return index[rgb]!;
  };
}
