import { writeSync } from 'node:fs';

/** Writes into a non-blocking pipe descriptor until not one more byte fits: a reader that stopped reading. */
export function fill(fd: number): void {
  for (const size of [4096, 1]) {
    const chunk = Buffer.alloc(size, 0x20);
    for (;;) {
      try {
        writeSync(fd, chunk);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EAGAIN') break;
        throw err;
      }
    }
  }
}
