/**
 * The DRM/KMS ioctls on a card's descriptor, in this process's own ABI: the struct codecs
 * live in linux-drm.ts, the calls here. Ioctls whose struct points at arrays (resources,
 * connectors, SETCRTC's connector list, DIRTYFB's clips) get them in memory koffi
 * allocated, which the garbage collector cannot move while the kernel reads or writes it.
 */
import { BlockingCallHelper, type BlockingCall } from './blocking-call.js';
import { ioctlPtr, koffi, pollIn, read } from './libc.js';
import {
  CARD_RES,
  CLIP_RECT,
  CREATE_DUMB,
  CRTC,
  CRTC_PAGE_FLIP,
  decodeStruct,
  DESTROY_DUMB,
  DRM_IOCTL,
  drmLayout,
  encodeStruct,
  EVENT,
  EVENT_VBLANK,
  FB_CMD,
  FB_CMD2,
  FB_DIRTY_CMD,
  GEM_CLOSE,
  GET_CAP,
  GET_CONNECTOR,
  GET_ENCODER,
  MAP_DUMB,
  MODEINFO,
  VERSION,
  type CardRes,
  type DrmVersion,
  type CreateDumb,
  type Crtc,
  type EventVblank,
  type FbCmd,
  type FbCmd2,
  type GetConnector,
  type GetEncoder,
  type ModeInfo,
  type StructDef,
} from './linux-drm.js';

/** Runs `body` with pinned buffers of the given byte sizes and their addresses. */
function withPinned<T>(sizes: readonly number[], body: (views: Uint8Array[], addresses: bigint[]) => T): T {
  const k = koffi();
  const ptrs = sizes.map((n) => k.alloc('uint8_t', Math.max(1, n)));
  try {
    const views = ptrs.map((p, i) => new Uint8Array(k.view(p, Math.max(1, sizes[i]!)) as ArrayBuffer, 0, sizes[i]));
    for (const v of views) v.fill(0);
    return body(
      views,
      ptrs.map((p) => k.address(p) as bigint),
    );
  } finally {
    for (const p of ptrs) k.free(p);
  }
}

/** One ioctl on a struct: encode `value`, call, decode what the kernel wrote back. */
function call<T extends object>(fd: number, request: number, def: StructDef, value: Partial<T>, path?: string): T {
  const bytes = encodeStruct(def, value);
  ioctlPtr(fd, request, bytes, path);
  return decodeStruct<T>(def, bytes);
}

const u32s = (bytes: Uint8Array, count: number): number[] => [...new Uint32Array(bytes.slice(0, count * 4).buffer)];

export function getCap(fd: number, capability: number, path?: string): bigint {
  return call<{ capability: bigint; value: bigint }>(fd, DRM_IOCTL.DRM_IOCTL_GET_CAP, GET_CAP, { capability: BigInt(capability) }, path)
    .value;
}

/** The kernel driver's name ('bochs-drm', 'virtio_gpu'), from DRM_IOCTL_VERSION. */
export function driverName(fd: number, path?: string): string {
  const size = 64;
  return withPinned([size], ([name], [namePtr]) => {
    const v = call<DrmVersion>(fd, DRM_IOCTL.DRM_IOCTL_VERSION, VERSION, { name: namePtr, name_len: BigInt(size) }, path);
    return new TextDecoder('latin1').decode(name!.subarray(0, Math.min(size, Number(v.name_len))));
  });
}

export function setMaster(fd: number, path?: string): void {
  ioctlPtr(fd, DRM_IOCTL.DRM_IOCTL_SET_MASTER, null, path);
}

export function dropMaster(fd: number, path?: string): void {
  ioctlPtr(fd, DRM_IOCTL.DRM_IOCTL_DROP_MASTER, null, path);
}

export interface Resources {
  fbs: number[];
  crtcs: number[];
  connectors: number[];
  encoders: number[];
  minWidth: number;
  maxWidth: number;
  minHeight: number;
  maxHeight: number;
}

/** GETRESOURCES twice: the counts, then the ids (a hotplug in between only shortens the lists). */
export function getResources(fd: number, path?: string): Resources {
  const counts = call<CardRes>(fd, DRM_IOCTL.DRM_IOCTL_MODE_GETRESOURCES, CARD_RES, {}, path);
  const n = [counts.count_fbs, counts.count_crtcs, counts.count_connectors, counts.count_encoders];
  return withPinned(
    n.map((c) => c * 4),
    (views, [fbs, crtcs, connectors, encoders]) => {
      const r = call<CardRes>(
        fd,
        DRM_IOCTL.DRM_IOCTL_MODE_GETRESOURCES,
        CARD_RES,
        {
          fb_id_ptr: fbs,
          crtc_id_ptr: crtcs,
          connector_id_ptr: connectors,
          encoder_id_ptr: encoders,
          count_fbs: n[0],
          count_crtcs: n[1],
          count_connectors: n[2],
          count_encoders: n[3],
        },
        path,
      );
      return {
        fbs: u32s(views[0]!, Math.min(n[0]!, r.count_fbs)),
        crtcs: u32s(views[1]!, Math.min(n[1]!, r.count_crtcs)),
        connectors: u32s(views[2]!, Math.min(n[2]!, r.count_connectors)),
        encoders: u32s(views[3]!, Math.min(n[3]!, r.count_encoders)),
        minWidth: r.min_width,
        maxWidth: r.max_width,
        minHeight: r.min_height,
        maxHeight: r.max_height,
      };
    },
  );
}

export interface Connector extends GetConnector {
  modes: ModeInfo[];
  encoders: number[];
}

/**
 * GETCONNECTOR: the first call (no mode array) makes the kernel probe the connector and
 * say how many modes it has; the second fetches them.
 */
export function getConnector(fd: number, id: number, path?: string): Connector {
  const counts = call<GetConnector>(fd, DRM_IOCTL.DRM_IOCTL_MODE_GETCONNECTOR, GET_CONNECTOR, { connector_id: id }, path);
  const modeSize = drmLayout(MODEINFO).size;
  const nModes = counts.count_modes;
  const nEncoders = counts.count_encoders;
  return withPinned([nModes * modeSize, nEncoders * 4], ([modes, encoders], [modesPtr, encodersPtr]) => {
    const c = call<GetConnector>(
      fd,
      DRM_IOCTL.DRM_IOCTL_MODE_GETCONNECTOR,
      GET_CONNECTOR,
      { connector_id: id, modes_ptr: modesPtr, count_modes: nModes, encoders_ptr: encodersPtr, count_encoders: nEncoders },
      path,
    );
    const got = Math.min(nModes, c.count_modes);
    return {
      ...c,
      modes: Array.from({ length: got }, (_, i) => decodeStruct<ModeInfo>(MODEINFO, modes!.subarray(i * modeSize, (i + 1) * modeSize))),
      encoders: u32s(encoders!, Math.min(nEncoders, c.count_encoders)),
    };
  });
}

export function getEncoder(fd: number, id: number, path?: string): GetEncoder {
  return call<GetEncoder>(fd, DRM_IOCTL.DRM_IOCTL_MODE_GETENCODER, GET_ENCODER, { encoder_id: id }, path);
}

export function getCrtc(fd: number, id: number, path?: string): Crtc {
  return call<Crtc>(fd, DRM_IOCTL.DRM_IOCTL_MODE_GETCRTC, CRTC, { crtc_id: id }, path);
}

/** SETCRTC: show `fbId` at (x, y) on `connectors` in `mode`; fbId 0 and no mode turns the CRTC off. */
export function setCrtc(
  fd: number,
  crtc: { crtcId: number; fbId: number; x?: number; y?: number; connectors: readonly number[]; mode?: ModeInfo },
  path?: string,
): void {
  withPinned([crtc.connectors.length * 4], ([ids], [idsPtr]) => {
    new Uint32Array(ids!.buffer, ids!.byteOffset, crtc.connectors.length).set(crtc.connectors);
    call<Crtc>(
      fd,
      DRM_IOCTL.DRM_IOCTL_MODE_SETCRTC,
      CRTC,
      {
        crtc_id: crtc.crtcId,
        fb_id: crtc.fbId,
        x: crtc.x ?? 0,
        y: crtc.y ?? 0,
        set_connectors_ptr: idsPtr,
        count_connectors: crtc.connectors.length,
        mode_valid: crtc.mode ? 1 : 0,
        mode: crtc.mode,
      },
      path,
    );
  });
}

export function createDumb(fd: number, width: number, height: number, bpp: number, path?: string): CreateDumb {
  return call<CreateDumb>(fd, DRM_IOCTL.DRM_IOCTL_MODE_CREATE_DUMB, CREATE_DUMB, { width, height, bpp }, path);
}

/** The fake offset to mmap the dumb buffer at, on the card's descriptor. */
export function mapDumb(fd: number, handle: number, path?: string): bigint {
  return call<{ handle: number; offset: bigint }>(fd, DRM_IOCTL.DRM_IOCTL_MODE_MAP_DUMB, MAP_DUMB, { handle }, path).offset;
}

export function destroyDumb(fd: number, handle: number, path?: string): void {
  call(fd, DRM_IOCTL.DRM_IOCTL_MODE_DESTROY_DUMB, DESTROY_DUMB, { handle }, path);
}

/** ADDFB2: a framebuffer object over a buffer; returns its id. */
export function addFb2(fd: number, fb: Omit<FbCmd2, 'fb_id' | 'modifier'>, path?: string): number {
  return call<FbCmd2>(fd, DRM_IOCTL.DRM_IOCTL_MODE_ADDFB2, FB_CMD2, fb, path).fb_id;
}

export function rmFb(fd: number, fbId: number, path?: string): void {
  ioctlPtr(fd, DRM_IOCTL.DRM_IOCTL_MODE_RMFB, new Uint8Array(Uint32Array.of(fbId).buffer), path);
}

/** GETFB2: the framebuffer's format and planes; handles are 0 unless the caller is master or root. */
export function getFb2(fd: number, fbId: number, path?: string): FbCmd2 {
  return call<FbCmd2>(fd, DRM_IOCTL.DRM_IOCTL_MODE_GETFB2, FB_CMD2, { fb_id: fbId }, path);
}

/** GETFB, for kernels before GETFB2 (5.7): one plane, described by bpp and depth. */
export function getFb(fd: number, fbId: number, path?: string): FbCmd {
  return call<FbCmd>(fd, DRM_IOCTL.DRM_IOCTL_MODE_GETFB, FB_CMD, { fb_id: fbId }, path);
}

/** Gives back a GEM handle that GETFB/GETFB2 opened. */
export function gemClose(fd: number, handle: number, path?: string): void {
  call(fd, DRM_IOCTL.DRM_IOCTL_GEM_CLOSE, GEM_CLOSE, { handle }, path);
}

export function pageFlip(fd: number, crtcId: number, fbId: number, flags: number, userData: bigint, path?: string): void {
  call(fd, DRM_IOCTL.DRM_IOCTL_MODE_PAGE_FLIP, CRTC_PAGE_FLIP, { crtc_id: crtcId, fb_id: fbId, flags, user_data: userData }, path);
}

export interface ClipRect {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** DIRTYFB: tells drivers that copy or upload the framebuffer (virtio-gpu, USB displays) which rectangles changed. */
export function dirtyFb(fd: number, fbId: number, clips: readonly ClipRect[], path?: string): void {
  const size = drmLayout(CLIP_RECT).size;
  withPinned([clips.length * size], ([bytes], [ptr]) => {
    clips.forEach((c, i) => bytes!.set(encodeStruct(CLIP_RECT, c), i * size));
    call(fd, DRM_IOCTL.DRM_IOCTL_MODE_DIRTYFB, FB_DIRTY_CMD, { fb_id: fbId, num_clips: clips.length, clips_ptr: ptr }, path);
  });
}

/**
 * Reads the events waiting on the card (flip completions, vblanks): none if there are
 * none within `timeoutMs` (default 0: never blocks).
 */
export function readEvents(fd: number, path?: string, timeoutMs = 0): EventVblank[] {
  const events: EventVblank[] = [];
  const header = drmLayout(EVENT).size;
  const vblank = drmLayout(EVENT_VBLANK).size;
  for (let wait = timeoutMs; pollIn(fd, wait, path); wait = 0) {
    const buf = new Uint8Array(4096);
    const n = read(fd, buf, path);
    if (n <= 0) break;
    for (let at = 0; at + header <= n; ) {
      const { length } = decodeStruct<{ type: number; length: number }>(EVENT, buf.subarray(at));
      if (length < header) break;
      if (length >= vblank) events.push(decodeStruct<EventVblank>(EVENT_VBLANK, buf.subarray(at, at + length)));
      at += length;
    }
  }
  return events;
}

/** Blocks in poll() until the card has an event to read: run in a helper process (see blocking-call.ts). */
const WAIT_FOR_EVENT: BlockingCall = {
  prototype: 'int poll(void *fds, unsigned long nfds, int timeout)',
  args: ['pollfd', 1, -1],
};

/**
 * A helper process that waits until the card's descriptor has events. DRM events belong
 * to the open file description, which the helper shares: it only polls, and the parent
 * reads the events itself with readEvents().
 */
export function eventHelper(fd: number, path: string): BlockingCallHelper {
  return new BlockingCallHelper(fd, WAIT_FOR_EVENT, `DRM events on ${path}`);
}
