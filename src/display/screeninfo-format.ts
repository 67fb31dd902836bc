/**
 * From the kernel's screeninfo to what fbkit draws with: the PixelFormat (decoded from the
 * bitfields, visual, type and nonstd, never from bpp alone) and a check that the geometry
 * fits the memory behind it, so a Surface can never index past the mapping.
 */
import { FB_NONSTD, FB_TYPE, FB_VISUAL, nameOf, type FbBitfield, type FixScreeninfo, type VarScreeninfo } from '../sys/linux-fb.js';
import { UnsupportedError } from '../errors.js';
import { makeFormat, paletteFormat, type PixelFormat, type Visual } from '../raster/format.js';
import { GeometryError } from './geometry.js';

const VISUALS: Record<number, Visual> = {
  [FB_VISUAL.MONO01]: 'mono01',
  [FB_VISUAL.MONO10]: 'mono10',
  [FB_VISUAL.TRUECOLOR]: 'truecolor',
  [FB_VISUAL.PSEUDOCOLOR]: 'pseudocolor',
  [FB_VISUAL.DIRECTCOLOR]: 'directcolor',
  [FB_VISUAL.STATIC_PSEUDOCOLOR]: 'static_pseudocolor',
};

const SUPPORTED_BPP = [1, 2, 4, 8, 15, 16, 24, 32];

/** Palette visuals: pixel values index the colormap. */
export function usesColormap(fix: FixScreeninfo): boolean {
  return fix.visual === FB_VISUAL.PSEUDOCOLOR || fix.visual === FB_VISUAL.STATIC_PSEUDOCOLOR;
}

/**
 * Which pixel of a byte comes first when pixels are narrower than a byte. The kernel's
 * own drawing code (cfb/sys fillrect, imageblit) puts the leftmost pixel in the low bits
 * on little-endian machines and in the high bits on big-endian ones;
 * FB_NONSTD_REV_PIX_IN_B reverses that.
 */
function subBytePixelOrder(nonstd: number, littleEndian: boolean): 'msb-first' | 'lsb-first' {
  const lsbFirst = littleEndian !== ((nonstd & FB_NONSTD.REV_PIX_IN_B) !== 0);
  return lsbFirst ? 'lsb-first' : 'msb-first';
}

function refuse(message: string, hint: string): never {
  throw new UnsupportedError('EFBFORMAT', message, hint);
}

const spec = (b: FbBitfield) => ({ offset: b.offset, length: b.length, msbRight: b.msb_right !== 0 });

/** The PixelFormat a mode stores its pixels in; `palette` is the colormap as 0xAARRGGBB. */
export function formatFromScreeninfo(
  v: VarScreeninfo,
  fix: FixScreeninfo,
  palette: Uint32Array | undefined,
  littleEndian: boolean,
): PixelFormat {
  const bpp = v.bits_per_pixel;
  const switchHint = 'switch the device to a packed-pixel mode (fbset -depth 16 or 32), or use the DRM/KMS API for this hardware';
  if (fix.type !== FB_TYPE.PACKED_PIXELS) {
    refuse(
      `framebuffer type ${nameOf(FB_TYPE, fix.type)} (${fix.type}) stores pixels in planes or as text, which fbkit cannot draw on`,
      switchHint,
    );
  }
  if (!SUPPORTED_BPP.includes(bpp)) {
    throw new GeometryError(
      `bits_per_pixel ${bpp} is not a pixel size fbkit knows (1, 2, 4, 8, 15, 16, 24 or 32)`,
      'the driver reports an absurd depth; set a standard one (fbset -depth 32)',
    );
  }
  if (v.grayscale > 1 || fix.visual === FB_VISUAL.FOURCC) {
    refuse(`the mode uses a FOURCC pixel format (0x${v.grayscale.toString(16)})`, switchHint);
  }
  const visual = VISUALS[fix.visual] ?? refuse(`unknown visual ${fix.visual}`, switchHint);
  if (v.nonstd & ~FB_NONSTD.REV_PIX_IN_B) {
    refuse(
      `the mode is nonstandard (nonstd = ${v.nonstd}: ${v.nonstd & FB_NONSTD.HAM ? 'hold-and-modify' : 'driver specific'})`,
      switchHint,
    );
  }
  const bitOrder = subBytePixelOrder(v.nonstd, littleEndian);
  if (visual === 'pseudocolor' || visual === 'static_pseudocolor') {
    if (bpp > 8) refuse(`a ${bpp}-bit palette mode is not supported`, switchHint);
    if (!palette) throw new Error('internal: palette visual without a colormap');
    return paletteFormat(bpp, palette.subarray(0, Math.min(palette.length, 2 ** bpp)), bitOrder);
  }
  return makeFormat({
    bpp,
    red: spec(v.red),
    green: spec(v.green),
    blue: spec(v.blue),
    transp: spec(v.transp),
    grayscale: v.grayscale === 1,
    visual,
    bitOrder,
  });
}

/** The number of bytes the mode needs: every line of the virtual resolution. */
function requiredBytes(v: VarScreeninfo, fix: FixScreeninfo): number {
  return fix.line_length * v.yres_virtual;
}

/** How many bytes to map: smem_len, or the mode's size where a driver reports 0 (sparc cg6). */
export function memoryLength(v: VarScreeninfo, fix: FixScreeninfo): number {
  return fix.smem_len || requiredBytes(v, fix);
}

/**
 * Refuses a mode a Surface could not safely cover: zero sizes, offsets outside the
 * virtual resolution, lines shorter than their pixels, or more lines than memory.
 */
export function checkGeometry(v: VarScreeninfo, fix: FixScreeninfo, memory: number): void {
  const hint = "the driver reports an inconsistent mode; reset it (fbset with the mode's numbers) or fix the geometry description";
  if (v.xres === 0 || v.yres === 0 || v.xres_virtual === 0 || v.yres_virtual === 0) {
    throw new GeometryError(`zero size: ${v.xres}x${v.yres}, virtual ${v.xres_virtual}x${v.yres_virtual}`, hint);
  }
  if (v.xres > v.xres_virtual || v.yres > v.yres_virtual) {
    throw new GeometryError(`visible ${v.xres}x${v.yres} is larger than virtual ${v.xres_virtual}x${v.yres_virtual}`, hint);
  }
  if (v.xoffset > v.xres_virtual - v.xres || v.yoffset > v.yres_virtual - v.yres) {
    throw new GeometryError(
      `offset ${v.xoffset},${v.yoffset} puts the visible ${v.xres}x${v.yres} outside virtual ${v.xres_virtual}x${v.yres_virtual}`,
      hint,
    );
  }
  const minLine = Math.ceil((v.xres_virtual * v.bits_per_pixel) / 8);
  if (fix.line_length < minLine) {
    throw new GeometryError(
      `line_length ${fix.line_length} is shorter than ${v.xres_virtual} pixels of ${v.bits_per_pixel} bits (${minLine} bytes)`,
      hint,
    );
  }
  if (requiredBytes(v, fix) > memory) {
    throw new GeometryError(
      `yres_virtual ${v.yres_virtual} x line_length ${fix.line_length} = ${requiredBytes(v, fix)} bytes, but only ${memory} bytes of framebuffer memory exist`,
      'lower the virtual resolution or depth (fbset -vyres), or give the geometry a larger smem_len',
    );
  }
  if ((v.xoffset * v.bits_per_pixel) % 8 !== 0) {
    throw new GeometryError(
      `xoffset ${v.xoffset} at ${v.bits_per_pixel} bpp does not start on a byte`,
      'pan to an x offset that is a multiple of 8 / bpp',
    );
  }
}
