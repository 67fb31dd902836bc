import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { rotateCopy, rotateInto, type RotatePixels } from '../../src/draw/rotate.js';
import { FORMATS, rowBytes, type PixelFormat } from '../../src/raster/format.js';
import { ROTATIONS, type Rotation } from '../../src/raster/rotation.js';
import { ArgumentError } from '../../src/errors.js';
import { refRotateCopy, refTurn } from '../reference/rotate-reference.js';
import { FORMATS_UNDER_TEST } from '../support/formats.js';
import { catchError } from '../support/catch-error.js';

const RUNS = Number(process.env.FBKIT_PROPERTY_RUNS ?? 300);
const GUARD = 8;

/** One format per memory layout: rotation moves raw values, so formats that store pixels alike behave alike. */
const LAYOUTS: readonly PixelFormat[] = [
  ...new Map(FORMATS_UNDER_TEST.map((f) => [`${f.bpp}/${f.bpp < 8 ? f.bitOrder : ''}`, f] as const)).values(),
];

/** A pseudo-random byte pattern, so a pixel put in the wrong place shows. */
function scribble(bytes: Uint8Array, seed: number): void {
  let s = seed >>> 0 || 1;
  for (let i = 0; i < bytes.length; i++) bytes[i] = (s = (Math.imul(s, 1103515245) + 12345) >>> 0) >>> 24;
}

interface Buffer2D extends RotatePixels {
  /** The whole allocation: guard bytes, the rows, guard bytes. */
  all: Uint8Array;
}

/** A width x height buffer with `pad` extra bytes per row, starting `shift` bytes into its allocation (0 aligned, 1 not). */
function buffer(format: PixelFormat, width: number, height: number, pad: number, shift: number, seed: number): Buffer2D {
  const stride = rowBytes(format, width) + pad;
  const all = new Uint8Array(GUARD + shift + stride * height + GUARD);
  scribble(all, seed);
  return { all, bytes: all.subarray(GUARD + shift, GUARD + shift + stride * height), stride, format, width, height };
}

function twin(b: Buffer2D): Buffer2D {
  const all = b.all.slice();
  return { ...b, all, bytes: all.subarray(b.bytes.byteOffset, b.bytes.byteOffset + b.bytes.length) };
}

describe('rotateInto, every rectangle of a 5x3 picture, every layout and rotation', () => {
  for (const format of LAYOUTS) {
    it(`${format.name} (${format.bpp} bpp${format.bpp < 8 ? `, ${format.bitOrder}` : ''})`, () => {
      let cases = 0;
      for (const rotation of ROTATIONS) {
        for (const shift of [0, 1]) {
          const src = buffer(format, 5, 3, shift, shift, 7 + rotation);
          const turned = rotation % 180 === 0 ? { w: 5, h: 3 } : { w: 3, h: 5 };
          for (let h = 0; h <= 3; h++)
            for (let w = 0; w <= 5; w++)
              for (let y = 0; y + h <= 3; y++)
                for (let x = 0; x + w <= 5; x++) {
                  const dst = buffer(format, turned.w, turned.h, 3, shift, 99 + x + 7 * y);
                  const expected = twin(dst);
                  const rect = { x, y, w, h };
                  // The reference places the turned rectangle by turning the whole picture's pixels.
                  for (let j = 0; j < h; j++)
                    for (let i = 0; i < w; i++) {
                      const p = refTurn({ x: x + i, y: y + j }, rotation, 5, 3);
                      const one = { x: x + i, y: y + j, w: 1, h: 1 };
                      refRotateCopy(expected, p.x, p.y, src, one, 0);
                    }
                  const written = rotateInto(dst, src, rect, rotation);
                  expect(written.w * written.h).toBe(w * h);
                  expect(dst.all).toEqual(expected.all);
                  cases++;
                }
        }
      }
      expect(cases).toBe(4 * 2 * 210);
    });
  }
});

describe('rotateCopy matches the reference on random sizes, rectangles and places', () => {
  it('for every layout, across tile edges, with padded and unaligned rows', () => {
    const arb = fc
      .record({
        format: fc.constantFrom(...LAYOUTS),
        rotation: fc.constantFrom(...ROTATIONS),
        sw: fc.integer({ min: 1, max: 90 }),
        sh: fc.integer({ min: 1, max: 90 }),
        spad: fc.integer({ min: 0, max: 5 }),
        dpad: fc.integer({ min: 0, max: 5 }),
        sshift: fc.integer({ min: 0, max: 3 }),
        dshift: fc.integer({ min: 0, max: 3 }),
        seed: fc.integer(),
      })
      .chain((c) =>
        fc.record({
          c: fc.constant(c),
          x: fc.integer({ min: 0, max: c.sw }),
          y: fc.integer({ min: 0, max: c.sh }),
          extraW: fc.integer({ min: 0, max: 6 }),
          extraH: fc.integer({ min: 0, max: 6 }),
          fx: fc.double({ min: 0, max: 1, noNaN: true }),
          fy: fc.double({ min: 0, max: 1, noNaN: true }),
          fw: fc.double({ min: 0, max: 1, noNaN: true }),
          fh: fc.double({ min: 0, max: 1, noNaN: true }),
        }),
      );
    fc.assert(
      fc.property(arb, ({ c, x, y, extraW, extraH, fx, fy, fw, fh }) => {
        const src = buffer(c.format, c.sw, c.sh, c.spad, c.sshift, c.seed);
        const w = Math.floor(fw * (c.sw - x)),
          h = Math.floor(fh * (c.sh - y));
        const tw = c.rotation % 180 === 0 ? w : h,
          th = c.rotation % 180 === 0 ? h : w;
        const dst = buffer(c.format, tw + extraW, th + extraH, c.dpad, c.dshift, c.seed ^ 0x5a5a);
        const dx = Math.min(extraW, Math.floor(fx * (extraW + 1))),
          dy = Math.min(extraH, Math.floor(fy * (extraH + 1)));
        const expected = twin(dst);
        refRotateCopy(expected, dx, dy, src, { x, y, w, h }, c.rotation);
        rotateCopy(dst, dx, dy, src, { x, y, w, h }, c.rotation);
        expect(dst.all).toEqual(expected.all);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('rotateInto on pictures larger than a tile', () => {
  // 64-pixel tiles: these sizes end tiles mid-way, and span several in both directions.
  for (const format of [FORMATS.XRGB8888, FORMATS.RGB565, FORMATS.PAL8, FORMATS.RGB888]) {
    it.each(ROTATIONS)(`${format.name}, %i degrees`, (rotation) => {
      const src = buffer(format, 150, 131, 4, 0, rotation + 1);
      const turned = rotation % 180 === 0 ? [150, 131] : [131, 150];
      for (const rect of [
        { x: 0, y: 0, w: 150, h: 131 },
        { x: 63, y: 1, w: 66, h: 128 },
      ]) {
        const dst = buffer(format, turned[0]!, turned[1]!, 8, 0, rotation + 2);
        const expected = twin(dst);
        const at = refTurn({ x: rect.x, y: rect.y }, rotation, 150, 131);
        const far = refTurn({ x: rect.x + rect.w - 1, y: rect.y + rect.h - 1 }, rotation, 150, 131);
        refRotateCopy(expected, Math.min(at.x, far.x), Math.min(at.y, far.y), src, rect, rotation);
        rotateInto(dst, src, rect, rotation);
        expect(dst.all).toEqual(expected.all);
      }
    });
  }
});

describe('rotateInto', () => {
  it('turns clockwise: at 90 the top-left pixel lands top-right', () => {
    const src = buffer(FORMATS.XRGB8888, 4, 2, 0, 0, 1);
    src.bytes.fill(0);
    new Uint32Array(src.bytes.buffer, src.bytes.byteOffset, 8)[0] = 0x112233;
    const dst = buffer(FORMATS.XRGB8888, 2, 4, 0, 0, 2);
    dst.bytes.fill(0);
    expect(rotateInto(dst, src, { x: 0, y: 0, w: 1, h: 1 }, 90)).toEqual({ x: 1, y: 0, w: 1, h: 1 });
    expect(Array.from(new Uint32Array(dst.bytes.buffer, dst.bytes.byteOffset, 8))).toEqual([0, 0x112233, 0, 0, 0, 0, 0, 0]);
  });

  it('cuts the rectangle to the source, and writes nothing for one outside it', () => {
    const src = buffer(FORMATS.RGB565, 6, 4, 0, 0, 3);
    const dst = buffer(FORMATS.RGB565, 4, 6, 2, 0, 4);
    const before = dst.all.slice();
    expect(rotateInto(dst, src, { x: 10, y: 0, w: 5, h: 5 }, 270).w).toBe(0);
    expect(dst.all).toEqual(before);
    const expected = twin(dst);
    refRotateCopy(expected, 0, 0, src, { x: 0, y: 0, w: 6, h: 4 }, 270);
    expect(rotateInto(dst, src, { x: -3, y: -3, w: 20, h: 20 }, 270)).toEqual({ x: 0, y: 0, w: 4, h: 6 });
    expect(dst.all).toEqual(expected.all);
  });

  it('refuses a destination of the wrong size', () => {
    const src = buffer(FORMATS.XRGB8888, 6, 4, 0, 0, 3);
    const dst = buffer(FORMATS.XRGB8888, 6, 4, 0, 0, 3);
    const err = catchError(() => rotateInto(dst, src, { x: 0, y: 0, w: 6, h: 4 }, 90));
    expect(err).toBeInstanceOf(ArgumentError);
    expect((err as Error).message).toContain('is 4x6, not 6x4');
  });
});

describe('rotateCopy refuses before writing', () => {
  const src = buffer(FORMATS.XRGB8888, 6, 4, 0, 0, 5);
  it.each<[string, () => void]>([
    ['a destination rectangle past the edge', () => rotateCopy(dst(), 3, 0, src, { x: 0, y: 0, w: 2, h: 4 }, 90 as Rotation)],
    ['a source rectangle past the edge', () => rotateCopy(dst(), 0, 0, src, { x: 5, y: 0, w: 2, h: 1 }, 0 as Rotation)],
    ['another pixel layout', () => rotateCopy(buffer(FORMATS.RGB565, 6, 6, 0, 0, 1), 0, 0, src, { x: 0, y: 0, w: 1, h: 1 }, 0)],
  ])('%s', (_name, call) => {
    expect(catchError(call)).toBeInstanceOf(ArgumentError);
  });

  function dst(): Buffer2D {
    return buffer(FORMATS.XRGB8888, 6, 6, 0, 0, 6);
  }
});
