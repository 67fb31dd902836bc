/**
 * The obviously-correct rotation the rotate tests compare with: a quarter turn clockwise
 * is (x, y) -> (H - 1 - y, x) in a W x H picture, applied `rotation / 90` times, and
 * pixels are moved one at a time, bit by bit (refRead/refWrite).
 */
import type { Point } from '../../src/raster/geometry.js';
import { refRead, refWrite, type RefRows } from './blit-reference.js';

/** Pixel `p` of a `w` x `h` picture after `rotation` degrees clockwise, one quarter turn at a time. */
export function refTurn(p: Point, rotation: number, w: number, h: number): Point {
  let { x, y } = p;
  let W = w,
    H = h;
  for (let k = 0; k < rotation / 90; k++) {
    [x, y] = [H - 1 - y, x];
    [W, H] = [H, W];
  }
  return { x, y };
}

/** rotateCopy's contract, pixel by pixel. */
export function refRotateCopy(
  dst: RefRows,
  dx: number,
  dy: number,
  src: RefRows,
  rect: { x: number; y: number; w: number; h: number },
  rotation: number,
): void {
  for (let j = 0; j < rect.h; j++) {
    for (let i = 0; i < rect.w; i++) {
      const to = refTurn({ x: i, y: j }, rotation, rect.w, rect.h);
      refWrite(dst, dx + to.x, dy + to.y, refRead(src, rect.x + i, rect.y + j));
    }
  }
}
