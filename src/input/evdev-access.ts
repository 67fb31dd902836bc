/**
 * The seam between the input layer and the kernel: open, ask, grab, read. The kernel's is
 * below; tests pass one over FIFOs with made-up capabilities.
 */
import { readSync } from 'node:fs';
import { type EvdevCaps, getAbs, keysDown, mtSlotValues, queryCaps, setGrab, useMonotonicClock } from '../sys/input-ioctl.js';
import { closeFd, O_NONBLOCK, O_RDONLY, openFd } from '../sys/libc.js';
import type { StateReader } from './decoder.js';

export interface EvdevAccess {
  /** A non-blocking descriptor: read() never waits. */
  open(path: string): number;
  close(fd: number): void;
  caps(fd: number, path: string): EvdevCaps;
  grab(fd: number, path: string, on: boolean): void;
  /** Asks for CLOCK_MONOTONIC timestamps. */
  monotonic(fd: number, path: string): void;
  state(fd: number, path: string): StateReader;
  /** Bytes read into `buf`; 0 when there is nothing now. Throws (with `code`) when the device fails or is gone. */
  read(fd: number, buf: Uint8Array): number;
}

export const kernelAccess: EvdevAccess = {
  open: (path) => openFd(path, O_RDONLY | O_NONBLOCK),
  close: (fd) => closeFd(fd),
  caps: queryCaps,
  grab: (fd, path, on) => setGrab(fd, on, path),
  monotonic: useMonotonicClock,
  state: (fd, path) => ({
    keysDown: () => keysDown(fd, path),
    absValue: (absCode) => getAbs(fd, absCode, path).value,
    mtSlots: (absCode, slots) => mtSlotValues(fd, absCode, slots, path),
  }),
  read(fd, buf) {
    try {
      return readSync(fd, buf, 0, buf.length, null);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EAGAIN') return 0;
      throw err;
    }
  },
};
