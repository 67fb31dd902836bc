/**
 * PNGs built by hand for the codec tests, so every color type, bit depth, interlace mode
 * and kind of damage can be made (pngjs writes only some and never writes broken files).
 */
import { deflateRawSync, deflateSync, constants as zlib } from 'node:zlib';
import { crc32 } from '../../src/codecs/crc32.js';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** One chunk: length, type, data and a correct CRC. */
export function chunk(type: string, data: Uint8Array = new Uint8Array(0)): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

export function ihdr(width: number, height: number, depth: number, colorType: number, interlace = 0): Buffer {
  const data = Buffer.alloc(13);
  data.writeUInt32BE(width, 0);
  data.writeUInt32BE(height, 4);
  data[8] = depth;
  data[9] = colorType;
  data[12] = interlace;
  return chunk('IHDR', data);
}

export function png(...chunks: Buffer[]): Buffer {
  return Buffer.concat([SIGNATURE, ...chunks]);
}

export interface ImageSpec {
  width: number;
  height: number;
  colorType: number;
  depth: number;
  /** Samples per row of the whole image, in order, each `depth` bits. */
  samples: number[][];
  interlace?: boolean;
}

/** Adam7: first column, first row, column step, row step of each pass; written out again here, not imported from the decoder, so a wrong table there cannot hide. */
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/** The uncompressed scanlines (filter type 0) of an image, split into Adam7 passes when interlaced. */
export function scanlines(spec: ImageSpec): Buffer {
  const channels = CHANNELS[spec.colorType]!;
  const pixel = (x: number, y: number) => spec.samples[y]!.slice(x * channels, (x + 1) * channels);
  const row = (pixels: number[][]) => {
    const values = pixels.flat();
    const out = Buffer.alloc(1 + Math.ceil((values.length * spec.depth) / 8));
    values.forEach((v, i) => {
      if (spec.depth === 16) out.writeUInt16BE(v, 1 + i * 2);
      else if (spec.depth === 8) out[1 + i] = v;
      else {
        const bit = i * spec.depth;
        out[1 + (bit >> 3)]! |= v << (8 - spec.depth - (bit & 7));
      }
    });
    return out;
  };
  const passes = spec.interlace ? ADAM7 : [[0, 0, 1, 1] as const];
  const rows: Buffer[] = [];
  for (const [x0, y0, dx, dy] of passes) {
    const xs = [];
    for (let x = x0; x < spec.width; x += dx) xs.push(x);
    if (xs.length === 0) continue;
    for (let y = y0; y < spec.height; y += dy) rows.push(row(xs.map((x) => pixel(x, y))));
  }
  return Buffer.concat(rows);
}

/**
 * The zlib stream of `length` zero bytes, built in milliseconds from one deflated MiB
 * repeated (each sync-flushed segment refers only to its own bytes), so a 1 GiB
 * decompression bomb costs about 1 MB to make.
 */
export function zerosZlib(length: number): Buffer {
  const MIB = 2 ** 20;
  const segment = (n: number) => deflateRawSync(Buffer.alloc(n), { finishFlush: zlib.Z_SYNC_FLUSH });
  const whole = segment(MIB);
  const parts: Buffer[] = Array.from({ length: Math.floor(length / MIB) }, () => whole);
  if (length % MIB) parts.push(segment(length % MIB));
  parts.push(deflateRawSync(Buffer.alloc(0))); // the final, empty block
  // Adler-32 of zeros: the byte sum stays 1, the running sum of it grows by one per byte.
  const adler = Buffer.alloc(4);
  adler.writeUInt32BE((((length % 65521) << 16) | 1) >>> 0, 0);
  return Buffer.concat([Buffer.from([0x78, 0x9c]), ...parts, adler]); // zlib header: deflate, 32 KiB window
}

export interface PngSpec extends ImageSpec {
  palette?: number[][];
  trns?: number[];
  /** The zlib stream to store instead of the scanlines' (for damaged or odd data). */
  idat?: Uint8Array;
}

export function makePng(spec: PngSpec): Buffer {
  const chunks = [ihdr(spec.width, spec.height, spec.depth, spec.colorType, spec.interlace ? 1 : 0)];
  if (spec.palette) chunks.push(chunk('PLTE', Uint8Array.from(spec.palette.flat())));
  if (spec.trns) chunks.push(chunk('tRNS', Uint8Array.from(spec.trns)));
  chunks.push(chunk('IDAT', spec.idat ?? deflateSync(scanlines(spec))), chunk('IEND'));
  return png(...chunks);
}
