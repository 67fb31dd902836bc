/**
 * Golden-image checks for headless rendering tests (`fbkit/testing`). Works in any test
 * runner — vitest, jest, node:test — because a mismatch is simply a thrown error:
 *
 *   import { expectGolden } from 'fbkit/testing';
 *   expectGolden(surface, new URL('./golden/splash.png', import.meta.url));
 *
 * The surface is compared pixel by pixel, exactly, as 0xAARRGGBB (whatever its format).
 * On a mismatch `NAME.actual.png` (what was drawn) and `NAME.diff.png` (the golden
 * dimmed, differing pixels red) are written next to the golden file, or into
 * `outDir`, and the error says where. With `UPDATE_GOLDEN=1` in the environment the
 * golden is (re)written instead — refused when `CI` is set, so a CI run can never bless
 * its own output.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FbkitError } from '../errors.js';
import { FORMATS } from '../raster/format.js';
import { readPng, writePng } from '../codecs/png.js';
import { Surface } from '../draw/surface.js';

export interface GoldenOptions {
  /** Directory for the .actual.png / .diff.png files; default the golden's directory. */
  outDir?: string;
  /** Rewrite the golden instead of comparing; default `UPDATE_GOLDEN=1` in the environment. */
  update?: boolean;
}

export interface GoldenMismatch {
  x: number;
  y: number;
  /** 0xAARRGGBB in the golden (undefined outside its size). */
  expected?: number;
  /** 0xAARRGGBB drawn (undefined outside the surface's size). */
  actual?: number;
}

export interface GoldenResult {
  status: 'match' | 'mismatch' | 'updated';
  golden: string;
  /** Pixels that differ (those covered by only one of the two images count too). */
  mismatchedPixels: number;
  firstMismatch?: GoldenMismatch;
  actualPath?: string;
  diffPath?: string;
  /** The golden's size, on a mismatch. */
  goldenSize?: { width: number; height: number };
}

/** The surface differs from its golden image; the message names both output files. */
export class GoldenMismatchError extends FbkitError {
  readonly result: GoldenResult;
  constructor(result: GoldenResult, detail: string) {
    super(
      'EGOLDEN',
      `rendering differs from ${result.golden}: ${detail}\n  actual: ${result.actualPath}\n  diff:   ${result.diffPath}`,
      'look at the diff; if the new rendering is right, rerun with UPDATE_GOLDEN=1',
    );
    this.result = result;
  }
}

interface ArgbImage {
  width: number;
  height: number;
  /** 0xAARRGGBB, row-major. */
  pixels: Uint32Array;
}

/** The surface's colors as 0xAARRGGBB: a view when already ARGB8888, else a converting blit. */
function argbOf(surface: Surface): ArgbImage {
  const viewable = surface.format === FORMATS.ARGB8888 && surface.stride === surface.width * 4 && surface.bytes.byteOffset % 4 === 0;
  const argb = viewable ? surface : Surface.create(surface.width, surface.height);
  if (argb !== surface) argb.blit(surface, { x: 0, y: 0 });
  const pixels = new Uint32Array(argb.bytes.buffer, argb.bytes.byteOffset, surface.width * surface.height);
  return { width: surface.width, height: surface.height, pixels };
}

/** The golden dimmed to a quarter of its gray level; differing pixels opaque red. */
function diffImage(expected: ArgbImage, actual: ArgbImage): { image: Surface; count: number; first?: GoldenMismatch } {
  const width = Math.max(expected.width, actual.width),
    height = Math.max(expected.height, actual.height);
  const pixels = new Uint32Array(width * height);
  let count = 0;
  let first: GoldenMismatch | undefined;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const e = x < expected.width && y < expected.height ? expected.pixels[y * expected.width + x] : undefined;
      const a = x < actual.width && y < actual.height ? actual.pixels[y * actual.width + x] : undefined;
      if (e !== undefined && e === a) {
        const gray = ((((e >>> 16) & 0xff) + ((e >>> 8) & 0xff) + (e & 0xff)) / 12) | 0;
        pixels[y * width + x] = (0xff000000 | (gray * 0x010101)) >>> 0;
        continue;
      }
      pixels[y * width + x] = 0xffff0000;
      count++;
      first ??= { x, y, expected: e, actual: a };
    }
  }
  const image = Surface.create(width, height);
  new Uint32Array(image.bytes.buffer, image.bytes.byteOffset, width * height).set(pixels);
  return { image, count, first };
}

const hex = (c: number | undefined) => (c === undefined ? 'nothing' : `0x${c.toString(16).padStart(8, '0')}`);

function artifactPaths(golden: string, outDir?: string): { actualPath: string; diffPath: string } {
  const dir = outDir ?? dirname(golden);
  const stem = basename(golden).replace(/\.png$/i, '');
  return { actualPath: join(dir, `${stem}.actual.png`), diffPath: join(dir, `${stem}.diff.png`) };
}

/** Compares without throwing on a mismatch (it still writes the actual and diff images). */
export function compareGolden(surface: Surface, golden: string | URL, opts: GoldenOptions = {}): GoldenResult {
  const path = golden instanceof URL ? fileURLToPath(golden) : golden;
  const actual = argbOf(surface);
  const { actualPath, diffPath } = artifactPaths(path, opts.outDir);
  if (opts.update ?? process.env.UPDATE_GOLDEN === '1') {
    if (process.env.CI) {
      throw new FbkitError('EGOLDEN', `refusing to rewrite ${path}: CI is set`, 'update golden images on a workstation and commit them');
    }
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, writePng(surface));
    rmSync(actualPath, { force: true });
    rmSync(diffPath, { force: true });
    return { status: 'updated', golden: path, mismatchedPixels: 0 };
  }
  if (!existsSync(path)) {
    throw new FbkitError(
      'ENOGOLDEN',
      `golden image ${path} does not exist`,
      'create it by running the test with UPDATE_GOLDEN=1, look at it, and commit it',
    );
  }
  const expected = argbOf(readPng(path));
  const diff = diffImage(expected, actual);
  if (diff.count === 0) {
    rmSync(actualPath, { force: true });
    rmSync(diffPath, { force: true });
    return { status: 'match', golden: path, mismatchedPixels: 0 };
  }
  mkdirSync(dirname(actualPath), { recursive: true });
  writeFileSync(actualPath, writePng(surface));
  writeFileSync(diffPath, writePng(diff.image));
  const goldenSize = { width: expected.width, height: expected.height };
  return { status: 'mismatch', golden: path, mismatchedPixels: diff.count, firstMismatch: diff.first, actualPath, diffPath, goldenSize };
}

/** Throws GoldenMismatchError unless the surface matches the golden exactly. */
export function expectGolden(surface: Surface, golden: string | URL, opts: GoldenOptions = {}): GoldenResult {
  const result = compareGolden(surface, golden, opts);
  if (result.status !== 'mismatch') return result;
  const f = result.firstMismatch!;
  const g = result.goldenSize!;
  const sizes =
    g.width !== surface.width || g.height !== surface.height
      ? `size ${surface.width}x${surface.height}, golden ${g.width}x${g.height}; `
      : '';
  throw new GoldenMismatchError(
    result,
    `${sizes}${result.mismatchedPixels} pixels differ, first at (${f.x}, ${f.y}): expected ${hex(f.expected)}, got ${hex(f.actual)}`,
  );
}
