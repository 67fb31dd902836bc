import type { PixelFormat } from './format.js';

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
