/**
 * A slow, obviously-correct renderer to check the fast paths against: every primitive
 * is a per-pixel membership test evaluated in BigInt over the clip rectangle, and every
 * pixel is written bit by bit. It shares nothing with src/draw but `pack`.
 */
import { pack, type PixelFormat } from '../../src/raster/format.js';
import type { Point, Rect } from '../../src/raster/geometry.js';

export type Primitive =
  | { op: 'fillRect'; rect: Rect; color: number }
  | { op: 'strokeRect'; rect: Rect; color: number }
  | { op: 'clear'; color: number }
  | { op: 'setPixel'; x: number; y: number; color: number }
  | { op: 'line'; from: Point; to: Point; color: number }
  | { op: 'ellipse' | 'fillEllipse'; center: Point; rx: number; ry: number; color: number }
  | { op: 'roundRect' | 'fillRoundRect'; rect: Rect; radius: number; color: number }
  | { op: 'fillPolygon'; points: Point[]; rule: 'nonzero' | 'evenodd'; color: number };

export class ReferenceCanvas {
  constructor(
    readonly bytes: Uint8Array,
    readonly width: number,
    readonly height: number,
    readonly stride: number,
    readonly format: PixelFormat,
  ) {}

  /** Memory address (in bits) of value bit j of pixel (x, y), as [byte, bit-in-byte]. */
  private bitAddress(x: number, y: number, j: number): [number, number] {
    const bpp = this.format.bpp;
    const rowBit = y * this.stride * 8;
    if (bpp >= 8) return [(rowBit + x * bpp) / 8 + Math.floor(j / 8), j % 8]; // little-endian bytes
    if (this.format.bitOrder === 'lsb-first') {
      const at = x * bpp + j;
      return [(rowBit + at - (at % 8)) / 8, at % 8];
    }
    // msb-first: the pixel's most significant bit is its leftmost bit in the row
    const logical = x * bpp + (bpp - 1 - j);
    return [(rowBit + logical - (logical % 8)) / 8, 7 - (logical % 8)];
  }

  read(x: number, y: number): number {
    let v = 0;
    for (let j = this.format.bpp - 1; j >= 0; j--) {
      const [byte, bit] = this.bitAddress(x, y, j);
      v = v * 2 + ((this.bytes[byte]! >> bit) & 1);
    }
    return v;
  }

  write(x: number, y: number, value: number): void {
    for (let j = 0; j < this.format.bpp; j++) {
      const [byte, bit] = this.bitAddress(x, y, j);
      const on = Math.floor(value / 2 ** j) % 2 === 1;
      this.bytes[byte] = on ? this.bytes[byte]! | (1 << bit) : this.bytes[byte]! & ~(1 << bit);
    }
  }

  /** Every pixel of the clip (already cut to the surface) that `inside` accepts gets `color`. */
  paint(clip: Rect, color: number, inside: (x: number, y: number) => boolean): void {
    const value = pack(this.format, color);
    for (let y = clip.y; y < clip.y + clip.h; y++) {
      for (let x = clip.x; x < clip.x + clip.w; x++) if (inside(x, y)) this.write(x, y, value);
    }
  }

  draw(p: Primitive, clip: Rect): void {
    this.paint(clip, p.color, membership(p));
  }
}

const B = BigInt;

function inRect(r: Rect, x: number, y: number): boolean {
  return x >= r.x && x < r.x + r.w && y >= r.y && y < r.y + r.h;
}

/** Pixels of a shape that touch the outside through one of their four sides. */
function outline(inside: (x: number, y: number) => boolean) {
  return (x: number, y: number) => inside(x, y) && !(inside(x - 1, y) && inside(x + 1, y) && inside(x, y - 1) && inside(x, y + 1));
}

/** Pixel centers inside the ellipse of radii rx+1/2, ry+1/2. */
function inEllipse(c: Point, rx: number, ry: number, x: number, y: number): boolean {
  const dx = B(x - c.x),
    dy = B(y - c.y);
  const a = (2n * B(ry) + 1n) ** 2n,
    b = (2n * B(rx) + 1n) ** 2n;
  return 4n * dx * dx * a + 4n * dy * dy * b <= a * b;
}

function inRoundRect(r: Rect, radius: number, x: number, y: number): boolean {
  if (!inRect(r, x, y)) return false;
  const k = Math.max(0, Math.min(radius, Math.floor((r.w - 1) / 2), Math.floor((r.h - 1) / 2)));
  // The center of the nearest corner circle, when (x, y) lies in a corner's k x k square.
  const cx = x < r.x + k ? r.x + k : x > r.x + r.w - 1 - k ? r.x + r.w - 1 - k : null;
  const cy = y < r.y + k ? r.y + k : y > r.y + r.h - 1 - k ? r.y + r.h - 1 - k : null;
  return cx === null || cy === null || inEllipse({ x: cx, y: cy }, k, k, x, y);
}

/** Step k of the line sits at major0 ± k and minor0 ± floor((2k|dm| + |dM|) / 2|dM|). */
function onLine(from: Point, to: Point, x: number, y: number): boolean {
  const xMajor = Math.abs(to.x - from.x) >= Math.abs(to.y - from.y);
  const [M0, m0, M1, m1, M, m] = xMajor ? [from.x, from.y, to.x, to.y, x, y] : [from.y, from.x, to.y, to.x, y, x];
  const dM = B(M1 - M0),
    dm = B(m1 - m0);
  const absM = dM < 0n ? -dM : dM,
    absm = dm < 0n ? -dm : dm;
  const k = dM < 0n ? B(M0 - M) : B(M - M0);
  if (k < 0n || k > absM) return false;
  if (absM === 0n) return M === M0 && m === m0;
  const off = (2n * k * absm + absM) / (2n * absM);
  return B(m) === B(m0) + (dm < 0n ? -off : off);
}

/** Ray cast to the left from the pixel center: sum the windings of the edges it crosses. */
function inPolygon(points: Point[], rule: 'nonzero' | 'evenodd', x: number, y: number): boolean {
  let winding = 0;
  for (let i = 0; i < points.length; i++) {
    const a = points[i]!,
      b = points[(i + 1) % points.length]!;
    if (a.y === b.y) continue;
    const [t, u, dir] = a.y < b.y ? [a, b, 1] : [b, a, -1];
    if (!(t.y <= y && y < u.y)) continue; // center line y+1/2 between the ends
    // crossing X = t.x + (y + 1/2 - t.y)(u.x - t.x)/(u.y - t.y); the center is right of it when x + 1/2 >= X
    const lhs = (2n * B(x) + 1n - 2n * B(t.x)) * B(u.y - t.y);
    const rhs = (2n * B(y) + 1n - 2n * B(t.y)) * B(u.x - t.x);
    if (lhs >= rhs) winding += dir;
  }
  return rule === 'evenodd' ? winding % 2 !== 0 : winding !== 0;
}

function membership(p: Primitive): (x: number, y: number) => boolean {
  switch (p.op) {
    case 'fillRect':
      return (x, y) => inRect(p.rect, x, y);
    case 'strokeRect':
      return outline((x, y) => inRect(p.rect, x, y));
    case 'clear':
      return () => true;
    case 'setPixel':
      return (x, y) => x === p.x && y === p.y;
    case 'line':
      return (x, y) => onLine(p.from, p.to, x, y);
    case 'fillEllipse':
      return (x, y) => inEllipse(p.center, p.rx, p.ry, x, y);
    case 'ellipse':
      return outline((x, y) => inEllipse(p.center, p.rx, p.ry, x, y));
    case 'fillRoundRect':
      return (x, y) => inRoundRect(p.rect, p.radius, x, y);
    case 'roundRect':
      return outline((x, y) => inRoundRect(p.rect, p.radius, x, y));
    case 'fillPolygon':
      return (x, y) => inPolygon(p.points, p.rule, x, y);
  }
}
