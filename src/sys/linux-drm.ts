/**
 * <drm/drm.h> and <drm/drm_mode.h> in TypeScript: the ioctl numbers, names and byte-exact
 * codecs for the KMS structs fbkit uses (dumb buffers, framebuffers, CRTCs, connectors,
 * page flips and their events). Pure: the calls are in drm-ioctl.ts.
 *
 * Structs are field lists with C's natural alignment, computed per ABI, because one of
 * them differs between ABIs: drm_mode_fb_cmd2 ends in __u64 modifier[4], which i386
 * aligns to 4 (100 bytes) and every other ABI to 8 (104 bytes), so even its ioctl
 * number differs. Field names are the kernel's; an array field `handles[4]` is printed by
 * src/sys/abi-probe.c as handles0..handles3, and test/sys/abi-probe.test.ts compares.
 */
import { ioc, NATIVE_ABI, type FbAbi } from './linux-fb.js';

// ---------------------------------------------------------------------------
// Struct layouts and codecs

/** 'ulong': C's unsigned long (size_t, pointers), 4 or 8 bytes by ABI; read and written as a bigint. */
type Scalar = 'u16' | 'u32' | 'u64' | 'ulong';
/** A field: scalar, fixed-length char array, or a nested struct; `count` makes it an array. */
type FieldType = Scalar | { chars: number } | { struct: StructDef };
export interface StructDef {
  readonly name: string;
  readonly fields: readonly (readonly [name: string, type: FieldType, count?: number])[];
}

export interface DrmLayout {
  readonly size: number;
  readonly align: number;
  /** Byte offset of each field; array elements as NAME0, NAME1... */
  readonly offsets: Readonly<Record<string, number>>;
}

function sizeAlign(type: FieldType, abi: FbAbi): [size: number, align: number] {
  if (type === 'u16') return [2, 2];
  if (type === 'u32') return [4, 4];
  if (type === 'u64') return [8, abi.u64Align];
  if (type === 'ulong') return [abi.longSize, abi.longSize];
  if ('chars' in type) return [type.chars, 1];
  const l = drmLayout(type.struct, abi);
  return [l.size, l.align];
}

export function drmLayout(def: StructDef, abi: FbAbi = NATIVE_ABI): DrmLayout {
  let at = 0;
  let align = 1;
  const offsets: Record<string, number> = {};
  for (const [name, type, count] of def.fields) {
    const [size, a] = sizeAlign(type, abi);
    align = Math.max(align, a);
    at = Math.ceil(at / a) * a;
    offsets[name] = at;
    if (count !== undefined) for (let i = 0; i < count; i++) offsets[`${name}${i}`] = at + i * size;
    at += size * (count ?? 1);
  }
  return { size: Math.ceil(at / align) * align, align, offsets };
}

/** A decoded struct: numbers for u16/u32, bigints for u64, strings for char arrays, arrays for `count`. */
type StructValue = Record<string, unknown>;

function writeField(dv: DataView, at: number, type: FieldType, value: unknown, abi: FbAbi): void {
  const le = abi.littleEndian;
  if (type === 'u16') dv.setUint16(at, Number(value ?? 0), le);
  else if (type === 'u32') dv.setUint32(at, Number(value ?? 0) >>> 0, le);
  else if (type === 'u64') dv.setBigUint64(at, BigInt.asUintN(64, BigInt((value as bigint | number | undefined) ?? 0)), le);
  else if (type === 'ulong') {
    const v = BigInt((value as bigint | number | undefined) ?? 0);
    if (abi.longSize === 8) dv.setBigUint64(at, BigInt.asUintN(64, v), le);
    else dv.setUint32(at, Number(BigInt.asUintN(32, v)), le);
  } else if ('chars' in type)
    new Uint8Array(dv.buffer, dv.byteOffset + at, type.chars).set(
      new TextEncoder().encode(String(value ?? '')).subarray(0, type.chars - 1),
    );
  else writeStruct(dv, at, type.struct, (value ?? {}) as StructValue, abi);
}

function readField(dv: DataView, at: number, type: FieldType, abi: FbAbi): unknown {
  const le = abi.littleEndian;
  if (type === 'u16') return dv.getUint16(at, le);
  if (type === 'u32') return dv.getUint32(at, le);
  if (type === 'u64') return dv.getBigUint64(at, le);
  if (type === 'ulong') return abi.longSize === 8 ? dv.getBigUint64(at, le) : BigInt(dv.getUint32(at, le));
  if ('chars' in type) {
    const bytes = new Uint8Array(dv.buffer, dv.byteOffset + at, type.chars);
    const nul = bytes.indexOf(0);
    return new TextDecoder('latin1').decode(nul < 0 ? bytes : bytes.subarray(0, nul));
  }
  return readStruct(dv, at, type.struct, abi);
}

function writeStruct(dv: DataView, base: number, def: StructDef, value: StructValue, abi: FbAbi): void {
  const { offsets } = drmLayout(def, abi);
  for (const [name, type, count] of def.fields) {
    const [size] = sizeAlign(type, abi);
    if (count === undefined) writeField(dv, base + offsets[name], type, value[name], abi);
    else {
      const items = (value[name] ?? []) as unknown[];
      for (let i = 0; i < count; i++) writeField(dv, base + offsets[name] + i * size, type, items[i], abi);
    }
  }
}

function readStruct(dv: DataView, base: number, def: StructDef, abi: FbAbi): StructValue {
  const { offsets } = drmLayout(def, abi);
  const out: StructValue = {};
  for (const [name, type, count] of def.fields) {
    const [size] = sizeAlign(type, abi);
    out[name] =
      count === undefined
        ? readField(dv, base + offsets[name], type, abi)
        : Array.from({ length: count }, (_, i) => readField(dv, base + offsets[name] + i * size, type, abi));
  }
  return out;
}

/** The struct's bytes; fields not given are zero. */
export function encodeStruct<T extends object>(def: StructDef, value: Partial<T>, abi: FbAbi = NATIVE_ABI): Uint8Array {
  const bytes = new Uint8Array(drmLayout(def, abi).size);
  writeStruct(new DataView(bytes.buffer), 0, def, value as StructValue, abi);
  return bytes;
}

export function decodeStruct<T extends object>(def: StructDef, bytes: Uint8Array, abi: FbAbi = NATIVE_ABI): T {
  const { size } = drmLayout(def, abi);
  if (bytes.byteLength < size) throw new RangeError(`${def.name} needs ${size} bytes, got ${bytes.byteLength}`);
  return readStruct(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), 0, def, abi) as T;
}

// ---------------------------------------------------------------------------
// The structs

export const MODEINFO: StructDef = {
  name: 'drm_mode_modeinfo',
  fields: [
    ['clock', 'u32'],
    ['hdisplay', 'u16'],
    ['hsync_start', 'u16'],
    ['hsync_end', 'u16'],
    ['htotal', 'u16'],
    ['hskew', 'u16'],
    ['vdisplay', 'u16'],
    ['vsync_start', 'u16'],
    ['vsync_end', 'u16'],
    ['vtotal', 'u16'],
    ['vscan', 'u16'],
    ['vrefresh', 'u32'],
    ['flags', 'u32'],
    ['type', 'u32'],
    ['name', { chars: 32 }],
  ],
};

export interface ModeInfo {
  /** Pixel clock in kHz. */
  clock: number;
  hdisplay: number;
  hsync_start: number;
  hsync_end: number;
  htotal: number;
  hskew: number;
  vdisplay: number;
  vsync_start: number;
  vsync_end: number;
  vtotal: number;
  vscan: number;
  vrefresh: number;
  flags: number;
  /** DRM_MODE_TYPE_* bits: PREFERRED marks the panel's native mode. */
  type: number;
  name: string;
}

export const CARD_RES: StructDef = {
  name: 'drm_mode_card_res',
  fields: [
    ['fb_id_ptr', 'u64'],
    ['crtc_id_ptr', 'u64'],
    ['connector_id_ptr', 'u64'],
    ['encoder_id_ptr', 'u64'],
    ['count_fbs', 'u32'],
    ['count_crtcs', 'u32'],
    ['count_connectors', 'u32'],
    ['count_encoders', 'u32'],
    ['min_width', 'u32'],
    ['max_width', 'u32'],
    ['min_height', 'u32'],
    ['max_height', 'u32'],
  ],
};

export interface CardRes {
  fb_id_ptr: bigint;
  crtc_id_ptr: bigint;
  connector_id_ptr: bigint;
  encoder_id_ptr: bigint;
  count_fbs: number;
  count_crtcs: number;
  count_connectors: number;
  count_encoders: number;
  min_width: number;
  max_width: number;
  min_height: number;
  max_height: number;
}

export const GET_CONNECTOR: StructDef = {
  name: 'drm_mode_get_connector',
  fields: [
    ['encoders_ptr', 'u64'],
    ['modes_ptr', 'u64'],
    ['props_ptr', 'u64'],
    ['prop_values_ptr', 'u64'],
    ['count_modes', 'u32'],
    ['count_props', 'u32'],
    ['count_encoders', 'u32'],
    ['encoder_id', 'u32'],
    ['connector_id', 'u32'],
    ['connector_type', 'u32'],
    ['connector_type_id', 'u32'],
    ['connection', 'u32'],
    ['mm_width', 'u32'],
    ['mm_height', 'u32'],
    ['subpixel', 'u32'],
    ['pad', 'u32'],
  ],
};

export interface GetConnector {
  encoders_ptr: bigint;
  modes_ptr: bigint;
  props_ptr: bigint;
  prop_values_ptr: bigint;
  count_modes: number;
  count_props: number;
  count_encoders: number;
  encoder_id: number;
  connector_id: number;
  connector_type: number;
  connector_type_id: number;
  connection: number;
  mm_width: number;
  mm_height: number;
  subpixel: number;
  pad: number;
}

export const GET_ENCODER: StructDef = {
  name: 'drm_mode_get_encoder',
  fields: [
    ['encoder_id', 'u32'],
    ['encoder_type', 'u32'],
    ['crtc_id', 'u32'],
    ['possible_crtcs', 'u32'],
    ['possible_clones', 'u32'],
  ],
};

export interface GetEncoder {
  encoder_id: number;
  encoder_type: number;
  crtc_id: number;
  /** Bit i: the i-th CRTC of the card's resources can drive this encoder. */
  possible_crtcs: number;
  possible_clones: number;
}

export const CRTC: StructDef = {
  name: 'drm_mode_crtc',
  fields: [
    ['set_connectors_ptr', 'u64'],
    ['count_connectors', 'u32'],
    ['crtc_id', 'u32'],
    ['fb_id', 'u32'],
    ['x', 'u32'],
    ['y', 'u32'],
    ['gamma_size', 'u32'],
    ['mode_valid', 'u32'],
    ['mode', { struct: MODEINFO }],
  ],
};

export interface Crtc {
  set_connectors_ptr: bigint;
  count_connectors: number;
  crtc_id: number;
  fb_id: number;
  x: number;
  y: number;
  gamma_size: number;
  mode_valid: number;
  mode: ModeInfo;
}

export const CREATE_DUMB: StructDef = {
  name: 'drm_mode_create_dumb',
  fields: [
    ['height', 'u32'],
    ['width', 'u32'],
    ['bpp', 'u32'],
    ['flags', 'u32'],
    ['handle', 'u32'],
    ['pitch', 'u32'],
    ['size', 'u64'],
  ],
};

export interface CreateDumb {
  height: number;
  width: number;
  bpp: number;
  flags: number;
  handle: number;
  pitch: number;
  size: bigint;
}

export const MAP_DUMB: StructDef = {
  name: 'drm_mode_map_dumb',
  fields: [
    ['handle', 'u32'],
    ['pad', 'u32'],
    ['offset', 'u64'],
  ],
};

export const DESTROY_DUMB: StructDef = { name: 'drm_mode_destroy_dumb', fields: [['handle', 'u32']] };

export const FB_CMD2: StructDef = {
  name: 'drm_mode_fb_cmd2',
  fields: [
    ['fb_id', 'u32'],
    ['width', 'u32'],
    ['height', 'u32'],
    ['pixel_format', 'u32'],
    ['flags', 'u32'],
    ['handles', 'u32', 4],
    ['pitches', 'u32', 4],
    ['offsets', 'u32', 4],
    ['modifier', 'u64', 4],
  ],
};

export interface FbCmd2 {
  fb_id: number;
  width: number;
  height: number;
  /** A DRM fourcc (DRM_FORMAT_*). */
  pixel_format: number;
  flags: number;
  handles: number[];
  pitches: number[];
  offsets: number[];
  modifier: bigint[];
}

/** struct drm_mode_fb_cmd: what DRM_IOCTL_MODE_GETFB answers (kernels before GETFB2). */
export const FB_CMD: StructDef = {
  name: 'drm_mode_fb_cmd',
  fields: [
    ['fb_id', 'u32'],
    ['width', 'u32'],
    ['height', 'u32'],
    ['pitch', 'u32'],
    ['bpp', 'u32'],
    ['depth', 'u32'],
    ['handle', 'u32'],
  ],
};

export interface FbCmd {
  fb_id: number;
  width: number;
  height: number;
  pitch: number;
  bpp: number;
  depth: number;
  handle: number;
}

export const CRTC_PAGE_FLIP: StructDef = {
  name: 'drm_mode_crtc_page_flip',
  fields: [
    ['crtc_id', 'u32'],
    ['fb_id', 'u32'],
    ['flags', 'u32'],
    ['reserved', 'u32'],
    ['user_data', 'u64'],
  ],
};

export const FB_DIRTY_CMD: StructDef = {
  name: 'drm_mode_fb_dirty_cmd',
  fields: [
    ['fb_id', 'u32'],
    ['flags', 'u32'],
    ['color', 'u32'],
    ['num_clips', 'u32'],
    ['clips_ptr', 'u64'],
  ],
};

/** struct drm_clip_rect: x2/y2 exclusive. */
export const CLIP_RECT: StructDef = {
  name: 'drm_clip_rect',
  fields: [
    ['x1', 'u16'],
    ['y1', 'u16'],
    ['x2', 'u16'],
    ['y2', 'u16'],
  ],
};

export const GET_CAP: StructDef = {
  name: 'drm_get_cap',
  fields: [
    ['capability', 'u64'],
    ['value', 'u64'],
  ],
};

export const GEM_CLOSE: StructDef = {
  name: 'drm_gem_close',
  fields: [
    ['handle', 'u32'],
    ['pad', 'u32'],
  ],
};

/** struct drm_event: every event read from the card starts with it. */
export const EVENT: StructDef = {
  name: 'drm_event',
  fields: [
    ['type', 'u32'],
    ['length', 'u32'],
  ],
};

/** struct drm_event_vblank: DRM_EVENT_VBLANK and DRM_EVENT_FLIP_COMPLETE. */
export const EVENT_VBLANK: StructDef = {
  name: 'drm_event_vblank',
  fields: [
    ['base', { struct: EVENT }],
    ['user_data', 'u64'],
    ['tv_sec', 'u32'],
    ['tv_usec', 'u32'],
    ['sequence', 'u32'],
    ['crtc_id', 'u32'],
  ],
};

export interface EventVblank {
  base: { type: number; length: number };
  user_data: bigint;
  tv_sec: number;
  tv_usec: number;
  sequence: number;
  crtc_id: number;
}

/** struct drm_version: the driver's name, date and description, into buffers the caller gives. */
export const VERSION: StructDef = {
  name: 'drm_version',
  fields: [
    ['version_major', 'u32'],
    ['version_minor', 'u32'],
    ['version_patchlevel', 'u32'],
    ['name_len', 'ulong'],
    ['name', 'ulong'],
    ['date_len', 'ulong'],
    ['date', 'ulong'],
    ['desc_len', 'ulong'],
    ['desc', 'ulong'],
  ],
};

export interface DrmVersion {
  version_major: number;
  version_minor: number;
  version_patchlevel: number;
  name_len: bigint;
  name: bigint;
  date_len: bigint;
  date: bigint;
  desc_len: bigint;
  desc: bigint;
}

export const DRM_STRUCTS: readonly StructDef[] = [
  VERSION,
  MODEINFO,
  CARD_RES,
  GET_CONNECTOR,
  GET_ENCODER,
  CRTC,
  CREATE_DUMB,
  MAP_DUMB,
  DESTROY_DUMB,
  FB_CMD2,
  FB_CMD,
  CRTC_PAGE_FLIP,
  FB_DIRTY_CMD,
  CLIP_RECT,
  GET_CAP,
  GEM_CLOSE,
  EVENT,
  EVENT_VBLANK,
];

// ---------------------------------------------------------------------------
// ioctl numbers: DRM_IOCTL_BASE 'd'

const DRM = 0x64;
const iowr = (nr: number, def: StructDef, abi: FbAbi): number => ioc('readwrite', DRM, nr, drmLayout(def, abi).size, abi);

/** Every request number for `abi`, under the header's names. */
export function drmIoctls(abi: FbAbi = NATIVE_ABI) {
  return {
    DRM_IOCTL_VERSION: iowr(0x00, VERSION, abi),
    DRM_IOCTL_GEM_CLOSE: ioc('write', DRM, 0x09, drmLayout(GEM_CLOSE, abi).size, abi),
    DRM_IOCTL_GET_CAP: iowr(0x0c, GET_CAP, abi),
    DRM_IOCTL_SET_MASTER: ioc('none', DRM, 0x1e, 0, abi),
    DRM_IOCTL_DROP_MASTER: ioc('none', DRM, 0x1f, 0, abi),
    DRM_IOCTL_MODE_GETRESOURCES: iowr(0xa0, CARD_RES, abi),
    DRM_IOCTL_MODE_GETCRTC: iowr(0xa1, CRTC, abi),
    DRM_IOCTL_MODE_SETCRTC: iowr(0xa2, CRTC, abi),
    DRM_IOCTL_MODE_GETENCODER: iowr(0xa6, GET_ENCODER, abi),
    DRM_IOCTL_MODE_GETCONNECTOR: iowr(0xa7, GET_CONNECTOR, abi),
    DRM_IOCTL_MODE_GETFB: iowr(0xad, FB_CMD, abi),
    /** Its argument is the fb id, an unsigned int. */
    DRM_IOCTL_MODE_RMFB: ioc('readwrite', DRM, 0xaf, 4, abi),
    DRM_IOCTL_MODE_PAGE_FLIP: iowr(0xb0, CRTC_PAGE_FLIP, abi),
    DRM_IOCTL_MODE_DIRTYFB: iowr(0xb1, FB_DIRTY_CMD, abi),
    DRM_IOCTL_MODE_CREATE_DUMB: iowr(0xb2, CREATE_DUMB, abi),
    DRM_IOCTL_MODE_MAP_DUMB: iowr(0xb3, MAP_DUMB, abi),
    DRM_IOCTL_MODE_DESTROY_DUMB: iowr(0xb4, DESTROY_DUMB, abi),
    DRM_IOCTL_MODE_ADDFB2: iowr(0xb8, FB_CMD2, abi),
    DRM_IOCTL_MODE_GETFB2: iowr(0xce, FB_CMD2, abi),
  };
}

export const DRM_IOCTL = drmIoctls();

// ---------------------------------------------------------------------------
// Names

export const DRM_CAP = { DUMB_BUFFER: 0x1, VBLANK_HIGH_CRTC: 0x2, DUMB_PREFERRED_DEPTH: 0x3, DUMB_PREFER_SHADOW: 0x4 } as const;
export const DRM_MODE_PAGE_FLIP_EVENT = 0x01;
export const DRM_EVENT = { VBLANK: 0x01, FLIP_COMPLETE: 0x02 } as const;
/** drm_mode_get_connector.connection: the kernel's enum drm_connector_status, which no uapi header names (libdrm repeats it in xf86drmMode.h). */
export const DRM_MODE_CONNECTION = { CONNECTED: 1, DISCONNECTED: 2, UNKNOWNCONNECTION: 3 } as const;
export const DRM_MODE_TYPE_PREFERRED = 1 << 3;

/** DRM_MODE_CONNECTOR_* with the name the kernel gives it in sysfs (card0-HDMI-A-1). */
export const DRM_MODE_CONNECTOR: Readonly<Record<string, readonly [id: number, sysfsName: string]>> = {
  Unknown: [0, 'Unknown'],
  VGA: [1, 'VGA'],
  DVII: [2, 'DVI-I'],
  DVID: [3, 'DVI-D'],
  DVIA: [4, 'DVI-A'],
  Composite: [5, 'Composite'],
  SVIDEO: [6, 'SVIDEO'],
  LVDS: [7, 'LVDS'],
  Component: [8, 'Component'],
  '9PinDIN': [9, 'DIN'],
  DisplayPort: [10, 'DP'],
  HDMIA: [11, 'HDMI-A'],
  HDMIB: [12, 'HDMI-B'],
  TV: [13, 'TV'],
  eDP: [14, 'eDP'],
  VIRTUAL: [15, 'Virtual'],
  DSI: [16, 'DSI'],
  DPI: [17, 'DPI'],
  WRITEBACK: [18, 'Writeback'],
  SPI: [19, 'SPI'],
  USB: [20, 'USB'],
};

/** 'HDMI-A-1' for connector type 11, type id 1: the name sysfs and the kernel log use. */
export function connectorName(type: number, typeId: number): string {
  const entry = Object.values(DRM_MODE_CONNECTOR).find(([id]) => id === type);
  return `${entry ? entry[1] : 'Unknown'}-${typeId}`;
}

/** fourcc_code(a, b, c, d): four characters, the first in the low byte. */
const fourcc = (code: string): number => [...code].reduce((v, ch, i) => v | (ch.charCodeAt(0) << (8 * i)), 0) >>> 0;

export const DRM_FORMAT = {
  XRGB8888: fourcc('XR24'),
  ARGB8888: fourcc('AR24'),
  RGB565: fourcc('RG16'),
} as const;
