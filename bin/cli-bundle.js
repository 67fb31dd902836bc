/**
 * Loads the bundled CLI (dist/cli/main.cjs, written by scripts/bundle-cli.mjs) with V8's
 * code cache (dist/cli/main.cjs.v8cache, written by the same build): node 20 compiles an ES
 * module or a require()d file from its source on every start, while a script compiled
 * through node:vm with `cachedData` takes the bytecode the build's own run of the CLI left
 * behind, so neither parsing nor the lazy compilation of each function the command runs
 * happens again. The cache file is only read, so a read-only install serves every user.
 *
 * A cache is used only for the bundle it was made from: the build writes a hash of the
 * bundle at the bundle's end and at the cache's start, and V8 itself rejects a cache from
 * another V8 version or other V8 flags (`script.cachedDataRejected`); without a usable
 * cache the bundle is compiled from its source, as node would. CommonJS, like bin/fbkit.js.
 */
'use strict';
const { readFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { dirname } = require('node:path');
const { Script } = require('node:vm');

/** The bundle's last line names its build: `// fbkit-bundle HASH`. */
const BUILD_LINE = /\n\/\/ fbkit-bundle ([0-9a-f]{16})\n$/;

/** Where the code cache of `bundleFile` lives. */
function cacheFileOf(bundleFile) {
  return `${bundleFile}.v8cache`;
}

/** The build id written at the end of a bundle's source, or undefined. */
function bundleBuildId(source) {
  return BUILD_LINE.exec(source.slice(-64))?.[1];
}

/**
 * Compiles and runs the CommonJS bundle `file` as node's require() would (its own
 * `require`, `module`, `__filename`), taking its code cache when one of this build exists
 * (`useCache`). Returns its exports, the compiled script (the build makes the cache from
 * it) and whether V8 took the cache.
 */
function loadBundle(file, useCache = true) {
  const source = readFileSync(file, 'utf8');
  const cachedData = useCache ? cacheFor(file, bundleBuildId(source)) : undefined;
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
  return { exports: module.exports, script, cacheUsed: cachedData !== undefined && !script.cachedDataRejected };
}

/** The V8 data of the cache file when it was made for build `id`, else undefined. */
function cacheFor(file, id) {
  if (id === undefined) return undefined;
  let bytes;
  try {
    bytes = readFileSync(cacheFileOf(file));
  } catch {
    return undefined; // no cache (a plain esbuild run) or unreadable: compile from source
  }
  return bytes.subarray(0, id.length).toString('latin1') === id ? bytes.subarray(id.length) : undefined;
}

module.exports = { cacheFileOf, loadBundle };
