import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultFont } from '../../src/cli/font-arg.js';
import { drawDemoScene } from '../../src/demo/scene.js';
import { defaultPalette, FORMATS, rowBytes, type PixelFormat } from '../../src/raster/format.js';
import { Framebuffer } from '../../src/display/framebuffer.js';
import { readPng } from '../../src/codecs/png.js';
import { Surface } from '../../src/draw/surface.js';
import { runCli } from '../support/cli-capture.js';
import { mkfifo } from '../../src/sys/libc.js';

const dir = mkdtempSync(join(tmpdir(), 'fbkit-demo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const GUARD = 0xa5;

/** A surface inside a larger buffer: padded rows and guard bytes before and after. */
function guarded(width: number, height: number, format: PixelFormat, padding: number) {
  const stride = rowBytes(format, width) + padding;
  const buffer = new Uint8Array(64 + stride * height + 64).fill(GUARD);
  const bytes = buffer.subarray(64, 64 + stride * height);
  return { surface: new Surface({ width, height, format, stride, bytes }), buffer, stride };
}

/** Indices of buffer bytes outside the surface's pixels (guards and row padding) that changed. */
function touchedOutside(buffer: Uint8Array, stride: number, width: number, height: number, format: PixelFormat): number[] {
  const row = rowBytes(format, width);
  const changed: number[] = [];
  buffer.forEach((b, i) => {
    const at = i - 64;
    const inside = at >= 0 && at < stride * height && at % stride < row;
    if (!inside && b !== GUARD) changed.push(i);
  });
  return changed;
}

describe('drawDemoScene', () => {
  it.each([
    [1280, 800, 'XRGB8888', 0],
    [1366, 768, 'ARGB8888', 40],
    [800, 480, 'BGR888', 3],
    [320, 240, 'RGB565', 2],
    [640, 480, 'PAL8', 1],
    [640, 480, 'PAL4', 1],
    [128, 64, 'MONO01', 1],
    [7, 5, 'XRGB8888', 4],
    [1, 1, 'RGB565', 0],
  ] as const)('draws %ix%i %s inside the surface only, the same bytes every time', (w, h, name, padding) => {
    const format = FORMATS[name];
    const a = guarded(w, h, format, padding);
    drawDemoScene(a.surface, { caption: 'test' });
    expect(touchedOutside(a.buffer, a.stride, w, h, format)).toEqual([]);
    const b = guarded(w, h, format, padding);
    drawDemoScene(b.surface, { caption: 'test' });
    expect(Buffer.compare(a.buffer, b.buffer)).toBe(0);
  });

  it('stays inside the clip rectangle', () => {
    const s = Surface.create(640, 400, FORMATS.XRGB8888);
    s.clear(0xff010203);
    s.setClip({ x: 100, y: 50, w: 200, h: 100 });
    drawDemoScene(s);
    const outside = [
      [99, 50],
      [300, 50],
      [100, 49],
      [100, 150],
      [0, 0],
      [639, 399],
    ].map(([x, y]) => s.getPixel(x!, y!));
    expect(outside.every((c) => c === 0xff010203)).toBe(true);
    expect(s.getPixel(150, 100)).not.toBe(0xff010203);
  });

  it('puts the PAL8 palette where the layout says, at 1280x800', () => {
    const s = Surface.create(1280, 800, FORMATS.XRGB8888);
    drawDemoScene(s);
    const palette = defaultPalette(8);
    // Cell i of the 16x16 grid starts at (887 + 21 * (i % 16), 520 + 14 * (i >> 4)).
    for (const i of [0, 1, 15, 16, 100, 231, 255]) {
      const x = 887 + 21 * (i % 16) + 10,
        y = 520 + 14 * (i >> 4) + 6;
      expect(s.getPixel(x, y), `entry ${i}`).toBe(palette[i]);
    }
  });
});

describe('fbkit demo', () => {
  it('draws on the --device and saves --out as a PNG of the screen', async () => {
    const out = join(dir, 'bochs.png');
    const r = await runCli('demo', '--device', 'virtual:bochs-drm', '--out', out);
    expect(r.code).toBe(0);
    expect(r.stdout.toString()).toBe(`drew the demo on virtual:bochs-drm (1280x800 XRGB8888)\nwrote ${out}\n`);
    const img = readPng(out);
    expect([img.width, img.height]).toEqual([1280, 800]);
    const reference = Surface.create(1280, 800, FORMATS.XRGB8888);
    // `fbkit demo` writes in DejaVu Sans when installed (the test setup installs it).
    drawDemoScene(reference, { caption: 'virtual:bochs-drm 1280x800 XRGB8888', font: defaultFont() });
    for (const [x, y] of [
      [640, 400],
      [115, 245],
      [950, 300],
      [60, 560],
      [1000, 620],
      [5, 795],
    ]) {
      expect(img.getPixel(x!, y!), `(${x}, ${y})`).toBe(reference.getPixel(x!, y!));
    }
  });

  it('leaves the drawing on a file device and writes no PNG without --out', async () => {
    const file = join(dir, 'tft.raw');
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const r = await runCli('demo', '--device', `file:${file}?geometry=spi-tft-ili9341`);
      expect(r.code).toBe(0);
      expect(r.stdout.toString()).not.toContain('wrote');
      expect(existsSync(join(dir, 'demo.png'))).toBe(false);
    } finally {
      process.chdir(cwd);
    }
    const fb = Framebuffer.fromDeviceSpec(`file:${file}`);
    try {
      const seen = new Set<number>();
      for (let y = 0; y < 240; y += 7) for (let x = 0; x < 320; x += 7) seen.add(fb.surface.getPixel(x, y));
      expect(seen.size).toBeGreaterThan(100);
    } finally {
      fb.close();
    }
  });

  it.runIf(!existsSync('/dev/fb0'))('without /dev/fb0 draws on a virtual bochs-drm and writes demo.png', async () => {
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const r = await runCli('demo');
      expect(r.code).toBe(0);
      expect(r.stdout.toString()).toContain('virtual:bochs-drm (1280x800 XRGB8888)');
      const png = readFileSync(join(dir, 'demo.png'));
      expect([readPng(png).width, readPng(png).height]).toEqual([1280, 800]);
    } finally {
      process.chdir(cwd);
    }
  });

  it('an --out it cannot write fails before anything is drawn', async () => {
    const file = join(dir, 'untouched.raw');
    const spec = `file:${file}?geometry=spi-tft-ili9341`;
    const fb = Framebuffer.fromDeviceSpec(spec);
    fb.surface.clear(0xff123456);
    fb.close();
    const before = readFileSync(file);
    const fifo = join(dir, 'out.fifo');
    mkfifo(fifo);
    // A FIFO nobody reads would block the open forever: it is refused by its type, unopened.
    for (const [out, code, why] of [
      [dir, 2, 'it is a directory'],
      [fifo, 2, 'it is a FIFO'],
      [join(dir, 'missing', 'x.png'), 1, 'ENOENT'],
    ] as const) {
      const r = await runCli('demo', '--device', spec, '--out', out);
      expect(r.code).toBe(code);
      expect(r.stderr).toMatch(new RegExp(`^fbkit: cannot write .*${why}.*\\n$`));
      expect(r.stdout.toString()).toBe('');
      expect(readFileSync(file).equals(before), out).toBe(true);
    }
  });

  it('reports an --out it cannot write, and a bad --device, on one line', async () => {
    const r = await runCli('demo', '--device', 'virtual:bochs-drm', '--out', join(dir, 'missing', 'x.png'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^fbkit: cannot write .*ENOENT\n$/);
    const bad = await runCli('demo', '--device', 'virtual:no-such-fixture');
    expect(bad.code).toBe(2);
    expect(bad.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(bad.stderr).toContain('no-such-fixture');
  });
});
