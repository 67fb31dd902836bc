/**
 * Interop with @napi-rs/canvas (Skia): its ImageData pixels wrapped without a copy and
 * blitted onto a screen surface in one call give, per pixel, the straight-alpha
 * source-over of each canvas pixel (draw/blend's formula) in the screen's format.
 */
import { describe, expect, it } from 'vitest';
import { createCanvas } from '@napi-rs/canvas';
import { over } from '../../src/draw/blend.js';
import { Surface } from '../../src/draw/surface.js';
import { FORMATS, pack, unpack } from '../../src/raster/format.js';

describe('Surface.wrapRgba', () => {
  const canvas = createCanvas(40, 30);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = 'rgba(255, 80, 20, 0.6)';
  ctx.beginPath();
  ctx.arc(20, 15, 12, 0, 2 * Math.PI);
  ctx.fill();
  ctx.fillStyle = '#2040ff';
  ctx.fillRect(2, 2, 8, 5);
  const img = ctx.getImageData(0, 0, 40, 30);

  it('views the canvas pixels without copying them', () => {
    const s = Surface.wrapRgba(img.data, img.width, img.height);
    expect(s.bytes.buffer).toBe(img.data.buffer);
    const d = img.data;
    const at = (5 * 40 + 4) * 4;
    expect(s.getPixel(4, 5)).toBe(((d[at + 3]! << 24) | (d[at]! << 16) | (d[at + 1]! << 8) | d[at + 2]!) >>> 0);
    s.setPixel(0, 0, 0x80102030);
    expect([...d.subarray(0, 4)]).toEqual([0x10, 0x20, 0x30, 0x80]);
  });

  it.each([FORMATS.XRGB8888, FORMATS.RGB565, FORMATS.BGR888])('blits onto %s with source-over', (format) => {
    const screen = Surface.create(64, 48, format);
    screen.clear(0xff336699);
    const before = screen.getPixel(0, 0);
    screen.blit(Surface.wrapRgba(img.data, img.width, img.height), { x: 10, y: 9 }, { op: 'over' });
    const d = img.data;
    for (let y = 0; y < 30; y++) {
      for (let x = 0; x < 40; x++) {
        const i = (y * 40 + x) * 4;
        const src = ((d[i + 3]! << 24) | (d[i]! << 16) | (d[i + 1]! << 8) | d[i + 2]!) >>> 0;
        expect(screen.getPixel(x + 10, y + 9)).toBe(unpack(format, pack(format, over(src, before))));
      }
    }
  });

  it('reads BGRA byte order too, and rejects other buffers', () => {
    const bgra = new Uint8Array([0x30, 0x20, 0x10, 0xff]);
    expect(Surface.wrapRgba(bgra, 1, 1, { order: 'bgra' }).getPixel(0, 0)).toBe(0xff102030);
    expect(() => Surface.wrapRgba([1, 2, 3, 4] as unknown as Uint8Array, 1, 1)).toThrow(/pixels must be a Uint8Array/);
    expect(() => Surface.wrapRgba(bgra, 2, 1)).toThrow(/cannot hold/);
  });
});
