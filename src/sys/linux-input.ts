/**
 * <linux/input.h> and <linux/uinput.h> in TypeScript: event type and code names, the
 * EVIOC* and UI_* request numbers, and byte-exact codecs for struct input_event,
 * input_id, input_absinfo, uinput_setup and uinput_abs_setup. Pure: the calls are in
 * input-ioctl.ts. src/sys/abi-probe.c prints every number from the real headers and
 * test/sys/abi-probe.test.ts compares them, per target ABI.
 *
 * struct input_event and time: the header gives 64-bit processes a struct timeval (8 + 8
 * bytes), and 32-bit ones either a 32-bit struct timeval or, when the C library is built
 * with a 64-bit time_t (__USE_TIME_BITS64, glibc's _TIME_BITS=64), two __kernel_ulong_t
 * fields in its place. Both 32-bit forms are 4 + 4 bytes: the kernel's ABI for a 32-bit
 * process is 16 bytes whatever the C library's time_t (the seconds are unsigned, which
 * carries them past 2038). So the layout follows the size of `long` alone; the probe is
 * compiled both ways on armhf and i386 to prove it.
 */
import { type FbAbi, ioc, NATIVE_ABI } from './linux-fb.js';
import {
  ABS_CODES,
  EV_CODES,
  INPUT_PROP_CODES,
  KEY_CODES,
  LED_CODES,
  MSC_CODES,
  REL_CODES,
  REP_CODES,
  SW_CODES,
  SYN_CODES,
} from './input-codes.js';

// ---------------------------------------------------------------------------
// Names and codes

type CodeList = typeof KEY_CODES;

/** Every named code of <linux/input-event-codes.h>, aliases included. */
const ALL_CODES = new Map<string, number>(
  [EV_CODES, SYN_CODES, KEY_CODES, REL_CODES, ABS_CODES, MSC_CODES, SW_CODES, LED_CODES, REP_CODES, INPUT_PROP_CODES].flatMap((list) =>
    list.map(([name, code]) => [name, code] as [string, number]),
  ),
);

/** The number of a name from the header: `code('KEY_A')` is 30. */
export function code(name: string): number {
  const value = ALL_CODES.get(name);
  if (value === undefined) throw new RangeError(`${name} is not an input event code name`);
  return value;
}

/** Every name the tables hold, with its number (the ABI probe compares them all). */
export function allCodeNames(): ReadonlyMap<string, number> {
  return ALL_CODES;
}

/** code -> name, the header's last non-alias name for it (BTN_LEFT rather than BTN_MOUSE). */
function reverse(list: CodeList): ReadonlyMap<number, string> {
  return new Map(list.filter(([, , alias]) => alias === undefined).map(([name, value]) => [value, name]));
}

export const EV_SYN = code('EV_SYN');
export const EV_KEY = code('EV_KEY');
export const EV_REL = code('EV_REL');
export const EV_ABS = code('EV_ABS');
export const EV_LED = code('EV_LED');
export const SYN_REPORT = code('SYN_REPORT');
export const SYN_DROPPED = code('SYN_DROPPED');
export const KEY_MAX = 0x2ff;
export const ABS_MAX = 0x3f;
export const REL_MAX = 0x0f;
export const EV_MAX = 0x1f;
export const INPUT_PROP_MAX = 0x1f;
export const LED_MAX = 0x0f;

const NAMES_BY_TYPE: ReadonlyMap<number, ReadonlyMap<number, string>> = new Map([
  [EV_SYN, reverse(SYN_CODES)],
  [EV_KEY, reverse(KEY_CODES)],
  [EV_REL, reverse(REL_CODES)],
  [EV_ABS, reverse(ABS_CODES)],
  [code('EV_MSC'), reverse(MSC_CODES)],
  [code('EV_SW'), reverse(SW_CODES)],
  [EV_LED, reverse(LED_CODES)],
  [code('EV_REP'), reverse(REP_CODES)],
]);
const EV_NAMES = reverse(EV_CODES);

/** 'EV_KEY' for 1; 'EV_0x1c' for a type the header does not name. */
function typeName(type: number): string {
  return EV_NAMES.get(type) ?? `EV_0x${type.toString(16)}`;
}

/** 'KEY_A' for (EV_KEY, 30), 'ABS_X' for (EV_ABS, 0); 'KEY_0x2f0' for an unnamed code. */
export function codeName(type: number, value: number): string {
  const name = NAMES_BY_TYPE.get(type)?.get(value);
  if (name) return name;
  const prefix = typeName(type).replace(/^EV_/, '');
  return `${prefix}_0x${value.toString(16)}`;
}

// ---------------------------------------------------------------------------
// Structs

/** struct input_event: two longs of time, then __u16 type, __u16 code, __s32 value. */
export function eventLayout(abi: FbAbi = NATIVE_ABI) {
  const l = abi.longSize;
  return { size: 2 * l + 8, offsets: { sec: 0, usec: l, type: 2 * l, code: 2 * l + 2, value: 2 * l + 4 } } as const;
}

export interface RawInputEvent {
  /** Seconds and microseconds of the kernel's timestamp (the device's clock: see EVIOCSCLOCKID). */
  sec: number;
  usec: number;
  type: number;
  code: number;
  value: number;
}

const view = (bytes: Uint8Array): DataView => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

function getLong(dv: DataView, at: number, abi: FbAbi): number {
  return abi.longSize === 8 ? Number(dv.getBigUint64(at, abi.littleEndian)) : dv.getUint32(at, abi.littleEndian);
}

function setLong(dv: DataView, at: number, value: number, abi: FbAbi): void {
  if (abi.longSize === 8) dv.setBigUint64(at, BigInt(value), abi.littleEndian);
  else dv.setUint32(at, value >>> 0, abi.littleEndian);
}

/**
 * The whole events in `bytes` (a read returns whole events; a stream may split them, so
 * the caller keeps `bytes.length % size` bytes for the next chunk).
 */
export function decodeEvents(bytes: Uint8Array, abi: FbAbi = NATIVE_ABI): RawInputEvent[] {
  const { size, offsets: o } = eventLayout(abi);
  const dv = view(bytes);
  const le = abi.littleEndian;
  const events: RawInputEvent[] = [];
  for (let at = 0; at + size <= bytes.byteLength; at += size) {
    events.push({
      sec: getLong(dv, at + o.sec, abi),
      usec: getLong(dv, at + o.usec, abi),
      type: dv.getUint16(at + o.type, le),
      code: dv.getUint16(at + o.code, le),
      value: dv.getInt32(at + o.value, le),
    });
  }
  return events;
}

/** Events as the kernel lays them out: what a uinput device is written, and what fake devices hold. */
export function encodeEvents(events: readonly RawInputEvent[], abi: FbAbi = NATIVE_ABI): Uint8Array {
  const { size, offsets: o } = eventLayout(abi);
  const bytes = new Uint8Array(size * events.length);
  const dv = view(bytes);
  events.forEach((e, i) => {
    const at = i * size;
    setLong(dv, at + o.sec, e.sec, abi);
    setLong(dv, at + o.usec, e.usec, abi);
    dv.setUint16(at + o.type, e.type, abi.littleEndian);
    dv.setUint16(at + o.code, e.code, abi.littleEndian);
    dv.setInt32(at + o.value, e.value, abi.littleEndian);
  });
  return bytes;
}

/** struct input_id: four __u16. */
export const INPUT_ID_LAYOUT = { size: 8, offsets: { bustype: 0, vendor: 2, product: 4, version: 6 } } as const;

export interface InputId {
  bustype: number;
  vendor: number;
  product: number;
  version: number;
}

export function decodeInputId(bytes: Uint8Array, abi: FbAbi = NATIVE_ABI): InputId {
  const dv = view(bytes);
  const o = INPUT_ID_LAYOUT.offsets;
  const le = abi.littleEndian;
  return {
    bustype: dv.getUint16(o.bustype, le),
    vendor: dv.getUint16(o.vendor, le),
    product: dv.getUint16(o.product, le),
    version: dv.getUint16(o.version, le),
  };
}

function encodeInputIdInto(dv: DataView, at: number, id: InputId, abi: FbAbi): void {
  const o = INPUT_ID_LAYOUT.offsets;
  for (const key of ['bustype', 'vendor', 'product', 'version'] as const) dv.setUint16(at + o[key], id[key], abi.littleEndian);
}

/** struct input_absinfo: six __s32. */
export const ABSINFO_LAYOUT = { size: 24, offsets: { value: 0, minimum: 4, maximum: 8, fuzz: 12, flat: 16, resolution: 20 } } as const;

export interface AbsInfo {
  value: number;
  minimum: number;
  maximum: number;
  fuzz: number;
  flat: number;
  /** Units per millimetre (0: unknown). */
  resolution: number;
}

const ABS_KEYS = ['value', 'minimum', 'maximum', 'fuzz', 'flat', 'resolution'] as const;

export function decodeAbsInfo(bytes: Uint8Array, abi: FbAbi = NATIVE_ABI): AbsInfo {
  const dv = view(bytes);
  const out = {} as AbsInfo;
  for (const key of ABS_KEYS) out[key] = dv.getInt32(ABSINFO_LAYOUT.offsets[key], abi.littleEndian);
  return out;
}

function encodeAbsInfoInto(dv: DataView, at: number, info: AbsInfo, abi: FbAbi): void {
  for (const key of ABS_KEYS) dv.setInt32(at + ABSINFO_LAYOUT.offsets[key], info[key], abi.littleEndian);
}

/** Bit `n` of a bitmask the kernel wrote as an array of unsigned longs (EVIOCGBIT, EVIOCGKEY...). */
function testBit(bytes: Uint8Array, n: number, abi: FbAbi = NATIVE_ABI): boolean {
  const bitsPerLong = abi.longSize * 8;
  const word = Math.floor(n / bitsPerLong);
  const inWord = n % bitsPerLong;
  const byteInWord = abi.littleEndian ? inWord >> 3 : abi.longSize - 1 - (inWord >> 3);
  const at = word * abi.longSize + byteInWord;
  return at < bytes.length && (bytes[at]! & (1 << (inWord & 7))) !== 0;
}

/** Bytes for a bitmask of `bits` bits, rounded up to whole longs as the kernel copies them. */
export function bitmaskBytes(bits: number, abi: FbAbi = NATIVE_ABI): number {
  const bitsPerLong = abi.longSize * 8;
  return Math.ceil(bits / bitsPerLong) * abi.longSize;
}

/** The set bits of a bitmask, in order. */
export function setBits(bytes: Uint8Array, maxBit: number, abi: FbAbi = NATIVE_ABI): number[] {
  const out: number[] = [];
  for (let n = 0; n <= maxBit; n++) if (testBit(bytes, n, abi)) out.push(n);
  return out;
}

// ---------------------------------------------------------------------------
// evdev ioctls ('E')

const E = 0x45;
export const evioc = (abi: FbAbi = NATIVE_ABI) => ({
  GVERSION: ioc('read', E, 0x01, 4, abi),
  GID: ioc('read', E, 0x02, INPUT_ID_LAYOUT.size, abi),
  GREP: ioc('read', E, 0x03, 8, abi),
  GNAME: (len: number) => ioc('read', E, 0x06, len, abi),
  GPHYS: (len: number) => ioc('read', E, 0x07, len, abi),
  GUNIQ: (len: number) => ioc('read', E, 0x08, len, abi),
  GPROP: (len: number) => ioc('read', E, 0x09, len, abi),
  /** The argument is struct input_mt_request_layout: __u32 code, then one __s32 per slot; len in bytes. */
  GMTSLOTS: (len: number) => ioc('read', E, 0x0a, len, abi),
  GKEY: (len: number) => ioc('read', E, 0x18, len, abi),
  GLED: (len: number) => ioc('read', E, 0x19, len, abi),
  GSW: (len: number) => ioc('read', E, 0x1b, len, abi),
  /** ev 0 asks which event types the device has. */
  GBIT: (ev: number, len: number) => ioc('read', E, 0x20 + ev, len, abi),
  GABS: (abs: number) => ioc('read', E, 0x40 + abs, ABSINFO_LAYOUT.size, abi),
  /** The argument is the int itself: 1 grabs, 0 releases. */
  GRAB: ioc('write', E, 0x90, 4, abi),
  /** The argument points to the clock id (CLOCK_MONOTONIC: 1). */
  SCLOCKID: ioc('write', E, 0xa0, 4, abi),
});
export const EVIOC = evioc();
export const CLOCK_MONOTONIC = 1;

// ---------------------------------------------------------------------------
// uinput ('U')

export const UINPUT_MAX_NAME_SIZE = 80;
/** struct uinput_setup: struct input_id id; char name[80]; __u32 ff_effects_max. */
export const UINPUT_SETUP_LAYOUT = { size: 92, offsets: { id: 0, name: 8, ff_effects_max: 88 } } as const;
/** struct uinput_abs_setup: __u16 code; (2 bytes padding) struct input_absinfo absinfo. */
export const UINPUT_ABS_SETUP_LAYOUT = { size: 28, offsets: { code: 0, absinfo: 4 } } as const;

const U = 0x55;
export const uiIoctl = (abi: FbAbi = NATIVE_ABI) => ({
  DEV_CREATE: ioc('none', U, 1, 0, abi),
  DEV_DESTROY: ioc('none', U, 2, 0, abi),
  DEV_SETUP: ioc('write', U, 3, UINPUT_SETUP_LAYOUT.size, abi),
  ABS_SETUP: ioc('write', U, 4, UINPUT_ABS_SETUP_LAYOUT.size, abi),
  /** The UI_SET_*BIT calls take the bit number itself as the argument. */
  SET_EVBIT: ioc('write', U, 100, 4, abi),
  SET_KEYBIT: ioc('write', U, 101, 4, abi),
  SET_RELBIT: ioc('write', U, 102, 4, abi),
  SET_ABSBIT: ioc('write', U, 103, 4, abi),
  SET_PROPBIT: ioc('write', U, 110, 4, abi),
  GET_SYSNAME: (len: number) => ioc('read', U, 44, len, abi),
  GET_VERSION: ioc('read', U, 45, 4, abi),
});
export const UI = uiIoctl();

export function encodeUinputSetup(id: InputId, name: string, abi: FbAbi = NATIVE_ABI): Uint8Array {
  const bytes = new Uint8Array(UINPUT_SETUP_LAYOUT.size);
  encodeInputIdInto(view(bytes), UINPUT_SETUP_LAYOUT.offsets.id, id, abi);
  const encoded = new TextEncoder().encode(name);
  // The kernel wants a NUL within the 80 bytes.
  if (encoded.length >= UINPUT_MAX_NAME_SIZE)
    throw new RangeError(`a uinput device name is at most ${UINPUT_MAX_NAME_SIZE - 1} bytes, got ${encoded.length}`);
  bytes.set(encoded, UINPUT_SETUP_LAYOUT.offsets.name);
  return bytes;
}

export function encodeUinputAbsSetup(absCode: number, info: AbsInfo, abi: FbAbi = NATIVE_ABI): Uint8Array {
  const bytes = new Uint8Array(UINPUT_ABS_SETUP_LAYOUT.size);
  const dv = view(bytes);
  dv.setUint16(UINPUT_ABS_SETUP_LAYOUT.offsets.code, absCode, abi.littleEndian);
  encodeAbsInfoInto(dv, UINPUT_ABS_SETUP_LAYOUT.offsets.absinfo, info, abi);
  return bytes;
}
