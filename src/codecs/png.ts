/**
 * PNG in and out through pngjs. Reading gives an ARGB8888 Surface for every color type
 * and bit depth pngjs decodes (gray, gray+alpha, palette with tRNS, RGB, RGBA; 1 to 16
 * bits; 16-bit channels are rounded to 8 by pngjs). Writing takes a surface of any format.
 *
 * A damaged file is a PngError (code 'EPNG') before any pixel reaches a surface: the
 * header is checked first (so a forged size cannot make us allocate gigabytes), then
 * pngjs decodes the whole file, then the surface is built.
 */
import { readFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { FbkitError } from '../errors.js';
import { FORMATS, isOpaqueFormat } from '../raster/format.js';
import { Surface } from '../draw/surface.js';
import { rowDecoder } from '../draw/convert.js';

export class PngError extends FbkitError {
  constructor(message: string, hint = 'the file is not a complete PNG: re-export or re-download it') {
    super('EPNG', message, hint);
  }
}

/** The largest image readPng accepts (pixels): 2^27, 512 MiB as ARGB. */
export const PNG_MAX_PIXELS = 2 ** 27;

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Reads a PNG from bytes or a file path into a new ARGB8888 surface. */
export function readPng(source: Uint8Array | string): Surface {
  const name = typeof source === 'string' ? source : 'PNG data';
  let bytes: Uint8Array;
  try {
    bytes = typeof source === 'string' ? readFileSync(source) : source;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new PngError(`cannot read ${name}: ${code}`, 'check the path and its permissions');
  }
  checkHeader(name, bytes);
  let png: PNG;
  try {
    png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (err) {
    throw new PngError(`${name} is damaged: ${(err as Error).message}`);
  }
  const { width, height, data } = png;
  if (data.length < width * height * 4) throw new PngError(`${name} decoded to too few pixels`);
  const surface = Surface.create(width, height, FORMATS.ARGB8888);
  const out = new Uint32Array(surface.bytes.buffer, surface.bytes.byteOffset, width * height);
  for (let i = 0, p = 0; i < out.length; i++, p += 4) {
    out[i] = ((data[p + 3]! << 24) | (data[p]! << 16) | (data[p + 1]! << 8) | data[p + 2]!) >>> 0;
  }
  return surface;
}

function checkHeader(name: string, bytes: Uint8Array): void {
  if (bytes.length < 33 || SIGNATURE.some((b, i) => bytes[i] !== b)) {
    throw new PngError(`${name} is not a PNG (no PNG signature and header)`, 'pass a .png file');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const isIhdr = view.getUint32(8) === 13 && String.fromCharCode(...bytes.subarray(12, 16)) === 'IHDR';
  if (!isIhdr) throw new PngError(`${name} does not start with an IHDR chunk`);
  const width = view.getUint32(16), height = view.getUint32(20);
  if (width === 0 || height === 0) throw new PngError(`${name} says it is ${width}x${height} pixels`);
  if (width * height > PNG_MAX_PIXELS) {
    throw new PngError(`${name} is ${width}x${height}, more than ${PNG_MAX_PIXELS} pixels`, 'scale the image down before loading it');
  }
}

export interface PngWriteOptions {
  /** Keep an alpha channel; default: when the surface's format can be transparent. */
  alpha?: boolean;
}

/** Encodes any surface as a PNG (RGBA, or RGB when there is no alpha to keep). */
export function writePng(surface: Surface, opts: PngWriteOptions = {}): Buffer {
  const { width, height } = surface;
  const alpha = opts.alpha ?? !isOpaqueFormat(surface.format);
  const png = new PNG({ width, height });
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
  return PNG.sync.write(png, { colorType: alpha ? 6 : 2 });
}
