/**
 * Fake input devices for the input layer's tests: each is a FIFO named eventN in a temp
 * directory (so a real descriptor, a real poll and real reads), with the capabilities and
 * state an EvdevAccess double answers for it. Tests write struct input_event bytes into
 * the FIFO as a driver would queue them.
 */
import { closeSync, constants, mkdtempSync, openSync, readSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StateReader } from '../../src/input/decoder.js';
import type { EvdevAccess } from '../../src/input/evdev-access.js';
import type { EvdevCaps } from '../../src/sys/input-ioctl.js';
import { mkfifo } from '../../src/sys/libc.js';
import { type AbsInfo, code, EV_ABS, EV_KEY, EV_REL, EV_SYN, encodeEvents, SYN_REPORT } from '../../src/sys/linux-input.js';

const axis = (minimum: number, maximum: number, value = minimum): AbsInfo => ({
  value,
  minimum,
  maximum,
  fuzz: 0,
  flat: 0,
  resolution: 0,
});

export function caps(partial: Partial<EvdevCaps>): EvdevCaps {
  return {
    name: 'fake',
    phys: '',
    id: { bustype: 6, vendor: 0, product: 0, version: 0 },
    props: [],
    types: [],
    keys: [],
    rels: [],
    abs: new Map(),
    leds: [],
    ...partial,
  };
}

export const KEYBOARD = caps({
  name: 'fake keyboard',
  types: [EV_SYN, EV_KEY],
  keys: ['KEY_A', 'KEY_Z', 'KEY_SPACE', 'KEY_LEFTSHIFT', 'KEY_CAPSLOCK', 'KEY_1', 'KEY_ENTER'].map(code),
});
export const TABLET = caps({
  name: 'fake tablet',
  types: [EV_SYN, EV_KEY, EV_ABS],
  keys: ['BTN_LEFT', 'BTN_RIGHT'].map(code),
  abs: new Map([
    [code('ABS_X'), axis(0, 32767)],
    [code('ABS_Y'), axis(0, 32767)],
  ]),
});
export const MOUSE = caps({
  name: 'fake mouse',
  types: [EV_SYN, EV_KEY, EV_REL],
  keys: [code('BTN_LEFT')],
  rels: ['REL_X', 'REL_Y', 'REL_WHEEL'].map(code),
});
export const MULTITOUCH = caps({
  name: 'fake touchscreen',
  types: [EV_SYN, EV_KEY, EV_ABS],
  keys: [code('BTN_TOUCH')],
  props: [code('INPUT_PROP_DIRECT')],
  abs: new Map([
    [code('ABS_X'), axis(0, 999)],
    [code('ABS_Y'), axis(0, 999)],
    [code('ABS_MT_SLOT'), axis(0, 4)],
    [code('ABS_MT_TRACKING_ID'), axis(0, 65535)],
    [code('ABS_MT_POSITION_X'), axis(0, 999)],
    [code('ABS_MT_POSITION_Y'), axis(0, 999)],
  ]),
});
/** A protocol A touchscreen: contacts without slots (nor ABS_X/ABS_Y: its pointer comes from the contacts). */
export const PROTOCOL_A = caps({
  name: 'fake protocol A touchscreen',
  types: [EV_SYN, EV_KEY, EV_ABS],
  keys: [code('BTN_TOUCH')],
  props: [code('INPUT_PROP_DIRECT')],
  abs: new Map([
    [code('ABS_MT_POSITION_X'), axis(0, 999)],
    [code('ABS_MT_POSITION_Y'), axis(0, 999)],
  ]),
});

interface FakeDevice {
  caps: EvdevCaps;
  /** What EVIOCGKEY / EVIOCGABS / EVIOCGMTSLOTS answer now. */
  state: { keys: number[]; abs: Map<number, number>; slots: Map<number, number[]> };
  writer: number;
  gone: boolean;
  openError?: string;
  grabbed: boolean;
}

export class FakeEvdev {
  readonly dir = mkdtempSync(join(tmpdir(), 'fbkit-input-'));
  readonly devices = new Map<string, FakeDevice>();
  readonly #fds = new Map<number, string>();
  #next = 0;

  /** Adds /…/eventN with these capabilities; returns its path. */
  add(c: EvdevCaps, options: { openError?: string; dir?: string } = {}): string {
    const path = join(options.dir ?? this.dir, `event${this.#next++}`);
    mkfifo(path);
    // Read side first (O_RDWR: never EOF, never blocks), so the writer's open succeeds.
    const keep = openSync(path, constants.O_RDWR | constants.O_NONBLOCK);
    const writer = openSync(path, constants.O_WRONLY | constants.O_NONBLOCK);
    closeSync(keep);
    this.devices.set(path, {
      caps: c,
      state: { keys: [], abs: new Map(), slots: new Map() },
      writer,
      gone: false,
      grabbed: false,
      openError: options.openError,
    });
    return path;
  }

  /** Queues events on the device: [type, code, value] with names, a SYN_REPORT after each frame. */
  write(path: string, ...frames: (readonly [string, string, number])[][]): void {
    const events = frames.flatMap((frame) => [
      ...frame.map(([t, c, value]) => ({ sec: 1, usec: 500, type: code(t), code: code(c), value })),
      { sec: 1, usec: 500, type: EV_SYN, code: SYN_REPORT, value: 0 },
    ]);
    this.writeBytes(path, encodeEvents(events));
  }

  writeBytes(path: string, bytes: Uint8Array): void {
    writeSync(this.devices.get(path)!.writer, bytes);
  }

  /** The device is unplugged: its next read fails with ENODEV (a byte wakes the poll). */
  unplug(path: string): void {
    this.devices.get(path)!.gone = true;
    writeSync(this.devices.get(path)!.writer, new Uint8Array(1));
  }

  /** The node is removed from the directory, as devtmpfs does on unplug. */
  removeNode(path: string): void {
    this.devices.get(path)!.gone = true;
    unlinkSync(path);
  }

  openCount(): number {
    return this.#fds.size;
  }

  readonly access: EvdevAccess = {
    open: (path) => {
      const d = this.devices.get(path);
      if (d?.openError) throw Object.assign(new Error(`open ${path}: ${d.openError}`), { code: d.openError });
      const fd = openSync(path, constants.O_RDWR | constants.O_NONBLOCK);
      this.#fds.set(fd, path);
      return fd;
    },
    close: (fd) => {
      this.#fds.delete(fd);
      closeSync(fd);
    },
    caps: (_fd, path) => this.devices.get(path)!.caps,
    grab: (_fd, path, on) => {
      this.devices.get(path)!.grabbed = on;
    },
    monotonic: () => {},
    state: (_fd, path): StateReader => {
      const s = this.devices.get(path)!.state;
      return {
        keysDown: () => s.keys,
        absValue: (c) => s.abs.get(c) ?? 0,
        mtSlots: (c, n) => Int32Array.from({ length: n }, (_, i) => s.slots.get(c)?.[i] ?? (c === code('ABS_MT_TRACKING_ID') ? -1 : 0)),
      };
    },
    read: (fd, buf) => {
      const path = this.#fds.get(fd)!;
      if (this.devices.get(path)?.gone) throw Object.assign(new Error('read: ENODEV'), { code: 'ENODEV' });
      try {
        return readSync(fd, buf, 0, buf.length, null);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EAGAIN') return 0;
        throw err;
      }
    },
  };

  cleanup(): void {
    for (const d of this.devices.values()) closeSync(d.writer);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
