/**
 * One device's raw evdev events -> typed events. The kernel groups events into frames
 * closed by SYN_REPORT, and everything in a frame happened at once: the decoder gathers a
 * frame, then reports it (keys in order; a pointer's press at its new position; touch
 * contacts by slot). After SYN_DROPPED (the device's buffer overflowed) it drops events
 * up to the next SYN_REPORT, reads the device's state (EVIOCGKEY, EVIOCGABS,
 * EVIOCGMTSLOTS) and reports the difference, as the kernel's documentation asks
 * (Documentation/input/event-codes.rst). Since more events may already be queued behind
 * that state, a press of a key already down or a release of one already up is dropped.
 */
import type { EvdevCaps } from '../sys/input-ioctl.js';
import { code, codeName, EV_ABS, EV_KEY, EV_REL, EV_SYN, type RawInputEvent, SYN_DROPPED, SYN_REPORT } from '../sys/linux-input.js';
import { ABS_MT_POSITION_X, ABS_MT_POSITION_Y, ABS_MT_SLOT, ABS_MT_TRACKING_ID, ABS_X, ABS_Y, type Classification } from './classify.js';
import type { InputEvent, PointerEvent } from './events.js';
import { type AbsTransform, normalize } from './geometry.js';
import { UsKeymap } from './keymap.js';

/** The device's current state, read on demand for a resync. */
export interface StateReader {
  keysDown(): number[];
  absValue(absCode: number): number;
  mtSlots(absCode: number, slots: number): Int32Array;
}

/** A relative pointer's position, shared by every mouse of a source (one cursor, as in X). */
export interface Cursor {
  x: number;
  y: number;
}

const REL_X = code('REL_X');
const REL_Y = code('REL_Y');
const REL_WHEEL = code('REL_WHEEL');
const REL_HWHEEL = code('REL_HWHEEL');
const BTN_MISC = code('BTN_0');
const BTN_LAST = code('BTN_GEAR_UP');
const BTN_TRIGGER_HAPPY = code('BTN_TRIGGER_HAPPY1');
const BTN_TRIGGER_HAPPY_LAST = code('BTN_TRIGGER_HAPPY40');
const BTN_TOUCH = code('BTN_TOUCH');
const BUTTON_NAMES: ReadonlyMap<number, string> = new Map([
  [code('BTN_LEFT'), 'left'],
  [code('BTN_RIGHT'), 'right'],
  [code('BTN_MIDDLE'), 'middle'],
  [BTN_TOUCH, 'touch'],
]);

/** BTN_* codes are a pointer's buttons; the rest of EV_KEY are keys. */
const isButton = (c: number): boolean => (c >= BTN_MISC && c <= BTN_LAST) || (c >= BTN_TRIGGER_HAPPY && c <= BTN_TRIGGER_HAPPY_LAST);
/** BTN_TOOL_* say what touches (a finger, two, a pen), not a press: touchscreens send them with BTN_TOUCH. */
const isTool = (c: number): boolean => codeName(EV_KEY, c).startsWith('BTN_TOOL_');

interface Slot {
  id: number;
  x: number;
  y: number;
  /** The id and position the last report told. */
  reportedId: number;
  moved: boolean;
}

export class DeviceDecoder {
  readonly #path: string;
  readonly #caps: EvdevCaps;
  readonly #transform: AbsTransform | undefined;
  readonly #cursor: Cursor;
  readonly #emit: (event: InputEvent) => void;
  readonly #keymap = new UsKeymap();
  readonly #source: PointerEvent['source'];
  readonly #relative: boolean;
  readonly #down = new Set<number>();
  readonly #slots: Slot[];
  #slot = 0;
  /** The slot whose contact is the pointer, on multitouch screens without ABS_X/ABS_Y. */
  #primary: number | undefined;
  readonly #emulatePointer: boolean;
  #dropping = false;
  // The frame being gathered.
  #keys: [number, number][] = [];
  #abs = { x: 0, y: 0, moved: false };
  #rel = { dx: 0, dy: 0, wheel: 0, hwheel: 0 };

  constructor(
    path: string,
    caps: EvdevCaps,
    kind: Classification,
    transform: AbsTransform | undefined,
    cursor: Cursor,
    emit: (event: InputEvent) => void,
  ) {
    this.#path = path;
    this.#caps = caps;
    this.#transform = transform;
    this.#cursor = cursor;
    this.#emit = emit;
    this.#relative = kind.kinds.includes('pointer') && !caps.abs.has(ABS_X);
    this.#source = kind.kinds.includes('touch') ? 'touch' : kind.kinds.includes('tablet') ? 'tablet' : 'mouse';
    this.#emulatePointer = kind.slots > 0 && !caps.abs.has(ABS_X);
    this.#slots = Array.from({ length: kind.slots }, () => ({ id: -1, x: 0, y: 0, reportedId: -1, moved: false }));
    this.#abs.x = caps.abs.get(ABS_X)?.value ?? 0;
    this.#abs.y = caps.abs.get(ABS_Y)?.value ?? 0;
  }

  /** Takes the device's state without reporting it (at open: keys held then are known, not pressed). */
  prime(state: StateReader): void {
    for (const k of state.keysDown()) this.#down.add(k);
    this.#readSlots(state);
    for (const s of this.#slots) s.reportedId = s.id;
  }

  feed(events: readonly RawInputEvent[], state: StateReader): void {
    for (const e of events) {
      if (this.#dropping) {
        if (e.type === EV_SYN && e.code === SYN_REPORT) {
          this.#dropping = false;
          this.#resync(state, time(e));
        }
        continue;
      }
      switch (e.type) {
        case EV_SYN:
          if (e.code === SYN_REPORT) this.#report(time(e));
          else if (e.code === SYN_DROPPED) {
            this.#dropping = true;
            this.#clearFrame();
          }
          break;
        case EV_KEY:
          this.#keys.push([e.code, e.value]);
          break;
        case EV_REL:
          if (e.code === REL_X) this.#rel.dx += e.value;
          else if (e.code === REL_Y) this.#rel.dy += e.value;
          else if (e.code === REL_WHEEL) this.#rel.wheel += e.value;
          else if (e.code === REL_HWHEEL) this.#rel.hwheel += e.value;
          break;
        case EV_ABS:
          this.#onAbs(e.code, e.value);
          break;
      }
    }
  }

  #onAbs(absCode: number, value: number): void {
    if (absCode === ABS_X) {
      this.#abs.x = value;
      this.#abs.moved = true;
    } else if (absCode === ABS_Y) {
      this.#abs.y = value;
      this.#abs.moved = true;
    } else if (absCode === ABS_MT_SLOT) {
      this.#slot = value;
    } else if (this.#slots[this.#slot]) {
      const s = this.#slots[this.#slot]!;
      if (absCode === ABS_MT_TRACKING_ID) s.id = value;
      else if (absCode === ABS_MT_POSITION_X) [s.x, s.moved] = [value, true];
      else if (absCode === ABS_MT_POSITION_Y) [s.y, s.moved] = [value, true];
    }
  }

  #clearFrame(): void {
    this.#keys = [];
    this.#abs.moved = false;
    this.#rel = { dx: 0, dy: 0, wheel: 0, hwheel: 0 };
  }

  /** Screen position of an absolute (x, y) on the axes given. */
  #toScreen(x: number, y: number, axisX: number, axisY: number): { x: number; y: number } {
    const ix = this.#caps.abs.get(axisX);
    const iy = this.#caps.abs.get(axisY);
    if (!this.#transform || !ix || !iy) return { x, y };
    return this.#transform.toScreen(normalize(x, ix.minimum, ix.maximum), normalize(y, iy.minimum, iy.maximum));
  }

  #pointerPosition(): { x: number; y: number } {
    return this.#relative ? { x: this.#cursor.x, y: this.#cursor.y } : this.#toScreen(this.#abs.x, this.#abs.y, ABS_X, ABS_Y);
  }

  #report(t: number): void {
    const device = this.#path;
    const buttons: [number, number][] = [];
    for (const [c, value] of this.#keys) {
      if (isTool(c)) continue;
      if (isButton(c)) buttons.push([c, value]);
      else this.#key(c, value, t);
    }
    let moved = this.#abs.moved;
    // Relative motion moves the cursor in the application's upright pixels, unturned by the
    // display's rotation: a mouse lies in front of the picture as the viewer sees it (a
    // touch panel, glued to the screen, turns with it).
    if (this.#relative && (this.#rel.dx !== 0 || this.#rel.dy !== 0)) {
      const w = this.#transform?.width;
      const h = this.#transform?.height;
      this.#cursor.x = w === undefined ? this.#cursor.x + this.#rel.dx : Math.min(w - 1, Math.max(0, this.#cursor.x + this.#rel.dx));
      this.#cursor.y = h === undefined ? this.#cursor.y + this.#rel.dy : Math.min(h - 1, Math.max(0, this.#cursor.y + this.#rel.dy));
      moved = true;
    }
    const presses = buttons.filter(([c, v]) => v === 1 && !this.#down.has(c));
    const releases = buttons.filter(([c, v]) => v === 0 && this.#down.has(c));
    const pos = this.#pointerPosition();
    const pointer = (action: PointerEvent['action'], button?: number): void => this.#pointer(action, pos, button, t);
    // A press is reported at the new position (a touch has no position before it lands).
    if (moved && presses.length === 0) pointer('move');
    for (const [c] of presses) {
      this.#down.add(c);
      pointer('down', c);
    }
    for (const [c] of releases) {
      this.#down.delete(c);
      pointer('up', c);
    }
    if (this.#rel.wheel !== 0 || this.#rel.hwheel !== 0) {
      this.#emit({ type: 'wheel', dx: this.#rel.hwheel, dy: -this.#rel.wheel, ...pos, device, time: t });
    }
    this.#reportSlots(t);
    this.#clearFrame();
  }

  #pointer(action: PointerEvent['action'], pos: { x: number; y: number }, button: number | undefined, t: number): void {
    this.#emit({
      type: 'pointer',
      action,
      ...pos,
      ...(button === undefined ? {} : { button: BUTTON_NAMES.get(button) ?? codeName(EV_KEY, button) }),
      source: this.#source,
      device: this.#path,
      time: t,
    });
  }

  #key(c: number, value: number, t: number): void {
    const key = codeName(EV_KEY, c);
    let action: 'press' | 'repeat' | 'release';
    if (value === 0) {
      if (!this.#down.delete(c)) return;
      action = 'release';
    } else if (value === 1) {
      if (this.#down.has(c)) return;
      this.#down.add(c);
      action = 'press';
    } else {
      if (!this.#down.has(c)) return;
      action = 'repeat';
    }
    const text = this.#keymap.feed(key, action);
    this.#emit({ type: 'key', key, code: c, action, ...(text ? { text } : {}), device: this.#path, time: t });
  }

  /**
   * Touches by slot. A multitouch screen without the single-touch axes (ABS_X/ABS_Y, which
   * most drivers add for the oldest contact) gets its pointer from here: the first contact
   * down while none is drives it until it lifts.
   */
  #reportSlots(t: number): void {
    this.#slots.forEach((s, slot) => {
      const touch = (action: 'down' | 'move' | 'up', id: number): void => {
        const pos = this.#toScreen(s.x, s.y, ABS_MT_POSITION_X, ABS_MT_POSITION_Y);
        this.#emit({ type: 'touch', action, id, slot, ...pos, device: this.#path, time: t });
        if (!this.#emulatePointer || (this.#primary !== undefined && this.#primary !== slot)) return;
        this.#primary = action === 'up' ? undefined : slot;
        this.#pointer(action, pos, action === 'move' ? undefined : BTN_TOUCH, t);
      };
      if (s.id !== s.reportedId) {
        if (s.reportedId !== -1) touch('up', s.reportedId);
        if (s.id !== -1) touch('down', s.id);
        s.reportedId = s.id;
      } else if (s.moved && s.id !== -1) {
        touch('move', s.id);
      }
      s.moved = false;
    });
  }

  #readSlots(state: StateReader): void {
    if (this.#slots.length === 0) return;
    const n = this.#slots.length;
    const ids = state.mtSlots(ABS_MT_TRACKING_ID, n);
    const xs = state.mtSlots(ABS_MT_POSITION_X, n);
    const ys = state.mtSlots(ABS_MT_POSITION_Y, n);
    this.#slots.forEach((s, i) => {
      s.moved = s.moved || s.x !== xs[i] || s.y !== ys[i];
      [s.id, s.x, s.y] = [ids[i]!, xs[i]!, ys[i]!];
    });
    this.#slot = state.absValue(ABS_MT_SLOT);
  }

  /** After SYN_DROPPED: report what changed while events were lost, as one frame. */
  #resync(state: StateReader, t: number): void {
    const now = new Set(state.keysDown());
    for (const c of [...this.#down]) if (!now.has(c)) this.#keys.push([c, 0]);
    for (const c of now) if (!this.#down.has(c)) this.#keys.push([c, 1]);
    if (this.#caps.abs.has(ABS_X) && this.#caps.abs.has(ABS_Y)) {
      const [x, y] = [state.absValue(ABS_X), state.absValue(ABS_Y)];
      if (x !== this.#abs.x || y !== this.#abs.y) this.#abs = { x, y, moved: true };
    }
    this.#readSlots(state);
    this.#report(t);
  }

  /** The device is gone: whatever it held down is let go, so no key or button stays stuck. */
  release(t: number): void {
    for (const c of [...this.#down]) this.#keys.push([c, 0]);
    for (const s of this.#slots) s.id = -1;
    this.#report(t);
  }
}

const time = (e: RawInputEvent): number => e.sec * 1000 + e.usec / 1000;
