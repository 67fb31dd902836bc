/**
 * Golden renders of blits, scaled blits and text at the formats a framebuffer may have.
 * UPDATE_GOLDEN=1 rewrites them (never in CI); look at them after that.
 */
import { describe, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { FORMATS, type PixelFormat } from '../../src/raster/format.js';
import { Surface } from '../../src/draw/surface.js';
import { expectGolden } from '../../src/testing/golden.js';
import { readPng } from '../../src/codecs/png.js';
import { blit } from '../../src/draw/blit.js';
import { blitScaled } from '../../src/draw/scale.js';
import { drawText } from '../../src/draw/text.js';
import { loadPsf } from '../../src/codecs/psf.js';

const fixture = (path: string) => fileURLToPath(new URL(`../../fixtures/${path}`, import.meta.url));
const FORMATS_UNDER_TEST: [string, PixelFormat][] = [
  ['argb8888', FORMATS.ARGB8888],
  ['rgb565', FORMATS.RGB565],
  ['rgb888', FORMATS.RGB888],
  ['pal8', FORMATS.PAL8],
  ['mono01', FORMATS.MONO01],
];

/** Four colored quadrants with a diagonal stripe, so blending and copies show against something. */
function backdrop(format: PixelFormat, w: number, h: number): Surface {
  const s = Surface.create(w, h, format);
  s.fillRect({ x: 0, y: 0, w: w >> 1, h: h >> 1 }, 0xff203060);
  s.fillRect({ x: w >> 1, y: 0, w: w - (w >> 1), h: h >> 1 }, 0xff606060);
  s.fillRect({ x: 0, y: h >> 1, w: w >> 1, h: h - (h >> 1) }, 0xffe0e0d0);
  s.fillRect({ x: w >> 1, y: h >> 1, w: w - (w >> 1), h: h - (h >> 1) }, 0xff208040);
  for (let i = 0; i < Math.min(w, h); i++) s.setPixel(i, i, 0xffffff00);
  return s;
}

describe('golden blits', () => {
  const badge = readPng(fixture('images/badge-40x28.png'));
  for (const [name, format] of FORMATS_UNDER_TEST) {
    it(`blit-${name}`, () => {
      const s = backdrop(format, 96, 64);
      blit(s, badge, { x: 2, y: 2 }); // replace: transparent pixels become the format's "transparent"
      blit(s, badge, { x: 50, y: 4 }, { op: 'over' });
      blit(s, badge, { x: 40, y: 34 }, { op: 'over', opacity: 0.5, srcRect: { x: 16, y: 0, w: 24, h: 28 } });
      blit(s, badge, { x: -20, y: 40 }, { op: 'over' }); // clipped at the left and bottom edges
      s.setClip({ x: 0, y: 34, w: 30, h: 30 });
      blit(s, s, { x: 6, y: 38 }, { srcRect: { x: 2, y: 2, w: 40, h: 28 } }); // overlapping self-copy, clipped
      expectGolden(s, new URL(`../../fixtures/golden/blit-${name}.png`, import.meta.url));
    });
  }
});

describe('golden scaled blits', () => {
  const badge = readPng(fixture('images/badge-40x28.png'));
  const tiny = readPng(fixture('images/tiny-4x4.png'));
  for (const [name, format] of FORMATS_UNDER_TEST) {
    it(`scale-${name}`, () => {
      const s = backdrop(format, 128, 80);
      blitScaled(s, tiny, { x: 2, y: 2, w: 24, h: 24 }, { filter: 'nearest' });
      blitScaled(s, tiny, { x: 28, y: 2, w: 24, h: 24 }, { filter: 'bilinear' });
      blitScaled(s, badge, { x: 56, y: 2, w: 70, h: 40 }, { filter: 'bilinear', fit: 'contain', op: 'over' });
      blitScaled(s, badge, { x: 2, y: 30, w: 50, h: 48 }, { filter: 'bilinear', fit: 'cover', op: 'over' });
      blitScaled(s, badge, { x: 56, y: 46, w: 70, h: 32 }, { filter: 'nearest', fit: 'stretch', op: 'over', opacity: 0.75 });
      blitScaled(s, badge, { x: 110, y: 60, w: 16, h: 16 }, { filter: 'bilinear', fit: 'none', op: 'over' }); // centered crop
      expectGolden(s, new URL(`../../fixtures/golden/scale-${name}.png`, import.meta.url));
    });
  }
});

describe('golden text', () => {
  const psf2 = loadPsf(fixture('fonts/fbkit-6x10.psf.gz'));
  const psf1 = loadPsf(fixture('fonts/fbkit-8x10.psf'));
  const ascii = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('');
  for (const [name, format] of FORMATS_UNDER_TEST) {
    it(`text-${name}`, () => {
      const s = backdrop(format, 200, 96);
      drawText(s, `${ascii.slice(0, 32)}\n${ascii.slice(32, 64)}\n${ascii.slice(64)}`, { x: 2, y: 2 }, { color: 0xffffffff });
      drawText(s, 'fbkit: text on any\tscreen', { x: 2, y: 34 }, { color: 0xff000000, background: 0xffffd700 });
      drawText(s, 'PSF2 gz: Hello, world!', { x: 2, y: 48 }, { font: psf2, color: 0xff00ffff });
      drawText(s, 'PSF1: Hello, world! \u00e9', { x: 2, y: 60 }, { font: psf1, color: 0xffff4040, background: 0xff101010 });
      s.setClip({ x: 10, y: 74, w: 100, h: 16 });
      drawText(s, 'clipped clipped clipped clipped', { x: 4, y: 78 }, { color: 0xffffffff, background: 0xff0000c0 });
      expectGolden(s, new URL(`../../fixtures/golden/text-${name}.png`, import.meta.url));
    });
  }
});
