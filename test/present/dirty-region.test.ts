import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DirtyRegion } from '../../src/present/dirty-region.js';
import type { Rect } from '../../src/raster/geometry.js';

const rect = fc.record({
  x: fc.integer({ min: -20, max: 80 }),
  y: fc.integer({ min: -20, max: 60 }),
  w: fc.integer({ min: -5, max: 50 }),
  h: fc.integer({ min: -5, max: 50 }),
});

function coverage(width: number, height: number, rects: readonly Rect[]): Uint8Array {
  const hit = new Uint8Array(width * height);
  for (const r of rects) {
    for (let y = Math.max(0, r.y); y < Math.min(height, r.y + r.h); y++) {
      for (let x = Math.max(0, r.x); x < Math.min(width, r.x + r.w); x++) hit[y * width + x]++;
    }
  }
  return hit;
}

describe('DirtyRegion', () => {
  it('covers every added pixel, stays in bounds, never overlaps, never exceeds maxRects', () => {
    fc.assert(
      fc.property(fc.array(rect, { maxLength: 40 }), fc.integer({ min: 1, max: 8 }), (added, max) => {
        const region = new DirtyRegion(64, 48, max);
        for (const r of added) region.add(r);
        const want = coverage(64, 48, added);
        const got = coverage(64, 48, region.rects);
        for (let i = 0; i < want.length; i++) if (want[i] > 0) expect(got[i]).toBe(1);
        expect(got.every((n) => n <= 1)).toBe(true);
        for (const r of region.rects) {
          expect(r.x >= 0 && r.y >= 0 && r.w > 0 && r.h > 0 && r.x + r.w <= 64 && r.y + r.h <= 48).toBe(true);
        }
        expect(region.rects.length).toBeLessThanOrEqual(max);
        expect(region.area).toBe(got.reduce((s, n) => s + n, 0));
      }),
    );
  });

  it('keeps separate rectangles separate (a clock digit and a status line are not one big box)', () => {
    const region = new DirtyRegion(640, 480);
    region.add({ x: 10, y: 10, w: 20, h: 20 });
    region.add({ x: 600, y: 450, w: 20, h: 20 });
    expect(region.rects).toHaveLength(2);
    expect(region.area).toBe(800);
  });

  it('merges overlapping ones into their bounding box, transitively', () => {
    const region = new DirtyRegion(100, 100);
    region.add({ x: 0, y: 0, w: 10, h: 10 });
    region.add({ x: 20, y: 0, w: 10, h: 10 });
    region.add({ x: 5, y: 5, w: 20, h: 2 });
    expect(region.rects).toEqual([{ x: 0, y: 0, w: 30, h: 10 }]);
  });

  it('ignores empty, outside and non-finite rectangles; clear() empties', () => {
    const region = new DirtyRegion(10, 10);
    region.add({ x: 3, y: 3, w: 0, h: 5 });
    region.add({ x: 20, y: 0, w: 5, h: 5 });
    region.add({ x: NaN, y: 0, w: 5, h: 5 });
    expect(region.isEmpty).toBe(true);
    region.addAll();
    expect(region.area).toBe(100);
    region.clear();
    expect(region.isEmpty).toBe(true);
  });
});
