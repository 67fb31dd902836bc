/**
 * The fast primitives against test/reference: random formats (sub-byte, palette, both
 * bit orders), sizes, padded strides, misaligned buffers, clip rectangles and primitive
 * sequences with coordinates far outside the surface. After each sequence the whole
 * buffer — guard bytes before and after, row padding, pixels outside the clip — must
 * equal the reference's, and everything outside the clip must equal what was there.
 *
 * FBKIT_PROP_RUNS sets the number of sequences (default keeps CI to a few seconds);
 * FBKIT_PROP_SEED replays a run.
 */
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { rowBytes } from '../../src/raster/format.js';
import { Surface } from '../../src/draw/surface.js';
import type { Point, Rect } from '../../src/raster/geometry.js';
import { ReferenceCanvas, type Primitive } from '../reference/reference.js';
import { FORMATS_UNDER_TEST } from '../support/formats.js';

const RUNS = Number(process.env.FBKIT_PROP_RUNS ?? 400);
const SEED = process.env.FBKIT_PROP_SEED ? Number(process.env.FBKIT_PROP_SEED) : undefined;
/**
 * Big counts run as several tests, each starting after a macrotask turn, so vitest's
 * worker answers its RPC messages between parts instead of timing out.
 */
const CHUNK = 2000;
const GUARD = 16;

const formats = FORMATS_UNDER_TEST;

const color = fc.integer({ min: 0, max: 0xffffffff });
/** Mostly near the surface, sometimes anywhere a coordinate may be. */
const coord = (limit: number) =>
  fc.oneof(
    { arbitrary: fc.integer({ min: -2, max: 30 }), weight: 6 },
    { arbitrary: fc.integer({ min: -12, max: 60 }), weight: 3 },
    { arbitrary: fc.integer({ min: -limit, max: limit }), weight: 1 },
  );
const point = (limit: number): fc.Arbitrary<Point> => fc.record({ x: coord(limit), y: coord(limit) });
const size = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 50 }), weight: 4 },
  { arbitrary: fc.integer({ min: 0, max: 2 ** 31 }), weight: 1 },
);
const rect: fc.Arbitrary<Rect> = fc.record({ x: coord(2 ** 31), y: coord(2 ** 31), w: size, h: size });
const radius = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 30 }), weight: 4 },
  { arbitrary: fc.integer({ min: 0, max: 2 ** 30 }), weight: 1 },
);

/** A huge ellipse whose edge passes near the surface. */
const hugeEllipse = fc
  .record({
    r: fc.integer({ min: 1000, max: 2 ** 30 }),
    ry: fc.integer({ min: 1000, max: 2 ** 30 }),
    dx: fc.integer({ min: -5, max: 40 }),
    y: coord(60),
    color,
  })
  .map(({ r, ry, dx, y, color }): Primitive => ({ op: 'ellipse', center: { x: dx - r, y }, rx: r, ry, color }));

const primitive: fc.Arbitrary<Primitive> = fc.oneof(
  fc.record({ op: fc.constant('fillRect' as const), rect, color }),
  fc.record({ op: fc.constant('strokeRect' as const), rect, color }),
  fc.record({ op: fc.constant('clear' as const), color }),
  fc.record({ op: fc.constant('setPixel' as const), x: coord(1e6), y: coord(1e6), color }),
  fc.record({ op: fc.constant('line' as const), from: point(2 ** 31), to: point(2 ** 31), color }),
  fc.record({ op: fc.constantFrom('ellipse' as const, 'fillEllipse' as const), center: point(2 ** 31), rx: radius, ry: radius, color }),
  hugeEllipse,
  fc.record({ op: fc.constantFrom('roundRect' as const, 'fillRoundRect' as const), rect, radius, color }),
  fc.record({
    op: fc.constant('fillPolygon' as const),
    points: fc.array(point(2 ** 24), { maxLength: 9 }),
    rule: fc.constantFrom('nonzero' as const, 'evenodd' as const),
    color,
  }),
);

const scene = fc.record({
  format: fc.constantFrom(...formats),
  width: fc.oneof({ arbitrary: fc.integer({ min: 16, max: 40 }), weight: 4 }, fc.integer({ min: 0, max: 16 })),
  height: fc.oneof({ arbitrary: fc.integer({ min: 12, max: 24 }), weight: 4 }, fc.integer({ min: 0, max: 12 })),
  padding: fc.integer({ min: 0, max: 9 }),
  misalign: fc.integer({ min: 0, max: 3 }),
  seed: fc.integer(),
  clip: fc.option(
    fc.record({
      x: fc.integer({ min: -10, max: 45 }),
      y: fc.integer({ min: -10, max: 30 }),
      w: fc.integer({ min: 0, max: 50 }),
      h: fc.integer({ min: 0, max: 40 }),
    }),
  ),
  primitives: fc.array(primitive, { minLength: 1, maxLength: 8 }),
});

function apply(s: Surface, p: Primitive): void {
  switch (p.op) {
    case 'fillRect':
      return s.fillRect(p.rect, p.color);
    case 'strokeRect':
      return s.strokeRect(p.rect, p.color);
    case 'clear':
      return s.clear(p.color);
    case 'setPixel':
      return s.setPixel(p.x, p.y, p.color);
    case 'line':
      return s.line(p.from, p.to, p.color);
    case 'ellipse':
      return s.ellipse(p.center, p.rx, p.ry, p.color);
    case 'fillEllipse':
      return s.fillEllipse(p.center, p.rx, p.ry, p.color);
    case 'roundRect':
      return s.roundRect(p.rect, p.radius, p.color);
    case 'fillRoundRect':
      return s.fillRoundRect(p.rect, p.radius, p.color);
    case 'fillPolygon':
      return s.fillPolygon(p.points, p.color, { rule: p.rule });
  }
}

function randomBytes(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed | 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x;
  }
  return out;
}

let primitiveCalls = 0;
afterAll(() => {
  console.log(`draw-properties: ${RUNS} sequences, ${primitiveCalls} random primitive calls checked against the reference`);
});

describe('fast primitives equal the reference renderer, and touch nothing else', () => {
  const chunks = Math.max(1, Math.ceil(RUNS / CHUNK));
  it.each(Array.from({ length: chunks }, (_, i) => i))('random formats, strides, clips and primitives (part %i)', async (part) => {
    await new Promise((resolve) => setImmediate(resolve));
    const numRuns = Math.min(CHUNK, RUNS - part * CHUNK);
    fc.assert(
      fc.property(scene, (sc) => {
        const { format, width, height } = sc;
        const stride = rowBytes(format, width) + sc.padding;
        const length = stride * height;
        const initial = randomBytes(GUARD + sc.misalign + length + GUARD, sc.seed);
        const fastBuf = initial.slice();
        const refBuf = initial.slice();
        const start = GUARD + sc.misalign;
        const surface = new Surface({ width, height, format, stride, bytes: fastBuf.subarray(start, start + length) });
        if (sc.clip) surface.setClip(sc.clip);
        const clip = surface.clip;
        const reference = new ReferenceCanvas(refBuf.subarray(start), width, height, stride, format);
        for (const p of sc.primitives) {
          apply(surface, p);
          reference.draw(p, clip);
          primitiveCalls++;
          // 1. After every call, the same bytes as the reference, guard bytes and padding included.
          if (Buffer.compare(fastBuf, refBuf) !== 0) throw new Error(`${p.op} differs from the reference`);
        }
        // 2. Outside the clip nothing changed: guards, padding bytes, and every pixel.
        const before = new ReferenceCanvas(initial.subarray(start), width, height, stride, format);
        const after = new ReferenceCanvas(fastBuf.subarray(start), width, height, stride, format);
        expect(Buffer.compare(fastBuf.subarray(0, start), initial.subarray(0, start))).toBe(0);
        expect(Buffer.compare(fastBuf.subarray(start + length), initial.subarray(start + length))).toBe(0);
        const used = rowBytes(format, width);
        for (let y = 0; y < height; y++) {
          const pad = start + y * stride + used;
          expect(Buffer.compare(fastBuf.subarray(pad, pad + sc.padding), initial.subarray(pad, pad + sc.padding))).toBe(0);
          for (let x = 0; x < width; x++) {
            const inClip = x >= clip.x && x < clip.x + clip.w && y >= clip.y && y < clip.y + clip.h;
            if (!inClip && after.read(x, y) !== before.read(x, y)) throw new Error(`pixel (${x}, ${y}) outside the clip changed`);
          }
        }
        // Bits of a sub-byte row's last byte beyond the last pixel belong to nobody: unchanged.
        if (format.bpp < 8 && (width * format.bpp) % 8 !== 0) {
          const lastBits = (width * format.bpp) % 8;
          const spare = format.bitOrder === 'msb-first' ? (1 << (8 - lastBits)) - 1 : 0xff & ~((1 << lastBits) - 1);
          for (let y = 0; y < height; y++) {
            const at = start + y * stride + used - 1;
            expect(fastBuf[at]! & spare).toBe(initial[at]! & spare);
          }
        }
      }),
      { numRuns, seed: SEED === undefined ? undefined : SEED + part },
    );
  });
});
