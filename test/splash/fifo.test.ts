import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mkfifo } from '../../src/sys/libc.js';
import { defaultFifoPath, FIFO_NAME, findFifo, listenFifo, writeCommand } from '../../src/splash/fifo.js';
import type { ParsedLine } from '../../src/splash/protocol.js';

const dir = mkdtempSync(join(tmpdir(), 'fbkit-fifo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

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
    const listener = listenFifo(path, (l) => { lines.push(l); wake(); });
    const until = (n: number) => new Promise<void>((resolve) => {
      wake = () => { if (lines.length >= n) resolve(); };
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

  it('refuses a path that is a regular file', () => {
    const path = join(dir, 'plain');
    writeFileSync(path, '');
    expect(() => listenFifo(path, () => {})).toThrow(/exists and is not a FIFO/);
  });

  it('the client refuses garbage before sending, and fails fast when nobody reads', () => {
    const path = join(dir, 'orphan.fifo');
    mkfifo(path);
    expect(() => writeCommand(path, 'PROGRESS lots')).toThrow(/needs a number/);
    expect(() => writeCommand(path, 'QUIT')).toThrow(/no splash is reading/);
    expect(() => writeCommand(join(dir, 'missing.fifo'), 'QUIT')).toThrow(/not a FIFO/);
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
    expect(defaultFifoPath([join(dir, 'nope'), rw])).toEqual({ path: join(rw, FIFO_NAME), note: expect.stringMatching(/nope is not writable/) });
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
