/**
 * Loads the bundled CLI (dist/cli/main.cjs, written by scripts/bundle-cli.mjs) with V8's
 * code cache (dist/cli/main.cjs.v8cache, written by the same build): node 20 compiles an ES
 * module or a require()d file from its source on every start, while a script compiled
 * through node:vm with `cachedData` takes the bytecode the build's own run of the CLI left
 * behind, so neither parsing nor the lazy compilation of each function the command runs
 * happens again. That cache file is only read, so a read-only install serves every user.
 *
 * A cache is used only for the bundle, node version and architecture it was made for: the
 * build writes a hash of the bundle at the bundle's end, and that hash, node's version and
 * the architecture on the cache's first line; V8 itself rejects a cache made under other V8
 * flags (`script.cachedDataRejected`).
 * Where the build's cache does not fit this node (a package built elsewhere, node upgraded
 * since), the first run saves its own for this user and this node, in $XDG_CACHE_HOME/fbkit
 * or ~/.cache/fbkit (written at exit, when it holds what the command ran; never read unless
 * the user owns it and nobody else may write it), and later runs take that one. Without a
 * usable cache the bundle is compiled from its source, as node would. CommonJS, like
 * bin/fbkit.js.
 */
'use strict';
const { closeSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { dirname, isAbsolute, join } = require('node:path');
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
 * This user's code cache of build `id` for this node: $XDG_CACHE_HOME/fbkit (when set to an
 * absolute path, as the XDG spec asks) or ~/.cache/fbkit.
 */
function userCacheFileOf(id) {
  const xdg = process.env.XDG_CACHE_HOME;
  const base = xdg && isAbsolute(xdg) ? xdg : join(require('node:os').homedir(), '.cache');
  return join(base, 'fbkit', `cli-${id}-${process.version}-${process.arch}.v8cache`);
}

/**
 * Compiles and runs the CommonJS bundle `file` as node's require() would (its own
 * `require`, `module`, `__filename`), taking a code cache of its build when there is one
 * (`useCache`): this user's for this node if saved before, else the build's. With neither
 * usable, the cache of this run is saved for this user at exit. Returns the bundle's
 * exports, the compiled script (the build makes its cache from it) and whether V8 took a
 * cache.
 */
function loadBundle(file, useCache = true) {
  const source = readFileSync(file, 'utf8');
  const id = bundleBuildId(source);
  const userCache = useCache && id !== undefined ? userCacheFileOf(id) : undefined;
  const cachedData = userCache && (cacheFor(userCache, id, true) ?? cacheFor(cacheFileOf(file), id, false));
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData });
  const cacheUsed = cachedData !== undefined && !script.cachedDataRejected;
  if (userCache && !cacheUsed) process.once('exit', () => saveCache(userCache, id, script));
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
  return { exports: module.exports, script, cacheUsed };
}

/**
 * The V8 data of the cache file `path` when it was made for build `id`, else undefined. A
 * cache is code: one in a user's directory (`mustBeMine`) is taken only when this user owns
 * it and neither group nor others may write it.
 */
function cacheFor(path, id, mustBeMine) {
  let bytes;
  try {
    const fd = openSync(path, 'r');
    try {
      const st = fstatSync(fd);
      if (mustBeMine && (st.uid !== process.getuid() || (st.mode & 0o022) !== 0)) return undefined;
      bytes = readFileSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined; // no cache (a plain esbuild run, a first run) or unreadable: compile from source
  }
  const header = cacheHeader(bytes);
  const fits = header?.id === id && header.node === process.version && header.arch === process.arch;
  return fits ? bytes.subarray(header.length) : undefined;
}

/**
 * The build id, node version and architecture on a cache file's first line; `length` counts
 * the newline. The architecture is checked before V8 sees the data: V8's own check let an
 * x64 build's cache through to the same node version on arm64, which then crashed (SIGSEGV,
 * seen under qemu-aarch64) — as a package built on one machine and installed on another would.
 */
function cacheHeader(bytes) {
  const end = bytes.subarray(0, 128).indexOf(10);
  if (end < 0) return undefined;
  const [id, node, arch] = bytes.subarray(0, end).toString('latin1').split(' ');
  return { id, node, arch, length: end + 1 };
}

/** A cache file's bytes: its header line for build `id` made by this node, then V8's data. */
function cacheBytes(id, data) {
  return Buffer.concat([Buffer.from(`${id} ${process.version} ${process.arch}\n`, 'latin1'), data]);
}

/**
 * Writes the code cache of `script` to `path` for build `id`, whole or not at all, and
 * removes the caches of other builds and nodes beside it; a home that cannot take it is no
 * error.
 */
function saveCache(path, id, script) {
  const dir = dirname(path);
  const temp = `${path}.${process.pid}.tmp`;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(temp, cacheBytes(id, script.createCachedData()), { mode: 0o600 });
    renameSync(temp, path);
    for (const name of readdirSync(dir))
      if (/^cli-.*\.v8cache$/.test(name) && join(dir, name) !== path) rmSync(join(dir, name), { force: true });
  } catch {
    rmSync(temp, { force: true });
  }
}

module.exports = { cacheBytes, cacheFileOf, loadBundle };
