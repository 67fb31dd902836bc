/**
 * Text in bitmap fonts (PSF console fonts or the built-in one): one glyph cell per code
 * point, advancing by the font's width; '\n' starts a new line font.height lower, '\t'
 * moves to the next multiple of 8 cells, '\r' is ignored. Colors are packed once per
 * call and written as they are (like fills: no blending); without a background the
 * cells' unset pixels keep what was there.
 */
import type { Surface, Point } from '../surface.js';
import { pack } from '../format.js';
import { ArgumentError } from '../errors.js';
import { checkInteger } from './blit.js';
import { readRaw, writeRaw } from './convert.js';
import { builtinFont } from './font-builtin.js';
import { glyphIndex, type Font } from './font.js';

export interface TextOptions {
  /** Default: fbkit's built-in 6x10 font. */
  font?: Font;
  /** 0xAARRGGBB of the glyphs' pixels. */
  color: number;
  /** 0xAARRGGBB of the cells behind the glyphs; default none (transparent). */
  background?: number;
}

const TAB_CELLS = 8;

/** Lines of glyph indices and cell columns, after tabs and newlines are applied. */
function layout(text: string, font: Font): { glyph: number; col: number }[][] {
  const lines: { glyph: number; col: number }[][] = [[]];
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

/** Width and height in pixels of `text` drawn in `font` (tabs and newlines counted). */
export function measureText(text: string, font: Font = builtinFont): { width: number; height: number } {
  const lines = layout(text, font);
  const cells = Math.max(...lines.map((l) => (l.length === 0 ? 0 : l[l.length - 1]!.col + 1)));
  return { width: cells * font.width, height: lines.length * font.height };
}

/** Draws `text` with its first cell's top-left corner at `at`, clipped to the surface's clip. */
export function drawText(dst: Surface, text: string, at: Point, opts: TextOptions): void {
  checkInteger('at.x', at.x);
  checkInteger('at.y', at.y);
  if (!Number.isFinite(opts?.color)) {
    throw new ArgumentError('EINVAL', 'drawText needs a color', 'pass { color: 0xAARRGGBB }');
  }
  const font = opts.font ?? builtinFont;
  const fg = pack(dst.format, opts.color);
  const bg = opts.background === undefined ? undefined : pack(dst.format, opts.background);
  const clip = dst.clip;
  layout(text, font).forEach((line, lineNo) => {
    if (line.length === 0) return;
    const top = at.y + lineNo * font.height;
    const left = at.x + line[0]!.col * font.width;
    const right = at.x + (line[line.length - 1]!.col + 1) * font.width;
    // The line's pixel columns inside the clip, as one raw row per pixel row of the font.
    const x0 = Math.max(left, clip.x), x1 = Math.min(right, clip.x + clip.w);
    const y0 = Math.max(top, clip.y), y1 = Math.min(top + font.height, clip.y + clip.h);
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

/** Writes one row: glyph pixels in fg, cell pixels in bg (when given), runs left alone elsewhere. */
function putRow(dst: Surface, x0: number, y: number, n: number, raw: Uint32Array, ink: Uint8Array, fg: number, bg: number | undefined): void {
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
