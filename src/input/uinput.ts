/**
 * Input devices made in software through uinput: a keyboard, an absolute pointer (a
 * tablet, like QEMU's) and a multitouch screen (protocol B). What they send arrives on
 * their /dev/input/eventN as from real hardware, for tests, demos and a remote view.
 */
import { existsSync, readdirSync, writeSync } from 'node:fs';
import { FbkitError } from '../errors.js';
import { createUinputDevice, destroyUinputDevice, type UinputSpec } from '../sys/input-ioctl.js';
import { closeFd, O_NONBLOCK, O_WRONLY, openFd } from '../sys/libc.js';
import { KEY_CODES } from '../sys/input-codes.js';
import { type AbsInfo, code, EV_ABS, EV_KEY, EV_SYN, encodeEvents, SYN_REPORT } from '../sys/linux-input.js';
import { keysFor } from './keymap.js';

export interface VirtualDeviceOptions {
  /** What EVIOCGNAME answers (at most 79 bytes). */
  name?: string;
  /** The uinput node (default /dev/uinput). */
  uinput?: string;
  /** Absolute devices: the largest X and Y (default 32767 both, QEMU's range). */
  maxX?: number;
  maxY?: number;
  /** Multitouch: how many contacts at once (default 10). */
  slots?: number;
}

const axis = (maximum: number): AbsInfo => ({ value: 0, minimum: 0, maximum, fuzz: 0, flat: 0, resolution: 0 });
const BUS_VIRTUAL = 0x06;

/** One virtual device; close() removes it. */
export class VirtualInputDevice {
  readonly #fd: number;
  readonly #path: string;
  #closed = false;
  /** Its event node, as readers find it ('/dev/input/event5'). */
  readonly devnode: string;
  readonly name: string;

  private constructor(fd: number, path: string, devnode: string, name: string) {
    this.#fd = fd;
    this.#path = path;
    this.devnode = devnode;
    this.name = name;
  }

  static async create(spec: UinputSpec, uinput = '/dev/uinput'): Promise<VirtualInputDevice> {
    const fd = openFd(uinput, O_WRONLY | O_NONBLOCK);
    try {
      const sysname = createUinputDevice(fd, spec, uinput);
      const devnode = await eventNodeOf(sysname);
      return new VirtualInputDevice(fd, uinput, devnode, spec.name);
    } catch (err) {
      closeFd(fd);
      throw err;
    }
  }

  /** Every letter, digit, sign and editing key of a PC keyboard. */
  static keyboard(options: VirtualDeviceOptions = {}): Promise<VirtualInputDevice> {
    const keys = KEY_CODES.filter(([, c]) => c > 0 && c < code('BTN_MISC')).map(([, c]) => c);
    return VirtualInputDevice.create(
      { name: options.name ?? 'fbkit virtual keyboard', id: id(1), types: [EV_KEY], keys: [...new Set(keys)] },
      options.uinput,
    );
  }

  /** An absolute pointer with three buttons: what QEMU's virtio-tablet is. */
  static absolutePointer(options: VirtualDeviceOptions = {}): Promise<VirtualInputDevice> {
    return VirtualInputDevice.create(
      {
        name: options.name ?? 'fbkit virtual tablet',
        id: id(2),
        types: [EV_KEY, EV_ABS],
        keys: ['BTN_LEFT', 'BTN_RIGHT', 'BTN_MIDDLE'].map(code),
        abs: new Map([
          [code('ABS_X'), axis(options.maxX ?? 32767)],
          [code('ABS_Y'), axis(options.maxY ?? 32767)],
        ]),
      },
      options.uinput,
    );
  }

  /** A touchscreen with `slots` contacts (protocol B) and the single-touch emulation drivers add. */
  static multitouch(options: VirtualDeviceOptions = {}): Promise<VirtualInputDevice> {
    const [mx, my] = [options.maxX ?? 32767, options.maxY ?? 32767];
    return VirtualInputDevice.create(
      {
        name: options.name ?? 'fbkit virtual touchscreen',
        id: id(3),
        types: [EV_KEY, EV_ABS],
        keys: [code('BTN_TOUCH')],
        props: [code('INPUT_PROP_DIRECT')],
        abs: new Map([
          [code('ABS_X'), axis(mx)],
          [code('ABS_Y'), axis(my)],
          [code('ABS_MT_SLOT'), axis((options.slots ?? 10) - 1)],
          [code('ABS_MT_TRACKING_ID'), axis(65535)],
          [code('ABS_MT_POSITION_X'), axis(mx)],
          [code('ABS_MT_POSITION_Y'), axis(my)],
        ]),
      },
      options.uinput,
    );
  }

  /** Sends events as one frame (a SYN_REPORT is added). Names or numbers: ['EV_KEY', 'KEY_A', 1]. */
  send(events: readonly (readonly [type: string | number, code: string | number, value: number])[]): void {
    if (this.#closed) throw new FbkitError('ECLOSED', `${this.name} is closed`, 'create the device again');
    const raw = [...events, [EV_SYN, SYN_REPORT, 0] as const].map(([t, c, value]) => ({
      sec: 0,
      usec: 0,
      type: typeof t === 'string' ? code(t) : t,
      code: typeof c === 'string' ? code(c) : c,
      value,
    }));
    writeSync(this.#fd, encodeEvents(raw));
  }

  /** Presses and releases `key` ('KEY_A'). */
  tapKey(key: string): void {
    this.send([[EV_KEY, key, 1]]);
    this.send([[EV_KEY, key, 0]]);
  }

  /** Types `text` under the US layout (shift as needed). */
  type(text: string): void {
    for (const ch of text) {
      const keys = keysFor(ch);
      if (!keys) throw new FbkitError('EINVAL', `'${ch}' cannot be typed on a US keyboard`, 'type ASCII text');
      for (const k of keys) this.send([[EV_KEY, k, 1]]);
      for (const k of [...keys].reverse()) this.send([[EV_KEY, k, 0]]);
    }
  }

  /** An absolute pointer's (or single touch's) press and release at (x, y) in device units. */
  tap(x: number, y: number, button = 'BTN_LEFT'): void {
    this.send([
      ['EV_ABS', 'ABS_X', x],
      ['EV_ABS', 'ABS_Y', y],
      [EV_KEY, button, 1],
    ]);
    this.send([[EV_KEY, button, 0]]);
  }

  /** One multitouch frame: the contacts down now, by slot; a slot left out is lifted if it was down. */
  touch(contacts: readonly { slot: number; id: number; x: number; y: number }[], lifted: readonly number[] = []): void {
    const events: [string, string, number][] = [];
    for (const c of contacts)
      events.push(
        ['EV_ABS', 'ABS_MT_SLOT', c.slot],
        ['EV_ABS', 'ABS_MT_TRACKING_ID', c.id],
        ['EV_ABS', 'ABS_MT_POSITION_X', c.x],
        ['EV_ABS', 'ABS_MT_POSITION_Y', c.y],
      );
    for (const slot of lifted) events.push(['EV_ABS', 'ABS_MT_SLOT', slot], ['EV_ABS', 'ABS_MT_TRACKING_ID', -1]);
    const first = contacts[0];
    if (first) events.push(['EV_ABS', 'ABS_X', first.x], ['EV_ABS', 'ABS_Y', first.y]);
    events.push(['EV_KEY', 'BTN_TOUCH', contacts.length > 0 ? 1 : 0]);
    this.send(events);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    try {
      destroyUinputDevice(this.#fd, this.#path);
    } finally {
      closeFd(this.#fd);
    }
  }

  [Symbol.dispose](): void {
    this.close();
  }
}

function id(product: number) {
  return { bustype: BUS_VIRTUAL, vendor: 0xfb, product, version: 1 };
}

/** /sys/devices/virtual/input/<sysname>/eventN -> /dev/input/eventN, once devtmpfs has made it. */
async function eventNodeOf(sysname: string): Promise<string> {
  const dir = `/sys/devices/virtual/input/${sysname}`;
  for (let tries = 0; tries < 100; tries++) {
    const event = existsSync(dir) ? readdirSync(dir).find((n) => /^event\d+$/.test(n)) : undefined;
    if (event && existsSync(`/dev/input/${event}`)) return `/dev/input/${event}`;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new FbkitError(
    'ENOENT',
    `the uinput device ${sysname} got no /dev/input/event node within 2 s`,
    'is devtmpfs (or udev) managing /dev?',
  );
}
