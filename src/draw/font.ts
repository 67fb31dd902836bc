/**
 * A bitmap font as console fonts store it: fixed-size glyphs, one bit per pixel, each
 * row padded to whole bytes, the leftmost pixel in the most significant bit, plus a map
 * from Unicode code points to glyph indices.
 */
export interface Font {
  readonly name: string;
  readonly width: number;
  readonly height: number;
  /** ceil(width / 8): bytes per glyph row. */
  readonly bytesPerRow: number;
  readonly glyphCount: number;
  /** glyphCount * height * bytesPerRow bytes. */
  readonly glyphs: Uint8Array;
  /** Code point -> glyph index. */
  readonly map: ReadonlyMap<number, number>;
  /** Glyph used for code points the font lacks. */
  readonly fallback: number;
}

export interface FontParts {
  name: string;
  width: number;
  height: number;
  glyphCount: number;
  glyphs: Uint8Array;
  /** Without a map, glyph i stands for code point i (what a PSF without a table means). */
  map?: Map<number, number>;
}

const REPLACEMENT_CHARACTER = 0xfffd;

export function createFont(parts: FontParts): Font {
  const map = parts.map ?? new Map(Array.from({ length: parts.glyphCount }, (_, i) => [i, i] as const));
  const fallback = map.get(REPLACEMENT_CHARACTER) ?? map.get(0x3f /* '?' */) ?? 0;
  return {
    name: parts.name,
    width: parts.width,
    height: parts.height,
    bytesPerRow: Math.ceil(parts.width / 8),
    glyphCount: parts.glyphCount,
    glyphs: parts.glyphs,
    map,
    fallback,
  };
}

/** The glyph index that draws `codePoint`, or the font's fallback glyph. */
export function glyphIndex(font: Font, codePoint: number): number {
  return font.map.get(codePoint) ?? font.fallback;
}
