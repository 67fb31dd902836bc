import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Framebuffer } from '../../src/display/framebuffer.js';
import { screeninfoFromGeometry, type FbGeometry } from '../../src/display/geometry.js';
import { VirtualDriver } from '../../src/display/virtual/virtual-driver.js';
import { Surface } from '../../src/draw/surface.js';
import { ArgumentError, ClosedError } from '../../src/errors.js';
import { unpack } from '../../src/raster/format.js';
import { ROTATIONS, type Rotation } from '../../src/raster/rotation.js';
import { Frames } from '../../src/present/frames.js';
import { expectGolden } from '../../src/testing/golden.js';
import { refTurn } from '../reference/rotate-reference.js';
import { catchError } from '../support/catch-error.js';

const W = 12;
const H = 7;
const dir = mkdtempSync(join(tmpdir(), 'fbkit-rotate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const DEPTHS: readonly [string, Partial<FbGeometry>][] = [
  ['32 bpp', { bits_per_pixel: 32 }],
  ['24 bpp', { bits_per_pixel: 24 }],
  ['16 bpp', { bits_per_pixel: 16 }],
  ['8 bpp palette', { bits_per_pixel: 8 }],
  ['4 bpp gray', { bits_per_pixel: 4, grayscale: 1 }],
  ['1 bpp mono', { bits_per_pixel: 1, visual: 'MONO10' }],
];

const geometry = (extra: Partial<FbGeometry> = {}): FbGeometry => ({ xres: W, yres: H, bits_per_pixel: 32, ...extra });

/** A picture with no symmetry a wrong turn could hide behind: a hashed color per pixel. */
function paint(s: Surface, seed = 0): void {
  const levels = 2 ** Math.min(24, s.format.bpp);
  for (let y = 0; y < s.height; y++)
    for (let x = 0; x < s.width; x++) {
      const hash = (Math.imul(x + 1, 0x9e3779b1) ^ Math.imul(y + 7 + seed, 0x85ebca6b)) >>> 7;
      s.setPixel(x, y, unpack(s.format, hash % levels));
    }
}

/** Every pixel of the app picture `app` shows at its turned place on `device`. */
function expectTurned(device: Surface, app: Surface, rotation: Rotation): void {
  const wrong: string[] = [];
  for (let y = 0; y < app.height; y++)
    for (let x = 0; x < app.width; x++) {
      const p = refTurn({ x, y }, rotation, app.width, app.height);
      if (device.getPixel(p.x, p.y) !== app.getPixel(x, y)) wrong.push(`${x},${y}`);
    }
  expect(wrong, `pixels not where a ${rotation}-degree turn puts them`).toEqual([]);
}

describe('a rotated Framebuffer', () => {
  for (const [name, depth] of DEPTHS) {
    it.each(ROTATIONS)(`${name}: the app draws upright, flush() turns it onto the device by %i degrees`, (rotation) => {
      const fb = Framebuffer.virtual(geometry(depth), { rotate: rotation });
      expect(fb.rotation).toBe(rotation);
      expect([fb.info.width, fb.info.height]).toEqual([W, H]);
      expect([fb.width, fb.height]).toEqual(rotation % 180 === 0 ? [W, H] : [H, W]);
      const app = fb.surface;
      expect([app.width, app.height]).toEqual([fb.width, fb.height]);
      expect(app.format).toBe(fb.info.format);
      paint(app);
      fb.flush();
      expectTurned(fb.deviceSurface, app, rotation);
      fb.close();
    });
  }

  it('surface starts as what the device shows, turned upright', () => {
    const file = join(dir, 'start.raw');
    const upright = Framebuffer.virtual(geometry(), { file });
    paint(upright.surface);
    upright.close();
    for (const rotation of ROTATIONS) {
      const fb = Framebuffer.fromDeviceSpec(`file:${file}`, { rotate: rotation });
      expectTurned(fb.deviceSurface, fb.surface, rotation);
      fb.close();
    }
  });

  it('flush(rect) writes only that rectangle, turned', () => {
    const fb = Framebuffer.virtual(geometry(), { rotate: 90 });
    fb.deviceSurface.clear(0xff000000);
    const app = fb.surface;
    app.clear(0xffffffff);
    fb.flush({ x: 2, y: 1, w: 3, h: 2 });
    const device = fb.deviceSurface;
    for (let y = 0; y < H; y++)
      for (let x = 0; x < W; x++) {
        // App columns 2..4, rows 1..2 of the 7x12 picture turned clockwise: device x 9..10, y 2..4.
        const inside = x >= 9 && x <= 10 && y >= 2 && y <= 4;
        expect(device.getPixel(x, y) & 0xffffff, `${x},${y}`).toBe(inside ? 0xffffff : 0);
      }
    fb.close();
  });

  it('flush(rect) shows exactly the flushed parts of what was drawn (random drawing and rectangles)', () => {
    const arbRect = fc.record({
      x: fc.integer({ min: -8, max: 30 }),
      y: fc.integer({ min: -8, max: 30 }),
      w: fc.integer({ min: 0, max: 40 }),
      h: fc.integer({ min: 0, max: 40 }),
    });
    const arbStep = fc.record({
      fill: arbRect,
      color: fc.integer({ min: 0, max: 0xffffff }),
      flush: fc.option(arbRect, { nil: undefined }),
    });
    fc.assert(
      fc.property(
        fc.constantFrom(...DEPTHS.map(([, d]) => d)),
        // At 0 the surface is the mapped page itself: drawing shows without a flush.
        fc.constantFrom<Rotation>(90, 180, 270),
        fc.integer({ min: 1, max: 24 }),
        fc.integer({ min: 1, max: 24 }),
        fc.array(arbStep, { maxLength: 6 }),
        (depth, rotation, xres, yres, steps) => {
          const fb = Framebuffer.virtual({ xres, yres, ...depth, bits_per_pixel: depth.bits_per_pixel! }, { rotate: rotation });
          // The model: what the app drew, and what should be on the device so far (upright).
          const drawn = new Surface({ width: fb.width, height: fb.height, format: fb.info.format });
          const shown = new Surface({ width: fb.width, height: fb.height, format: fb.info.format });
          shown.blit(fb.surface, { x: 0, y: 0 });
          drawn.blit(fb.surface, { x: 0, y: 0 });
          for (const step of steps) {
            const color = (0xff000000 | step.color) >>> 0;
            fb.surface.fillRect(step.fill, color);
            drawn.fillRect(step.fill, color);
            fb.flush(step.flush);
            if (step.flush) shown.blit(drawn, step.flush, { srcRect: step.flush });
            else shown.blit(drawn, { x: 0, y: 0 });
          }
          expectTurned(fb.deviceSurface, shown, rotation);
          fb.close();
        },
      ),
      { numRuns: 150 },
    );
  });

  it('flush() before the surface was taken leaves the device alone', () => {
    const fb = Framebuffer.virtual(geometry(), { rotate: 270 });
    paint(fb.deviceSurface);
    const before = fb.bytes().slice();
    fb.flush();
    fb.flush({ x: -5, y: -5, w: 100, h: 100 });
    expect(fb.bytes()).toEqual(before);
    fb.close();
  });

  it('the rotated surface refuses drawing once the framebuffer is closed', () => {
    const fb = Framebuffer.virtual(geometry(), { rotate: 180 });
    const s = fb.surface;
    fb.close();
    expect(catchError(() => s.clear(0))).toBeInstanceOf(ClosedError);
  });

  it.each([45, -90, '90', 360])('refuses rotate %j on every way to open, before opening anything', (bad) => {
    const rotate = bad as Rotation;
    for (const open of [
      () => Framebuffer.virtual(geometry(), { rotate }),
      () => Framebuffer.fromDeviceSpec('virtual:vfb', { rotate }),
      () => Framebuffer.open('/nonexistent/fb0', { rotate }),
    ]) {
      const err = catchError(open);
      expect(err).toBeInstanceOf(ArgumentError);
      expect((err as ArgumentError).code).toBe('EROTATE');
    }
    let closed = false;
    const driver = new VirtualDriver('virtual:double', screeninfoFromGeometry(geometry()));
    driver.close = () => void (closed = true);
    expect(catchError(() => Framebuffer.fromDriver(driver, { rotate }))).toBeInstanceOf(ArgumentError);
    expect(closed).toBe(true);
  });
});

describe('golden: what a turned screen holds', () => {
  // On a landscape 96x64 device at rotate 90, the app's top edge (red) is the device's
  // right edge, its left edge (green) the device's top, and its text runs down the right
  // side. Regenerate with UPDATE_GOLDEN=1, and look at it.
  it('an upright label at rotate 90, device memory as laid out', () => {
    const fb = Framebuffer.virtual({ xres: 96, yres: 64, bits_per_pixel: 32 }, { rotate: 90 });
    const s = fb.surface;
    s.clear(0xff202040);
    s.fillRect({ x: 0, y: 0, w: s.width, h: 3 }, 0xffe03020);
    s.fillRect({ x: 0, y: 0, w: 3, h: s.height }, 0xff30c040);
    s.drawText('TOP', { x: 6, y: 6 }, { color: 0xffffffff });
    s.drawText('app', { x: 6, y: 40 }, { color: 0xfff0e040, scale: 2 });
    fb.flush();
    expectGolden(fb.deviceSurface, new URL('../../fixtures/golden/rotate-90-label-xrgb8888.png', import.meta.url));
    fb.close();
  });
});

describe('Frames on a rotated Framebuffer', () => {
  for (const [flip, extra] of [
    ['copy', {}],
    ['flip', { yres_virtual: 2 * H, ypanstep: 1 }],
  ] as const) {
    it.each(ROTATIONS)(`${flip} mode: back is upright, every present shows it turned by %i degrees`, (rotation) => {
      const fb = Framebuffer.virtual(geometry(extra), { rotate: rotation });
      const frames = Frames.attach(fb);
      expect(frames.mode).toBe(flip);
      expect([frames.back.width, frames.back.height]).toEqual([fb.width, fb.height]);
      for (let frame = 0; frame < 3; frame++) {
        paint(frames.back, frame);
        frames.damageAll();
        expect(frames.presentNow()).toBe(W * H);
        expectTurned(fb.deviceSurface, frames.back, rotation);
        // Only what is declared reaches the screen: in copy mode the damage alone; a flip
        // also repaints the hidden page with the previous frame's damage (all of it here).
        frames.back.fillRect({ x: 1, y: 2, w: 2, h: 3 }, 0xffffffff);
        frames.damage({ x: 1, y: 2, w: 1, h: 3 });
        const shown = frames.presentNow();
        const device = fb.deviceSurface;
        const at = (x: number, y: number) => {
          const p = refTurn({ x, y }, rotation, fb.width, fb.height);
          return device.getPixel(p.x, p.y);
        };
        expect([at(1, 2), at(1, 4)]).toEqual([0xffffffff, 0xffffffff]);
        if (flip === 'copy') {
          expect(shown).toBe(3);
          expect(at(2, 3)).not.toBe(0xffffffff);
        } else {
          expect(shown).toBe(W * H);
          expectTurned(device, frames.back, rotation);
        }
      }
      frames.close();
      fb.close();
    });
  }

  for (const [name, depth] of DEPTHS) {
    it(`${name}: a present turns the back buffer onto the page at every rotation`, () => {
      for (const rotation of ROTATIONS) {
        const fb = Framebuffer.virtual(geometry(depth), { rotate: rotation });
        const frames = Frames.attach(fb, { initial: 'blank' });
        expect(frames.back.format).toBe(fb.info.format);
        paint(frames.back, rotation);
        frames.damageAll();
        frames.presentNow();
        expectTurned(fb.deviceSurface, frames.back, rotation);
        fb.close();
      }
    });
  }

  it("initial 'screen': back starts as the device's picture turned upright", () => {
    const fb = Framebuffer.virtual(geometry({ bits_per_pixel: 16 }), { rotate: 90 });
    paint(fb.deviceSurface);
    const frames = Frames.attach(fb, { flip: 'copy' });
    expectTurned(fb.deviceSurface, frames.back, 90);
  });
});
