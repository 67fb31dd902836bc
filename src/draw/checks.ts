/**
 * Argument checks shared by Surface and the draw/ primitives: each throws an
 * ArgumentError that names the bad argument and how to fix it.
 */
import type { Rect } from '../raster/geometry.js';
import { ArgumentError } from '../errors.js';
import type { BlendOp } from './blend.js';

export function checkInteger(name: string, v: number): void {
  if (!Number.isSafeInteger(v)) {
    throw new ArgumentError('EINVAL', `${name} must be an integer, got ${v}`, 'round pixel coordinates (Math.round) before drawing');
  }
}

export function checkRect(name: string, r: Rect): void {
  checkInteger(`${name}.x`, r.x);
  checkInteger(`${name}.y`, r.y);
  checkInteger(`${name}.w`, r.w);
  checkInteger(`${name}.h`, r.h);
  if (r.w < 0 || r.h < 0) {
    throw new ArgumentError('EINVAL', `${name} has a negative size ${r.w}x${r.h}`, 'use w >= 0 and h >= 0 (x, y is the top-left corner)');
  }
}

export function checkOp(op: unknown): BlendOp {
  if (op === undefined) return 'src';
  if (op !== 'src' && op !== 'over') throw new ArgumentError('EINVAL', `unknown op ${String(op)}`, "use 'src' (replace) or 'over' (alpha blend)");
  return op;
}
