/**
 * Bundles the built CLI (dist/src/cli/main.js, from tsc) into one CommonJS file,
 * dist/cli/main.cjs, with a V8 code cache beside it (main.cjs.v8cache) that bin/fbkit.js
 * loads through bin/cli-bundle.js. Start-up is what this is for: node 20 loads some 75
 * ES modules for `fbkit fill` and compiles them from source on every run; bundled it reads
 * one file, and with the cache V8 neither parses it nor compiles again the functions the
 * command runs. A verb's modules (main.ts imports them dynamically) are initialised only when
 * that verb runs: esbuild wraps each such module in a function it calls on first use.
 * koffi (native), pngjs and opentype.js are loaded through createRequire at first use and
 * stay outside the bundle. The library entry (dist/src/index.js) is not bundled. Run by
 * `npm run build`, after tsc.
 *
 * The cache holds the bytecode of what ran when it was made, so the build makes it by
 * running the bundled CLI here on a file-backed framebuffer (the start-up fbkit is measured
 * on); other verbs compile what the fill did not run, as before.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { cacheBytes, cacheFileOf, loadBundle } from '../bin/cli-bundle.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist', 'cli');
const bundleFile = join(outdir, 'main.cjs');

/**
 * commander requires node:child_process (some 2 ms of node's own modules) for executable
 * subcommands, which fbkit never has: in the bundle, commander gets a stand-in that loads
 * node:child_process on the first spawn instead.
 */
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^node:child_process$/ }, (args) =>
      args.importer.includes(`${sep}commander${sep}`) ? { path: 'child_process', namespace: 'lazy-builtin' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, () => ({
      contents: "exports.spawn = (...args) => require('node:child_process').spawn(...args);",
      loader: 'js',
    }));
  },
};

rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });
const result = await build({
  entryPoints: [join(root, 'dist', 'src', 'cli', 'main.js')],
  outfile: bundleFile,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external: ['koffi', 'pngjs', 'opentype.js'],
  plugins: [lazyChildProcess],
  // The modules find files of the package (and koffi) from import.meta.url, which a CommonJS
  // file lacks: it is the bundle's own URL. Strict mode, as in the ES modules it came from.
  define: { 'import.meta.url': 'bundleUrl' },
  banner: { js: "'use strict';\nconst bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
  write: false,
  logLevel: 'warning',
});
const source = result.outputFiles[0].text;
const buildId = createHash('sha256').update(source).digest('hex').slice(0, 16);
writeFileSync(bundleFile, `${source}\n// fbkit-bundle ${buildId}\n`);
await writeCodeCache();

/** Runs `fbkit fill` in the freshly compiled bundle and saves what V8 compiled for it. */
async function writeCodeCache() {
  const dir = mkdtempSync(join(tmpdir(), 'fbkit-build-'));
  const sink = { write: () => true };
  try {
    const { exports, script } = loadBundle(bundleFile, false);
    const code = await exports.run(['fill', 'red', '--device', `file:${join(dir, 'fb.raw')}?geometry=bochs-drm`], {
      stdout: sink,
      stderr: sink,
    });
    if (code !== 0) throw new Error(`fbkit fill exited ${code}`);
    writeFileSync(cacheFileOf(bundleFile), cacheBytes(buildId, script.createCachedData()));
  } catch (err) {
    // The CLI works without the cache, only starts slower: say so, and build on.
    console.warn(`bundle-cli: no code cache for the CLI (${err instanceof Error ? err.message : err}); it will start slower`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
