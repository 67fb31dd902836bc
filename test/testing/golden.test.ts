import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { FORMATS } from '../../src/raster/format.js';
import { Surface } from '../../src/draw/surface.js';
import { GoldenMismatchError, compareGolden, expectGolden } from '../../src/testing/golden.js';

let dir: string;
const env = { ...process.env };
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fbkit-golden-'));
  delete process.env.UPDATE_GOLDEN;
  delete process.env.CI;
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  process.env = { ...env };
});

function scene(format = FORMATS.RGB565, dot = 0xffffffff): Surface {
  const s = Surface.create(8, 6, format);
  s.clear(0xff102030);
  s.setPixel(3, 2, dot);
  return s;
}

describe('golden images', () => {
  it('writes with UPDATE_GOLDEN=1, then matches exactly', () => {
    const golden = join(dir, 'a.png');
    process.env.UPDATE_GOLDEN = '1';
    expect(expectGolden(scene(), golden).status).toBe('updated');
    const png = PNG.sync.read(readFileSync(golden));
    expect([png.width, png.height]).toEqual([8, 6]);
    expect(Array.from(png.data.subarray((2 * 8 + 3) * 4, (2 * 8 + 3) * 4 + 4))).toEqual([255, 255, 255, 255]);
    delete process.env.UPDATE_GOLDEN;
    expect(expectGolden(scene(), golden).status).toBe('match');
  });

  it('a mismatch throws, names the first pixel, and writes actual and diff images', () => {
    const golden = join(dir, 'b.png');
    compareGolden(scene(), golden, { update: true });
    const out = join(dir, 'out');
    let error: unknown;
    try {
      expectGolden(scene(FORMATS.RGB565, 0xffff0000), golden, { outDir: out });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(GoldenMismatchError);
    const message = (error as Error).message;
    expect(message).toContain('1 pixels differ, first at (3, 2): expected 0xffffffff, got 0xffff0000');
    expect(message).toContain(join(out, 'b.actual.png'));
    const diff = PNG.sync.read(readFileSync(join(out, 'b.diff.png')));
    const at = (x: number, y: number) => Array.from(diff.data.subarray((y * 8 + x) * 4, (y * 8 + x) * 4 + 4));
    expect(at(3, 2)).toEqual([255, 0, 0, 255]);
    expect(at(0, 0)[0]).toBeLessThan(64); // the rest is the golden, dimmed
    const actual = PNG.sync.read(readFileSync(join(out, 'b.actual.png')));
    expect(Array.from(actual.data.subarray((2 * 8 + 3) * 4, (2 * 8 + 3) * 4 + 4))).toEqual([255, 0, 0, 255]);
    // Matching again clears the stale artifacts.
    expectGolden(scene(), golden, { outDir: out });
    expect(existsSync(join(out, 'b.diff.png'))).toBe(false);
  });

  it('reports a size mismatch', () => {
    const golden = join(dir, 'c.png');
    compareGolden(scene(), golden, { update: true });
    expect(() => expectGolden(Surface.create(9, 6), golden)).toThrow(/size 9x6, golden 8x6/);
  });

  it('refuses to update under CI, and names the fix for a missing golden', () => {
    process.env.UPDATE_GOLDEN = '1';
    process.env.CI = 'true';
    expect(() => expectGolden(scene(), join(dir, 'd.png'))).toThrow(/refusing to rewrite .*CI is set/);
    expect(existsSync(join(dir, 'd.png'))).toBe(false);
    delete process.env.UPDATE_GOLDEN;
    expect(() => expectGolden(scene(), join(dir, 'd.png'))).toThrow(/UPDATE_GOLDEN=1/);
  });

  it('compares any format through its colors (a 1 bpp surface)', () => {
    const golden = join(dir, 'e.png');
    const mono = scene(FORMATS.MONO01);
    compareGolden(mono, golden, { update: true });
    expect(compareGolden(mono, golden).status).toBe('match');
    mono.setPixel(0, 0, 0xffffffff);
    expect(compareGolden(mono, golden).mismatchedPixels).toBe(1);
  });
});
