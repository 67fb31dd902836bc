/**
 * One device's raw evdev events -> typed events. The kernel groups events into frames
 * closed by SYN_REPORT, and everything in a frame happened at once: the decoder gathers a
 * frame, then reports it (keys in order; a pointer's press at its new position; touch
 * contacts by slot, or for protocol A by matching each frame's contacts to the last's).
 * After SYN_DROPPED (the device's buffer overflowed) it drops events
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

const SYN_MT_REPORT = code('SYN_MT_REPORT');
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

/** A protocol A contact: as read in a frame (id only where the driver sends ABS_MT_TRACKING_ID), or as reported. */
interface Contact {
  x?: number;
  y?: number;
  id?: number;
}
interface Tracked {
  id: number;
  slot: number;
  x: number;
  y: number;
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
  /** Protocol A: contacts have no slots; each frame lists them all. */
  readonly #protocolA: boolean;
  /** Protocol A: the contacts the last touch frame reported, and the next id to give one without a tracking id. */
  #tracked: Tracked[] = [];
  #nextId = 0;
  // The frame being gathered.
  #keys: [number, number][] = [];
  #abs = { x: 0, y: 0, moved: false };
  #rel = { dx: 0, dy: 0, wheel: 0, hwheel: 0 };
  /** Protocol A: the frame's finished contacts, the one being read, and whether the frame said anything about touches. */
  #contacts: Contact[] = [];
  #contact: Contact = {};
  #touchFrame = false;

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
    this.#protocolA = kind.multitouch === 'A';
    this.#emulatePointer = (kind.slots > 0 || this.#protocolA) && !caps.abs.has(ABS_X);
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
          } else if (e.code === SYN_MT_REPORT && this.#protocolA) this.#endContact();
          break;
        case EV_KEY:
          this.#keys.push([e.code, e.value]);
          // Protocol A's lift of the last finger may be BTN_TOUCH 0 alone (its SYN_MT_REPORT left out).
          if (e.code === BTN_TOUCH) this.#touchFrame = true;
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
    } else if (this.#protocolA) {
      if (absCode === ABS_MT_TRACKING_ID) this.#contact.id = value;
      else if (absCode === ABS_MT_POSITION_X) this.#contact.x = value;
      else if (absCode === ABS_MT_POSITION_Y) this.#contact.y = value;
      else return;
      this.#touchFrame = true;
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
    this.#contacts = [];
    this.#contact = {};
    this.#touchFrame = false;
  }

  /** SYN_MT_REPORT: one contact of the frame is complete; an empty one (no fingers left) adds none. */
  #endContact(): void {
    const c = this.#contact;
    if (c.x !== undefined || c.y !== undefined || c.id !== undefined) this.#contacts.push(c);
    this.#contact = {};
    this.#touchFrame = true;
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
      // Where the contacts drive the pointer, BTN_TOUCH is theirs to report (at their position).
      if (isTool(c) || (c === BTN_TOUCH && this.#emulatePointer)) continue;
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
    this.#reportContacts(t);
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
      if (s.id !== s.reportedId) {
        if (s.reportedId !== -1) this.#touch('up', s.reportedId, slot, s, t);
        if (s.id !== -1) this.#touch('down', s.id, slot, s, t);
        s.reportedId = s.id;
      } else if (s.moved && s.id !== -1) {
        this.#touch('move', s.id, slot, s, t);
      }
      s.moved = false;
    });
  }

  /**
   * Protocol A: a frame that said anything about touches lists every contact down (none: all
   * lifted). Contacts are matched to the last frame's by the driver's tracking id where it
   * sends one, else nearest first; a contact left over is new (the next id, the lowest free
   * slot, as mtdev gives them), one of the last frame's left over has lifted.
   */
  #reportContacts(t: number): void {
    if (!this.#protocolA || !this.#touchFrame) return;
    this.#endContact();
    const now = this.#contacts.map((c) => ({ x: c.x ?? 0, y: c.y ?? 0, id: c.id }));
    const before = this.#tracked;
    const matched = new Map<number, number>(); // index in now -> index in before
    const byId = now.every((c) => c.id !== undefined);
    const pairs: [number, number, number][] = [];
    now.forEach((c, i) =>
      before.forEach((b, j) => {
        if (byId ? c.id === b.id : true) pairs.push([(c.x - b.x) ** 2 + (c.y - b.y) ** 2, i, j]);
      }),
    );
    pairs.sort((p, q) => p[0] - q[0]);
    const taken = new Set<number>();
    for (const [, i, j] of pairs) {
      if (matched.has(i) || taken.has(j)) continue;
      matched.set(i, j);
      taken.add(j);
    }
    before.forEach((b, j) => {
      if (!taken.has(j)) this.#touch('up', b.id, b.slot, b, t);
    });
    const tracked: Tracked[] = [];
    now.forEach((c, i) => {
      const j = matched.get(i);
      if (j === undefined) return;
      const b = before[j]!;
      if (b.x !== c.x || b.y !== c.y) this.#touch('move', b.id, b.slot, c, t);
      tracked.push({ ...b, x: c.x, y: c.y });
    });
    now.forEach((c, i) => {
      if (matched.has(i)) return;
      let slot = 0;
      while (tracked.some((k) => k.slot === slot)) slot++;
      const id = c.id ?? this.#nextId++;
      this.#touch('down', id, slot, c, t);
      tracked.push({ id, slot, x: c.x, y: c.y });
    });
    this.#tracked = tracked.sort((p, q) => p.slot - q.slot);
  }

  /** One contact's event, and the emulated pointer's where the first contact drives it. */
  #touch(action: 'down' | 'move' | 'up', id: number, slot: number, raw: { x: number; y: number }, t: number): void {
    const pos = this.#toScreen(raw.x, raw.y, ABS_MT_POSITION_X, ABS_MT_POSITION_Y);
    this.#emit({ type: 'touch', action, id, slot, ...pos, device: this.#path, time: t });
    if (!this.#emulatePointer || (this.#primary !== undefined && this.#primary !== slot)) return;
    this.#primary = action === 'up' ? undefined : slot;
    this.#pointer(action, pos, action === 'move' ? undefined : BTN_TOUCH, t);
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
    // A touch frame listing no contacts: every protocol A contact lifts.
    this.#contacts = [];
    this.#contact = {};
    this.#touchFrame = true;
    this.#report(t);
  }
}

const time = (e: RawInputEvent): number => e.sec * 1000 + e.usec / 1000;
