/**
 * Mutated PNGs: bit flips, truncation, chunks reordered, dropped or repeated, and headers
 * declaring huge sizes (with valid CRCs, so the size checks are reached). readPng must give a
 * whole surface or a one-line PngError (never another error, never a hang), quickly and in
 * bounded memory. A fixed seed in CI; FBKIT_FUZZ_RUNS and FBKIT_FUZZ_SEED for more.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PngError, readPng, writePng } from '../../src/codecs/png.js';
import { Surface } from '../../src/draw/surface.js';
import { FORMATS } from '../../src/raster/format.js';
import { FORMATS_UNDER_TEST } from '../support/formats.js';
import { chunk, ihdr } from '../codecs/png-builder.js';

const RUNS = Number(process.env.FBKIT_FUZZ_RUNS ?? 2000);
const SEED = Number(process.env.FBKIT_FUZZ_SEED ?? 20261126);

/** Valid PNGs of several formats and sizes (pngjs writes them; some are palette or gray). */
const seeds = FORMATS_UNDER_TEST.filter((_, i) => i % 3 === 0).map((format, i) => {
  const s = Surface.create(3 + i * 5, 2 + i * 3, format);
  for (let y = 0; y < s.height; y++) s.fillRect({ x: y % s.width, y, w: Math.max(1, s.width - y), h: 1 }, (0x9e3779b9 * (y + 1)) >>> 0);
  return new Uint8Array(writePng(s));
});

interface Chunk {
  type: string;
  bytes: Uint8Array;
}

function splitChunks(png: Uint8Array): Chunk[] {
  const out: Chunk[] = [];
  const dv = new DataView(png.buffer, png.byteOffset, png.byteLength);
  for (let at = 8; at + 12 <= png.length; ) {
    const len = dv.getUint32(at);
    const end = Math.min(png.length, at + 12 + len);
    out.push({ type: String.fromCharCode(...png.subarray(at + 4, at + 8)), bytes: png.subarray(at, end) });
    at = end;
  }
  return out;
}

const join = (head: Uint8Array, chunks: Uint8Array[]): Uint8Array => Uint8Array.from(Buffer.concat([head, ...chunks]));

type Mutation = (png: Uint8Array) => Uint8Array;

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 7 })), { minLength: 1, maxLength: 8 }).map((flips) => (png: Uint8Array) => {
    const out = png.slice();
    for (const [at, bit] of flips) out[at % out.length]! ^= 1 << bit;
    return out;
  }),
  fc.nat().map((cut) => (png: Uint8Array) => png.subarray(0, cut % png.length)),
  fc.array(fc.nat(), { minLength: 2, maxLength: 6 }).map((order) => (png: Uint8Array) => {
    const chunks = splitChunks(png);
    if (chunks.length === 0) return png;
    const picked = order.map((o) => chunks[o % chunks.length]!.bytes);
    return join(png.subarray(0, 8), picked);
  }),
  fc.tuple(fc.nat(), fc.boolean()).map(([which, repeat]) => (png: Uint8Array) => {
    const chunks = splitChunks(png).map((c) => c.bytes);
    if (chunks.length === 0) return png;
    const i = which % chunks.length;
    if (repeat) chunks.splice(i, 0, chunks[i]!);
    else chunks.splice(i, 1);
    return join(png.subarray(0, 8), chunks);
  }),
  fc
    .tuple(
      fc.integer({ min: 1, max: 2 ** 31 - 1 }),
      fc.integer({ min: 1, max: 2 ** 31 - 1 }),
      fc.constantFrom(1, 2, 4, 8, 16),
      fc.constantFrom(0, 2, 3, 4, 6),
      fc.constantFrom(0, 1),
    )
    .map(([w, h, depth, colorType, interlace]) => (png: Uint8Array) => {
      const chunks = splitChunks(png).map((c) => c.bytes);
      chunks.splice(0, 1, ihdr(w, h, depth, colorType, interlace));
      return join(png.subarray(0, 8), chunks);
    }),
  fc.uint8Array({ maxLength: 64 }).map((data) => (png: Uint8Array) => {
    const chunks = splitChunks(png).map((c) => c.bytes);
    chunks.splice(1, 0, chunk('IDAT', data));
    return join(png.subarray(0, 8), chunks);
  }),
);

describe(`PNG fuzz (${RUNS} mutated files, seed ${SEED})`, () => {
  it('readPng returns a whole surface or throws a one-line PngError, quickly', () => {
    let accepted = 0;
    let refused = 0;
    let slowest = 0;
    fc.assert(
      fc.property(fc.nat({ max: seeds.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 3 }), (which, mutations) => {
        const bytes = mutations.reduce<Uint8Array>((png, m) => m(png), seeds[which]!);
        const t0 = performance.now();
        let result: unknown;
        try {
          result = readPng(bytes);
        } catch (err) {
          result = err;
        }
        slowest = Math.max(slowest, performance.now() - t0);
        if (result instanceof Surface) {
          accepted++;
          expect(result.format).toBe(FORMATS.ARGB8888);
          expect(result.bytes.length).toBe(result.width * result.height * 4);
        } else {
          refused++;
          expect(result).toBeInstanceOf(PngError);
          expect((result as PngError).message.split('\n')[0]).not.toMatch(/undefined|NaN|\[object/);
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
    console.log(`PNG fuzz: ${RUNS} files, ${accepted} decoded, ${refused} refused, slowest ${slowest.toFixed(1)} ms`);
    expect(slowest).toBeLessThan(2000);
  });
});
