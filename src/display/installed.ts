/**
 * Files that ship with fbkit (package.json, fixtures/), found relative to this module: it
 * sits two levels below the package root in the repository (src/display/) and three once
 * built (dist/src/display/); bundled into the CLI (dist/cli/main.cjs), two.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The absolute path of `relative` (from the package root), or undefined when this installation lacks it. */
export function installedPath(relative: string): string | undefined {
  for (const up of ['../../', '../../../']) {
    const path = fileURLToPath(new URL(`${up}${relative}`, import.meta.url));
    if (existsSync(path)) return path;
  }
  return undefined;
}
