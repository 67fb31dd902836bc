/**
 * The evdev and uinput ioctls on a descriptor, in this process's ABI; the numbers and
 * struct codecs are in linux-input.ts.
 */
import { ioctlInt, ioctlPtr } from './libc.js';
import {
  ABS_MAX,
  ABSINFO_LAYOUT,
  type AbsInfo,
  bitmaskBytes,
  CLOCK_MONOTONIC,
  decodeAbsInfo,
  decodeInputId,
  EV_ABS,
  EV_KEY,
  EV_LED,
  EV_MAX,
  EV_REL,
  EVIOC,
  encodeUinputAbsSetup,
  encodeUinputSetup,
  INPUT_ID_LAYOUT,
  INPUT_PROP_MAX,
  type InputId,
  KEY_MAX,
  LED_MAX,
  REL_MAX,
  setBits,
  UI,
} from './linux-input.js';

/** What a device says about itself: the EVIOCG* answers, decoded. */
export interface EvdevCaps {
  name: string;
  phys: string;
  id: InputId;
  /** INPUT_PROP_* bits (INPUT_PROP_DIRECT: a touchscreen, POINTER: a touchpad...). */
  props: number[];
  /** EV_* types it sends. */
  types: number[];
  keys: number[];
  rels: number[];
  /** ABS_* code -> its range and current value. */
  abs: Map<number, AbsInfo>;
  leds: number[];
}

function getString(fd: number, request: (len: number) => number, path: string): string {
  const buf = new Uint8Array(256);
  try {
    ioctlPtr(fd, request(buf.length), buf, path);
  } catch (err) {
    // Phys and uniq are optional: a device without them answers ENOENT.
    if ((err as { code?: string }).code === 'ENOENT') return '';
    throw err;
  }
  const nul = buf.indexOf(0);
  return new TextDecoder().decode(buf.subarray(0, nul === -1 ? buf.length : nul));
}

function getBits(fd: number, ev: number, max: number, path: string): number[] {
  const buf = new Uint8Array(bitmaskBytes(max + 1));
  ioctlPtr(fd, EVIOC.GBIT(ev, buf.length), buf, path);
  return setBits(buf, max);
}

export function getAbs(fd: number, absCode: number, path: string): AbsInfo {
  const buf = new Uint8Array(ABSINFO_LAYOUT.size);
  ioctlPtr(fd, EVIOC.GABS(absCode), buf, path);
  return decodeAbsInfo(buf);
}

export function queryCaps(fd: number, path: string): EvdevCaps {
  const idBytes = new Uint8Array(INPUT_ID_LAYOUT.size);
  ioctlPtr(fd, EVIOC.GID, idBytes, path);
  const propBytes = new Uint8Array(bitmaskBytes(INPUT_PROP_MAX + 1));
  ioctlPtr(fd, EVIOC.GPROP(propBytes.length), propBytes, path);
  const types = getBits(fd, 0, EV_MAX, path);
  const has = (t: number) => types.includes(t);
  const absCodes = has(EV_ABS) ? getBits(fd, EV_ABS, ABS_MAX, path) : [];
  return {
    name: getString(fd, EVIOC.GNAME, path),
    phys: getString(fd, EVIOC.GPHYS, path),
    id: decodeInputId(idBytes),
    props: setBits(propBytes, INPUT_PROP_MAX),
    types,
    keys: has(EV_KEY) ? getBits(fd, EV_KEY, KEY_MAX, path) : [],
    rels: has(EV_REL) ? getBits(fd, EV_REL, REL_MAX, path) : [],
    abs: new Map(absCodes.map((c) => [c, getAbs(fd, c, path)])),
    leds: has(EV_LED) ? getBits(fd, EV_LED, LED_MAX, path) : [],
  };
}

/** EVIOCGKEY: the keys and buttons down right now (for the resync after SYN_DROPPED). */
export function keysDown(fd: number, path: string): number[] {
  const buf = new Uint8Array(bitmaskBytes(KEY_MAX + 1));
  ioctlPtr(fd, EVIOC.GKEY(buf.length), buf, path);
  return setBits(buf, KEY_MAX);
}

/** EVIOCGMTSLOTS: `absCode`'s value in each of `slots` slots. */
export function mtSlotValues(fd: number, absCode: number, slots: number, path: string): Int32Array {
  const values = new Int32Array(1 + slots);
  values[0] = absCode;
  ioctlPtr(fd, EVIOC.GMTSLOTS(values.byteLength), new Uint8Array(values.buffer), path);
  return values.subarray(1);
}

/** EVIOCGRAB: exclusive access (no other reader, the console included, sees the events) or its release. */
export function setGrab(fd: number, on: boolean, path: string): void {
  ioctlInt(fd, EVIOC.GRAB, on ? 1 : 0, path);
}

/** Timestamps from CLOCK_MONOTONIC (the default, CLOCK_REALTIME, jumps with the wall clock). */
export function useMonotonicClock(fd: number, path: string): void {
  ioctlPtr(fd, EVIOC.SCLOCKID, new Uint8Array(Int32Array.of(CLOCK_MONOTONIC).buffer), path);
}

/** What a uinput device is made of. */
export interface UinputSpec {
  name: string;
  id: InputId;
  types: readonly number[];
  keys?: readonly number[];
  rels?: readonly number[];
  abs?: ReadonlyMap<number, AbsInfo>;
  props?: readonly number[];
}

/** Sets up and creates the device on an open /dev/uinput; returns its sysfs name ('input7'). */
export function createUinputDevice(fd: number, spec: UinputSpec, path: string): string {
  for (const t of spec.types) ioctlInt(fd, UI.SET_EVBIT, t, path);
  for (const k of spec.keys ?? []) ioctlInt(fd, UI.SET_KEYBIT, k, path);
  for (const r of spec.rels ?? []) ioctlInt(fd, UI.SET_RELBIT, r, path);
  for (const p of spec.props ?? []) ioctlInt(fd, UI.SET_PROPBIT, p, path);
  for (const [c, info] of spec.abs ?? []) {
    ioctlInt(fd, UI.SET_ABSBIT, c, path);
    ioctlPtr(fd, UI.ABS_SETUP, encodeUinputAbsSetup(c, info), path);
  }
  ioctlPtr(fd, UI.DEV_SETUP, encodeUinputSetup(spec.id, spec.name), path);
  ioctlInt(fd, UI.DEV_CREATE, 0, path);
  const name = new Uint8Array(64);
  ioctlPtr(fd, UI.GET_SYSNAME(name.length), name, path);
  const nul = name.indexOf(0);
  return new TextDecoder().decode(name.subarray(0, nul === -1 ? name.length : nul));
}

export function destroyUinputDevice(fd: number, path: string): void {
  ioctlInt(fd, UI.DEV_DESTROY, 0, path);
}
