/**
 * Console takeover: put the active virtual terminal into graphics mode (so fbcon stops
 * drawing text and the cursor over our pixels), hide the cursor, remember the screen's
 * mode and colormap, and put all of it back on every way out of the process.
 *
 * A program that cannot take the console (no VT in a container, not root, a serial
 * console) still runs and draws; `Console.take` says why it could not, instead of
 * failing the whole program over a cosmetic problem.
 */
import { KD_MODE } from '../sys/linux-kd.js';
import type { Framebuffer } from '../display/framebuffer.js';
import type { ScreenState } from '../display/screen-state.js';
import { exitGuard } from '../display/exit-guard.js';
import { openConsoleDevice, type ConsoleDevice } from './tty.js';
import { DEFAULT_VT_SIGNAL, VtSwitcher } from './vt-switch.js';

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

const HIDE_CURSOR = '\x1b[?25l';
const SHOW_CURSOR = '\x1b[?25h';

/** How often a display that another program held when our VT came back is asked for again. */
const DISPLAY_RETRY_MS = 500;

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
  /** What the VT's display needs on a switch (KMS: DRM master), from takeFor. */
  #display?: { release(): void; acquire(): void };
  /** Our VT is back but the display is not (another program holds DRM master): retrying. */
  #displayRetry?: NodeJS.Timeout;
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
    const onDevice = fb.kind === 'device';
    const con = Console.take({ ...options, device: onDevice ? options.device : null, screen: fb.screenState() });
    // Before any listener, so the display is ours again before anyone repaints.
    con.#display = { release: () => fb.releaseDisplay(), acquire: () => fb.acquireDisplay() };
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
          warn(
            `${device.path} is already in graphics mode (a display server, or an earlier run that did not exit cleanly, holds it); it will be left in graphics mode on exit`,
          );
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
              release: () => {
                if (con) con.#released();
              },
              acquire: () => {
                // fbcon repaints in the mode it finds; make sure ours is graphics again.
                if (vt.getMode() !== KD_MODE.GRAPHICS) vt.setMode(KD_MODE.GRAPHICS);
                if (con) con.#acquired();
              },
              warn,
            });
            const taken = switcher;
            steps.push([`put back ${vt.path}'s VT switching mode`, () => taken.restore()]);
          } catch (err) {
            warn(
              `VT switches stay automatic (another VT's text may draw over the picture): ${err instanceof Error ? err.message : String(err)}`,
            );
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
    return (this.#switcher?.active ?? true) && this.#displayRetry === undefined;
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

  #released(): void {
    // A display never taken back has nothing to give up.
    if (this.#displayRetry === undefined) {
      try {
        this.#display?.release();
      } catch (err) {
        // The listeners must still hear of it: they are about to lose the screen either way.
        this.#warn(`could not give the display up: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    this.#stopRetrying();
    this.#emit('release');
  }

  /**
   * Our VT is on screen again. Where the display cannot be taken back (another program,
   * started on the other VT, still holds DRM master), `active` stays false and it is tried
   * again every DISPLAY_RETRY_MS: 'acquire' (the repaint) comes once it is ours.
   */
  #acquired(): void {
    try {
      this.#display?.acquire();
    } catch (err) {
      if (this.#displayRetry === undefined) {
        this.#warn(
          `our VT is back, but not the display (trying again every ${DISPLAY_RETRY_MS} ms): ${err instanceof Error ? err.message : String(err)}`,
        );
        // Unref'd: waiting for the display alone does not keep a program running.
        this.#displayRetry = setInterval(() => {
          try {
            this.#acquired();
          } catch (retryErr) {
            // A listener's repaint failed; off the signal path nobody else would catch it.
            this.#warn(`the acquire handler failed: ${retryErr instanceof Error ? retryErr.message : String(retryErr)}`);
          }
        }, DISPLAY_RETRY_MS).unref();
      }
      return;
    }
    this.#stopRetrying();
    this.#emit('acquire');
  }

  #stopRetrying(): void {
    clearInterval(this.#displayRetry);
    this.#displayRetry = undefined;
  }

  /** Puts everything back. Safe to call any number of times and from any exit path. */
  restore(): void {
    if (this.#restored) return;
    this.#restored = true;
    this.#stopRetrying();
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
