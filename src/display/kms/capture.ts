/**
 * What a CRTC scans out now, whoever drew it (the console's framebuffer, another
 * program's dumb buffer): GETFB2 (GETFB before Linux 5.7) names the buffer behind the
 * CRTC's framebuffer, MAP_DUMB maps it, and the pixels are copied out.
 *
 * The kernel hands out the buffer's handle only to root (CAP_SYS_ADMIN) or the DRM
 * master; others get handle 0, which is reported as such.
 */
import { FbkitError, UnsupportedError } from '../../errors.js';
import { DRM_FORMAT } from '../../sys/linux-drm.js';
import { SysError } from '../../sys/sys-error.js';
import { FORMATS, type PixelFormat } from '../../raster/format.js';
import { Surface } from '../../draw/surface.js';
import { KernelCard, type KmsCard } from './card.js';
import { listOutputs, type KmsOutput } from './outputs.js';

const SCANOUT_FORMATS = new Map<number, PixelFormat>([
  [DRM_FORMAT.XRGB8888, FORMATS.XRGB8888],
  [DRM_FORMAT.ARGB8888, FORMATS.ARGB8888],
  [DRM_FORMAT.RGB565, FORMATS.RGB565],
]);

export interface KmsCapture {
  /** A copy of the pixels, in the buffer's own format. */
  surface: Surface;
  output: KmsOutput;
  fbId: number;
}

/** Captures the output named `output` (default: the first one a CRTC shows) of the card at `path`. */
export function captureKms(path: string, opts: { output?: string } = {}): KmsCapture {
  const card = KernelCard.open(path);
  try {
    return captureCard(card, opts);
  } finally {
    card.close();
  }
}

export function captureCard(card: KmsCard, opts: { output?: string } = {}): KmsCapture {
  const outputs = listOutputs(card);
  const shown = outputs.filter((o) => o.crtcId !== 0);
  const output = opts.output === undefined ? shown[0] : outputs.find((o) => o.name.toLowerCase() === opts.output!.toLowerCase());
  if (!output) {
    const list = outputs.map((o) => `${o.name}${o.crtcId ? ' (showing)' : ''}`).join(', ') || 'none';
    throw new UnsupportedError(
      'ENOOUTPUT',
      opts.output === undefined ? `no output of ${card.path} shows anything` : `${card.path} has no output '${opts.output}'`,
      `its outputs: ${list}`,
    );
  }
  const crtc = output.crtcId === 0 ? undefined : card.crtc(output.crtcId);
  if (!crtc || crtc.fb_id === 0)
    throw new UnsupportedError(
      'ENOFB',
      `output ${output.name} of ${card.path} shows nothing (its CRTC is off)`,
      'capture an output that shows a picture',
    );
  const fb = describeFb(card, crtc.fb_id);
  if (fb.handle === 0)
    throw new FbkitError(
      'EPERM',
      `${card.path} did not hand out the buffer behind output ${output.name}: only root or the DRM master may map another program's framebuffer`,
      'run fbkit shot as root',
    );
  try {
    const length = fb.offset + fb.pitch * fb.height;
    const mapping = card.mapDumb(fb.handle, length);
    try {
      const bytes = mapping.bytes().slice(fb.offset, length);
      return {
        surface: new Surface({ width: fb.width, height: fb.height, format: fb.format, stride: fb.pitch, bytes }),
        output,
        fbId: crtc.fb_id,
      };
    } finally {
      mapping.close();
    }
  } finally {
    card.gemClose(fb.handle);
  }
}

interface FbPlane {
  handle: number;
  width: number;
  height: number;
  pitch: number;
  offset: number;
  format: PixelFormat;
}

/** GETFB2, or GETFB on kernels without it (ENOTTY/EINVAL), as one plane of a known format. */
function describeFb(card: KmsCard, fbId: number): FbPlane {
  try {
    const f = card.getFb2(fbId);
    const format = SCANOUT_FORMATS.get(f.pixel_format);
    if (!format) {
      if (f.handles[0]) card.gemClose(f.handles[0]);
      throw new UnsupportedError(
        'EFORMAT',
        `the framebuffer on screen has pixel format 0x${f.pixel_format.toString(16)}, which fbkit cannot read`,
        'capture while an XRGB8888, ARGB8888 or RGB565 picture is shown',
      );
    }
    return { handle: f.handles[0]!, width: f.width, height: f.height, pitch: f.pitches[0]!, offset: f.offsets[0]!, format };
  } catch (err) {
    if (!(err instanceof SysError) || (err.code !== 'ENOTTY' && err.code !== 'EINVAL')) throw err;
  }
  const f = card.getFb(fbId);
  const format = f.bpp === 32 ? FORMATS.XRGB8888 : f.bpp === 16 ? FORMATS.RGB565 : undefined;
  if (!format) {
    if (f.handle) card.gemClose(f.handle);
    throw new UnsupportedError(
      'EFORMAT',
      `the framebuffer on screen has ${f.bpp} bits per pixel, which fbkit cannot read`,
      'capture a 16 or 32 bpp picture',
    );
  }
  return { handle: f.handle, width: f.width, height: f.height, pitch: f.pitch, offset: 0, format };
}
