/**
 * PNG in and out. Reading gives an ARGB8888 Surface for every color type and bit depth
 * (gray, gray+alpha, palette with tRNS, RGB, RGBA; 1 to 16 bits, Adam7 or not; 16-bit
 * channels are rounded to 8, a tRNS color key becomes transparent black, gamma is not
 * applied). Writing takes a surface of any format and goes through pngjs.
 *
 * Reading trusts nothing in the file and is fbkit's own, so every check happens before
 * the work it protects: a path is opened without blocking and must be a regular file;
 * the header is read first and sizes everything (the memory limit, the most bytes the
 * file may have); every chunk's CRC and the chunk order are checked; the image data is
 * inflated to exactly the size the header implies, never more; only then are rows
 * decoded. A damaged or oversized file is a PngError (code 'EPNG') and no surface.
 */
import { closeSync, constants as fsConstants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { constants as bufferConstants } from 'node:buffer';
import { crc32 } from './crc32.js';
import { createRequire } from 'node:module';
import type { PNG as PngjsPNG } from 'pngjs';
import { ArgumentError, FbkitError } from '../errors.js';
import { FORMATS, isOpaqueFormat } from '../raster/format.js';
import { Surface } from '../draw/surface.js';
import { rowDecoder } from '../draw/convert.js';

export class PngError extends FbkitError {
  constructor(message: string, hint = 'the file is not a complete PNG: re-export or re-download it') {
    super('EPNG', message, hint);
  }
}

/** The default memory limit of readPng: 256 MiB, e.g. an 8-bit RGBA image of 33 megapixels (8K x 4K). */
export const PNG_DEFAULT_MAX_BYTES = 256 * 2 ** 20;

export interface PngReadOptions {
  /**
   * The most memory decoding may take, in bytes: the inflated scanlines plus the ARGB
   * surface (per pixel, 8 + 4 bytes for 16-bit RGBA, 1 + 4 for 8-bit palette). A larger
   * image is refused from its header, before anything is inflated. The compressed file
   * stays in proportion too: a path is not read when the file is larger than a PNG of
   * its declared size can plausibly be. Default PNG_DEFAULT_MAX_BYTES.
   */
  maxBytes?: number;
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** The signature and the IHDR chunk, which must come first: enough to size everything else. */
const HEADER_BYTES = 33;
const MAX_CHUNK_BYTES = 2 ** 31 - 1;
const MAX_SIDE = 2 ** 31 - 1;

const COLOR_TYPES = new Map([
  [0, { name: 'grayscale', channels: 1, depths: [1, 2, 4, 8, 16] }],
  [2, { name: 'RGB', channels: 3, depths: [8, 16] }],
  [3, { name: 'palette', channels: 1, depths: [1, 2, 4, 8] }],
  [4, { name: 'grayscale+alpha', channels: 2, depths: [8, 16] }],
  [6, { name: 'RGBA', channels: 4, depths: [8, 16] }],
]);

/** Adam7: first column, first row, column step and row step of each of the seven passes. */
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
];

/** A sub-image stored as its own run of scanlines: the whole image, or one non-empty Adam7 pass. */
interface Pass {
  /** 1 to 7 for Adam7 passes. */
  number: number;
  x0: number;
  y0: number;
  dx: number;
  dy: number;
  width: number;
  height: number;
  /** Bytes of one scanline after its filter-type byte. */
  rowBytes: number;
}

interface Header {
  width: number;
  height: number;
  depth: number;
  colorType: number;
  channels: number;
  interlaced: boolean;
  passes: Pass[];
  /** What the inflated image data must add up to: every pass's scanlines, filter bytes included. */
  rawBytes: number;
  /** "640x480 RGBA at 8 bits", for messages. */
  description: string;
}

/** What decoding needs from the chunks after IHDR. */
interface Chunks {
  idat: Uint8Array[];
  palette?: Uint8Array;
  trns?: Uint8Array;
}

/** Reads a PNG from bytes or a file path into a new ARGB8888 surface. */
export function readPng(source: Uint8Array | string, opts: PngReadOptions = {}): Surface {
  const maxBytes = opts.maxBytes ?? PNG_DEFAULT_MAX_BYTES;
  if (!Number.isSafeInteger(maxBytes) || maxBytes <= 0) {
    throw new ArgumentError(
      'EINVAL',
      `maxBytes must be a whole number of bytes above 0, got ${maxBytes}`,
      `leave it out for the default of ${formatBytes(PNG_DEFAULT_MAX_BYTES)}`,
    );
  }
  const name = typeof source === 'string' ? source : 'PNG data';
  const bytes = typeof source === 'string' ? readPngFile(source, maxBytes) : source;
  const header = readHeader(name, bytes, maxBytes);
  const chunks = readChunks(name, bytes, header);
  return decode(name, header, inflate(name, header, chunks.idat), chunks);
}

function damaged(name: string, cause: string): PngError {
  return new PngError(`${name} is damaged: ${cause}`);
}

function formatBytes(n: number): string {
  if (n >= 2 ** 30) return `${(n / 2 ** 30).toFixed(1)} GiB`;
  if (n >= 2 ** 20) return `${(n / 2 ** 20).toFixed(1)} MiB`;
  return `${n} bytes`;
}

function dataView(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * Reads a PNG file without trusting what the path names: O_NONBLOCK so opening a FIFO
 * nobody writes cannot hang, fstat so a device, FIFO or directory is never read, and
 * the header before the rest, so the file is read only when its size fits the image.
 */
function readPngFile(path: string, maxBytes: number): Uint8Array {
  let fd: number;
  try {
    fd = openSync(path, fsConstants.O_RDONLY | fsConstants.O_NONBLOCK);
  } catch (err) {
    throw cannotRead(path, err);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new PngError(`${path} is ${fileKind(stat)}, not a PNG file`, 'pass the path of a .png file');
    const header = readHeader(path, readFrom(fd, Math.min(stat.size, HEADER_BYTES)), maxBytes);
    const largest = largestPlausibleFile(header);
    if (stat.size > largest) {
      throw new PngError(
        `${path} is ${stat.size} bytes, but a PNG of ${header.description} takes at most ${largest}`,
        'the file holds more than the image (appended data?): re-export it as a plain PNG',
      );
    }
    return readFrom(fd, stat.size);
  } catch (err) {
    if (err instanceof PngError) throw err;
    throw cannotRead(path, err);
  } finally {
    closeSync(fd);
  }
}

function cannotRead(path: string, err: unknown): PngError {
  const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
  return new PngError(`cannot read ${path}: ${code}`, 'check the path and its permissions');
}

function fileKind(stat: Stats): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  return 'a special file';
}

/** The first `length` bytes of the file, or fewer if it shrank since fstat. */
function readFrom(fd: number, length: number): Uint8Array {
  const bytes = Buffer.allocUnsafe(length);
  let got = 0;
  while (got < length) {
    const n = readSync(fd, bytes, got, length - got, got);
    if (n === 0) break;
    got += n;
  }
  return bytes.subarray(0, got);
}

/**
 * The largest file a PNG of this header can plausibly be. Deflate expands data it cannot
 * compress, by 5 bytes per 64 KiB stored block or by 1/8 with fixed Huffman codes (9-bit
 * literals); a quarter on top of the scanlines covers both. Some encoders write a chunk
 * and a flush per scanline (about 20 bytes); 64 per scanline covers that. Metadata (ICC
 * profiles, EXIF, text) gets 16 MiB.
 */
function largestPlausibleFile(h: Header): number {
  const scanlines = h.passes.reduce((sum, pass) => sum + pass.height, 0);
  return Math.ceil(h.rawBytes * 1.25) + 64 * scanlines + 16 * 2 ** 20;
}

/** Checks the signature and IHDR (CRC included), and that decoding fits in `maxBytes`. */
function readHeader(name: string, bytes: Uint8Array, maxBytes: number): Header {
  if (bytes.length < SIGNATURE.length || SIGNATURE.some((b, i) => bytes[i] !== b)) {
    throw new PngError(`${name} is not a PNG (no PNG signature)`, 'pass a .png file');
  }
  if (bytes.length < HEADER_BYTES) throw damaged(name, 'the file ends inside its IHDR chunk');
  const view = dataView(bytes);
  if (view.getUint32(8) !== 13 || chunkType(bytes, 8) !== 'IHDR') throw damaged(name, 'it does not start with an IHDR chunk');
  checkCrc(name, bytes, 8, 'IHDR', 13);
  const width = view.getUint32(16),
    height = view.getUint32(20);
  const [depth, colorType, compression, filter, interlace] = bytes.subarray(24, 29);
  if (width === 0 || height === 0 || width > MAX_SIDE || height > MAX_SIDE) {
    throw damaged(name, `it says it is ${width}x${height} pixels; PNG allows 1 to ${MAX_SIDE} each way`);
  }
  const type = COLOR_TYPES.get(colorType);
  if (!type) throw damaged(name, `it has color type ${colorType}, which PNG does not define`);
  if (!type.depths.includes(depth))
    throw damaged(name, `it has bit depth ${depth} with color type ${colorType} (${type.name}), which PNG does not allow`);
  if (compression !== 0) throw damaged(name, `it uses compression method ${compression}, which PNG does not define`);
  if (filter !== 0) throw damaged(name, `it uses filter method ${filter}, which PNG does not define`);
  if (interlace > 1) throw damaged(name, `it uses interlace method ${interlace}, which PNG does not define`);

  const bitsPerPixel = depth * type.channels;
  const passes = (interlace ? ADAM7 : [[0, 0, 1, 1]])
    .map(([x0, y0, dx, dy], i) => {
      const w = Math.ceil((width - x0) / dx),
        h = Math.ceil((height - y0) / dy);
      return { number: i + 1, x0, y0, dx, dy, width: w, height: h, rowBytes: Math.ceil((w * bitsPerPixel) / 8) };
    })
    .filter((pass) => pass.width > 0 && pass.height > 0);
  const header: Header = {
    width,
    height,
    depth,
    colorType,
    channels: type.channels,
    interlaced: interlace === 1,
    passes,
    rawBytes: passes.reduce((sum, pass) => sum + pass.height * (1 + pass.rowBytes), 0),
    description: `${width}x${height} ${type.name} at ${depth} bits`,
  };
  checkMemory(name, header, maxBytes);
  return header;
}

/** Decoding holds the inflated scanlines and the surface at once; nothing else grows with the image. */
function checkMemory(name: string, h: Header, maxBytes: number): void {
  const surfaceBytes = h.width * h.height * 4;
  const need = h.rawBytes + surfaceBytes;
  if (need > maxBytes) {
    throw new PngError(
      `${name} is ${h.description} and needs ${formatBytes(need)} to decode, more than the limit of ${formatBytes(maxBytes)}`,
      'scale the image down, or raise the limit: readPng(source, { maxBytes })',
    );
  }
  // zlib writes into one buffer a byte longer than the image data (see inflate).
  if (Math.max(h.rawBytes + 1, surfaceBytes) > bufferConstants.MAX_LENGTH) {
    throw new PngError(
      `${name} is ${h.description}, more than one buffer can hold (${formatBytes(bufferConstants.MAX_LENGTH)})`,
      'scale the image down',
    );
  }
}

function chunkType(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(...bytes.subarray(at + 4, at + 8));
}

function checkCrc(name: string, bytes: Uint8Array, at: number, type: string, length: number): void {
  const stored = dataView(bytes).getUint32(at + 8 + length);
  if (crc32(bytes.subarray(at + 4, at + 8 + length)) >>> 0 !== stored)
    throw damaged(name, `its ${type} chunk at byte ${at} fails its CRC check`);
}

/**
 * Walks the chunks after IHDR: CRCs, the order PNG requires (PLTE and tRNS before the
 * image data, IDAT chunks in one run, IEND last and at the end of the file). Unknown
 * ancillary chunks are skipped; unknown critical ones refused, as the image depends on them.
 */
function readChunks(name: string, bytes: Uint8Array, h: Header): Chunks {
  const view = dataView(bytes);
  const chunks: Chunks = { idat: [] };
  let previous = 'IHDR';
  for (let at = HEADER_BYTES; ; ) {
    if (at + 8 > bytes.length) {
      throw damaged(
        name,
        at === bytes.length
          ? `the file ends after its ${previous} chunk without an IEND chunk`
          : `the file ends inside the chunk after its ${previous} chunk`,
      );
    }
    const length = view.getUint32(at);
    const type = chunkType(bytes, at);
    if (!/^[A-Za-z]{4}$/.test(type)) throw damaged(name, `the chunk at byte ${at} has no chunk type (${JSON.stringify(type)})`);
    if (length > MAX_CHUNK_BYTES) throw damaged(name, `its ${type} chunk at byte ${at} claims ${length} bytes, more than PNG allows`);
    const end = at + 12 + length;
    if (end > bytes.length) throw damaged(name, `the file ends inside its ${type} chunk at byte ${at}`);
    checkCrc(name, bytes, at, type, length);
    const data = bytes.subarray(at + 8, at + 8 + length);
    const seenImageData = chunks.idat.length > 0;
    if (type === 'IDAT') {
      if (seenImageData && previous !== 'IDAT') throw damaged(name, 'its IDAT chunks are not consecutive');
      chunks.idat.push(data);
    } else if (type === 'IEND') {
      const after = bytes.length - end;
      if (after) throw damaged(name, `there ${after === 1 ? 'is 1 byte' : `are ${after} bytes`} after its IEND chunk`);
      break;
    } else if (type === 'IHDR') {
      throw damaged(name, `a second IHDR chunk at byte ${at}`);
    } else if (type === 'PLTE' || type === 'tRNS') {
      if (seenImageData) throw damaged(name, `a ${type} chunk after the image data`);
      if (type === 'PLTE') chunks.palette = checkPalette(name, data, chunks);
      else chunks.trns = checkTransparency(name, data, h, chunks);
    } else if (!(bytes[at + 4]! & 0x20)) {
      throw new PngError(`${name} has a critical chunk ${type} that fbkit cannot decode`, 're-export it as a plain PNG');
    }
    previous = type;
    at = end;
  }
  if (chunks.idat.length === 0) throw damaged(name, 'no image data (no IDAT chunk)');
  if (h.colorType === 3 && !chunks.palette) throw damaged(name, 'a palette image without a PLTE chunk');
  return chunks;
}

function checkPalette(name: string, data: Uint8Array, chunks: Chunks): Uint8Array {
  if (chunks.palette) throw damaged(name, 'a second PLTE chunk');
  if (data.length === 0 || data.length % 3 !== 0 || data.length > 3 * 256) {
    throw damaged(name, `the PLTE chunk has ${data.length} bytes, not 3 for each of 1 to 256 colors`);
  }
  return data;
}

/** tRNS: alphas for palette entries, or the one gray or RGB value (2 bytes a sample) that is transparent. */
function checkTransparency(name: string, data: Uint8Array, h: Header, chunks: Chunks): Uint8Array | undefined {
  if (chunks.trns) throw damaged(name, 'a second tRNS chunk');
  if (h.colorType === 3) {
    if (!chunks.palette) throw damaged(name, 'a tRNS chunk before the PLTE chunk');
    const colors = chunks.palette.length / 3;
    if (data.length > colors) throw damaged(name, `the tRNS chunk has ${data.length} entries for ${colors} palette colors`);
    return data;
  }
  // Images with an alpha channel have no use for tRNS; like other decoders, ignore it.
  if (h.colorType === 4 || h.colorType === 6) return undefined;
  if (data.length !== 2 * h.channels)
    throw damaged(name, `the tRNS chunk has ${data.length} bytes; a ${COLOR_TYPES.get(h.colorType)!.name} image needs ${2 * h.channels}`);
  return data;
}

/**
 * Inflates the image data to exactly the size the header implies. zlib stops one byte
 * past it (so a small file cannot make us allocate more than the image), writes into one
 * buffer of that size (so it never joins pieces into a second copy), and data that ends
 * early is named by where it ends instead of being decoded from memory nobody filled.
 */
function inflate(name: string, h: Header, idat: Uint8Array[]): Uint8Array {
  const data = idat.length === 1 ? idat[0]! : Buffer.concat(idat);
  const { inflateSync, constants: zlibConstants } = zlib();
  const options = { maxOutputLength: h.rawBytes, chunkSize: Math.max(zlibConstants.Z_MIN_CHUNK, h.rawBytes + 1) };
  let raw: Buffer;
  try {
    raw = inflateSync(data, options);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ERR_BUFFER_TOO_LARGE') throw damaged(name, `more image data than ${h.width}x${h.height} needs (${h.rawBytes} bytes)`);
    if (code !== 'Z_BUF_ERROR') throw damaged(name, `image data is not zlib data (${(err as Error).message})`);
    // The stream stops early: inflate what there is, to say where it stops.
    raw = inflateSync(data, { ...options, finishFlush: zlibConstants.Z_SYNC_FLUSH });
    if (raw.length === h.rawBytes) throw damaged(name, 'its zlib stream is cut short after the last row');
  }
  if (raw.length < h.rawBytes) throw damaged(name, whereDataEnds(h, raw.length));
  return raw;
}

function whereDataEnds(h: Header, length: number): string {
  if (length === 0) return 'image data is empty';
  let rest = length;
  const pass = h.passes.find((p) => {
    const size = p.height * (1 + p.rowBytes);
    if (rest < size) return true;
    rest -= size;
    return false;
  })!;
  const rows = Math.floor(rest / (1 + pass.rowBytes));
  return h.interlaced
    ? `image data ends in interlace pass ${pass.number} of 7, after ${rows} of its ${pass.height} rows`
    : `image data ends after row ${rows} of ${h.height}`;
}

/** Unfilters the scanlines in place and writes each pass's pixels to their places in a new surface. */
function decode(name: string, h: Header, raw: Uint8Array, chunks: Chunks): Surface {
  const surface = Surface.create(h.width, h.height, FORMATS.ARGB8888);
  const out = new Uint32Array(surface.bytes.buffer, surface.bytes.byteOffset, h.width * h.height);
  const color = pixelColor(name, h, chunks);
  const samples = new Uint16Array(h.width * h.channels);
  // Filters work on bytes and look one whole pixel back (one byte below 8 bits per pixel).
  const back = Math.max(1, (h.depth * h.channels) >> 3);
  let at = 0;
  for (const pass of h.passes) {
    let up: Uint8Array = new Uint8Array(pass.rowBytes); // the row above the first is zeros
    for (let y = 0; y < pass.height; y++, at += 1 + pass.rowBytes) {
      const row = raw.subarray(at + 1, at + 1 + pass.rowBytes);
      if (!unfilter(raw[at]!, row, up, back)) {
        const which = h.interlaced ? `row ${y} of interlace pass ${pass.number}` : `row ${y}`;
        throw damaged(name, `${which} has filter type ${raw[at]}, which PNG does not define`);
      }
      unpack(row, h.depth, samples, pass.width * h.channels);
      for (let i = 0, o = (pass.y0 + y * pass.dy) * h.width + pass.x0; i < pass.width; i++, o += pass.dx) out[o] = color(samples, i);
      up = row;
    }
  }
  return surface;
}

/** Undoes a scanline's filter in place; false for a filter type PNG does not define. */
function unfilter(type: number, row: Uint8Array, up: Uint8Array, back: number): boolean {
  const n = row.length;
  switch (type) {
    case 0:
      return true;
    case 1:
      for (let i = back; i < n; i++) row[i] += row[i - back]!;
      return true;
    case 2:
      for (let i = 0; i < n; i++) row[i] += up[i]!;
      return true;
    case 3:
      for (let i = 0; i < back; i++) row[i] += up[i]! >> 1;
      for (let i = back; i < n; i++) row[i] += (row[i - back]! + up[i]!) >> 1;
      return true;
    case 4:
      // With nothing to the left, Paeth predicts from above.
      for (let i = 0; i < back; i++) row[i] += up[i]!;
      for (let i = back; i < n; i++) {
        const a = row[i - back]!,
          b = up[i]!,
          c = up[i - back]!;
        const pa = Math.abs(b - c),
          pb = Math.abs(a - c),
          pc = Math.abs(a + b - 2 * c);
        row[i] += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      return true;
    default:
      return false;
  }
}

/** Splits a scanline into its first `count` samples, most significant bits first. */
function unpack(row: Uint8Array, depth: number, out: Uint16Array, count: number): void {
  if (depth === 8) {
    out.set(row);
  } else if (depth === 16) {
    for (let i = 0; i < count; i++) out[i] = (row[2 * i]! << 8) | row[2 * i + 1]!;
  } else {
    const perByte = 8 / depth,
      mask = (1 << depth) - 1;
    for (let i = 0; i < count; i++) out[i] = (row[(i / perByte) | 0]! >> (8 - depth * (1 + (i % perByte)))) & mask;
  }
}

/** Sample value to 8 bits, rounded half up (as pngjs did, so decoded colors did not change). */
function scaleTable(depth: number): Uint8Array {
  const max = 2 ** depth - 1;
  return Uint8Array.from({ length: max + 1 }, (_, v) => Math.floor((v * 255) / max + 0.5));
}

/** The ARGB color of pixel i of an unpacked row; tRNS keys compare the unscaled samples. */
function pixelColor(name: string, h: Header, chunks: Chunks): (s: Uint16Array, i: number) => number {
  const scale = scaleTable(h.depth);
  const key = chunks.trns && h.colorType !== 3 ? dataView(chunks.trns) : undefined;
  switch (h.colorType) {
    case 0: {
      const gray = key ? key.getUint16(0) : -1;
      return (s, i) => (s[i] === gray ? 0 : 0xff000000 | (scale[s[i]!]! * 0x010101));
    }
    case 2: {
      const [r, g, b] = key ? [key.getUint16(0), key.getUint16(2), key.getUint16(4)] : [-1, -1, -1];
      return (s, i) => {
        const j = 3 * i;
        if (s[j] === r && s[j + 1] === g && s[j + 2] === b) return 0;
        return 0xff000000 | (scale[s[j]!]! << 16) | (scale[s[j + 1]!]! << 8) | scale[s[j + 2]!]!;
      };
    }
    case 3: {
      const plte = chunks.palette!,
        alpha = chunks.trns;
      const colors = Uint32Array.from(
        { length: plte.length / 3 },
        (_, k) => ((alpha?.[k] ?? 255) << 24) | (plte[3 * k]! << 16) | (plte[3 * k + 1]! << 8) | plte[3 * k + 2]!,
      );
      return (s, i) => {
        const color = colors[s[i]!];
        if (color === undefined) throw damaged(name, `a pixel uses palette entry ${s[i]}, but the palette has ${colors.length} entries`);
        return color;
      };
    }
    case 4:
      return (s, i) => (scale[s[2 * i + 1]!]! << 24) | (scale[s[2 * i]!]! * 0x010101);
    default:
      return (s, i) => (scale[s[4 * i + 3]!]! << 24) | (scale[s[4 * i]!]! << 16) | (scale[s[4 * i + 1]!]! << 8) | scale[s[4 * i + 2]!]!;
  }
}

export interface PngWriteOptions {
  /** Keep an alpha channel; default: when the surface's format can be transparent. */
  alpha?: boolean;
}

/** Encodes any surface as a PNG (RGBA, or RGB when there is no alpha to keep). */
export function writePng(surface: Surface, opts: PngWriteOptions = {}): Buffer {
  const { width, height } = surface;
  if (width === 0 || height === 0) {
    throw new ArgumentError(
      'EINVAL',
      `cannot write a ${width}x${height} surface as PNG: it has 0 pixels`,
      'PNG has no empty images: skip the write, or crop to a rectangle with pixels in it',
    );
  }
  const alpha = opts.alpha ?? !isOpaqueFormat(surface.format);
  const png = new (pngjs())({ width, height });
  const data = png.data;
  const decode = rowDecoder(surface.format);
  const scratch = new Uint32Array(width);
  for (let y = 0, p = 0; y < height; y++) {
    const row = decode(surface, 0, y, width, scratch);
    for (let x = 0; x < width; x++, p += 4) {
      const c = row[x]!;
      data[p] = c >>> 16;
      data[p + 1] = c >>> 8;
      data[p + 2] = c;
      data[p + 3] = c >>> 24;
    }
  }
  return pngjs().sync.write(png, { colorType: alpha ? 6 : 2 });
}

/**
 * pngjs (a CommonJS package) and node:zlib, required on first use: pngjs's dozen modules
 * and the stream modules both pull in cost start-up (`fbkit fill` needs neither, the
 * splash only zlib), and ESM has no synchronous lazy import.
 */
const requireHere = createRequire(import.meta.url);
let pngjsClass: typeof PngjsPNG | undefined;
function pngjs(): typeof PngjsPNG {
  pngjsClass ??= (requireHere('pngjs') as { PNG: typeof PngjsPNG }).PNG;
  return pngjsClass;
}
const zlib = () => requireHere('node:zlib') as typeof import('node:zlib');
