/**
 * The set of rectangles changed since the last present(): kept small and clipped, so a
 * present costs a few row copies instead of a whole-screen copy.
 *
 * Overlapping rectangles merge into their bounding box (a copy of a few extra pixels is
 * cheaper than the bookkeeping of exact unions); past `maxRects` everything collapses
 * into one bounding box. The result always covers every pixel that was added.
 */
import type { Rect } from '../raster/geometry.js';

export class DirtyRegion {
  #rects: Rect[] = [];

  constructor(
    readonly width: number,
    readonly height: number,
    readonly maxRects = 16,
  ) {}

  /** Adds a rectangle (clipped to the bounds; empty or outside ones are ignored). */
  add(rect: Rect): void {
    let r = clip(rect, this.width, this.height);
    if (!r) return;
    // Absorb every rectangle the new one overlaps, repeating because the grown box can
    // reach rectangles the original did not.
    for (let merged = true; merged; ) {
      merged = false;
      for (let i = 0; i < this.#rects.length; i++) {
        if (overlaps(this.#rects[i], r)) {
          r = bounds(this.#rects[i], r);
          this.#rects.splice(i, 1);
          merged = true;
          break;
        }
      }
    }
    this.#rects.push(r);
    if (this.#rects.length > this.maxRects) this.#rects = [this.#rects.reduce(bounds)];
  }

  addAll(): void {
    this.#rects = [{ x: 0, y: 0, w: this.width, h: this.height }];
  }

  /** Adds every rectangle of another region (for page flipping: last frame's damage too). */
  addRegion(other: DirtyRegion): void {
    for (const r of other.rects) this.add(r);
  }

  get rects(): readonly Rect[] {
    return this.#rects;
  }

  get isEmpty(): boolean {
    return this.#rects.length === 0;
  }

  /** Pixels covered (the rectangles never overlap). */
  get area(): number {
    return this.#rects.reduce((sum, r) => sum + r.w * r.h, 0);
  }

  clear(): void {
    this.#rects = [];
  }
}

function clip(r: Rect, width: number, height: number): Rect | null {
  if (![r.x, r.y, r.w, r.h].every(Number.isFinite)) return null;
  const x0 = Math.max(0, Math.floor(r.x));
  const y0 = Math.max(0, Math.floor(r.y));
  const x1 = Math.min(width, Math.ceil(r.x + r.w));
  const y1 = Math.min(height, Math.ceil(r.y + r.h));
  return x1 > x0 && y1 > y0 ? { x: x0, y: y0, w: x1 - x0, h: y1 - y0 } : null;
}

function overlaps(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

function bounds(a: Rect, b: Rect): Rect {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, w: Math.max(a.x + a.w, b.x + b.w) - x, h: Math.max(a.y + a.h, b.y + b.h) - y };
}
