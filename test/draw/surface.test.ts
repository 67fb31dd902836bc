import { describe, expect, it } from 'vitest';
import { FORMATS, makeFormat, pack } from '../../src/raster/format.js';
import { Surface } from '../../src/draw/surface.js';
import { ArgumentError, ClosedError } from '../../src/errors.js';
import { FORMATS_UNDER_TEST } from '../support/formats.js';

describe('Surface construction', () => {
  it('defaults: ARGB8888, unpadded stride, zeroed', () => {
    const s = Surface.create(5, 3);
    expect([s.format.name, s.stride, s.bytes.length, s.clip]).toEqual(['ARGB8888', 20, 60, { x: 0, y: 0, w: 5, h: 3 }]);
    expect(Surface.create(9, 2, FORMATS.MONO01).stride).toBe(2);
    expect(Surface.create(3, 2, FORMATS.RGB888).stride).toBe(9);
  });

  it('keeps a padded stride and a caller buffer, seeing only its own rows', () => {
    const buffer = new Uint8Array(100);
    const s = new Surface({ width: 3, height: 2, format: FORMATS.RGB565, stride: 10, bytes: buffer });
    expect(s.bytes.length).toBe(16);
    s.clear(0xffffffff);
    expect(Array.from(buffer.subarray(0, 20))).toEqual([
      255, 255, 255, 255, 255, 255, 0, 0, 0, 0, 255, 255, 255, 255, 255, 255, 0, 0, 0, 0,
    ]);
  });

  it.each([
    [{ width: -1, height: 1 }, /width must be a non-negative integer/],
    [{ width: 1.5, height: 1 }, /width must be/],
    [{ width: 4, height: 1, stride: 15 }, /stride 15 is shorter than a row of 4 ARGB8888 pixels \(16 bytes\)/],
    [{ width: 4, height: 2, bytes: new Uint8Array(31) }, /31 bytes cannot hold 2 rows/],
  ])('refuses %j', (opts, message) => {
    expect(() => new Surface(opts)).toThrow(ArgumentError);
    expect(() => new Surface(opts)).toThrow(message);
  });
});

describe('getPixel / setPixel at every bpp', () => {
  const formats = FORMATS_UNDER_TEST;
  it.each(formats.map((f) => [`${f.name} ${f.bitOrder}`, f] as const))('%s', (_name, f) => {
    const s = new Surface({ width: 13, height: 3, format: f, stride: Math.ceil((13 * f.bpp) / 8) + 3 });
    const colors = [0xffffffff, 0xff000000, 0xff00ff00, 0x80123456];
    for (let y = 0; y < 3; y++) for (let x = 0; x < 13; x++) s.setPixel(x, y, colors[(x + y) % 4]!);
    for (let y = 0; y < 3; y++)
      for (let x = 0; x < 13; x++) {
        const c = colors[(x + y) % 4]!;
        expect(pack(f, s.getPixel(x, y))).toBe(pack(f, c));
      }
  });

  it('stores pixels little-endian and sub-byte pixels in bit order', () => {
    const s = Surface.create(2, 1, FORMATS.RGB565);
    s.setPixel(1, 0, 0xffff0000);
    expect(Array.from(s.bytes)).toEqual([0, 0, 0x00, 0xf8]);
    const m = Surface.create(8, 1, FORMATS.MONO10);
    m.setPixel(1, 0, 0xffffffff);
    expect(m.bytes[0]).toBe(0b01000000);
    const l = Surface.create(8, 1, makeFormat({ bpp: 1, visual: 'mono01', bitOrder: 'lsb-first' }));
    l.setPixel(1, 0, 0xff000000);
    expect(l.bytes[0]).toBe(0b00000010);
    const p = Surface.create(2, 1, FORMATS.PAL4);
    p.setPixel(1, 0, 0xffff5555); // index 9 of the default palette
    expect(p.bytes[0]).toBe(0x09);
  });

  it('reads outside the surface are errors, writes outside the clip do nothing', () => {
    const s = Surface.create(4, 4);
    expect(() => s.getPixel(4, 0)).toThrow(/\(4, 0\) is outside the 4x4 surface/);
    expect(() => s.setPixel(0.5, 0, 1)).toThrow(/x must be an integer/);
    s.setClip({ x: 1, y: 1, w: 2, h: 2 });
    s.setPixel(0, 0, 0xffffffff);
    s.setPixel(1, 1, 0xffffffff);
    expect([s.getPixel(0, 0), s.getPixel(1, 1)]).toEqual([0, 0xffffffff]);
  });
});

describe('clip and subsurface', () => {
  it('the clip is cut to the surface; null restores it', () => {
    const s = Surface.create(10, 10);
    s.setClip({ x: -5, y: 8, w: 8, h: 20 });
    expect(s.clip).toEqual({ x: 0, y: 8, w: 3, h: 2 });
    s.setClip(null);
    expect(s.clip).toEqual({ x: 0, y: 0, w: 10, h: 10 });
    expect(() => s.setClip({ x: 0, y: 0, w: -1, h: 1 })).toThrow(/negative size/);
  });

  it('a subsurface shares bytes and stride, and cannot reach outside its rectangle', () => {
    const s = new Surface({ width: 8, height: 6, format: FORMATS.RGB888, stride: 30 });
    const sub = s.subsurface({ x: 2, y: 1, w: 3, h: 2 });
    expect([sub.width, sub.height, sub.stride, sub.bytes.length]).toEqual([3, 2, 30, 39]);
    sub.fillRect({ x: -10, y: -10, w: 100, h: 100 }, 0xffabcdef);
    for (let y = 0; y < 6; y++)
      for (let x = 0; x < 8; x++) {
        const inside = x >= 2 && x < 5 && y >= 1 && y < 3;
        expect(s.getPixel(x, y)).toBe(inside ? 0xffabcdef : 0xff000000);
      }
    expect(() => s.subsurface({ x: 6, y: 0, w: 3, h: 1 })).toThrow(/outside the 8x6 surface/);
    const mono = Surface.create(16, 2, FORMATS.MONO01);
    expect(mono.subsurface({ x: 8, y: 1, w: 8, h: 1 }).bytes.byteOffset).toBe(mono.bytes.byteOffset + 3);
    expect(() => mono.subsurface({ x: 3, y: 0, w: 2, h: 1 })).toThrow(/multiple of 8/);
  });
});

describe('guard', () => {
  it('runs before every public method and can refuse them all', () => {
    let closed = false;
    const s = new Surface({
      width: 4,
      height: 4,
      guard: () => {
        if (closed) throw new ClosedError('framebuffer /dev/fb0');
      },
    });
    const sub = s.subsurface({ x: 1, y: 1, w: 2, h: 2 });
    s.fillRect({ x: 0, y: 0, w: 1, h: 1 }, 0xffffffff);
    closed = true;
    const calls: (() => unknown)[] = [
      () => s.getPixel(0, 0),
      () => s.setPixel(0, 0, 0),
      () => s.fillRect({ x: 0, y: 0, w: 1, h: 1 }, 0),
      () => s.clear(),
      () => s.strokeRect({ x: 0, y: 0, w: 2, h: 2 }, 0),
      () => s.hline(0, 0, 2, 0),
      () => s.vline(0, 0, 2, 0),
      () => s.line({ x: 0, y: 0 }, { x: 3, y: 3 }, 0),
      () => s.circle({ x: 1, y: 1 }, 1, 0),
      () => s.fillEllipse({ x: 1, y: 1 }, 1, 2, 0),
      () => s.roundRect({ x: 0, y: 0, w: 4, h: 4 }, 1, 0),
      () =>
        s.fillPolygon(
          [
            { x: 0, y: 0 },
            { x: 3, y: 0 },
            { x: 0, y: 3 },
          ],
          0,
        ),
      () => s.setClip(null),
      () => s.subsurface({ x: 0, y: 0, w: 1, h: 1 }),
      () => sub.clear(0),
      () => s.blit(sub, { x: 0, y: 0 }),
      () => s.blitScaled(sub, { x: 0, y: 0, w: 4, h: 4 }),
      () => s.drawText('a', { x: 0, y: 0 }, { color: 0 }),
    ];
    for (const call of calls) expect(call).toThrow(ClosedError);
    closed = false;
    expect(s.getPixel(0, 0)).toBe(0xffffffff);
  });
});
