/**
 * Agreement with Skia (through @napi-rs/canvas, a dev dependency): the same strings at
 * 12–72 px and the same shapes, drawn by both white on black and black on white;
 * per-pixel differences of the gray level over the pixels either one inks (mean and
 * largest). The test prints its numbers.
 *
 * What Skia does on Linux (measured): pen x at 1/4 px (rounded), baseline rounded to a
 * whole pixel, advances unrounded; outlines grid-fitted vertically by FreeType in light
 * mode (TrueType: the autohinter, which fbkit's draw/autohint follows; CFF: FreeType's
 * CFF engine from the font's own hints, which fbkit does not read); curves cut as
 * FreeType's rasterizer does; coverage through the contrast curve draw/text-gamma
 * models. DejaVu Sans and Serif (TrueType) therefore agree to a mean under 1.2 gray
 * levels over ink, single pixels within 30 (maxima 8–28 measured; before hinting the
 * means were 8–31 and maxima up to 250); so do accented letters, tildes and superscripts. FreeSans (CFF, fonts-freefont-otf) agrees less:
 * means 4–30 measured, the autohinter's fitting against FreeType's CFF hints.
 * Thresholds are the measured values plus headroom.
 */
import { describe, expect, it } from 'vitest';
import { createCanvas, GlobalFonts } from '@napi-rs/canvas';
import { existsSync } from 'node:fs';
import { Path } from '../../src/draw/path.js';
import { Surface } from '../../src/draw/surface.js';
import { loadFont } from '../../src/text/load-font.js';

const DEJAVU = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';
const DEJAVU_SERIF = '/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf';
const FREESANS_CFF = '/usr/share/fonts/opentype/freefont/FreeSans.otf';
const TEXT = 'Welcome! Out of order: AVAWATo quick brown fox 0123';
const W = 900,
  H = 100;

type Ctx = ReturnType<ReturnType<typeof createCanvas>['getContext']>;

/** Mean |fbkit − skia| gray level over inked pixels, and the largest. */
function compare(light: boolean, fb: (s: Surface, color: number) => void, sk: (ctx: Ctx) => void): { meanInk: number; max: number } {
  const [fg, bg] = light ? [0xffffffff, 0xff000000] : [0xff000000, 0xffffffff];
  const s = Surface.create(W, H);
  s.clear(bg);
  fb(s, fg);
  const canvas = createCanvas(W, H);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = light ? '#000' : '#fff';
  ctx.fillRect(0, 0, W, H);
  ctx.fillStyle = ctx.strokeStyle = light ? '#fff' : '#000';
  sk(ctx);
  const d = ctx.getImageData(0, 0, W, H).data;
  const back = bg & 255;
  let sum = 0,
    ink = 0,
    max = 0;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const a = s.getPixel(x, y) & 255,
        b = d[(y * W + x) * 4]!;
      if (a === back && b === back) continue;
      ink++;
      sum += Math.abs(a - b);
      max = Math.max(max, Math.abs(a - b));
    }
  }
  return { meanInk: sum / ink, max };
}

/** Letters whose fitting has extra steps: dots and accents kept clear, tildes stretched, tails, marks, superscripts. */
const ACCENTED = 'Café Ñandú São ijï äöü ÀÉÎÕÜ çÇ Qq ^`~ m² 1º x³';

/** fbkit's and Skia's rendering of `text` (default TEXT) in `file` at `size` px. */
function compareText(
  file: string,
  family: string,
  size: number,
  light: boolean,
  hinting = true,
  text = TEXT,
): { meanInk: number; max: number } {
  const face = loadFont(file);
  const baseline = Math.round(size * 1.1);
  const top = baseline - (face.ascender / face.unitsPerEm) * size;
  return compare(
    light,
    (s, color) => s.drawText(text, { font: face, size, x: 4, y: top, color, hinting }),
    (ctx) => {
      ctx.font = `${size}px "${family}"`;
      ctx.fillText(text, 4, baseline);
    },
  );
}

describe('agreement with Skia', () => {
  it('has its references installed', () => {
    expect(existsSync(DEJAVU), `${DEJAVU} missing: apt-get install fonts-dejavu-core`).toBe(true);
    expect(existsSync(FREESANS_CFF), `${FREESANS_CFF} missing: apt-get install fonts-freefont-otf`).toBe(true);
  });
  GlobalFonts.registerFromPath(DEJAVU, 'DejaVu Sans');
  GlobalFonts.registerFromPath(DEJAVU_SERIF, 'DejaVu Serif');
  GlobalFonts.registerFromPath(FREESANS_CFF, 'FreeSans');

  for (const light of [true, false]) {
    const colors = light ? 'white on black' : 'black on white';
    for (const size of [12, 16, 24, 36, 48, 72]) {
      it(`text at ${size} px, ${colors}`, () => {
        const r = compareText(DEJAVU, 'DejaVu Sans', size, light);
        const off = compareText(DEJAVU, 'DejaVu Sans', size, light, false);
        console.log(
          `text ${size}px ${light ? 'light' : 'dark'}: mean over ink ${r.meanInk.toFixed(2)}, max ${r.max}` +
            ` (hinting: false: ${off.meanInk.toFixed(2)}, max ${off.max})`,
        );
        // Measured: means 0.24–1.10, maxima 8–28.
        expect(r.meanInk).toBeLessThan(1.5);
        expect(r.max).toBeLessThan(40);
        // Unhinted glyphs are the font's plain outlines: they differ from Skia's fitted ones.
        expect(off.meanInk).toBeGreaterThan(r.meanInk);
      });
    }
    for (const size of [12, 16, 24]) {
      it(`accents, tildes and superscripts at ${size} px, ${colors}`, () => {
        const r = compareText(DEJAVU, 'DejaVu Sans', size, light, true, ACCENTED);
        console.log(`accented ${size}px ${light ? 'light' : 'dark'}: mean over ink ${r.meanInk.toFixed(2)}, max ${r.max}`);
        // Measured: means 0.51–1.10, maxima 11–20 (without the accent steps, maxima up to 83).
        expect(r.meanInk).toBeLessThan(1.5);
        expect(r.max).toBeLessThan(40);
      });
      it(`DejaVu Serif at ${size} px, ${colors}`, () => {
        const r = compareText(DEJAVU_SERIF, 'DejaVu Serif', size, light);
        console.log(`serif ${size}px ${light ? 'light' : 'dark'}: mean over ink ${r.meanInk.toFixed(2)}, max ${r.max}`);
        expect(r.meanInk).toBeLessThan(1.5);
        expect(r.max).toBeLessThan(40);
      });
    }
    for (const size of [12, 16, 24, 36, 48, 72]) {
      it(`CFF outlines (FreeSans .otf) at ${size} px, ${colors}`, () => {
        const r = compareText(FREESANS_CFF, 'FreeSans', size, light);
        console.log(`FreeSans CFF ${size}px ${light ? 'light' : 'dark'}: mean over ink ${r.meanInk.toFixed(2)}, max ${r.max}`);
        // Measured: means 4–30 (see the module comment); far apart would mean misplaced or mis-shaped glyphs.
        expect(r.meanInk).toBeLessThan(36);
      });
    }
  }

  const shapes: [string, (p: Path) => Path, (ctx: Ctx) => void, boolean][] = [
    ['circle', (p) => p.circle(50.3, 50.2, 40), (c) => c.arc(50.3, 50.2, 40, 0, 2 * Math.PI), false],
    ['rounded rect', (p) => p.roundRect(110.5, 10.25, 200, 80, 17), (c) => c.roundRect(110.5, 10.25, 200, 80, 17), false],
    ['ellipse', (p) => p.ellipse(400.7, 50, 70, 30.5), (c) => c.ellipse(400.7, 50, 70, 30.5, 0, 0, 2 * Math.PI), false],
    [
      'stroke, round joins and caps',
      (p) => p.moveTo(500, 90).lineTo(570, 10).lineTo(640, 85),
      (c) => {
        c.moveTo(500, 90);
        c.lineTo(570, 10);
        c.lineTo(640, 85);
      },
      true,
    ],
  ];
  for (const [name, path, sk, stroke] of shapes) {
    it(name, () => {
      const r = compare(
        true,
        (s, color) =>
          stroke ? s.strokePath(path(new Path()), color, { width: 7, join: 'round', cap: 'round' }) : s.fillPath(path(new Path()), color),
        (ctx) => {
          ctx.beginPath();
          sk(ctx);
          if (stroke) {
            ctx.lineWidth = 7;
            ctx.lineJoin = ctx.lineCap = 'round';
            ctx.stroke();
          } else ctx.fill();
        },
      );
      console.log(`${name}: mean over ink ${r.meanInk.toFixed(2)}, max ${r.max}`);
      // Measured: means 0.07–3.7, maxima 37–72 (Skia's supersampled edges against exact areas).
      expect(r.meanInk).toBeLessThan(5);
      expect(r.max).toBeLessThan(100);
    });
  }
});
