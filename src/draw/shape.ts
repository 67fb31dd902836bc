/**
 * Ellipses, circles, rounded and plain rectangle outlines, as exact integer shapes so
 * golden images never depend on floating point:
 *
 *  - Filled ellipse at (cx, cy) with radii rx, ry: the pixels (x, y) with
 *      4·dx²·(2ry+1)² + 4·dy²·(2rx+1)² <= (2rx+1)²·(2ry+1)²      (dx = x-cx, dy = y-cy)
 *    i.e. pixel centers inside the ellipse of radii rx+½, ry+½, so the shape spans exactly
 *    cx-rx..cx+rx and cy-ry..cy+ry (radius 0 is one pixel). A circle is rx = ry.
 *  - Filled rounded rectangle: the rectangle minus, in each corner's r x r square, the
 *    pixels outside the radius-r circle around the corner's center (r is clamped so the
 *    corners fit).
 *  - Outline of any of these: the shape's pixels that have a 4-neighbour outside it
 *    (a closed 8-connected curve one pixel thick, always inside the filled shape).
 *
 * Every shape here has one span per row, so drawing walks only the visible rows and
 * hands each span to the span fill.
 */
import type { PixelTarget } from '../raster/target.js';
import { fillSpan } from './fill.js';

/** The filled span of row y as [left, right] (inclusive), or null outside the shape. */
type RowSpans = (y: number) => readonly [number, number] | null;

/** Above this radius the ellipse test needs more than 53 bits: do it in BigInt. */
const EXACT_NUMBER_RADIUS = 2047;

/**
 * The largest |dx| inside the ellipse on the row |dy| away from the center, or -1 when
 * the row misses it.
 */
function ellipseHalfWidth(rx: number, ry: number, dy: number): number {
  if (Math.abs(dy) > ry) return -1;
  const wide = Math.max(rx, ry) > EXACT_NUMBER_RADIUS;
  const inside = wide ? bigEllipseTest(rx, ry, dy) : numberEllipseTest(rx, ry, dy);
  // A floating-point estimate, then exact correction (it is off by at most one or two).
  const A = (2 * ry + 1) ** 2;
  let dx = Math.floor(((2 * rx + 1) / 2) * Math.sqrt(Math.max(0, 1 - (4 * dy * dy) / A)));
  dx = Math.min(dx, rx);
  while (dx > 0 && !inside(dx)) dx--;
  while (dx < rx && inside(dx + 1)) dx++;
  return dx;
}

function numberEllipseTest(rx: number, ry: number, dy: number): (dx: number) => boolean {
  const A = (2 * ry + 1) ** 2,
    B = (2 * rx + 1) ** 2;
  const rowTerm = 4 * dy * dy * B,
    limit = A * B;
  return (dx) => 4 * dx * dx * A + rowTerm <= limit;
}

function bigEllipseTest(rx: number, ry: number, dy: number): (dx: number) => boolean {
  const A = BigInt(2 * ry + 1) ** 2n,
    B = BigInt(2 * rx + 1) ** 2n;
  const rowTerm = 4n * BigInt(dy) ** 2n * B,
    limit = A * B;
  return (dx) => 4n * BigInt(dx) ** 2n * A + rowTerm <= limit;
}

export function ellipseSpans(cx: number, cy: number, rx: number, ry: number): RowSpans {
  return (y) => {
    const hw = ellipseHalfWidth(rx, ry, y - cy);
    return hw < 0 ? null : [cx - hw, cx + hw];
  };
}

/** The corner radius actually used: corners may not overlap. */
function clampCornerRadius(w: number, h: number, r: number): number {
  return Math.max(0, Math.min(r, Math.floor((w - 1) / 2), Math.floor((h - 1) / 2)));
}

export function roundRectSpans(x: number, y: number, w: number, h: number, radius: number): RowSpans {
  const r = clampCornerRadius(w, h, radius);
  const top = y + r,
    bottom = y + h - 1 - r; // rows of the corner circles' centers
  return (row) => {
    if (row < y || row >= y + h) return null;
    const dy = row < top ? top - row : row > bottom ? row - bottom : 0;
    const inset = r - ellipseHalfWidth(r, r, dy);
    return [x + inset, x + w - 1 - inset];
  };
}

/** Rows top..bottom of a shape, limited to the clip rectangle. */
function visibleRows(s: PixelTarget, top: number, bottom: number): [number, number] {
  return [Math.max(top, s.clip.y), Math.min(bottom, s.clip.y + s.clip.h - 1)];
}

export function fillRows(s: PixelTarget, top: number, bottom: number, spans: RowSpans, pixel: number): void {
  const [from, to] = visibleRows(s, top, bottom);
  for (let y = from; y <= to; y++) {
    const span = spans(y);
    if (span) fillSpan(s, y, span[0], span[1], pixel);
  }
}

export function outlineRows(s: PixelTarget, top: number, bottom: number, spans: RowSpans, pixel: number): void {
  const [from, to] = visibleRows(s, top, bottom);
  if (from > to) return;
  let above = spans(from - 1);
  let here = spans(from);
  for (let y = from; y <= to; y++) {
    const below = spans(y + 1);
    if (here) {
      const [left, right] = here;
      // Interior: both horizontal neighbours in this row, and inside the rows above and below.
      const innerLeft = above && below ? Math.max(left + 1, above[0], below[0]) : Infinity;
      const innerRight = above && below ? Math.min(right - 1, above[1], below[1]) : -Infinity;
      if (innerLeft > innerRight) {
        fillSpan(s, y, left, right, pixel);
      } else {
        fillSpan(s, y, left, innerLeft - 1, pixel);
        fillSpan(s, y, innerRight + 1, right, pixel);
      }
    }
    above = here;
    here = below;
  }
}
