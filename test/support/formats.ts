/**
 * The formats the drawing tests run over: every named format, plus layouts no name covers
 * but drivers report (lsb-first sub-byte pixels, 10-bit and 3-3-2 channels, msb-right
 * fields, gray with alpha, palettes with transparent entries).
 */
import { FORMATS, makeFormat, paletteFormat, type PixelFormat } from '../../src/raster/format.js';

const UNNAMED_FORMATS: readonly PixelFormat[] = [
  makeFormat({ bpp: 1, visual: 'mono01', bitOrder: 'lsb-first' }),
  makeFormat({ bpp: 2, visual: 'pseudocolor', bitOrder: 'lsb-first' }),
  makeFormat({ bpp: 4, visual: 'pseudocolor', bitOrder: 'lsb-first' }),
  makeFormat({ bpp: 4, grayscale: true }),
  makeFormat({ bpp: 8, red: { offset: 5, length: 3 }, green: { offset: 2, length: 3 }, blue: { offset: 0, length: 2 } }),
  makeFormat({ bpp: 16, red: { offset: 11, length: 5, msbRight: true }, green: { offset: 5, length: 6 }, blue: { offset: 0, length: 5 } }),
  makeFormat({ bpp: 16, grayscale: true, red: { offset: 0, length: 8 }, transp: { offset: 8, length: 8 } }),
  makeFormat({
    bpp: 32,
    red: { offset: 20, length: 10 },
    green: { offset: 10, length: 10 },
    blue: { offset: 0, length: 10 },
    transp: { offset: 30, length: 2 },
  }),
  paletteFormat(2, [0xff000000, 0x80ff0000, 0xff00ff00, 0x00000000], 'lsb-first'),
];

export const FORMATS_UNDER_TEST: readonly PixelFormat[] = [...Object.values(FORMATS), ...UNNAMED_FORMATS];
