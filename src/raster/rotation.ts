/**
 * Display rotation: the application draws on an upright picture ("app" coordinates) and the
 * device shows it turned by `rotation` degrees CLOCKWISE ("device" coordinates), as fbcon's
 * `fbcon=rotate:1` (90) and a panel mounted on its side need. At 90 and 270 the app's
 * width is the device's height.
 *
 * Points are pixel positions (integers: pixel (x, y) covers x..x+1); the mapping of a
 * pixel is exact and its own inverse under `inverseRotation`. Input devices report device
 * pixels: `deviceToApp` gives the app pixel under the finger.
 *
 * Note for plane rotation: DRM's DRM_MODE_ROTATE_90 is documented as counter-clockwise, so
 * fbkit's 90 is DRM's ROTATE_270.
 */
import { ArgumentError, describeValue } from '../errors.js';
import type { Point, Rect } from './geometry.js';

export type Rotation = 0 | 90 | 180 | 270;

export const ROTATIONS: readonly Rotation[] = [0, 90, 180, 270];

export interface Size {
  width: number;
  height: number;
}

export function isRotation(value: unknown): value is Rotation {
  return (ROTATIONS as readonly unknown[]).includes(value);
}

/** `value` as a Rotation; anything else (45, '90', -90) is an ArgumentError naming `what`. */
export function checkRotation(value: unknown, what = 'rotate'): Rotation {
  if (isRotation(value)) return value;
  throw new ArgumentError('EROTATE', `${what} ${describeValue(value)} is not a rotation`, 'use 0, 90, 180 or 270 (degrees clockwise)');
}

/** The rotation that undoes `rotation`. */
export function inverseRotation(rotation: Rotation): Rotation {
  return ((360 - rotation) % 360) as Rotation;
}

/** `size` turned by `rotation`: width and height swap at 90 and 270. */
export function rotateSize(size: Size, rotation: Rotation): Size {
  return rotation === 90 || rotation === 270 ? { width: size.height, height: size.width } : { width: size.width, height: size.height };
}

/** Where pixel `p` of a picture of size `from` lands once the picture is turned by `rotation`. */
export function rotatePoint(p: Point, rotation: Rotation, from: Size): Point {
  switch (rotation) {
    case 0:
      return { x: p.x, y: p.y };
    case 90:
      return { x: from.height - 1 - p.y, y: p.x };
    case 180:
      return { x: from.width - 1 - p.x, y: from.height - 1 - p.y };
    case 270:
      return { x: p.y, y: from.width - 1 - p.x };
  }
}

/** Where rectangle `r` of a picture of size `from` lands once the picture is turned by `rotation`. */
export function rotateRect(r: Rect, rotation: Rotation, from: Size): Rect {
  switch (rotation) {
    case 0:
      return { x: r.x, y: r.y, w: r.w, h: r.h };
    case 90:
      return { x: from.height - r.y - r.h, y: r.x, w: r.h, h: r.w };
    case 180:
      return { x: from.width - r.x - r.w, y: from.height - r.y - r.h, w: r.w, h: r.h };
    case 270:
      return { x: r.y, y: from.width - r.x - r.w, w: r.h, h: r.w };
  }
}

/** An app pixel as a device pixel; `app` is the app's (rotated) size. */
export function appToDevice(p: Point, rotation: Rotation, app: Size): Point {
  return rotatePoint(p, rotation, app);
}

/** A device pixel (a touch, say) as an app pixel; `device` is the device's size. */
export function deviceToApp(p: Point, rotation: Rotation, device: Size): Point {
  return rotatePoint(p, inverseRotation(rotation), device);
}

/** A damage rectangle in app coordinates as the device rectangle it covers. */
export function appRectToDevice(r: Rect, rotation: Rotation, app: Size): Rect {
  return rotateRect(r, rotation, app);
}

/** A device rectangle as the app rectangle it shows. */
export function deviceRectToApp(r: Rect, rotation: Rotation, device: Size): Rect {
  return rotateRect(r, inverseRotation(rotation), device);
}
