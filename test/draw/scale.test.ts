import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { unpack } from '../../src/raster/format.js';
import { blitScaled, centerRect, fitRect, type Filter, type Fit } from '../../src/draw/scale.js';
import { opacityToByte } from '../../src/draw/blend.js';
import { Surface } from '../../src/draw/surface.js';
import type { Rect } from '../../src/raster/geometry.js';
import { ArgumentError } from '../../src/errors.js';
import { insideClip, refPut, refRead, surfaceOver, type RefSurface } from '../reference/blit-reference.js';
import { FORMATS_UNDER_TEST } from '../support/formats.js';

const RUNS = Number(process.env.FBKIT_PROPERTY_RUNS ?? 2000);
const TIMEOUT = Math.max(30_000, RUNS * 20);

/** round(n / d), exact, half up. */
const roundDiv = (n: number, d: number) => Math.floor((2 * n + d) / (2 * d));

/** The module comment's definitions, evaluated per destination pixel with exact rationals. */
function refSample(src: RefSurface, sr: Rect, placed: Rect, px: number, py: number, filter: Filter): number {
  const color = (x: number, y: number) => unpack(src.format, refRead(src, sr.x + x, sr.y + y));
  if (filter === 'nearest') {
    // Pixel center (i + 1/2) scaled by srcLen/dstLen, floored.
    return color(Math.floor(((px - placed.x + 0.5) * sr.w) / placed.w), Math.floor(((py - placed.y + 0.5) * sr.h) / placed.h));
  }
  const axis = (i: number, srcLen: number, dstLen: number): [number, number, number] => {
    const pos = Math.max(0, Math.floor((((i + 0.5) * srcLen) / dstLen - 0.5) * 256));
    const a = Math.floor(pos / 256);
    return a >= srcLen - 1 ? [srcLen - 1, srcLen - 1, 0] : [a, a + 1, pos % 256];
  };
  const [x0, x1, fx] = axis(px - placed.x, sr.w, placed.w);
  const [y0, y1, fy] = axis(py - placed.y, sr.h, placed.h);
  const taps = [
    [color(x0, y0), (256 - fx) * (256 - fy)],
    [color(x1, y0), fx * (256 - fy)],
    [color(x0, y1), (256 - fx) * fy],
    [color(x1, y1), fx * fy],
  ] as const;
  const total = taps.reduce((t, [c, w]) => t + (c >>> 24) * w, 0);
  if (total === 0) return 0;
  const channel = (shift: number) =>
    roundDiv(
      taps.reduce((t, [c, w]) => t + ((c >>> shift) & 255) * (c >>> 24) * w, 0),
      total,
    );
  return ((roundDiv(total, 65536) << 24) | (channel(16) << 16) | (channel(8) << 8) | channel(0)) >>> 0;
}

function refScaled(
  dst: RefSurface,
  src: RefSurface,
  dstRect: Rect,
  opts: { filter: Filter; fit: Fit; srcRect?: Rect; op?: 'src' | 'over'; opacity?: number },
): void {
  const sr = opts.srcRect ?? { x: 0, y: 0, w: src.width, h: src.height };
  const opacity = opacityToByte(opts.opacity);
  if (sr.w === 0 || sr.h === 0 || (opts.op === 'over' && opacity === 0)) return;
  const placed = fitRect(sr.w, sr.h, dstRect, opts.fit);
  const frozen = { ...src, bytes: Uint8Array.from(src.bytes) };
  const colors: [number, number, number][] = [];
  for (let y = dstRect.y; y < dstRect.y + dstRect.h; y++) {
    for (let x = dstRect.x; x < dstRect.x + dstRect.w; x++) {
      const inPlaced = x >= placed.x && y >= placed.y && x < placed.x + placed.w && y < placed.y + placed.h;
      if (inPlaced && insideClip(dst, x, y)) colors.push([x, y, refSample(frozen, sr, placed, x, y, opts.filter)]);
    }
  }
  for (const [x, y, c] of colors) refPut(dst, x, y, c, opts.op, opacity);
}

describe('blitScaled against the per-pixel reference', () => {
  it(
    'same bytes for random sizes, filters, fits, formats, clips and self-draws',
    () => {
      const arbShape = fc.record({
        format: fc.constantFrom(...FORMATS_UNDER_TEST),
        width: fc.integer({ min: 1, max: 20 }),
        height: fc.integer({ min: 1, max: 14 }),
      });
      fc.assert(
        fc.property(
          fc.record({
            dst: arbShape,
            src: arbShape,
            self: fc.boolean(),
            clip: fc.record({ x: fc.integer({ min: -3, max: 15 }), y: fc.integer({ min: -3, max: 10 }), w: fc.nat(25), h: fc.nat(20) }),
            dstRect: fc.record({
              x: fc.integer({ min: -10, max: 18 }),
              y: fc.integer({ min: -10, max: 12 }),
              w: fc.nat(40),
              h: fc.nat(30),
            }),
            srcCut: fc.tuple(fc.nat(), fc.nat(), fc.nat(), fc.nat()),
            filter: fc.constantFrom<Filter>('nearest', 'bilinear'),
            fit: fc.constantFrom<Fit>('none', 'contain', 'cover', 'stretch'),
            op: fc.constantFrom<'src' | 'over' | undefined>('src', 'over', undefined),
            opacity: fc.constantFrom(undefined, 0, 0.6, 1),
            seed: fc.integer(),
          }),
          (c) => {
            const make = (shape: typeof c.dst, salt: number): RefSurface => {
              const stride = Math.ceil((shape.width * shape.format.bpp) / 8);
              const bytes = new Uint8Array(stride * shape.height).map((_, i) => (Math.imul(i + salt, 2654435761) >>> 13) & 255);
              return { ...shape, stride, bytes, clip: { x: 0, y: 0, w: shape.width, h: shape.height } };
            };
            const dst = { ...make(c.dst, c.seed), clip: c.clip };
            const src = c.self ? dst : make(c.src, c.seed + 99);
            const [a, b, w, h] = c.srcCut;
            const sx = a % src.width,
              sy = b % src.height;
            const srcRect = { x: sx, y: sy, w: w % (src.width - sx + 1), h: h % (src.height - sy + 1) };
            const slow = { ...dst, bytes: Uint8Array.from(dst.bytes) };
            const fastDst = surfaceOver(dst);
            blitScaled(fastDst, c.self ? fastDst : surfaceOver(src), c.dstRect, { ...c, srcRect });
            refScaled(slow, c.self ? slow : src, c.dstRect, { ...c, srcRect });
            expect(Buffer.from(dst.bytes).equals(Buffer.from(slow.bytes))).toBe(true);
          },
        ),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );
});

describe('fitRect and centerRect', () => {
  const box = { x: 10, y: 20, w: 200, h: 100 };
  it('places by each fit mode, centered', () => {
    expect(fitRect(50, 50, box, 'stretch')).toEqual(box);
    expect(fitRect(50, 50, box, 'none')).toEqual({ x: 85, y: 45, w: 50, h: 50 });
    expect(fitRect(50, 50, box, 'contain')).toEqual({ x: 60, y: 20, w: 100, h: 100 });
    expect(fitRect(50, 50, box, 'cover')).toEqual({ x: 10, y: -30, w: 200, h: 200 });
    expect(fitRect(400, 100, box, 'contain')).toEqual({ x: 10, y: 45, w: 200, h: 50 });
    expect(fitRect(400, 100, box, 'cover')).toEqual({ x: -90, y: 20, w: 400, h: 100 });
    expect(fitRect(1280, 800, { x: 0, y: 0, w: 1920, h: 1080 }, 'contain')).toEqual({ x: 96, y: 0, w: 1728, h: 1080 });
    expect(fitRect(1000, 1, { x: 0, y: 0, w: 10, h: 10 }, 'contain')).toEqual({ x: 0, y: 4, w: 10, h: 1 });
  });

  it('centers with the odd pixel to the right/bottom', () => {
    expect(centerRect(3, 3, { x: 0, y: 0, w: 6, h: 4 })).toEqual({ x: 1, y: 0, w: 3, h: 3 });
    expect(centerRect(9, 5, { x: 0, y: 0, w: 6, h: 4 })).toEqual({ x: -2, y: -1, w: 9, h: 5 });
  });

  it('rejects unknown modes and empty sources', () => {
    expect(() => fitRect(1, 1, box, 'fill' as Fit)).toThrow(/unknown fit/);
    expect(() => fitRect(0, 1, box, 'contain')).toThrow(ArgumentError);
  });
});

describe('blitScaled specifics', () => {
  it('2x nearest repeats each pixel; bilinear of two opaque pixels is their rounded mix', () => {
    const src = Surface.create(2, 1);
    src.setPixel(0, 0, 0xff000000);
    src.setPixel(1, 0, 0xffffffff);
    const dst = Surface.create(4, 1);
    blitScaled(dst, src, { x: 0, y: 0, w: 4, h: 1 }, { filter: 'nearest' });
    expect([0, 1, 2, 3].map((x) => dst.getPixel(x, 0))).toEqual([0xff000000, 0xff000000, 0xffffffff, 0xffffffff]);
    blitScaled(dst, src, { x: 0, y: 0, w: 4, h: 1 }, { filter: 'bilinear' });
    // u = -0.25, 0.25, 0.75, 1.25 -> clamp, 1/4, 3/4, clamp
    expect([0, 1, 2, 3].map((x) => dst.getPixel(x, 0))).toEqual([0xff000000, 0xff404040, 0xffbfbfbf, 0xffffffff]);
  });

  it('bilinear next to a transparent pixel keeps the opaque color (premultiplied)', () => {
    const src = Surface.create(2, 1);
    src.setPixel(0, 0, 0xffff0000);
    src.setPixel(1, 0, 0x0000ff00);
    const dst = Surface.create(4, 1);
    blitScaled(dst, src, { x: 0, y: 0, w: 4, h: 1 }, { filter: 'bilinear' });
    expect(dst.getPixel(2, 0)).toBe(0x40ff0000);
  });

  it('rejects a srcRect outside the source and unknown filters', () => {
    const s = Surface.create(4, 4);
    expect(() => blitScaled(s, s, { x: 0, y: 0, w: 2, h: 2 }, { srcRect: { x: 2, y: 2, w: 3, h: 1 } })).toThrow(/outside the 4x4 source/);
    expect(() => blitScaled(s, s, { x: 0, y: 0, w: 2, h: 2 }, { filter: 'cubic' as Filter })).toThrow(/unknown filter/);
  });
});
