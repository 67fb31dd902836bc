/**
 * The WASM kernels cost nothing until used: importing fbkit and small drawing compile no
 * WebAssembly; the first big blit compiles the module once, and later ones reuse it.
 * Counted in a child process by wrapping WebAssembly.Module before fbkit is imported.
 */
import { describe, expect, it } from 'vitest';
import { runChild, sourcePath } from '../support/child.js';
import { COUNT_WASM_COMPILES } from '../support/wasm-compiles.js';

describe('WASM kernels load lazily', () => {
  it('none at import or for small work, one compile for all big blits', async () => {
    const script = `
      ${COUNT_WASM_COMPILES}
      const { Surface, FORMATS } = await import(${JSON.stringify(sourcePath('src/index.ts'))});
      const counts = [compiled];
      const big = Surface.create(64, 64, FORMATS.ARGB8888);
      const screen = Surface.create(64, 64, FORMATS.RGB565);
      screen.fillRect({ x: 0, y: 0, w: 64, h: 64 }, 0xff336699);
      screen.blit(Surface.create(7, 9, FORMATS.ARGB8888), { x: 0, y: 0 }); // below the 64-pixel threshold
      counts.push(compiled);
      screen.blit(big, { x: 0, y: 0 });
      screen.blit(big, { x: 0, y: 0 }, { op: 'over' });
      counts.push(compiled);
      console.log(JSON.stringify(counts));
    `;
    const r = await runChild(script);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual([0, 0, 1]);
  });
});
