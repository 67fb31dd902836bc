/** Pixel geometry shared by every layer above: points and rectangles in whole pixels. */

/** An axis-aligned rectangle in pixels; w and h may be zero (empty). */
export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Point {
  x: number;
  y: number;
}

/** The part of `r` inside `bounds` (w or h 0 when they do not meet). */
export function intersectRect(r: Rect, bounds: Rect): Rect {
  const x0 = Math.max(r.x, bounds.x),
    y0 = Math.max(r.y, bounds.y);
  const x1 = Math.min(r.x + r.w, bounds.x + bounds.w),
    y1 = Math.min(r.y + r.h, bounds.y + bounds.h);
  return { x: x0, y: y0, w: Math.max(0, x1 - x0), h: Math.max(0, y1 - y0) };
}
