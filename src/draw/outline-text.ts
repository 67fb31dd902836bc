/**
 * Text in outline fonts (TrueType/OpenType), antialiased: layout and drawing.
 *
 * Layout: '\n' starts a paragraph; with `width`, lines break at spaces (a word wider
 * than the line breaks between characters); each line is aligned left, center or right
 * inside the box (without `width`: around x). Lines are `lineHeight` × size apart
 * (default the font's ascender − descender + line gap). With `maxLines`, text beyond
 * the last line is cut and that line ends in `ellipsis` (default '…') fitted to the
 * width. Glyphs advance by the font's advances plus kerning (kern table or GPOS); a code
 * point the font lacks is taken from the first fallback face that has it.
 *
 * Placement: (x, y) is the top-left of the text box; the first baseline is at y +
 * ascender (rounded to a whole pixel; pen x is kept to 1/4 px, see draw/glyph-cache).
 * Glyphs are fitted to pixel rows (draw/autohint) unless `hinting: false`.
 * Coverage goes through the text contrast table (draw/text-gamma), then is painted like
 * any antialiased shape (draw/paint), clipped to the clip.
 */
import { ArgumentError, describeValue } from '../errors.js';
import type { PixelTarget } from '../raster/target.js';
import { checkColor, checkOptions, checkReal } from './checks.js';
import { glyphMask, SUBPIXEL } from './glyph-cache.js';
import { isOutlineFace, resolveFace, type OutlineFace } from './outline-font.js';
import { coveragePainter, isIndexed, paintMask } from './paint.js';
import { mappedSink, textCoverageTable } from './text-gamma.js';

export type TextAlign = 'left' | 'center' | 'right';

export interface OutlineTextOptions {
  /** A face from loadFont(), or a family name ('DejaVu Sans') or font file path. */
  font: OutlineFace | string;
  /** Faces (or names) tried in order for code points `font` lacks. */
  fallback?: readonly (OutlineFace | string)[];
  /** Pixels per em; default 16. */
  size?: number;
  x?: number;
  y?: number;
  /** 0xAARRGGBB; required to draw, ignored by measuring. */
  color?: number;
  /** Wrap lines to this many pixels (and align inside it). */
  width?: number;
  /** Default 'left'. */
  align?: TextAlign;
  /** Baseline-to-baseline distance as a multiple of size. */
  lineHeight?: number;
  /** Cut after this many lines, ending the last in `ellipsis`. */
  maxLines?: number;
  /** Default '…'. */
  ellipsis?: string;
  /** Fit glyphs vertically to the pixel grid (draw/autohint); default true. */
  hinting?: boolean;
}

export interface TextBox {
  /** The widest line, in pixels. */
  width: number;
  /** Lines × line height, in pixels. */
  height: number;
  lines: number;
}

/** One positioned glyph: pen x (px, from the line start) and the face that draws it. */
interface Placed {
  face: OutlineFace;
  glyph: number;
  x: number;
  cp: number;
}

interface Line {
  glyphs: Placed[];
  width: number;
}

interface Setup {
  face: OutlineFace;
  chain: OutlineFace[];
  size: number;
  width: number | undefined;
  align: TextAlign;
  lineHeight: number;
  maxLines: number;
  ellipsis: string;
}

function setup(opts: OutlineTextOptions): Setup {
  const o = checkOptions<Partial<OutlineTextOptions>>(opts, 'an object { font, size, x, y, color, ... }');
  if (typeof o.font !== 'string' && !isOutlineFace(o.font)) {
    throw new ArgumentError(
      'EINVAL',
      `font must be a family name, a font file or a loaded face, got ${describeValue(o.font)}`,
      "e.g. font: 'DejaVu Sans'",
    );
  }
  const face = resolveFace(o.font);
  const chain = [face, ...(o.fallback ?? []).map(resolveFace)];
  const size = Math.round(checkReal('size', o.size, { min: 0, fallback: 16 }) * 64) / 64;
  const align = o.align ?? 'left';
  if (align !== 'left' && align !== 'center' && align !== 'right') {
    throw new ArgumentError('EINVAL', `unknown align ${String(align)}`, "use 'left', 'center' or 'right'");
  }
  const natural = (face.ascender - face.descender + face.lineGap) / face.unitsPerEm;
  const maxLines = o.maxLines === undefined ? Infinity : checkReal('maxLines', o.maxLines, { min: 1 });
  return {
    face,
    chain,
    size,
    width: o.width === undefined ? undefined : checkReal('width', o.width, { min: 0 }),
    align,
    lineHeight: checkReal('lineHeight', o.lineHeight, { min: 0, fallback: natural }) * size,
    maxLines: Number.isFinite(maxLines) ? Math.floor(maxLines) : Infinity,
    ellipsis: o.ellipsis ?? '…',
  };
}

/** Glyphs of one paragraph, advances and kerning applied, starting at pen x 0. */
function shape(text: string, s: Setup): Placed[] {
  const out: Placed[] = [];
  let pen = 0;
  let prev: Placed | null = null;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    let face = s.face,
      glyph = 0;
    for (const f of s.chain) {
      glyph = f.glyphIndex(cp);
      if (glyph !== 0) {
        face = f;
        break;
      }
    }
    const k = s.size / face.unitsPerEm;
    if (prev && prev.face === face) pen += face.kerning(prev.glyph, glyph) * k;
    const placed: Placed = { face, glyph, x: pen, cp };
    out.push(placed);
    pen += face.advance(glyph) * k;
    prev = placed;
  }
  return out;
}

function advanceOf(p: Placed, size: number): number {
  return (p.face.advance(p.glyph) * size) / p.face.unitsPerEm;
}

/** A run of placed glyphs moved to start at pen x 0, with its width. */
function lineOf(glyphs: Placed[], size: number): Line {
  if (glyphs.length === 0) return { glyphs, width: 0 };
  const x0 = glyphs[0]!.x;
  const moved = glyphs.map((g) => ({ ...g, x: g.x - x0 }));
  const last = moved[moved.length - 1]!;
  return { glyphs: moved, width: last.x + advanceOf(last, size) };
}

const isSpace = (cp: number) => cp === 0x20 || cp === 0x09;

/** Breaks a shaped paragraph into lines no wider than `width` (at spaces when it can). */
function wrap(glyphs: Placed[], width: number, size: number): Line[] {
  const lines: Line[] = [];
  let start = 0;
  while (start < glyphs.length) {
    const x0 = glyphs[start]!.x;
    let end = start;
    let lastBreak = -1;
    while (end < glyphs.length) {
      const g = glyphs[end]!;
      if (isSpace(g.cp)) lastBreak = end;
      else if (g.x + advanceOf(g, size) - x0 > width && end > start) break;
      end++;
    }
    if (end < glyphs.length && lastBreak > start) end = lastBreak;
    let trimmed = end;
    while (trimmed > start && isSpace(glyphs[trimmed - 1]!.cp)) trimmed--;
    lines.push(lineOf(glyphs.slice(start, trimmed), size));
    start = end;
    while (start < glyphs.length && isSpace(glyphs[start]!.cp)) start++;
  }
  return lines.length > 0 ? lines : [{ glyphs: [], width: 0 }];
}

/** The line cut so that it plus the ellipsis fits `width` (no width: just appended). */
function ellipsize(line: Line, s: Setup, width: number | undefined): Line {
  const dots = lineOf(shape(s.ellipsis, s), s.size);
  let keep = line.glyphs.length;
  if (width !== undefined) {
    while (keep > 0) {
      const last = line.glyphs[keep - 1]!;
      if (!isSpace(last.cp) && last.x + advanceOf(last, s.size) + dots.width <= width) break;
      keep--;
    }
  }
  const kept = lineOf(line.glyphs.slice(0, keep), s.size);
  const at = kept.width;
  return { glyphs: [...kept.glyphs, ...dots.glyphs.map((g) => ({ ...g, x: g.x + at }))], width: at + dots.width };
}

function layout(text: string, s: Setup): Line[] {
  if (typeof text !== 'string')
    throw new ArgumentError('EINVAL', `text must be a string, got ${describeValue(text)}`, 'convert it first, e.g. String(n)');
  const lines: Line[] = [];
  for (const para of text.replace(/\r/g, '').split('\n')) {
    const glyphs = shape(para, s);
    if (s.width === undefined) lines.push(lineOf(glyphs, s.size));
    else lines.push(...wrap(glyphs, s.width, s.size));
  }
  if (lines.length > s.maxLines) {
    lines.length = s.maxLines;
    lines[lines.length - 1] = ellipsize(lines[lines.length - 1]!, s, s.width);
  }
  return lines;
}

function box(lines: Line[], s: Setup): TextBox {
  return { width: Math.max(0, ...lines.map((l) => l.width)), height: lines.length * s.lineHeight, lines: lines.length };
}

/** The box `text` takes with these options (x, y and color play no part). */
export function measureOutlineText(text: string, opts: OutlineTextOptions): TextBox {
  const s = setup(opts);
  return box(layout(text, s), s);
}

/** Draws `text` (see the module comment); returns the box it took. */
export function drawOutlineText(dst: PixelTarget, text: string, opts: OutlineTextOptions): TextBox {
  const s = setup(opts);
  const color = checkColor('color', opts.color);
  const x = checkReal('x', opts.x, { fallback: 0 });
  const y = checkReal('y', opts.y, { fallback: 0 });
  const lines = layout(text, s);
  const hinted = opts.hinting ?? true;
  if (typeof hinted !== 'boolean') {
    throw new ArgumentError('EINVAL', `hinting must be true or false, got ${describeValue(hinted)}`, 'leave it out for hinted glyphs');
  }
  // Thresholded (indexed) formats take the plain coverage: the table would thin dark text below half.
  const table = isIndexed(dst.format) ? null : textCoverageTable(color);
  const painter = table ? mappedSink(coveragePainter(dst, color), table) : coveragePainter(dst, color);
  const ascent = (s.face.ascender / s.face.unitsPerEm) * s.size;
  lines.forEach((line, i) => {
    const baseline = Math.round(y + ascent + i * s.lineHeight);
    const room = s.width ?? 0;
    const shift = s.align === 'left' ? 0 : s.align === 'center' ? (room - line.width) / 2 : room - line.width;
    for (const g of line.glyphs) {
      const pen = Math.round((x + shift + g.x) * SUBPIXEL) / SUBPIXEL;
      const px = Math.floor(pen);
      const m = glyphMask(g.face, g.glyph, s.size, (pen - px) * SUBPIXEL, hinted);
      if (m.w > 0) paintMask(painter, dst.clip, m.mask, m.w, m.h, px + m.left, baseline + m.top);
    }
  });
  return box(lines, s);
}
