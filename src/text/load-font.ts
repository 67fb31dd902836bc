/**
 * Faces by name or file, loaded once: the resolver fbkit's index installs for draw/
 * (so `drawText(text, { font: 'DejaVu Sans' })` works), and loadFont for callers who
 * want the face object itself.
 */
import type { OutlineFace } from '../draw/outline-font.js';
import { findFontFile } from './find-font.js';
import { loadFontFile } from './opentype-face.js';

const loaded = new Map<string, OutlineFace>();

/** True when `nameOrFile` is a path rather than a family name. */
const isPath = (s: string) => s.includes('/') || /\.(ttf|otf|woff)$/i.test(s);

/** A face for a family name ('DejaVu Sans') or a font file path; cached per name. */
export function loadFont(nameOrFile: string): OutlineFace {
  let face = loaded.get(nameOrFile);
  if (!face) {
    face = loadFontFile(isPath(nameOrFile) ? nameOrFile : findFontFile(nameOrFile));
    loaded.set(nameOrFile, face);
  }
  return face;
}
