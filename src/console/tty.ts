/**
 * The virtual terminal a console takeover works on: opened explicitly (never fd 0), its
 * kd/vt ioctls, and failures turned into reasons a person can act on.
 */
import { writeSync } from 'node:fs';
import { FbkitError } from '../errors.js';
import { closeFd, openFd, O_NOCTTY, O_RDWR } from '../sys/libc.js';
import { kdGetMode, kdSetMode, vtGetMode, vtGetState, vtRelDisp, vtSetMode } from '../sys/kd-ioctl.js';
import { SysError } from '../sys/sys-error.js';
import type { VtSwitchControl } from './vt-switch.js';

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

/** Why the console could not be taken; `hint` says what would make it work. */
export class ConsoleUnavailableError extends FbkitError {}

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
      return why(
        `changing a VT's mode needs its controlling process or CAP_SYS_TTY_CONFIG: run as root, or start the program from that VT`,
      );
    case 'ENOTTY':
    case 'EINVAL':
      return why(`${path} is not a virtual terminal (a serial or pseudo terminal has no graphics mode); pass the VT with --tty /dev/ttyN`);
    default:
      return err;
  }
}
