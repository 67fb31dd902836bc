/**
 * Bundles the built CLI (dist/src/cli/main.js, from tsc) into dist/cli/ for bin/fbkit.js:
 * start-up is dominated by how many ES modules node loads, and `fbkit fill` loads about 60
 * of fbkit's plus commander's; bundled, it loads a handful of chunks. Each verb stays its
 * own chunk (splitting keeps main.ts's dynamic imports dynamic), so a command still loads
 * only its own code. koffi (native), pngjs and opentype.js are loaded through createRequire
 * at first use and stay outside the bundle. The library entry (dist/src/index.js) is not
 * bundled. Run by `npm run build`, after tsc.
 */
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist', 'cli');

rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: [join(root, 'dist', 'src', 'cli', 'main.js')],
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunks/[name]-[hash]',
  external: ['koffi', 'pngjs', 'opentype.js'],
  // commander is CommonJS: its require('node:events') needs a real require in an ES module.
  banner: { js: "import { createRequire as bundleRequire } from 'node:module'; const require = bundleRequire(import.meta.url);" },
  logLevel: 'warning',
});
