/**
 * What outline text needs of a font, whoever parsed it (text/ adapts opentype.js to
 * this): glyph lookup, advances, kerning and outlines in font units (y up), and the
 * font's vertical metrics. draw/ sits below the parsers, so it names fonts only
 * through this interface; a font given by family name or file is resolved through the
 * resolver text/ installs (setFaceResolver), which index.ts wires up.
 */
import { ArgumentError } from '../errors.js';
import type { Path } from './path.js';

export interface OutlineFace {
  /** The family and style, for messages. */
  readonly name: string;
  readonly unitsPerEm: number;
  /** Above the baseline, in font units (positive). */
  readonly ascender: number;
  /** Below the baseline, in font units (negative). */
  readonly descender: number;
  readonly lineGap: number;
  /** The glyph for a code point, 0 (.notdef) when the font lacks it. */
  glyphIndex(codePoint: number): number;
  /** Horizontal advance in font units. */
  advance(glyph: number): number;
  /** Kerning adjustment between two glyphs in font units (usually negative or 0). */
  kerning(left: number, right: number): number;
  /** The glyph's outline in font units, y up. */
  outline(glyph: number): Path;
}

export function isOutlineFace(v: unknown): v is OutlineFace {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as OutlineFace).unitsPerEm === 'number' &&
    typeof (v as OutlineFace).outline === 'function'
  );
}

type Resolver = (nameOrFile: string) => OutlineFace;
let resolver: Resolver | null = null;

/** Installs how font names and files become faces (fbkit's index does, with text/'s loader). */
export function setFaceResolver(r: Resolver): void {
  resolver = r;
}

/** A face given as an object or as a family name / file path. */
export function resolveFace(font: OutlineFace | string): OutlineFace {
  if (typeof font !== 'string') return font;
  if (!resolver) {
    throw new ArgumentError(
      'ENOFONT',
      `no font loader is installed to find '${font}'`,
      "import from 'fbkit' (its index installs the loader), or pass a face from loadFont()",
    );
  }
  return resolver(font);
}
