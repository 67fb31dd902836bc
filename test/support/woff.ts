/**
 * WOFF 1.0 from a TrueType file, for testing .woff loading without a WOFF on the system:
 * the same tables, each zlib-compressed when that makes it smaller, behind WOFF's
 * 44-byte header and 20-byte table entries (layout from the W3C WOFF 1.0 spec).
 */
import { deflateSync } from 'node:zlib';

const pad4 = (n: number) => (n + 3) & ~3;

export function ttfToWoff(ttf: Buffer): Buffer {
  const numTables = ttf.readUInt16BE(4);
  const tables = Array.from({ length: numTables }, (_, i) => {
    const at = 12 + 16 * i;
    const offset = ttf.readUInt32BE(at + 8),
      length = ttf.readUInt32BE(at + 12);
    const data = ttf.subarray(offset, offset + length);
    const packed = deflateSync(data);
    return { tag: ttf.readUInt32BE(at), checksum: ttf.readUInt32BE(at + 4), data, stored: packed.length < length ? packed : data };
  });
  const header = 44 + 20 * numTables;
  const total = tables.reduce((n, t) => n + pad4(t.stored.length), header);
  const out = Buffer.alloc(total);
  out.writeUInt32BE(0x774f4646, 0); // 'wOFF'
  out.writeUInt32BE(ttf.readUInt32BE(0), 4); // flavor: the sfnt version
  out.writeUInt32BE(total, 8);
  out.writeUInt16BE(numTables, 12);
  out.writeUInt32BE(
    tables.reduce((n, t) => n + pad4(t.data.length), 12 + 16 * numTables),
    16,
  ); // totalSfntSize
  out.writeUInt16BE(1, 20); // version 1.0 of the font data
  let at = header;
  tables.forEach((t, i) => {
    const entry = 44 + 20 * i;
    out.writeUInt32BE(t.tag, entry);
    out.writeUInt32BE(at, entry + 4);
    out.writeUInt32BE(t.stored.length, entry + 8);
    out.writeUInt32BE(t.data.length, entry + 12);
    out.writeUInt32BE(t.checksum, entry + 16);
    t.stored.copy(out, at);
    at += pad4(t.stored.length);
  });
  return out;
}
