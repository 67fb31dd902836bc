/**
 * Double buffering for a Framebuffer: draw on `back` (RAM, in the device's own pixel
 * format and stride, so drawing and blending never read slow or uncached device memory;
 * WebAssembly memory where it can, so the pixel kernels blit onto it in place), mark what
 * changed, and `present()` copies only those rectangles to the screen.
 *
 * Page flipping: when the virtual height holds two pages and the driver pans, present()
 * copies into the hidden page and pans to it (FBIOPAN_DISPLAY), so the screen never shows
 * a half-copied frame. The hidden page is two frames old, so it receives this frame's
 * damage and the previous frame's. Drivers that refuse the pan fall back to copying.
 *
 * A rotated framebuffer (`rotate` at open): `back` has the application's size
 * (`fb.width` x `fb.height`), damage is in its coordinates, and each present turns the
 * damaged rectangles onto the device page (draw/rotate) instead of copying them.
 */
import { DirtyRegion } from './dirty-region.js';
import { UnsupportedError } from '../errors.js';
import type { BlankMode, DriverResult, Framebuffer } from '../display/framebuffer.js';
import { Surface } from '../draw/surface.js';
import type { Rect } from '../raster/geometry.js';
import { appRectToDevice, inverseRotation, type Rotation } from '../raster/rotation.js';
import { rotateInto } from '../draw/rotate.js';

export interface FramesOptions {
  /** 'auto' (default): flip pages when the device can, else copy. 'copy': never flip. */
  flip?: 'auto' | 'copy';
  /** Wait for the vertical retrace before showing a frame; false (default) or a timeout. */
  vsync?: boolean | { timeoutMs: number };
  /**
   * What `back` starts as: 'screen' (default) a copy of what is shown, so presenting a
   * small rectangle does not reveal an uninitialised rest; 'blank' zeros, for a caller
   * that draws the whole first frame anyway and should not pay for reading device
   * memory (uncached on real hardware: tens of ms for a 1280x800 page).
   */
  initial?: 'screen' | 'blank';
  /** Where "vsync/flip/blank not supported" notes go; default: nowhere (see the properties). */
  warn?: (message: string) => void;
  /**
   * The Console holding the VT: while the user has switched to another VT, presents
   * leave the device alone (the damage waits), and getting the VT back repaints all.
   */
  console?: ScreenOwner;
}

/** The part of a Console that Frames listens to. */
export interface ScreenOwner {
  readonly active: boolean;
  on(event: 'acquire', listener: () => void): unknown;
  off(event: 'acquire', listener: () => void): unknown;
}

export interface PresentResult {
  /** Pixels copied to the device this time. */
  pixels: number;
  /** Whether this present waited for a retrace. */
  synced: boolean;
}

const DEFAULT_VSYNC_TIMEOUT_MS = 50;
/** Timeouts in a row after which vsync is taken as broken and no longer waited for. */
const VSYNC_TIMEOUT_LIMIT = 3;

export class Frames {
  readonly back: Surface;
  /** 'flip' when presenting pans between two pages, 'copy' when it copies into the visible one. */
  readonly mode: 'flip' | 'copy';
  /** Why page flipping is not used, when it is not. */
  readonly flipUnavailable?: string;
  /** Why vsync is not waited for although it was asked, once that is known. */
  vsyncUnavailable?: string;

  readonly #fb: Framebuffer;
  readonly #rotation: Rotation;
  readonly #damage: DirtyRegion;
  readonly #previous: DirtyRegion;
  readonly #originalY: number;
  readonly #warn: (message: string) => void;
  readonly #console?: ScreenOwner;
  readonly #onAcquire = (): void => {
    // The other VT drew over the whole screen (and fbcon may have panned it): show all of back.
    this.damageAll();
    this.presentNow();
  };
  #vsyncTimeoutMs: number | undefined;
  #vsyncTimeouts = 0;
  /** y offset (in lines) of the page currently on screen. */
  #frontY: number;

  private constructor(fb: Framebuffer, options: FramesOptions) {
    this.#fb = fb;
    this.#warn = options.warn ?? (() => {});
    this.#rotation = fb.rotation;
    const { width, height } = fb;
    const { stride, format, yoffset } = fb.info;
    // In WebAssembly memory: blits onto the back buffer are converted and blended in place (see Surface.create).
    this.back = new Surface({ width, height, format, stride: this.#rotation === 0 ? stride : undefined, wasm: true });
    if (options.initial !== 'blank') this.#readScreen();
    this.#damage = new DirtyRegion(width, height);
    this.#previous = new DirtyRegion(width, height);
    this.#originalY = yoffset;
    this.#frontY = yoffset;
    // A blank back differs from the page that is hidden after the trial flip (it still
    // holds the old screen): the first flip must then copy all of it.
    if (options.initial === 'blank') this.#previous.addAll();
    if (options.vsync) this.#vsyncTimeoutMs = options.vsync === true ? DEFAULT_VSYNC_TIMEOUT_MS : options.vsync.timeoutMs;
    this.#console = options.console;
    this.#console?.on('acquire', this.#onAcquire);

    const why = options.flip === 'copy' ? 'copy was asked for' : this.#flipRefusal();
    if (why === undefined) {
      this.mode = 'flip';
    } else {
      this.mode = 'copy';
      this.flipUnavailable = why;
      // Most devices have one page: only a device that has room for two but would not
      // flip is worth a note.
      if (options.flip !== 'copy' && fb.info.virtualHeight >= 2 * fb.info.height) this.#warn(`page flipping off: ${why}`);
    }
  }

  static attach(fb: Framebuffer, options: FramesOptions = {}): Frames {
    return new Frames(fb, options);
  }

  /** Marks a rectangle of `back` as changed (clipped to the screen). */
  damage(rect: Rect): void {
    this.#damage.add(rect);
  }

  damageAll(): void {
    this.#damage.addAll();
  }

  /** Rectangles changed since the last present. */
  get pending(): readonly Rect[] {
    return this.#damage.rects;
  }

  /** Waits for the retrace when vsync is on, then shows the changed rectangles. */
  async present(): Promise<PresentResult> {
    const synced = this.#damage.isEmpty || this.#released ? false : await this.#waitForVsync();
    return { pixels: this.presentNow(), synced };
  }

  /** Shows the changed rectangles at once; returns the pixels copied (0 while another VT is on screen). */
  presentNow(): number {
    if (this.#damage.isEmpty || this.#released) return 0;
    let pixels: number;
    if (this.mode === 'flip') {
      const hiddenY = this.#frontY === this.#originalY ? this.#otherPageY() : this.#originalY;
      const region = new DirtyRegion(this.back.width, this.back.height);
      region.addRegion(this.#damage);
      region.addRegion(this.#previous);
      pixels = this.#copy(region.rects, this.#pageBytes(hiddenY));
      this.#showPage(hiddenY);
      this.#previous.clear();
      this.#previous.addRegion(this.#damage);
      this.#flush(region.rects);
    } else {
      pixels = this.#copy(this.#damage.rects, this.#fb.deviceSurface.bytes);
      this.#flush(this.#damage.rects);
    }
    this.#damage.clear();
    return pixels;
  }

  blank(mode: Exclude<BlankMode, 'unblank'> = 'normal'): DriverResult {
    return this.#reported(this.#fb.blank(mode));
  }

  unblank(): DriverResult {
    return this.#reported(this.#fb.blank('unblank'));
  }

  /**
   * Leaves the screen as it looks now on the page that was visible at attach, so a
   * program that stops flipping does not leave the console panned to the other page.
   */
  close(): void {
    this.#console?.off('acquire', this.#onAcquire);
    if (this.mode !== 'flip' || this.#frontY === this.#originalY || this.#fb.closed || this.#released) return;
    this.#copy([{ x: 0, y: 0, w: this.back.width, h: this.back.height }], this.#pageBytes(this.#originalY));
    this.#showPage(this.#originalY);
  }

  [Symbol.dispose](): void {
    this.close();
  }

  // --- internals ---------------------------------------------------------

  /** Another VT is on screen: the device memory is not ours to write. */
  get #released(): boolean {
    return this.#console !== undefined && !this.#console.active;
  }

  /** Why this device cannot flip, or undefined when the trial pan worked. */
  #flipRefusal(): string | undefined {
    const { height, virtualHeight, access, fix, xoffset } = this.#fb.info;
    if (access === 'shadow') return 'the driver refused mmap, so every frame is written with pwrite anyway';
    if (virtualHeight < 2 * height)
      return `the virtual height ${virtualHeight} has no room for a second ${height}-line page (set yres_virtual >= ${2 * height})`;
    if (fix.ypanstep === 0) return 'the driver cannot pan vertically (ypanstep 0)';
    if (xoffset !== 0) return `the visible page starts at x ${xoffset}; flipping keeps x at 0`;
    const other = this.#otherPageY();
    if (other % fix.ypanstep !== 0) return `page offset ${other} is not a multiple of the driver's ypanstep ${fix.ypanstep}`;
    // The trial flip shows the same picture, so a refusal costs nothing on screen.
    this.#copy([{ x: 0, y: 0, w: this.back.width, h: this.back.height }], this.#pageBytes(other));
    const tried = this.#fb.pan(0, other);
    if (!tried.ok) return tried.message;
    this.#frontY = other;
    return undefined;
  }

  /** The other page's y offset: the page right below the original, or the top one. */
  #otherPageY(): number {
    const { height, virtualHeight } = this.#fb.info;
    return this.#originalY + 2 * height <= virtualHeight ? this.#originalY + height : this.#originalY - height;
  }

  #pageBytes(y: number): Uint8Array {
    const { stride, height } = this.#fb.info;
    const all = this.#fb.bytes();
    return all.subarray(y * stride, Math.min(all.length, (y + height) * stride));
  }

  #showPage(y: number): void {
    const shown = this.#fb.pan(0, y);
    // It panned at attach; a driver that stops accepting the same pan is broken.
    if (!shown.ok) {
      throw new UnsupportedError(
        shown.code,
        `${shown.message}, although the same pan worked when frames were attached`,
        "attach with { flip: 'copy' } for this driver",
      );
    }
    this.#frontY = y;
  }

  /** `back` starts as what the screen shows (turned back upright when rotated). */
  #readScreen(): void {
    const screen = this.#fb.deviceSurface;
    if (this.#rotation === 0) return this.back.bytes.set(screen.bytes.subarray(0, this.back.bytes.length));
    rotateInto(this.back, screen, { x: 0, y: 0, w: screen.width, h: screen.height }, inverseRotation(this.#rotation));
  }

  /**
   * Copies rectangles of `back` into the device page `dst`: the one place frames reach the
   * device. Turned when rotated; else the same layout, whole rows as one copy when they can.
   */
  #copy(rects: readonly Rect[], dst: Uint8Array): number {
    if (this.#rotation !== 0) return this.#copyTurned(rects, dst);
    const { stride, format } = this.back;
    const src = this.back.bytes;
    let pixels = 0;
    for (const r of rects) {
      pixels += r.w * r.h;
      // Sub-byte pixels: widen to whole bytes (the neighbours copied along are unchanged in back).
      const left = Math.floor((r.x * format.bpp) / 8);
      const right = Math.ceil(((r.x + r.w) * format.bpp) / 8);
      const top = r.y * stride;
      if (r.x === 0 && r.w === this.back.width) {
        const end = Math.min(dst.length, (r.y + r.h) * stride);
        dst.set(src.subarray(top, end), top);
        continue;
      }
      for (let y = r.y, at = top; y < r.y + r.h; y++, at += stride) {
        const end = Math.min(at + right, dst.length);
        if (end > at + left) dst.set(src.subarray(at + left, end), at + left);
      }
    }
    return pixels;
  }

  #copyTurned(rects: readonly Rect[], dst: Uint8Array): number {
    const { width, height, stride, format } = this.#fb.info;
    const page = { width, height, stride, format, bytes: dst };
    let pixels = 0;
    for (const r of rects) {
      rotateInto(page, this.back, r, this.#rotation);
      pixels += r.w * r.h;
    }
    return pixels;
  }

  /** Pushes copied lines to devices that need it (a pwrite shadow): one call per present. */
  #flush(rects: readonly Rect[]): void {
    const onDevice = rects.map((r) => appRectToDevice(r, this.#rotation, this.back));
    const top = Math.min(...onDevice.map((r) => r.y));
    const bottom = Math.max(...onDevice.map((r) => r.y + r.h));
    this.#fb.flushDevice({ x: 0, y: top, w: this.#fb.info.width, h: bottom - top });
  }

  async #waitForVsync(): Promise<boolean> {
    if (this.#vsyncTimeoutMs === undefined) return false;
    const r = await this.#fb.waitForVsync({ timeoutMs: this.#vsyncTimeoutMs });
    if (r.ok) {
      this.#vsyncTimeouts = 0;
      return true;
    }
    if (r.reason === 'unsupported' || ++this.#vsyncTimeouts >= VSYNC_TIMEOUT_LIMIT) {
      this.vsyncUnavailable = r.reason === 'unsupported' ? r.message : `${VSYNC_TIMEOUT_LIMIT} waits in a row timed out (${r.message})`;
      this.#vsyncTimeoutMs = undefined;
      this.#warn(`not waiting for vsync any more: ${this.vsyncUnavailable}`);
    }
    return false;
  }

  #reported(result: DriverResult): DriverResult {
    if (!result.ok) this.#warn(result.message);
    return result;
  }
}

export interface FrameTick {
  /** Frames run so far (0 for the first). */
  frame: number;
  /** performance.now() at the start of this frame. */
  time: number;
  /** Milliseconds since the previous frame started. */
  dt: number;
}

export interface FrameLoopOptions {
  fps: number;
  /** Stops the loop (after the frame in progress). */
  signal?: AbortSignal;
  /** Stop after this many frames. */
  maxFrames?: number;
}

export interface FrameLoopStats {
  frames: number;
  /** Frame slots skipped because a frame ran longer than the interval. */
  skipped: number;
}

/**
 * Calls `frame` at `fps` frames per second on the start times' grid (no drift). A slow
 * frame skips the slots it overran instead of bunching frames up to catch up. `frame`
 * returning false stops the loop.
 */
export async function frameLoop(
  // biome-ignore lint/suspicious/noConfusingVoidType: a frame callback may simply return nothing
  frame: (tick: FrameTick) => void | boolean | Promise<void | boolean>,
  options: FrameLoopOptions,
): Promise<FrameLoopStats> {
  if (!(options.fps > 0) || !Number.isFinite(options.fps)) {
    throw new RangeError(`fps must be a finite number > 0, got ${options.fps}`);
  }
  const interval = 1000 / options.fps;
  const start = performance.now();
  let last = start;
  let slot = 0;
  const stats: FrameLoopStats = { frames: 0, skipped: 0 };
  while (!options.signal?.aborted && stats.frames < (options.maxFrames ?? Infinity)) {
    const time = performance.now();
    const keepGoing = await frame({ frame: stats.frames, time, dt: time - last });
    last = time;
    stats.frames++;
    if (keepGoing === false) break;
    const now = performance.now();
    const next = Math.max(slot + 1, Math.ceil((now - start) / interval));
    stats.skipped += next - slot - 1;
    slot = next;
    await sleep(start + slot * interval - performance.now(), options.signal);
  }
  return stats;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, Math.max(0, ms));
    signal?.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}
