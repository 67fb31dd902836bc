/** Colormaps in the kernel's unit (16-bit channels) as fbkit's 0xAARRGGBB palettes. */
import type { Colormap } from '../sys/linux-fb.js';

/** The colormap as 0xAARRGGBB entries (alpha is not used by palette formats: opaque). */
export function paletteOf(cmap: Colormap): Uint32Array {
  return Uint32Array.from(cmap.red, (r, i) => (0xff000000 | ((r >> 8) << 16) | ((cmap.green[i]! >> 8) << 8) | (cmap.blue[i]! >> 8)) >>> 0);
}
