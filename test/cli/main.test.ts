import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  const io = {
    stdout: { write: (s: string | Uint8Array) => out.push(String(s)) },
    stderr: { write: (s: string | Uint8Array) => err.push(String(s)) },
  };
  return { io, out: () => out.join(''), err: () => err.join('') };
}

describe('fbkit CLI frame', () => {
  it('lists every verb in --help and exits 0', async () => {
    const c = capture();
    expect(await run(['--help'], c.io)).toBe(0);
    for (const verb of ['info', 'fill', 'show', 'shot', 'demo', 'splash', 'splash-write', 'devmem', 'mem']) {
      expect(c.out()).toMatch(new RegExp(`^\\s+${verb}\\b`, 'm'));
    }
  });

  it('gives a verb its own help', async () => {
    const c = capture();
    expect(await run(['devmem', '--help'], c.io)).toBe(0);
    expect(c.out()).toMatch(/Usage: fbkit devmem/);
  });

  it('exits 2 on an unknown verb, an unknown option or a missing argument', async () => {
    for (const argv of [['frobnicate'], ['info', '--no-such-option'], ['fill']]) {
      const c = capture();
      expect(await run(argv, c.io)).toBe(2);
      expect(c.err()).toMatch(/error/);
    }
  });
});
