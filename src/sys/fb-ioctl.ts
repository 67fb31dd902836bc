/**
 * The <linux/fb.h> ioctls on a descriptor, in this process's own ABI: the struct codecs
 * live in linux-fb.ts, the calls (and the only koffi use they need) here.
 */
import { errnoName } from './sys-error.js';
import { BlockingCallHelper, type BlockingCall } from './blocking-call.js';
import { ioctlInt, ioctlPtr, koffi } from './libc.js';
import {
  decodeFix,
  decodeVar,
  encodeCmap,
  encodeVar,
  FBIO_WAITFORVSYNC,
  FBIOBLANK,
  FBIOGET_FSCREENINFO,
  FBIOGET_VSCREENINFO,
  FBIOGETCMAP,
  FBIOPAN_DISPLAY,
  FBIOPUT_VSCREENINFO,
  FBIOPUTCMAP,
  fixLayout,
  varLayout,
  type AsyncIoctlResult,
  type Colormap,
  type FixScreeninfo,
  type VarScreeninfo,
} from './linux-fb.js';

export function getVar(fd: number, path?: string): VarScreeninfo {
  const buf = new Uint8Array(varLayout().size);
  ioctlPtr(fd, FBIOGET_VSCREENINFO, buf, path);
  return decodeVar(buf);
}

/** FBIOPUT_VSCREENINFO; returns what the driver wrote back (it may round values up). */
export function putVar(fd: number, v: VarScreeninfo, path?: string): VarScreeninfo {
  const buf = encodeVar(v);
  ioctlPtr(fd, FBIOPUT_VSCREENINFO, buf, path);
  return decodeVar(buf);
}

export function panDisplay(fd: number, v: VarScreeninfo, path?: string): void {
  ioctlPtr(fd, FBIOPAN_DISPLAY, encodeVar(v), path);
}

export function getFix(fd: number, path?: string): FixScreeninfo {
  const buf = new Uint8Array(fixLayout().size);
  ioctlPtr(fd, FBIOGET_FSCREENINFO, buf, path);
  return decodeFix(buf);
}

/**
 * The kernel follows the pointers inside fb_cmap, so the channel arrays must sit at
 * addresses that do not move during the call: koffi().alloc gives such memory (a JS typed
 * array's backing store can be moved by the garbage collector).
 */
function withCmapMemory<T>(len: number, body: (header: Uint8Array, channels: Uint16Array[]) => T, start: number, withTransp: boolean): T {
  const bytes = Math.max(1, len) * 2;
  const ptrs = [0, 1, 2, 3].map(() => koffi().alloc('uint16_t', Math.max(1, len)));
  try {
    const channels = ptrs.map((p) => new Uint16Array(koffi().view(p, bytes) as ArrayBuffer, 0, len));
    const [red, green, blue, transp] = ptrs.map((p) => koffi().address(p) as bigint);
    const header = encodeCmap({ start, len, red, green, blue, transp: withTransp ? transp : 0n });
    return body(header, channels);
  } finally {
    for (const p of ptrs) koffi().free(p);
  }
}

export function getCmap(fd: number, start: number, len: number, path?: string): Colormap {
  return withCmapMemory(
    len,
    (header, [red, green, blue, transp]) => {
      // A driver whose colormap is shorter than asked copies only what it has; koffi().alloc'd
      // memory is not zeroed, so the rest must be, or it would become palette garbage.
      for (const channel of [red, green, blue, transp]) channel.fill(0);
      ioctlPtr(fd, FBIOGETCMAP, header, path);
      return { start, red: red.slice(), green: green.slice(), blue: blue.slice(), transp: transp.slice() };
    },
    start,
    true,
  );
}

export function putCmap(fd: number, cmap: Colormap, path?: string): void {
  const len = cmap.red.length;
  withCmapMemory(
    len,
    (header, channels) => {
      channels[0].set(cmap.red);
      channels[1].set(cmap.green);
      channels[2].set(cmap.blue);
      if (cmap.transp) channels[3].set(cmap.transp);
      ioctlPtr(fd, FBIOPUTCMAP, header, path);
    },
    cmap.start,
    cmap.transp !== undefined,
  );
}

/** FBIO_WAITFORVSYNC's argument points to the CRTC number, a __u32: the helper's request word. */
const WAIT_FOR_VSYNC: BlockingCall = {
  prototype: 'int ioctl(int fd, unsigned long request, void *arg)',
  args: ['fd', FBIO_WAITFORVSYNC, 'word'],
};

/**
 * The helper process that waits for vsync on `fd` (see blocking-call.ts: a driver that
 * never returns must not keep the process alive). Start it lazily; close it with the fd.
 */
export function vsyncHelper(fd: number, path: string): BlockingCallHelper {
  return new BlockingCallHelper(fd, WAIT_FOR_VSYNC, `FBIO_WAITFORVSYNC on ${path}`);
}

/** One FBIO_WAITFORVSYNC through `helper`; a failed ioctl comes back as its errno's name. */
export async function waitForVsync(helper: BlockingCallHelper, crtc = 0): Promise<AsyncIoctlResult> {
  const errno = await helper.call(crtc);
  return errno === 0 ? { ok: true } : { ok: false, code: errnoName(errno) };
}

/** FBIOBLANK takes the blanking level as the ioctl's integer argument. */
export function blank(fd: number, level: number, path?: string): void {
  ioctlInt(fd, FBIOBLANK, level, path);
}
