/**
 * The FIFO `fbkit splash` listens on, and the client side (`fbkit splash-write`).
 *
 * The listener opens the FIFO read-write: it then holds a write end itself, so a writer
 * that closes (every `echo ... > fifo` does) never produces end-of-file, and the next
 * writer is read from the same descriptor without reopening anything. The descriptor is
 * non-blocking and read through libuv, so waiting for commands blocks no thread.
 */
import { accessSync, closeSync, constants, lstatSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { Socket } from 'node:net';
import { join } from 'node:path';
import { mkfifo } from '../sys/libc.js';
import { FbkitError } from '../errors.js';
import { CommandSplitter, parseCommand, type ParsedLine } from './protocol.js';

export const FIFO_NAME = 'fbkit-splash.fifo';

export class FifoError extends FbkitError {}

/** Directories tried for the default FIFO, in order: /run, $XDG_RUNTIME_DIR, /tmp. */
export function fifoDirectories(env: NodeJS.ProcessEnv = process.env): string[] {
  return ['/run', env.XDG_RUNTIME_DIR, '/tmp'].filter((d): d is string => !!d);
}

/**
 * Where the splash should create its FIFO: the first writable directory of
 * fifoDirectories(). `note` says so when that is not /run (boot scripts look there).
 */
export function defaultFifoPath(dirs: string[] = fifoDirectories()): { path: string; note?: string } {
  for (const dir of dirs) {
    try {
      accessSync(dir, constants.W_OK);
    } catch {
      continue;
    }
    const path = join(dir, FIFO_NAME);
    return dir === dirs[0] ? { path } : { path, note: `${dirs[0]} is not writable, so the FIFO is ${path} (pass --fifo to choose)` };
  }
  throw new FifoError('ENOFIFODIR', `none of ${dirs.join(', ')} is writable`, 'pass --fifo PATH in a directory you can write');
}

/** The FIFO a client should write to: the first default location where one exists. */
export function findFifo(dirs: string[] = fifoDirectories()): string {
  for (const dir of dirs) {
    const path = join(dir, FIFO_NAME);
    if (isFifo(path)) return path;
  }
  throw new FifoError('ENOENT', `no splash FIFO in ${dirs.join(', ')}`, 'start `fbkit splash IMAGE` first, or pass --fifo PATH');
}

function isFifo(path: string): boolean {
  try {
    return lstatSync(path).isFIFO();
  } catch {
    return false;
  }
}

export interface FifoListener {
  readonly path: string;
  /** We made the FIFO (and remove it on close); false when an existing one was reused. */
  readonly created: boolean;
  close(): void;
}

/**
 * Creates (or reuses) the FIFO at `path` and calls `onLine` with each parsed command,
 * or with `{ kind: 'invalid' }` for garbage, in arrival order.
 */
export function listenFifo(path: string, onLine: (line: ParsedLine) => void): FifoListener {
  let created = false;
  if (!isFifo(path)) {
    try {
      mkfifo(path, 0o620);
      created = true;
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === 'EEXIST') throw new FifoError('EEXIST', `${path} exists and is not a FIFO`, 'remove it, or pass another --fifo PATH');
      // 9p, vfat and some FUSE file systems cannot hold FIFOs (9p says ENXIO).
      if (code === 'ENXIO' || code === 'EPERM' || code === 'EOPNOTSUPP') {
        throw new FifoError(code, `cannot make a FIFO at ${path} (${code})`, 'this file system cannot hold FIFOs; pass --fifo in /run or /tmp (tmpfs)');
      }
      throw err;
    }
  }
  const fd = openSync(path, constants.O_RDWR | constants.O_NONBLOCK);
  const socket = new Socket({ fd, readable: true, writable: false });
  const splitter = new CommandSplitter();
  socket.on('data', (chunk: Buffer) => {
    for (const line of splitter.push(chunk)) {
      if (typeof line === 'string') {
        const parsed = parseCommand(line);
        if (parsed) onLine(parsed);
      } else {
        onLine({ kind: 'invalid', line: `(${line.overflow} bytes without a line end)`, reason: `longer than ${splitter.maxLine} bytes; dropped` });
      }
    }
  });
  let closed = false;
  return {
    path,
    created,
    close: () => {
      if (closed) return;
      closed = true;
      socket.destroy();
      if (created) {
        try {
          unlinkSync(path);
        } catch {
          // Already removed by someone else: nothing left to clean up.
        }
      }
    },
  };
}

/**
 * Sends one command to a listening splash. Refuses a malformed command here, where the
 * person typing it sees the reason, and fails fast when nobody is reading.
 */
export function writeCommand(path: string, command: string): void {
  const parsed = parseCommand(command);
  if (!parsed) throw new FifoError('EINVAL', 'empty command', 'send PROGRESS <0-100>, MSG <text> or QUIT');
  if (parsed.kind === 'invalid') throw new FifoError('EINVAL', `'${command}': ${parsed.reason}`, 'send PROGRESS <0-100>, MSG <text> or QUIT');
  if (!isFifo(path)) throw new FifoError('ENOENT', `${path} is not a FIFO`, 'start `fbkit splash IMAGE` first, or pass the --fifo it uses');
  let fd: number;
  try {
    // Non-blocking: with no reader, open fails with ENXIO instead of hanging the boot script.
    fd = openSync(path, constants.O_WRONLY | constants.O_NONBLOCK);
  } catch (err) {
    if ((err as { code?: string }).code === 'ENXIO') {
      throw new FifoError('ENXIO', `no splash is reading ${path}`, 'the splash has exited or not started yet; a stale FIFO can be removed');
    }
    throw err;
  }
  try {
    writeSync(fd, `${command.replace(/[\n\0]/g, ' ')}\n`);
  } finally {
    closeSync(fd);
  }
}
