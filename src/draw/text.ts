/**
 * Text in bitmap fonts (PSF console fonts or the built-in one): one glyph cell per code
 * point, advancing by the font's width; '\n' starts a new line font.height lower, '\t'
 * moves to the next multiple of 8 cells, '\r' is ignored. Colors are packed once per
 * call and written as they are (like fills: no blending); without a background the
 * cells' unset pixels keep what was there. `scale` draws each font pixel as a
 * scale x scale block (console fonts are tiny on a big screen), as fills of the glyph
 * rows' runs rather than pixel by pixel.
 */
import type { Point } from '../raster/geometry.js';
import type { PixelTarget } from '../raster/target.js';
import { pack } from '../raster/format.js';
import { ArgumentError } from '../errors.js';
import { checkColor, checkOptions, checkPoint } from './checks.js';
import { describeValue } from '../errors.js';
import { readRaw, writeRaw } from './convert.js';
import { fillBox } from './fill.js';
import { builtinFont } from './font-builtin.js';
import { glyphIndex, type Font } from './font.js';

export interface TextOptions {
  /** Default: fbkit's built-in 6x10 font. */
  font?: Font;
  /** 0xAARRGGBB of the glyphs' pixels. */
  color: number;
  /** 0xAARRGGBB of the cells behind the glyphs; default none (transparent). */
  background?: number;
  /** Screen pixels per font pixel, a whole number >= 1; default 1. */
  scale?: number;
}

const TAB_CELLS = 8;

/** Per line, each drawn cell's glyph index and column. */
type Layout = { glyph: number; col: number }[][];

/** Lines of glyph indices and cell columns, after tabs and newlines are applied. */
function layout(text: string, font: Font): Layout {
  const lines: Layout = [[]];
  let col = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp === 0x0a) {
      lines.push([]);
      col = 0;
    } else if (cp === 0x09) {
      col = (Math.floor(col / TAB_CELLS) + 1) * TAB_CELLS;
    } else if (cp !== 0x0d) {
      lines[lines.length - 1]!.push({ glyph: glyphIndex(font, cp), col });
      col++;
    }
  }
  return lines;
}

function checkScale(scale: number | undefined): number {
  if (scale === undefined) return 1;
  if (!Number.isSafeInteger(scale) || scale < 1) {
    throw new ArgumentError(
      'EINVAL',
      `text scale must be a whole number >= 1, got ${scale}`,
      'pass scale: 1, 2, 3, ... (screen pixels per font pixel)',
    );
  }
  return scale;
}

/** Width and height in pixels of `text` drawn in `font` at `scale` (tabs and newlines counted). */
export function measureText(text: string, font: Font = builtinFont, scale = 1): { width: number; height: number } {
  const k = checkScale(scale);
  const lines = layout(text, font);
  const cells = Math.max(...lines.map((l) => (l.length === 0 ? 0 : l[l.length - 1]!.col + 1)));
  return { width: cells * font.width * k, height: lines.length * font.height * k };
}

/** Draws `text` with its first cell's top-left corner at `at`, clipped to the surface's clip. */
export function drawText(dst: PixelTarget, text: string, at: Point, opts: TextOptions): void {
  if (typeof text !== 'string')
    throw new ArgumentError('EINVAL', `text must be a string, got ${describeValue(text)}`, 'convert it first, e.g. String(n)');
  checkPoint('at', at);
  const o = checkOptions<Partial<TextOptions>>(opts, 'an object { color, background?, font?, scale? }');
  const fg = pack(dst.format, checkColor('color', o.color));
  const bg = o.background === undefined ? undefined : pack(dst.format, checkColor('background', o.background));
  const scale = checkScale(o.scale);
  const font = o.font ?? builtinFont;
  const lines = layout(text, font);
  if (scale > 1) return drawBlocks(dst, lines, at, font, scale, fg, bg);
  const clip = dst.clip;
  lines.forEach((line, lineNo) => {
    if (line.length === 0) return;
    const top = at.y + lineNo * font.height;
    const left = at.x + line[0]!.col * font.width;
    const right = at.x + (line[line.length - 1]!.col + 1) * font.width;
    // The line's pixel columns inside the clip, as one raw row per pixel row of the font.
    const x0 = Math.max(left, clip.x),
      x1 = Math.min(right, clip.x + clip.w);
    const y0 = Math.max(top, clip.y),
      y1 = Math.min(top + font.height, clip.y + clip.h);
    if (x1 <= x0 || y1 <= y0) return;
    const n = x1 - x0;
    const raw = new Uint32Array(n);
    const ink = new Uint8Array(n); // 1 = glyph pixel, 2 = cell background, 0 = untouched
    for (let y = y0; y < y1; y++) {
      ink.fill(0);
      for (const { glyph, col } of line) {
        const cellX = at.x + col * font.width;
        if (cellX >= x1 || cellX + font.width <= x0) continue;
        const rowBase = (glyph * font.height + (y - top)) * font.bytesPerRow;
        for (let gx = Math.max(0, x0 - cellX); gx < font.width && cellX + gx < x1; gx++) {
          const on = (font.glyphs[rowBase + (gx >> 3)]! >> (7 - (gx & 7))) & 1;
          ink[cellX + gx - x0] = on ? 1 : 2;
        }
      }
      putRow(dst, x0, y, n, raw, ink, fg, bg);
    }
  });
}

/**
 * Scale > 1: every run of equal pixels in a glyph row is one scale-high box fill (glyph
 * pixels in fg, the cell's other pixels in bg when given), clipped to the clip.
 */
function drawBlocks(dst: PixelTarget, lines: Layout, at: Point, font: Font, scale: number, fg: number, bg: number | undefined): void {
  const clip = dst.clip;
  const cellW = font.width * scale;
  lines.forEach((line, lineNo) => {
    const top = at.y + lineNo * font.height * scale;
    for (let gy = 0; gy < font.height; gy++) {
      const y0 = Math.max(top + gy * scale, clip.y),
        y1 = Math.min(top + (gy + 1) * scale, clip.y + clip.h);
      if (y1 <= y0) continue;
      for (const { glyph, col } of line) {
        const cellX = at.x + col * cellW;
        if (cellX >= clip.x + clip.w || cellX + cellW <= clip.x) continue;
        const rowBase = (glyph * font.height + gy) * font.bytesPerRow;
        const bit = (gx: number) => (font.glyphs[rowBase + (gx >> 3)]! >> (7 - (gx & 7))) & 1;
        for (let gx = 0, end = 0; gx < font.width; gx = end) {
          const on = bit(gx);
          end = gx + 1;
          while (end < font.width && bit(end) === on) end++;
          const pixel = on ? fg : bg;
          if (pixel === undefined) continue;
          const x0 = Math.max(cellX + gx * scale, clip.x),
            x1 = Math.min(cellX + end * scale, clip.x + clip.w);
          if (x1 > x0) fillBox(dst, x0, y0, x1 - x0, y1 - y0, pixel);
        }
      }
    }
  });
}

/** Writes one row: glyph pixels in fg, cell pixels in bg (when given), runs left alone elsewhere. */
function putRow(
  dst: PixelTarget,
  x0: number,
  y: number,
  n: number,
  raw: Uint32Array,
  ink: Uint8Array,
  fg: number,
  bg: number | undefined,
): void {
  if (bg !== undefined && ink.every((k) => k !== 0)) {
    for (let i = 0; i < n; i++) raw[i] = ink[i] === 1 ? fg : bg;
    return writeRaw(dst, x0, y, n, raw);
  }
  // Transparent cells (or gaps between tab-separated cells): keep those pixels as they are.
  readRaw(dst, x0, y, n, raw);
  for (let i = 0; i < n; i++) {
    if (ink[i] === 1) raw[i] = fg;
    else if (ink[i] === 2 && bg !== undefined) raw[i] = bg;
  }
  writeRaw(dst, x0, y, n, raw);
}
