/**
 * A directory holding a file of every kind a user might name on the command line, and a
 * fingerprint of everything in it, so a refused command can be shown to have written nothing.
 */
import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Surface } from '../../src/draw/surface.js';
import { writePng } from '../../src/codecs/png.js';
import { FORMATS } from '../../src/raster/format.js';
import { mkfifo } from '../../src/sys/libc.js';

export interface Sandbox {
  dir: string;
  /** Paths of every kind, by name: regular, empty, directory, fifo, symlinks, devices, missing. */
  paths: Record<string, string>;
}

export function makeSandbox(): Sandbox {
  const dir = mkdtempSync(join(tmpdir(), 'fbkit-fuzz-'));
  const p = (name: string) => join(dir, name);
  const image = Surface.create(7, 5, FORMATS.ARGB8888);
  image.fillRect({ x: 1, y: 1, w: 4, h: 2 }, 0x80ff8000);
  writeFileSync(p('image.png'), writePng(image));
  writeFileSync(p('screen.raw'), new Uint8Array(64 * 48 * 2));
  writeFileSync(p('screen.raw.json'), JSON.stringify({ xres: 64, yres: 48, bits_per_pixel: 16 }));
  writeFileSync(p('short.raw'), 'abc');
  writeFileSync(p('empty'), '');
  writeFileSync(p('text.txt'), 'not an image\n');
  writeFileSync(p('geometry.json'), JSON.stringify({ xres: 32, yres: 16, bits_per_pixel: 32 }));
  writeFileSync(p('bad.json'), '{"xres": 32, "yres": ');
  writeFileSync(p('string.json'), '"vfb"');
  writeFileSync(p('fourcc.json'), JSON.stringify({ xres: 8, yres: 8, bits_per_pixel: 16, grayscale: 0x56595559 }));
  mkdirSync(p('subdir'));
  mkfifo(p('fifo'));
  symlinkSync('/dev/zero', p('zero-link'));
  symlinkSync(p('missing'), p('dangling-link'));
  return {
    dir,
    paths: {
      image: p('image.png'),
      raw: p('screen.raw'),
      short: p('short.raw'),
      empty: p('empty'),
      text: p('text.txt'),
      geometry: p('geometry.json'),
      badJson: p('bad.json'),
      stringJson: p('string.json'),
      fourcc: p('fourcc.json'),
      dir: p('subdir'),
      fifo: p('fifo'),
      zeroLink: p('zero-link'),
      dangling: p('dangling-link'),
      missing: p('missing'),
      missingDir: p('nodir/x.raw'),
      devNull: '/dev/null',
      devZero: '/dev/zero',
      out: p('out.png'),
    },
  };
}

/** Every entry under `dir` with a hash of its content (FIFOs and links by kind only). */
export function fingerprint(dir: string): string {
  const hash = createHash('sha256');
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      const st = lstatSync(path);
      hash.update(`${path}\0${st.mode}\0${st.size}\0`);
      if (st.isDirectory()) walk(path);
      else if (st.isFile()) hash.update(readFileSync(path));
    }
  };
  walk(dir);
  return hash.digest('hex');
}
