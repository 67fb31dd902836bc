/**
 * Start-up stays lean: `fbkit fill` (the quickest verb, and the path a kiosk's boot script
 * runs) loads neither pngjs (only PNG writing needs it), node:zlib (only PNG and PSF
 * reading) nor a WASM module (a fill needs no conversion kernel). Checked in a child
 * process after the command has run, from the sources and from the bundle
 * (dist/cli/main.cjs and its V8 code cache, built by `npm run build`) that bin/fbkit.js
 * runs when it exists. Importing the library loads neither koffi nor a WASM module.
 */
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runChild, runNode, sourcePath } from '../support/child.js';
import { COUNT_WASM_COMPILES } from '../support/wasm-compiles.js';

const dir = mkdtempSync(join(tmpdir(), 'fbkit-startup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('fbkit fill start-up', () => {
  it('loads no pngjs, no zlib and compiles no WebAssembly', async () => {
    const script = `
      import { createRequire } from 'node:module';
      ${COUNT_WASM_COMPILES}
      const { run } = await import(${JSON.stringify(sourcePath('src/cli/main.ts'))});
      const code = await run(['fill', 'red', '--device', ${JSON.stringify(`file:${join(dir, 'fb.raw')}?geometry=vfb`)}]);
      const required = Object.keys(createRequire(import.meta.url).cache);
      console.log(JSON.stringify({
        code,
        pngjs: required.some((f) => f.includes('pngjs')),
        zlib: process.moduleLoadList.includes('NativeModule zlib'),
        compiled,
      }));
    `;
    const r = await runChild(script);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ code: 0, pngjs: false, zlib: false, compiled: 0 });
  });
});

describe('importing the library', () => {
  it('loads no native code (koffi) and compiles no WebAssembly until a call needs them', async () => {
    const script = `
      import { createRequire } from 'node:module';
      ${COUNT_WASM_COMPILES}
      await import(${JSON.stringify(sourcePath('src/index.ts'))});
      const required = Object.keys(createRequire(import.meta.url).cache);
      console.log(JSON.stringify({ koffi: required.some((f) => f.includes('koffi')), compiled }));
    `;
    const r = await runChild(script);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ koffi: false, compiled: 0 });
  });
});

describe('the bundled CLI', () => {
  const builtCache = () => readFileSync(sourcePath('dist/cli/main.cjs.v8cache'));
  const headerLength = builtCache().indexOf(10) + 1;
  const [buildId, builtBy, builtFor] = builtCache().subarray(0, headerLength).toString('latin1').trim().split(' ');
  /**
   * Whether the build's cache is taken: by the node that made it, on its architecture, and by
   * no other (test/arm runs these tests with ARM node on the host's dist/).
   */
  const takesBuiltCache = builtBy === process.version && builtFor === process.arch;

  /** A package of our making: bin/ copied from the sources, `files` written under it. */
  function fakePackage(files: Record<string, string>): string {
    const root = mkdtempSync(join(dir, 'package-'));
    mkdirSync(join(root, 'bin'));
    for (const name of ['fbkit.js', 'cli-bundle.js', 'package.json']) copyFileSync(sourcePath(`bin/${name}`), join(root, 'bin', name));
    writeFileSync(join(root, 'package.json'), '{"type": "module"}');
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    return root;
  }

  it('is what bin/fbkit.js runs when it exists, else the unbundled main.js', async () => {
    const root = fakePackage({
      'dist/cli/main.cjs': "exports.main = (argv) => console.log('bundle', argv.slice(2).join(' '));",
      'dist/src/cli/main.js': "export function main(argv) { console.log('unbundled', argv.slice(2).join(' ')); }",
    });
    const runBin = () => runNode([join(root, 'bin', 'fbkit.js'), 'fill', 'red'], { timeout: 20_000 });
    expect(await runBin()).toMatchObject({ code: 0, stdout: 'bundle fill red\n', stderr: '' });
    rmSync(join(root, 'dist', 'cli'), { recursive: true });
    expect(await runBin()).toMatchObject({ code: 0, stdout: 'unbundled fill red\n', stderr: '' });
  });

  it('fills a virtual device without koffi, pngjs, zlib or WebAssembly, with the code cache of its build', async () => {
    const script = `
      import { createRequire } from 'node:module';
      ${COUNT_WASM_COMPILES}
      // Under qemu-user test/arm's exec shim (preloaded) has loaded child_process already.
      const childProcessBefore = process.moduleLoadList.includes('NativeModule child_process');
      const { loadBundle } = await import(${JSON.stringify(sourcePath('bin/cli-bundle.js'))});
      const { exports, cacheUsed } = loadBundle(${JSON.stringify(sourcePath('dist/cli/main.cjs'))});
      const code = await exports.run(['fill', 'red', '--device', 'virtual:vfb']);
      const required = Object.keys(createRequire(import.meta.url).cache);
      console.log(JSON.stringify({
        code,
        cacheUsed,
        koffi: required.some((f) => f.includes('koffi')),
        pngjs: required.some((f) => f.includes('pngjs')),
        zlib: process.moduleLoadList.includes('NativeModule zlib'),
        childProcess: !childProcessBefore && process.moduleLoadList.includes('NativeModule child_process'),
        compiled,
      }));
    `;
    // A cache of this user's own, saved when the build's does not fit, goes to a fresh folder.
    const env = { ...process.env, XDG_CACHE_HOME: mkdtempSync(join(dir, 'xdg-')) };
    const r = await runNode(['--input-type=module', '-e', script], { timeout: 20_000, env });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({
      code: 0,
      cacheUsed: takesBuiltCache,
      koffi: false,
      pngjs: false,
      zlib: false,
      childProcess: false,
      compiled: 0,
    });
  });

  /**
   * The built bundle in a package of our making, beside `cache` as its code cache, run with
   * `userCaches` as $XDG_CACHE_HOME (where it keeps its own cache when the build's does not fit).
   */
  async function runWithCache(cache: Buffer, userCaches = mkdtempSync(join(dir, 'xdg-'))): Promise<{ result: unknown; stderr: string }> {
    const root = fakePackage({ 'package.json': readFileSync(sourcePath('package.json'), 'utf8') });
    mkdirSync(join(root, 'dist', 'cli'), { recursive: true });
    copyFileSync(sourcePath('dist/cli/main.cjs'), join(root, 'dist', 'cli', 'main.cjs'));
    writeFileSync(join(root, 'dist', 'cli', 'main.cjs.v8cache'), cache);
    const script = `
      const { loadBundle } = await import(${JSON.stringify(join(root, 'bin', 'cli-bundle.js'))});
      const { exports, cacheUsed } = loadBundle(${JSON.stringify(join(root, 'dist', 'cli', 'main.cjs'))});
      const out = [];
      const code = await exports.run(['fill', '--help'], { stdout: { write: (s) => out.push(s) }, stderr: process.stderr });
      console.log(JSON.stringify({ code, cacheUsed, help: out.join('').startsWith('Usage: fbkit fill') }));
    `;
    const r = await runNode(['--input-type=module', '-e', script], {
      timeout: 20_000,
      env: { ...process.env, XDG_CACHE_HOME: userCaches },
    });
    return { result: JSON.parse(r.stdout), stderr: r.stderr };
  }
  /** The build's cache with V8's data (its header: version, flags, lengths) overwritten, as another V8 would have it. */
  const otherNodesCache = () => {
    const cache = builtCache();
    return Buffer.concat([cache.subarray(0, headerLength), Buffer.alloc(cache.length - headerLength, 0x5a)]);
  };
  const ran = (cacheUsed: unknown) => ({ result: { code: 0, cacheUsed, help: true }, stderr: '' });

  it('has a code cache whose first line names its build, node and architecture', () => {
    expect({ buildId, builtBy, builtFor }).toEqual({
      buildId: expect.stringMatching(/^[0-9a-f]{16}$/),
      builtBy: expect.stringMatching(/^v\d+\.\d+\.\d+$/),
      builtFor: expect.stringMatching(/^[a-z0-9]+$/),
    });
    expect(readFileSync(sourcePath('dist/cli/main.cjs'), 'utf8').endsWith(`\n// fbkit-bundle ${buildId}\n`)).toBe(true);
  });

  it('ignores a code cache made for another build, and runs from source', async () => {
    expect(await runWithCache(builtCache())).toEqual(ran(takesBuiltCache));
    const otherBuild = builtCache();
    otherBuild.write('0000000000000000', 0, 'latin1');
    expect(await runWithCache(otherBuild)).toEqual(ran(false));
  });

  it('never hands V8 a cache whose first line names another node or architecture', async () => {
    // The real data, labelled as another machine's: taken, it would show as cacheUsed.
    const relabelled = (node: string, arch: string) =>
      Buffer.concat([Buffer.from(`${buildId} ${node} ${arch}\n`, 'latin1'), builtCache().subarray(headerLength)]);
    expect(await runWithCache(relabelled(process.version, process.arch === 'arm64' ? 'x64' : 'arm64'))).toEqual(ran(false));
    expect(await runWithCache(relabelled('v0.0.1', process.arch))).toEqual(ran(false));
  });

  it("runs from source when V8 rejects the code cache (another node's, or cut short)", async () => {
    expect(await runWithCache(otherNodesCache())).toEqual(ran(false));
    expect(await runWithCache(builtCache().subarray(0, Math.floor(builtCache().length / 2)))).toEqual(ran(false));
  });

  it("saves its own cache for this user and node when the build's does not fit, and takes it the next time", async () => {
    const userCaches = mkdtempSync(join(dir, 'xdg-'));
    expect(await runWithCache(otherNodesCache(), userCaches)).toEqual(ran(false));
    const saved = readdirSync(join(userCaches, 'fbkit'));
    expect(saved).toEqual([expect.stringMatching(new RegExp(`^cli-[0-9a-f]{16}-${process.version}-${process.arch}\\.v8cache$`))]);
    expect(statSync(join(userCaches, 'fbkit', saved[0]!)).mode & 0o777).toBe(0o600);
    expect(await runWithCache(otherNodesCache(), userCaches)).toEqual(ran(true));
  });

  it('takes no saved cache that others may write', async () => {
    const userCaches = mkdtempSync(join(dir, 'xdg-'));
    await runWithCache(otherNodesCache(), userCaches);
    const [saved] = readdirSync(join(userCaches, 'fbkit'));
    chmodSync(join(userCaches, 'fbkit', saved!), 0o622);
    expect(await runWithCache(otherNodesCache(), userCaches)).toEqual(ran(false));
  });
});
