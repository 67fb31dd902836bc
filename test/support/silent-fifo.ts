/**
 * A stand-in for a driver call that never returns: read() on a FIFO that nobody writes
 * blocks in the kernel the way an FBIO_WAITFORVSYNC does when the driver never answers
 * (and, unlike that ioctl, it can be answered: write 4 bytes into the FIFO).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BlockingCall } from '../../src/sys/blocking-call.js';
import { mkfifo, O_RDWR, openFd } from '../../src/sys/libc.js';

/** The helper's call for the stand-in: read(fd, &word, 4). */
export const READ_WORD: BlockingCall = { prototype: 'intptr_t read(int fd, void *buf, size_t n)', args: ['fd', 'word', 4] };

/**
 * A new FIFO in `dir`, opened read-write: the open does not wait for a writer, and a read
 * waits for data (this descriptor is a writer too, so there is never an end of file).
 */
export function silentFifo(dir: string, name = 'silent'): { path: string; fd: number } {
  const path = join(dir, name);
  mkfifo(path);
  return { path, fd: openFd(path, O_RDWR) };
}

/** Whether process `pid` is gone: exited (a zombie nobody has reaped yet counts) or never was. */
function processGone(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8')
      .replace(/^.*\) /, '')
      .startsWith('Z');
  } catch {
    return true;
  }
}

/** Polls until `pid` is gone; false if it still runs after `ms` (a SIGKILL takes effect at once, normally). */
export async function waitUntilGone(pid: number, ms = 10_000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!processGone(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
  return true;
}
