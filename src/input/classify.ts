/**
 * What a device is, from its capabilities alone (as libinput and LVGL decide it):
 *   keyboard  letter keys (a power button or a lid switch is not a keyboard);
 *   pointer   relative X/Y motion and a mouse button;
 *   touch     absolute X/Y and BTN_TOUCH, or INPUT_PROP_DIRECT: a touchscreen;
 *   touchpad  the same with INPUT_PROP_POINTER (reported in absolute terms here);
 *   tablet    absolute X/Y with a pen or with mouse buttons (QEMU's virtio-tablet, usb-tablet);
 * multitouch: ABS_MT_SLOT, ABS_MT_TRACKING_ID and ABS_MT_POSITION_X/Y, protocol B; or
 * ABS_MT_POSITION_X/Y without slots, protocol A (each frame lists every contact, each
 * ended by SYN_MT_REPORT; old drivers, and ones that leave tracking to userspace).
 * An absolute axis whose range is empty (max <= min) is no axis.
 */
import type { EvdevCaps } from '../sys/input-ioctl.js';
import { code } from '../sys/linux-input.js';

export type DeviceKind = 'keyboard' | 'pointer' | 'touch' | 'touchpad' | 'tablet';

export interface Classification {
  kinds: DeviceKind[];
  /** Protocol B slots (0: none). */
  slots: number;
  /** The multitouch protocol: 'B' (slots), 'A' (contacts listed each frame), absent: not multitouch. */
  multitouch?: 'A' | 'B';
}

const KEY_A = code('KEY_A');
const KEY_Z = code('KEY_Z');
const KEY_SPACE = code('KEY_SPACE');
const BTN_MOUSE_FIRST = code('BTN_LEFT');
const BTN_MOUSE_LAST = code('BTN_TASK');
const BTN_TOUCH = code('BTN_TOUCH');
const BTN_TOOL_PEN = code('BTN_TOOL_PEN');
const REL_X = code('REL_X');
const REL_Y = code('REL_Y');
export const ABS_X = code('ABS_X');
export const ABS_Y = code('ABS_Y');
const INPUT_PROP_POINTER = code('INPUT_PROP_POINTER');
const INPUT_PROP_DIRECT = code('INPUT_PROP_DIRECT');
export const ABS_MT_SLOT = code('ABS_MT_SLOT');
export const ABS_MT_TRACKING_ID = code('ABS_MT_TRACKING_ID');
export const ABS_MT_POSITION_X = code('ABS_MT_POSITION_X');
export const ABS_MT_POSITION_Y = code('ABS_MT_POSITION_Y');

/** An axis with a range to scale from. */
function usableAxis(caps: EvdevCaps, absCode: number): boolean {
  const info = caps.abs.get(absCode);
  return info !== undefined && info.maximum > info.minimum;
}

export function classify(caps: EvdevCaps): Classification {
  const keys = new Set(caps.keys);
  const kinds: DeviceKind[] = [];
  if (keys.has(KEY_A) && keys.has(KEY_Z) && keys.has(KEY_SPACE)) kinds.push('keyboard');
  const mouseButton = caps.keys.some((k) => k >= BTN_MOUSE_FIRST && k <= BTN_MOUSE_LAST);
  if (caps.rels.includes(REL_X) && caps.rels.includes(REL_Y) && mouseButton) kinds.push('pointer');
  const mtAxes = usableAxis(caps, ABS_MT_POSITION_X) && usableAxis(caps, ABS_MT_POSITION_Y);
  const mt = mtAxes && [ABS_MT_SLOT, ABS_MT_TRACKING_ID].every((c) => caps.abs.has(c));
  const protocolA = mtAxes && !caps.abs.has(ABS_MT_SLOT);
  const absXY = (usableAxis(caps, ABS_X) && usableAxis(caps, ABS_Y)) || mt || protocolA;
  if (absXY) {
    const direct = caps.props.includes(INPUT_PROP_DIRECT);
    if (keys.has(BTN_TOOL_PEN)) kinds.push('tablet');
    else if (caps.props.includes(INPUT_PROP_POINTER)) kinds.push('touchpad');
    else if (keys.has(BTN_TOUCH) || direct) kinds.push('touch');
    else if (mouseButton) kinds.push('tablet');
  }
  if (mt) return { kinds, slots: caps.abs.get(ABS_MT_SLOT)!.maximum + 1, multitouch: 'B' };
  return { kinds, slots: 0, ...(protocolA ? { multitouch: 'A' as const } : {}) };
}
