/**
 * Snapshots of what a program changes on a screen (its mode and colormap) and their
 * restore, for consoles and kiosks that must leave the display as they found it.
 */
import { FB_ACTIVATE, type Colormap, type VarScreeninfo } from '../sys/linux-fb.js';
import { SysError } from '../sys/sys-error.js';
import type { FbDriver } from './driver.js';

/** Capture now, get back a function that restores what was captured. */
export interface ScreenState {
  snapshot(): () => void;
}

/** The calls a snapshot and its restore need, over a driver or a Framebuffer. */
export interface ScreenOps {
  getVar(): VarScreeninfo;
  putVar(v: VarScreeninfo): unknown;
  pan(v: VarScreeninfo): unknown;
  getCmap(): Colormap | undefined;
  putCmap(cmap: Colormap): unknown;
  /** False once the screen is gone (a closed Framebuffer): the restore then does nothing. */
  usable?(): boolean;
}

/** A driver's screen through its own ioctls; `entries` colormap entries are saved. */
export function driverScreen(driver: FbDriver, entries: number): ScreenOps {
  return {
    getVar: () => driver.getVar(),
    putVar: (v) => driver.putVar(v),
    pan: (v) => driver.panDisplay(v),
    getCmap: () => optional(() => driver.getCmap(0, entries)),
    putCmap: (cmap) => driver.putCmap(cmap),
  };
}

/** Reads the mode and colormap now; the returned function puts back what changed, then runs `done`. */
export function captureScreen(ops: ScreenOps, done: () => void = () => {}): () => void {
  const saved = ops.getVar();
  const cmap = ops.getCmap();
  return () => {
    try {
      if (ops.usable && !ops.usable()) return;
      putBack(saved, ops.getVar(), ops);
      // Only a changed colormap is written: truecolor drivers hand out 256 entries
      // but take back at most 16 (DRM's pseudo palette), so a blind put fails.
      if (cmap && !sameCmap(cmap, ops.getCmap())) ops.putCmap(cmap);
    } finally {
      done();
    }
  };
}

/**
 * Pans back when only the offsets moved (a full mode set can flicker, and drivers
 * without check_var ignore FBIOPUT_VSCREENINFO altogether), sets the mode when more changed.
 */
function putBack(saved: VarScreeninfo, now: Readonly<VarScreeninfo>, ops: ScreenOps): void {
  const modeOnly = (v: Readonly<VarScreeninfo>): string => JSON.stringify({ ...v, xoffset: 0, yoffset: 0, activate: 0 });
  if (modeOnly(saved) !== modeOnly(now)) ops.putVar({ ...saved, activate: FB_ACTIVATE.NOW });
  else if (saved.xoffset !== now.xoffset || saved.yoffset !== now.yoffset) ops.pan(saved);
}

function sameCmap(a: Colormap, b: Colormap | undefined): boolean {
  const eq = (x?: Uint16Array, y?: Uint16Array): boolean => x?.length === y?.length && (x ?? []).every((v, i) => v === y![i]);
  return b !== undefined && a.start === b.start && eq(a.red, b.red) && eq(a.green, b.green) && eq(a.blue, b.blue) && eq(a.transp, b.transp);
}

/** A colormap read that drivers may not implement (truecolor drivers often have none). */
function optional(read: () => Colormap): Colormap | undefined {
  try {
    return read();
  } catch (err) {
    if (err instanceof SysError) return undefined;
    throw err;
  }
}
