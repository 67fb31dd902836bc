/**
 * Waiting for many descriptors to become readable without libuv's thread pool.
 *
 * Node cannot poll a character device: `net.Socket({ fd })` takes pipes and sockets only
 * (libuv calls a character device a file), and an fs.read on a descriptor that has nothing
 * to say blocks one of the pool's 4 threads until it does: four idle input devices and
 * every fs call and dns lookup of the program waits behind them.
 *
 * So one small helper process (as in blocking-call.ts: a node child that binds poll() with
 * koffi, dies with the parent through PR_SET_PDEATHSIG, runs in a session of its own)
 * inherits the descriptors as its fds 3..3+n-1 and loops: poll() them all with no timeout,
 * write which are ready (index and revents) to its stdout, then wait for one byte on its
 * stdin. The parent, woken by the pipe like by any socket, reads the ready descriptors
 * itself (they are non-blocking: the read never waits), then writes that byte. The helper
 * never reads a device, so it can be replaced at any moment without losing an event: a
 * new set of descriptors (a device plugged in or gone) is a new helper. Idle, both
 * processes sleep in the kernel: no polling loop, no timer.
 *
 * The descriptors the helper holds are the parent's own open files (inherited, not
 * reopened): a grab (EVIOCGRAB) the parent takes is the same grab, and the kernel drops it
 * when both have closed them, which on any way out of the parent (a SIGKILL included) is
 * at once, since the helper dies with it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { FbkitError } from '../errors.js';
import { nativeLocation } from './libc.js';

/** A ready descriptor: its index in the list given to watch(), and poll's revents (POLLIN 1, POLLERR 8, POLLHUP 16). */
export interface Ready {
  index: number;
  revents: number;
}

/**
 * The helper's program (CommonJS for `node -e`). struct pollfd is { int fd; short events;
 * short revents; }, 8 bytes on every Linux ABI.
 */
const HELPER = `'use strict';
const { readSync, writeSync } = require('node:fs');
const config = JSON.parse(process.argv[1]);
process.title = config.title;
const koffi = require(config.koffi);
const lib = koffi.load(config.libc);
// PR_SET_PDEATHSIG (1) = SIGKILL (9), then make sure the parent did not die before that.
lib.func('int prctl(int option, unsigned long a, unsigned long b, unsigned long c, unsigned long d)')(1, 9, 0, 0, 0);
if (process.ppid !== config.parent) process.exit(0);
const poll = lib.func('int poll(void *fds, unsigned long nfds, int timeout)');
const n = config.count;
const pollfds = new Int32Array(2 * n);
const shorts = new Int16Array(pollfds.buffer);
for (let i = 0; i < n; i++) {
  pollfds[2 * i] = 3 + i;
  shorts[4 * i + 2] = ${0x1};
}
const ack = new Uint8Array(1);
writeSync(1, new Uint8Array(Int32Array.of(0).buffer)); // ready
for (;;) {
  for (let i = 0; i < n; i++) shorts[4 * i + 3] = 0;
  if (poll(pollfds, n, -1) < 0) {
    if (koffi.errno() === 4) continue; // EINTR
    throw new Error('poll failed: errno ' + koffi.errno());
  }
  const ready = [];
  for (let i = 0; i < n; i++) if (shorts[4 * i + 3] !== 0) ready.push(i | ((shorts[4 * i + 3] & 0xffff) << 16));
  writeSync(1, new Uint8Array(Int32Array.of(ready.length, ...ready).buffer));
  if (readSync(0, ack, 0, 1) === 0) process.exit(0); // the parent closed the pipe
}
`;

export class FdPoller {
  readonly #what: string;
  readonly #onReady: (ready: Ready[]) => void;
  readonly #onError: (err: FbkitError) => void;
  #child: ChildProcess | undefined;

  /**
   * `onReady` runs for each batch; the helper waits until it returns, so it must read what
   * it was told about (or close it) before returning. `onError`: the helper died.
   */
  constructor(what: string, onReady: (ready: Ready[]) => void, onError: (err: FbkitError) => void) {
    this.#what = what;
    this.#onReady = onReady;
    this.#onError = onError;
  }

  /** The helper's process id while one runs. */
  get pid(): number | undefined {
    return this.#child?.pid;
  }

  /** Waits on exactly these descriptors from now on (a new helper); [] stops waiting. */
  watch(fds: readonly number[]): void {
    this.#stop();
    if (fds.length > 0) this.#child = this.#start(fds);
  }

  close(): void {
    this.#stop();
  }

  #stop(): void {
    const child = this.#child;
    this.#child = undefined;
    child?.kill('SIGKILL');
  }

  #start(fds: readonly number[]): ChildProcess {
    const config = JSON.stringify({
      ...nativeLocation(),
      parent: process.pid,
      count: fds.length,
      title: `fbkit helper: poll ${this.#what}`,
    });
    const { NODE_OPTIONS: _, ...env } = process.env;
    const child = spawn(process.execPath, ['-e', HELPER, config], { stdio: ['pipe', 'pipe', 'pipe', ...fds], env, detached: true });
    // The stdout pipe keeps the program alive while it waits for input, as a listening socket would.
    child.unref();
    (child.stdin as unknown as { unref(): void }).unref();
    (child.stderr as unknown as { unref(): void }).unref();
    child.stdin!.on('error', () => {});
    let started = false;
    let unread = new Uint8Array(0);
    child.stdout!.on('data', (chunk: Buffer) => {
      if (this.#child !== child) return;
      const bytes = new Uint8Array(unread.length + chunk.length);
      bytes.set(unread);
      bytes.set(chunk, unread.length);
      const words = new Int32Array(bytes.buffer, 0, bytes.length >> 2);
      let at = 0;
      if (!started && words.length > 0) {
        started = true;
        at = 1;
      }
      while (at < words.length && at + 1 + words[at]! <= words.length) {
        const count = words[at]!;
        const ready = [...words.subarray(at + 1, at + 1 + count)].map((w) => ({ index: w & 0xffff, revents: (w >>> 16) & 0xffff }));
        at += 1 + count;
        try {
          this.#onReady(ready);
        } finally {
          if (this.#child === child) child.stdin!.write(new Uint8Array(1));
        }
      }
      unread = bytes.slice(at * 4);
    });
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.on('error', (err) => (stderr += err.message));
    child.on('close', (code, signal) => {
      if (this.#child !== child) return; // replaced or closed on purpose
      this.#child = undefined;
      const why = stderr.split('\n').find((line) => /^\w*Error\b/.test(line.trim())) ?? stderr.trim().split('\n')[0] ?? '';
      this.#onError(
        new FbkitError(
          'EHELPER',
          `the helper process that waits on ${this.#what} ${started ? 'died' : 'did not start'} (${signal ?? `exit code ${code}`})${why ? `: ${why.trim()}` : ''}`,
          started
            ? 'input stops until the devices change or the source is opened again'
            : 'check that node can load koffi in a child process (node -e "require(\'koffi\')")',
        ),
      );
    });
    return child;
  }
}
