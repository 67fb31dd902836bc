/**
 * Process-controlled VT switching (VT_PROCESS). With the VT left in VT_AUTO, a user's
 * Ctrl-Alt-F2 switches at once: the other VT's text console and our drawing overwrite
 * each other, and nothing repaints when the user comes back. In VT_PROCESS mode the
 * kernel asks first (the release signal), waits for VT_RELDISP, and signals again once
 * our VT is back on screen (the acquire signal).
 *
 * One signal serves both (as Xorg does with SIGUSR1): the kernel only sends an acquire
 * while we are released and a release while we hold the screen, so our own state says
 * which one arrived. SIGUSR2 by default, because Node's inspector owns SIGUSR1 and
 * Node cannot listen to real-time signals. Every decision is checked against the kernel
 * (VT_RELDISP refusing, VT_GETSTATE), so a stray `kill -USR2` or two switches merged
 * into one signal cannot leave us drawing over another VT.
 */
import { constants } from 'node:os';
import { VT_ACKACQ, VT_MODE, type VtMode } from '../sys/linux-kd.js';
import { FbkitError } from '../errors.js';

/** What switching needs from the VT; the real tty provides it, tests pass a fake kernel. */
export interface VtSwitchControl {
  getMode(): VtMode;
  setMode(mode: VtMode): void;
  /** VT_RELDISP: 1 lets a requested switch away happen, VT_ACKACQ acknowledges getting the VT back. Throws when refused. */
  releaseDisplay(arg: number): void;
  /** Whether this VT is the one on screen (VT_GETSTATE). */
  isForeground(): boolean;
}

export interface VtSwitchHandlers {
  /** Stop touching the screen; called before the VT is handed over. */
  release(): void;
  /** The VT is on screen again: repaint. */
  acquire(): void;
  warn(message: string): void;
}

export const DEFAULT_VT_SIGNAL: NodeJS.Signals = 'SIGUSR2';

export class VtSwitcher {
  #active = true;
  readonly #vt: VtSwitchControl;
  readonly #signal: NodeJS.Signals;
  readonly #handlers: VtSwitchHandlers;
  readonly #original: VtMode;
  readonly #onSignal = (): void => (this.#active ? this.#release() : this.#acquire());

  /** Puts `vt` into VT_PROCESS mode, answering on `signal`. Throws when another process already controls it. */
  constructor(vt: VtSwitchControl, signal: NodeJS.Signals, handlers: VtSwitchHandlers) {
    const number = constants.signals[signal as keyof typeof constants.signals];
    if (number === undefined)
      throw new FbkitError('EINVAL', `${signal} is not a signal this system knows`, 'pass a signal name such as SIGUSR2');
    this.#vt = vt;
    this.#signal = signal;
    this.#handlers = handlers;
    this.#original = vt.getMode();
    if (this.#original.mode === VT_MODE.PROCESS) {
      throw new FbkitError(
        'EBUSY',
        'another process controls switching on this VT (VT_PROCESS)',
        'leave switching to it ({ vtSwitching: false }), or stop that process',
      );
    }
    process.on(signal, this.#onSignal);
    try {
      vt.setMode({ mode: VT_MODE.PROCESS, waitv: 0, relsig: number, acqsig: number, frsig: 0 });
    } catch (err) {
      process.removeListener(signal, this.#onSignal);
      throw err;
    }
  }

  /** Whether our VT is on screen and ours to draw on. */
  get active(): boolean {
    return this.#active;
  }

  /** Puts the original switching mode back, then stops listening (restoring twice is harmless). */
  restore(): void {
    try {
      this.#vt.setMode(this.#original);
    } finally {
      process.removeListener(this.#signal, this.#onSignal);
    }
  }

  #release(): void {
    this.#active = false;
    this.#call('release');
    try {
      this.#vt.releaseDisplay(1);
    } catch (err) {
      // Refused (EINVAL): no switch was pending, so the signal was not the kernel's.
      if (this.#vt.isForeground()) this.#acquired();
      else this.#handlers.warn(`could not release the VT: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  #acquire(): void {
    // A stray signal while another VT is on screen: stay off the screen.
    if (!this.#vt.isForeground()) return;
    try {
      this.#vt.releaseDisplay(VT_ACKACQ);
    } catch (err) {
      this.#handlers.warn(`could not acknowledge getting the VT back: ${err instanceof Error ? err.message : String(err)}`);
    }
    // A switch away requested since (its signal merged with this one) was completed by
    // the acknowledgement: the kernel takes VT_ACKACQ as "go ahead" while one is pending.
    if (this.#vt.isForeground()) this.#acquired();
  }

  #acquired(): void {
    this.#active = true;
    this.#call('acquire');
  }

  #call(which: 'release' | 'acquire'): void {
    try {
      this.#handlers[which]();
    } catch (err) {
      // The switch must still be answered, or the user's Ctrl-Alt-Fn hangs for good.
      this.#handlers.warn(`the ${which} handler failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}
