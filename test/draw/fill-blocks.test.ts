/**
 * Long contiguous 16/32 bpp fills are built block by block (draw/fill.ts): one block
 * filled, then copied forward. Every byte of the run must hold the pixel, and nothing
 * before or after it may change, for runs of any length and start.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FORMATS, pack } from '../../src/raster/format.js';
import { Surface } from '../../src/draw/surface.js';

describe.each([
  ['16 bpp', FORMATS.RGB565],
  ['32 bpp', FORMATS.XRGB8888],
])('%s full-width fills across many blocks', (_, format) => {
  it('write the pixel to exactly the rows asked for', () => {
    const width = 613; // rows that don't line up with the block size
    const height = 160; // 196 KiB at 16 bpp, 392 KiB at 32 bpp: several 16 KiB blocks
    fc.assert(
      fc.property(fc.nat(height - 1), fc.nat(height), fc.integer({ min: 0, max: 0xffffffff }), (y, hWant, color) => {
        const h = Math.min(hWant, height - y);
        const s = Surface.create(width, height, format);
        const words = format.bpp === 16 ? new Uint16Array(s.bytes.buffer) : new Uint32Array(s.bytes.buffer);
        for (let i = 0; i < words.length; i++) words[i] = (i * 2654435761) >>> (32 - format.bpp);
        const before = words.slice();
        s.fillRect({ x: 0, y, w: width, h }, color);
        const pixel = pack(format, color);
        const from = y * width,
          to = (y + h) * width;
        let bad = 0;
        for (let i = 0; i < words.length; i++) if (words[i] !== (i >= from && i < to ? pixel : before[i])) bad++;
        expect(bad).toBe(0);
      }),
      { numRuns: 60 },
    );
  });
});
