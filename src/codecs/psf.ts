/**
 * PSF console fonts (the format of /usr/share/consolefonts/*.psf[.gz]), version 1 and 2,
 * with their Unicode tables, optionally gzipped.
 *
 * PSF1: magic 36 04, mode byte (1 = 512 glyphs, 2 = has table, 4 = table has sequences),
 *   glyph height byte; glyphs 8 px wide, one byte per row. Table: per glyph, u16 LE code
 *   points, FFFE starts a combining sequence, FFFF ends the glyph's entry.
 * PSF2: u32 LE magic 864ab572, version, header size, flags (1 = has table), glyph count,
 *   bytes per glyph, height, width. Table: per glyph, UTF-8 code points, FE starts a
 *   sequence, FF ends the entry.
 * Combining sequences can't be drawn by a one-glyph-per-code-point renderer; they are
 * skipped, and only single code points map to glyphs.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { FbkitError } from '../errors.js';
import { createFont, type Font } from '../draw/font.js';

/** A font file that is not PSF, or is cut short or inconsistent. */
export class FontError extends FbkitError {
  constructor(message: string, hint = 'use a PSF1/PSF2 console font such as /usr/share/consolefonts/*.psf.gz') {
    super('EFONT', message, hint);
  }
}

const PSF1_MAGIC = 0x0436; // bytes 36 04 read little-endian
const PSF1_MODE512 = 0x01;
const PSF1_MODEHASTAB = 0x02;
const PSF1_MODESEQ = 0x04;
const PSF1_SEPARATOR = 0xffff;
const PSF1_STARTSEQ = 0xfffe;

const PSF2_MAGIC = 0x864ab572;
const PSF2_HAS_UNICODE_TABLE = 0x01;
const PSF2_HEADER_SIZE = 32;
const PSF2_SEPARATOR = 0xff;
const PSF2_STARTSEQ = 0xfe;

/** Loads a PSF1 or PSF2 font from bytes or from a file path; gzip is detected by its magic. */
export function loadPsf(source: Uint8Array | string): Font {
  const name = typeof source === 'string' ? source : 'psf';
  let bytes: Uint8Array = typeof source === 'string' ? readFileSync(source) : source;
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch (err) {
      throw new FontError(`${name}: gzip data is corrupt (${(err as Error).message})`);
    }
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length >= 4 && view.getUint32(0, true) === PSF2_MAGIC) return parsePsf2(name, bytes, view);
  if (bytes.length >= 2 && view.getUint16(0, true) === PSF1_MAGIC) return parsePsf1(name, bytes);
  throw new FontError(`${name}: not a PSF font (no PSF1 or PSF2 magic)`);
}

function parsePsf1(name: string, bytes: Uint8Array): Font {
  if (bytes.length < 4) throw new FontError(`${name}: PSF1 header is cut short`);
  const mode = bytes[2]!;
  const height = bytes[3]!;
  if (height === 0) throw new FontError(`${name}: PSF1 glyph height is 0`);
  const glyphCount = mode & PSF1_MODE512 ? 512 : 256;
  const glyphBytes = glyphCount * height;
  const tableStart = 4 + glyphBytes;
  if (bytes.length < tableStart) {
    throw new FontError(`${name}: PSF1 glyph data is cut short (${bytes.length} of ${tableStart} bytes)`);
  }
  const glyphs = bytes.slice(4, tableStart);
  let map: Map<number, number> | undefined;
  if (mode & (PSF1_MODEHASTAB | PSF1_MODESEQ)) {
    map = new Map();
    let pos = tableStart;
    for (let glyph = 0; glyph < glyphCount; glyph++) {
      let inSequence = false;
      for (;;) {
        if (pos + 2 > bytes.length) throw new FontError(`${name}: PSF1 Unicode table is cut short at glyph ${glyph}`);
        const cp = bytes[pos]! | (bytes[pos + 1]! << 8);
        pos += 2;
        if (cp === PSF1_SEPARATOR) break;
        if (cp === PSF1_STARTSEQ) inSequence = true;
        else if (!inSequence && !map.has(cp)) map.set(cp, glyph);
      }
    }
  }
  return createFont({ name, width: 8, height, glyphCount, glyphs, map });
}

function parsePsf2(name: string, bytes: Uint8Array, view: DataView): Font {
  if (bytes.length < PSF2_HEADER_SIZE) throw new FontError(`${name}: PSF2 header is cut short`);
  const headerSize = view.getUint32(8, true);
  const flags = view.getUint32(12, true);
  const glyphCount = view.getUint32(16, true);
  const bytesPerGlyph = view.getUint32(20, true);
  const height = view.getUint32(24, true);
  const width = view.getUint32(28, true);
  if (width === 0 || height === 0 || glyphCount === 0) {
    throw new FontError(`${name}: PSF2 header says ${glyphCount} glyphs of ${width}x${height}`);
  }
  if (bytesPerGlyph !== Math.ceil(width / 8) * height) {
    throw new FontError(`${name}: PSF2 bytes per glyph ${bytesPerGlyph} does not match ${width}x${height}`);
  }
  if (headerSize < PSF2_HEADER_SIZE) throw new FontError(`${name}: PSF2 header size ${headerSize} is too small`);
  const tableStart = headerSize + glyphCount * bytesPerGlyph;
  if (bytes.length < tableStart) {
    throw new FontError(`${name}: PSF2 glyph data is cut short (${bytes.length} of ${tableStart} bytes)`);
  }
  const glyphs = bytes.slice(headerSize, tableStart);
  const map = flags & PSF2_HAS_UNICODE_TABLE ? readUtf8Table(name, bytes, tableStart, glyphCount) : undefined;
  return createFont({ name, width, height, glyphCount, glyphs, map });
}

function readUtf8Table(name: string, bytes: Uint8Array, start: number, glyphCount: number): Map<number, number> {
  const map = new Map<number, number>();
  let pos = start;
  for (let glyph = 0; glyph < glyphCount; glyph++) {
    let inSequence = false;
    for (;;) {
      if (pos >= bytes.length) throw new FontError(`${name}: PSF2 Unicode table is cut short at glyph ${glyph}`);
      const lead = bytes[pos]!;
      if (lead === PSF2_SEPARATOR) {
        pos++;
        break;
      }
      if (lead === PSF2_STARTSEQ) {
        inSequence = true;
        pos++;
        continue;
      }
      const [cp, len] = decodeUtf8(name, bytes, pos);
      pos += len;
      if (!inSequence && !map.has(cp)) map.set(cp, glyph);
    }
  }
  return map;
}

/** One UTF-8 code point at `pos`: [code point, byte length]. */
function decodeUtf8(name: string, bytes: Uint8Array, pos: number): [number, number] {
  const lead = bytes[pos]!;
  const len = lead < 0x80 ? 1 : lead >= 0xf0 && lead < 0xf8 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 0;
  if (len === 0 || pos + len > bytes.length) {
    throw new FontError(`${name}: bad UTF-8 in the PSF2 Unicode table at byte ${pos}`);
  }
  let cp = len === 1 ? lead : lead & (0xff >> (len + 1));
  for (let i = 1; i < len; i++) {
    const cont = bytes[pos + i]!;
    if ((cont & 0xc0) !== 0x80) throw new FontError(`${name}: bad UTF-8 in the PSF2 Unicode table at byte ${pos}`);
    cp = (cp << 6) | (cont & 0x3f);
  }
  return [cp, len];
}
