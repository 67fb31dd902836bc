/**
 * `--rotate` on the drawing verbs, on file-backed virtual framebuffers: what is drawn lands
 * turned in device memory, `shot` captures the device as laid out or, with --rotate,
 * upright; bad values are one-line usage failures before the device is touched.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { showImage } from '../../src/cli/show.js';
import { readPng, writePng } from '../../src/codecs/png.js';
import { Framebuffer } from '../../src/display/framebuffer.js';
import { Surface } from '../../src/draw/surface.js';
import { FORMATS } from '../../src/raster/format.js';
import { ROTATIONS } from '../../src/raster/rotation.js';
import { refTurn } from '../reference/rotate-reference.js';
import { runCli } from '../support/cli-capture.js';

const dir = mkdtempSync(join(tmpdir(), 'fbkit-cli-rotate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The ILI9341 panel as the fixture sets it up: 320x240 RGB565, a panel often mounted turned. */
const PANEL = { w: 320, h: 240 };
let n = 0;
function device(): { spec: string; file: string } {
  const file = join(dir, `fb-${n++}.raw`);
  Framebuffer.virtual('spi-tft-ili9341', { file }).close();
  return { spec: `file:${file}`, file };
}

/** An upright picture with no symmetry: a gradient each way and a hashed blue. */
function picture(w: number, h: number): Surface {
  const s = Surface.create(w, h, FORMATS.XRGB8888);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      s.setPixel(x, y, (0xff000000 | (((x * 255) / w) << 16) | (((y * 255) / h) << 8) | (Math.imul(x ^ (y * 7), 0x9e3779b1) >>> 24)) >>> 0);
  return s;
}

describe('--rotate', () => {
  it.each(ROTATIONS)(
    'show --rotate %i draws the image turned; shot gives it back as laid out, and upright with --rotate',
    async (rotation) => {
      const { spec } = device();
      const [w, h] = rotation % 180 === 0 ? [PANEL.w, PANEL.h] : [PANEL.h, PANEL.w];
      const image = picture(w, h);
      const png = join(dir, `picture-${rotation}.png`);
      writeFileSync(png, writePng(image));
      expect(await runCli('show', png, '--fit', 'stretch', '--rotate', String(rotation), '--device', spec)).toMatchObject({
        code: 0,
        stderr: '',
      });

      // What the app meant: the image shown on an upright panel of the app's size.
      const upright = Surface.create(w, h, FORMATS.RGB565);
      showImage(upright, readPng(png), { fit: 'stretch', background: 0xff000000 });

      const asLaidOut = await runCli('shot', '-', '--device', spec);
      const turnedBack = await runCli('shot', '-', '--rotate', String(rotation), '--device', spec);
      const device_ = readPng(asLaidOut.stdout);
      const app = readPng(turnedBack.stdout);
      expect([device_.width, device_.height, app.width, app.height]).toEqual([PANEL.w, PANEL.h, w, h]);
      const wrong: string[] = [];
      for (let y = 0; y < h; y++)
        for (let x = 0; x < w; x++) {
          const p = refTurn({ x, y }, rotation, w, h);
          const want = upright.getPixel(x, y);
          if (app.getPixel(x, y) !== want || device_.getPixel(p.x, p.y) !== want) wrong.push(`${x},${y}`);
        }
      expect(wrong.slice(0, 5)).toEqual([]);
    },
  );

  it('fill --rect is in the turned picture: at 270 the app top-left corner is the device bottom-left', async () => {
    const { spec } = device();
    expect((await runCli('fill', 'white', '--rect', '0,0,10,4', '--rotate', '270', '--device', spec)).code).toBe(0);
    const fb = Framebuffer.fromDeviceSpec(spec);
    const s = fb.deviceSurface;
    const white = (x: number, y: number) => s.getPixel(x, y) === 0xffffffff;
    // App columns 0..9 and rows 0..3 of the 240x320 picture turned 270 degrees: device x 0..3, y 230..239.
    expect([white(0, 239), white(3, 230), white(4, 239), white(0, 229), white(0, 0)]).toEqual([true, true, false, false, false]);
    fb.close();
  });

  it('demo --rotate 90 draws the scene on the turned picture and saves it upright', async () => {
    const { spec } = device();
    const out = join(dir, 'demo.png');
    const r = await runCli('demo', '--rotate', '90', '--out', out, '--device', spec);
    expect(r.code).toBe(0);
    expect(r.stdout.toString()).toContain('(240x320 RGB565, turned 90 degrees)');
    const saved = readPng(readFileSync(out));
    expect([saved.width, saved.height]).toEqual([240, 320]);
    const fb = Framebuffer.fromDeviceSpec(spec, { rotate: 90 });
    // The device, turned back upright, is the saved picture.
    let differ = 0;
    for (let y = 0; y < 320; y++) for (let x = 0; x < 240; x++) if (fb.surface.getPixel(x, y) !== saved.getPixel(x, y)) differ++;
    expect(differ).toBe(0);
    fb.close();
  });

  const verbs: string[][] = [['fill', 'red'], ['show', 'x.png'], ['shot', '-'], ['demo'], ['splash', 'x.png', '--no-console']];
  for (const bad of ['45', '-90', '360', '90.0', 'ninety', '']) {
    it.each(verbs)(`%s refuses --rotate '${bad}' with one line, exit code 2, device untouched`, async (...verb) => {
      const { spec, file } = device();
      const before = readFileSync(file);
      const r = await runCli(...verb, '--rotate', bad, '--device', spec);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`fbkit: --rotate '${bad}' is not a rotation (hint: use 0, 90, 180, 270 (degrees clockwise))\n`);
      expect(readFileSync(file).equals(before)).toBe(true);
    });
  }
});
