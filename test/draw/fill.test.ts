import { describe, expect, it } from 'vitest';
import { FORMATS, makeFormat } from '../../src/raster/format.js';
import { Surface } from '../../src/draw/surface.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('fills write exactly the rectangle, at every layout', () => {
  it('24 bpp: the pattern row is copied to every row, padding untouched', () => {
    const bytes = new Uint8Array(2 * 11).fill(0xee);
    const s = new Surface({ width: 3, height: 2, format: FORMATS.RGB888, stride: 11, bytes });
    s.fillRect({ x: 1, y: 0, w: 2, h: 2 }, 0xff112233);
    expect(hex(bytes)).toBe('eeeeee332211332211eeee'.repeat(2));
  });

  it('24 bpp with rows back to back is one run', () => {
    const s = Surface.create(5, 3, FORMATS.BGR888);
    s.clear(0xff010203);
    expect(hex(s.bytes)).toBe('010203'.repeat(15));
  });

  it('32 bpp at an unaligned address falls back to byte patterns', () => {
    const buffer = new Uint8Array(1 + 2 * 8 + 1);
    const s = new Surface({ width: 2, height: 2, bytes: buffer.subarray(1, 17) });
    s.fillRect({ x: 1, y: 0, w: 1, h: 2 }, 0x80a0b0c0);
    expect(hex(buffer)).toBe(`00${'00000000c0b0a080'.repeat(2)}00`);
  });

  it('16 bpp with an odd stride', () => {
    const s = new Surface({ width: 2, height: 2, format: FORMATS.RGB565, stride: 5 });
    s.clear(0xffffffff);
    expect(hex(s.bytes)).toBe('ffffffff00'.repeat(2));
  });

  it('1 bpp: edge bytes masked, middle filled, both bit orders', () => {
    const msb = Surface.create(24, 1, FORMATS.MONO10);
    msb.fillRect({ x: 3, y: 0, w: 18, h: 1 }, 0xffffffff);
    expect(hex(msb.bytes)).toBe('1ffff8');
    const lsbFormat = makeFormat({ bpp: 1, visual: 'mono10', bitOrder: 'lsb-first' });
    const lsb = Surface.create(24, 1, lsbFormat);
    lsb.fillRect({ x: 3, y: 0, w: 18, h: 1 }, 0xffffffff);
    expect(hex(lsb.bytes)).toBe('f8ff1f');
    const one = Surface.create(8, 1, FORMATS.MONO10);
    one.fillRect({ x: 2, y: 0, w: 3, h: 1 }, 0xffffffff);
    expect(one.bytes[0]).toBe(0b00111000);
  });

  it('4 and 2 bpp replicate the value across whole bytes', () => {
    const p4 = Surface.create(6, 1, FORMATS.PAL4);
    p4.fillRect({ x: 1, y: 0, w: 4, h: 1 }, 0xffffffff); // index 15
    expect(hex(p4.bytes)).toBe('0ffff0');
    const p2 = Surface.create(8, 1, FORMATS.PAL2);
    p2.clear(0xffaaaaaa); // index 2
    expect(hex(p2.bytes)).toBe('aaaa');
  });

  it('clear fills only the clip', () => {
    const s = Surface.create(4, 2, FORMATS.GRAY8);
    s.setClip({ x: 1, y: 1, w: 2, h: 5 });
    s.clear(0xffffffff);
    expect(hex(s.bytes)).toBe('0000000000ffff00');
  });

  it('rectangles far outside, empty and negative sizes', () => {
    const s = Surface.create(4, 4);
    s.fillRect({ x: -(2 ** 40), y: -(2 ** 40), w: 2 ** 41, h: 2 ** 41 }, 0xffffffff);
    expect(s.getPixel(3, 3)).toBe(0xffffffff);
    s.fillRect({ x: 1, y: 1, w: 0, h: 3 }, 0);
    expect(s.getPixel(1, 1)).toBe(0xffffffff);
    expect(() => s.fillRect({ x: 0, y: 0, w: -1, h: 1 }, 0)).toThrow(/negative size/);
    expect(() => s.fillRect({ x: 0, y: NaN, w: 1, h: 1 }, 0)).toThrow(/rect.y must be an integer/);
  });
});
