/**
 * A driver modelled in memory for the virtual twin: it follows the kernel's rules for mode
 * changes, pans and colormaps, so Framebuffer runs the same code as on /dev/fbN.
 */
import { closeSync, fstatSync, openSync, readSync, writeFileSync } from 'node:fs';
import { constants } from 'node:os';
import { ArgumentError } from '../../errors.js';
import { defaultPalette, grayPalette } from '../../raster/format.js';
import { MappedRegion } from '../../mmio/mapped-region.js';
import {
  FB_ACTIVATE,
  FB_VISUAL,
  type AsyncIoctlResult,
  type Colormap,
  type FixScreeninfo,
  type VarScreeninfo,
} from '../../sys/linux-fb.js';
import { SysError } from '../../sys/sys-error.js';
import { paletteOf } from '../colormap.js';
import type { FbDriver } from '../driver.js';
import { fileType } from '../../mmio/file-type.js';
import { defaultVisual, GeometryError, geometryFromScreeninfo, lineLength, type Screeninfo } from '../geometry.js';
import { MappedMemory, RamMemory, SnapshotMemory, type FbMemory } from '../memory.js';

const ONE_FRAME_MS = 1000 / 60;

/** Raised by the model the way the kernel would fail the ioctl. */
function ioctlError(request: string, errno: keyof typeof constants.errno, path: string, hint: string): SysError {
  return new SysError(`ioctl(${request})`, constants.errno[errno], path, hint);
}

/** Depths the model accepts, rounding up as vfb's check_var does. */
function roundDepth(bpp: number): number | undefined {
  return [1, 2, 4, 8, 16, 24, 32].find((d) => bpp <= d && bpp > 0);
}

/** The file behind a file-backed virtual framebuffer, and whether it may be created and written. */
export interface VirtualFile {
  path: string;
  writable: boolean;
}

/**
 * A driver modelled in memory: keeps var/fix/colormap, applies mode changes and pans with
 * the kernel's rules (vfb-like rounding), and backs the pixels with RAM or a file. A
 * writable file-backed one rewrites `<file>.json` after every change so another process
 * sees the mode; a read-only one models the changes in memory and leaves both files alone.
 */
export class VirtualDriver implements FbDriver {
  readonly kind = 'virtual';
  #state: Screeninfo;
  #cmap: Colormap;

  constructor(
    readonly path: string,
    state: Screeninfo,
    private readonly file?: VirtualFile,
  ) {
    this.#state = structuredClone(state);
    this.#cmap = colormapFor(state);
  }

  getVar(): VarScreeninfo {
    return structuredClone(this.#state.var);
  }
  getFix(): FixScreeninfo {
    return structuredClone(this.#state.fix);
  }

  putVar(request: VarScreeninfo): VarScreeninfo {
    const current = this.#state;
    // A driver without check_var (efifb, simplefb): the kernel hands back the current mode.
    if (current.fixedMode) return structuredClone(current.var);
    const bpp = roundDepth(request.bits_per_pixel);
    if (bpp === undefined) {
      throw ioctlError(
        'FBIOPUT_VSCREENINFO',
        'EINVAL',
        this.path,
        `the driver has no ${request.bits_per_pixel}-bit mode; use 1, 2, 4, 8, 16, 24 or 32`,
      );
    }
    const v = structuredClone(request);
    v.bits_per_pixel = bpp;
    v.xres_virtual = Math.max(v.xres_virtual, v.xres);
    v.yres_virtual = Math.max(v.yres_virtual, v.yres);
    if (v.xres === 0 || v.yres === 0) throw ioctlError('FBIOPUT_VSCREENINFO', 'EINVAL', this.path, 'xres and yres must be at least 1');
    if (v.xoffset > v.xres_virtual - v.xres || v.yoffset > v.yres_virtual - v.yres) {
      throw ioctlError(
        'FBIOPUT_VSCREENINFO',
        'EINVAL',
        this.path,
        'xoffset/yoffset must keep the visible area inside the virtual resolution',
      );
    }
    const line = lineLength(v.xres_virtual, bpp, current.pitchAlign);
    if (line * v.yres_virtual > current.fix.smem_len) {
      throw ioctlError(
        'FBIOPUT_VSCREENINFO',
        'ENOMEM',
        this.path,
        `${v.xres_virtual}x${v.yres_virtual} at ${bpp} bpp needs ${line * v.yres_virtual} bytes; the framebuffer has ${current.fix.smem_len}`,
      );
    }
    if ((v.activate & FB_ACTIVATE.MASK) === FB_ACTIVATE.TEST) return v;
    const fix = { ...current.fix, line_length: line };
    const wasMono = fix.visual === FB_VISUAL.MONO01 || fix.visual === FB_VISUAL.MONO10;
    if (!(wasMono && bpp === 1)) fix.visual = defaultVisual(bpp, v.grayscale);
    const palette = bpp === current.var.bits_per_pixel ? current.palette : undefined;
    this.#state = { ...current, var: v, fix, palette };
    if (bpp !== current.var.bits_per_pixel) this.#cmap = colormapFor(this.#state);
    this.#writeSidecar();
    return structuredClone(v);
  }

  panDisplay(v: VarScreeninfo): void {
    this.#state.var.xoffset = v.xoffset;
    this.#state.var.yoffset = v.yoffset;
    this.#writeSidecar();
  }

  blank(): void {
    // Nothing is displayed; accepting the call is what a driver with fb_blank does.
  }

  getCmap(start: number, len: number): Colormap {
    const end = start + len;
    if (end > this.#cmap.red.length) {
      throw ioctlError('FBIOGETCMAP', 'EINVAL', this.path, `the colormap has ${this.#cmap.red.length} entries`);
    }
    const part = (a: Uint16Array) => a.slice(start, end);
    return {
      start,
      red: part(this.#cmap.red),
      green: part(this.#cmap.green),
      blue: part(this.#cmap.blue),
      transp: part(this.#cmap.transp!),
    };
  }

  putCmap(cmap: Colormap): void {
    const len = cmap.red.length;
    if (cmap.start + len > this.#cmap.red.length || cmap.green.length !== len || cmap.blue.length !== len) {
      throw ioctlError(
        'FBIOPUTCMAP',
        'EINVAL',
        this.path,
        `the colormap has ${this.#cmap.red.length} entries; give equal-length channels inside it`,
      );
    }
    this.#cmap.red.set(cmap.red, cmap.start);
    this.#cmap.green.set(cmap.green, cmap.start);
    this.#cmap.blue.set(cmap.blue, cmap.start);
    if (cmap.transp) this.#cmap.transp!.set(cmap.transp, cmap.start);
    this.#state.palette = paletteOf(this.#cmap);
    this.#writeSidecar();
  }

  /** Resolves at the next 60 Hz tick: a virtual display's retrace. */
  waitForVsync(): Promise<AsyncIoctlResult> {
    const wait = ONE_FRAME_MS - (performance.now() % ONE_FRAME_MS);
    return new Promise((resolve) => setTimeout(() => resolve({ ok: true }), wait));
  }

  openMemory(length: number): FbMemory {
    if (!this.file) return new RamMemory(length);
    const { path, writable } = this.file;
    requireRegularFile(path, 'a file-backed framebuffer lives in a regular file; name a device without file: (/dev/fbN)');
    if (!writable) return new SnapshotMemory(readPixels(path, length), this.path);
    // The sidecar is opened for writing below: a FIFO there would block.
    requireRegularFile(sidecarPath(path), `fbkit writes the mode to ${sidecarPath(path)}: remove or rename what is there`);
    // Only now, once the Framebuffer has accepted the geometry, do files appear on disk:
    // first the pixels (grow: create the file or extend it; existing pixels are kept,
    // never truncated), then, once that worked, the mode beside them.
    const memory = new MappedMemory(MappedRegion.open({ path, length, writable: true, grow: true }));
    try {
      this.#writeSidecar();
    } catch (err) {
      memory.close();
      throw err;
    }
    return memory;
  }

  close(): void {}

  #writeSidecar(): void {
    if (!this.file?.writable) return;
    const state = { ...this.#state, palette: usesPalette(this.#state) ? paletteOf(this.#cmap) : this.#state.palette };
    const sidecar = sidecarPath(this.file.path);
    fsCall('write', sidecar, () => writeFileSync(sidecar, `${JSON.stringify(geometryFromScreeninfo(state), null, 2)}\n`));
  }
}

/** Refuses `path` unless it is a regular file or absent (then the open creates it, or says why not). */
function requireRegularFile(path: string, hint: string): void {
  const type = fileType(path);
  if (type !== undefined && type !== 'regular file') throw new ArgumentError('EFILETYPE', `${path} is a ${type}, not a regular file`, hint);
}

/** The first `length` bytes of `path`, read without creating or changing anything. */
function readPixels(path: string, length: number): Uint8Array {
  const fd = fsCall('open', path, () => openSync(path, 'r'));
  try {
    const { size } = fstatSync(fd);
    if (size < length) {
      throw new GeometryError(
        `${path} holds ${size} bytes; its geometry needs ${length}`,
        'give the geometry the file was written with, or open it writable (fbkit fill) to extend it',
      );
    }
    const pixels = new Uint8Array(length);
    let at = 0;
    while (at < length) {
      const n = fsCall('read', path, () => readSync(fd, pixels, at, length - at, at));
      // Without this the loop would spin on a file truncated since fstat.
      if (n === 0) throw new SysError('read', constants.errno.EIO, path, 'the file shrank while it was read; try again');
      at += n;
    }
    return pixels;
  } finally {
    closeSync(fd);
  }
}

/** Runs a node:fs call; its failure becomes the SysError the rest of fbkit throws (errno name, call, path, hint). */
function fsCall<T>(syscall: string, path: string, call: () => T): T {
  try {
    return call();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const errno = code === undefined ? undefined : (constants.errno as Record<string, number>)[code];
    throw errno === undefined ? err : new SysError(syscall, errno, path);
  }
}

/** The geometry file written beside a file-backed framebuffer: `<file>.json`. */
export function sidecarPath(file: string): string {
  return `${file}.json`;
}

function usesPalette(s: Screeninfo): boolean {
  return s.fix.visual === FB_VISUAL.PSEUDOCOLOR || s.fix.visual === FB_VISUAL.STATIC_PSEUDOCOLOR;
}

/** 8-bit channels widen to the kernel's 16-bit intensities by repetition (0xff -> 0xffff). */
function colormapFor(s: Screeninfo): Colormap {
  const bpp = s.var.bits_per_pixel;
  const entries = bpp <= 8 ? 2 ** bpp : 256;
  const source = s.palette ?? (bpp > 8 ? rampPalette(entries) : s.var.grayscale ? grayPalette(bpp) : defaultPalette(bpp));
  const channel = (shift: number) => Uint16Array.from({ length: entries }, (_, i) => (((source[i] ?? 0) >>> shift) & 0xff) * 0x101);
  return { start: 0, red: channel(16), green: channel(8), blue: channel(0), transp: new Uint16Array(entries) };
}

/** Directcolor/truecolor colormaps: the identity ramp. */
function rampPalette(entries: number): Uint32Array {
  return Uint32Array.from({ length: entries }, (_, i) => (0xff000000 | (i * 0x010101)) >>> 0);
}
