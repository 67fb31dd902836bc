/**
 * Straight lines, one pixel wide, both endpoints included.
 *
 * The line is defined in closed form so that clipping never moves a pixel: step k of
 * |major delta| + 1 steps sits at major0 + k along the major axis (x when |dx| >= |dy|)
 * and at minor0 + floor((2k·|minor delta| + |major delta|) / (2·|major delta|)) on the
 * other axis (Bresenham with halves rounded away from the start). The visible steps are
 * one interval of k, found exactly (BigInt, since endpoints may lie ±2^31 away) and then
 * walked with Bresenham's integer error term, so a line from (-1e9, ...) costs only its
 * visible pixels. Runs of pixels on the same row or column go out as one span fill.
 */
import type { PixelTarget } from '../raster/target.js';
import { fillBox } from './fill.js';

/** ceil(p / d) for d > 0. */
function ceilDiv(p: bigint, d: bigint): bigint {
  return p > 0n ? (p + d - 1n) / d : p / d;
}

export function drawLine(s: PixelTarget, x0: number, y0: number, x1: number, y1: number, pixel: number): void {
  const c = s.clip;
  if (c.w <= 0 || c.h <= 0) return;
  const xMajor = Math.abs(x1 - x0) >= Math.abs(y1 - y0);
  // (major, minor) coordinates: the major axis advances by one every step.
  const M0 = xMajor ? x0 : y0,
    m0 = xMajor ? y0 : x0;
  const dM = xMajor ? x1 - x0 : y1 - y0,
    dm = xMajor ? y1 - y0 : x1 - x0;
  const sM = dM < 0 ? -1 : 1,
    sm = dm < 0 ? -1 : 1;
  const b = Math.abs(dM),
    a = Math.abs(dm);
  const clipM0 = xMajor ? c.x : c.y,
    clipM1 = xMajor ? c.x + c.w - 1 : c.y + c.h - 1;
  const clipm0 = xMajor ? c.y : c.x,
    clipm1 = xMajor ? c.y + c.h - 1 : c.x + c.w - 1;
  // Steps whose major coordinate is visible.
  let kLo = Math.max(0, sM > 0 ? clipM0 - M0 : M0 - clipM1);
  let kHi = Math.min(b, sM > 0 ? clipM1 - M0 : M0 - clipM0);
  // Minor offsets (from m0, in the direction of travel) that are visible.
  const offLo = sm > 0 ? clipm0 - m0 : m0 - clipm1;
  const offHi = sm > 0 ? clipm1 - m0 : m0 - clipm0;
  let off = 0;
  let rem = b; // numerator of step k modulo 2b; b at k = 0
  if (a === 0) {
    if (offLo > 0 || offHi < 0) return;
  } else if (kLo > 0 || offLo > 0 || offHi < a) {
    const A = BigInt(a),
      B = BigInt(b);
    // off(k) >= offLo  <=>  2k·a + b >= 2b·offLo;  off(k) <= offHi  <=>  2k·a + b < 2b·(offHi + 1)
    kLo = Math.max(kLo, Number(ceilDiv(2n * B * BigInt(offLo) - B, 2n * A)));
    kHi = Math.min(kHi, Number(ceilDiv(2n * B * BigInt(offHi + 1) - B, 2n * A)) - 1);
    if (kLo > kHi) return;
    const numerator = 2n * BigInt(kLo) * A + B;
    off = Number(numerator / (2n * B));
    rem = Number(numerator % (2n * B));
  }
  if (kLo > kHi) return;
  let major = M0 + sM * kLo;
  let minor = m0 + sm * off;
  let runStart = major;
  const emit = (end: number) => {
    const from = Math.min(runStart, end),
      len = Math.abs(end - runStart) + 1;
    if (xMajor) fillBox(s, from, minor, len, 1, pixel);
    else fillBox(s, minor, from, 1, len, pixel);
  };
  for (let k = kLo; k < kHi; k++) {
    rem += 2 * a;
    if (rem >= 2 * b) {
      rem -= 2 * b;
      emit(major);
      minor += sm;
      runStart = major + sM;
    }
    major += sM;
  }
  emit(major);
}
