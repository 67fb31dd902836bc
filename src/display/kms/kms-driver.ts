/**
 * A KMS output (/dev/dri/cardN) behind the same ioctl-shaped seam as fbdev, so
 * Framebuffer, Frames, Console and every CLI verb work on it unchanged:
 *
 * - open: the output and mode are chosen (outputs.ts), DRM master taken, two dumb
 *   buffers (one per page) created, each with a framebuffer object (ADDFB2), mapped side
 *   by side, and the first page shown with SETCRTC. It looks like an fbdev with
 *   yres_virtual = 2*yres and ypanstep = yres.
 * - panDisplay to the other page is a PAGE_FLIP with an event; waitForVsync resolves when
 *   the flip's event arrives (or, with no flip pending, after a flip to the page already
 *   shown, which ends at the next vblank). Events are waited for in a helper process
 *   (card.eventsReady), never on the event loop or a libuv thread.
 * - flush is DIRTYFB (kms-memory.ts).
 * - close puts back the CRTC found at open (its framebuffer, mode and connectors, or off
 *   when it was off) and frees everything; so do a signal, an uncaught exception and
 *   exit without close() (exit-guard.ts). Only SIGKILL is left to the kernel: it turns the
 *   CRTC off with the process's framebuffers, and DRM's fbdev emulation sets its mode again.
 *
 * Mode changes through putVar are refused (EINVAL, as DRM's fbdev emulation does): the
 * mode is chosen when opening (`mode: 'WxH@Hz'`).
 */
import { constants } from 'node:os';
import { ArgumentError, UnsupportedError } from '../../errors.js';
import { DRM_CAP, DRM_FORMAT, type Crtc, type ModeInfo } from '../../sys/linux-drm.js';
import {
  emptyFix,
  emptyVar,
  FB_TYPE,
  FB_VISUAL,
  type AsyncIoctlResult,
  type Colormap,
  type FixScreeninfo,
  type VarScreeninfo,
} from '../../sys/linux-fb.js';
import { SysError } from '../../sys/sys-error.js';
import { pageSize } from '../../sys/libc.js';
import type { FbDriver } from '../driver.js';
import type { FbMemory } from '../memory.js';
import { KernelCard, type KmsCard } from './card.js';
import { exitGuard } from '../exit-guard.js';
import { KmsMemory } from './kms-memory.js';
import { becomeMaster } from './master.js';
import { chooseCrtc, chooseMode, chooseOutput, listOutputs, parseModeSpec, type KmsOutput } from './outputs.js';

export interface KmsOptions {
  /** Connector name as sysfs shows it ('HDMI-A-1'); default: the first connected one. */
  output?: string;
  /** 'WxH' or 'WxH@Hz'; default: the output's preferred mode. */
  mode?: string;
  /** Pixel format of the buffers; default 'xrgb8888'. */
  format?: 'xrgb8888' | 'rgb565';
  /** 'auto' (default): a RAM shadow where the driver prefers one, else the mapped buffer; or force one. */
  access?: 'auto' | 'mmap' | 'shadow';
}

const FORMATS = {
  xrgb8888: { name: 'XRGB8888', fourcc: DRM_FORMAT.XRGB8888, bpp: 32, fields: [16, 8, 8, 8, 0, 8] },
  rgb565: { name: 'RGB565', fourcc: DRM_FORMAT.RGB565, bpp: 16, fields: [11, 5, 5, 6, 0, 5] },
} as const;

/** How long close() and a second pan wait for a flip still in flight (a frame at 20 Hz). */
const FLIP_SETTLE_MS = 50;

/**
 * Flips whose events have been read, by card. Outputs of one card share its descriptor
 * (card.ts), so a driver may read another's event: it is noted here for its owner.
 * Tokens (the flips' user_data) are unique in the process.
 */
const finishedFlips = new WeakMap<KmsCard, Set<bigint>>();
let lastToken = 0n;

/**
 * The wait for a card's next events, one at a time per card and shared by every driver
 * waiting on it: a driver that waited on its own could sleep in poll() after another had
 * already read its event (two heads of one card flipping at once).
 */
const eventWaits = new WeakMap<KmsCard, Promise<void>>();
function nextEvents(card: KmsCard): Promise<void> {
  let wait = eventWaits.get(card);
  if (!wait) {
    wait = card.eventsReady().finally(() => eventWaits.delete(card));
    eventWaits.set(card, wait);
  }
  return wait;
}

/** The pages: a dumb buffer and a framebuffer object each, all with the same pitch. */
interface Buffer {
  handles: number[];
  pitch: number;
  fbIds: number[];
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

export class KmsDriver implements FbDriver {
  readonly kind = 'device';
  readonly backend = 'kms';
  readonly path: string;
  readonly output: KmsOutput;
  readonly mode: ModeInfo;
  readonly #card: KmsCard;
  readonly #crtcId: number;
  readonly #saved: Crtc;
  readonly #savedConnectors: readonly number[];
  readonly #format: (typeof FORMATS)[keyof typeof FORMATS];
  readonly #buffer: Buffer;
  readonly #shadow: boolean;
  readonly #driverName: string;
  #page = 0;
  /** user_data of the flip in flight, if any. */
  #flipInFlight: bigint | undefined;
  #closed = false;
  /** On a signal, an uncaught exception or exit without close(): the CRTC as found, nothing else. */
  readonly #onExit = (): void => {
    try {
      this.#restore();
    } catch {
      // The process is ending; its framebuffers go with the descriptor anyway.
    }
  };

  private constructor(card: KmsCard, opts: KmsOptions) {
    this.#card = card;
    this.path = card.path;
    if (card.getCap(DRM_CAP.DUMB_BUFFER) === 0n)
      throw new UnsupportedError('ENODUMB', `${card.path} cannot allocate dumb buffers`, 'use its /dev/fbN, or a GPU driver that has them');
    const format = opts.format ?? 'xrgb8888';
    if (!Object.hasOwn(FORMATS, format))
      throw new ArgumentError('EFORMAT', `unknown KMS pixel format '${format}'`, `use one of ${Object.keys(FORMATS).join(', ')}`);
    this.#format = FORMATS[format];
    const outputs = listOutputs(card);
    this.output = chooseOutput(outputs, card.path, opts.output);
    this.mode = chooseMode(this.output, opts.mode === undefined ? undefined : parseModeSpec(opts.mode));
    this.#crtcId = chooseCrtc(outputs, this.output, card.path);
    this.#saved = card.crtc(this.#crtcId);
    this.#savedConnectors = outputs.filter((o) => o.crtcId === this.#crtcId).map((o) => o.connectorId);
    const access = opts.access ?? 'auto';
    this.#shadow = access === 'shadow' || (access === 'auto' && card.getCap(DRM_CAP.DUMB_PREFER_SHADOW) !== 0n);
    this.#driverName = card.driverName();
    becomeMaster(card);
    this.#buffer = this.#allocate();
    try {
      this.#show();
    } catch (err) {
      this.#free();
      throw err;
    }
    // Without this, a process that dies leaves the CRTC to the kernel: it turns it off, and
    // fbdev emulation sets its own mode again, which on bochs clears video memory (the
    // console stayed black until it next drew; test/vm 24).
    exitGuard.add(this.#onExit);
  }

  /** Opens `path` and shows a buffer on one of its outputs; nothing stays configured when this throws. */
  static open(path: string, opts: KmsOptions = {}): KmsDriver {
    const card = KernelCard.open(path);
    try {
      return new KmsDriver(card, opts);
    } catch (err) {
      card.close();
      throw err;
    }
  }

  /** The same over any card (a test's model of one); the driver takes it over and closes it. */
  static onCard(card: KmsCard, opts: KmsOptions = {}): KmsDriver {
    try {
      return new KmsDriver(card, opts);
    } catch (err) {
      card.close();
      throw err;
    }
  }

  get #pages(): number {
    return this.#buffer.fbIds.length;
  }

  getVar(): VarScreeninfo {
    const m = this.mode;
    const [ro, rl, go, gl, bo, bl] = this.#format.fields;
    const v = emptyVar();
    Object.assign(v, {
      xres: m.hdisplay,
      yres: m.vdisplay,
      xres_virtual: m.hdisplay,
      yres_virtual: m.vdisplay * this.#pages,
      yoffset: this.#page * m.vdisplay,
      bits_per_pixel: this.#format.bpp,
      red: { offset: ro, length: rl, msb_right: 0 },
      green: { offset: go, length: gl, msb_right: 0 },
      blue: { offset: bo, length: bl, msb_right: 0 },
      width: this.output.mmWidth,
      height: this.output.mmHeight,
      // The mode's timings in fbdev's terms: picoseconds per pixel, margins and sync lengths.
      pixclock: m.clock > 0 ? Math.round(1e9 / m.clock) : 0,
      left_margin: m.htotal - m.hsync_end,
      right_margin: m.hsync_start - m.hdisplay,
      hsync_len: m.hsync_end - m.hsync_start,
      upper_margin: m.vtotal - m.vsync_end,
      lower_margin: m.vsync_start - m.vdisplay,
      vsync_len: m.vsync_end - m.vsync_start,
    });
    return v;
  }

  getFix(): FixScreeninfo {
    const f = emptyFix();
    f.id = this.#driverName.slice(0, 15);
    f.smem_len = this.#buffer.pitch * this.mode.vdisplay * this.#pages;
    f.type = FB_TYPE.PACKED_PIXELS;
    f.visual = FB_VISUAL.TRUECOLOR;
    // Only whole pages can be shown: each is its own framebuffer object.
    f.ypanstep = this.#pages > 1 ? this.mode.vdisplay : 0;
    f.line_length = this.#buffer.pitch;
    return f;
  }

  putVar(v: VarScreeninfo): VarScreeninfo {
    const now = this.getVar();
    const same = (['xres', 'yres', 'xres_virtual', 'yres_virtual', 'bits_per_pixel'] as const).every((k) => v[k] === now[k]);
    if (!same)
      throw new SysError(
        'ioctl(FBIOPUT_VSCREENINFO)',
        constants.errno.EINVAL,
        this.path,
        `a KMS mode is chosen when opening: open ${this.path} with mode 'WxH[@Hz]' (CLI: --mode)`,
      );
    return now;
  }

  panDisplay(v: VarScreeninfo): void {
    const page = v.yoffset / this.mode.vdisplay;
    if (v.xoffset !== 0 || !Number.isInteger(page) || page < 0 || page >= this.#pages)
      throw new SysError('ioctl(FBIOPAN_DISPLAY)', constants.errno.EINVAL, this.path);
    if (page === this.#page) return;
    this.#settle(FLIP_SETTLE_MS);
    this.#flip(page);
  }

  async waitForVsync(): Promise<AsyncIoctlResult> {
    try {
      this.#takeEvents();
      // A flip to the page on screen changes nothing and ends at the next vblank.
      if (this.#flipInFlight === undefined) this.#flip(this.#page);
      while (this.#flipInFlight !== undefined && !this.#closed) {
        await nextEvents(this.#card);
        if (!this.#closed) this.#takeEvents();
      }
      return { ok: true };
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (typeof code === 'string' && code.startsWith('E')) return { ok: false, code };
      throw err;
    }
  }

  prepareVsync(): Promise<void> {
    return this.#card.prepareEvents?.() ?? Promise.resolve();
  }

  blank(): void {
    throw new SysError('ioctl(FBIOBLANK)', constants.errno.ENOTTY, this.path);
  }

  getCmap(): Colormap {
    throw new SysError('ioctl(FBIOGETCMAP)', constants.errno.ENOTTY, this.path);
  }

  putCmap(): void {
    throw new SysError('ioctl(FBIOPUTCMAP)', constants.errno.ENOTTY, this.path);
  }

  openMemory(): FbMemory {
    const { pitch, fbIds, handles } = this.#buffer;
    const h = this.mode.vdisplay;
    // One page: its buffer alone (its size need not be whole pages); two: side by side.
    const mapping =
      handles.length === 1
        ? this.#card.mapDumb(handles[0]!, pitch * h)
        : this.#card.mapDumbs(handles.map((handle) => ({ handle, length: pitch * h })));
    return new KmsMemory(
      this.#card,
      mapping,
      { stride: pitch, width: this.mode.hdisplay, height: this.mode.vdisplay, fbIds },
      this.#shadow,
    );
  }

  /** Gives up DRM master (another VT's owner needs it); the picture stays until someone else sets a mode. */
  release(): void {
    this.#settle(FLIP_SETTLE_MS);
    this.#card.dropMaster();
  }

  /** Takes master back and shows the current page again (the other VT's owner may have changed the CRTC). */
  acquire(): void {
    becomeMaster(this.#card);
    this.#show(this.#page);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    exitGuard.delete(this.#onExit);
    try {
      this.#settle(FLIP_SETTLE_MS);
      this.#restore();
    } catch {
      // Removing our framebuffers below turns the CRTC off at least.
    }
    this.#free();
    this.#card.close();
  }

  // --- internals ---------------------------------------------------------

  /**
   * Two dumb buffers, one per page, each with its framebuffer object; one page where a
   * second does not fit. Separate buffers rather than two framebuffers at offsets of one:
   * virtio-gpu ignores ADDFB2's offsets and would show the first page either way. For the
   * pages to be one memory (as fbdev's are) they are mapped side by side, so each must be
   * whole pages of memory: the pitch asked for is widened until pitch * height is.
   */
  #allocate(): Buffer {
    const { hdisplay: w, vdisplay: h } = this.mode;
    const card = this.#card;
    const bytesPerPixel = this.#format.bpp / 8;
    const page = pageSize();
    // pitch * h is whole pages when the pitch is a multiple of page / gcd(h, page).
    const unit = page / gcd(h, page);
    const width = Math.ceil((w * bytesPerPixel) / unit) * (unit / bytesPerPixel);
    const buffer: Buffer = { handles: [], pitch: 0, fbIds: [] };
    try {
      for (let i = 0; i < 2; i++) {
        let dumb: ReturnType<KmsCard['createDumb']>;
        try {
          dumb = card.createDumb(width, h, this.#format.bpp);
        } catch (err) {
          if (i === 0 || !(err instanceof SysError)) throw err;
          break; // little video memory: one page, no double buffering
        }
        buffer.handles.push(dumb.handle);
        if (i === 1 && (dumb.pitch !== buffer.pitch || (dumb.pitch * h) % page !== 0)) {
          card.destroyDumb(buffer.handles.pop()!); // cannot sit right after the first: one page
          break;
        }
        buffer.pitch = dumb.pitch;
        const planes = { handles: [dumb.handle, 0, 0, 0], pitches: [dumb.pitch, 0, 0, 0], offsets: [0, 0, 0, 0] };
        try {
          buffer.fbIds.push(card.addFb2({ width: w, height: h, pixel_format: this.#format.fourcc, flags: 0, ...planes }));
        } catch (err) {
          if (i === 0) throw this.#addFbError(err);
          card.destroyDumb(buffer.handles.pop()!);
          break;
        }
      }
    } catch (err) {
      for (const id of buffer.fbIds) ignoreErrors(() => card.rmFb(id));
      for (const handle of buffer.handles) ignoreErrors(() => card.destroyDumb(handle));
      throw err;
    }
    return buffer;
  }

  #addFbError(err: unknown): unknown {
    if (err instanceof SysError && err.code === 'EINVAL' && this.#format.bpp !== 32)
      return new UnsupportedError(
        'EFORMAT',
        `the driver of ${this.path} cannot show ${this.#format.name} buffers`,
        "use format 'xrgb8888'",
      );
    return err;
  }

  /** SETCRTC: the output shows `page` in the chosen mode. */
  #show(page = 0): void {
    try {
      this.#card.setCrtc({ crtcId: this.#crtcId, fbId: this.#buffer.fbIds[page]!, connectors: [this.output.connectorId], mode: this.mode });
    } catch (err) {
      if (!(err instanceof SysError)) throw err;
      const hints: Record<string, string> = {
        EACCES: 'another program became DRM master first; stop it or draw through it',
        EBUSY: 'the output or its CRTC is in use by another client; stop it or choose another --output',
        EINVAL: `the driver refused mode ${this.mode.name} on ${this.output.name}; pick another with --mode WxH[@Hz]`,
      };
      throw new SysError(
        'ioctl(DRM_IOCTL_MODE_SETCRTC)',
        constants.errno[err.code as keyof typeof constants.errno] ?? 0,
        this.path,
        hints[err.code],
      );
    }
    this.#page = page;
    this.#flipInFlight = undefined;
  }

  #flip(page: number): void {
    const token = ++lastToken;
    this.#card.pageFlip(this.#crtcId, this.#buffer.fbIds[page]!, token);
    this.#flipInFlight = token;
    this.#page = page;
  }

  /** Reads the card's events (waiting at most `timeoutMs`), and ends our flip if its event was among them. */
  #takeEvents(timeoutMs = 0): void {
    let finished = finishedFlips.get(this.#card);
    if (!finished) finishedFlips.set(this.#card, (finished = new Set()));
    for (const e of this.#card.readEvents(timeoutMs)) finished.add(e.user_data);
    if (this.#flipInFlight !== undefined && finished.delete(this.#flipInFlight)) this.#flipInFlight = undefined;
  }

  /** Waits (blocking, at most `ms`) for a flip still in flight: the next flip would fail with EBUSY. */
  #settle(ms: number): void {
    const deadline = performance.now() + ms;
    this.#takeEvents();
    for (let left = ms; this.#flipInFlight !== undefined && left > 0; left = deadline - performance.now())
      this.#takeEvents(Math.ceil(left));
  }

  /** The CRTC as found at open: its framebuffer and mode, or off. */
  #restore(): void {
    const s = this.#saved;
    if (s.mode_valid && s.fb_id !== 0) {
      const connectors = this.#savedConnectors.length > 0 ? this.#savedConnectors : [this.output.connectorId];
      this.#card.setCrtc({ crtcId: this.#crtcId, fbId: s.fb_id, x: s.x, y: s.y, connectors, mode: s.mode });
    } else {
      this.#card.setCrtc({ crtcId: this.#crtcId, fbId: 0, connectors: [] });
    }
  }

  #free(): void {
    for (const id of this.#buffer.fbIds) ignoreErrors(() => this.#card.rmFb(id));
    for (const handle of this.#buffer.handles) ignoreErrors(() => this.#card.destroyDumb(handle));
  }
}

function ignoreErrors(step: () => void): void {
  try {
    step();
  } catch {
    // Freeing what the kernel frees anyway when the descriptor closes.
  }
}
