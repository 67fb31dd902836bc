/**
 * A Surface is pixels in bytes: width, height, a stride in bytes (rows may be padded:
 * never assume stride = width × bytes per pixel), a PixelFormat and a clip rectangle.
 * The same type covers plain memory and mapped framebuffers; a framebuffer passes a
 * `guard` that throws once it is closed, and every public method calls it first.
 *
 * Drawing takes 0xAARRGGBB colors, packs them once per call and clips everything to the
 * surface and its clip rectangle; nothing outside the clip (row padding included)
 * changes. The primitives are the modules beside this one (fill, line, shape, polygon,
 * blit, scale, text): they take any PixelTarget; Surface adds the argument checks and the guard.
 */
import { ArgumentError } from '../errors.js';
import { intersectRect, type Point, type Rect } from '../raster/geometry.js';
import type { PixelTarget } from '../raster/target.js';
import { FORMATS, pack, rowBytes, unpack, type PixelFormat } from '../raster/format.js';
import { blit, type BlitOptions } from './blit.js';
import { checkColor, checkInteger, checkOptions, checkPoint, checkReal, checkRect, checkSize } from './checks.js';
import { checkObject, describeValue } from '../errors.js';
import { readRaw } from './convert.js';
import { residentSurfaceBytes } from './kernels/staged.js';
import { blitScaled, type ScaleOptions } from './scale.js';
import { drawText, type TextOptions } from './text.js';
import { fillBox } from './fill.js';
import { drawLine } from './line.js';
import { fillPolygon, POLYGON_COORD_LIMIT, type FillRule } from './polygon.js';
import { ellipseSpans, fillRows, outlineRows, roundRectSpans } from './shape.js';
import { Path } from './path.js';
import { isOutlineFace } from './outline-font.js';
import { drawOutlineText, type OutlineTextOptions, type TextBox } from './outline-text.js';
import { fillPath, fillRuleOf, strokePath, type FillOptions, type StrokeOptions } from './vector.js';

export interface SurfaceOptions {
  width: number;
  height: number;
  /** Default ARGB8888. */
  format?: PixelFormat;
  /** Bytes from one row to the next; default the unpadded row size. */
  stride?: number;
  /** The pixels; default a new zeroed buffer of stride × height bytes. */
  bytes?: Uint8Array;
  /** Without `bytes`: put the new buffer in WebAssembly memory (see Surface.create); default false. */
  wasm?: boolean;
  /** Called at the start of every public method (a closed framebuffer's throws ClosedError). */
  guard?: () => void;
}

export interface CreateSurfaceOptions {
  /** Keep the pixels in WebAssembly memory (see Surface.create); default false. */
  wasm?: boolean;
}

export interface PolygonOptions extends ShapeOptions {
  /** Default 'nonzero'. */
  rule?: FillRule;
}

/**
 * `antialias: true` draws the same shape with smooth edges (exact area coverage,
 * blended source-over; see draw/paint): coordinates may then be fractional.
 */
export interface ShapeOptions {
  antialias?: boolean;
}

export interface LineOptions extends ShapeOptions {
  /** Antialiased lines only: width in pixels, default 1. */
  width?: number;
}

/** Antialiased shapes take real coordinates within this range. */
const AA_COORD_LIMIT = 2 ** 24;

const AA_COORD = { min: -AA_COORD_LIMIT, max: AA_COORD_LIMIT };
/** A size or radius of an antialiased shape. */
const AA_SIZE = { min: 0, max: AA_COORD_LIMIT };

function checkRealPoint(name: string, p: Point): void {
  checkObject(name, p, 'a point { x, y }', 'pass an object with x, y');
  checkReal(`${name}.x`, p.x, AA_COORD);
  checkReal(`${name}.y`, p.y, AA_COORD);
}

function antialiased(opts: ShapeOptions | undefined): boolean {
  return checkOptions(opts).antialias === true;
}

/** Coordinates of lines and ellipses: exact stepping needs them within ±2^31. */
const COORD_LIMIT = 2 ** 31;

function checkRadius(name: string, r: number): void {
  checkSize(name, r);
  if (r > COORD_LIMIT)
    throw new ArgumentError('EINVAL', `${name} = ${r} is beyond ${COORD_LIMIT}`, 'clip the geometry closer to the surface first');
}

export class Surface implements PixelTarget {
  readonly width: number;
  readonly height: number;
  readonly format: PixelFormat;
  /** Bytes from the start of one row to the next. */
  readonly stride: number;
  /** The pixels: row y starts at y × stride; the last row may end without padding. */
  readonly bytes: Uint8Array;
  readonly guard?: () => void;
  #clip: Readonly<Rect>;

  constructor(opts: SurfaceOptions) {
    const { width, height } = opts;
    const format = opts.format ?? FORMATS.ARGB8888;
    for (const [name, v] of [
      ['width', width],
      ['height', height],
    ] as const) {
      if (!Number.isSafeInteger(v) || v < 0) {
        throw new ArgumentError('EINVAL', `surface ${name} must be a non-negative integer, got ${v}`, 'pass a pixel count');
      }
    }
    const minStride = rowBytes(format, width);
    const stride = opts.stride ?? minStride;
    if (!Number.isSafeInteger(stride) || stride < minStride) {
      throw new ArgumentError(
        'EINVAL',
        `stride ${stride} is shorter than a row of ${width} ${format.name} pixels (${minStride} bytes)`,
        `use a stride of at least ${minStride} bytes`,
      );
    }
    const needed = height === 0 ? 0 : stride * (height - 1) + minStride;
    const wasm = opts.wasm ?? false;
    if (typeof wasm !== 'boolean')
      throw new ArgumentError('EINVAL', `options.wasm must be a boolean, got ${describeValue(wasm)}`, 'pass true or false');
    const bytes = opts.bytes ?? (wasm ? residentSurfaceBytes(stride * height) : null) ?? new Uint8Array(stride * height);
    if (bytes.length < needed) {
      throw new ArgumentError(
        'EINVAL',
        `${bytes.length} bytes cannot hold ${height} rows of stride ${stride} (${needed} bytes needed)`,
        'pass a larger buffer, or a smaller height or stride',
      );
    }
    this.width = width;
    this.height = height;
    this.format = format;
    this.stride = stride;
    // A caller's buffer may be larger (a whole mapping): the surface sees only its own rows.
    this.bytes = opts.bytes ? bytes.subarray(0, needed) : bytes;
    this.guard = opts.guard;
    this.#clip = Object.freeze({ x: 0, y: 0, w: width, h: height });
  }

  /**
   * A new zeroed surface in memory. With `{ wasm: true }` its pixels live in a WebAssembly
   * memory of their own (sized once, never grown, so never detached), where the pixel
   * kernels convert and blend them in place instead of copying them in and out: for back
   * buffers (Frames makes its own so) and images that are blitted often. It costs an
   * instantiation (about 0.05 ms; the first also compiles the kernels, about 1 ms) and
   * 130–200 KiB beside the pixels (staging buffers, page rounding); where WebAssembly SIMD
   * is missing or the engine refuses another memory, the surface silently gets plain
   * memory (same results).
   */
  static create(width: number, height: number, format: PixelFormat = FORMATS.ARGB8888, opts?: CreateSurfaceOptions): Surface {
    return new Surface({ width, height, format, wasm: checkOptions(opts).wasm });
  }

  /**
   * A surface over 8-bit RGBA (or BGRA) pixels in memory order without copying them:
   * canvas ImageData (`ctx.getImageData(...).data`, straight alpha), @napi-rs/canvas,
   * sharp's raw output. Blit it onto a screen in one call:
   * `screen.blit(Surface.wrapRgba(img.data, img.width, img.height), at, { op: 'over' })`.
   */
  static wrapRgba(
    pixels: Uint8Array | Uint8ClampedArray,
    width: number,
    height: number,
    opts: { stride?: number; order?: 'rgba' | 'bgra' } = {},
  ): Surface {
    if (!(pixels instanceof Uint8Array || pixels instanceof Uint8ClampedArray)) {
      throw new ArgumentError(
        'EINVAL',
        `pixels must be a Uint8Array or Uint8ClampedArray, got ${describeValue(pixels)}`,
        'pass ImageData.data or a Buffer',
      );
    }
    const order = checkOptions(opts).order ?? 'rgba';
    if (order !== 'rgba' && order !== 'bgra')
      throw new ArgumentError('EINVAL', `unknown byte order ${String(order)}`, "use 'rgba' or 'bgra'");
    // Bytes R, G, B, A read as a little-endian word are 0xAABBGGRR: ABGR8888 (BGRA bytes: ARGB8888).
    const format = order === 'rgba' ? FORMATS.ABGR8888 : FORMATS.ARGB8888;
    const bytes = new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.byteLength);
    return new Surface({ width, height, format, stride: opts.stride, bytes });
  }

  /** Where drawing may happen: always inside the surface (frozen; use setClip to change). */
  get clip(): Readonly<Rect> {
    return this.#clip;
  }

  /** Limits drawing to `rect` (cut to the surface); null restores the whole surface. */
  setClip(rect: Rect | null): void {
    this.guard?.();
    const bounds = { x: 0, y: 0, w: this.width, h: this.height };
    if (rect) checkRect('clip', rect);
    this.#clip = Object.freeze(rect ? intersectRect(rect, bounds) : bounds);
  }

  /** The color at (x, y); throws outside the surface (the clip does not matter for reads). */
  getPixel(x: number, y: number): number {
    this.guard?.();
    this.#checkInside(x, y);
    const value = new Uint32Array(1);
    readRaw(this, x, y, 1, value);
    return unpack(this.format, value[0]!);
  }

  /** Sets one pixel; outside the clip rectangle nothing happens. */
  setPixel(x: number, y: number, argb: number): void {
    this.guard?.();
    checkInteger('x', x);
    checkInteger('y', y);
    const pixel = this.#pixel(argb);
    const c = this.#clip;
    if (x >= c.x && x < c.x + c.w && y >= c.y && y < c.y + c.h) fillBox(this, x, y, 1, 1, pixel);
  }

  fillRect(rect: Rect, argb: number): void {
    this.guard?.();
    checkRect('rect', rect);
    this.#box(rect, this.#pixel(argb));
  }

  /** Fills the whole clip rectangle (the whole surface unless a clip is set). */
  clear(argb = 0): void {
    this.guard?.();
    const c = this.#clip;
    fillBox(this, c.x, c.y, c.w, c.h, this.#pixel(argb));
  }

  /** A one-pixel frame along the inside edge of `rect`. */
  strokeRect(rect: Rect, argb: number): void {
    this.guard?.();
    checkRect('rect', rect);
    const pixel = this.#pixel(argb);
    if (rect.w === 0 || rect.h === 0) return;
    const { x, y, w, h } = rect;
    this.#box({ x, y, w, h: 1 }, pixel);
    if (h > 1) this.#box({ x, y: y + h - 1, w, h: 1 }, pixel);
    this.#box({ x, y: y + 1, w: 1, h: h - 2 }, pixel);
    if (w > 1) this.#box({ x: x + w - 1, y: y + 1, w: 1, h: h - 2 }, pixel);
  }

  /** `w` pixels to the right of (x, y), (x, y) included. */
  hline(x: number, y: number, w: number, argb: number): void {
    this.#run(x, y, 'w', w, argb, (n) => ({ x, y, w: n, h: 1 }));
  }

  /** `h` pixels down from (x, y), (x, y) included. */
  vline(x: number, y: number, h: number, argb: number): void {
    this.#run(x, y, 'h', h, argb, (n) => ({ x, y, w: 1, h: n }));
  }

  /**
   * A one-pixel line, both endpoints included (see draw/line for the exact pixels).
   * Antialiased: a stroke of opts.width between the two pixels' centers, square caps
   * (so both endpoint pixels are covered, as in the aliased line).
   */
  line(from: Point, to: Point, argb: number, opts?: LineOptions): void {
    this.guard?.();
    if (antialiased(opts)) {
      checkRealPoint('from', from);
      checkRealPoint('to', to);
      const path = new Path().moveTo(from.x + 0.5, from.y + 0.5).lineTo(to.x + 0.5, to.y + 0.5);
      return strokePath(this, path, argb, { width: opts?.width ?? 1, cap: 'square' });
    }
    checkPoint('from', from, COORD_LIMIT);
    checkPoint('to', to, COORD_LIMIT);
    drawLine(this, from.x, from.y, to.x, to.y, this.#pixel(argb));
  }

  circle(center: Point, r: number, argb: number, opts?: ShapeOptions): void {
    this.ellipse(center, r, r, argb, opts);
  }

  fillCircle(center: Point, r: number, argb: number, opts?: ShapeOptions): void {
    this.fillEllipse(center, r, r, argb, opts);
  }

  /**
   * Outline of the ellipse spanning center ± (rx, ry). Antialiased, every shape keeps
   * its aliased geometry: the ellipse around the center pixel's center with radii
   * rx + ½, ry + ½ (the outline: a 1-pixel band around radii rx, ry).
   */
  ellipse(center: Point, rx: number, ry: number, argb: number, opts?: ShapeOptions): void {
    if (antialiased(opts)) return this.#aaEllipse(center, rx, ry, argb, false);
    this.#ellipse(center, rx, ry, argb, outlineRows);
  }

  fillEllipse(center: Point, rx: number, ry: number, argb: number, opts?: ShapeOptions): void {
    if (antialiased(opts)) return this.#aaEllipse(center, rx, ry, argb, true);
    this.#ellipse(center, rx, ry, argb, fillRows);
  }

  /** Outline of `rect` with corners rounded to `radius` (clamped so corners fit). */
  roundRect(rect: Rect, radius: number, argb: number, opts?: ShapeOptions): void {
    if (antialiased(opts)) return this.#aaRoundRect(rect, radius, argb, false);
    this.#roundRect(rect, radius, argb, outlineRows);
  }

  fillRoundRect(rect: Rect, radius: number, argb: number, opts?: ShapeOptions): void {
    if (antialiased(opts)) return this.#aaRoundRect(rect, radius, argb, true);
    this.#roundRect(rect, radius, argb, fillRows);
  }

  /** Fills `path` antialiased (opts.rule 'nonzero' by default, or 'evenodd'); see draw/vector. */
  fillPath(path: Path, argb: number, opts?: FillOptions): void {
    this.guard?.();
    fillPath(this, path, argb, opts);
  }

  /** Strokes `path` antialiased: width, join, cap, miterLimit as in SVG; see draw/stroke. */
  strokePath(path: Path, argb: number, opts?: StrokeOptions): void {
    this.guard?.();
    strokePath(this, path, argb, opts);
  }

  /** Fills the polygon through `points` (closed automatically); vertices within ±2^24. */
  fillPolygon(points: readonly Point[], argb: number, opts: PolygonOptions = {}): void {
    this.guard?.();
    if (!Array.isArray(points)) {
      throw new ArgumentError(
        'EINVAL',
        `points must be an array of points { x, y }, got ${describeValue(points)}`,
        'pass the vertices in order, e.g. [{ x: 0, y: 0 }, { x: 9, y: 0 }, { x: 0, y: 9 }]',
      );
    }
    const rule = fillRuleOf(checkOptions(opts).rule);
    if (antialiased(opts)) {
      for (const [i, p] of points.entries()) checkRealPoint(`points[${i}]`, p);
      return fillPath(this, new Path().polygon(points), argb, { rule });
    }
    for (const [i, p] of points.entries()) checkPoint(`points[${i}]`, p, POLYGON_COORD_LIMIT);
    fillPolygon(this, points, this.#pixel(argb), rule);
  }

  /** Copies `src` (or opts.srcRect of it) to `at`, converting formats; see draw/blit. */
  blit(src: Surface, at: Point, opts?: BlitOptions): void {
    this.guard?.();
    checkSource(src).guard?.();
    blit(this, src, at, opts);
  }

  /** Copies `src` scaled into `dst` (nearest or bilinear, with fit modes); see draw/scale. */
  blitScaled(src: Surface, dst: Rect, opts?: ScaleOptions): void {
    this.guard?.();
    checkSource(src).guard?.();
    blitScaled(this, src, dst, opts);
  }

  /**
   * Draws `text`. The font decides how: a family name ('DejaVu Sans'), a font file path
   * or a face from loadFont() draws antialiased outline text (draw/outline-text: size,
   * wrapping, alignment, kerning; returns the box it took); a bitmap Font (PSF) or no
   * font draws bitmap cells (draw/text). Outline text takes its position as opts.x,
   * opts.y or as `at`: the top-left of the text box.
   */
  drawText(text: string, opts: OutlineTextOptions): TextBox;
  drawText(text: string, at: Point, opts: OutlineTextOptions): TextBox;
  drawText(text: string, at: Point, opts: TextOptions): void;
  drawText(text: string, atOrOpts: Point | OutlineTextOptions, maybeOpts?: TextOptions | OutlineTextOptions): TextBox | undefined {
    this.guard?.();
    if (maybeOpts === undefined) return drawOutlineText(this, text, atOrOpts as OutlineTextOptions);
    const at = atOrOpts as Point;
    const font = (maybeOpts as { font?: unknown } | null)?.font;
    if (typeof font === 'string' || isOutlineFace(font)) {
      checkRealPoint('at', at);
      return drawOutlineText(this, text, { ...(maybeOpts as OutlineTextOptions), x: at.x, y: at.y });
    }
    drawText(this, text, at, maybeOpts as TextOptions);
    return undefined;
  }

  /** A surface over part of this one: same bytes, same stride, its own clip. */
  subsurface(rect: Rect): Surface {
    this.guard?.();
    checkRect('rect', rect);
    const { x, y, w, h } = rect;
    if (x < 0 || y < 0 || x + w > this.width || y + h > this.height) {
      throw new ArgumentError(
        'EINVAL',
        `subsurface ${w}x${h}+${x}+${y} is outside the ${this.width}x${this.height} surface`,
        'intersect the rectangle with the surface first',
      );
    }
    const bpp = this.format.bpp;
    if ((x * bpp) % 8 !== 0) {
      throw new ArgumentError(
        'EINVAL',
        `subsurface x = ${x} does not start on a byte in a ${bpp}-bpp surface`,
        `use an x that is a multiple of ${8 / bpp}`,
      );
    }
    const start = y * this.stride + (x * bpp) / 8;
    const length = h === 0 ? 0 : (h - 1) * this.stride + rowBytes(this.format, w);
    return new Surface({
      width: w,
      height: h,
      format: this.format,
      stride: this.stride,
      bytes: this.bytes.subarray(start, start + length),
      guard: this.guard,
    });
  }

  #checkInside(x: number, y: number): void {
    checkInteger('x', x);
    checkInteger('y', y);
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) {
      throw new ArgumentError(
        'EINVAL',
        `(${x}, ${y}) is outside the ${this.width}x${this.height} surface`,
        `use 0 <= x < ${this.width} and 0 <= y < ${this.height}`,
      );
    }
  }

  /** The color checked (before anything is drawn), packed once for the whole call. */
  #pixel(argb: number): number {
    return pack(this.format, checkColor('color', argb));
  }

  /** hline/vline: `length` pixels from (x, y) along one axis, errors named after the caller's arguments. */
  #run(x: number, y: number, name: 'w' | 'h', length: number, argb: number, rect: (n: number) => Rect): void {
    this.guard?.();
    checkInteger('x', x);
    checkInteger('y', y);
    checkSize(name, length);
    this.#box(rect(length), this.#pixel(argb));
  }

  #box(r: Rect, pixel: number): void {
    const c = intersectRect(r, this.#clip);
    fillBox(this, c.x, c.y, c.w, c.h, pixel);
  }

  #ellipse(center: Point, rx: number, ry: number, argb: number, draw: typeof fillRows): void {
    this.guard?.();
    checkPoint('center', center, COORD_LIMIT);
    checkRadius('rx', rx);
    checkRadius('ry', ry);
    const pixel = this.#pixel(argb);
    const { x, y } = center;
    draw(this, y - ry, y + ry, ellipseSpans(x, y, rx, ry), pixel);
  }

  #aaEllipse(center: Point, rx: number, ry: number, argb: number, fill: boolean): void {
    this.guard?.();
    checkRealPoint('center', center);
    checkReal('rx', rx, AA_SIZE);
    checkReal('ry', ry, AA_SIZE);
    const cx = center.x + 0.5,
      cy = center.y + 0.5;
    if (fill) return fillPath(this, new Path().ellipse(cx, cy, rx + 0.5, ry + 0.5), argb);
    strokePath(this, new Path().ellipse(cx, cy, rx, ry), argb, { width: 1 });
  }

  #aaRoundRect(rect: Rect, radius: number, argb: number, fill: boolean): void {
    this.guard?.();
    checkObject('rect', rect, 'a rectangle { x, y, w, h }', 'pass an object with x, y, w, h');
    const [x, y, w, h] = [
      checkReal('rect.x', rect.x, AA_COORD),
      checkReal('rect.y', rect.y, AA_COORD),
      checkReal('rect.w', rect.w, AA_SIZE),
      checkReal('rect.h', rect.h, AA_SIZE),
    ];
    const r = checkReal('radius', radius, AA_SIZE);
    if (w === 0 || h === 0) return;
    if (fill) return fillPath(this, new Path().roundRect(x, y, w, h, r), argb);
    strokePath(this, new Path().roundRect(x + 0.5, y + 0.5, w - 1, h - 1, Math.max(0, r - 0.5)), argb, { width: 1 });
  }

  #roundRect(rect: Rect, radius: number, argb: number, draw: typeof fillRows): void {
    this.guard?.();
    checkRect('rect', rect);
    checkRadius('radius', radius);
    const pixel = this.#pixel(argb);
    if (rect.w === 0 || rect.h === 0) return;
    draw(this, rect.y, rect.y + rect.h - 1, roundRectSpans(rect.x, rect.y, rect.w, rect.h, radius), pixel);
  }
}

function checkSource(src: Surface): Surface {
  if (!(src instanceof Surface))
    throw new ArgumentError(
      'EINVAL',
      `src must be a Surface, got ${describeValue(src)}`,
      'wrap pixels in new Surface({ width, height, format, bytes }) first',
    );
  return src;
}
