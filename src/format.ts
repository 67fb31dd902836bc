/**
 * Pixel formats, described the way the kernel describes them (struct fb_bitfield per
 * channel plus bits_per_pixel, grayscale and visual), so that BGR, 565, 555, 24-bit and
 * alpha orders are data rather than code paths. Never derive a format from bpp alone.
 *
 * Colors at the API are 0xAARRGGBB numbers; `pack` turns one into the device's native
 * pixel value once per call, never once per pixel.
 */

/** One channel's place inside a pixel value, as in the kernel's `struct fb_bitfield`. */
export interface Bitfield {
  readonly offset: number;
  readonly length: number;
  /** != 0 in the kernel: the most significant bit of the channel is the rightmost. */
  readonly msbRight: boolean;
}

/** The kernel's FB_VISUAL_* values, by name. */
export type Visual =
  | 'mono01' // 1 = black, 0 = white
  | 'mono10' // 1 = white, 0 = black
  | 'truecolor'
  | 'pseudocolor'
  | 'directcolor'
  | 'static_pseudocolor'
  | 'fourcc';

export interface PixelFormat {
  /** A conventional name such as 'XRGB8888', 'RGB565', 'BGR888', 'PAL8', 'MONO01'. */
  readonly name: string;
  /** Bits each pixel takes in memory: 1, 2, 4, 8, 16, 24 or 32. */
  readonly bpp: number;
  readonly red: Bitfield;
  readonly green: Bitfield;
  readonly blue: Bitfield;
  /** Alpha; length 0 when the format has none. */
  readonly transp: Bitfield;
  readonly grayscale: boolean;
  readonly visual: Visual;
  /** Palette formats: colormap entries as 0xAARRGGBB, index = pixel value. */
  readonly palette?: Uint32Array;
  /** Pixels narrower than a byte: whether the leftmost pixel sits in the high bits. */
  readonly bitOrder: 'msb-first' | 'lsb-first';
}
