/**
 * The demo scene (`fbkit demo`, and the README picture): one function that draws a tour
 * of the library onto any Surface, whatever its size and pixel format, with the public
 * drawing calls only: gradients, shapes, alpha blending of an image, text, scaling, the
 * same tile drawn natively in six pixel formats, and the 256-color palette.
 *
 * The layout is designed for 1280x800 (QEMU's bochs-drm mode) and scaled uniformly to
 * fit other screens, centered; bitmap text keeps whole-pixel scales so glyphs stay crisp
 * (outline text, with a font, is sized from the same scales). Shapes are antialiased.
 * Everything is integer math on fixed inputs, so the same surface always gets the same
 * pixels.
 */
import { defaultPalette, FORMATS, type PixelFormat } from '../raster/format.js';
import { Surface } from '../draw/surface.js';
import type { Point, Rect } from '../raster/geometry.js';
import { builtinFont } from '../draw/font-builtin.js';
import { measureText } from '../draw/text.js';
import type { OutlineFace } from '../draw/outline-font.js';
import { measureOutlineText } from '../draw/outline-text.js';

export interface DemoOptions {
  /** Shown top right, e.g. 'virtual:bochs-drm 1280x800 XRGB8888'. */
  caption?: string;
  /** Text in this outline font, antialiased; default the built-in bitmap font. */
  font?: OutlineFace;
}

/** Shapes are drawn antialiased (exact coverage; thresholded on palette formats). */
const AA = { antialias: true };

/**
 * The outline font of the drawDemoScene call in progress (set and cleared by it; the
 * scene is drawn synchronously, so no other call can see it).
 */
let outlineFont: OutlineFace | undefined;

/** Outline text size for a bitmap scale: about the built-in font's cap height (7 px per scale), 12 px at least. */
const outlineSize = (scale: number) => Math.max(12, 9 * scale);

const DESIGN_W = 1280;
const DESIGN_H = 800;

const INK = 0xffe8ebf7;
const MUTED = 0xff9aa3c7;
const BORDER = 0xff3a4170;
const CORAL = 0xffff6b6b;
const AMBER = 0xffffc857;
const TEAL = 0xff2ec4b6;
const SKY = 0xff4ea8de;
const VIOLET = 0xff9b5de5;
const PINK = 0xfff15bb5;

/** Maps the 1280x800 design onto the surface: uniform scale, centered. */
class Layout {
  readonly k: number;
  readonly ox: number;
  readonly oy: number;
  constructor(readonly s: Surface) {
    this.k = Math.min(s.width / DESIGN_W, s.height / DESIGN_H);
    this.ox = Math.floor((s.width - DESIGN_W * this.k) / 2);
    this.oy = Math.floor((s.height - DESIGN_H * this.k) / 2);
  }
  x(v: number): number {
    return this.ox + Math.round(v * this.k);
  }
  y(v: number): number {
    return this.oy + Math.round(v * this.k);
  }
  len(v: number): number {
    return Math.max(1, Math.round(v * this.k));
  }
  pt(x: number, y: number): Point {
    return { x: this.x(x), y: this.y(y) };
  }
  rect(x: number, y: number, w: number, h: number): Rect {
    const x0 = this.x(x),
      y0 = this.y(y);
    return { x: x0, y: y0, w: this.x(x + w) - x0, h: this.y(y + h) - y0 };
  }
  /**
   * A whole-pixel text scale near `scale` design units per font pixel, or 0 (leave the
   * text out) when even scale 1 would be far bigger than designed and crowd the layout.
   */
  textScale(scale: number): number {
    return scale * this.k < 0.75 ? 0 : Math.max(1, Math.round(scale * this.k));
  }
}

/** 0xAARRGGBB from channels (each clamped to 0..255). */
function argb(r: number, g: number, b: number, a = 255): number {
  const c = (v: number) => Math.max(0, Math.min(255, Math.round(v)));
  return ((c(a) << 24) | (c(r) << 16) | (c(g) << 8) | c(b)) >>> 0;
}

/** a + (b - a) * t per channel, opaque. */
function mix(a: number, b: number, t: number): number {
  const ch = (c: number, shift: number) => (c >>> shift) & 255;
  return argb(ch(a, 16) + (ch(b, 16) - ch(a, 16)) * t, ch(a, 8) + (ch(b, 8) - ch(a, 8)) * t, ch(a, 0) + (ch(b, 0) - ch(a, 0)) * t);
}

/** Fully saturated hue h in [0, 1), as an opaque color. */
function hue(h: number): number {
  const f = (n: number) => {
    const k = (n + h * 6) % 6;
    return 255 * (1 - Math.max(0, Math.min(1, Math.min(k, 4 - k))));
  };
  return argb(f(5), f(3), f(1));
}

// --- text -------------------------------------------------------------------------

/** Text width in pixels at a whole-pixel scale (0: none, see Layout.textScale). */
function textWidth(str: string, scale: number): number {
  if (outlineFont && scale !== 0) return Math.ceil(measureOutlineText(str, { font: outlineFont, size: outlineSize(scale) }).width);
  return measureText(str).width * scale;
}

/** Draws text with its top-left at `at`; scale 0 draws nothing (see Layout.textScale). */
function text(s: Surface, str: string, at: Point, color: number, scale = 1): void {
  if (scale === 0) return;
  if (outlineFont) s.drawText(str, { font: outlineFont, size: outlineSize(scale), x: at.x, y: at.y, color });
  else s.drawText(str, at, { color, scale });
}

// --- pieces -------------------------------------------------------------------------

/** Text centered horizontally on design x `cx`. */
function centeredText(L: Layout, str: string, cx: number, y: number, color: number, scale: number): void {
  const k = L.textScale(scale);
  text(L.s, str, { x: L.x(cx) - (textWidth(str, k) >> 1), y: L.y(y) }, color, k);
}

function background(L: Layout): void {
  const s = L.s;
  const top = 0xff0e1124,
    bottom = 0xff2a1846;
  for (let y = 0; y < s.height; y++) s.fillRect({ x: 0, y, w: s.width, h: 1 }, mix(top, bottom, y / Math.max(1, s.height - 1)));
  // A few faint stars, placed by a fixed linear congruential sequence.
  let seed = 7;
  for (let i = 0; i < 90; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    const x = seed % DESIGN_W;
    seed = (seed * 1103515245 + 12345) >>> 0;
    const y = seed % DESIGN_H;
    s.setPixel(L.x(x), L.y(y), mix(0xff0e1124, INK, 0.25 + (i % 4) * 0.15));
  }
}

/** A translucent rounded panel with a border and a title. */
function panel(L: Layout, x: number, y: number, w: number, h: number, title: string): void {
  const r = L.rect(x, y, w, h);
  const radius = L.len(14);
  const glass = Surface.create(r.w, r.h, FORMATS.ARGB8888);
  glass.fillRoundRect({ x: 0, y: 0, w: r.w, h: r.h }, radius, 0xffffffff, AA);
  L.s.blit(glass, { x: r.x, y: r.y }, { op: 'over', opacity: 0.06 });
  L.s.roundRect(r, radius, BORDER, AA);
  text(L.s, title, L.pt(x + 18, y + 14), INK, L.textScale(2));
}

function header(L: Layout, caption: string | undefined): void {
  const s = L.s;
  const big = L.textScale(6);
  text(s, 'fbkit', L.pt(34, 26), INK, big);
  // An underline in the accent colors.
  const accents = [CORAL, AMBER, TEAL, SKY, VIOLET];
  accents.forEach((c, i) => s.fillRect(L.rect(36 + i * 36, 94, 32, 5), c));
  text(s, 'Linux framebuffer drawing for Node.js', L.pt(250, 36), INK, L.textScale(2));
  text(s, 'every pixel here was drawn by fbkit itself', L.pt(250, 66), MUTED, L.textScale(2));
  if (caption) {
    const scale = L.textScale(2);
    const w = textWidth(caption, scale);
    text(s, caption, { x: L.x(1250) - w, y: L.y(86) }, MUTED, scale);
  }
}

function shapes(L: Layout): void {
  const s = L.s;
  panel(L, 30, 125, 390, 330, 'shapes');
  // A disc with rings around it.
  s.fillCircle(L.pt(108, 245), L.len(48), CORAL, AA);
  for (let i = 1; i <= 3; i++) s.circle(L.pt(108, 245), L.len(48 + i * 6), mix(CORAL, 0xff14172e, i * 0.22), AA);
  // Rounded rectangles, filled and outlined.
  s.fillRoundRect(L.rect(205, 192, 90, 104), L.len(20), TEAL, AA);
  s.roundRect(L.rect(197, 184, 106, 120), L.len(26), mix(TEAL, 0xff14172e, 0.4), AA);
  // A five-pointed star as a polygon, and an ellipse outline around it.
  const star: Point[] = [];
  for (let i = 0; i < 10; i++) {
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    const r = i % 2 === 0 ? 50 : 20;
    star.push(L.pt(358 + Math.cos(a) * r, 247 + Math.sin(a) * r));
  }
  s.fillPolygon(star, AMBER, AA);
  s.ellipse(L.pt(358, 247), L.len(50), L.len(60), mix(AMBER, 0xff14172e, 0.5), AA);
  // A fan of lines at every slope, colored around the hue circle.
  const origin = L.pt(225, 440);
  for (let i = 0; i <= 32; i++) {
    const a = Math.PI + (i * Math.PI) / 32;
    s.line(origin, L.pt(225 + Math.cos(a) * 170, 440 + Math.sin(a) * 100), hue(i / 36), AA);
  }
}

/** A shaded sphere with a soft glow: an ARGB image whose alpha varies from 0 to 255. */
function sphereImage(size: number): Surface {
  const img = Surface.create(size, size, FORMATS.ARGB8888);
  const c = (size - 1) / 2,
    radius = size * 0.4;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const dx = (x - c) / radius,
        dy = (y - c) / radius;
      const d = Math.hypot(dx, dy);
      if (d <= 1) {
        const z = Math.sqrt(1 - d * d);
        // Light from the upper left, plus a specular highlight.
        const diffuse = Math.max(0, -0.5 * dx - 0.5 * dy + 0.7 * z);
        const spec = Math.max(0, diffuse) ** 24 * 255;
        const edge = Math.min(1, (1 - d) * radius); // anti-aliased rim
        img.setPixel(
          x,
          y,
          argb(40 + 120 * diffuse + spec, 90 + 110 * diffuse + spec, 180 + 75 * diffuse + spec, 255 * Math.max(edge, 0.55)),
        );
      } else if (d < 1.25) {
        const glow = (1 - (d - 1) / 0.25) ** 2;
        img.setPixel(x, y, argb(120, 200, 255, 150 * glow));
      }
    }
  }
  return img;
}

function alpha(L: Layout): void {
  const s = L.s;
  panel(L, 445, 125, 390, 330, 'alpha');
  // A checkerboard shows what shines through the image.
  const cell = L.len(16);
  const board = L.rect(470, 180, 160, 160);
  for (let j = 0; j * cell < board.h; j++) {
    for (let i = 0; i * cell < board.w; i++) {
      const w = Math.min(cell, board.w - i * cell),
        h = Math.min(cell, board.h - j * cell);
      s.fillRect({ x: board.x + i * cell, y: board.y + j * cell, w, h }, (i + j) % 2 ? 0xff5a6190 : 0xffc9cde4);
    }
  }
  const size = L.len(170);
  s.blit(sphereImage(size), L.pt(465, 175), { op: 'over' });
  // Three translucent discs blended source-over.
  const disc = L.len(58);
  const discs: [number, number, number][] = [
    [730, 235, 0xffff3b5c],
    [695, 295, 0xff2ee6a8],
    [765, 295, 0xff3b82ff],
  ];
  for (const [x, y, color] of discs) {
    const layer = Surface.create(2 * disc + 1, 2 * disc + 1, FORMATS.ARGB8888);
    layer.fillCircle({ x: disc, y: disc }, disc, color, AA);
    s.blit(layer, { x: L.x(x) - disc, y: L.y(y) - disc }, { op: 'over', opacity: 0.62 });
  }
  centeredText(L, 'alpha image', 550, 365, MUTED, 2);
  centeredText(L, 'source-over', 730, 365, MUTED, 2);
  // Global opacity: one color blitted at 10% .. 100%.
  const swatch = Surface.create(L.len(30), L.len(30), FORMATS.ARGB8888);
  swatch.fillRoundRect({ x: 0, y: 0, w: swatch.width, h: swatch.height }, L.len(6), AMBER, AA);
  for (let i = 1; i <= 10; i++) s.blit(swatch, L.pt(470 + (i - 1) * 34, 405), { op: 'over', opacity: i / 10 });
}

function gradients(L: Layout): void {
  const s = L.s;
  panel(L, 860, 125, 390, 330, 'gradients + scaling');
  // A hue strip, one column at a time.
  const strip = L.rect(880, 175, 350, 30);
  for (let i = 0; i < strip.w; i++) s.fillRect({ x: strip.x + i, y: strip.y, w: 1, h: strip.h }, hue(i / strip.w));
  // A two-axis gradient, one pixel at a time.
  const square = L.rect(880, 220, 150, 150);
  for (let j = 0; j < square.h; j++) {
    for (let i = 0; i < square.w; i++) {
      const u = i / (square.w - 1),
        v = j / (square.h - 1);
      s.setPixel(square.x + i, square.y + j, argb(255 * u, 255 * v, 255 * (1 - u) * (1 - v / 2)));
    }
  }
  // A 4x4 image scaled up both ways.
  const tiny = Surface.create(4, 4, FORMATS.ARGB8888);
  const colors = [CORAL, AMBER, TEAL, SKY, VIOLET, PINK, INK, 0xff222640];
  for (let i = 0; i < 16; i++) tiny.setPixel(i % 4, i >> 2, colors[(i * 5 + (i >> 2)) % colors.length]!);
  const cellSize = L.len(88);
  s.blitScaled(tiny, { ...L.pt(1045, 220), w: cellSize, h: cellSize }, { filter: 'nearest' });
  s.blitScaled(tiny, { ...L.pt(1142, 220), w: cellSize, h: cellSize }, { filter: 'bilinear' });
  text(s, 'nearest', L.pt(1045, 318), MUTED, L.textScale(2));
  text(s, 'bilinear', L.pt(1142, 318), MUTED, L.textScale(2));
  // A gray ramp in 16 steps.
  const ramp = L.rect(880, 390, 350, 40);
  for (let i = 0; i < 16; i++) {
    const x0 = ramp.x + Math.floor((i * ramp.w) / 16),
      x1 = ramp.x + Math.floor(((i + 1) * ramp.w) / 16);
    s.fillRect({ x: x0, y: ramp.y, w: x1 - x0, h: ramp.h }, argb(i * 17, i * 17, i * 17));
  }
}

/** The tile every format gets: a diagonal rainbow, a disc, a ring and two letters. */
function tile(t: Surface): void {
  const n = t.width;
  for (let d = 0; d < 2 * n; d++)
    t.line({ x: Math.max(0, d - n + 1), y: Math.min(d, n - 1) }, { x: Math.min(d, n - 1), y: Math.max(0, d - n + 1) }, hue(d / (2 * n)));
  t.fillCircle({ x: n >> 1, y: n >> 1 }, Math.floor(n * 0.3), 0xff14172e, AA);
  t.circle({ x: n >> 1, y: n >> 1 }, Math.floor(n * 0.36), 0xffffffff, AA);
  const scale = Math.max(1, Math.floor(n / 40));
  text(t, 'Aa', { x: (n - textWidth('Aa', scale)) >> 1, y: (n - builtinFont.height * scale) >> 1 }, 0xffffffff, scale);
}

const TILE_FORMATS: [PixelFormat, string][] = [
  [FORMATS.ARGB8888, '32 bpp'],
  [FORMATS.RGB565, '16 bpp'],
  [FORMATS.PAL8, '8 bpp palette'],
  [FORMATS.GRAY8, '8 bpp gray'],
  [FORMATS.PAL4, '4 bpp VGA'],
  [FORMATS.MONO01, '1 bpp mono'],
];

function formats(L: Layout): void {
  const s = L.s;
  panel(L, 30, 475, 805, 300, 'one scene, six pixel formats');
  const size = L.len(112);
  TILE_FORMATS.forEach(([format, label], i) => {
    const x = 50 + i * 132;
    const t = Surface.create(size, size, format);
    tile(t);
    s.blit(t, L.pt(x, 525));
    s.strokeRect({ ...L.pt(x - 1, 524), w: size + 2, h: size + 2 }, BORDER);
    text(s, format.name, L.pt(x, 650), INK, L.textScale(2));
    text(s, label, L.pt(x, 672), MUTED, L.textScale(1));
  });
  text(s, 'same calls at every depth; blit converts', L.pt(50, 720), MUTED, L.textScale(2));
}

function palette(L: Layout): void {
  const s = L.s;
  panel(L, 860, 475, 390, 300, 'PAL8 palette');
  const colors = defaultPalette(8);
  const origin = L.pt(887, 520);
  const cw = L.len(21),
    ch = L.len(14);
  for (let i = 0; i < 256; i++) {
    s.fillRect({ x: origin.x + (i % 16) * cw, y: origin.y + (i >> 4) * ch, w: cw - 1, h: ch - 1 }, colors[i]!);
  }
  text(s, '16 VGA + 6x6x6 cube + 24 grays', L.pt(887, 752), MUTED, L.textScale(1));
}

/** Draws the whole demo scene onto `s` (any size, any format), inside its clip rectangle. */
export function drawDemoScene(s: Surface, opts: DemoOptions = {}): void {
  const L = new Layout(s);
  outlineFont = opts.font;
  try {
    background(L);
    header(L, opts.caption);
    shapes(L);
    alpha(L);
    gradients(L);
    formats(L);
    palette(L);
  } finally {
    outlineFont = undefined;
  }
}
