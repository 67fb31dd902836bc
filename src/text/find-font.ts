/**
 * Font files by family name: `fc-match` where fontconfig is installed (its answer is
 * taken only when the family it reports is the one asked for, since it always answers
 * with some font), else a search of /usr/share/fonts, /usr/local/share/fonts, ~/.fonts
 * and ~/.local/share/fonts for a file named after the family ('DejaVu Sans' matches
 * DejaVuSans.ttf, dejavu-sans.otf; then -Regular / -Book variants).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { FontFileError } from './opentype-face.js';

const FONT_FILE = /\.(ttf|otf|woff)$/i;

function fontDirs(): string[] {
  const home = homedir();
  return ['/usr/share/fonts', '/usr/local/share/fonts', join(home, '.fonts'), join(home, '.local/share/fonts')];
}

const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

function fromFontconfig(family: string): string | null {
  let out: string;
  try {
    out = execFileSync('fc-match', ['-f', '%{family}\\n%{file}', `${family}:fontformat=TrueType`], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 5000,
    });
  } catch {
    return null; // no fontconfig here
  }
  const [families = '', file = ''] = out.split('\n');
  const wanted = squash(family);
  return families.split(',').some((f) => squash(f) === wanted) && FONT_FILE.test(file) && existsSync(file) ? file : null;
}

function walk(dir: string, out: string[], depth = 0): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const path = join(dir, name);
    if (FONT_FILE.test(name)) out.push(path);
    else if (depth < 4 && !name.includes('.')) {
      try {
        if (statSync(path).isDirectory()) walk(path, out, depth + 1);
      } catch {
        // unreadable entries are skipped
      }
    }
  }
}

function fromDirectories(family: string): string | null {
  const files: string[] = [];
  for (const dir of fontDirs()) walk(dir, files);
  const base = (f: string) => squash(f.replace(/^.*\//, '').replace(FONT_FILE, ''));
  const wanted = squash(family);
  for (const suffix of ['', 'regular', 'book', 'roman']) {
    const hit = files.find((f) => base(f) === wanted + suffix);
    if (hit) return hit;
  }
  return null;
}

/** The font file for `family`, or throws naming where it looked. */
export function findFontFile(family: string): string {
  const file = fromFontconfig(family) ?? fromDirectories(family);
  if (!file) {
    throw new FontFileError(
      `no font named '${family}' under ${fontDirs().join(', ')}`,
      'pass a .ttf/.otf/.woff file path, or install the family (Debian: apt-get install fonts-dejavu-core for DejaVu Sans)',
    );
  }
  return file;
}
