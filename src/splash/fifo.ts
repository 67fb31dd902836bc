/**
 * The FIFO `fbkit splash` listens on, and the client side (`fbkit splash-write`).
 *
 * The listener opens the FIFO read-write: it then holds a write end itself, so a writer
 * that closes (every `echo ... > fifo` does) never produces end-of-file, and the next
 * writer is read from the same descriptor without reopening anything. The descriptor is
 * non-blocking and read through libuv, so waiting for commands blocks no thread.
 *
 * Whoever can write the FIFO can stop the splash, so the listener takes only a FIFO it
 * made or one that is safely its own, and only one splash listens on a FIFO at a time
 * (see lockFifo). Taking (every check, every refusal) and listening are two steps, so
 * the splash can take its FIFO before it touches the screen and make it appear only
 * once its first frame is up.
 */
import {
  accessSync,
  closeSync,
  constants,
  linkSync,
  lstatSync,
  openSync,
  readFileSync,
  readlinkSync,
  symlinkSync,
  unlinkSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { Socket } from 'node:net';
import { join } from 'node:path';
import { mkfifo } from '../sys/libc.js';
import { FbkitError } from '../errors.js';
import { CommandSplitter, encodeCommand, parseCommand, type ParsedLine } from './protocol.js';

export const FIFO_NAME = 'fbkit-splash.fifo';

export class FifoError extends FbkitError {}

/** Directories tried for the default FIFO, in order: /run, $XDG_RUNTIME_DIR, /tmp. */
function fifoDirectories(env: NodeJS.ProcessEnv = process.env): string[] {
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

function errorCode(err: unknown): string {
  return (err as NodeJS.ErrnoException).code ?? 'EIO';
}

/** A failed file system call, as the one-line error a person reads. */
function fileError(err: unknown, doing: string, hint: string): FifoError {
  const code = errorCode(err);
  return new FifoError(code, `cannot ${doing}: ${code}`, hint);
}

const OTHER_FIFO_HINT = 'pass --fifo PATH in a directory you can write (e.g. /run or /tmp)';

export interface FifoListener {
  readonly path: string;
  /** We made the FIFO (and remove it on close); false when an existing one was reused. */
  readonly created: boolean;
  close(): void;
}

/** A FIFO takeFifo locked, checked and opened, not yet listened on. */
export interface TakenFifo extends FifoListener {
  /**
   * Calls `onLine` from the event loop with each parsed command, or with
   * `{ kind: 'invalid' }` for garbage, in arrival order. A FIFO that takeFifo made
   * appears at its path only now: a script that waits for it finds the splash up.
   */
  listen(onLine: (line: ParsedLine) => void): void;
}

/**
 * Takes the FIFO at `path`: the lock (lockFifo), the checks of an existing FIFO, or the
 * making of a new one (openOwnFifo). Every refusal happens here, so a caller that takes
 * the FIFO first has touched nothing else when it is refused.
 */
export function takeFifo(path: string): TakenFifo {
  const unlock = lockFifo(path);
  let fifo: { fd: number; unpublished?: string };
  try {
    fifo = openOwnFifo(path);
  } catch (err) {
    unlock();
    throw err;
  }
  const created = fifo.unpublished !== undefined;
  let socket: Socket | undefined;
  let closed = false;
  return {
    path,
    created,
    listen: (onLine) => {
      if (fifo.unpublished !== undefined) {
        try {
          // link, unlike rename, fails instead of replacing what may have appeared at `path`.
          linkSync(fifo.unpublished, path);
        } catch (err) {
          throw fileError(err, `put the FIFO at ${path}`, 'remove what is there, or pass another --fifo PATH');
        }
        removeQuietly(fifo.unpublished);
        fifo.unpublished = undefined;
      }
      socket = new Socket({ fd: fifo.fd, readable: true, writable: false });
      const splitter = new CommandSplitter();
      socket.on('data', (chunk: Buffer) => {
        for (const line of splitter.push(chunk)) {
          // A QUIT closes the listener: the lines after it in the same chunk are nobody's.
          if (closed) return;
          if (typeof line !== 'string') {
            onLine({ kind: 'invalid', line: line.tooLong, reason: `longer than ${splitter.maxLine} bytes; dropped` });
          } else {
            const parsed = parseCommand(line);
            if (parsed) onLine(parsed);
          }
        }
      });
    },
    close: () => {
      if (closed) return;
      closed = true;
      if (socket) socket.destroy();
      else closeSync(fifo.fd);
      // The FIFO goes before the lock: the next splash must not find ours and reuse it.
      if (created) removeQuietly(fifo.unpublished ?? path);
      unlock();
    },
  };
}

/** Removes a file of ours that may already be gone (removed by hand, or never made). */
function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Nothing left to clean up.
  }
}

/** takeFifo and listen at once, for a caller that has nothing to do in between. */
export function listenFifo(path: string, onLine: (line: ParsedLine) => void): FifoListener {
  const fifo = takeFifo(path);
  fifo.listen(onLine);
  return fifo;
}

/**
 * Checks that the FIFO at `path` is safe to take commands from and opens it, or makes
 * and opens a new one under a name beside it (`unpublished`: listen() puts it in place).
 * Refused: a symbolic link (it could lead anywhere), anything but a FIFO, another
 * user's FIFO, and one every user may write. The group is not checked: a FIFO that is
 * ours got its group from us or from root.
 */
function openOwnFifo(path: string): { fd: number; unpublished?: string } {
  const st = lstatIfPresent(path);
  if (!st) {
    // Only the lock's holder uses this name: one left here is from a splash that died.
    const unpublished = `${path}.new`;
    removeQuietly(unpublished);
    makeFifo(unpublished);
    try {
      return { fd: openFifo(unpublished), unpublished };
    } catch (err) {
      removeQuietly(unpublished);
      throw err;
    }
  }
  const euid = process.geteuid?.() ?? -1;
  if (st.isSymbolicLink())
    throw new FifoError('ELOOP', `${path} is a symbolic link`, 'pass the FIFO itself with --fifo, or remove the link');
  if (!st.isFIFO()) throw new FifoError('EEXIST', `${path} exists and is not a FIFO`, 'remove it, or pass another --fifo PATH');
  if (st.uid !== euid) {
    throw new FifoError(
      'EPERM',
      `${path} belongs to uid ${st.uid}, not to this user (uid ${euid})`,
      'its owner could send the splash commands; remove it, or pass another --fifo PATH',
    );
  }
  if (st.mode & 0o002) {
    throw new FifoError(
      'EPERM',
      `${path} is writable by every user (mode ${(st.mode & 0o777).toString(8)})`,
      'anyone could send the splash commands: chmod o-w it, or remove it',
    );
  }
  return { fd: openFifo(path) };
}

function openFifo(path: string): number {
  try {
    // O_NOFOLLOW: a link put in its place since it was checked is refused too.
    return openSync(path, constants.O_RDWR | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  } catch (err) {
    throw fileError(err, `open ${path}`, OTHER_FIFO_HINT);
  }
}

function lstatIfPresent(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (err) {
    if (errorCode(err) === 'ENOENT') return undefined;
    throw fileError(err, `examine ${path}`, OTHER_FIFO_HINT);
  }
}

function makeFifo(path: string): void {
  try {
    mkfifo(path, 0o620);
  } catch (err) {
    const code = errorCode(err);
    // 9p, vfat and some FUSE file systems cannot hold FIFOs (9p says ENXIO).
    if (code === 'ENXIO' || code === 'EPERM' || code === 'EOPNOTSUPP') {
      throw new FifoError(
        code,
        `cannot make a FIFO at ${path} (${code})`,
        'this file system cannot hold FIFOs; pass --fifo in /run or /tmp (tmpfs)',
      );
    }
    throw err;
  }
}

/**
 * One splash per FIFO: a second one would share the commands, and the first one's QUIT
 * would remove the FIFO under it. The lock is a symbolic link beside the FIFO, PATH.lock,
 * whose target names its holder ("pid boot-id start-time"): a link is made with its
 * content in one step that fails if the name exists, so no one reads a half-written
 * lock. A lock left by a splash that did not exit cleanly (killed, or a power cut in an
 * earlier boot) is taken over: the boot id and the process's start time tell the
 * holder from a process that got its pid later, which a device that boots the same way
 * every time makes likely. Two splashes starting within the same few microseconds on a
 * stale lock could both take it over: removing a lock only while it is still the stale
 * one needs a lock the kernel holds (flock), for which Node's fs has no call.
 * Returns the function that releases the lock.
 */
function lockFifo(path: string): () => void {
  const lockPath = `${path}.lock`;
  const me = holderId(process.pid);
  for (;;) {
    try {
      symlinkSync(me, lockPath);
      return () => {
        if (readLock(lockPath)?.holder === me) removeQuietly(lockPath);
      };
    } catch (err) {
      if (errorCode(err) !== 'EEXIST') throw fileError(err, `make the lock ${lockPath}`, OTHER_FIFO_HINT);
    }
    const lock = readLock(lockPath);
    if (!lock) continue; // released since
    const euid = process.geteuid?.() ?? -1;
    if (lock.uid !== euid) {
      throw new FifoError(
        'EPERM',
        `${lockPath} belongs to uid ${lock.uid}, not to this user (uid ${euid})`,
        "another user's splash may be listening there; pass another --fifo PATH",
      );
    }
    if (isRunning(lock.holder)) {
      throw new FifoError(
        'EBUSY',
        `another splash (pid ${lock.holder.split(' ')[0]}) is listening on ${path}`,
        `stop it first with \`fbkit splash-write --fifo ${path} QUIT\`, or pass another --fifo PATH`,
      );
    }
    try {
      unlinkSync(lockPath);
    } catch (err) {
      if (errorCode(err) !== 'ENOENT') throw fileError(err, `remove the stale lock ${lockPath}`, OTHER_FIFO_HINT);
    }
  }
}

/** The lock's holder and owner; undefined when there is none. Anything but a link holds no one. */
function readLock(lockPath: string): { holder: string; uid: number } | undefined {
  let uid: number;
  try {
    uid = lstatSync(lockPath).uid;
  } catch {
    return undefined;
  }
  try {
    return { holder: readlinkSync(lockPath), uid };
  } catch {
    return { holder: '', uid };
  }
}

/** Whether a lock's holder runs: its pid exists and is the same process, in this boot. */
function isRunning(holder: string): boolean {
  const pid = Number(holder.split(' ')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    if (errorCode(err) !== 'EPERM') return false;
  }
  return holderId(pid) === holder;
}

/**
 * A process as a lock names it: pid, this boot's id, and its start time in clock ticks
 * since boot (field 22 of /proc/PID/stat). Without /proc both are empty and the pid is
 * all there is to go on.
 */
function holderId(pid: number): string {
  const stat = readProc(`/proc/${pid}/stat`);
  // The command name (field 2) may hold spaces and parentheses: count from its last ')'.
  const start = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? '';
  return `${pid} ${readProc('/proc/sys/kernel/random/boot_id').trim()} ${start}`;
}

function readProc(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function noReader(path: string): FifoError {
  return new FifoError('ENXIO', `no splash is reading ${path}`, 'the splash has exited or not started yet; a stale FIFO can be removed');
}

/**
 * Sends one command to a listening splash: to `path`, or without one to the FIFO
 * findFifo() finds. The command is checked first (ArgumentError), so a mistake in it is
 * reported as such whether or not a splash runs, and fails fast when nobody reads.
 * The command, at most MAX_COMMAND_BYTES and its line end, is under PIPE_BUF: one
 * write() of it into a pipe is atomic, so it arrives whole or not at all.
 */
export function writeCommand(path: string | undefined, command: string): void {
  const bytes = encodeCommand(command);
  const fifo = path ?? findFifo();
  if (!isFifo(fifo)) throw new FifoError('ENOENT', `${fifo} is not a FIFO`, 'start `fbkit splash IMAGE` first, or pass the --fifo it uses');
  let fd: number;
  try {
    // Non-blocking: with no reader, open fails with ENXIO instead of hanging the boot script.
    fd = openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  } catch (err) {
    if (errorCode(err) === 'ENXIO') throw noReader(fifo);
    throw fileError(err, `open ${fifo}`, 'run as the user the splash runs as, or as root');
  }
  try {
    writeSync(fd, bytes);
  } catch (err) {
    const code = errorCode(err);
    if (code === 'EAGAIN') {
      throw new FifoError('EAGAIN', `the splash is not reading ${fifo}: its FIFO is full`, 'the splash is stuck or stopped; restart it');
    }
    if (code === 'EPIPE') throw noReader(fifo); // it exited between our open and write
    throw fileError(err, `write to ${fifo}`, 'check that the splash still runs');
  } finally {
    closeSync(fd);
  }
}
