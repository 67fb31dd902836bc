import { describe, expect, it } from 'vitest';
import { Console } from '../../src/console/console.js';
import { Framebuffer } from '../../src/display/framebuffer.js';

describe('Console.takeFor', () => {
  it('leaves the VT alone for a virtual framebuffer, quietly, and still restores its mode', () => {
    const fb = Framebuffer.virtual({ xres: 16, yres: 8, bits_per_pixel: 32 });
    const warnings: string[] = [];
    const con = Console.takeFor(fb, { warn: (m) => warnings.push(m) });
    expect(con.taken).toBe(false);
    expect(con.reason).toMatch(/virtual framebuffer/);
    expect(warnings).toEqual([]);
    fb.setMode({ bits_per_pixel: 16 });
    con.close();
    expect(fb.info.bitsPerPixel).toBe(32);
  });
});

describe('Framebuffer.screenState (virtual framebuffer)', () => {
  it('puts back the mode, the pan offset and the colormap', () => {
    const fb = Framebuffer.virtual({ xres: 32, yres: 20, yres_virtual: 40, ypanstep: 1, bits_per_pixel: 8 });
    const original = structuredClone(fb.info.var);
    const originalCmap = fb.getColormap();
    const con = Console.take({ device: null, screen: fb.screenState() });
    fb.setColormap({ start: 0, red: new Uint16Array([0xffff]), green: new Uint16Array([0]), blue: new Uint16Array([0]) });
    fb.setMode({ bits_per_pixel: 4, xres: 16, yoffset: 20 });
    expect(fb.info.bitsPerPixel).toBe(4);
    con.close();
    expect(fb.info.var).toEqual({ ...original, activate: fb.info.var.activate });
    expect(fb.getColormap()).toEqual(originalCmap);
  });

  it('puts back a colormap changed without a mode change', () => {
    const fb = Framebuffer.virtual({ xres: 8, yres: 8, bits_per_pixel: 8 });
    const before = fb.getColormap();
    const restore = fb.screenState().snapshot();
    fb.setColormap({ start: 3, red: new Uint16Array([0x1234]), green: new Uint16Array([0]), blue: new Uint16Array([0]) });
    expect(fb.getColormap()).not.toEqual(before);
    restore();
    expect(fb.getColormap()).toEqual(before);
  });

  it('leaves an unchanged colormap alone (truecolor drivers refuse a 256-entry put)', () => {
    const fb = Framebuffer.virtual({ xres: 8, yres: 8, bits_per_pixel: 32 });
    let puts = 0;
    const setColormap = fb.setColormap.bind(fb);
    fb.setColormap = (c) => (puts++, setColormap(c));
    const restore = fb.screenState().snapshot();
    restore();
    expect(puts).toBe(0);
  });

  it('pans back without a mode set when only the offset moved', () => {
    const fb = Framebuffer.virtual({ xres: 32, yres: 20, yres_virtual: 40, ypanstep: 1, bits_per_pixel: 32 });
    const restore = fb.screenState().snapshot();
    fb.pan(0, 20);
    let modeSets = 0;
    const setMode = fb.setMode.bind(fb);
    fb.setMode = (c) => (modeSets++, setMode(c));
    restore();
    expect(fb.info.yoffset).toBe(0);
    expect(modeSets).toBe(0);
  });

  it('does nothing once the framebuffer is closed (a virtual one has nothing to restore then)', () => {
    const fb = Framebuffer.virtual({ xres: 8, yres: 8, bits_per_pixel: 32 });
    const restore = fb.screenState().snapshot();
    fb.close();
    expect(() => restore()).not.toThrow();
  });
});
