/**
 * The fused row blends (draw/blend.ts overRowX888 / overRow8888) must equal the per-pixel
 * path they replace: over() per pixel, then pack for XRGB8888 (X byte 0).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { over, overRow8888, overRowX888 } from '../../src/draw/blend.js';

const ALL_PAIRS = 65536;

/** Row reference: what rowWriter computed before the fused loops existed. */
function referenceX888(src: Uint32Array, dst: Uint32Array): Uint32Array {
  return dst.map((d, i) => over(src[i]!, (d | 0xff000000) >>> 0) & 0xffffff);
}
function reference8888(src: Uint32Array, dst: Uint32Array): Uint32Array {
  return dst.map((d, i) => over(src[i]!, d));
}

function firstMismatch(got: Uint32Array, want: Uint32Array): string {
  const i = got.findIndex((v, k) => v !== want[k]);
  return i < 0 ? 'none' : `at ${i}: ${got[i]!.toString(16)} != ${want[i]!.toString(16)}`;
}

describe('fused source-over rows', () => {
  // In eighths of the alpha range: under qemu-user one synchronous test over all 256 alphas
  // took 75 s on a busy machine, and vitest's worker gives up on its main process after 60 s
  // without the event loop turning ("Timeout calling onTaskUpdate").
  for (let eighth = 0; eighth < 8; eighth++) {
    it(`every (s, d) channel pair at source alphas ${eighth * 32}..${eighth * 32 + 31}, both destination formats`, () => {
      const src = new Uint32Array(ALL_PAIRS),
        dst = new Uint32Array(ALL_PAIRS);
      for (let sa = eighth * 32; sa < eighth * 32 + 32; sa++) {
        for (const layout of [0, 1]) {
          for (let k = 0; k < ALL_PAIRS; k++) {
            const s = k >>> 8,
              d = k & 255;
            // Layout 0 puts the pair in every channel; layout 1 mixes them so R, G and B differ.
            const sc = layout === 0 ? s * 0x010101 : (s << 16) | (d << 8) | (255 - s);
            const dc = layout === 0 ? d * 0x010101 : (d << 16) | (s << 8) | (255 - d);
            src[k] = ((sa << 24) | sc) >>> 0;
            dst[k] = (0xff000000 | dc) >>> 0;
          }
          const x = dst.slice();
          overRowX888(src, x, ALL_PAIRS);
          expect(firstMismatch(x, referenceX888(src, dst))).toBe('none');
          const a = dst.slice();
          overRow8888(src, a, ALL_PAIRS);
          expect(firstMismatch(a, reference8888(src, dst))).toBe('none');
        }
      }
    }, 120_000);
  }

  it('random rows: any X byte, destination alpha, and row length', () => {
    const color = fc.integer({ min: 0, max: 0xffffffff });
    fc.assert(
      fc.property(fc.array(fc.tuple(color, color), { minLength: 1, maxLength: 64 }), fc.nat(64), (pairs, cut) => {
        const src = Uint32Array.from(pairs, ([s]) => s),
          dst = Uint32Array.from(pairs, ([, d]) => d);
        const n = Math.min(cut, pairs.length);
        const x = dst.slice(),
          a = dst.slice();
        overRowX888(src, x, n);
        overRow8888(src, a, n);
        const wantX = referenceX888(src, dst),
          want8888 = reference8888(src, dst);
        wantX.set(dst.subarray(n), n); // pixels past n stay as they were
        want8888.set(dst.subarray(n), n);
        expect(firstMismatch(x, wantX)).toBe('none');
        expect(firstMismatch(a, want8888)).toBe('none');
      }),
      { numRuns: 3000 },
    );
  });
});
