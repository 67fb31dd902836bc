/** The typed events an InputSource delivers. */
import type { DeviceKind } from './classify.js';

interface Common {
  /** The device node it came from ('/dev/input/event3'). */
  device: string;
  /** Milliseconds on CLOCK_MONOTONIC (the kernel's timestamp; process.hrtime's clock). */
  time: number;
}

/**
 * A pointer: a mouse, an absolute tablet, or a touchscreen's (first) finger. x and y are
 * pixels of the screen given to the source, or raw device units without one.
 */
export interface PointerEvent extends Common {
  type: 'pointer';
  action: 'down' | 'move' | 'up';
  x: number;
  y: number;
  /** On down and up: 'left', 'right', 'middle', 'touch', or the BTN_ name of another button. */
  button?: string;
  source: 'mouse' | 'touch' | 'tablet';
}

/**
 * One contact of a multitouch screen, stable from down to up. Protocol B: `id` is the
 * kernel's tracking id, `slot` its slot. Protocol A: the driver's tracking id where it sends
 * one, else a number fbkit gives each new contact (counting from 0); `slot` the lowest free.
 */
export interface TouchEvent extends Common {
  type: 'touch';
  action: 'down' | 'move' | 'up';
  id: number;
  slot: number;
  x: number;
  y: number;
}

/** Wheel detents; dy > 0 scrolls down (towards the user), dx > 0 to the right. */
export interface WheelEvent extends Common {
  type: 'wheel';
  dx: number;
  dy: number;
  x: number;
  y: number;
}

export interface KeyEvent extends Common {
  type: 'key';
  /** The Linux name: 'KEY_A', 'KEY_ENTER'. */
  key: string;
  code: number;
  action: 'press' | 'repeat' | 'release';
  /** What the key types under the keymap (US), on press and repeat; absent when it types nothing. */
  text?: string;
}

/** A device appeared (hotplug, or at open) or went away (unplugged: ENODEV, or another error). */
export interface DeviceEvent extends Common {
  type: 'device';
  action: 'added' | 'removed';
  name?: string;
  kinds?: DeviceKind[];
  /** Why it was removed: 'ENODEV' (unplugged), 'EACCES', or the error's code. */
  reason?: string;
}

export type InputEvent = PointerEvent | TouchEvent | WheelEvent | KeyEvent | DeviceEvent;
