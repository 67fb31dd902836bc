/** The console's kd/vt ioctls on a descriptor; numbers and struct codecs are in linux-kd.ts. */
import { ioctlInt, ioctlPtr } from './libc.js';
import {
  decodeVtMode,
  encodeVtMode,
  KDGETMODE,
  KDSETMODE,
  VT_GETMODE,
  VT_GETSTATE,
  VT_MODE_LAYOUT,
  VT_RELDISP,
  VT_SETMODE,
  VT_STAT_SIZE,
  type VtMode,
  type VtState,
} from './linux-kd.js';

/** KDGETMODE: the kernel writes an int. */
export function kdGetMode(fd: number, path?: string): number {
  const out = new Int32Array(1);
  ioctlPtr(fd, KDGETMODE, new Uint8Array(out.buffer), path);
  return out[0];
}

/** KDSETMODE takes the mode as the ioctl's integer argument. */
export function kdSetMode(fd: number, mode: number, path?: string): void {
  ioctlInt(fd, KDSETMODE, mode, path);
}

export function vtGetState(fd: number, path?: string): VtState {
  const out = new Uint16Array(VT_STAT_SIZE / 2);
  ioctlPtr(fd, VT_GETSTATE, new Uint8Array(out.buffer), path);
  return { active: out[0], signal: out[1], state: out[2] };
}

/** VT_GETMODE on the VT `fd` refers to (not necessarily the one on screen). */
export function vtGetMode(fd: number, path?: string): VtMode {
  const bytes = new Uint8Array(VT_MODE_LAYOUT.size);
  ioctlPtr(fd, VT_GETMODE, bytes, path);
  return decodeVtMode(bytes);
}

export function vtSetMode(fd: number, mode: VtMode, path?: string): void {
  ioctlPtr(fd, VT_SETMODE, encodeVtMode(mode), path);
}

/** VT_RELDISP: 1 lets a requested switch away go ahead, VT_ACKACQ acknowledges getting the VT back. */
export function vtRelDisp(fd: number, arg: number, path?: string): void {
  ioctlInt(fd, VT_RELDISP, arg, path);
}
