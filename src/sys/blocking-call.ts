/**
 * A blocking C call the process can walk away from. Some calls wait on a driver that may
 * never answer (FBIO_WAITFORVSYNC on a driver without a working vblank interrupt):
 *   - on libuv's thread pool (koffi's .async) the pending request keeps the event loop, and
 *     so the process, alive forever, and holds one of the pool's 4 threads that fs and dns
 *     need;
 *   - in a worker_thread, Node joins the worker at exit, even on process.exit(): the process
 *     hangs just the same.
 * (test/sys/blocking-call.test.ts shows the first; the second was measured the same way.)
 *
 * So the call runs in a helper process: a small node child that inherits the descriptor as
 * its fd 3, binds the one function with koffi, then loops: read a 32-bit request word from
 * stdin, make the call (the word is its buffer argument), write back 0 or the errno. One
 * helper serves every call on its descriptor, one at a time in order. Once it is ready, its
 * process and pipes are unref'd, so a pending call never keeps the parent alive (a caller
 * that is waiting keeps it alive with its own timeout). It is SIGKILLed by close(), and by
 * the kernel (PR_SET_PDEATHSIG) when the parent ends, by exit or by a kill. It runs in a
 * session of its own, so a Ctrl-C meant for the parent does not kill it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { ArgumentError, FbkitError } from '../errors.js';
import { nativeLocation, pollInRequest } from './libc.js';

/** The call, as data the helper can bind: koffi's C prototype and the arguments in order. */
export interface BlockingCall {
  /** A prototype koffi parses, e.g. 'int ioctl(int fd, unsigned long request, void *arg)'. */
  prototype: string;
  /**
   * 'fd': the helper's descriptor; 'word': a pointer to the request's 32-bit word (native
   * order); 'pollfd': a pointer to a struct pollfd asking for POLLIN on the descriptor (so
   * the call can be poll(), for descriptors whose data the parent reads itself); numbers as given.
   */
  args: readonly ('fd' | 'word' | 'pollfd' | number)[];
}

/**
 * The helper's program (CommonJS, for `node -e`): plain JavaScript, so it runs the same
 * whether the parent loaded fbkit built or from TypeScript sources.
 */
const HELPER = `'use strict';
const { readSync, writeSync } = require('node:fs');
const config = JSON.parse(process.argv[1]);
process.title = config.title; // what ps shows, instead of this script
const koffi = require(config.koffi);
const lib = koffi.load(config.libc);
// PR_SET_PDEATHSIG (1) = SIGKILL (9): die with the parent even when it gets no chance to kill us;
// a parent that is already gone has left us to another process.
lib.func('int prctl(int option, unsigned long a, unsigned long b, unsigned long c, unsigned long d)')(1, 9, 0, 0, 0);
if (process.ppid !== config.parent) process.exit(0);
const call = lib.func(config.call.prototype);
const word = new Uint8Array(4);
const pollfd = Uint8Array.from(config.pollfd);
const args = config.call.args.map((a) => (a === 'fd' ? 3 : a === 'word' ? word : a === 'pollfd' ? pollfd : a));
writeSync(1, word); // ready
for (;;) {
  for (let got = 0; got < 4; ) {
    const n = readSync(0, word, got, 4 - got);
    if (n === 0) process.exit(0); // the parent closed the pipe
    got += n;
  }
  const result = Number(call(...args));
  writeSync(1, new Uint8Array(Int32Array.of(result === -1 ? koffi.errno() : 0).buffer));
}
`;

interface Pending {
  resolve(errno: number): void;
  reject(err: Error): void;
}

export class BlockingCallHelper {
  readonly #fd: number;
  readonly #call: BlockingCall;
  /** Names the call in errors: 'FBIO_WAITFORVSYNC on /dev/fb0'. */
  readonly #what: string;
  #child: ChildProcess | undefined;
  #ready: Promise<void> | undefined;
  #failStart: ((err: Error) => void) | undefined;
  #pending: Pending[] = [];
  #closed = false;

  /** `fd` stays the caller's: the helper holds a duplicate of it until close(). */
  constructor(fd: number, call: BlockingCall, what: string) {
    this.#fd = fd;
    this.#call = call;
    this.#what = what;
  }

  /** The helper's process id while it runs. */
  get pid(): number | undefined {
    return this.#child?.pid;
  }

  /**
   * Starts the helper if it is not running; resolves once it takes calls (a node start-up,
   * tens of milliseconds: callers that time the call itself wait for this first).
   */
  async start(): Promise<void> {
    if (this.#closed) throw this.#closedError();
    this.#running();
    return this.#ready;
  }

  /**
   * Makes the call with `word` (0..2^32-1) as its buffer; resolves to 0, or the errno it
   * failed with. The pending call does not keep the process alive: a caller that must see
   * the answer keeps it alive itself, with the timer of its timeout.
   */
  async call(word: number): Promise<number> {
    if (this.#closed) throw this.#closedError();
    if (word >>> 0 !== word) {
      throw new ArgumentError(
        'EINVAL',
        `${this.#what}: the request word must be a whole number 0..0xffffffff, got ${word}`,
        'pass an unsigned 32-bit value',
      );
    }
    const child = this.#running();
    return new Promise((resolve, reject) => {
      this.#pending.push({ resolve, reject });
      // Written at once: a helper still starting reads it when it is ready.
      child.stdin!.write(new Uint8Array(Uint32Array.of(word).buffer));
    });
  }

  /** Kills the helper (a call blocked in the kernel included); pending calls reject. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#stop(this.#closedError());
  }

  #closedError(): FbkitError {
    return new FbkitError('ECLOSED', `${this.#what} was cancelled: its descriptor was closed`, 'open the device again to wait on it');
  }

  /** The running helper, spawned if there is none (the first call, or after one died). */
  #running(): ChildProcess {
    if (this.#child) return this.#child;
    const native = nativeLocation();
    const config = JSON.stringify({
      ...native,
      parent: process.pid,
      call: this.#call,
      pollfd: [...pollInRequest(3)],
      title: `fbkit helper: ${this.#what}`,
    });
    // The user's NODE_OPTIONS (--require, --import, inspectors) are for the program, not the helper.
    const { NODE_OPTIONS: _, ...env } = process.env;
    let child: ChildProcess;
    try {
      child = spawn(process.execPath, ['-e', HELPER, config], { stdio: ['pipe', 'pipe', 'pipe', this.#fd], env, detached: true });
    } catch (err) {
      // What spawn() throws rather than reports (EINVAL: a bad descriptor, ...).
      throw new FbkitError(
        'EHELPER',
        `cannot start the helper process for ${this.#what}: ${(err as Error).message}`,
        'check that the descriptor is open',
      );
    }
    this.#child = child;
    // Unref'd: nothing here keeps the process alive, except stdout until the helper is ready
    // (a program awaiting start() would otherwise end in the middle of the await).
    child.unref();
    const unref = (stream: unknown) => (stream as { unref(): void }).unref();
    unref(child.stdin);
    unref(child.stderr);
    // A write to a helper that just died fails with EPIPE; its 'close' below says why it died.
    child.stdin!.on('error', () => {});

    let markReady!: () => void;
    this.#ready = new Promise<void>((resolve, reject) => {
      markReady = resolve;
      this.#failStart = reject;
    });
    this.#ready.catch(() => {}); // a start-up failure also reaches every pending call; nobody need await start()

    let started = false;
    let unread = new Uint8Array(0);
    child.stdout!.on('data', (chunk: Buffer) => {
      const bytes = new Uint8Array(unread.length + chunk.length);
      bytes.set(unread);
      bytes.set(chunk, unread.length);
      let at = 0;
      for (; at + 4 <= bytes.length; at += 4) {
        const word = new Int32Array(bytes.slice(at, at + 4).buffer)[0]!;
        if (!started) {
          started = true;
          unref(child.stdout);
          markReady();
        } else {
          this.#pending.shift()?.resolve(word);
        }
      }
      unread = bytes.slice(at);
    });
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    let spawnError: Error | undefined;
    child.on('error', (err) => (spawnError = err));
    child.on('close', (code, signal) => {
      if (this.#child !== child) return; // stopped on purpose
      // Node prints an uncaught error under the source line it came from: the 'Error: ...' line says why.
      const lines = stderr
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean);
      const why = spawnError?.message ?? lines.find((line) => /^\w*Error\b/.test(line)) ?? lines[0];
      const err = new FbkitError(
        'EHELPER',
        `the helper process for ${this.#what} ${started ? 'died' : 'did not start'} (${signal ?? `exit code ${code}`})${why ? `: ${why}` : ''}`,
        started ? 'the next call starts a new one' : 'check that node can load koffi in a child process (node -e "require(\'koffi\')")',
      );
      this.#stop(err);
    });
    return child;
  }

  /** Kills the helper and rejects what is still waiting on it, start() included. */
  #stop(err: Error): void {
    const child = this.#child;
    this.#failStart?.(err);
    this.#child = undefined;
    this.#ready = undefined;
    this.#failStart = undefined;
    child?.kill('SIGKILL');
    for (const pending of this.#pending.splice(0)) pending.reject(err);
  }
}
