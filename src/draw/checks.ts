/**
 * Argument checks shared by Surface and the draw/ primitives (describeValue and checkObject
 * serve mmio/ too): each throws an ArgumentError that names the bad argument and how to fix
 * it. They run once per call, never per pixel: a color check is one typeof and one shift.
 */
import type { Point, Rect } from '../raster/geometry.js';
import { ArgumentError, checkObject, describeValue } from '../errors.js';
import type { BlendOp } from './blend.js';

export function checkInteger(name: string, v: number): void {
  if (!Number.isSafeInteger(v)) {
    throw new ArgumentError(
      'EINVAL',
      `${name} must be an integer, got ${describeValue(v)}`,
      'round pixel coordinates (Math.round) before drawing',
    );
  }
}

/** A whole number >= 0 (a width, a height, a radius). */
export function checkSize(name: string, v: number): void {
  checkInteger(name, v);
  if (v < 0) throw new ArgumentError('EINVAL', `${name} must be >= 0, got ${v}`, 'a size or radius is a pixel count');
}

/**
 * A 0xAARRGGBB color: a whole number 0..0xffffffff. `v >>> 0 === v` holds exactly for those
 * (NaN, -1, 2^32 and 1.5 all change under the shift); the typeof comes first because a
 * bigint cannot be shifted that way.
 */
export function checkColor(name: string, v: unknown): number {
  if (typeof v !== 'number' || v >>> 0 !== v) {
    // JavaScript's | and << give signed 32-bit results: 0xff000000 | rgb is negative.
    const signed = typeof v === 'number' && v < 0 && v === (v | 0);
    throw new ArgumentError(
      'ECOLOR',
      `${name} must be a whole number 0..0xffffffff (0xAARRGGBB), got ${describeValue(v)}`,
      signed
        ? `a bitwise result is signed in JavaScript: write (... | ...) >>> 0, here ${v >>> 0} (0x${(v >>> 0).toString(16)})`
        : 'write colors as 0xAARRGGBB (0xff0080ff is opaque); parseColor() turns names and #rrggbb into that',
    );
  }
  return v;
}

export function checkRect(name: string, r: Rect): void {
  checkObject(name, r, 'a rectangle { x, y, w, h }', 'pass an object with whole-pixel x, y, w, h');
  checkInteger(`${name}.x`, r.x);
  checkInteger(`${name}.y`, r.y);
  checkInteger(`${name}.w`, r.w);
  checkInteger(`${name}.h`, r.h);
  if (r.w < 0 || r.h < 0) {
    throw new ArgumentError('EINVAL', `${name} has a negative size ${r.w}x${r.h}`, 'use w >= 0 and h >= 0 (x, y is the top-left corner)');
  }
}

/** A point of whole pixels, each coordinate within ±limit (exact stepping needs bounds). */
export function checkPoint(name: string, p: Point, limit = Number.MAX_SAFE_INTEGER): void {
  checkObject(name, p, 'a point { x, y }', 'pass an object with whole-pixel x, y');
  for (const [axis, v] of [
    ['x', p.x],
    ['y', p.y],
  ] as const) {
    checkInteger(`${name}.${axis}`, v);
    if (Math.abs(v) > limit) {
      throw new ArgumentError('EINVAL', `${name}.${axis} = ${v} is beyond ±${limit}`, 'clip the geometry closer to the surface first');
    }
  }
}

/**
 * A real number (coordinates and sizes of antialiased drawing, text options): finite,
 * within [min, max]; `fallback` stands in for undefined when given.
 */
export function checkReal(
  name: string,
  v: unknown,
  { min = -Infinity, max = Infinity, fallback }: { min?: number; max?: number; fallback?: number } = {},
): number {
  if (v === undefined && fallback !== undefined) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
    const range =
      min > -Infinity && max < Infinity ? ` in ${min}..${max}` : min > -Infinity ? ` >= ${min}` : max < Infinity ? ` <= ${max}` : '';
    throw new ArgumentError('EINVAL', `${name} must be a finite number${range}, got ${describeValue(v)}`, `pass ${name} in pixels`);
  }
  return v;
}

/** An options argument: absent, or an object (null and primitives are mistakes, not defaults). */
export function checkOptions<T extends object>(opts: T | undefined, form = 'an object'): T {
  if (opts === undefined) return {} as T;
  checkObject('options', opts, form, 'leave the options out, or pass an object');
  return opts;
}

export function checkOp(op: unknown): BlendOp {
  if (op === undefined) return 'src';
  if (op !== 'src' && op !== 'over')
    throw new ArgumentError('EINVAL', `unknown op ${String(op)}`, "use 'src' (replace) or 'over' (alpha blend)");
  return op;
}
