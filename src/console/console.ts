/**
 * Console takeover: put the active virtual terminal into graphics mode (so fbcon stops
 * drawing text and the cursor over our pixels), hide the cursor, remember the screen's
 * mode and colormap, and put all of it back on every way out of the process.
 *
 * A program that cannot take the console (no VT in a container, not root, a serial
 * console) still runs and draws; `Console.take` says why it could not, instead of
 * failing the whole program over a cosmetic problem.
 */
import { writeSync } from 'node:fs';
import { closeFd, openFd, O_NOCTTY, O_RDWR } from '../sys/libc.js';
import { SysError } from '../sys/sys-error.js';
import { FB_ACTIVATE, type Colormap, type VarScreeninfo } from '../sys/linux-fb.js';
import { getCmap, getVar, panDisplay, putCmap, putVar } from '../sys/fb-ioctl.js';
import { KD_MODE } from '../sys/linux-kd.js';
import { kdGetMode, kdSetMode, vtGetMode, vtGetState, vtRelDisp, vtSetMode } from '../sys/kd-ioctl.js';
import { FbkitError } from '../errors.js';
import type { Framebuffer } from '../display/framebuffer.js';
import { DEFAULT_VT_SIGNAL, VtSwitcher, type VtSwitchControl } from './vt-switch.js';

/** The virtual terminal, narrowed to what the takeover uses; tests pass a fake. */
export interface ConsoleDevice {
  readonly path: string;
  getMode(): number;
  setMode(mode: number): void;
  /** Writes control sequences (cursor on/off) to the terminal. */
  write(text: string): void;
  close(): void;
  /** Process-controlled switching; absent on a device that cannot do it (then switching stays automatic). */
  readonly vt?: VtSwitchControl;
}

/** The framebuffer side: capture mode + colormap now, get back a function that restores them. */
export interface ScreenState {
  snapshot(): () => void;
}

/**
 * The mode and colormap of `fb`'s device as they are now, put back by the returned
 * function. A real device gets its own descriptor, so the restore still works after the
 * program closed its Framebuffer (the usual order on the way out).
 */
export function screenStateOf(fb: Framebuffer): ScreenState {
  return {
    snapshot: () => {
      const { path, bitsPerPixel } = fb.info;
      const entries = Math.min(256, 2 ** bitsPerPixel);
      if (!path.startsWith('/')) return virtualSnapshot(fb);
      const fd = openFd(path, O_RDWR);
      const saved = getVar(fd, path);
      const cmap = optional(() => getCmap(fd, 0, entries, path));
      return () => {
        try {
          putBack(saved, getVar(fd, path), (v) => putVar(fd, v, path), (v) => panDisplay(fd, v, path));
          // Only a changed colormap is written: truecolor drivers hand out 256 entries
          // but take back at most 16 (DRM's pseudo palette), so a blind put fails.
          if (cmap && !sameCmap(cmap, optional(() => getCmap(fd, 0, entries, path)))) putCmap(fd, cmap, path);
        } finally {
          closeFd(fd);
        }
      };
    },
  };
}

function virtualSnapshot(fb: Framebuffer): () => void {
  const saved = structuredClone(fb.info.var) as VarScreeninfo;
  const cmap = fb.getColormap();
  return () => {
    if (fb.closed) return;
    putBack(saved, fb.info.var, (v) => fb.setMode(v), (v) => fb.pan(v.xoffset, v.yoffset));
    if (cmap.ok) {
      const now = fb.getColormap();
      if (!sameCmap(cmap.value, now.ok ? now.value : undefined)) fb.setColormap(cmap.value);
    }
  };
}

/**
 * Pans back when only the offsets moved (a full mode set can flicker, and drivers
 * without check_var ignore FBIOPUT_VSCREENINFO altogether), sets the mode when more changed.
 */
function putBack(saved: VarScreeninfo, now: Readonly<VarScreeninfo>, put: (v: VarScreeninfo) => unknown, pan: (v: VarScreeninfo) => unknown): void {
  const modeOnly = (v: Readonly<VarScreeninfo>): string => JSON.stringify({ ...v, xoffset: 0, yoffset: 0, activate: 0 });
  if (modeOnly(saved) !== modeOnly(now)) put({ ...saved, activate: FB_ACTIVATE.NOW });
  else if (saved.xoffset !== now.xoffset || saved.yoffset !== now.yoffset) pan(saved);
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

/** Why the console could not be taken; `hint` says what would make it work. */
export class ConsoleUnavailableError extends FbkitError {}

const HIDE_CURSOR = '\x1b[?25l';
const SHOW_CURSOR = '\x1b[?25h';

/**
 * Opens the console tty explicitly, never fd 0 (stdin may be a pipe, a serial line or
 * /dev/null). Without a path: /dev/tty0 tells which VT is on screen, and that VT's own
 * /dev/ttyN is used, so restoring later hits the same VT even if the user switched away.
 */
export function openConsoleDevice(path?: string): ConsoleDevice {
  if (path) {
    const fd = openTty(path);
    return ttyDevice(fd, path, Number(/\/tty([1-9]\d*)$/.exec(path)?.[1] ?? activeVt(fd, path)));
  }
  const fd0 = openTty('/dev/tty0');
  let active: number;
  try {
    active = activeVt(fd0, '/dev/tty0');
  } catch (err) {
    closeFd(fd0);
    throw err;
  }
  const own = `/dev/tty${active}`;
  try {
    const fd = openTty(own);
    closeFd(fd0);
    return ttyDevice(fd, own, active);
  } catch {
    // /dev/tty0 stays bound to the VT that was on screen when it was opened.
    return ttyDevice(fd0, '/dev/tty0', active);
  }
}

function activeVt(fd: number, path: string): number {
  return wrap(() => vtGetState(fd, path).active, path);
}

function openTty(path: string): number {
  try {
    // O_NOCTTY: opening a VT must not make it this process's controlling terminal.
    return openFd(path, O_RDWR | O_NOCTTY);
  } catch (err) {
    throw explain(err, path);
  }
}

/** `number` is the VT's number (/dev/tty<number>), which VT_GETSTATE reports when it is on screen. */
function ttyDevice(fd: number, path: string, number: number): ConsoleDevice {
  let open = true;
  return {
    path,
    getMode: () => wrap(() => kdGetMode(fd, path), path),
    setMode: (mode) => wrap(() => kdSetMode(fd, mode, path), path),
    write: (text) => void writeSync(fd, text),
    close: () => {
      if (open) closeFd(fd);
      open = false;
    },
    vt: {
      getMode: () => wrap(() => vtGetMode(fd, path), path),
      setMode: (mode) => wrap(() => vtSetMode(fd, mode, path), path),
      releaseDisplay: (arg) => vtRelDisp(fd, arg, path),
      isForeground: () => activeVt(fd, path) === number,
    },
  };
}

function wrap<T>(call: () => T, path: string): T {
  try {
    return call();
  } catch (err) {
    throw explain(err, path);
  }
}

/** Turns a failed open/ioctl on a tty into a reason a person can act on. */
function explain(err: unknown, path: string): unknown {
  if (!(err instanceof SysError)) return err;
  const why = (hint: string): ConsoleUnavailableError => new ConsoleUnavailableError(err.code, `${err.message.split('\n')[0]}`, hint);
  switch (err.code) {
    case 'ENOENT':
    case 'ENXIO':
    case 'ENODEV':
      return why(`${path} is missing: no virtual terminals here (a container, an SSH-only box, or a kernel without CONFIG_VT)`);
    case 'EACCES':
      return why(`${path} is root-only: run as root, or, logged in on a VT, name that VT (--tty /dev/ttyN; the API's device option)`);
    case 'EPERM':
      return why(`changing a VT's mode needs its controlling process or CAP_SYS_TTY_CONFIG: run as root, or start the program from that VT`);
    case 'ENOTTY':
    case 'EINVAL':
      return why(`${path} is not a virtual terminal (a serial or pseudo terminal has no graphics mode); pass the VT with --tty /dev/ttyN`);
    default:
      return err;
  }
}

export interface TakeOptions {
  /** The VT to take: a device (tests), a path, or null to leave the VT alone. Default: the active VT. */
  device?: ConsoleDevice | string | null;
  /** Mode and colormap to put back; usually from the Framebuffer being drawn on. */
  screen?: ScreenState;
  hideCursor?: boolean;
  /** Throw ConsoleUnavailableError instead of carrying on without the console. */
  required?: boolean;
  /** Where "could not take the console" and restore failures go. Default: stderr. */
  warn?: (message: string) => void;
  /**
   * Ask before the user switches VTs (VT_PROCESS): 'release' and 'acquire' events, and
   * `active` false while another VT is on screen. Default true when the VT was taken.
   */
  vtSwitching?: boolean;
  /** The signal the kernel sends for both release and acquire. Default SIGUSR2 (Node's inspector owns SIGUSR1). */
  vtSignal?: NodeJS.Signals;
}

export type ConsoleEvent = 'release' | 'acquire';

const defaultWarn = (message: string): void => void process.stderr.write(`fbkit: ${message}\n`);

export class Console {
  /** The VT is in graphics mode because of us (and will be put back). */
  readonly taken: boolean;
  /** Why the VT was not taken, when it was not. */
  reason?: string;
  readonly device?: ConsoleDevice;
  #restoreSteps: Array<[what: string, step: () => void]> = [];
  #restored = false;
  #switcher?: VtSwitcher;
  readonly #listeners = { release: new Set<() => void>(), acquire: new Set<() => void>() };
  readonly #warn: (message: string) => void;
  readonly #onExit = (): void => this.restore();

  private constructor(warn: (message: string) => void, device: ConsoleDevice | undefined, reason: string | undefined) {
    this.#warn = warn;
    this.device = device;
    this.taken = device !== undefined;
    this.reason = reason;
  }

  /**
   * Takes the console for drawing on `fb`, restoring fb's mode and colormap too. A virtual
   * framebuffer has no screen behind it, so the VT is left alone then (no warning).
   */
  static takeFor(fb: Framebuffer, options: Omit<TakeOptions, 'screen'> = {}): Console {
    const onDevice = fb.info.path.startsWith('/');
    const con = Console.take({ ...options, device: onDevice ? options.device : null, screen: screenStateOf(fb) });
    if (!onDevice) con.reason = `${fb.info.path} is a virtual framebuffer; the console stays as it is`;
    return con;
  }

  /**
   * Takes the console. Restores happen in the reverse order of taking: screen mode and
   * colormap first, then text mode (fbcon repaints in the mode it finds), then the cursor.
   */
  static take(options: TakeOptions = {}): Console {
    const warn = options.warn ?? defaultWarn;
    let device: ConsoleDevice | undefined;
    let reason: string | undefined;
    let switcher: VtSwitcher | undefined;
    const steps: Array<[string, () => void]> = [];
    // The switcher's handlers reach the Console, created below; Node delivers signals from
    // the event loop, so none can arrive before it exists.
    let con: Console | undefined;
    // Before touching anything, so the snapshot is the screen as the user had it.
    const restoreScreen = options.screen?.snapshot();
    if (options.device !== null) {
      try {
        device = typeof options.device === 'object' ? options.device : openConsoleDevice(options.device);
        const original = device.getMode();
        if (original !== KD_MODE.TEXT) {
          // Restoring exactly is still right (a display server may own the VT), but a person
          // should know why the text console will not come back when we exit.
          warn(`${device.path} is already in graphics mode (a display server, or an earlier run that did not exit cleanly, holds it); it will be left in graphics mode on exit`);
        }
        const vt = device;
        device.setMode(KD_MODE.GRAPHICS);
        steps.push([`close ${vt.path}`, () => vt.close()]);
        if (options.hideCursor !== false) {
          vt.write(HIDE_CURSOR);
          steps.push(['show the cursor', () => vt.write(SHOW_CURSOR)]);
        }
        steps.push([`put ${vt.path} back into ${original === KD_MODE.TEXT ? 'text' : `mode ${original}`}`, () => vt.setMode(original)]);
        if (options.vtSwitching !== false && vt.vt) {
          try {
            switcher = new VtSwitcher(vt.vt, options.vtSignal ?? DEFAULT_VT_SIGNAL, {
              release: () => con && con.#emit('release'),
              acquire: () => {
                // fbcon repaints in the mode it finds; make sure ours is graphics again.
                if (vt.getMode() !== KD_MODE.GRAPHICS) vt.setMode(KD_MODE.GRAPHICS);
                if (con) con.#emit('acquire');
              },
              warn,
            });
            const taken = switcher;
            steps.push([`put back ${vt.path}'s VT switching mode`, () => taken.restore()]);
          } catch (err) {
            warn(`VT switches stay automatic (another VT's text may draw over the picture): ${err instanceof Error ? err.message : String(err)}`);
          }
        }
      } catch (err) {
        switcher?.restore();
        switcher = undefined;
        device?.close();
        device = undefined;
        if (options.required) throw err;
        reason = err instanceof Error ? err.message : String(err);
        warn(`drawing without taking the console (the text console may draw over the picture): ${reason}`);
      }
    }
    con = new Console(warn, device, reason);
    con.#switcher = switcher;
    if (restoreScreen) steps.push(['restore the screen mode and colormap', restoreScreen]);
    con.#restoreSteps = steps;
    exitGuard.add(con.#onExit);
    return con;
  }

  get restored(): boolean {
    return this.#restored;
  }

  /** False while the user has switched to another VT: do not touch the screen until 'acquire'. */
  get active(): boolean {
    return this.#switcher?.active ?? true;
  }

  /** 'release': stop drawing to the device now (the VT is being handed over). 'acquire': the VT is back, repaint. */
  on(event: ConsoleEvent, listener: () => void): this {
    this.#listeners[event].add(listener);
    return this;
  }

  off(event: ConsoleEvent, listener: () => void): this {
    this.#listeners[event].delete(listener);
    return this;
  }

  #emit(event: ConsoleEvent): void {
    for (const listener of [...this.#listeners[event]]) listener();
  }

  /** Puts everything back. Safe to call any number of times and from any exit path. */
  restore(): void {
    if (this.#restored) return;
    this.#restored = true;
    exitGuard.delete(this.#onExit);
    for (const [what, step] of this.#restoreSteps.reverse()) {
      try {
        step();
      } catch (err) {
        // Keep going: a failed colormap restore must not leave the VT in graphics mode.
        this.#warn(`could not ${what}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }

  close(): void {
    this.restore();
  }

  [Symbol.dispose](): void {
    this.restore();
  }
}

/**
 * Runs pending restores on every way out of the process. Listeners are installed only
 * while something is pending, so a program that has closed its console gets Node's
 * own signal behaviour back.
 */
class ExitGuard {
  readonly #pending = new Set<() => void>();
  static readonly SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'] as const;

  readonly #onSignal = (signal: NodeJS.Signals): void => {
    // Someone else listening means the program handles this signal itself (and exits,
    // which restores again harmlessly); otherwise die of it as if we were never here.
    const alone = process.listenerCount(signal) === 1;
    this.#runAll();
    if (alone) process.kill(process.pid, signal);
  };

  readonly #onFatalException = (): void => {
    // 'uncaughtExceptionMonitor' also fires for a rejection Node is about to treat as
    // fatal; it fires for handled exceptions too, so only act when nobody handles them.
    if (process.listenerCount('uncaughtException') === 0) this.#runAll();
  };

  readonly #onExit = (): void => this.#runAll();

  add(restore: () => void): void {
    if (this.#pending.size === 0) this.#install();
    this.#pending.add(restore);
  }

  delete(restore: () => void): void {
    this.#pending.delete(restore);
    if (this.#pending.size === 0) this.#uninstall();
  }

  #runAll(): void {
    for (const restore of [...this.#pending]) restore();
    this.#uninstall();
  }

  #install(): void {
    for (const signal of ExitGuard.SIGNALS) process.on(signal, this.#onSignal);
    process.on('uncaughtExceptionMonitor', this.#onFatalException);
    process.on('exit', this.#onExit);
  }

  #uninstall(): void {
    for (const signal of ExitGuard.SIGNALS) process.removeListener(signal, this.#onSignal);
    process.removeListener('uncaughtExceptionMonitor', this.#onFatalException);
    process.removeListener('exit', this.#onExit);
  }
}

const exitGuard = new ExitGuard();
