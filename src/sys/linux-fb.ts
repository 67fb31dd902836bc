/**
 * <linux/fb.h> in TypeScript: ioctl request numbers, the FB_* names, and byte-exact
 * codecs for struct fb_var_screeninfo, fb_fix_screeninfo and fb_cmap.
 *
 * Struct objects keep the kernel's own field names (xres_virtual, line_length,
 * msb_right...) so they can be compared with the headers, `fbset -i` and
 * src/sys/abi-probe.c field by field. Layouts are computed from field lists with C's
 * natural alignment rather than typed in as offsets, and the ABI (size of `unsigned
 * long` and pointers, byte order, ioctl encoding) is a parameter, because
 * fb_fix_screeninfo and fb_cmap differ between 32-bit and 64-bit processes.
 */
import { endianness } from 'node:os';

// ---------------------------------------------------------------------------
// ABI

export interface FbAbi {
  /** sizeof(unsigned long) == sizeof(void *) on every Linux ABI Node runs on. */
  readonly longSize: 4 | 8;
  readonly littleEndian: boolean;
  /** powerpc and mips encode _IOC with 3 direction bits and 13 size bits. */
  readonly ioc: 'generic' | 'powerpc-mips';
  /** Alignment of a 64-bit integer inside a struct: 4 on i386, 8 everywhere else (32-bit ARM too). */
  readonly u64Align: 4 | 8;
}

const LONG_IS_64 = new Set(['x64', 'arm64', 'ppc64', 'riscv64', 's390x', 'loong64', 'mips64el', 'mips64']);
const IOC_POWERPC_MIPS = new Set(['ppc', 'ppc64', 'mips', 'mipsel', 'mips64', 'mips64el']);

/** The ABI of a Node process on `arch` (defaults: this process). */
export function abiFor(arch: string = process.arch, byteOrder: 'BE' | 'LE' = endianness()): FbAbi {
  return {
    longSize: LONG_IS_64.has(arch) ? 8 : 4,
    littleEndian: byteOrder === 'LE',
    ioc: IOC_POWERPC_MIPS.has(arch) ? 'powerpc-mips' : 'generic',
    u64Align: arch === 'ia32' ? 4 : 8,
  };
}

export const NATIVE_ABI: FbAbi = abiFor();

// ---------------------------------------------------------------------------
// ioctl numbers

export type IocDirection = 'none' | 'read' | 'write' | 'readwrite';

/** _IOC(dir, type, nr, size) for the given ABI's encoding (linux/ioctl.h, asm-generic or powerpc/mips). */
export function ioc(dir: IocDirection, type: number, nr: number, size: number, abi: FbAbi = NATIVE_ABI): number {
  const [none, write, read, sizeBits] = abi.ioc === 'generic' ? [0, 1, 2, 14] : [1, 4, 2, 13];
  const bits = dir === 'none' ? none : dir === 'write' ? write : dir === 'read' ? read : read | write;
  // >>> 0: the direction bits reach bit 31; keep the value unsigned.
  return ((bits << (16 + sizeBits)) | (size << 16) | (type << 8) | nr) >>> 0;
}

/** _IOW(type, nr, size) for the given ABI's _IOC encoding. */
export const iow = (type: number, nr: number, size: number, abi: FbAbi = NATIVE_ABI): number => ioc('write', type, nr, size, abi);

export const FBIOGET_VSCREENINFO = 0x4600;
export const FBIOPUT_VSCREENINFO = 0x4601;
export const FBIOGET_FSCREENINFO = 0x4602;
export const FBIOGETCMAP = 0x4604;
export const FBIOPUTCMAP = 0x4605;
export const FBIOPAN_DISPLAY = 0x4606;
export const FBIOBLANK = 0x4611;
/** _IOW('F', 0x20, __u32): the only fb ioctl built with _IOC, so it varies by ABI. */
export const fbioWaitForVsync = (abi: FbAbi = NATIVE_ABI): number => iow(0x46, 0x20, 4, abi);
export const FBIO_WAITFORVSYNC = fbioWaitForVsync();

// ---------------------------------------------------------------------------
// Names

export const FB_TYPE = {
  PACKED_PIXELS: 0,
  PLANES: 1,
  INTERLEAVED_PLANES: 2,
  TEXT: 3,
  VGA_PLANES: 4,
  FOURCC: 5,
} as const;

export const FB_VISUAL = {
  MONO01: 0,
  MONO10: 1,
  TRUECOLOR: 2,
  PSEUDOCOLOR: 3,
  DIRECTCOLOR: 4,
  STATIC_PSEUDOCOLOR: 5,
  FOURCC: 6,
} as const;

export const FB_ACTIVATE = {
  NOW: 0,
  NXTOPEN: 1,
  TEST: 2,
  MASK: 15,
  VBL: 16,
  CHANGE_CMAP_VBL: 32,
  ALL: 64,
  FORCE: 128,
  INV_MODE: 256,
  KD_TEXT: 512,
} as const;

export const FB_SYNC = {
  HOR_HIGH_ACT: 1,
  VERT_HIGH_ACT: 2,
  EXT: 4,
  COMP_HIGH_ACT: 8,
  BROADCAST: 16,
  ON_GREEN: 32,
} as const;

export const FB_VMODE = {
  NONINTERLACED: 0,
  INTERLACED: 1,
  DOUBLE: 2,
  ODD_FLD_FIRST: 4,
  MASK: 255,
  YWRAP: 256,
  SMOOTH_XPAN: 512,
  CONUPDATE: 512,
} as const;

export const FB_BLANK = {
  UNBLANK: 0,
  NORMAL: 1,
  VSYNC_SUSPEND: 2,
  HSYNC_SUSPEND: 3,
  POWERDOWN: 4,
} as const;

export const FB_NONSTD = { HAM: 1, REV_PIX_IN_B: 2 } as const;
export const FB_ROTATE = { UR: 0, CW: 1, UD: 2, CCW: 3 } as const;
export const FB_CAP_FOURCC = 1;

/** FB_ACCEL_* ids with what the header says the chip is (fbset prints the same idea). */
export const FB_ACCEL: Readonly<Record<string, readonly [id: number, label: string]>> = {
  NONE: [0, 'No'],
  ATARIBLITT: [1, 'Atari Blitter'],
  AMIGABLITT: [2, 'Amiga Blitter'],
  S3_TRIO64: [3, 'S3 Trio64'],
  NCR_77C32BLT: [4, 'NCR 77C32BLT'],
  S3_VIRGE: [5, 'S3 ViRGE'],
  ATI_MACH64GX: [6, 'ATI Mach64GX'],
  DEC_TGA: [7, 'DEC 21030 TGA'],
  ATI_MACH64CT: [8, 'ATI Mach64CT'],
  ATI_MACH64VT: [9, 'ATI Mach64VT'],
  ATI_MACH64GT: [10, 'ATI Mach64GT'],
  SUN_CREATOR: [11, 'Sun Creator/Creator3D'],
  SUN_CGSIX: [12, 'Sun cg6'],
  SUN_LEO: [13, 'Sun leo/zx'],
  IMS_TWINTURBO: [14, 'IMS Twin Turbo'],
  '3DLABS_PERMEDIA2': [15, '3Dlabs Permedia 2'],
  MATROX_MGA2064W: [16, 'Matrox MGA2064W (Millennium)'],
  MATROX_MGA1064SG: [17, 'Matrox MGA1064SG (Mystique)'],
  MATROX_MGA2164W: [18, 'Matrox MGA2164W (Millennium II)'],
  MATROX_MGA2164W_AGP: [19, 'Matrox MGA2164W AGP (Millennium II)'],
  MATROX_MGAG100: [20, 'Matrox G100'],
  MATROX_MGAG200: [21, 'Matrox G200'],
  SUN_CG14: [22, 'Sun cgfourteen'],
  SUN_BWTWO: [23, 'Sun bwtwo'],
  SUN_CGTHREE: [24, 'Sun cgthree'],
  SUN_TCX: [25, 'Sun tcx'],
  MATROX_MGAG400: [26, 'Matrox G400'],
  NV3: [27, 'nVidia RIVA 128'],
  NV4: [28, 'nVidia RIVA TNT'],
  NV5: [29, 'nVidia RIVA TNT2'],
  CT_6555x: [30, 'C&T 6555x'],
  '3DFX_BANSHEE': [31, '3Dfx Banshee'],
  ATI_RAGE128: [32, 'ATI Rage128'],
  IGS_CYBER2000: [33, 'CyberPro 2000'],
  IGS_CYBER2010: [34, 'CyberPro 2010'],
  IGS_CYBER5000: [35, 'CyberPro 5000'],
  SIS_GLAMOUR: [36, 'SiS 300/630/540'],
  '3DLABS_PERMEDIA3': [37, '3Dlabs Permedia 3'],
  ATI_RADEON: [38, 'ATI Radeon'],
  I810: [39, 'Intel 810/815'],
  SIS_GLAMOUR_2: [40, 'SiS 315/650/740'],
  SIS_XABRE: [41, 'SiS 330 (Xabre)'],
  I830: [42, 'Intel 830M/845G/85x/865G'],
  NV_10: [43, 'nVidia Arch 10'],
  NV_20: [44, 'nVidia Arch 20'],
  NV_30: [45, 'nVidia Arch 30'],
  NV_40: [46, 'nVidia Arch 40'],
  XGI_VOLARI_V: [47, 'XGI Volari V3XT/V5/V8'],
  XGI_VOLARI_Z: [48, 'XGI Volari Z7'],
  OMAP1610: [49, 'TI OMAP16xx'],
  TRIDENT_TGUI: [50, 'Trident TGUI'],
  TRIDENT_3DIMAGE: [51, 'Trident 3DImage'],
  TRIDENT_BLADE3D: [52, 'Trident Blade3D'],
  TRIDENT_BLADEXP: [53, 'Trident BladeXP'],
  CIRRUS_ALPINE: [53, 'Cirrus Logic 543x/544x/5480'],
  NEOMAGIC_NM2070: [90, 'NeoMagic NM2070'],
  NEOMAGIC_NM2090: [91, 'NeoMagic NM2090'],
  NEOMAGIC_NM2093: [92, 'NeoMagic NM2093'],
  NEOMAGIC_NM2097: [93, 'NeoMagic NM2097'],
  NEOMAGIC_NM2160: [94, 'NeoMagic NM2160'],
  NEOMAGIC_NM2200: [95, 'NeoMagic NM2200'],
  NEOMAGIC_NM2230: [96, 'NeoMagic NM2230'],
  NEOMAGIC_NM2360: [97, 'NeoMagic NM2360'],
  NEOMAGIC_NM2380: [98, 'NeoMagic NM2380'],
  PXA3XX: [99, 'PXA3xx'],
  SAVAGE4: [0x80, 'S3 Savage4'],
  SAVAGE3D: [0x81, 'S3 Savage3D'],
  SAVAGE3D_MV: [0x82, 'S3 Savage3D-MV'],
  SAVAGE2000: [0x83, 'S3 Savage2000'],
  SAVAGE_MX_MV: [0x84, 'S3 Savage/MX-MV'],
  SAVAGE_MX: [0x85, 'S3 Savage/MX'],
  SAVAGE_IX_MV: [0x86, 'S3 Savage/IX-MV'],
  SAVAGE_IX: [0x87, 'S3 Savage/IX'],
  PROSAVAGE_PM: [0x88, 'S3 ProSavage PM133'],
  PROSAVAGE_KM: [0x89, 'S3 ProSavage KM133'],
  S3TWISTER_P: [0x8a, 'S3 Twister'],
  S3TWISTER_K: [0x8b, 'S3 TwisterK'],
  SUPERSAVAGE: [0x8c, 'S3 Supersavage'],
  PROSAVAGE_DDR: [0x8d, 'S3 ProSavage DDR'],
  PROSAVAGE_DDRK: [0x8e, 'S3 ProSavage DDR-K'],
  PUV3_UNIGFX: [0xa0, 'PKUnity-v3 Unigfx'],
};

/** 'No', 'Sun cg6', ... or 'Unknown (N)' — the label for fix.accel. */
export function accelLabel(accel: number): string {
  for (const [id, label] of Object.values(FB_ACCEL)) if (id === accel) return label;
  return `Unknown (${accel})`;
}

/** 'PACKED_PIXELS' for 0 etc; `${n}` for values the header does not define. */
export function nameOf(table: Readonly<Record<string, number>>, value: number): string {
  for (const [name, v] of Object.entries(table)) if (v === value) return name;
  return String(value);
}

// ---------------------------------------------------------------------------
// Struct layouts

type FieldType = 'u16' | 'u32' | 'ulong' | 'ptr' | 'char16' | 'bitfield';
const fieldSize = (t: FieldType, abi: FbAbi): number =>
  t === 'u16' ? 2 : t === 'u32' ? 4 : t === 'char16' ? 16 : t === 'bitfield' ? 12 : abi.longSize;
const fieldAlign = (t: FieldType, abi: FbAbi): number => (t === 'char16' ? 1 : t === 'bitfield' ? 4 : fieldSize(t, abi));

export interface Layout {
  readonly size: number;
  readonly offsets: Readonly<Record<string, number>>;
  readonly types: Readonly<Record<string, FieldType>>;
}

/** Offsets with C's natural alignment: what gcc does for these structs on Linux. */
function layout(fields: readonly (readonly [string, FieldType])[], abi: FbAbi): Layout {
  let at = 0;
  let maxAlign = 1;
  const offsets: Record<string, number> = {};
  const types: Record<string, FieldType> = {};
  for (const [name, type] of fields) {
    const align = fieldAlign(type, abi);
    maxAlign = Math.max(maxAlign, align);
    at = Math.ceil(at / align) * align;
    offsets[name] = at;
    types[name] = type;
    at += fieldSize(type, abi);
  }
  return { size: Math.ceil(at / maxAlign) * maxAlign, offsets, types };
}

const VAR_FIELDS: readonly (readonly [string, FieldType])[] = [
  ['xres', 'u32'],
  ['yres', 'u32'],
  ['xres_virtual', 'u32'],
  ['yres_virtual', 'u32'],
  ['xoffset', 'u32'],
  ['yoffset', 'u32'],
  ['bits_per_pixel', 'u32'],
  ['grayscale', 'u32'],
  ['red', 'bitfield'],
  ['green', 'bitfield'],
  ['blue', 'bitfield'],
  ['transp', 'bitfield'],
  ['nonstd', 'u32'],
  ['activate', 'u32'],
  ['height', 'u32'],
  ['width', 'u32'],
  ['accel_flags', 'u32'],
  ['pixclock', 'u32'],
  ['left_margin', 'u32'],
  ['right_margin', 'u32'],
  ['upper_margin', 'u32'],
  ['lower_margin', 'u32'],
  ['hsync_len', 'u32'],
  ['vsync_len', 'u32'],
  ['sync', 'u32'],
  ['vmode', 'u32'],
  ['rotate', 'u32'],
  ['colorspace', 'u32'],
  ['reserved0', 'u32'],
  ['reserved1', 'u32'],
  ['reserved2', 'u32'],
  ['reserved3', 'u32'],
];

const FIX_FIELDS: readonly (readonly [string, FieldType])[] = [
  ['id', 'char16'],
  ['smem_start', 'ulong'],
  ['smem_len', 'u32'],
  ['type', 'u32'],
  ['type_aux', 'u32'],
  ['visual', 'u32'],
  ['xpanstep', 'u16'],
  ['ypanstep', 'u16'],
  ['ywrapstep', 'u16'],
  ['line_length', 'u32'],
  ['mmio_start', 'ulong'],
  ['mmio_len', 'u32'],
  ['accel', 'u32'],
  ['capabilities', 'u16'],
  ['reserved0', 'u16'],
  ['reserved1', 'u16'],
];

const CMAP_FIELDS: readonly (readonly [string, FieldType])[] = [
  ['start', 'u32'],
  ['len', 'u32'],
  ['red', 'ptr'],
  ['green', 'ptr'],
  ['blue', 'ptr'],
  ['transp', 'ptr'],
];

export const varLayout = (abi: FbAbi = NATIVE_ABI): Layout => layout(VAR_FIELDS, abi);
export const fixLayout = (abi: FbAbi = NATIVE_ABI): Layout => layout(FIX_FIELDS, abi);
export const cmapLayout = (abi: FbAbi = NATIVE_ABI): Layout => layout(CMAP_FIELDS, abi);

// ---------------------------------------------------------------------------
// Struct values

export interface FbBitfield {
  offset: number;
  length: number;
  msb_right: number;
}

export interface VarScreeninfo {
  xres: number;
  yres: number;
  xres_virtual: number;
  yres_virtual: number;
  xoffset: number;
  yoffset: number;
  bits_per_pixel: number;
  /** 0 color, 1 grayscale, > 1 a FOURCC code. */
  grayscale: number;
  red: FbBitfield;
  green: FbBitfield;
  blue: FbBitfield;
  transp: FbBitfield;
  nonstd: number;
  activate: number;
  /** Picture size in millimetres. */
  height: number;
  width: number;
  accel_flags: number;
  /** Pixel clock period in picoseconds; 0 where the driver has no timings. */
  pixclock: number;
  left_margin: number;
  right_margin: number;
  upper_margin: number;
  lower_margin: number;
  hsync_len: number;
  vsync_len: number;
  sync: number;
  vmode: number;
  rotate: number;
  colorspace: number;
  reserved: [number, number, number, number];
}

export interface FixScreeninfo {
  id: string;
  /** Physical address of the framebuffer memory (0 where the driver hides it). */
  smem_start: bigint;
  smem_len: number;
  type: number;
  type_aux: number;
  visual: number;
  xpanstep: number;
  ypanstep: number;
  ywrapstep: number;
  line_length: number;
  mmio_start: bigint;
  mmio_len: number;
  accel: number;
  capabilities: number;
  reserved: [number, number];
}

const BITFIELD_KEYS = ['red', 'green', 'blue', 'transp'] as const;
const VAR_U32_KEYS = VAR_FIELDS.map(([name]) => name).filter(
  (name) => !(BITFIELD_KEYS as readonly string[]).includes(name) && !name.startsWith('reserved'),
) as (keyof VarScreeninfo)[];

export function emptyVar(): VarScreeninfo {
  // Built in the struct's field order, so printed objects read like the header.
  const v: Record<string, unknown> = {};
  for (const [name, type] of VAR_FIELDS) {
    if (type === 'bitfield') v[name] = { offset: 0, length: 0, msb_right: 0 };
    else if (!name.startsWith('reserved')) v[name] = 0;
  }
  v.reserved = [0, 0, 0, 0];
  return v as unknown as VarScreeninfo;
}

export function emptyFix(): FixScreeninfo {
  return {
    id: '',
    smem_start: 0n,
    smem_len: 0,
    type: 0,
    type_aux: 0,
    visual: 0,
    xpanstep: 0,
    ypanstep: 0,
    ywrapstep: 0,
    line_length: 0,
    mmio_start: 0n,
    mmio_len: 0,
    accel: 0,
    capabilities: 0,
    reserved: [0, 0],
  };
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function checkSize(bytes: Uint8Array, size: number, what: string): void {
  if (bytes.byteLength < size) throw new RangeError(`${what} needs ${size} bytes, got ${bytes.byteLength}`);
}

export function encodeVar(v: VarScreeninfo, abi: FbAbi = NATIVE_ABI): Uint8Array {
  const { size, offsets } = varLayout(abi);
  const bytes = new Uint8Array(size);
  const dv = view(bytes);
  const le = abi.littleEndian;
  for (const key of VAR_U32_KEYS) dv.setUint32(offsets[key], v[key] as number, le);
  for (const key of BITFIELD_KEYS) {
    const at = offsets[key];
    dv.setUint32(at, v[key].offset, le);
    dv.setUint32(at + 4, v[key].length, le);
    dv.setUint32(at + 8, v[key].msb_right, le);
  }
  v.reserved.forEach((r, i) => dv.setUint32(offsets[`reserved${i}`], r, le));
  return bytes;
}

export function decodeVar(bytes: Uint8Array, abi: FbAbi = NATIVE_ABI): VarScreeninfo {
  const { size, offsets } = varLayout(abi);
  checkSize(bytes, size, 'fb_var_screeninfo');
  const dv = view(bytes);
  const le = abi.littleEndian;
  const v = emptyVar();
  for (const key of VAR_U32_KEYS) (v as unknown as Record<string, number>)[key] = dv.getUint32(offsets[key], le);
  for (const key of BITFIELD_KEYS) {
    const at = offsets[key];
    v[key] = { offset: dv.getUint32(at, le), length: dv.getUint32(at + 4, le), msb_right: dv.getUint32(at + 8, le) };
  }
  v.reserved = [0, 1, 2, 3].map((i) => dv.getUint32(offsets[`reserved${i}`], le)) as VarScreeninfo['reserved'];
  return v;
}

function setLong(dv: DataView, at: number, value: bigint, abi: FbAbi): void {
  if (abi.longSize === 8) dv.setBigUint64(at, value, abi.littleEndian);
  else dv.setUint32(at, Number(BigInt.asUintN(32, value)), abi.littleEndian);
}

function getLong(dv: DataView, at: number, abi: FbAbi): bigint {
  return abi.longSize === 8 ? dv.getBigUint64(at, abi.littleEndian) : BigInt(dv.getUint32(at, abi.littleEndian));
}

const FIX_U32 = ['smem_len', 'type', 'type_aux', 'visual', 'line_length', 'mmio_len', 'accel'] as const;
const FIX_U16 = ['xpanstep', 'ypanstep', 'ywrapstep', 'capabilities'] as const;

export function encodeFix(f: FixScreeninfo, abi: FbAbi = NATIVE_ABI): Uint8Array {
  const { size, offsets } = fixLayout(abi);
  const bytes = new Uint8Array(size);
  const dv = view(bytes);
  const id = new TextEncoder().encode(f.id).subarray(0, 16);
  bytes.set(id, offsets.id);
  setLong(dv, offsets.smem_start, f.smem_start, abi);
  setLong(dv, offsets.mmio_start, f.mmio_start, abi);
  for (const key of FIX_U32) dv.setUint32(offsets[key], f[key], abi.littleEndian);
  for (const key of FIX_U16) dv.setUint16(offsets[key], f[key], abi.littleEndian);
  dv.setUint16(offsets.reserved0, f.reserved[0], abi.littleEndian);
  dv.setUint16(offsets.reserved1, f.reserved[1], abi.littleEndian);
  return bytes;
}

export function decodeFix(bytes: Uint8Array, abi: FbAbi = NATIVE_ABI): FixScreeninfo {
  const { size, offsets } = fixLayout(abi);
  checkSize(bytes, size, 'fb_fix_screeninfo');
  const dv = view(bytes);
  const idBytes = bytes.subarray(offsets.id, offsets.id + 16);
  const nul = idBytes.indexOf(0);
  // The kernel fills all 16 bytes when a name is that long: no terminating NUL then.
  const id = new TextDecoder('latin1').decode(nul === -1 ? idBytes : idBytes.subarray(0, nul));
  const f = emptyFix();
  f.id = id;
  f.smem_start = getLong(dv, offsets.smem_start, abi);
  f.mmio_start = getLong(dv, offsets.mmio_start, abi);
  for (const key of FIX_U32) f[key] = dv.getUint32(offsets[key], abi.littleEndian);
  for (const key of FIX_U16) f[key] = dv.getUint16(offsets[key], abi.littleEndian);
  f.reserved = [dv.getUint16(offsets.reserved0, abi.littleEndian), dv.getUint16(offsets.reserved1, abi.littleEndian)];
  return f;
}

/** struct fb_cmap with the addresses of its four u16 arrays (0 for a NULL transp). */
export interface CmapHeader {
  start: number;
  len: number;
  red: bigint;
  green: bigint;
  blue: bigint;
  transp: bigint;
}

export function encodeCmap(c: CmapHeader, abi: FbAbi = NATIVE_ABI): Uint8Array {
  const { size, offsets } = cmapLayout(abi);
  const bytes = new Uint8Array(size);
  const dv = view(bytes);
  dv.setUint32(offsets.start, c.start, abi.littleEndian);
  dv.setUint32(offsets.len, c.len, abi.littleEndian);
  for (const key of ['red', 'green', 'blue', 'transp'] as const) setLong(dv, offsets[key], c[key], abi);
  return bytes;
}

export function decodeCmap(bytes: Uint8Array, abi: FbAbi = NATIVE_ABI): CmapHeader {
  const { size, offsets } = cmapLayout(abi);
  checkSize(bytes, size, 'fb_cmap');
  const dv = view(bytes);
  return {
    start: dv.getUint32(offsets.start, abi.littleEndian),
    len: dv.getUint32(offsets.len, abi.littleEndian),
    red: getLong(dv, offsets.red, abi),
    green: getLong(dv, offsets.green, abi),
    blue: getLong(dv, offsets.blue, abi),
    transp: getLong(dv, offsets.transp, abi),
  };
}

/** One colormap as four channels of 16-bit intensities (the kernel's unit). */
export interface Colormap {
  start: number;
  red: Uint16Array;
  green: Uint16Array;
  blue: Uint16Array;
  /** Absent where the driver keeps no transparency. */
  transp?: Uint16Array;
}

/** How an ioctl run off the event loop ended. */
export interface AsyncIoctlResult {
  ok: boolean;
  /** errno name when !ok ('ENOTTY', 'EINVAL'...). */
  code?: string;
}
