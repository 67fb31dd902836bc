import { spawn } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  closeSync,
  constants,
  existsSync,
  lchownSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  readSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ArgumentError } from '../../src/errors.js';
import { mkfifo } from '../../src/sys/libc.js';
import { defaultFifoPath, FIFO_NAME, FifoError, findFifo, listenFifo, takeFifo, writeCommand } from '../../src/splash/fifo.js';
import { MAX_COMMAND_BYTES, type ParsedLine } from '../../src/splash/protocol.js';
import { sourcePath } from '../support/child.js';
import { fill } from './pipes.js';

const dir = mkdtempSync(join(tmpdir(), 'fbkit-fifo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function waitFor(what: () => boolean): Promise<void> {
  while (!what()) await new Promise((r) => setTimeout(r, 5));
}

/** The error `fn` throws. */
function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('did not throw');
}

/** Resolves once `n` lines have arrived. */
function collect(path: string, n: number) {
  const lines: ParsedLine[] = [];
  let done!: () => void;
  const arrived = new Promise<void>((r) => (done = r));
  const listener = listenFifo(path, (l) => {
    lines.push(l);
    if (lines.length === n) done();
  });
  return { lines, arrived, listener };
}

describe('listenFifo + writeCommand', () => {
  it('reads commands from writers that come and go, in order, and reports garbage', async () => {
    const path = join(dir, 'a.fifo');
    const lines: ParsedLine[] = [];
    let wake = (): void => {};
    const listener = listenFifo(path, (l) => {
      lines.push(l);
      wake();
    });
    const until = (n: number) =>
      new Promise<void>((resolve) => {
        wake = () => {
          if (lines.length >= n) resolve();
        };
        wake();
      });
    expect(listener.created).toBe(true);
    // Each write opens, writes and closes: the reader must survive every disconnect.
    writeCommand(path, 'PROGRESS 10');
    await until(1);
    writeCommand(path, 'MSG Loading drivers');
    await until(2);
    writeFileSync(path, 'BOGUS 1\nPROGRESS 30\0'); // a psplash-write style NUL terminator, too
    await until(4);
    await new Promise((r) => setTimeout(r, 20)); // the writer is long gone; a reader that saw EOF stops here
    writeCommand(path, 'QUIT');
    await until(5);
    expect(lines).toEqual([
      { kind: 'progress', percent: 10 },
      { kind: 'msg', text: 'Loading drivers' },
      { kind: 'invalid', line: 'BOGUS 1', reason: expect.stringMatching(/unknown command/) },
      { kind: 'progress', percent: 30 },
      { kind: 'quit' },
    ]);
    listener.close();
    listener.close();
    expect(existsSync(path)).toBe(false);
  });

  it('reuses an existing FIFO and leaves it in place', async () => {
    const path = join(dir, 'existing.fifo');
    mkfifo(path);
    const { arrived, listener } = collect(path, 1);
    expect(listener.created).toBe(false);
    writeCommand(path, 'QUIT');
    await arrived;
    listener.close();
    expect(existsSync(path)).toBe(true);
  });

  it('a FIFO it makes appears at its path only when it listens, not when it is taken', async () => {
    const path = join(dir, 'late.fifo');
    // Left by a splash that died between taking and listening.
    writeFileSync(`${path}.new`, '');
    const fifo = takeFifo(path);
    expect(fifo.created).toBe(true);
    expect(existsSync(path)).toBe(false);
    expect(lstatSync(`${path}.new`).isFIFO()).toBe(true);
    const lines: ParsedLine[] = [];
    fifo.listen((l) => lines.push(l));
    expect(lstatSync(path).isFIFO()).toBe(true);
    expect(existsSync(`${path}.new`)).toBe(false);
    writeCommand(path, 'PROGRESS 1');
    await waitFor(() => lines.length === 1);
    fifo.close();
    expect([existsSync(path), existsSync(`${path}.lock`)]).toEqual([false, false]);
  });

  it('taken and closed without listening, it leaves nothing behind', () => {
    const path = join(dir, 'never.fifo');
    takeFifo(path).close();
    expect(readdirSync(dir).filter((name) => name.startsWith('never.fifo'))).toEqual([]);
  });

  it('will not put its FIFO over something that appeared at the path meanwhile', () => {
    const path = join(dir, 'raced.fifo');
    const fifo = takeFifo(path);
    writeFileSync(path, 'keep');
    expect(() => fifo.listen(() => {})).toThrow(/^cannot put the FIFO at .*raced\.fifo: EEXIST/);
    fifo.close();
    expect(readFileSync(path, 'utf8')).toBe('keep');
    expect([existsSync(`${path}.new`), existsSync(`${path}.lock`)]).toEqual([false, false]);
  });

  it('stops delivering as soon as it is closed, even within one chunk', async () => {
    const path = join(dir, 'quit.fifo');
    const lines: ParsedLine[] = [];
    let closed!: () => void;
    const done = new Promise<void>((r) => (closed = r));
    const listener = listenFifo(path, (l) => {
      lines.push(l);
      if (l.kind === 'quit') {
        listener.close();
        closed();
      }
    });
    writeFileSync(path, 'QUIT\nPROGRESS 5\nMSG late\n');
    await done;
    await new Promise((r) => setImmediate(r));
    expect(lines).toEqual([{ kind: 'quit' }]);
  });

  it('the client refuses garbage before sending, and fails fast when nobody reads', () => {
    const path = join(dir, 'orphan.fifo');
    mkfifo(path);
    expect(() => writeCommand(path, 'PROGRESS lots')).toThrow(ArgumentError);
    expect(() => writeCommand(path, 'PROGRESS lots')).toThrow(/needs a number/);
    expect(() => writeCommand(path, 'QUIT')).toThrow(/no splash is reading/);
    expect(() => writeCommand(join(dir, 'missing.fifo'), 'QUIT')).toThrow(/not a FIFO/);
  });

  it('the client sends a command up to the limit whole, and refuses a longer one without writing any of it', () => {
    const path = join(dir, 'limit.fifo');
    mkfifo(path);
    const reader = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const longest = `MSG ${'x'.repeat(MAX_COMMAND_BYTES - 4)}`;
      writeCommand(path, longest);
      expect(() => writeCommand(path, `MSG ${'x'.repeat(100_000)}`)).toThrow(ArgumentError);
      const buf = Buffer.alloc(200_000);
      expect(buf.subarray(0, readSync(reader, buf)).toString()).toBe(`${longest}\n`);
    } finally {
      closeSync(reader);
    }
  });

  it('the client reports a full FIFO (a splash that does not read) as a FifoError', () => {
    const path = join(dir, 'full.fifo');
    mkfifo(path);
    // Read-write: a reader that never reads, and the end that fills the pipe.
    const stuck = openSync(path, constants.O_RDWR | constants.O_NONBLOCK);
    try {
      fill(stuck);
      const error = thrown(() => writeCommand(path, 'QUIT'));
      expect(error).toBeInstanceOf(FifoError);
      expect(error).toMatchObject({
        code: 'EAGAIN',
        message: expect.stringMatching(/^the splash is not reading .*full\.fifo: its FIFO is full\n/),
      });
    } finally {
      closeSync(stuck);
    }
  });
});

describe('one splash per FIFO', () => {
  it("refuses a second listener, naming the first one's pid; the first keeps the FIFO", async () => {
    const path = join(dir, 'twice.fifo');
    const { lines, arrived, listener } = collect(path, 1);
    const error = thrown(() => listenFifo(path, () => {}));
    expect(error).toBeInstanceOf(FifoError);
    expect(error).toMatchObject({
      code: 'EBUSY',
      message: expect.stringMatching(new RegExp(`^another splash \\(pid ${process.pid}\\) is listening on ${path}\n`)),
    });
    writeCommand(path, 'PROGRESS 7');
    await arrived;
    expect(lines).toEqual([{ kind: 'progress', percent: 7 }]);
    listener.close();
    expect(existsSync(`${path}.lock`)).toBe(false);
    listenFifo(path, () => {}).close();
  });

  it('refuses while another process holds the FIFO, and takes it over once that process is killed', async () => {
    const path = join(dir, 'other.fifo');
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `
      import { listenFifo } from ${JSON.stringify(sourcePath('src/splash/fifo.ts'))};
      listenFifo(${JSON.stringify(path)}, () => {});
      process.stdout.write('listening\\n');
    `,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const exited = new Promise((r) => child.on('exit', r));
    try {
      await Promise.race([
        new Promise((resolve) => child.stdout!.once('data', resolve)),
        exited.then(() => Promise.reject(new Error('the child exited before listening'))),
      ]);
      expect(thrown(() => listenFifo(path, () => {})).message).toMatch(new RegExp(`^another splash \\(pid ${child.pid}\\)`));
    } finally {
      child.kill('SIGKILL');
    }
    await exited;
    // The lock and the FIFO are left behind, as after a crash or a power cut.
    expect(readlinkSync(`${path}.lock`)).toMatch(new RegExp(`^${child.pid} `));
    const { lines, arrived, listener } = collect(path, 1);
    expect(listener.created).toBe(false);
    writeCommand(path, 'QUIT');
    await arrived;
    expect(lines).toEqual([{ kind: 'quit' }]);
    expect(readlinkSync(`${path}.lock`)).toMatch(new RegExp(`^${process.pid} `));
    listener.close();
  });

  it('takes over a lock from an earlier boot, from an earlier process with a reused pid, or with garbage in it', () => {
    const bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    for (const [name, make] of [
      ['boot', (lock: string) => symlinkSync(`${process.pid} 00000000-0000-0000-0000-000000000000 1`, lock)],
      ['reused', (lock: string) => symlinkSync(`${process.pid} ${bootId} 1`, lock)],
      ['garbage', (lock: string) => writeFileSync(lock, 'junk')],
    ] as const) {
      const path = join(dir, `stale-${name}.fifo`);
      make(`${path}.lock`);
      const listener = listenFifo(path, () => {});
      expect(readlinkSync(`${path}.lock`), name).toMatch(new RegExp(`^${process.pid} ${bootId} \\d+$`));
      listener.close();
    }
  });

  it.runIf(process.getuid?.() === 0)('refuses a lock that belongs to another user', () => {
    const path = join(dir, 'foreign-lock.fifo');
    symlinkSync('1 x 1', `${path}.lock`);
    lchownSync(`${path}.lock`, 65534, 65534);
    expect(thrown(() => listenFifo(path, () => {})).message).toMatch(
      /foreign-lock\.fifo\.lock belongs to uid 65534, not to this user \(uid 0\)/,
    );
    expect(existsSync(path)).toBe(false);
  });
});

describe('unsafe FIFOs', () => {
  const cases: Array<[string, (path: string) => void, RegExp]> = [
    ['a regular file', (path) => writeFileSync(path, 'keep'), /exists and is not a FIFO/],
    ['a directory', (path) => mkdirSync(path), /exists and is not a FIFO/],
    [
      'a symbolic link to a FIFO',
      (path) => {
        mkfifo(`${path}.target`);
        symlinkSync(`${path}.target`, path);
      },
      /is a symbolic link/,
    ],
    [
      'a FIFO every user may write',
      (path) => {
        mkfifo(path);
        chmodSync(path, 0o622);
      },
      /is writable by every user \(mode 622\)/,
    ],
  ];
  if (process.getuid?.() === 0) {
    cases.push([
      "another user's FIFO",
      (path) => {
        mkfifo(path);
        chownSync(path, 65534, 65534);
      },
      /belongs to uid 65534, not to this user \(uid 0\)/,
    ]);
  }

  it.each(cases)('refuses %s, leaving it as it was and no lock behind', (what, make, message) => {
    const path = join(dir, `unsafe ${what}`);
    make(path);
    const before = lstatSync(path);
    expect(thrown(() => listenFifo(path, () => {})).message).toMatch(message);
    const after = lstatSync(path);
    expect([after.ino, after.mode, after.uid]).toEqual([before.ino, before.mode, before.uid]);
    expect(existsSync(`${path}.lock`)).toBe(false);
  });
});

describe('default FIFO location', () => {
  it('uses the first writable directory and says when that is not the first choice', () => {
    const ro = join(dir, 'ro');
    mkdirSync(ro);
    chmodSync(ro, 0o500);
    const rw = join(dir, 'rw');
    mkdirSync(rw);
    // root may write anywhere; then the read-only directory is simply the first choice.
    const rootCanWrite = process.getuid?.() === 0;
    const chosen = defaultFifoPath([ro, rw]);
    if (rootCanWrite) {
      expect(chosen).toEqual({ path: join(ro, FIFO_NAME) });
    } else {
      expect(chosen.path).toBe(join(rw, FIFO_NAME));
      expect(chosen.note).toMatch(/is not writable/);
    }
    expect(defaultFifoPath([join(dir, 'nope'), rw])).toEqual({
      path: join(rw, FIFO_NAME),
      note: expect.stringMatching(/nope is not writable/),
    });
    expect(() => defaultFifoPath([join(dir, 'nope')])).toThrow(/pass --fifo/);
  });

  it('the client finds the FIFO where the splash made it', () => {
    const a = join(dir, 'fa');
    const b = join(dir, 'fb');
    mkdirSync(a);
    mkdirSync(b);
    mkfifo(join(b, FIFO_NAME));
    expect(findFifo([a, b])).toBe(join(b, FIFO_NAME));
    expect(() => findFifo([a])).toThrow(/start `fbkit splash IMAGE` first/);
  });
});
