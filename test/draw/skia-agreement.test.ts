/**
 * Agreement with Skia (through @napi-rs/canvas, a dev dependency): the same strings in
 * DejaVu Sans (Debian fonts-dejavu-core) at 12–72 px and the same shapes, drawn by both
 * white on black and black on white; per-pixel differences of the gray level are
 * summed over the pixels either one inks. Skia hints glyph outlines vertically (stems
 * and x-height snap to pixel rows) and fbkit does not, so single pixels at horizontal
 * edges differ by much; the means stay small. Thresholds are the values measured when
 * this was written (printed by the test) plus headroom.
 */
import { describe, expect, it } from 'vitest';
import { createCanvas, GlobalFonts } from '@napi-rs/canvas';
import { existsSync } from 'node:fs';
import { Path } from '../../src/draw/path.js';
import { Surface } from '../../src/draw/surface.js';
import { loadFont } from '../../src/text/load-font.js';

const DEJAVU = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';
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

describe('agreement with Skia', () => {
  it('has its references installed', () => {
    expect(existsSync(DEJAVU), `${DEJAVU} missing: apt-get install fonts-dejavu-core`).toBe(true);
  });
  GlobalFonts.registerFromPath(DEJAVU, 'DejaVu Sans');

  for (const light of [true, false]) {
    for (const size of [12, 16, 24, 36, 48, 72]) {
      it(`text at ${size} px, ${light ? 'white on black' : 'black on white'}`, () => {
        const face = loadFont(DEJAVU);
        const baseline = Math.round(size * 1.1);
        const top = baseline - (face.ascender / face.unitsPerEm) * size;
        const r = compare(
          light,
          (s, color) => s.drawText(TEXT, { font: face, size, x: 4, y: top, color }),
          (ctx) => {
            ctx.font = `${size}px "DejaVu Sans"`;
            ctx.fillText(TEXT, 4, baseline);
          },
        );
        console.log(`text ${size}px ${light ? 'light' : 'dark'}: mean over ink ${r.meanInk.toFixed(2)}, max ${r.max}`);
        // Measured: 14–31 up to 24 px (where hinting moves whole rows), 8–10 from 36 px.
        expect(r.meanInk).toBeLessThan(size <= 24 ? 40 : 14);
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
