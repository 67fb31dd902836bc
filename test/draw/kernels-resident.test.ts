/**
 * Surfaces whose pixels live in WebAssembly memory (`Surface.create(..., { wasm: true })`):
 * the kernels read and write them in place, so they must give exactly the bytes of the
 * JS kernels on plain surfaces, never write outside the blit's pixels (row padding of a
 * subsurface, the bytes after the surface in its memory), and the surface's view must
 * never detach (its memory never grows).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { FORMATS, type PixelFormat } from '../../src/raster/format.js';
import { Surface } from '../../src/draw/surface.js';
import { residentWasm, setWasmKernels } from '../../src/draw/kernels/wasm.js';
import { formatKernels } from '../../src/draw/kernels/formats.js';
import { Framebuffer } from '../../src/display/framebuffer.js';
import { Frames } from '../../src/present/frames.js';
import { catchError } from '../support/catch-error.js';
import { FORMATS_UNDER_TEST } from '../support/formats.js';

afterEach(() => {
  setWasmKernels(true);
  vi.restoreAllMocks();
});

const COVERED = FORMATS_UNDER_TEST.filter((f) => formatKernels(f) !== null);

/** xorshift32 bytes, alpha bytes included, from `seed`. */
function noise(seed: number): () => number {
  let state = seed | 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return state & 255;
  };
}

function filled(w: number, h: number, format: PixelFormat, wasm: boolean, seed: number): Surface {
  const s = Surface.create(w, h, format, { wasm });
  const rnd = noise(seed);
  // Alpha (and everything else) mostly 0 or 255, as real images have it, sometimes anything.
  for (let i = 0; i < s.bytes.length; i++) s.bytes[i] = i % 3 === 0 ? rnd() : rnd() & 1 ? 255 : 0;
  return s;
}

/** The bytes of `s`'s memory after its pixels (slack and the rest of the last page). */
const bytesAfter = (s: Surface) => new Uint8Array(s.bytes.buffer, s.bytes.byteOffset + s.bytes.length);

describe('Surface.create with { wasm: true }', () => {
  it('puts zeroed pixels in a WASM memory of their own, with room after them', () => {
    const a = Surface.create(100, 30, FORMATS.RGB565, { wasm: true });
    const b = Surface.create(100, 30, FORMATS.RGB565, { wasm: true });
    expect(residentWasm(a.bytes.buffer)).not.toBeNull();
    expect(a.bytes.buffer).not.toBe(b.bytes.buffer);
    expect(a.bytes.length).toBe(100 * 30 * 2);
    expect(a.bytes.every((v) => v === 0)).toBe(true);
    expect(bytesAfter(a).length).toBeGreaterThanOrEqual(64);
    expect(residentWasm(Surface.create(100, 30).bytes.buffer)).toBeNull();
  });

  it('rejects a wasm option that is not a boolean, and bad sizes as before', () => {
    expect((catchError(() => Surface.create(4, 4, FORMATS.ARGB8888, { wasm: 1 as unknown as boolean })) as Error).message).toMatch(
      /options\.wasm must be a boolean/,
    );
    expect((catchError(() => Surface.create(-1, 4, FORMATS.ARGB8888, { wasm: true })) as Error).message).toMatch(
      /width must be a non-negative/,
    );
  });

  it('falls back to plain memory, same results, when the engine refuses another memory', () => {
    const src = filled(70, 20, FORMATS.ARGB8888, false, 7);
    const plain = Surface.create(70, 20, FORMATS.RGB565);
    plain.blit(src, { x: 0, y: 0 }, { op: 'over' });
    vi.spyOn((globalThis as unknown as { WebAssembly: { Memory: new () => object } }).WebAssembly, 'Memory').mockImplementation(() => {
      throw new RangeError('WebAssembly.Memory(): could not allocate memory');
    });
    const fallback = Surface.create(70, 20, FORMATS.RGB565, { wasm: true });
    expect(residentWasm(fallback.bytes.buffer)).toBeNull();
    fallback.blit(src, { x: 0, y: 0 }, { op: 'over' });
    expect(Buffer.compare(fallback.bytes, plain.bytes)).toBe(0);
  });

  it('never detaches: a transfer of its memory,  other surfaces and big blits leave it alone', () => {
    const s = Surface.create(64, 64, FORMATS.ARGB8888, { wasm: true });
    s.fillRect({ x: 0, y: 0, w: 64, h: 64 }, 0xff102030);
    // Transferring a WASM memory's buffer copies it (or throws) instead of detaching it.
    try {
      structuredClone(s.bytes.buffer, { transfer: [s.bytes.buffer as ArrayBuffer] });
    } catch {}
    expect(s.bytes.byteLength).toBe(64 * 64 * 4);
    const others = Array.from({ length: 8 }, () => Surface.create(300, 200, FORMATS.ARGB8888, { wasm: true }));
    // A big scale grows the shared staging memory; the resident ones are other memories.
    Surface.create(2000, 1500, FORMATS.XRGB8888).blitScaled(others[0]!, { x: 0, y: 0, w: 2000, h: 1500 }, { filter: 'bilinear' });
    expect(s.bytes.byteLength).toBe(64 * 64 * 4);
    expect(s.getPixel(63, 63)).toBe(0xff102030);
  });

  it('is read and written in place by its own instance (no copy in or out)', () => {
    const src = filled(64, 32, FORMATS.ARGB8888, true, 3);
    const k = residentWasm(src.bytes.buffer)!.k;
    const encode = vi.spyOn(k, 'argb_to_565');
    Surface.create(64, 32, FORMATS.RGB565).blit(src, { x: 0, y: 0 });
    expect(encode).toHaveBeenCalledTimes(1);
    expect(encode.mock.calls[0]![0]).toBe(src.bytes.byteOffset); // the source's own pixels

    const dst = Surface.create(64, 32, FORMATS.XRGB8888, { wasm: true });
    const blend = vi.spyOn(residentWasm(dst.bytes.buffer)!.k, 'over_x888');
    dst.blit(filled(64, 32, FORMATS.ARGB8888, false, 4), { x: 0, y: 0 }, { op: 'over' });
    expect(blend).toHaveBeenCalledTimes(1);
    expect(blend.mock.calls[0]![1]).toBe(dst.bytes.byteOffset); // blended where it lies
  });

  it('random blits between resident and plain surfaces give the JS kernels’ bytes and write nothing outside', () => {
    const format = fc.constantFrom(...COVERED, FORMATS.RGB888, FORMATS.PAL8, FORMATS.XRGB1555);
    fc.assert(
      fc.property(
        format,
        format,
        fc.boolean(),
        fc.boolean(),
        fc.record({
          x: fc.integer({ min: 0, max: 12 }),
          y: fc.integer({ min: 0, max: 5 }),
          w: fc.integer({ min: 1, max: 60 }),
          h: fc.integer({ min: 1, max: 30 }),
        }),
        fc.record({ x: fc.integer({ min: -8, max: 40 }), y: fc.integer({ min: -4, max: 20 }) }),
        fc.constantFrom('src' as const, 'over' as const),
        fc.constantFrom(1, 0.5, 200 / 255),
        fc.integer({ min: 0, max: 0xffffffff }),
        (sf, df, srcWasm, dstWasm, sub, at, op, opacity, seed) => {
          const draw = (): [Uint8Array, Uint8Array] => {
            const src = filled(60, 30, sf, srcWasm, seed);
            const dst = filled(72, 36, df, dstWasm, seed ^ 0x5bd1e995);
            // A subsurface in the middle: its rows are padded by the parent's other pixels, which must not change.
            const view = dst.subsurface(sub);
            view.blit(src, at, { op, opacity });
            return [dst.bytes.slice(), bytesAfter(dst).slice()];
          };
          setWasmKernels(false);
          const [js] = draw();
          setWasmKernels(true);
          const [wasm, outside] = draw();
          expect(Buffer.compare(wasm, js)).toBe(0);
          expect(outside.every((v) => v === 0)).toBe(true);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('3-byte destinations (whose vector stores spill past the last pixel) keep the bytes beside the blit', () => {
    for (const w of [16, 32, 48]) {
      for (const op of ['src', 'over'] as const) {
        const draw = () => {
          const dst = filled(w + 8, 10, FORMATS.RGB888, true, w);
          dst.subsurface({ x: 4, y: 1, w, h: 8 }).blit(filled(w, 8, FORMATS.ARGB8888, false, 9), { x: 0, y: 0 }, { op });
          return dst.bytes.slice();
        };
        setWasmKernels(false);
        const js = draw();
        setWasmKernels(true);
        expect(Buffer.compare(draw(), js), `${w} pixels, ${op}`).toBe(0);
      }
    }
  });

  it('a blit within one resident surface (overlapping or not) gives the JS kernels’ bytes', () => {
    for (const [op, to] of [
      ['src', { x: 5, y: 3 }],
      ['over', { x: -7, y: 1 }],
      ['over', { x: 0, y: 40 }],
    ] as const) {
      const draw = () => {
        const s = filled(80, 80, FORMATS.ARGB8888, true, 11);
        const dst = s.subsurface({ x: 0, y: 0, w: 80, h: 80 });
        dst.blit(s, to, { op, opacity: 0.75, srcRect: { x: 8, y: 8, w: 60, h: 30 } });
        return s.bytes.slice();
      };
      setWasmKernels(false);
      const js = draw();
      setWasmKernels(true);
      expect(Buffer.compare(draw(), js), `${op} to ${JSON.stringify(to)}`).toBe(0);
    }
  });

  it('bilinear scales onto and from resident surfaces give the JS kernels’ bytes', () => {
    for (const df of [FORMATS.XRGB8888, FORMATS.RGB565, FORMATS.RGB888]) {
      const draw = () => {
        const src = filled(33, 21, FORMATS.ARGB8888, true, 5);
        const dst = filled(90, 61, df, true, 6);
        dst.blitScaled(src, { x: -3, y: 2, w: 91, h: 57 }, { filter: 'bilinear', op: 'over', opacity: 0.9 });
        dst.blitScaled(src, { x: 10, y: 0, w: 66, h: 42 }, { filter: 'bilinear' });
        return [dst.bytes.slice(), bytesAfter(dst).slice()] as const;
      };
      setWasmKernels(false);
      const [js] = draw();
      setWasmKernels(true);
      const [wasm, outside] = draw();
      expect(Buffer.compare(wasm, js), df.name || String(df.bpp)).toBe(0);
      expect(outside.every((v) => v === 0)).toBe(true);
    }
  });

  it('Frames keeps its back buffer in WASM memory: blits onto it and presents give the JS kernels’ bytes', () => {
    for (const bpp of [16, 32]) {
      const draw = () => {
        const fb = Framebuffer.virtual({ xres: 96, yres: 40, bits_per_pixel: bpp });
        try {
          const frames = Frames.attach(fb, { initial: 'blank' });
          const inWasm = residentWasm(frames.back.bytes.buffer) !== null;
          const logo = filled(50, 30, FORMATS.ARGB8888, false, bpp);
          frames.back.fillRect({ x: 0, y: 0, w: 96, h: 40 }, 0xff204060);
          frames.back.blit(logo, { x: 3, y: 4 }, { op: 'over', opacity: 0.8 });
          frames.back.blitScaled(logo, { x: 40, y: 5, w: 55, h: 33 }, { op: 'over' });
          frames.damageAll();
          frames.presentNow();
          return { inWasm, screen: fb.deviceSurface.bytes.slice() };
        } finally {
          fb.close();
        }
      };
      setWasmKernels(false);
      const js = draw();
      setWasmKernels(true);
      const wasm = draw();
      expect([js.inWasm, wasm.inWasm]).toEqual([false, true]);
      expect(Buffer.compare(wasm.screen, js.screen), `${bpp} bpp`).toBe(0);
    }
  });
});
