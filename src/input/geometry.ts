/**
 * From an absolute device position to a screen pixel. The steps, in order, each on
 * normalized coordinates (0..1 across the device's range, then across the screen):
 *
 *   1. the calibration matrix, libinput's 6 values [a b c; d e f]: x' = a·x + b·y + c,
 *      y' = d·x + e·y + f (the identity is [1, 0, 0, 0, 1, 0]);
 *   2. swapXY, then invertX / invertY (a panel mounted turned or mirrored: Qt's
 *      `swapxy`, `invertx`, `inverty`);
 *   3. the panel's pixel (the device's own size: width x height of the application's
 *      picture turned by the rotation);
 *   4. the display's rotation, undone (raster/rotation's deviceToApp): `rotation` is the
 *      clockwise angle by which the application's picture is turned on the panel (as
 *      Framebuffer's `rotate` and fbcon's rotate=1), and the touch panel is glued to the
 *      panel, so a touch is turned back by it onto the application's pixels.
 *
 * A device position v in [min, max] is the middle of its cell: (v - min + 0.5) / (max -
 * min + 1), so mirroring maps cells onto cells exactly, and QEMU's 0..32767 lands 16384 on
 * pixel 640 of 1280.
 */
import { ArgumentError, describeValue } from '../errors.js';
import { appToDevice, checkRotation, deviceToApp, rotateSize } from '../raster/rotation.js';

/** What input needs of a display: its logical size, and its rotation where it has one (fb.rotation). */
export interface ScreenGeometry {
  readonly width: number;
  readonly height: number;
  readonly rotation?: number;
}

/** libinput's LIBINPUT_CALIBRATION_MATRIX: the first two rows of a 3x3 affine matrix. */
export type CalibrationMatrix = readonly [number, number, number, number, number, number];
export const IDENTITY_MATRIX: CalibrationMatrix = [1, 0, 0, 0, 1, 0];

export interface GeometryOptions {
  /** Overrides the screen's own rotation. */
  rotate?: number;
  swapXY?: boolean;
  invertX?: boolean;
  invertY?: boolean;
  matrix?: readonly number[];
}

/** A matrix that folds the plane onto a line: no position can be told apart from another. */
export class SingularMatrixError extends ArgumentError {}

export function checkMatrix(m: unknown, what = 'matrix'): CalibrationMatrix {
  if (!Array.isArray(m) || m.length !== 6 || !m.every((v) => typeof v === 'number' && Number.isFinite(v)))
    throw new ArgumentError(
      'EINVAL',
      `${what} must be 6 finite numbers (a b c d e f), got ${describeValue(m)}`,
      'the identity is 1 0 0 0 1 0',
    );
  const [a, b, , d, e] = m as number[];
  if (Math.abs(a! * e! - b! * d!) < 1e-9)
    throw new SingularMatrixError(
      'ESINGULAR',
      `${what} [${m.join(' ')}] is singular (a·e − b·d = 0): it maps every touch onto one line or point`,
      'run `fbkit input calibrate` again and tap each target, or start from the identity 1 0 0 0 1 0',
    );
  return m as unknown as CalibrationMatrix;
}

/** Maps a device's normalized position to a pixel of the logical screen. */
export interface AbsTransform {
  /** nx, ny in [0, 1): the device position, normalized. */
  toScreen(nx: number, ny: number): { x: number; y: number };
  /** The inverse of steps 2-4: the normalized position, before rotation and mirroring, of a pixel's center (for calibration). */
  toPanel(x: number, y: number): { x: number; y: number };
  readonly width: number;
  readonly height: number;
}

export function makeTransform(screen: ScreenGeometry, options: GeometryOptions = {}): AbsTransform {
  const { width, height } = screen;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0)
    throw new ArgumentError(
      'EINVAL',
      `the screen must be whole pixels wide and high, got ${describeValue(width)}x${describeValue(height)}`,
      'pass the display (or { width, height })',
    );
  const rotation = checkRotation(options.rotate ?? screen.rotation ?? 0, options.rotate === undefined ? 'the display rotation' : 'rotate');
  const [a, b, c, d, e, f] = options.matrix === undefined ? IDENTITY_MATRIX : checkMatrix(options.matrix);
  const { swapXY = false, invertX = false, invertY = false } = options;
  const app = { width, height };
  const panel = rotateSize(app, rotation);
  const pixel = (u: number, size: number): number => Math.min(size - 1, Math.max(0, Math.floor(u * size)));
  return {
    width,
    height,
    toScreen(nx, ny) {
      let x = a * nx + b * ny + c;
      let y = d * nx + e * ny + f;
      if (swapXY) [x, y] = [y, x];
      if (invertX) x = 1 - x;
      if (invertY) y = 1 - y;
      return deviceToApp({ x: pixel(x, panel.width), y: pixel(y, panel.height) }, rotation, panel);
    },
    toPanel(px, py) {
      const p = appToDevice({ x: px, y: py }, rotation, app);
      let [x, y] = [(p.x + 0.5) / panel.width, (p.y + 0.5) / panel.height];
      if (invertX) x = 1 - x;
      if (invertY) y = 1 - y;
      if (swapXY) [x, y] = [y, x];
      return { x, y };
    },
  };
}

/** A device value in [min, max] as the middle of its cell in [0, 1). */
export function normalize(value: number, min: number, max: number): number {
  return (value - min + 0.5) / (max - min + 1);
}

/**
 * The calibration matrix that best maps the measured positions onto the targets (least
 * squares; both normalized, targets from toPanel of a transform without matrix). Three
 * targets not on one line determine it; more average out the taps' wobble.
 */
export function solveCalibration(
  samples: readonly { measured: { x: number; y: number }; target: { x: number; y: number } }[],
): CalibrationMatrix {
  // Normal equations: (Σ p pᵀ) [a b c]ᵀ = Σ p·tx with p = (x, y, 1); the same for d e f with ty.
  const m = [0, 0, 0, 0, 0, 0, 0, 0, 0];
  const rx = [0, 0, 0];
  const ry = [0, 0, 0];
  for (const { measured, target } of samples) {
    const p = [measured.x, measured.y, 1];
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) m[i * 3 + j]! += p[i]! * p[j]!;
      rx[i]! += p[i]! * target.x;
      ry[i]! += p[i]! * target.y;
    }
  }
  const det3 = (q: number[]) =>
    q[0]! * (q[4]! * q[8]! - q[5]! * q[7]!) - q[1]! * (q[3]! * q[8]! - q[5]! * q[6]!) + q[2]! * (q[3]! * q[7]! - q[4]! * q[6]!);
  const det = det3(m);
  const singular = () =>
    new SingularMatrixError(
      'ESINGULAR',
      `the ${samples.length} taps do not determine a calibration: they lie on one line (or are too few)`,
      'tap at least three targets that are not in a row, each where it is drawn',
    );
  if (samples.length < 3 || Math.abs(det) < 1e-12) throw singular();
  // Cramer's rule: replace column k by the right-hand side.
  const solve = (r: number[]) =>
    [0, 1, 2].map((k) => {
      const q = [...m];
      for (let i = 0; i < 3; i++) q[i * 3 + k] = r[i]!;
      return det3(q) / det;
    });
  const [a, b, c] = solve(rx);
  const [d, e, f] = solve(ry);
  return checkMatrix([a, b, c, d, e, f], 'the calibration');
}
