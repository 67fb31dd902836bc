/**
 * Golden images of each primitive family at the formats the issue names. Regenerate with
 * UPDATE_GOLDEN=1 (and look at them); otherwise the renders must match exactly.
 */
import { describe, it } from 'vitest';
import { FORMATS, type PixelFormat } from '../../src/raster/format.js';
import { Surface } from '../../src/draw/surface.js';
import { expectGolden } from '../../src/testing/golden.js';

const W = 64,
  H = 48;
const BLACK = 0xff000000,
  WHITE = 0xffffffff,
  RED = 0xffe03020,
  GREEN = 0xff30c040,
  BLUE = 0xff3050e0,
  YELLOW = 0xfff0e040;

const scenes: Record<string, (s: Surface) => void> = {
  rects(s) {
    s.fillRect({ x: 4, y: 4, w: 20, h: 12 }, RED);
    s.fillRect({ x: -5, y: 30, w: 20, h: 30 }, GREEN); // cut by the left and bottom edges
    s.strokeRect({ x: 28, y: 4, w: 30, h: 20 }, WHITE);
    s.strokeRect({ x: 32, y: 8, w: 1, h: 1 }, YELLOW);
    s.hline(28, 28, 30, BLUE);
    s.vline(60, 26, 40, WHITE);
    s.setClip({ x: 24, y: 32, w: 16, h: 10 });
    s.fillRect({ x: 0, y: 0, w: W, h: H }, YELLOW); // only the clip is painted
    s.setClip(null);
    s.strokeRect({ x: 23, y: 31, w: 18, h: 12 }, WHITE);
  },
  lines(s) {
    for (let i = 0; i <= 8; i++) {
      s.line({ x: 20, y: 24 }, { x: (2 + 4.5 * i) | 0, y: 2 }, WHITE);
      s.line({ x: 20, y: 24 }, { x: (2 + 4.5 * i) | 0, y: 45 }, i % 2 ? RED : GREEN);
    }
    s.line({ x: -1e9, y: -1e9 + 40 }, { x: 1e9, y: 1e9 + 40 }, YELLOW); // a 45° line from far away
    s.line({ x: 40, y: 10 }, { x: 63, y: 12 }, BLUE);
    s.line({ x: 62, y: 20 }, { x: 44, y: 47 }, WHITE);
    s.line({ x: 50, y: 30 }, { x: 50, y: 30 }, WHITE);
  },
  ellipses(s) {
    for (let r = 0; r <= 4; r++) s.circle({ x: 4 + r * r + 3 * r, y: 6 }, r, WHITE);
    s.fillCircle({ x: 14, y: 28 }, 10, RED);
    s.circle({ x: 14, y: 28 }, 12, WHITE);
    s.fillEllipse({ x: 46, y: 14 }, 14, 6, BLUE);
    s.ellipse({ x: 46, y: 34 }, 16, 9, YELLOW);
    s.ellipse({ x: 46, y: 34 }, 3, 9, GREEN);
    s.fillCircle({ x: 64, y: 48 }, 8, WHITE); // a quarter in the corner
  },
  roundrects(s) {
    s.fillRoundRect({ x: 2, y: 2, w: 28, h: 20 }, 6, RED);
    s.roundRect({ x: 34, y: 2, w: 28, h: 20 }, 6, WHITE);
    s.roundRect({ x: 2, y: 26, w: 16, h: 18 }, 100, YELLOW); // clamped radius
    s.fillRoundRect({ x: 22, y: 26, w: 20, h: 10 }, 2, GREEN);
    s.roundRect({ x: 22, y: 38, w: 40, h: 8 }, 0, BLUE);
    s.fillRoundRect({ x: 48, y: 26, w: 30, h: 10 }, 4, WHITE); // cut by the right edge
  },
  polygons(s) {
    const star = (cx: number, cy: number) =>
      [0, 2, 4, 1, 3].map((k) => ({
        x: cx + Math.round(14 * Math.sin((k * 2 * Math.PI) / 5)),
        y: cy - Math.round(14 * Math.cos((k * 2 * Math.PI) / 5)),
      }));
    s.fillPolygon(star(16, 17), YELLOW, { rule: 'evenodd' });
    s.fillPolygon(star(47, 17), YELLOW, { rule: 'nonzero' });
    s.fillPolygon(
      [
        { x: 2, y: 46 },
        { x: 16, y: 34 },
        { x: 30, y: 46 },
      ],
      RED,
    );
    s.fillPolygon(
      [
        { x: 30, y: 46 },
        { x: 16, y: 34 },
        { x: 44, y: 34 },
      ],
      GREEN,
    ); // shares an edge with the red one
    s.fillPolygon(
      [
        { x: 46, y: 37 },
        { x: 70, y: 37 },
        { x: 70, y: 47 },
        { x: 58, y: 41 },
        { x: 46, y: 47 },
      ],
      BLUE,
    ); // concave notch, cut at the right
    s.fillPolygon(
      [
        { x: -1000000, y: 33 },
        { x: 1000000, y: 33 },
        { x: 0, y: 36 },
      ],
      WHITE,
    ); // far vertices
  },
};

const formats: [string, PixelFormat][] = [
  ['argb8888', FORMATS.ARGB8888],
  ['rgb565', FORMATS.RGB565],
  ['rgb888', FORMATS.RGB888],
  ['pal8', FORMATS.PAL8],
  ['mono01', FORMATS.MONO01],
];

describe('golden images of the primitives', () => {
  for (const [family, draw] of Object.entries(scenes)) {
    it.each(formats)(`${family} at %s`, (name, format) => {
      const s = Surface.create(W, H, format);
      s.clear(BLACK);
      draw(s);
      expectGolden(s, new URL(`../../fixtures/golden/primitives-${family}-${name}.png`, import.meta.url));
    });
  }
});
