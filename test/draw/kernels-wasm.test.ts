/**
 * The WASM SIMD kernels (src/draw/kernels/) must give exactly the bytes of the JS kernels
 * they stand in for. Each case draws twice, once with the WASM kernels off (the JS
 * kernels, the reference) and once on, and compares every byte of the destination:
 *  - exhaustive where the domain allows: every 565 value into every covered format, every
 *    (source channel, destination channel, source alpha) triple of source-over onto
 *    XRGB8888 and ARGB8888, every (alpha, opacity) pair of the fade;
 *  - fast-check elsewhere: random pixels, formats (covered or not), strides, offsets,
 *    ops and opacities, and bilinear scales with translucent pixels.
 * A test also checks that the kernels really ran (so a silent fallback to JS can't pass).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { FORMATS, rowBytes, type PixelFormat } from '../../src/raster/format.js';
import { Surface } from '../../src/draw/surface.js';
import { setWasmKernels, wasmKernels } from '../../src/draw/kernels/wasm.js';
import { formatKernels } from '../../src/draw/kernels/formats.js';
import { FORMATS_UNDER_TEST } from '../support/formats.js';

afterEach(() => {
  setWasmKernels(true);
  vi.restoreAllMocks();
});

/** Runs `draw` with the JS kernels, then with the WASM ones; returns both results. */
function bothWays(draw: () => Uint8Array): [Uint8Array, Uint8Array] {
  setWasmKernels(false);
  const js = draw();
  setWasmKernels(true);
  return [js, draw()];
}

function firstDifference(a: Uint8Array, b: Uint8Array): string {
  if (a.length !== b.length) return `lengths ${a.length} != ${b.length}`;
  const i = a.findIndex((v, k) => v !== b[k]);
  return i < 0 ? 'none' : `byte ${i}: JS ${a[i]} != WASM ${b[i]}`;
}

const COVERED = FORMATS_UNDER_TEST.filter((f) => formatKernels(f) !== null);

function surfaceOf(format: PixelFormat, width: number, height: number, fillBytes: (i: number) => number): Surface {
  const s = Surface.create(width, height, format);
  for (let i = 0; i < s.bytes.length; i++) s.bytes[i] = fillBytes(i);
  return s;
}

describe('WASM kernels', () => {
  it('load in this Node and cover the common formats', () => {
    expect(wasmKernels()).not.toBeNull();
    const names = Object.entries(FORMATS)
      .filter(([, f]) => formatKernels(f) !== null)
      .map(([n]) => n);
    expect(names).toEqual([
      'ARGB8888',
      'XRGB8888',
      'ABGR8888',
      'XBGR8888',
      'RGBA8888',
      'BGRA8888',
      'RGB888',
      'BGR888',
      'RGB565',
      'BGR565',
      'GRAY8',
    ]);
  });

  it('really run: a big blit calls them, a small one does not, and off means off', () => {
    const k = wasmKernels()!.k;
    const spy = vi.spyOn(k, 'argb_to_565');
    const src = Surface.create(64, 64, FORMATS.ARGB8888);
    Surface.create(64, 64, FORMATS.RGB565).blit(src, { x: 0, y: 0 });
    expect(spy).toHaveBeenCalledTimes(1);
    Surface.create(7, 9, FORMATS.RGB565).blit(src, { x: 0, y: 0 }); // 63 pixels: below the threshold
    setWasmKernels(false);
    Surface.create(64, 64, FORMATS.RGB565).blit(src, { x: 0, y: 0 });
    expect(spy).toHaveBeenCalledTimes(1);
  });

  it('fall back to the JS kernels, same bytes, when their memory cannot grow', () => {
    const wasm = wasmKernels()!;
    const src = Surface.create(64, 48, FORMATS.ARGB8888);
    new Uint32Array(src.bytes.buffer).forEach((_, i, a) => (a[i] = (i * 0x9e3779b1) >>> 0));
    const draw = () => {
      const dst = Surface.create(100, 80, FORMATS.RGB565);
      dst.blit(src, { x: 3, y: 2 }, { op: 'over' });
      dst.blitScaled(src, { x: 0, y: 0, w: 100, h: 80 }, { op: 'over', opacity: 0.5 });
      return dst.bytes;
    };
    const [js] = bothWays(draw);
    vi.spyOn(wasm, 'reserve').mockReturnValue(false);
    const blend = vi.spyOn(wasm.k, 'over_8888');
    const scale = vi.spyOn(wasm.k, 'bilinear_row');
    expect(firstDifference(js, draw())).toBe('none');
    expect(blend).not.toHaveBeenCalled();
    expect(scale).not.toHaveBeenCalled();
  });

  it('every 565 and BGR565 value into every covered format', () => {
    for (const from of [FORMATS.RGB565, FORMATS.BGR565]) {
      const src = surfaceOf(from, 256, 256, (i) => (i & 1 ? i >> 9 : (i >> 1) & 255)); // pixel v at index v
      for (const to of COVERED) {
        const [js, wasm] = bothWays(() => {
          const dst = Surface.create(256, 256, to);
          dst.blit(src, { x: 0, y: 0 });
          return dst.bytes;
        });
        expect(firstDifference(js, wasm), `${from.bpp} bpp -> ${JSON.stringify(to.red)}`).toBe('none');
      }
    }
  });

  // The exhaustive cases run as many small tests, each well inside the timeout on an
  // emulated ARM Node too (npm run test:arm): there a synchronous test longer than vitest's
  // 60 s RPC timeout fails the run even when it passes, so the 2^24 colors go in eighths.
  const COLOR_PARTS = 8;
  const colorPart = (part: number): Surface => {
    // Pixel i is RGB color part*2^21 + i (each of the 2^24 once over the parts), its alpha a hash of it.
    const rows = 4096 / COLOR_PARTS;
    const surface = Surface.create(4096, rows, FORMATS.ARGB8888);
    const px = new Uint32Array(surface.bytes.buffer);
    const first = part * 4096 * rows;
    for (let i = 0; i < px.length; i++) {
      const color = first + i;
      px[i] = (((color * 0x9e3779b1) & 0xff000000) | (color & 0xffffff)) >>> 0;
    }
    return surface;
  };
  for (const to of COVERED.filter((f) => f.bpp !== 32)) {
    for (let part = 0; part < COLOR_PARTS; part++) {
      it(`every covered format encodes all 2^24 colors (with alpha) like pack(): ${JSON.stringify(to.red)} ${to.bpp} bpp, part ${part + 1}/${COLOR_PARTS}`, () => {
        const src = colorPart(part);
        const [js, wasm] = bothWays(() => {
          const dst = Surface.create(src.width, src.height, to);
          dst.blit(src, { x: 0, y: 0 });
          return dst.bytes;
        });
        expect(firstDifference(js, wasm)).toBe('none');
      });
    }
  }

  for (const to of [FORMATS.XRGB8888, FORMATS.ARGB8888]) {
    for (let from = 0; from < 256; from += 32) {
      it(`source-over: every (source, destination) channel pair at source alpha ${from}..${from + 31} onto ${to.transp.length ? 'ARGB' : 'XRGB'}8888`, () => {
        const src = Surface.create(256, 256, FORMATS.ARGB8888);
        const s32 = new Uint32Array(src.bytes.buffer);
        for (let sa = from; sa < from + 32; sa++) {
          // Pixel (x, y): channel value x over channel value y, in all three channels.
          for (let i = 0; i < 65536; i++) s32[i] = ((sa << 24) | ((i & 255) * 0x010101)) >>> 0;
          const [js, wasm] = bothWays(() => {
            const dst = Surface.create(256, 256, to);
            const d32 = new Uint32Array(dst.bytes.buffer);
            for (let i = 0; i < 65536; i++) d32[i] = (0xff000000 | ((i >> 8) * 0x010101)) >>> 0;
            dst.blit(src, { x: 0, y: 0 }, { op: 'over' });
            return dst.bytes;
          });
          const diff = firstDifference(js, wasm);
          if (diff !== 'none') expect(diff, `alpha ${sa}`).toBe('none');
        }
      });
    }
  }

  for (let from = 0; from < 255; from += 64) {
    it(`fade: every (alpha, value) pair at opacities ${from}/255..${Math.min(from + 63, 254)}/255`, () => {
      const src = Surface.create(256, 256, FORMATS.ARGB8888);
      const s32 = new Uint32Array(src.bytes.buffer);
      for (let i = 0; i < 65536; i++) s32[i] = (((i >> 8) << 24) | ((i & 255) * 0x010101)) >>> 0;
      for (let o = from; o < Math.min(from + 64, 255); o++) {
        const [js, wasm] = bothWays(() => {
          const dst = Surface.create(256, 256, FORMATS.ARGB8888);
          dst.blit(src, { x: 0, y: 0 }, { opacity: o / 255 });
          return dst.bytes;
        });
        const diff = firstDifference(js, wasm);
        if (diff !== 'none') expect(diff, `opacity ${o}/255`).toBe('none');
      }
    });
  }

  it('random blits between any formats, strides and offsets give the same bytes', () => {
    const format = fc.constantFrom(...FORMATS_UNDER_TEST);
    const coveredFormat = fc.constantFrom(...COVERED);
    fc.assert(
      fc.property(
        fc.oneof(coveredFormat, format),
        fc.oneof(coveredFormat, format),
        fc.integer({ min: 20, max: 90 }),
        fc.integer({ min: 8, max: 40 }),
        fc.integer({ min: 0, max: 9 }),
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.constantFrom('src' as const, 'over' as const),
        fc.constantFrom(1, 0.5, 0.01, 200 / 255),
        fc.record({ x: fc.integer({ min: -5, max: 10 }), y: fc.integer({ min: -5, max: 10 }) }),
        (sf, df, w, h, pad, seed, op, opacity, at) => {
          let state = seed | 1;
          const rnd = () => {
            state ^= state << 13;
            state ^= state >>> 17;
            state ^= state << 5;
            // Alpha bytes mostly 0 or 255, as real images have them, sometimes anything.
            return state & 255;
          };
          const srcBytes = Uint8Array.from({ length: (rowBytes(sf, w) + pad) * h + 3 }, rnd);
          const dstSeed = Uint8Array.from({ length: (rowBytes(df, w) + pad + 1) * h + 3 }, rnd);
          const [js, wasm] = bothWays(() => {
            const src = new Surface({ width: w, height: h, format: sf, stride: rowBytes(sf, w) + pad, bytes: srcBytes.subarray(pad % 4) });
            const bytes = dstSeed.slice();
            const dst = new Surface({ width: w, height: h, format: df, stride: rowBytes(df, w) + pad + 1, bytes: bytes.subarray(1) });
            dst.blit(src, at, { op, opacity });
            return bytes;
          });
          expect(firstDifference(js, wasm)).toBe('none');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('random bilinear scales (translucent pixels, any destination format, fits, ops) give the same bytes', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...FORMATS_UNDER_TEST),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 30 }),
        fc.record({
          x: fc.integer({ min: -10, max: 20 }),
          y: fc.integer({ min: -10, max: 20 }),
          w: fc.integer({ min: 1, max: 90 }),
          h: fc.integer({ min: 1, max: 70 }),
        }),
        fc.constantFrom('stretch' as const, 'contain' as const, 'cover' as const),
        fc.constantFrom('src' as const, 'over' as const),
        fc.constantFrom(1, 0.7),
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.boolean(),
        (df, sw, sh, dstRect, fit, op, opacity, seed, opaque) => {
          let state = seed | 1;
          const src = Surface.create(sw, sh, FORMATS.ARGB8888);
          const px = new Uint32Array(src.bytes.buffer);
          for (let i = 0; i < px.length; i++) {
            state ^= state << 13;
            state ^= state >>> 17;
            state ^= state << 5;
            // Mostly opaque, some fully transparent, some in between.
            // (Opaque sources take the kernel's two-pass path.)
            const a = opaque || (state & 3) > 1 ? 255 : (state & 3) === 0 ? 0 : (state >>> 24) & 255;
            px[i] = ((a << 24) | (state & 0xffffff)) >>> 0;
          }
          const [js, wasm] = bothWays(() => {
            const dst = surfaceOf(df, 80, 60, (i) => (i * 37) & 255);
            dst.blitScaled(src, dstRect, { fit, op, opacity });
            return dst.bytes;
          });
          expect(firstDifference(js, wasm)).toBe('none');
        },
      ),
      { numRuns: 400 },
    );
  });

  it('bilinear really runs in WASM for a big scale', () => {
    const spy = vi.spyOn(wasmKernels()!.k, 'bilinear_row');
    Surface.create(200, 100, FORMATS.XRGB8888).blitScaled(Surface.create(30, 20), { x: 0, y: 0, w: 200, h: 100 });
    expect(spy).toHaveBeenCalledTimes(100);
  });
});
