/**
 * `fbkit text`: draws on the device what Surface.drawText draws for the same options
 * (a file-backed framebuffer, compared byte for byte), centers, and turns bad input
 * into one-line errors with exit 2.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Framebuffer } from '../../src/display/framebuffer.js';
import { measureOutlineText } from '../../src/draw/outline-text.js';
import { Surface } from '../../src/draw/surface.js';
import { writePng } from '../../src/codecs/png.js';
import { drawDemoScene } from '../../src/demo/scene.js';
import { loadFont } from '../../src/text/load-font.js';
import { runCli } from '../support/cli-capture.js';
import { fileDevices } from '../support/file-device.js';

const dir = mkdtempSync(join(tmpdir(), 'fbkit-cli-text-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const device = fileDevices(dir);

/** The bytes the same drawing gives on a fresh framebuffer of the fixture. */
function expected(fixture: string, draw: (fb: Framebuffer) => void): Buffer {
  const { file } = device(fixture);
  const fb = Framebuffer.fromDeviceSpec(`file:${file}`);
  try {
    draw(fb);
  } finally {
    fb.close();
  }
  return readFileSync(file);
}

const DEJAVU = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';

describe('--font on demo and splash', () => {
  it('demo draws its text in the --font given', async () => {
    const { spec, file } = device();
    expect(await runCli('demo', '--font', DEJAVU, '--device', spec)).toMatchObject({ code: 0, stderr: '' });
    const want = expected('bochs-drm', (fb) => drawDemoScene(fb.surface, { caption: `${spec} 1280x800 XRGB8888`, font: loadFont(DEJAVU) }));
    expect(readFileSync(file).equals(want)).toBe(true);
  });

  it.each([
    ['demo', []],
    ['splash', [join(dir, 'logo.png'), '--no-console', '--fifo', join(dir, 'never.fifo')]],
  ])('%s refuses a font it cannot find: exit 2, one line, nothing drawn', async (verb, args) => {
    writeFileSync(join(dir, 'logo.png'), writePng(Surface.create(4, 4)));
    const { spec, file } = device();
    const before = readFileSync(file);
    const r = await runCli(verb, ...args, '--font', 'No Such Family', '--device', spec);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^fbkit: --font: no font named 'No Such Family' under .*\n$/);
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(existsSync(join(dir, 'never.fifo'))).toBe(false);
  });
});

describe('fbkit text', () => {
  it.each(['bochs-drm', 'spi-tft-ili9341'])('draws what drawText draws, on %s', async (fixture) => {
    const { spec, file } = device(fixture);
    const r = await runCli(
      'text',
      'Out of order',
      '--font',
      DEJAVU,
      '--size',
      '30',
      '--color',
      'yellow',
      '--background',
      'navy',
      '--at',
      '10.5,20',
      '--device',
      spec,
    );
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout.toString()).toMatch(/^drew 1 line in DejaVu Sans at 11,20 \(\d+x\d+\)\n$/);
    const want = expected(fixture, (fb) => {
      fb.surface.clear(0xff000080);
      fb.surface.drawText('Out of order', { font: loadFont(DEJAVU), size: 30, x: 10.5, y: 20, color: 0xffffff00 });
    });
    expect(readFileSync(file).equals(want)).toBe(true);
  });

  it('centers the box, wraps to --width and aligns', async () => {
    const { spec, file } = device();
    const r = await runCli(
      'text',
      'Welcome to the kiosk, please wait',
      '--center',
      '--width',
      '300',
      '--align',
      'center',
      '--size',
      '24',
      '--device',
      spec,
    );
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const font = loadFont('DejaVu Sans');
    const box = measureOutlineText('Welcome to the kiosk, please wait', { font, size: 24, width: 300 });
    expect(box.lines).toBe(2);
    const want = expected('bochs-drm', (fb) =>
      fb.surface.drawText('Welcome to the kiosk, please wait', {
        font,
        size: 24,
        width: 300,
        align: 'center',
        x: 490,
        y: (800 - box.height) / 2,
        color: 0xffffffff,
      }),
    );
    expect(readFileSync(file).equals(want)).toBe(true);
  });

  it('takes characters the font lacks from --fallback', async () => {
    const { spec, file } = device();
    const serif = '/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf';
    const sans = DEJAVU;
    const text = 'x \u203b y'; // ※, which DejaVu Serif lacks and DejaVu Sans has
    expect(loadFont(serif).glyphIndex(0x203b)).toBe(0);
    expect(loadFont(sans).glyphIndex(0x203b)).not.toBe(0);
    expect(await runCli('text', text, '--font', serif, '--fallback', sans, '--device', spec)).toMatchObject({ code: 0, stderr: '' });
    const want = expected('bochs-drm', (fb) =>
      fb.surface.drawText(text, { font: loadFont(serif), fallback: [loadFont(sans)], size: 48, color: 0xffffffff }),
    );
    const without = expected('bochs-drm', (fb) => fb.surface.drawText(text, { font: loadFont(serif), size: 48, color: 0xffffffff }));
    expect(readFileSync(file).equals(want)).toBe(true);
    expect(want.equals(without)).toBe(false);
  });

  it.each([
    [['--font', 'No Such Family'], /^fbkit: --font: no font named 'No Such Family' under .* \(hint: .*fonts-dejavu-core.*\)\n$/],
    [
      ['--font', '/etc/hostname'],
      /^fbkit: --font: \/etc\/hostname is not a font opentype.js can read .*\(hint: use a \.ttf, \.otf or \.woff font.*\)\n$/,
    ],
    [['--size', '0'], /^fbkit: --size '0' is not a positive number of pixels\n$/],
    [['--at', '3'], /^fbkit: --at '3' is not a point: use x,y in pixels, e.g. 20,40\n$/],
    [['--color', 'blurple'], /^fbkit: .*blurple.*\n$/],
    [['--align', 'middle'], /^fbkit: error: option '--align <side>' argument 'middle' is invalid.*\n$/],
  ])('%s is a one-line usage error, exit 2, nothing drawn', async (args, message) => {
    const { spec, file } = device();
    const before = readFileSync(file);
    const r = await runCli('text', 'x', ...args, '--device', spec);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(readFileSync(file).equals(before)).toBe(true);
  });
});
