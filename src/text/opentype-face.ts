/**
 * TrueType/OpenType/WOFF files as draw/'s OutlineFace, parsed by opentype.js.
 *
 * opentype.js is required lazily and synchronously (its CommonJS build, through
 * createRequire) by the first font load, so importing fbkit never loads the parser and
 * drawing text stays a synchronous call like every other drawing call.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { FbkitError } from '../errors.js';
import type { OutlineFace } from '../draw/outline-font.js';
import { Path } from '../draw/path.js';

/** The part of opentype.js's API used here. */
interface OtCommand {
  type: 'M' | 'L' | 'Q' | 'C' | 'Z';
  x?: number;
  y?: number;
  x1?: number;
  y1?: number;
  x2?: number;
  y2?: number;
}
interface OtPoint {
  x: number;
  y: number;
  onCurve: boolean;
  lastPointOfContour: boolean;
}
interface OtGlyph {
  index: number;
  advanceWidth?: number;
  /** TrueType outlines only (composites resolved). */
  points?: OtPoint[];
  path: { commands: OtCommand[] } | (() => { commands: OtCommand[] });
}
interface OtFont {
  unitsPerEm: number;
  ascender: number;
  descender: number;
  names: Record<string, { fullName?: Record<string, string> } | undefined>;
  kerningPairs: Record<string, number>;
  tables: { hhea?: { lineGap?: number }; os2?: { sTypoLineGap?: number } };
  charToGlyphIndex(ch: string): number;
  glyphs: { get(i: number): OtGlyph };
  getKerningValue(left: number, right: number): number;
}
interface Opentype {
  parse(buffer: ArrayBuffer): OtFont;
}

export class FontFileError extends FbkitError {
  constructor(message: string, hint = 'use a .ttf, .otf or .woff font, e.g. from Debian fonts-dejavu-core') {
    super('EFONT', message, hint);
  }
}

let opentype: Opentype | null = null;
function parser(): Opentype {
  opentype ??= createRequire(import.meta.url)('opentype.js') as Opentype;
  return opentype;
}

/** A face over the font in `bytes` (`source` names it in errors). */
export function parseFont(bytes: Uint8Array, source: string): OutlineFace {
  let font: OtFont;
  try {
    font = parser().parse(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  } catch (e) {
    throw new FontFileError(`${source} is not a font opentype.js can read (${(e as Error).message})`);
  }
  const outlines = new Map<number, Path>();
  const name = font.names.windows?.fullName?.en ?? font.names.macintosh?.fullName?.en ?? source;
  return {
    name,
    unitsPerEm: font.unitsPerEm,
    ascender: font.ascender,
    descender: font.descender,
    lineGap: font.tables.hhea?.lineGap ?? font.tables.os2?.sTypoLineGap ?? 0,
    glyphIndex: (cp) => font.charToGlyphIndex(String.fromCodePoint(cp)) || 0,
    advance: (g) => font.glyphs.get(g).advanceWidth ?? 0,
    // GPOS pair kerning when opentype.js finds it, else the old 'kern' table (DejaVu's
    // GPOS kerning reads as 0 through opentype.js 1.3; its kern table has the pairs).
    kerning: (a, b) => font.getKerningValue(a, b) || font.kerningPairs[`${a},${b}`] || 0,
    outline(g) {
      let p = outlines.get(g);
      if (!p) {
        p = toPath(font.glyphs.get(g));
        outlines.set(g, p);
      }
      return p;
    },
  };
}

function toPath(glyph: OtGlyph): Path {
  const points = glyph.points;
  if (points && points.length > 0) return fromTrueType(points);
  const raw = typeof glyph.path === 'function' ? glyph.path() : glyph.path;
  const p = new Path();
  for (const c of raw.commands) {
    if (c.type === 'M') p.moveTo(c.x!, c.y!);
    else if (c.type === 'L') p.lineTo(c.x!, c.y!);
    else if (c.type === 'Q') p.quadTo(c.x1!, c.y1!, c.x!, c.y!);
    else if (c.type === 'C') p.cubicTo(c.x1!, c.y1!, c.x2!, c.y2!, c.x!, c.y!);
    else p.close();
  }
  return p;
}

/**
 * A TrueType outline from its points, each contour starting at its first point as the
 * font stores it (hinting, draw/autohint, depends on that order; opentype.js's own
 * path starts elsewhere and repeats points). Between two control points lies an
 * implied on-curve point halfway.
 */
function fromTrueType(points: OtPoint[]): Path {
  const p = new Path();
  let first = 0;
  points.forEach((pt, i) => {
    if (!pt.lastPointOfContour) return;
    const c = points.slice(first, i + 1);
    first = i + 1;
    const n = c.length;
    const mid = (a: OtPoint, b: OtPoint) => ({ x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 });
    // Start on the first point, or on the curve just before it when it is a control point.
    const start = c[0]!.onCurve ? c[0]! : c[n - 1]!.onCurve ? c[n - 1]! : mid(c[n - 1]!, c[0]!);
    p.moveTo(start.x, start.y);
    let control: OtPoint | null = null;
    for (let k = c[0]!.onCurve ? 1 : 0; k < n; k++) {
      const q = c[k]!;
      if (q === start) break;
      if (q.onCurve) {
        if (control) p.quadTo(control.x, control.y, q.x, q.y);
        else p.lineTo(q.x, q.y);
        control = null;
      } else {
        if (control) {
          const m = mid(control, q);
          p.quadTo(control.x, control.y, m.x, m.y);
        }
        control = q;
      }
    }
    if (control) p.quadTo(control.x, control.y, start.x, start.y);
    p.close();
  });
  return p;
}

/** Reads and parses a font file. */
export function loadFontFile(file: string): OutlineFace {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new FontFileError(
      `cannot read font ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      'check the path, or pass a family name such as DejaVu Sans',
    );
  }
  return parseFont(bytes, file);
}
