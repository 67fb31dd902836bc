/**
 * Antialiased drawing of paths: fills (nonzero or even-odd) and strokes, rasterized to
 * exact area coverage (draw/coverage) and composited in the target's format (draw/paint).
 * Coordinates are real numbers; pixel (x, y) is the square x..x+1 × y..y+1, so a line
 * through pixel centers runs at x + 0.5.
 */
import { ArgumentError, describeValue } from '../errors.js';
import type { PixelTarget } from '../raster/target.js';
import { checkColor, checkOptions, checkReal } from './checks.js';
import { rasterize } from './coverage.js';
import { coveragePainter } from './paint.js';
import { Path, type Polyline } from './path.js';
import type { FillRule } from './polygon.js';
import { strokeOutline, type LineCap, type LineJoin } from './stroke.js';

export interface FillOptions {
  /** Default 'nonzero'. */
  rule?: FillRule;
}

export interface StrokeOptions {
  /** Line width in pixels; default 1. */
  width?: number;
  /** Default 'miter' (with miterLimit 4, as SVG). */
  join?: LineJoin;
  /** Default 'butt'. */
  cap?: LineCap;
  /** Default 4: miters longer than 4 × width become bevels. */
  miterLimit?: number;
}

function checkPath(path: unknown): Path {
  if (!(path instanceof Path)) {
    throw new ArgumentError(
      'EINVAL',
      `path must be a Path, got ${describeValue(path)}`,
      'build one: new Path().moveTo(0, 0).lineTo(9, 0)...',
    );
  }
  return path;
}

function oneOf<T extends string>(name: string, v: unknown, allowed: readonly T[], fallback: T): T {
  if (v === undefined) return fallback;
  if (!allowed.includes(v as T))
    throw new ArgumentError('EINVAL', `unknown ${name} ${String(v)}`, `use ${allowed.map((a) => `'${a}'`).join(', ')}`);
  return v as T;
}

export function fillRuleOf(v: unknown): FillRule {
  return oneOf('fill rule', v, ['nonzero', 'evenodd'] as const, 'nonzero');
}

/** Fills already flattened outlines (every one closed) with coverage antialiasing. */
function fillPolylines(dst: PixelTarget, lines: readonly Polyline[], argb: number, rule: FillRule): void {
  rasterize(lines, dst.clip, rule, coveragePainter(dst, argb));
}

export function fillPath(dst: PixelTarget, path: Path, argb: number, opts?: FillOptions): void {
  checkPath(path);
  checkColor('color', argb);
  const rule = fillRuleOf(checkOptions(opts).rule);
  fillPolylines(dst, path.flatten(), argb, rule);
}

export function strokePath(dst: PixelTarget, path: Path, argb: number, opts?: StrokeOptions): void {
  checkPath(path);
  checkColor('color', argb);
  const o = checkOptions(opts);
  const style = {
    width: checkReal('width', o.width, { min: 0, fallback: 1 }),
    join: oneOf('join', o.join, ['miter', 'round', 'bevel'] as const, 'miter'),
    cap: oneOf('cap', o.cap, ['butt', 'round', 'square'] as const, 'butt'),
    miterLimit: checkReal('miterLimit', o.miterLimit, { min: 0, fallback: 4 }),
  };
  fillPolylines(dst, strokeOutline(path.flatten(), style), argb, 'nonzero');
}
