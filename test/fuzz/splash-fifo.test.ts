/**
 * Random bytes into a running splash's FIFO: NULs, escape sequences, invalid UTF-8, lines far
 * over the command limit, valid commands mixed in. The splash must keep running, report
 * garbage on stderr only as escaped, capped `fbkit: ` lines, and exit 0 on the final QUIT.
 * A fixed seed in CI; FBKIT_FUZZ_RUNS and FBKIT_FUZZ_SEED for more.
 */
import { spawn } from 'node:child_process';
import { closeSync, constants, existsSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { writePng } from '../../src/codecs/png.js';
import { Surface } from '../../src/draw/surface.js';
import { sourcePath } from '../support/child.js';

const RUNS = Number(process.env.FBKIT_FUZZ_RUNS ?? 400);
const SEED = Number(process.env.FBKIT_FUZZ_SEED ?? 20261126);

const dir = mkdtempSync(join(tmpdir(), 'fbkit-fifo-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// No QUIT among the chunks: the one at the end must be what stops the splash.
const chunkArb = fc.oneof(
  fc.uint8Array({ maxLength: 200 }),
  fc
    .constantFrom(
      'PROGRESS 50\n',
      'MSG hello\n',
      'PROGRESS -3\n',
      'PROGRESS 1e9\n',
      'MSG \x1b[2J\x07\n',
      'QUI',
      '\0',
      '\n\n\n',
      'TIMEOUT 3\0',
    )
    .map((s) => new TextEncoder().encode(s)),
  fc.integer({ min: 1025, max: 70_000 }).map((n) => new Uint8Array(n).fill(0x41)),
  fc.constantFrom(
    new Uint8Array([0xff, 0xfe, 0x80, 0x0a]),
    new Uint8Array([0xe2, 0x82]),
    new Uint8Array([0x1b, 0x5b, 0x33, 0x31, 0x6d, 0x0a]),
  ),
);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe(`splash FIFO fuzz (${RUNS} random chunks, seed ${SEED})`, () => {
  it('the splash survives garbage, reports it escaped and capped, and exits 0 on QUIT', async () => {
    const image = join(dir, 'logo.png');
    const s = Surface.create(4, 4);
    s.clear(0xff3366cc);
    writeFileSync(image, writePng(s));
    const fifo = join(dir, 'splash.fifo');
    const script = `const { main } = await import(${JSON.stringify(sourcePath('src/cli/main.ts'))});
      await main(['node', 'fbkit', 'splash', ${JSON.stringify(image)}, '--device', 'virtual:vfb', '--fifo', ${JSON.stringify(fifo)}, '--no-console']);`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    for (let i = 0; i < 200 && !existsSync(fifo); i++) await sleep(50);
    expect(existsSync(fifo), `the splash never made its FIFO; stderr: ${stderr}`).toBe(true);

    const chunks = fc.sample(chunkArb, { seed: SEED, numRuns: RUNS });
    const fd = openSync(fifo, constants.O_WRONLY);
    let written = 0;
    for (const chunk of chunks) {
      // The splash reads as fast as it can; a full pipe just means waiting for it.
      for (let at = 0; at < chunk.length; ) {
        try {
          at += writeSync(fd, chunk, at);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
          await sleep(5);
        }
      }
      written += chunk.length;
    }
    writeSync(fd, '\nQUIT\n');
    closeSync(fd);
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    const code = await exited;
    clearTimeout(timer);

    const lines = stderr.split('\n').filter(Boolean);
    console.log(`splash FIFO fuzz: ${chunks.length} chunks, ${written} bytes, ${lines.length} stderr lines, exit ${code}`);
    expect(code, stderr.slice(0, 2000)).toBe(0);
    for (const line of lines) {
      expect(line, 'a report without the program prefix').toMatch(/^fbkit( splash)?: /);
      expect(line, 'raw control bytes reached the terminal').not.toMatch(/[\x00-\x08\x0b-\x1f\x7f\x80-\x9f]/);
      expect(line.length).toBeLessThan(400);
    }
    expect(lines.length).toBeLessThan(40);
  }, 120_000);
});
