import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FORMATS } from '../../src/raster/format.js';
import { Framebuffer } from '../../src/display/framebuffer.js';
import { readPng, writePng } from '../../src/codecs/png.js';
import { Surface } from '../../src/draw/surface.js';
import { runCli } from '../support/cli-capture.js';
import { fileDevices } from '../support/file-device.js';

const dir = mkdtempSync(join(tmpdir(), 'fbkit-cli-draw-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A fresh file-backed framebuffer from a fixture; returns its --device spec and file. */
const device = fileDevices(dir);
/** Numbers the other temporary files. */
let n = 0;

/** Reopens the device and reads pixels (as 0xAARRGGBB) at the given points. */
function pixels(spec: string, points: [number, number][]): number[] {
  const fb = Framebuffer.fromDeviceSpec(spec);
  try {
    return points.map(([x, y]) => fb.surface.getPixel(x, y));
  } finally {
    fb.close();
  }
}

describe('fbkit fill', () => {
  it('fills the whole visible screen', async () => {
    const { spec } = device();
    expect(await runCli('fill', 'orange', '--device', spec)).toMatchObject({ code: 0, stderr: '' });
    expect(
      pixels(spec, [
        [0, 0],
        [1279, 799],
        [640, 400],
      ]),
    ).toEqual([0xffffa500, 0xffffa500, 0xffffa500]);
  });

  it('fills only --rect, clipped to the screen', async () => {
    const { spec } = device();
    expect((await runCli('fill', '#00f', '--rect', '1270,10,100,5', '--device', spec)).code).toBe(0);
    expect(
      pixels(spec, [
        [1270, 10],
        [1279, 14],
        [1269, 10],
        [1270, 9],
        [1270, 15],
      ]),
    ).toEqual([0xff0000ff, 0xff0000ff, 0xff000000, 0xff000000, 0xff000000]);
  });

  it('packs the color for the device format (RGB565 panel)', async () => {
    const { spec } = device('spi-tft-ili9341');
    expect((await runCli('fill', '0xff8040', '--device', spec)).code).toBe(0);
    // 565 keeps the top 5/6/5 bits and unpacks by bit replication.
    expect(pixels(spec, [[3, 3]])).toEqual([0xffff8242]);
  });

  it.each([
    [['fill', 'chartreuse-ish'], "color 'chartreuse-ish' is not a color"],
    [['fill', 'red', '--rect', '1,2,3'], "--rect '1,2,3' is not a rectangle"],
    [['fill', 'red', '--device', 'bogus:thing'], "--device 'bogus:thing': unknown device kind"],
  ])('refuses %j with one line and exit code 2', async (argv, message) => {
    const r = await runCli(...argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it.each([
    [['fill', '__proto__']],
    [['fill', 'constructor']],
    [['fill', 'toString']],
    [['show', 'logo.png', '--background', '__proto__']],
    [['show', 'logo.png', '--background', 'constructor']],
  ])('refuses %j, a property of every object but no color, with exit code 2', async (argv) => {
    const r = await runCli(...argv, '--device', 'virtual:vfb');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^fbkit: [^\n]* is not a color[^\n]*\n$/);
  });

  it("refuses an empty --device as the user's mistake (exit 2), naming the option", async () => {
    for (const verb of [['fill', 'red'], ['info'], ['shot', '-']]) {
      expect(await runCli(...verb, '--device', '')).toMatchObject({
        code: 2,
        stderr: expect.stringMatching(/^fbkit: --device is empty \(hint: [^\n]+\)\n$/),
      });
    }
  });

  it('reports a file: path in a missing directory as one line, exit 1, and creates nothing', async () => {
    const file = join(dir, 'no-such-dir', 'x.raw');
    const r = await runCli('fill', 'red', '--device', `file:${file}?geometry=vfb`);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^fbkit: open ${file} failed: ENOENT [^\n]*\n$`));
  });

  it.each([
    ['an id that is no string', { id: 12345 }, /id must be a string/],
    ['a bitfield that is no object', { red: 5 }, /red must be an object/],
    ['a FOURCC mode', { grayscale: 0x32315659 }, /FOURCC/],
    ['a nonstandard mode', { nonstd: 1 }, /nonstandard/],
    ['a planar mode', { type: 'PLANES' }, /PLANES/],
    ['visual 99', { visual: 99 }, /unknown visual 99/],
  ])('refuses a geometry JSON with %s: exit 2, one line, no file created', async (_name, extra, message) => {
    const geometry = join(dir, `geometry-${n++}.json`);
    writeFileSync(geometry, JSON.stringify({ xres: 16, yres: 16, bits_per_pixel: 32, ...extra }));
    const file = join(dir, `refused-${n++}.raw`);
    const r = await runCli('fill', 'red', '--device', `file:${file}?geometry=${geometry}`);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^fbkit: [^\n]+\n$/);
    expect(r.stderr).toMatch(message);
    expect([existsSync(file), existsSync(`${file}.json`)]).toEqual([false, false]);
  });

  it('does not touch the device when the color is bad', async () => {
    const { spec } = device();
    await runCli('fill', 'white', '--device', spec);
    expect((await runCli('fill', '#12345', '--device', spec)).code).toBe(2);
    expect(pixels(spec, [[5, 5]])).toEqual([0xffffffff]);
  });
});

/** Draws on the device through the library, for shot tests. */
function drawOn(spec: string, draw: (s: Surface) => void): void {
  const fb = Framebuffer.fromDeviceSpec(spec);
  try {
    draw(fb.surface);
  } finally {
    fb.close();
  }
}

/** A w x h ARGB PNG file whose pixel (x, y) is color(x, y). */
function pngFile(w: number, h: number, color: (x: number, y: number) => number): string {
  const img = Surface.create(w, h, FORMATS.ARGB8888);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) img.setPixel(x, y, color(x, y));
  const file = join(dir, `img-${n++}.png`);
  writeFileSync(file, writePng(img));
  return file;
}

describe('fbkit show', () => {
  it('fit none: natural size, centered, transparent pixels show the background', async () => {
    const { spec } = device();
    // 4x2: left half opaque red, right half fully transparent.
    const img = pngFile(4, 2, (x) => (x < 2 ? 0xffff0000 : 0x0000ff00));
    const r = await runCli('show', img, '--fit', 'none', '--background', 'navy', '--device', spec);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    // Centered: x 638..641, y 399..400.
    expect(
      pixels(spec, [
        [638, 399],
        [639, 400],
        [640, 399],
        [641, 400],
        [637, 399],
        [638, 398],
        [0, 0],
      ]),
    ).toEqual([0xffff0000, 0xffff0000, 0xff000080, 0xff000080, 0xff000080, 0xff000080, 0xff000080]);
  });

  it('fit contain (the default) fills the height of a wide screen and letterboxes the sides', async () => {
    const { spec } = device();
    const img = pngFile(2, 2, () => 0xff00ff00);
    expect((await runCli('show', img, '--device', spec)).code).toBe(0);
    // 800x800 centered in 1280x800: x 240..1039.
    expect(
      pixels(spec, [
        [240, 0],
        [1039, 799],
        [239, 400],
        [1040, 400],
      ]),
    ).toEqual([0xff00ff00, 0xff00ff00, 0xff000000, 0xff000000]);
  });

  it('fit stretch covers the screen; cover crops', async () => {
    const a = device();
    const tall = pngFile(1, 4, (_x, y) => (y < 2 ? 0xffffffff : 0xff0000ff));
    expect((await runCli('show', tall, '--fit', 'stretch', '--device', a.spec)).code).toBe(0);
    expect(
      pixels(a.spec, [
        [0, 0],
        [1279, 0],
        [0, 799],
        [1279, 799],
      ]),
    ).toEqual([0xffffffff, 0xffffffff, 0xff0000ff, 0xff0000ff]);
    const b = device();
    const stripes = pngFile(1, 3, (_x, y) => (y === 1 ? 0xffffffff : 0xff0000ff));
    expect((await runCli('show', stripes, '--fit', 'cover', '--background', 'red', '--device', b.spec)).code).toBe(0);
    // 1280x3840 centered: the screen shows source rows 0.69..1.31, white fading towards blue;
    // no red background anywhere.
    const [center, corner, bottom] = pixels(b.spec, [
      [640, 400],
      [0, 0],
      [1279, 799],
    ]);
    expect(center).toBe(0xffffffff);
    for (const c of [corner!, bottom!]) {
      expect(c & 0xff).toBe(0xff); // blue channel: white and blue both have it
      expect((c >>> 8) & 0xff).toBeGreaterThan(0x80); // mostly white
      expect((c >>> 8) & 0xff).toBeLessThan(0xff); // but blended with the cropped blue rows
    }
  });

  it('refuses a missing or damaged image and bad options with exit code 2, leaving the screen alone', async () => {
    const { spec } = device();
    await runCli('fill', 'white', '--device', spec);
    const broken = join(dir, 'broken.png');
    writeFileSync(broken, readFileSync(pngFile(8, 8, () => 0xff123456)).subarray(0, 40));
    for (const [argv, message] of [
      [['show', join(dir, 'nope.png'), '--device', spec], 'nope.png'],
      [['show', broken, '--device', spec], 'broken.png'],
      [['show', broken, '--fit', 'fill', '--device', spec], "--fit 'fill' is not a fit mode"],
      [['show', broken, '--background', '#12345678', '--device', spec], '--background'],
    ] as [string[], string][]) {
      const r = await runCli(...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr).toContain(message);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
    expect(
      pixels(spec, [
        [0, 0],
        [640, 400],
      ]),
    ).toEqual([0xffffffff, 0xffffffff]);
  });
});

describe('fbkit shot', () => {
  it('saves the visible page of a double-buffered device (yoffset = 768), as RGB', async () => {
    const { spec } = device('bochs-drm-doublebuffer');
    drawOn(spec, (s) => {
      s.clear(0xff202020);
      s.fillRect({ x: 10, y: 20, w: 3, h: 2 }, 0xffabcdef);
    });
    const out = join(dir, 'page.png');
    const r = await runCli('shot', out, '--device', spec);
    expect(r.code).toBe(0);
    expect(r.stdout.toString()).toContain('1024x768');
    const img = readPng(out);
    expect([img.width, img.height]).toEqual([1024, 768]);
    expect([img.getPixel(10, 20), img.getPixel(12, 21), img.getPixel(13, 21), img.getPixel(0, 0)]).toEqual([
      0xffabcdef, 0xffabcdef, 0xff202020, 0xff202020,
    ]);
    // An opaque screen gives an RGB PNG (color type 2, byte 25 of the file).
    expect(readFileSync(out)[25]).toBe(2);
  });

  it('writes the PNG to stdout for -, cropped by --rect (padded stride, 24 bpp, 1 bpp at odd columns)', async () => {
    for (const fixture of ['efifb-1366x768', 'panel-bgr888', 'ssd1306-oled']) {
      const { spec } = device(fixture);
      drawOn(spec, (s) => {
        s.clear(0xff000000);
        s.fillRect({ x: 5, y: 3, w: 2, h: 1 }, 0xffffffff);
      });
      const r = await runCli('shot', '-', '--rect', '3,3,5,2', '--device', spec);
      expect(r.code, fixture).toBe(0);
      const img = readPng(r.stdout);
      expect([img.width, img.height]).toEqual([5, 2]);
      const row0 = [0, 1, 2, 3, 4].map((x) => img.getPixel(x, 0));
      expect(row0, fixture).toEqual([0xff000000, 0xff000000, 0xffffffff, 0xffffffff, 0xff000000]);
      expect(img.getPixel(2, 1)).toBe(0xff000000);
    }
  });

  it('clips --rect to the screen and refuses one that covers nothing', async () => {
    const { spec } = device('spi-tft-ili9341');
    const r = await runCli('shot', '-', '--rect', '300,200,100,100', '--device', spec);
    expect(r.code).toBe(0);
    const img = readPng(r.stdout);
    expect([img.width, img.height]).toEqual([20, 40]);
    const bad = await runCli('shot', '-', '--rect', '320,0,10,10', '--device', spec);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('covers no pixel of the 320x240 screen');
    expect(bad.stdout.length).toBe(0);
  });

  it('opens a file: device read-only: a short file is refused, not grown, and nothing is written', async () => {
    const file = join(dir, 'three-bytes.raw');
    writeFileSync(file, 'abc');
    const out = join(dir, 'never.png');
    const r = await runCli('shot', out, '--device', `file:${file}?geometry=vfb`);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file} holds 3 bytes; its geometry needs 1048576`);
    expect(readFileSync(file, 'utf8')).toBe('abc');
    expect([existsSync(`${file}.json`), existsSync(out)]).toEqual([false, false]);
  });

  it('reports an output path it cannot write', async () => {
    const { spec } = device('ssd1306-oled');
    const r = await runCli('shot', join(dir, 'no-such-dir', 'x.png'), '--device', spec);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('cannot write');
    expect(r.stderr).toContain('ENOENT');
  });
});
