import { describe, expect, it } from 'vitest';
import { Framebuffer } from '../../src/display/framebuffer.js';
import { Frames } from '../../src/present/frames.js';
import { DEFAULT_STYLE, Splash, splashLayout } from '../../src/splash/splash.js';
import { Surface } from '../../src/draw/surface.js';

function setup(fit: 'none' | 'contain' = 'none') {
  const fb = Framebuffer.virtual({ xres: 300, yres: 200, bits_per_pixel: 16 });
  const frames = Frames.attach(fb);
  const logo = Surface.create(30, 10);
  logo.clear(0xff00ff00);
  const splash = new Splash(frames, logo, { ...DEFAULT_STYLE, fit });
  splash.drawAll();
  frames.presentNow();
  return { fb, frames, splash };
}

describe('Splash', () => {
  it('a progress step damages only the columns between the old and the new fill', () => {
    const { frames, splash } = setup();
    const { track } = splash.layout;
    splash.setProgress(10);
    expect(frames.pending).toEqual([{ x: track.x, y: track.y, w: Math.round(track.w / 10), h: track.h }]);
    frames.presentNow();
    splash.setProgress(10);
    expect(frames.pending).toEqual([]);
    splash.setProgress(5);
    const back = frames.back;
    expect(frames.pending).toEqual([
      { x: track.x + Math.round(track.w / 20), y: track.y, w: Math.round(track.w / 10) - Math.round(track.w / 20), h: track.h },
    ]);
    expect(back.getPixel(track.x + Math.round(track.w / 20), track.y)).toBe(back.getPixel(track.x + track.w - 1, track.y));
  });

  it('a message damages its own line only, and a new message replaces the old one entirely', () => {
    const { fb, frames, splash } = setup();
    const { message } = splash.layout;
    splash.setMessage('a fairly long first message');
    expect(frames.pending).toEqual([message]);
    frames.presentNow();
    splash.setMessage('short');
    frames.presentNow();
    const s = fb.surface;
    const lit: number[] = [];
    for (let y = message.y; y < message.y + message.h; y++) {
      for (let x = 0; x < s.width; x++) if ((s.getPixel(x, y) & 0xffffff) !== 0) lit.push(x);
    }
    // Only "short" is left: its pixels lie within 5 cells around the center.
    const cells = 5 * 6 * splash.layout.textScale;
    expect(lit.length).toBeGreaterThan(10);
    expect(Math.min(...lit)).toBeGreaterThanOrEqual(Math.floor((s.width - cells) / 2));
    expect(Math.max(...lit)).toBeLessThan(Math.floor((s.width + cells) / 2));
  });

  it('draws the logo at its own size, centered, by default', () => {
    const { fb } = setup();
    const s = fb.surface;
    expect(s.getPixel(150, 100) & 0xffffff).toBe(0x00ff00);
    expect(s.getPixel(150 - 16, 100) & 0xffffff).toBe(0);
    const contain = setup('contain');
    expect(contain.fb.surface.getPixel(10, 100) & 0xffffff).toBe(0x00ff00);
  });

  it('QUIT is reported, other commands are applied', () => {
    const { splash } = setup();
    expect(splash.apply({ kind: 'progress', percent: 42 })).toBe(false);
    expect(splash.apply({ kind: 'msg', text: 'hi' })).toBe(false);
    expect([splash.progress, splash.message]).toEqual([42, 'hi']);
    expect(splash.apply({ kind: 'quit' })).toBe(true);
  });

  it('the layout keeps bar and message on screen, even on a tiny display', () => {
    for (const [w, h] of [
      [128, 32],
      [320, 240],
      [1920, 1080],
    ]) {
      const { bar, message } = splashLayout(w, h);
      expect(bar.y + bar.h).toBeLessThanOrEqual(h);
      expect(message.y + message.h).toBeLessThanOrEqual(h);
      expect(message.y).toBeGreaterThanOrEqual(0);
    }
  });
});

describe('Splash with an outline font', () => {
  it('draws the message antialiased, centered, inside its line only, replaced entirely by the next', async () => {
    const { loadFont } = await import('../../src/text/load-font.js');
    const fb = Framebuffer.virtual({ xres: 320, yres: 240, bits_per_pixel: 32 });
    const frames = Frames.attach(fb);
    const splash = new Splash(frames, undefined, { ...DEFAULT_STYLE, font: loadFont('/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf') });
    splash.drawAll();
    splash.setMessage('Starting a very long list of services that cannot fit on one line');
    frames.presentNow();
    splash.setMessage('Ready');
    frames.presentNow();
    const s = fb.surface;
    const { message, bar } = splash.layout;
    const lit: number[] = [];
    const levels = new Set<number>();
    for (let y = 0; y < s.height; y++) {
      for (let x = 0; x < s.width; x++) {
        const v = s.getPixel(x, y) & 0xffffff;
        const inLine = y >= message.y && y < message.y + message.h;
        const inBar = x >= bar.x && x < bar.x + bar.w && y >= bar.y && y < bar.y + bar.h;
        if (!inLine && !inBar) expect(v, `(${x}, ${y})`).toBe(0);
        if (inLine && v !== 0) {
          lit.push(x);
          levels.add(v);
        }
      }
    }
    expect(levels.size).toBeGreaterThan(5); // antialiased: partial coverage levels
    const mid = (Math.min(...lit) + Math.max(...lit)) / 2;
    expect(Math.abs(mid - s.width / 2)).toBeLessThan(3);
    expect(Math.max(...lit) - Math.min(...lit)).toBeLessThan(80); // only "Ready" is left
    fb.close();
  });
});
