/**
 * Golden images of antialiased shapes, strokes and outline text (DejaVu Sans) at the
 * formats the issue names. Regenerate with UPDATE_GOLDEN=1 and look at them; otherwise
 * the renders must match exactly.
 */
import { describe, it } from 'vitest';
import { Path } from '../../src/draw/path.js';
import { Surface } from '../../src/draw/surface.js';
import { FORMATS, type PixelFormat } from '../../src/raster/format.js';
import { expectGolden } from '../../src/testing/golden.js';
import { loadFont } from '../../src/text/load-font.js';

const W = 160,
  H = 96;

const scenes: Record<string, (s: Surface) => void> = {
  shapes(s) {
    s.fillCircle({ x: 20, y: 20 }, 15, 0xffe03020, { antialias: true });
    s.circle({ x: 20, y: 20 }, 18, 0xffffffff, { antialias: true });
    s.fillEllipse({ x: 62, y: 20 }, 20, 9.5, 0xff3050e0, { antialias: true });
    s.fillRoundRect({ x: 90.5, y: 4.25, w: 64, h: 32 }, 9, 0xff30c040, { antialias: true });
    s.roundRect({ x: 86, y: 1, w: 72, h: 38 }, 12, 0xfff0e040, { antialias: true });
    for (let i = 0; i < 8; i++) s.line({ x: 4, y: 90 }, { x: 4 + 18 * i, y: 46 }, 0xffffffff, { antialias: true });
    const star = [0, 2, 4, 1, 3].map((k) => ({
      x: 130 + 22 * Math.sin((k * 2 * Math.PI) / 5),
      y: 70 - 22 * Math.cos((k * 2 * Math.PI) / 5),
    }));
    s.fillPolygon(star, 0x80ffffff, { antialias: true, rule: 'evenodd' });
    s.setClip({ x: 0, y: 40, w: 100, h: 56 });
    s.fillCircle({ x: 100, y: 96 }, 30, 0xc0e03020, { antialias: true }); // cut by the clip
    s.setClip(null);
  },
  strokes(s) {
    const zig = () => new Path().moveTo(10, 40).lineTo(30, 10).lineTo(50, 40);
    s.strokePath(zig(), 0xffffffff, { width: 8, join: 'miter', cap: 'butt' });
    s.strokePath(new Path().moveTo(60, 40).lineTo(80, 10).lineTo(100, 40), 0xffe03020, { width: 8, join: 'round', cap: 'round' });
    s.strokePath(new Path().moveTo(110, 40).lineTo(130, 10).lineTo(150, 40), 0xff30c040, { width: 8, join: 'bevel', cap: 'square' });
    s.strokePath(new Path().moveTo(10, 60).cubicTo(40, 40, 60, 100, 150, 60), 0xfff0e040, { width: 3 });
    s.strokePath(new Path().rect(20.5, 70.5, 40, 18).close(), 0xff3050e0, { width: 1 });
  },
  text(s) {
    const font = loadFont('/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf');
    s.drawText('Welcome', { font, size: 32, x: 4, y: 0, color: 0xffffffff });
    s.drawText('Out of order — AVAWAT', { font, size: 12, x: 4, y: 40, color: 0xfff0e040 });
    s.fillRect({ x: 0, y: 58, w: W, h: 38 }, 0xffffffff);
    s.drawText('black on white, 14 px wrapped', { font, size: 14, x: 4, y: 58, width: 150, color: 0xff000000 });
  },
};

const formats: [string, PixelFormat][] = [
  ['argb8888', FORMATS.ARGB8888],
  ['rgb565', FORMATS.RGB565],
  ['pal8', FORMATS.PAL8],
  ['mono01', FORMATS.MONO01],
];

describe('golden images of antialiased drawing', () => {
  for (const [scene, draw] of Object.entries(scenes)) {
    it.each(formats)(`${scene} at %s`, (name, format) => {
      const s = Surface.create(W, H, format);
      s.clear(0xff000000);
      draw(s);
      expectGolden(s, new URL(`../../fixtures/golden/aa-${scene}-${name}.png`, import.meta.url));
    });
  }
});
