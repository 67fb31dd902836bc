/**
 * Pixel formats, described the way the kernel describes them (struct fb_bitfield per
 * channel plus bits_per_pixel, grayscale and visual), so that BGR, 565, 555, 24-bit and
 * alpha orders are data rather than code paths. Never derive a format from bpp alone.
 *
 * Colors at the API are 0xAARRGGBB numbers; `pack` turns one into the device's native
 * pixel value once per call, never once per pixel.
 *
 * Conversion rules (one place, documented once):
 * - pack truncates each 8-bit channel to its top `length` bits; unpack expands by
 *   replicating the top bits (5-bit 0x1F -> 0xFF, 0x10 -> 0x84), so pack(unpack(p)) == p.
 *   Channels wider than 8 bits are filled by repeating the 8-bit value.
 * - A format without alpha ignores alpha on pack and unpacks as opaque (0xFF).
 * - Grayscale: luma Y = (77 R + 150 G + 29 B + 128) >> 8 (BT.601 weights scaled to 256,
 *   so white gives 255 exactly). The gray level lives in the `red` bitfield.
 * - Palette: the nearest entry by squared RGB distance (alpha ignored), lowest index on
 *   ties. A pixel beyond the palette unpacks as opaque black.
 * - MONO01 / MONO10: white when Y >= 128, else black.
 * - DIRECTCOLOR is treated as truecolor, i.e. as if its colormaps were the identity.
 */
import { ArgumentError, UnsupportedError } from '../errors.js';
import { memoPerObject } from './memo.js';

/** One channel's place inside a pixel value, as in the kernel's `struct fb_bitfield`. */
export interface Bitfield {
  readonly offset: number;
  readonly length: number;
  /** != 0 in the kernel: the most significant bit of the channel is the rightmost. */
  readonly msbRight: boolean;
}

/** The kernel's FB_VISUAL_* values, by name. */
export type Visual =
  | 'mono01' // 1 = black, 0 = white
  | 'mono10' // 1 = white, 0 = black
  | 'truecolor'
  | 'pseudocolor'
  | 'directcolor'
  | 'static_pseudocolor'
  | 'fourcc';

export interface PixelFormat {
  /** A conventional name such as 'XRGB8888', 'RGB565', 'BGR888', 'PAL8', 'MONO01'. */
  readonly name: string;
  /** Bits each pixel takes in memory: 1, 2, 4, 8, 16, 24 or 32. */
  readonly bpp: number;
  readonly red: Bitfield;
  readonly green: Bitfield;
  readonly blue: Bitfield;
  /** Alpha; length 0 when the format has none. */
  readonly transp: Bitfield;
  readonly grayscale: boolean;
  readonly visual: Visual;
  /** Palette formats: colormap entries as 0xAARRGGBB, index = pixel value. */
  readonly palette?: Uint32Array;
  /** Pixels narrower than a byte: whether the leftmost pixel sits in the high bits. */
  readonly bitOrder: 'msb-first' | 'lsb-first';
}

/** A bitfield as callers may write it: msbRight defaults to false. */
export interface BitfieldSpec {
  offset: number;
  length: number;
  msbRight?: boolean;
}

export interface FormatSpec {
  /** 1, 2, 4, 8, 16, 24 or 32; 15 (a depth some drivers report) is stored as 16. */
  bpp: number;
  red?: BitfieldSpec;
  green?: BitfieldSpec;
  blue?: BitfieldSpec;
  transp?: BitfieldSpec;
  grayscale?: boolean;
  /** Default: 'pseudocolor' when a palette is given, else 'truecolor' (mono must be asked for). */
  visual?: Visual;
  /** Pseudocolor entries as 0xAARRGGBB; defaults to `defaultPalette(bpp)`. */
  palette?: Uint32Array | readonly number[];
  /** Sub-byte pixel order; default 'msb-first' (the kernel's usual layout). */
  bitOrder?: 'msb-first' | 'lsb-first';
}

const VALID_BPP = [1, 2, 4, 8, 16, 24, 32];
const NO_FIELD: Bitfield = Object.freeze({ offset: 0, length: 0, msbRight: false });

function bitfield(name: string, spec: BitfieldSpec | undefined, bpp: number): Bitfield {
  if (!spec) return NO_FIELD;
  const { offset, length } = spec;
  if (!Number.isInteger(offset) || !Number.isInteger(length) || offset < 0 || length < 0 || offset + length > bpp) {
    throw new ArgumentError(
      'EFORMAT',
      `${name} bitfield {offset: ${offset}, length: ${length}} does not fit in a ${bpp}-bit pixel`,
      'offset and length are bit counts from the least significant bit; offset + length must be <= bpp',
    );
  }
  return Object.freeze({ offset, length, msbRight: spec.msbRight === true && length > 0 });
}

function mask(f: Bitfield): number {
  return f.length === 0 ? 0 : (f.length === 32 ? 0xffffffff : ((1 << f.length) - 1) * 2 ** f.offset) >>> 0;
}

/** Builds a PixelFormat from kernel-style fields, checks it, and names it. */
export function makeFormat(spec: FormatSpec): PixelFormat {
  const bpp = spec.bpp === 15 ? 16 : spec.bpp;
  if (!VALID_BPP.includes(bpp)) {
    throw new ArgumentError('EFORMAT', `unsupported bits per pixel: ${spec.bpp}`, 'use 1, 2, 4, 8, 15, 16, 24 or 32');
  }
  const palette = spec.palette ? Uint32Array.from(spec.palette) : undefined;
  const visual: Visual = spec.visual ?? (palette ? 'pseudocolor' : 'truecolor');
  if (visual === 'fourcc') {
    throw new UnsupportedError(
      'EFORMAT',
      'FOURCC pixel formats are not supported',
      'switch the device to a packed RGB, grayscale or palette mode',
    );
  }
  if ((visual === 'mono01' || visual === 'mono10') && bpp !== 1) {
    throw new ArgumentError('EFORMAT', `visual ${visual} needs bpp 1, not ${bpp}`, 'monochrome formats store one bit per pixel');
  }
  const grayscale = spec.grayscale === true && (visual === 'truecolor' || visual === 'directcolor');
  const fullWidth = { offset: 0, length: bpp };
  let red = bitfield('red', spec.red, bpp);
  const green = bitfield('green', spec.green, bpp);
  const blue = bitfield('blue', spec.blue, bpp);
  const transp = bitfield('transp', spec.transp, bpp);
  if (grayscale && red.length === 0) red = bitfield('red', fullWidth, bpp);
  const isPalette = visual === 'pseudocolor' || visual === 'static_pseudocolor';
  if (isPalette && palette && (palette.length === 0 || palette.length > 2 ** bpp)) {
    throw new ArgumentError(
      'EFORMAT',
      `a ${bpp}-bit palette needs 1..${2 ** bpp} entries, got ${palette.length}`,
      'pass one 0xAARRGGBB entry per pixel value',
    );
  }
  if (visual === 'truecolor' || visual === 'directcolor') {
    const fields = grayscale ? [red, transp] : [red, green, blue, transp];
    if (red.length + (grayscale ? 0 : green.length + blue.length) === 0) {
      throw new ArgumentError(
        'EFORMAT',
        `a ${bpp}-bit ${visual} format has no color bits`,
        'give the red/green/blue bitfields (or grayscale: true)',
      );
    }
    let used = 0;
    for (const f of fields) {
      if ((used & mask(f)) !== 0) {
        throw new ArgumentError('EFORMAT', 'color bitfields overlap', 'each channel needs its own bits (grayscale formats use red only)');
      }
      used |= mask(f);
    }
  }
  const format = {
    name: '',
    bpp,
    red,
    green,
    blue,
    transp,
    grayscale,
    visual,
    palette: isPalette ? (palette ?? defaultPalette(bpp)) : undefined,
    bitOrder: spec.bitOrder ?? 'msb-first',
  } satisfies PixelFormat;
  format.name = nameOf(format);
  return Object.freeze(format);
}

/** A pseudocolor format of 1, 2, 4 or 8 bpp over the given colormap. */
export function paletteFormat(
  bpp: number,
  palette: Uint32Array | readonly number[],
  bitOrder: 'msb-first' | 'lsb-first' = 'msb-first',
): PixelFormat {
  if (bpp > 8)
    throw new ArgumentError('EFORMAT', `palette formats have 1, 2, 4 or 8 bpp, not ${bpp}`, 'use a truecolor format for deeper pixels');
  return makeFormat({ bpp, palette, bitOrder });
}

/**
 * The palette a pseudocolor format gets when none is read from the device: black and
 * white at 1 bpp, four grays at 2, the 16 VGA colors at 4, and at 8 the xterm-256 layout
 * (16 VGA colors, a 6x6x6 cube, 24 grays).
 */
/** An even gray ramp over 2^bpp entries, black to white: the colormap of a grayscale palette mode. */
export function grayPalette(bpp: number): Uint32Array {
  const last = 2 ** bpp - 1;
  return Uint32Array.from({ length: last + 1 }, (_, i) => (0xff000000 | (Math.round((i * 255) / last) * 0x010101)) >>> 0);
}

export function defaultPalette(bpp: number): Uint32Array {
  if (bpp === 1) return Uint32Array.of(0xff000000, 0xffffffff);
  if (bpp === 2) return Uint32Array.of(0xff000000, 0xff555555, 0xffaaaaaa, 0xffffffff);
  // The kernel console's 16 colors, in ANSI order (xterm-256 starts with the same 16).
  const ansi = [
    0x000000, 0xaa0000, 0x00aa00, 0xaa5500, 0x0000aa, 0xaa00aa, 0x00aaaa, 0xaaaaaa, 0x555555, 0xff5555, 0x55ff55, 0xffff55, 0x5555ff,
    0xff55ff, 0x55ffff, 0xffffff,
  ];
  const out = new Uint32Array(2 ** bpp);
  ansi.forEach((c, i) => (out[i] = (0xff000000 | c) >>> 0));
  if (bpp === 8) {
    const level = [0, 95, 135, 175, 215, 255];
    for (let i = 0; i < 216; i++) {
      const r = level[Math.floor(i / 36)]!,
        g = level[Math.floor(i / 6) % 6]!,
        b = level[i % 6]!;
      out[16 + i] = (0xff000000 | (r << 16) | (g << 8) | b) >>> 0;
    }
    for (let i = 0; i < 24; i++) out[232 + i] = (0xff000000 | ((8 + 10 * i) * 0x010101)) >>> 0;
  }
  return out;
}

// --- naming -----------------------------------------------------------------

const CONVENTIONAL_NAMES: Record<string, string> = {
  x8r8g8b8: 'XRGB8888',
  a8r8g8b8: 'ARGB8888',
  x8b8g8r8: 'XBGR8888',
  a8b8g8r8: 'ABGR8888',
  r8g8b8a8: 'RGBA8888',
  b8g8r8a8: 'BGRA8888',
  r8g8b8x8: 'RGBX8888',
  b8g8r8x8: 'BGRX8888',
  r8g8b8: 'RGB888',
  b8g8r8: 'BGR888',
  r5g6b5: 'RGB565',
  b5g6r5: 'BGR565',
  x1r5g5b5: 'XRGB1555',
  a1r5g5b5: 'ARGB1555',
  x1b5g5r5: 'XBGR1555',
  a1b5g5r5: 'ABGR1555',
  x4r4g4b4: 'XRGB4444',
  a4r4g4b4: 'ARGB4444',
  x2r10g10b10: 'XRGB2101010',
  a2r10g10b10: 'ARGB2101010',
  r3g3b2: 'RGB332',
};

/** Channels from the most significant bit down, e.g. 'x1r5g5b5'; unused bits are 'x'. */
function describe(f: PixelFormat): string {
  const channels = (
    f.grayscale
      ? [
          ['y', f.red],
          ['a', f.transp],
        ]
      : [
          ['r', f.red],
          ['g', f.green],
          ['b', f.blue],
          ['a', f.transp],
        ]
  ) as [string, Bitfield][];
  const present = channels.filter(([, b]) => b.length > 0).sort((p, q) => q[1].offset - p[1].offset);
  let out = '';
  let top = f.bpp;
  for (const [letter, b] of present) {
    const end = b.offset + b.length;
    if (end < top) out += `x${top - end}`;
    out += `${letter}${b.length}`;
    top = b.offset;
  }
  if (top > 0) out += `x${top}`;
  return present.some(([, b]) => b.msbRight) ? `${out}-msbright` : out;
}

function nameOf(f: PixelFormat): string {
  switch (f.visual) {
    case 'mono01':
      return 'MONO01';
    case 'mono10':
      return 'MONO10';
    case 'pseudocolor':
    case 'static_pseudocolor':
      return `PAL${f.bpp}`;
    default: {
      const d = describe(f);
      if (f.grayscale) return d === `y${f.bpp}` ? `GRAY${f.bpp}` : `gray-${d}`;
      // Descriptors are unique per bpp (their bit counts add up to it).
      return CONVENTIONAL_NAMES[d] ?? d;
    }
  }
}

// --- the common formats -----------------------------------------------------

const rgb = (bpp: number, r: number, g: number, b: number, len: [number, number, number], a?: [number, number]) =>
  makeFormat({
    bpp,
    red: { offset: r, length: len[0] },
    green: { offset: g, length: len[1] },
    blue: { offset: b, length: len[2] },
    transp: a ? { offset: a[0], length: a[1] } : undefined,
  });

const E8: [number, number, number] = [8, 8, 8];
const E5: [number, number, number] = [5, 5, 5];

export const FORMATS = Object.freeze({
  ARGB8888: rgb(32, 16, 8, 0, E8, [24, 8]),
  XRGB8888: rgb(32, 16, 8, 0, E8),
  ABGR8888: rgb(32, 0, 8, 16, E8, [24, 8]),
  XBGR8888: rgb(32, 0, 8, 16, E8),
  RGBA8888: rgb(32, 24, 16, 8, E8, [0, 8]),
  BGRA8888: rgb(32, 8, 16, 24, E8, [0, 8]),
  RGB888: rgb(24, 16, 8, 0, E8),
  BGR888: rgb(24, 0, 8, 16, E8),
  RGB565: rgb(16, 11, 5, 0, [5, 6, 5]),
  BGR565: rgb(16, 0, 5, 11, [5, 6, 5]),
  XRGB1555: rgb(16, 10, 5, 0, E5),
  ARGB1555: rgb(16, 10, 5, 0, E5, [15, 1]),
  GRAY8: makeFormat({ bpp: 8, grayscale: true }),
  PAL8: makeFormat({ bpp: 8, visual: 'pseudocolor' }),
  PAL4: makeFormat({ bpp: 4, visual: 'pseudocolor' }),
  PAL2: makeFormat({ bpp: 2, visual: 'pseudocolor' }),
  PAL1: makeFormat({ bpp: 1, visual: 'pseudocolor' }),
  MONO01: makeFormat({ bpp: 1, visual: 'mono01' }),
  MONO10: makeFormat({ bpp: 1, visual: 'mono10' }),
});

// --- sizes and comparison ---------------------------------------------------

/** Bytes per pixel; fractional (1/8, 1/4, 1/2) for sub-byte formats. */
export function bytesPerPixel(format: PixelFormat): number {
  return format.bpp / 8;
}

/** Bytes one row of `width` pixels occupies, without padding. */
export function rowBytes(format: PixelFormat, width: number): number {
  return Math.ceil((width * format.bpp) / 8);
}

const sameField = (a: Bitfield, b: Bitfield) => a.offset === b.offset && a.length === b.length && a.msbRight === b.msbRight;

/** Same memory layout and same colors (palette entries compared too). */
export function formatsEqual(a: PixelFormat, b: PixelFormat): boolean {
  if (a === b) return true;
  if (a.bpp !== b.bpp || a.visual !== b.visual || a.grayscale !== b.grayscale) return false;
  if (a.bpp < 8 && a.bitOrder !== b.bitOrder) return false;
  if (!sameField(a.red, b.red) || !sameField(a.green, b.green) || !sameField(a.blue, b.blue) || !sameField(a.transp, b.transp))
    return false;
  const pa = a.palette,
    pb = b.palette;
  if (!pa || !pb) return pa === pb;
  return pa.length === pb.length && pa.every((v, i) => v === pb[i]);
}

/** True when every pixel value of the format decodes to alpha 255. */
export function isOpaqueFormat(f: PixelFormat): boolean {
  if (f.palette) return f.palette.every((c) => c >>> 24 === 255);
  return f.transp.length === 0;
}

// --- pack / unpack ------------------------------------------------------------

/** Y = (77 R + 150 G + 29 B + 128) >> 8, in 0..255. */
export function luma(argb: number): number {
  return (77 * ((argb >>> 16) & 0xff) + 150 * ((argb >>> 8) & 0xff) + 29 * (argb & 0xff) + 128) >> 8;
}

function reverseBits(v: number, length: number): number {
  let out = 0;
  for (let i = 0; i < length; i++) out = (out << 1) | ((v >>> i) & 1);
  return out >>> 0;
}

/** The top `length` bits of an 8-bit channel (repeated when wider than 8). */
function narrow(c8: number, length: number): number {
  if (length <= 8) return c8 >>> (8 - length);
  let v = 0;
  let bits = 0;
  while (bits < length) {
    v = v * 256 + c8;
    bits += 8;
  }
  return Math.floor(v / 2 ** (bits - length));
}

/** A `length`-bit channel value as 8 bits, replicating the top bits downwards. */
function widen(v: number, length: number): number {
  if (length >= 8) return Math.floor(v / 2 ** (length - 8));
  let out = 0;
  for (let shift = 8 - length; shift > -length; shift -= length) out |= shift >= 0 ? v << shift : v >>> -shift;
  return out & 0xff;
}

interface Codec {
  pack(argb: number): number;
  unpack(pixel: number): number;
}

/**
 * pack is four table lookups (one per 8-bit input channel, each giving that channel's
 * bits already in place); unpack reads each channel's raw bits and widens them through a
 * table, so the blit helpers' per-pixel conversions stay cheap.
 */
function channelCodec(format: PixelFormat): Codec {
  const gray = format.grayscale;
  const fields = gray ? [NO_FIELD, NO_FIELD, format.red, format.transp] : [format.blue, format.green, format.red, format.transp]; // by argb byte: B, G, R, A
  const packTables = fields.map((f) => {
    const t = new Uint32Array(256);
    if (f.length > 0)
      for (let c = 0; c < 256; c++) {
        const v = narrow(c, f.length);
        t[c] = (f.msbRight ? reverseBits(v, f.length) : v) * 2 ** f.offset;
      }
    return t;
  });
  const [pb, pg, pr, pa] = packTables as [Uint32Array, Uint32Array, Uint32Array, Uint32Array];
  const opaque = format.transp.length === 0 ? 0xff000000 : 0;
  const readers = fields.map(channelReader);
  const [rb, rg, rr, ra] = readers as [ChannelReader, ChannelReader, ChannelReader, ChannelReader];
  if (gray) {
    return {
      pack: (argb) => (pr[luma(argb)]! | pa[argb >>> 24]!) >>> 0,
      unpack: (p) => (rr(p) * 0x010101 + ra(p) * 0x1000000 + opaque) >>> 0,
    };
  }
  return {
    pack: (argb) => (pb[argb & 0xff]! | pg[(argb >>> 8) & 0xff]! | pr[(argb >>> 16) & 0xff]! | pa[argb >>> 24]!) >>> 0,
    unpack: (p) => (rb(p) | (rg(p) << 8) | (rr(p) << 16)) + ra(p) * 0x1000000 + opaque,
  };
}

/** A channel's 8-bit value from a pixel (0 for absent channels). */
type ChannelReader = (pixel: number) => number;

function channelReader(f: Bitfield): ChannelReader {
  if (f.length === 0) return () => 0;
  const raw = (pixel: number) => Math.floor(pixel / 2 ** f.offset) % 2 ** f.length;
  if (f.length > 16) return (p) => widen(f.msbRight ? reverseBits(raw(p), f.length) : raw(p), f.length);
  const table = new Uint8Array(2 ** f.length);
  for (let v = 0; v < table.length; v++) table[v] = widen(f.msbRight ? reverseBits(v, f.length) : v, f.length);
  const m = 2 ** f.length - 1;
  const off = f.offset;
  return (p) => table[(p >>> off) & m]!;
}

function paletteCodec(palette: Uint32Array): Codec {
  return {
    pack(argb) {
      const r = (argb >>> 16) & 0xff,
        g = (argb >>> 8) & 0xff,
        b = argb & 0xff;
      let best = 0;
      let bestDistance = Infinity;
      for (let i = 0; i < palette.length; i++) {
        const e = palette[i]!;
        const dr = ((e >>> 16) & 0xff) - r,
          dg = ((e >>> 8) & 0xff) - g,
          db = (e & 0xff) - b;
        const d = dr * dr + dg * dg + db * db;
        if (d < bestDistance) {
          bestDistance = d;
          best = i;
        }
      }
      return best;
    },
    unpack: (pixel) => (pixel < palette.length ? palette[pixel]! : 0xff000000),
  };
}

function monoCodec(whiteIsOne: boolean): Codec {
  return {
    pack: (argb) => (luma(argb) >= 128 === whiteIsOne ? 1 : 0),
    unpack: (pixel) => (((pixel & 1) === 1) === whiteIsOne ? 0xffffffff : 0xff000000),
  };
}

function makeCodec(format: PixelFormat): Codec {
  switch (format.visual) {
    case 'mono01':
    case 'mono10':
      return monoCodec(format.visual === 'mono10');
    case 'pseudocolor':
    case 'static_pseudocolor':
      return paletteCodec(format.palette ?? defaultPalette(format.bpp));
    case 'fourcc':
      throw new UnsupportedError(
        'EFORMAT',
        'FOURCC pixel formats are not supported',
        'switch the device to a packed RGB, grayscale or palette mode',
      );
    default:
      return channelCodec(format);
  }
}

const codecFor = memoPerObject(makeCodec);

/** The native pixel value of a 0xAARRGGBB color (an unsigned number below 2^bpp). */
export function pack(format: PixelFormat, argb: number): number {
  return codecFor(format).pack(argb >>> 0);
}

/** The 0xAARRGGBB color of a native pixel value (unsigned). */
export function unpack(format: PixelFormat, pixel: number): number {
  return codecFor(format).unpack(pixel >>> 0);
}
