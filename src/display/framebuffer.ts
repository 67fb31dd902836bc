/**
 * Framebuffer: a Linux fbdev device (/dev/fbN) or its virtual twin (memory- or
 * file-backed), with the decoded mode, its pixel format and a Surface over the visible page.
 *
 * Memory access (`info.access`):
 * - 'mmap'   the device (or file) is mapped; drawing is visible at once.
 * - 'shadow' the driver refused mmap (EINVAL/ENODEV), so the pixels live in a RAM copy
 *            read with pread at open and after each mode change; call `flush()` to pwrite
 *            the visible page (or a rectangle of it) to the device. A read-only open
 *            (`writable: false`, of a device or a file) is such a copy too, and its
 *            flush() refuses.
 * - 'ram'    a virtual framebuffer without a file.
 * `flush()` is harmless everywhere, so code that always calls it works on every kind.
 *
 * Rotation (`rotate: 90` in the open options; see raster/rotation for the direction): the
 * application draws upright on `surface`, `width` x `height`, and the device shows it
 * turned. `info` still describes the device. With a rotation `surface` is a RAM copy of
 * the turned size (starting as what the screen shows, turned back) and `flush(rect)`
 * turns the rectangle into the visible page, so call it after drawing whatever the access.
 *
 * Optional ioctls (pan, blank, waitForVsync, colormaps) return a DriverResult instead of
 * throwing when the driver lacks them (ENOTTY, EINVAL, EOPNOTSUPP...): `{ ok: false,
 * reason: 'unsupported', code }`. Bad arguments and real I/O errors still throw.
 *
 * A file-backed virtual framebuffer stores the pixels (exactly smem_len bytes, laid out
 * as device memory, so `cat`/`dd` see what a device would hold) in the file, and the mode
 * in `<file>.json`, rewritten after every setMode/pan/setColormap (of a writable one: a
 * read-only open changes neither file).
 */
import { constants } from 'node:os';
import { SysError } from '../sys/sys-error.js';
import { FB_ACTIVATE, FB_BLANK, FB_VMODE, type Colormap, type FixScreeninfo, type VarScreeninfo } from '../sys/linux-fb.js';
import { ArgumentError, ClosedError, UnsupportedError } from '../errors.js';
import { HOST_LITTLE_ENDIAN } from '../raster/endian.js';
import { defaultPalette, grayPalette, type PixelFormat } from '../raster/format.js';
import { paletteOf } from './colormap.js';
import { parseDeviceSpec } from './device-spec.js';
import type { DriverKind, FbDriver } from './driver.js';
import { KernelDriver } from './fbdev/kernel-driver.js';
import { isDrmCard, isDrmRenderNode } from './kms/card-path.js';
import { KmsDriver } from './kms/kms-driver.js';
import { captureScreen, driverScreen, type ScreenState } from './screen-state.js';
import { VirtualDriver } from './virtual/virtual-driver.js';
import { checkGeometry, formatFromScreeninfo, memoryLength, usesColormap } from './screeninfo-format.js';
import { defaultBitfields, loadDeviceFixture, screeninfoFromGeometry, type FbGeometry } from './geometry.js';
import type { FbMemory, MemoryKind } from './memory.js';
import { Surface } from '../draw/surface.js';
import { intersectRect, type Rect } from '../raster/geometry.js';
import { appRectToDevice, checkRotation, inverseRotation, rotateSize, type Rotation } from '../raster/rotation.js';
import { rotateInto } from '../draw/rotate.js';

export interface FramebufferInfo {
  /** How it was opened: '/dev/fb0', 'virtual:bochs-drm', 'file:/tmp/fb.raw'. */
  readonly path: string;
  readonly id: string;
  /** Visible size in pixels. */
  readonly width: number;
  readonly height: number;
  readonly virtualWidth: number;
  readonly virtualHeight: number;
  /** Top-left of the visible page inside the virtual resolution. */
  readonly xoffset: number;
  readonly yoffset: number;
  /** Bytes per line (line_length): never assume width * bytes per pixel. */
  readonly stride: number;
  readonly bitsPerPixel: number;
  /** Bytes of framebuffer memory fbkit maps (smem_len, or stride * virtualHeight when 0). */
  readonly memoryLength: number;
  readonly format: PixelFormat;
  readonly access: MemoryKind;
  /** The kernel's structs, every field decoded. */
  readonly var: Readonly<VarScreeninfo>;
  readonly fix: Readonly<FixScreeninfo>;
}

export type DriverResult<T = void> =
  | { ok: true; value: T }
  | { ok: false; reason: 'unsupported'; code: string; message: string }
  | { ok: false; reason: 'timeout'; code: 'ETIMEDOUT'; message: string };

export interface OpenOptions {
  /**
   * Read-write (default), or read-only for screenshots of a device you may only read: then
   * the pixels are a RAM snapshot taken with pread (access 'shadow') and flush() refuses.
   */
  writable?: boolean;
  /**
   * 'auto' (default): mmap, falling back to the shadow (on KMS: a RAM shadow where the
   * driver prefers one); or force one of them.
   */
  access?: 'auto' | 'mmap' | 'shadow';
  /** KMS only (/dev/dri/cardN): the output by its sysfs name ('HDMI-A-1'); default the first connected. */
  output?: string;
  /** KMS only: 'WxH' or 'WxH@Hz'; default the output's preferred mode. */
  mode?: string;
  /** KMS only: the buffers' pixel format, 'xrgb8888' (default) or 'rgb565'. */
  format?: 'xrgb8888' | 'rgb565';
  /** Degrees clockwise the device shows the application's drawing turned by (default 0). */
  rotate?: Rotation;
}

export type BlankMode = 'unblank' | 'normal' | 'vsync_suspend' | 'hsync_suspend' | 'powerdown';

/** errnos by which a driver says "I do not implement this ioctl". */
const UNSUPPORTED = new Set(['ENOTTY', 'EINVAL', 'EOPNOTSUPP', 'ENOTSUP', 'ENOSYS', 'ENODEV']);

function attempt<T>(what: string, path: string, call: () => T): DriverResult<T> {
  try {
    return { ok: true, value: call() };
  } catch (err) {
    if (err instanceof SysError && UNSUPPORTED.has(err.code)) {
      return {
        ok: false,
        reason: 'unsupported',
        code: err.code,
        message: `${what} is not supported by the driver of ${path} (${err.code})`,
      };
    }
    throw err;
  }
}

/** Turns a failed DriverResult into an UnsupportedError, for callers that need the feature. */
export function orThrow<T>(result: DriverResult<T>): T {
  if (result.ok) return result.value;
  throw new UnsupportedError(result.code, result.message, 'check the result instead of assuming support, or use another device');
}

export class Framebuffer {
  readonly #driver: FbDriver;
  readonly #rotation: Rotation;
  #info!: FramebufferInfo;
  #memory: FbMemory | undefined;
  /** The visible page as the device lays it out. */
  #deviceSurface: Surface | undefined;
  /** What `surface` returns: #deviceSurface, or with a rotation a RAM copy of the turned size. */
  #surface: Surface | undefined;
  #colormap: Colormap | undefined;
  #vsyncInFlight: Promise<{ ok: boolean; code?: string }> | undefined;

  private constructor(driver: FbDriver, rotation: Rotation) {
    this.#driver = driver;
    this.#rotation = rotation;
    try {
      this.#load();
    } catch (err) {
      driver.close();
      throw err;
    }
  }

  /**
   * Opens a display device: `/dev/fbN` (fbdev: reads its mode, decodes the format, maps its
   * memory) or `/dev/dri/cardN` (KMS: shows a buffer of its own on one output, see
   * kms/kms-driver.ts; `output`, `mode` and `format` choose what). Both are drawn on the same way.
   */
  static open(path = '/dev/fb0', opts: OpenOptions = {}): Framebuffer {
    const rotation = checkRotation(opts.rotate ?? 0);
    if (isDrmRenderNode(path))
      throw new ArgumentError(
        'EDEVICE',
        `${path} is a DRM render node, which has no display`,
        'give the card node: /dev/dri/cardN (ls /dev/dri)',
      );
    if (isDrmCard(path)) {
      if (opts.writable === false)
        throw new ArgumentError(
          'EREADONLY',
          `${path} is a KMS card: opening it shows a picture of its own, which a read-only open cannot`,
          'to look at what it shows use fbkit shot or captureKms(); to draw, open it writable',
        );
      return new Framebuffer(KmsDriver.open(path, opts), rotation);
    }
    return new Framebuffer(KernelDriver.open(path, opts), rotation);
  }

  /**
   * A framebuffer from a geometry description (or a fixture name from fixtures/devices),
   * in memory, or in `file`: a regular file, created or extended to smem_len and mapped,
   * with the mode in `<file>.json` (written once the file is open). `writable: false`
   * reads the file into a RAM snapshot instead (access 'shadow'): nothing is created or
   * written, and a file shorter than the geometry needs is refused rather than extended.
   */
  static virtual(geometry: FbGeometry | string, opts: { file?: string; writable?: boolean; rotate?: Rotation } = {}): Framebuffer {
    const rotation = checkRotation(opts.rotate ?? 0);
    const name = typeof geometry === 'string' ? geometry : undefined;
    const state = screeninfoFromGeometry(name ? loadDeviceFixture(name) : (geometry as FbGeometry));
    const path = opts.file ? `file:${opts.file}` : `virtual:${name ?? state.fix.id}`;
    return new Framebuffer(
      new VirtualDriver(path, state, opts.file ? { path: opts.file, writable: opts.writable ?? true } : undefined),
      rotation,
    );
  }

  /**
   * Opens what a --device value names: `/dev/fbN` (any path without a scheme),
   * `virtual:NAME` (a fixture), or `file:PATH[?geometry=NAME|GEOMETRY.json]` (see device-spec.ts).
   * `writable: false` opens a device or a file read-only (`access` applies to devices only).
   */
  static fromDeviceSpec(spec: string, opts: OpenOptions = {}): Framebuffer {
    const target = parseDeviceSpec(spec);
    if (target.kind === 'device') return Framebuffer.open(target.path, opts);
    return Framebuffer.virtual(target.geometry, { file: target.file, writable: opts.writable, rotate: opts.rotate });
  }

  /** A framebuffer over any driver: a user's own, or a test double. The framebuffer takes it over and closes it. */
  static fromDriver(driver: FbDriver, opts: { rotate?: Rotation } = {}): Framebuffer {
    let rotation: Rotation;
    try {
      rotation = checkRotation(opts.rotate ?? 0);
    } catch (err) {
      driver.close();
      throw err;
    }
    return new Framebuffer(driver, rotation);
  }

  /** 'device' for a screen the kernel shows, 'virtual' for memory or a file. */
  get kind(): DriverKind {
    return this.#driver.kind;
  }

  /** The KMS output shown ('HDMI-A-1'); undefined for fbdev and virtual framebuffers. */
  get output(): string | undefined {
    return this.#driver.output?.name;
  }

  /** What serves it: 'fbdev' (/dev/fbN), 'kms' (/dev/dri/cardN) or 'virtual'. */
  get backend(): 'fbdev' | 'kms' | 'virtual' {
    return this.#driver.backend ?? (this.#driver.kind === 'virtual' ? 'virtual' : 'fbdev');
  }

  /**
   * The user is switching to another VT: give the display up (KMS drops DRM master so the
   * other VT's owner can set its mode; fbdev needs nothing). Console.takeFor calls it.
   */
  releaseDisplay(): void {
    if (!this.closed) this.#driver.release?.();
  }

  /** Our VT is back: take the display again (KMS: master and our mode). Repaint afterwards. */
  acquireDisplay(): void {
    if (!this.closed) this.#driver.acquire?.();
  }

  /**
   * The device's mode and colormap as they are when `snapshot()` is called, put back by the
   * function it returns. A device is restored through a handle of its own, so this still
   * works after the program closed the Framebuffer (the usual order on the way out).
   */
  screenState(): ScreenState {
    return {
      snapshot: () => {
        this.#assertOpen();
        const entries = Math.min(256, 2 ** this.#info.bitsPerPixel);
        const other = this.#driver.reopen?.();
        if (other) return captureScreen(driverScreen(other, entries), () => other.close());
        return captureScreen({
          getVar: () => structuredClone(this.#info.var) as VarScreeninfo,
          putVar: (v) => this.setMode(v),
          pan: (v) => this.pan(v.xoffset, v.yoffset),
          getCmap: () => {
            const read = this.getColormap();
            return read.ok ? read.value : undefined;
          },
          putCmap: (c) => this.setColormap(c),
          usable: () => !this.closed,
        });
      },
    };
  }

  get closed(): boolean {
    return this.#memory === undefined;
  }

  get info(): FramebufferInfo {
    this.#assertOpen();
    return this.#info;
  }

  /** Degrees clockwise the device shows the drawing turned by, as given at open. */
  get rotation(): Rotation {
    return this.#rotation;
  }

  /** The application's width: `info.width`, or `info.height` at 90 and 270. */
  get width(): number {
    return rotateSize(this.info, this.#rotation).width;
  }

  /** The application's height: `info.height`, or `info.width` at 90 and 270. */
  get height(): number {
    return rotateSize(this.info, this.#rotation).height;
  }

  /**
   * What the application draws on, `width` x `height`. Without a rotation, a Surface over
   * the visible page (xoffset/yoffset, stride = line_length); with one, a RAM copy that
   * `flush()` turns onto the page. setMode(), pan() and setColormap() replace it: take it
   * again afterwards (an old one from before pan() still shows the old page; one from
   * before setMode() sees scratch memory; a rotated one is dropped, so flush() first).
   */
  get surface(): Surface {
    this.#assertOpen();
    this.#surface ??= this.#rotation === 0 ? this.deviceSurface : this.#makeRotatedSurface();
    return this.#surface;
  }

  /** The visible page as the device lays it out (`info.width` x `info.height`): `surface` when not rotated. */
  get deviceSurface(): Surface {
    this.#assertOpen();
    this.#deviceSurface ??= this.#makeSurface();
    return this.#deviceSurface;
  }

  /** The whole framebuffer memory (every page); mind `info.stride`. */
  bytes(): Uint8Array {
    this.#assertOpen();
    return this.#memory!.bytes();
  }

  /**
   * Pushes pixels to the device: with a rotation, `rect` of `surface` (default all of it;
   * application coordinates) is first turned onto the visible page; then for the 'shadow'
   * access the page's lines it covers are written with pwrite (a mapping needs nothing).
   */
  flush(rect?: Rect): void {
    this.#assertOpen();
    if (this.#rotation === 0) return this.flushDevice(rect);
    const app = { width: this.width, height: this.height };
    const r = rect ? intersectRect(rect, { x: 0, y: 0, w: app.width, h: app.height }) : { x: 0, y: 0, w: app.width, h: app.height };
    if (r.w === 0 || r.h === 0) return;
    // Nothing drawn when the rotated surface was never taken: only the push is left to do.
    const onDevice = this.#surface
      ? rotateInto(this.deviceSurface, this.#surface, r, this.#rotation)
      : appRectToDevice(r, this.#rotation, app);
    this.flushDevice(onDevice);
  }

  /**
   * The push alone, for code that writes the visible page itself (Frames): `rect` in device
   * coordinates (default the whole page); 'shadow' access: pwrite of its lines.
   */
  flushDevice(rect?: Rect): void {
    this.#assertOpen();
    const { yoffset, stride, height } = this.#info;
    const top = rect ? Math.max(0, rect.y) : 0;
    const bottom = rect ? Math.min(height, rect.y + rect.h) : height;
    if (bottom <= top) return;
    this.#memory!.flush((yoffset + top) * stride, (yoffset + bottom) * stride);
  }

  /**
   * Asks the driver for a new mode (FBIOPUT_VSCREENINFO) from `changes` merged into the
   * current one, then re-reads everything and maps the memory again: drivers round and
   * adjust what they are given, so `info` afterwards is the truth. Changing the depth
   * without giving bitfields asks for the usual layout of that depth.
   * If the driver's answer cannot be drawn on, the previous mode is put back and the error thrown.
   */
  setMode(changes: Partial<VarScreeninfo>): FramebufferInfo {
    this.#assertOpen();
    const previous = structuredClone(this.#info.var) as VarScreeninfo;
    const request = this.#request(changes, FB_ACTIVATE.NOW);
    this.#driver.putVar(request);
    this.#unload();
    try {
      this.#load();
    } catch (err) {
      try {
        this.#driver.putVar({ ...previous, activate: FB_ACTIVATE.NOW });
        this.#load();
      } catch {
        this.close();
      }
      throw err;
    }
    return this.#info;
  }

  /** FB_ACTIVATE_TEST: the mode the driver would make of `changes`, without applying it. */
  testMode(changes: Partial<VarScreeninfo>): VarScreeninfo {
    this.#assertOpen();
    return this.#driver.putVar(this.#request(changes, FB_ACTIVATE.TEST));
  }

  /**
   * Shows the page at (x, y) of the virtual resolution (FBIOPAN_DISPLAY). Offsets must keep
   * the visible area inside the virtual resolution and be multiples of the pan steps.
   */
  pan(x: number, y: number): DriverResult {
    this.#assertOpen();
    const { var: v, fix } = this.#info;
    const ywrap = (v.vmode & FB_VMODE.YWRAP) !== 0;
    for (const [name, value] of [
      ['x', x],
      ['y', y],
    ] as const) {
      if (!Number.isInteger(value) || value < 0)
        throw new ArgumentError(
          'EPAN',
          `pan ${name} ${value} is not a whole number >= 0`,
          'give pixel offsets into the virtual resolution',
        );
    }
    if (ywrap && y > v.yres_virtual - v.yres && y < v.yres_virtual) {
      // The driver would show the page wrapped around the end of memory, which no single
      // Surface can cover: refuse before the display moves.
      throw new ArgumentError(
        'EPAN',
        `pan to y ${y} would wrap the ${v.yres}-line page past line ${v.yres_virtual} (FB_VMODE_YWRAP), which fbkit cannot draw as one surface`,
        `pan to y <= ${v.yres_virtual - v.yres}, or copy the lines yourself with bytes()`,
      );
    }
    if (x > v.xres_virtual - v.xres || y > v.yres_virtual - v.yres) {
      throw new ArgumentError(
        'EPAN',
        `pan to ${x},${y} moves the ${v.xres}x${v.yres} page outside the virtual ${v.xres_virtual}x${v.yres_virtual}`,
        `x <= ${v.xres_virtual - v.xres}, y <= ${v.yres_virtual - v.yres}; enlarge the virtual size with setMode({ yres_virtual })`,
      );
    }
    const ystep = ywrap ? fix.ywrapstep : fix.ypanstep;
    if ((x > 0 && (fix.xpanstep === 0 || x % fix.xpanstep !== 0)) || (y > 0 && (ystep === 0 || y % ystep !== 0))) {
      const why = `the driver pans in steps of x ${fix.xpanstep}, y ${ystep} (0: cannot pan that way)`;
      if ((x > 0 && fix.xpanstep === 0) || (y > 0 && ystep === 0))
        return { ok: false, reason: 'unsupported', code: 'EINVAL', message: `panning to ${x},${y} is not supported: ${why}` };
      throw new ArgumentError('EPAN', `pan to ${x},${y} is not on the driver's pan grid`, why);
    }
    const result = attempt('FBIOPAN_DISPLAY', this.#driver.path, () =>
      this.#driver.panDisplay({ ...v, xoffset: x, yoffset: y, reserved: [...v.reserved] } as VarScreeninfo),
    );
    if (result.ok) this.#refresh();
    return result;
  }

  /**
   * Waits for the next vertical retrace (FBIO_WAITFORVSYNC, in the driver's helper process),
   * at most `timeoutMs` (default 100, counted once the helper is ready). Only one wait is ever
   * in flight per framebuffer: after a timeout, later calls join the pending one. A wait the
   * driver never answers keeps nothing alive: the process can still exit.
   */
  async waitForVsync(opts: { timeoutMs?: number; crtc?: number } = {}): Promise<DriverResult> {
    this.#assertOpen();
    const timeoutMs = opts.timeoutMs ?? 100;
    if (!(timeoutMs >= 0) || !Number.isFinite(timeoutMs))
      throw new ArgumentError('ETIMEOUT', `timeoutMs ${timeoutMs} is not a finite number >= 0`, 'give milliseconds, e.g. 100');
    await this.#driver.prepareVsync?.();
    const inFlight = (this.#vsyncInFlight ??= this.#driver.waitForVsync(opts.crtc ?? 0).finally(() => (this.#vsyncInFlight = undefined)));
    let timer: NodeJS.Timeout | undefined;
    const started = performance.now();
    const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
    try {
      const r = await Promise.race([inFlight, timeout]);
      // Node's timers keep whole milliseconds and fire in the same loop turn as a retrace
      // that came just after the deadline; a retrace after the deadline is still a timeout.
      if (r === 'timeout' || performance.now() - started > timeoutMs)
        return { ok: false, reason: 'timeout', code: 'ETIMEDOUT', message: `no vertical retrace within ${timeoutMs} ms` };
      if (r.ok) return { ok: true, value: undefined };
      if (UNSUPPORTED.has(r.code!))
        return {
          ok: false,
          reason: 'unsupported',
          code: r.code!,
          message: `FBIO_WAITFORVSYNC is not supported by the driver of ${this.#driver.path} (${r.code})`,
        };
      throw new SysError('ioctl(FBIO_WAITFORVSYNC)', errnoOf(r.code!), this.#driver.path);
    } finally {
      clearTimeout(timer);
    }
  }

  /** FBIOBLANK: 'unblank', 'normal', 'vsync_suspend', 'hsync_suspend', 'powerdown'. */
  blank(mode: BlankMode = 'normal'): DriverResult {
    this.#assertOpen();
    const level = FB_BLANK[mode.toUpperCase() as keyof typeof FB_BLANK];
    if (level === undefined)
      throw new ArgumentError(
        'EBLANK',
        `unknown blank mode '${mode}'`,
        `use one of ${Object.keys(FB_BLANK)
          .map((k) => k.toLowerCase())
          .join(', ')}`,
      );
    return attempt('FBIOBLANK', this.#driver.path, () => this.#driver.blank(level));
  }

  /** The colormap (16-bit channels), read with FBIOGETCMAP. */
  getColormap(): DriverResult<Colormap> {
    this.#assertOpen();
    const entries = Math.min(256, 2 ** this.#info.bitsPerPixel);
    return attempt('FBIOGETCMAP', this.#driver.path, () => this.#driver.getCmap(0, entries));
  }

  /** FBIOPUTCMAP; for palette formats `info.format.palette` follows. */
  setColormap(cmap: Colormap): DriverResult {
    this.#assertOpen();
    const len = cmap.red.length;
    if (
      cmap.green.length !== len ||
      cmap.blue.length !== len ||
      (cmap.transp && cmap.transp.length !== len) ||
      !Number.isInteger(cmap.start) ||
      cmap.start < 0
    ) {
      throw new ArgumentError(
        'ECMAP',
        'colormap channels must have equal lengths and start must be a whole number >= 0',
        'give red, green, blue (and transp) arrays of the same length',
      );
    }
    const result = attempt('FBIOPUTCMAP', this.#driver.path, () => this.#driver.putCmap(cmap));
    if (result.ok && usesColormap(this.#info.fix)) this.#refresh();
    return result;
  }

  close(): void {
    if (this.#memory === undefined) return;
    this.#unload();
    this.#driver.close();
  }

  [Symbol.dispose](): void {
    this.close();
  }

  // --- internals ---------------------------------------------------------

  #assertOpen(): void {
    if (this.#memory === undefined) throw new ClosedError(`framebuffer ${this.#driver.path}`);
  }

  #request(changes: Partial<VarScreeninfo>, activate: number): VarScreeninfo {
    const current = this.#info.var;
    const request = { ...structuredClone(current), ...structuredClone(changes) } as VarScreeninfo;
    const newDepth = changes.bits_per_pixel !== undefined && changes.bits_per_pixel !== current.bits_per_pixel;
    const givesFields = ['red', 'green', 'blue', 'transp'].some((k) => k in changes);
    if (newDepth && !givesFields) Object.assign(request, defaultBitfields(request.bits_per_pixel));
    request.activate = changes.activate ?? activate;
    return request;
  }

  /** Reads the mode, checks it, decodes the format and maps memory; leaves nothing open on failure. */
  #load(): void {
    const v = this.#driver.getVar();
    const fix = this.#driver.getFix();
    this.#colormap = this.#readColormap(v, fix);
    const length = memoryLength(v, fix);
    const format = this.#decode(v, fix);
    checkGeometry(v, fix, length);
    const memory = this.#driver.openMemory(length, fix.smem_start);
    this.#memory = memory;
    this.#setInfo(v, fix, format);
  }

  /** The colormap of a palette mode; undefined for other modes and drivers that cannot report it. */
  #readColormap(v: VarScreeninfo, fix: FixScreeninfo): Colormap | undefined {
    if (!usesColormap(fix) || v.bits_per_pixel > 8) return undefined;
    const read = attempt('FBIOGETCMAP', this.#driver.path, () => this.#driver.getCmap(0, 2 ** v.bits_per_pixel));
    return read.ok ? read.value : undefined;
  }

  #decode(v: VarScreeninfo, fix: FixScreeninfo): PixelFormat {
    // Drivers that cannot report their colormap still index one: assume the usual palette
    // (a gray ramp on grayscale panels such as e-paper).
    const bpp = Math.min(8, v.bits_per_pixel);
    const palette = this.#colormap ? paletteOf(this.#colormap) : v.grayscale ? grayPalette(bpp) : defaultPalette(bpp);
    return formatFromScreeninfo(v, fix, palette, HOST_LITTLE_ENDIAN);
  }

  #setInfo(v: VarScreeninfo, fix: FixScreeninfo, format: PixelFormat): void {
    this.#info = Object.freeze({
      path: this.#driver.path,
      id: fix.id,
      width: v.xres,
      height: v.yres,
      virtualWidth: v.xres_virtual,
      virtualHeight: v.yres_virtual,
      xoffset: v.xoffset,
      yoffset: v.yoffset,
      stride: fix.line_length,
      bitsPerPixel: v.bits_per_pixel,
      memoryLength: this.#memory!.length,
      format,
      access: this.#memory!.kind,
      var: Object.freeze(v),
      fix: Object.freeze(fix),
    });
    this.#surface = undefined;
    this.#deviceSurface = undefined;
  }

  /** After a pan or colormap change: same memory, new offsets or palette. */
  #refresh(): void {
    const v = this.#driver.getVar();
    const fix = this.#driver.getFix();
    this.#colormap = this.#readColormap(v, fix) ?? this.#colormap;
    checkGeometry(v, fix, this.#memory!.length);
    this.#setInfo(v, fix, this.#decode(v, fix));
  }

  #unload(): void {
    this.#surface = undefined;
    this.#deviceSurface = undefined;
    this.#memory?.close();
    this.#memory = undefined;
  }

  #makeSurface(): Surface {
    const { width, height, stride, xoffset, yoffset, format } = this.#info;
    const all = this.#memory!.bytes();
    const start = yoffset * stride + (xoffset * format.bpp) / 8;
    // The last line may end short of a full stride when the page sits at the end of memory.
    const end = Math.min(all.length, start + height * stride);
    return new Surface({ width, height, format, stride, bytes: all.subarray(start, end), guard: () => this.#assertOpen() });
  }

  /** The application's surface of a rotated framebuffer: starts as what the screen shows, turned back upright. */
  #makeRotatedSurface(): Surface {
    const device = this.deviceSurface;
    const { width, height } = rotateSize(device, this.#rotation);
    const surface = new Surface({ width, height, format: device.format, guard: () => this.#assertOpen() });
    rotateInto(surface, device, { x: 0, y: 0, w: device.width, h: device.height }, inverseRotation(this.#rotation));
    return surface;
  }
}

function errnoOf(code: string): number {
  return (constants.errno as Record<string, number>)[code] ?? 0;
}
