/**
 * Start-up stays lean: `fbkit fill` (the quickest verb, and the path a kiosk's boot script
 * runs) loads neither pngjs (only PNG writing needs it), node:zlib (only PNG and PSF
 * reading) nor a WASM module (a fill needs no conversion kernel). Checked in a child
 * process after the command has run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runChild, sourcePath } from '../support/child.js';
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
