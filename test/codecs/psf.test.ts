import { describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FontError, loadPsf } from '../../src/codecs/psf.js';
import { glyphIndex } from '../../src/draw/font.js';
import { builtinFont } from '../../src/draw/font-builtin.js';
import { FbkitError } from '../../src/errors.js';

/** Glyph i: every row byte is (i * 7 + row) & 0xff, so each glyph is distinguishable. */
function glyphBytes(count: number, bytesPerGlyph: number): Uint8Array {
  const out = new Uint8Array(count * bytesPerGlyph);
  for (let g = 0; g < count; g++) for (let b = 0; b < bytesPerGlyph; b++) out[g * bytesPerGlyph + b] = (g * 7 + b) & 0xff;
  return out;
}

function psf1(opts: { height: number; mode: number; table?: number[][] }): Uint8Array {
  const count = opts.mode & 1 ? 512 : 256;
  const parts: number[] = [0x36, 0x04, opts.mode, opts.height, ...glyphBytes(count, opts.height)];
  if (opts.table) {
    for (const entry of opts.table) {
      for (const u of entry) parts.push(u & 0xff, u >> 8);
      parts.push(0xff, 0xff);
    }
  }
  return Uint8Array.from(parts);
}

/** entries: per glyph, a list of strings; strings of more than one code point are sequences. */
function psf2(opts: { width: number; height: number; count: number; table?: string[][]; headerSize?: number }): Uint8Array {
  const bytesPerGlyph = Math.ceil(opts.width / 8) * opts.height;
  const headerSize = opts.headerSize ?? 32;
  const header = new DataView(new ArrayBuffer(headerSize));
  const fields = [0x864ab572, 0, headerSize, opts.table ? 1 : 0, opts.count, bytesPerGlyph, opts.height, opts.width];
  fields.forEach((v, i) => header.setUint32(i * 4, v, true));
  const table: number[] = [];
  for (const entry of opts.table ?? []) {
    for (const s of entry) {
      if ([...s].length > 1) table.push(0xfe);
      table.push(...Buffer.from(s, 'utf8'));
    }
    table.push(0xff);
  }
  return Buffer.concat([new Uint8Array(header.buffer), glyphBytes(opts.count, bytesPerGlyph), Uint8Array.from(table)]);
}

describe('PSF1', () => {
  it('reads 256 glyphs 8 px wide without a table: code point i -> glyph i', () => {
    const font = loadPsf(psf1({ height: 16, mode: 0 }));
    expect(font).toMatchObject({ width: 8, height: 16, glyphCount: 256, bytesPerRow: 1 });
    expect(font.glyphs.length).toBe(256 * 16);
    expect(glyphIndex(font, 0x41)).toBe(0x41);
    expect(font.glyphs[0x41 * 16 + 3]).toBe((0x41 * 7 + 3) & 0xff);
  });

  it('reads 512-glyph mode and the u16 Unicode table, skipping sequences', () => {
    const table: number[][] = Array.from({ length: 512 }, () => []);
    table[5] = [0x263a, 0x41];
    table[300] = [0x2500, 0xfffe, 0x65, 0x301];
    const font = loadPsf(psf1({ height: 8, mode: 1 | 2 | 4, table }));
    expect(font.glyphCount).toBe(512);
    expect(glyphIndex(font, 0x263a)).toBe(5);
    expect(glyphIndex(font, 0x41)).toBe(5);
    expect(glyphIndex(font, 0x2500)).toBe(300);
    expect(font.map.has(0x65)).toBe(false); // only part of the e + combining acute sequence
    expect(font.map.has(0x42)).toBe(false);
  });

  it('falls back to the glyph for "?" when a code point is missing', () => {
    const table: number[][] = Array.from({ length: 256 }, () => []);
    table[9] = [0x3f];
    const font = loadPsf(psf1({ height: 8, mode: 2, table }));
    expect(glyphIndex(font, 0x1234)).toBe(9);
  });

  it('a cut-short glyph block or table is a FontError, not a partial font', () => {
    const full = psf1({ height: 16, mode: 0 });
    expect(() => loadPsf(full.subarray(0, 100))).toThrow(FontError);
    const withTable = psf1({ height: 8, mode: 2, table: Array.from({ length: 256 }, () => [0x41]) });
    expect(() => loadPsf(withTable.subarray(0, withTable.length - 3))).toThrow(/Unicode table is cut short at glyph 255/);
    expect(() => loadPsf(Uint8Array.of(0x36, 0x04, 0))).toThrow(/header is cut short/);
  });
});

describe('PSF2', () => {
  it('reads the header: width 12 uses 2 bytes per row', () => {
    const font = loadPsf(psf2({ width: 12, height: 20, count: 3 }));
    expect(font).toMatchObject({ width: 12, height: 20, glyphCount: 3, bytesPerRow: 2 });
    expect(font.glyphs.length).toBe(3 * 40);
    expect(font.glyphs[2 * 40 + 5]).toBe((2 * 7 + 5) & 0xff);
  });

  it('honours a header size larger than 32 bytes', () => {
    const font = loadPsf(psf2({ width: 8, height: 8, count: 2, headerSize: 40 }));
    expect(font.glyphs[8]).toBe(7);
  });

  it('reads the UTF-8 Unicode table, 1- to 4-byte code points, skipping sequences', () => {
    const font = loadPsf(psf2({ width: 8, height: 8, count: 4, table: [['A', 'Ä'], ['€', 'é'], ['😀'], ['\ufffd']] }));
    expect(glyphIndex(font, 0x41)).toBe(0);
    expect(glyphIndex(font, 0xc4)).toBe(0);
    expect(glyphIndex(font, 0x20ac)).toBe(1);
    expect(glyphIndex(font, 0x1f600)).toBe(2);
    expect(font.map.has(0x65)).toBe(false);
    expect(glyphIndex(font, 0x42)).toBe(3); // missing -> U+FFFD glyph
  });

  it('loads gzipped fonts from bytes and from a path', () => {
    const raw = psf2({ width: 8, height: 8, count: 2, table: [['x'], ['y']] });
    const zipped = gzipSync(raw);
    expect(glyphIndex(loadPsf(zipped), 0x79)).toBe(1);
    const dir = mkdtempSync(join(tmpdir(), 'fbkit-psf-'));
    const path = join(dir, 'tiny.psf.gz');
    writeFileSync(path, zipped);
    const font = loadPsf(path);
    expect(font.name).toBe(path);
    expect(Buffer.from(font.glyphs)).toEqual(Buffer.from(raw.subarray(32, 32 + 16)));
  });

  it('rejects inconsistent or damaged files with EFONT', () => {
    const bad = psf2({ width: 8, height: 8, count: 2 });
    new DataView(bad.buffer, bad.byteOffset).setUint32(20, 9, true); // bytes per glyph != 8
    expect(() => loadPsf(bad)).toThrow(/does not match 8x8/);
    const short = psf2({ width: 8, height: 8, count: 2 });
    expect(() => loadPsf(short.subarray(0, 40))).toThrow(/glyph data is cut short/);
    const zero = psf2({ width: 0, height: 8, count: 2 });
    expect(() => loadPsf(zero)).toThrow(FontError);
    const badUtf8 = psf2({ width: 8, height: 8, count: 1, table: [['A']] });
    badUtf8[badUtf8.length - 2] = 0xc3; // a lead byte followed by the 0xff separator
    expect(() => loadPsf(badUtf8)).toThrow(/bad UTF-8/);
    expect(() => loadPsf(Uint8Array.of(1, 2, 3, 4))).toThrow(/not a PSF font/);
    expect(() => loadPsf(Uint8Array.of(0x1f, 0x8b, 8, 0, 0))).toThrow(/gzip data is corrupt/);
    try {
      loadPsf(Uint8Array.of(0));
    } catch (err) {
      expect(err).toBeInstanceOf(FbkitError);
      expect((err as FbkitError).code).toBe('EFONT');
      expect((err as FbkitError).hint).toMatch(/consolefonts/);
    }
  });
});

describe('fixtures/fonts', () => {
  it('fbkit-6x10.psf.gz is the built-in font as PSF2, and loads to the same glyphs', () => {
    const path = fileURLToPath(new URL('../../fixtures/fonts/fbkit-6x10.psf.gz', import.meta.url));
    const font = loadPsf(path);
    expect(font).toMatchObject({ width: 6, height: 10, glyphCount: builtinFont.glyphCount });
    expect(Buffer.from(font.glyphs)).toEqual(Buffer.from(builtinFont.glyphs));
    expect([...font.map]).toEqual([...builtinFont.map]);
  });
});

describe('fixtures/fonts PSF1', () => {
  it('fbkit-8x10.psf maps ASCII to the built-in glyphs and the rest to the box', () => {
    const font = loadPsf(fileURLToPath(new URL('../../fixtures/fonts/fbkit-8x10.psf', import.meta.url)));
    expect(font).toMatchObject({ width: 8, height: 10, glyphCount: 256 });
    const glyph = (f: typeof font, cp: number) => {
      const g = glyphIndex(f, cp);
      return Buffer.from(f.glyphs.subarray(g * f.height, (g + 1) * f.height));
    };
    for (const ch of 'Ag~ ') expect(glyph(font, ch.codePointAt(0)!)).toEqual(glyph(builtinFont, ch.codePointAt(0)!));
    expect(Buffer.from(font.glyphs.subarray(0x7f * 10, 0x80 * 10))).toEqual(glyph(builtinFont, 0xfffd));
    expect(font.map.has(0x7f)).toBe(false);
    expect(glyphIndex(font, 0x7f)).toBe(0x3f); // unmapped, and this font's fallback is '?'
  });
});
