import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FORMATS, type PixelFormat } from '../../src/raster/format.js';
import { blit, clipBlit } from '../../src/draw/blit.js';
import { ArgumentError } from '../../src/errors.js';
import { refBlit, refRead, surfaceOver, type RefSurface } from '../reference/blit-reference.js';
import { FORMATS_UNDER_TEST } from '../support/formats.js';

const GUARD = 16;
const GUARD_BYTE = 0xa5;
/** fast-check runs per property; FBKIT_PROPERTY_RUNS raises it for a long soak. */
const RUNS = Number(process.env.FBKIT_PROPERTY_RUNS ?? 1000);
const TIMEOUT = Math.max(30_000, RUNS * 10);

interface World {
  buffer: Uint8Array; // guard + pixels + guard
  dst: RefSurface;
  src: RefSurface;
}

const arbRect = (lo: number, hi: number) =>
  fc.record({
    x: fc.integer({ min: lo, max: hi }),
    y: fc.integer({ min: lo, max: hi }),
    w: fc.integer({ min: 0, max: 30 }),
    h: fc.integer({ min: 0, max: 20 }),
  });

/** Fills with a deterministic pseudo-random byte pattern. */
function scribble(bytes: Uint8Array, seed: number): void {
  let s = seed >>> 0;
  for (let i = 0; i < bytes.length; i++) bytes[i] = (s = (Math.imul(s, 1103515245) + 12345) >>> 0) >>> 24;
}

const arbSurfaceShape = fc.record({
  format: fc.constantFrom(...FORMATS_UNDER_TEST),
  width: fc.integer({ min: 1, max: 24 }),
  height: fc.integer({ min: 1, max: 12 }),
  pad: fc.integer({ min: 0, max: 9 }),
});

/** The source: its own buffer, the destination itself, or another view into its buffer. */
const arbWorld = fc
  .record({
    dstShape: arbSurfaceShape,
    srcShape: arbSurfaceShape,
    kind: fc.constantFrom('separate', 'self', 'self', 'shared'),
    sharedOffset: fc.nat(),
    clip: fc.option(arbRect(-5, 20), { nil: undefined }),
    seed: fc.integer(),
  })
  .map(({ dstShape, srcShape, kind, sharedOffset, clip, seed }): World => {
    const dstStride = Math.ceil((dstShape.width * dstShape.format.bpp) / 8) + dstShape.pad;
    const srcStride = Math.ceil((srcShape.width * srcShape.format.bpp) / 8) + srcShape.pad;
    const dstLen = dstStride * dstShape.height;
    const srcLen = srcStride * srcShape.height;
    const pixelsLen = kind === 'separate' ? dstLen + srcLen : Math.max(dstLen, srcLen);
    const buffer = new Uint8Array(GUARD + pixelsLen + GUARD).fill(GUARD_BYTE);
    scribble(buffer.subarray(GUARD, GUARD + pixelsLen), seed);
    const dst: RefSurface = {
      ...dstShape,
      stride: dstStride,
      bytes: buffer.subarray(GUARD, GUARD + dstLen),
      clip: clip ?? { x: 0, y: 0, w: dstShape.width, h: dstShape.height },
    };
    if (kind === 'self') return { buffer, dst, src: dst };
    const srcAt = kind === 'separate' ? GUARD + dstLen : GUARD + (sharedOffset % (pixelsLen - srcLen + 1));
    const src: RefSurface = {
      ...srcShape,
      stride: srcStride,
      bytes: buffer.subarray(srcAt, srcAt + srcLen),
      clip: { x: 0, y: 0, w: srcShape.width, h: srcShape.height },
    };
    return { buffer, dst, src };
  });

const arbCall = fc.record({
  // Mostly near the surfaces, sometimes far outside them.
  at: fc.oneof(
    { weight: 4, arbitrary: fc.record({ x: fc.integer({ min: -8, max: 12 }), y: fc.integer({ min: -6, max: 8 }) }) },
    { weight: 1, arbitrary: fc.record({ x: fc.integer({ min: -1e6, max: 1e6 }), y: fc.integer({ min: -1e6, max: 1e6 }) }) },
  ),
  srcRect: fc.option(arbRect(-6, 16), { nil: undefined, freq: 2 }),
  op: fc.constantFrom<'src' | 'over' | undefined>('src', 'over', undefined),
  opacity: fc.constantFrom(undefined, 0, 0.3, 1),
});

/** The same world over a fresh copy of the buffer (views keep their offsets). */
function cloneWorld(w: World): World {
  const buffer = Uint8Array.from(w.buffer);
  const rebase = (s: RefSurface): RefSurface => ({ ...s, bytes: buffer.subarray(s.bytes.byteOffset, s.bytes.byteOffset + s.bytes.length) });
  const dst = rebase(w.dst);
  return { buffer, dst, src: w.src === w.dst ? dst : rebase(w.src) };
}

describe('blit against the per-pixel reference', () => {
  it(
    'gives the same bytes everywhere, guards and row padding included',
    () => {
      fc.assert(
        fc.property(arbWorld, arbCall, (world, call) => {
          const fast = cloneWorld(world);
          const slow = cloneWorld(world);
          blit(surfaceOver(fast.dst), surfaceOver(fast.src), call.at, call);
          refBlit(slow.dst, slow.src, call.at, call);
          expect(fast.buffer.subarray(0, GUARD).every((b) => b === GUARD_BYTE)).toBe(true);
          expect(fast.buffer.subarray(fast.buffer.length - GUARD).every((b) => b === GUARD_BYTE)).toBe(true);
          expect(Buffer.from(fast.buffer).equals(Buffer.from(slow.buffer))).toBe(true);
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  it(
    'changes nothing outside the clipped destination rectangle',
    () => {
      fc.assert(
        fc.property(arbWorld, arbCall, (world, call) => {
          if (world.src.bytes.buffer === world.dst.bytes.buffer && world.src !== world.dst) return; // src bytes may sit outside dst
          const before = cloneWorld(world);
          blit(surfaceOver(world.dst), surfaceOver(world.src), call.at, call);
          const r = call.srcRect ?? { x: 0, y: 0, w: world.src.width, h: world.src.height };
          const span = clipBlit(surfaceOver(world.dst), surfaceOver(world.src), call.at, r);
          for (let y = 0; y < world.dst.height; y++) {
            for (let x = 0; x < world.dst.width; x++) {
              const inside = span !== null && x >= span.dx && y >= span.dy && x < span.dx + span.w && y < span.dy + span.h;
              if (!inside) expect(refRead(world.dst, x, y)).toBe(refRead(before.dst, x, y));
            }
          }
          const tail = world.buffer.length - GUARD;
          expect(Buffer.from(world.buffer.subarray(0, GUARD)).equals(Buffer.from(before.buffer.subarray(0, GUARD)))).toBe(true);
          expect(Buffer.from(world.buffer.subarray(tail)).equals(Buffer.from(before.buffer.subarray(tail)))).toBe(true);
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );
});

describe('blit specifics', () => {
  const surface = (format: PixelFormat, width: number, height: number, fill = 0): RefSurface => {
    const stride = Math.ceil((width * format.bpp) / 8);
    return { format, width, height, stride, bytes: new Uint8Array(stride * height).fill(fill), clip: { x: 0, y: 0, w: width, h: height } };
  };

  it('overlapping self-blit shifts like memmove in every direction', () => {
    for (const [dx, dy] of [
      [1, 0],
      [-1, 0],
      [0, 1],
      [0, -1],
      [2, 3],
      [-3, -2],
    ] as const) {
      const s = surface(FORMATS.RGB565, 8, 6);
      const u16 = new Uint16Array(s.bytes.buffer);
      u16.forEach((_, i) => (u16[i] = i + 1));
      const expected = Uint16Array.from(u16);
      for (let y = 0; y < 6; y++) {
        for (let x = 0; x < 8; x++) {
          const sx = x - dx,
            sy = y - dy;
          if (sx >= 0 && sy >= 0 && sx < 8 && sy < 6) expected[y * 8 + x] = sy * 8 + sx + 1;
        }
      }
      blit(surfaceOver(s), surfaceOver(s), { x: dx, y: dy });
      expect([...u16]).toEqual([...expected]);
    }
  });

  it('converts ARGB8888 to RGB565 and back with the expected values', () => {
    const src = surface(FORMATS.ARGB8888, 2, 1);
    new Uint32Array(src.bytes.buffer).set([0xffff8040, 0xff00ff00]);
    const mid = surface(FORMATS.RGB565, 2, 1);
    blit(surfaceOver(mid), surfaceOver(src), { x: 0, y: 0 });
    expect([...new Uint16Array(mid.bytes.buffer)]).toEqual([(31 << 11) | (32 << 5) | 8, 63 << 5]);
    const back = surface(FORMATS.ARGB8888, 2, 1);
    blit(surfaceOver(back), surfaceOver(mid), { x: 0, y: 0 });
    expect([...new Uint32Array(back.bytes.buffer)]).toEqual([0xffff8242, 0xff00ff00]);
  });

  it('over with half opacity blends red onto blue', () => {
    const dst = surface(FORMATS.XRGB8888, 1, 1);
    new Uint32Array(dst.bytes.buffer)[0] = 0x0000ff;
    const src = surface(FORMATS.ARGB8888, 1, 1);
    new Uint32Array(src.bytes.buffer)[0] = 0xffff0000;
    blit(surfaceOver(dst), surfaceOver(src), { x: 0, y: 0 }, { op: 'over', opacity: 0.5 });
    expect(new Uint32Array(dst.bytes.buffer)[0]).toBe(0x80007f);
  });

  it('rejects bad arguments with ArgumentError', () => {
    const s = surfaceOver(surface(FORMATS.ARGB8888, 4, 4));
    expect(() => blit(s, s, { x: 0.5, y: 0 })).toThrow(ArgumentError);
    expect(() => blit(s, s, { x: 0, y: 0 }, { srcRect: { x: 0, y: 0, w: -1, h: 2 } })).toThrow(/negative size/);
    expect(() => blit(s, s, { x: 0, y: 0 }, { op: 'add' as 'src' })).toThrow(/unknown op/);
    expect(() => blit(s, s, { x: 0, y: 0 }, { opacity: 2 })).toThrow(/0\.\.1/);
  });
});
