import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Framebuffer } from '../src/framebuffer.js';
import { runCli } from './support/cli-capture.js';

const dir = mkdtempSync(join(tmpdir(), 'fbkit-cli-draw-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
/** A fresh file-backed framebuffer from a fixture; returns its --device spec and file. */
function device(fixture = 'bochs-drm'): { spec: string; file: string } {
  const file = join(dir, `fb-${n++}.raw`);
  Framebuffer.virtual(fixture, { file }).close();
  return { spec: `file:${file}`, file };
}

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
    expect(pixels(spec, [[0, 0], [1279, 799], [640, 400]])).toEqual([0xffffa500, 0xffffa500, 0xffffa500]);
  });

  it('fills only --rect, clipped to the screen', async () => {
    const { spec } = device();
    expect((await runCli('fill', '#00f', '--rect', '1270,10,100,5', '--device', spec)).code).toBe(0);
    expect(pixels(spec, [[1270, 10], [1279, 14], [1269, 10], [1270, 9], [1270, 15]])).toEqual([
      0xff0000ff, 0xff0000ff, 0xff000000, 0xff000000, 0xff000000,
    ]);
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

  it('does not touch the device when the color is bad', async () => {
    const { spec } = device();
    await runCli('fill', 'white', '--device', spec);
    expect((await runCli('fill', '#12345', '--device', spec)).code).toBe(2);
    expect(pixels(spec, [[5, 5]])).toEqual([0xffffffff]);
  });
});
