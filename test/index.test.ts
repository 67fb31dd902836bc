import { describe, expect, it } from 'vitest';
import * as fbkit from '../src/index.js';
import * as testing from '../src/testing/golden.js';

describe('public API', () => {
  it('renders through the package entry point alone', () => {
    const fb = fbkit.Framebuffer.virtual('bochs-drm');
    const s = fb.surface;
    s.fillRect({ x: 10, y: 20, w: 3, h: 2 }, 0xff336699);
    expect(s.getPixel(12, 21)).toBe(0xff336699);
    expect(s.getPixel(13, 21)).toBe(0xff000000);
    expect(fbkit.unpack(fb.info.format, fbkit.pack(fb.info.format, 0xff336699))).toBe(0xff336699);
    fb.close();
    expect(() => s.getPixel(0, 0)).toThrow(fbkit.ClosedError);
  });

  it('exposes the golden-image helper as fbkit/testing', () => {
    expect(typeof testing.expectGolden).toBe('function');
    expect(typeof testing.compareGolden).toBe('function');
  });
});
