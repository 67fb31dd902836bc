/**
 * Importing fbkit loads nothing native: with koffi impossible to load (as on a platform it
 * has no build for), the drawing, PNG, virtual-framebuffer and golden-image code still
 * works, and only a call that needs the OS fails, with a one-line FbkitError.
 */
import { describe, expect, it } from 'vitest';
import { runChild, sourcePath } from '../support/child.js';

const withoutKoffi = ['--import', sourcePath('test/support/without-koffi.mjs')];

describe('without a loadable koffi', () => {
  it('the preload really hides koffi (the check below could not pass by accident)', async () => {
    const r = await runChild(`await import('koffi');`, withoutKoffi);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/koffi/);
  });

  it('Surface, drawing, PNG, virtual framebuffers and fbkit/testing work; the OS calls fail in one line', async () => {
    const script = `
      import { mkdtempSync, readFileSync } from 'node:fs';
      import { tmpdir } from 'node:os';
      import { join } from 'node:path';
      const fbkit = await import(${JSON.stringify(sourcePath('src/index.ts'))});
      const { expectGolden } = await import(${JSON.stringify(sourcePath('src/testing/golden.ts'))});
      const { Surface, FORMATS, readPng, writePng, Framebuffer, RegisterBlock, builtinFont } = fbkit;
      const s = Surface.create(32, 16, FORMATS.RGB565);
      s.fillRect({ x: 0, y: 0, w: 32, h: 16 }, 0xff1e90ff);
      s.fillCircle({ x: 8, y: 8 }, 5, 0xffffffff);
      s.drawText('ok', { x: 16, y: 2 }, { color: 0xff000000, font: builtinFont });
      const back = readPng(writePng(s));
      const fb = Framebuffer.virtual('spi-tft-ili9341');
      fb.surface.blit(back, { x: 3, y: 4 });
      const dir = mkdtempSync(join(tmpdir(), 'fbkit-nokoffi-'));
      process.env.UPDATE_GOLDEN = '1';
      delete process.env.CI;
      expectGolden(back, join(dir, 'g.png'));
      delete process.env.UPDATE_GOLDEN;
      expectGolden(back, join(dir, 'g.png'));
      const failures = [];
      for (const call of [() => Framebuffer.open('/dev/fb0'), () => RegisterBlock.open({ path: '/dev/mem', base: 0, length: 4 })]) {
        try { call(); failures.push('no error'); } catch (err) { failures.push([err.constructor.name, err.code, err.message.split('\\n')[0]]); }
      }
      console.log(JSON.stringify({ pixel: fb.surface.getPixel(3 + 8, 4 + 8).toString(16), failures }));
    `;
    const r = await runChild(script, withoutKoffi);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.pixel).toBe('ffffffff');
    for (const [name, code, message] of out.failures) {
      expect(name).toBe('FbkitError');
      expect(code).toBe('ENATIVE');
      expect(message).toMatch(/koffi/);
    }
  });
});
