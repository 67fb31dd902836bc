/**
 * Start-up stays lean: `fbkit fill` (the quickest verb, and the path a kiosk's boot script
 * runs) loads neither pngjs (only PNG writing needs it), node:zlib (only PNG and PSF
 * reading) nor a WASM module (a fill needs no conversion kernel). Checked in a child
 * process after the command has run, from the sources and from the bundle (dist/cli/, built
 * by `npm run build`) that bin/fbkit.js runs when it exists.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

describe('the bundled CLI', () => {
  it('is what bin/fbkit.js runs when it exists, else the unbundled main.js', async () => {
    const root = mkdtempSync(join(dir, 'package-'));
    mkdirSync(join(root, 'bin'));
    copyFileSync(sourcePath('bin/fbkit.js'), join(root, 'bin', 'fbkit.js'));
    writeFileSync(join(root, 'package.json'), '{"type": "module"}');
    for (const [sub, name] of [
      ['dist/cli', 'bundle'],
      ['dist/src/cli', 'unbundled'],
    ]) {
      mkdirSync(join(root, sub), { recursive: true });
      writeFileSync(join(root, sub, 'main.js'), `export function main(argv) { console.log('${name}', argv.slice(2).join(' ')); }`);
    }
    const runBin = () => runNode([join(root, 'bin', 'fbkit.js'), 'fill', 'red'], { timeout: 20_000 });
    expect(await runBin()).toMatchObject({ code: 0, stdout: 'bundle fill red\n', stderr: '' });
    rmSync(join(root, 'dist', 'cli'), { recursive: true });
    expect(await runBin()).toMatchObject({ code: 0, stdout: 'unbundled fill red\n', stderr: '' });
  });

  it('fills a virtual device without koffi, pngjs, zlib or WebAssembly', async () => {
    const script = `
      import { createRequire } from 'node:module';
      ${COUNT_WASM_COMPILES}
      const { run } = await import(${JSON.stringify(sourcePath('dist/cli/main.js'))});
      const code = await run(['fill', 'red', '--device', 'virtual:vfb']);
      const required = Object.keys(createRequire(import.meta.url).cache);
      console.log(JSON.stringify({
        code,
        koffi: required.some((f) => f.includes('koffi')),
        pngjs: required.some((f) => f.includes('pngjs')),
        zlib: process.moduleLoadList.includes('NativeModule zlib'),
        compiled,
      }));
    `;
    const r = await runNode(['--input-type=module', '-e', script], { timeout: 20_000 });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ code: 0, koffi: false, pngjs: false, zlib: false, compiled: 0 });
  });
});
