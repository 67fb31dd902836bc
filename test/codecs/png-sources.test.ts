/**
 * readPng on paths that are not plain PNG files, and on decompression bombs. The
 * dangerous cases run in a child process with a timeout: a reader that blocks on a FIFO
 * or reads /dev/zero forever must fail the test, not hang or exhaust vitest.
 */
import { describe, expect, it } from 'vitest';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PngError, readPng } from '../../src/codecs/png.js';
import { runChild, sourcePath } from '../support/child.js';
import { chunk, ihdr, png } from './png-builder.js';

describe('readPng(path) reads only what a PNG of the declared size can hold', () => {
  it('refuses FIFOs, devices and directories without reading them', async () => {
    const script = `
      import { execFileSync } from 'node:child_process';
      import { mkdtempSync, rmSync } from 'node:fs';
      import { tmpdir } from 'node:os';
      import { join } from 'node:path';
      import { readPng } from ${JSON.stringify(sourcePath('src/codecs/png.ts'))};
      const dir = mkdtempSync(join(tmpdir(), 'fbkit-png-'));
      const fifo = join(dir, 'fifo');
      execFileSync('mkfifo', [fifo]);
      const results = {};
      for (const path of ['/dev/zero', fifo, dir]) {
        try { readPng(path); results[path] = 'read'; } catch (err) { results[path] = err.name + ': ' + err.message.split('\\n')[0]; }
      }
      rmSync(dir, { recursive: true });
      console.log(JSON.stringify({ results, fifo, dir }));
    `;
    const child = await runChild(script, [], 15_000);
    expect(child.code, child.stderr).toBe(0);
    const { results, fifo, dir } = JSON.parse(child.stdout) as { results: Record<string, string>; fifo: string; dir: string };
    expect(results['/dev/zero']).toBe('PngError: /dev/zero is a character device, not a PNG file');
    expect(results[fifo]).toBe(`PngError: ${fifo} is a FIFO, not a PNG file`);
    expect(results[dir]).toBe(`PngError: ${dir} is a directory, not a PNG file`);
  });

  it('refuses a file far larger than its header allows, without reading it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fbkit-png-'));
    const path = join(dir, 'big.png');
    const fd = openSync(path, 'w');
    writeSync(fd, png(ihdr(4, 4, 8, 6), chunk('IEND')));
    writeSync(fd, new Uint8Array(1), 0, 1, 2 ** 30 - 1); // sparse: 1 GiB on paper, nothing on disk
    closeSync(fd);
    try {
      expect(() => readPng(path)).toThrow(PngError);
      expect(() => readPng(path)).toThrow(/is 1073741824 bytes, but a PNG of 4x4 RGBA at 8 bits takes at most \d+/);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
});

describe('decompression bombs', () => {
  it('a 1 MB file declaring 11585x11585 at 16 bits is refused quickly, in little memory', async () => {
    // The bomb: 1 GiB of zero scanlines deflated to about 1 MB, under the old 2^27-pixel cap.
    const script = `
      import { readPng } from ${JSON.stringify(sourcePath('src/codecs/png.ts'))};
      import { chunk, ihdr, png, zerosZlib } from ${JSON.stringify(sourcePath('test/codecs/png-builder.ts'))};
      const side = 11585;
      const bomb = png(ihdr(side, side, 16, 6), chunk('IDAT', zerosZlib(side * (1 + side * 8))), chunk('IEND'));
      const before = process.resourceUsage().maxRSS;
      let outcome;
      try { readPng(bomb); outcome = 'decoded'; } catch (err) { outcome = err.name + ': ' + err.message.split('\\n')[0]; }
      console.log(JSON.stringify({ outcome, size: bomb.length, grewKiB: process.resourceUsage().maxRSS - before }));
    `;
    // pngjs took 15 to 34 s and 3.2 GB here; the timeout turns that into a failure, not a stall.
    const child = await runChild(script, [], 20_000);
    expect(child.code, child.stderr || 'timed out').toBe(0);
    const { outcome, size, grewKiB } = JSON.parse(child.stdout) as { outcome: string; size: number; grewKiB: number };
    expect(size).toBeLessThan(2_000_000);
    expect(outcome).toMatch(
      /^PngError: PNG data is 11585x11585 RGBA at 16 bits and needs 1\.5 GiB to decode, more than the limit of 256\.0 MiB$/,
    );
    expect(grewKiB).toBeLessThan(32 * 1024);
  });
});
