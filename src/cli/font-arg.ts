/**
 * `--font FILE|FAMILY` for the drawing commands: a font file path or a family name
 * found on the system (text/find-font). A font that cannot be found or read is the
 * user's input: exit 2, with the hint the loader gives. The option's help (FONT_HELP) is in
 * args.ts, so that a verb can describe --font without loading the font code.
 */
import { FbkitError } from '../errors.js';
import type { OutlineFace } from '../draw/outline-font.js';
import { loadFont } from '../text/load-font.js';
import { DEFAULT_FAMILY } from './args.js';
import { CliFailure } from './io.js';

export function fontArg(nameOrFile: string): OutlineFace {
  try {
    return loadFont(nameOrFile);
  } catch (err) {
    if (err instanceof FbkitError) throw CliFailure.from(err, '--font: ', 2);
    throw err;
  }
}

/** The default family when it is installed, else undefined (the caller falls back to bitmap text). */
export function defaultFont(): OutlineFace | undefined {
  try {
    return loadFont(DEFAULT_FAMILY);
  } catch (err) {
    if (err instanceof FbkitError) return undefined;
    throw err;
  }
}
