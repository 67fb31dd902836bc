/**
 * InputSource: the application's one stream of input, from every keyboard, mouse, tablet
 * and touchscreen (or the devices named), in screen pixels of the display given.
 *
 * Two ways to take the events, one stream under both:
 *   - `source.on('event', fn)`: every event, synchronously and in order, as it is decoded;
 *     what a kiosk wants (redraw a button on press). Nothing is buffered.
 *   - `for await (const e of source)`: for sequential scripts and tests; each iterator
 *     keeps its own queue (bounded: past 4096 unread events the oldest are dropped, and
 *     `source.dropped` counts them), which exists only while it iterates.
 *
 * Waiting costs no thread: the descriptors are non-blocking and one helper process polls
 * them all (sys/fd-poller.ts). Devices plugged in later are found through inotify on
 * /dev/input (fs.watch) and reported as 'device' 'added'; one that goes away (ENODEV on
 * read, or its node removed) is closed and reported 'removed', never thrown. With `grab`,
 * each device is taken exclusively (EVIOCGRAB): the console and other readers see nothing.
 * The grab belongs to the open file, so the kernel ends it when the file is closed: by
 * close(), and on any exit, a SIGKILL included (the poll helper, which shares the files,
 * dies with the process).
 */
import { EventEmitter } from 'node:events';
import { existsSync, type FSWatcher, watch } from 'node:fs';
import { basename, dirname } from 'node:path';
import { FbkitError, UnsupportedError } from '../errors.js';
import { FdPoller } from '../sys/fd-poller.js';
import type { EvdevCaps } from '../sys/input-ioctl.js';
import { decodeEvents, eventLayout } from '../sys/linux-input.js';
import { classify, type DeviceKind } from './classify.js';
import { type Cursor, DeviceDecoder } from './decoder.js';
import { type EvdevAccess, kernelAccess } from './evdev-access.js';
import type { InputEvent } from './events.js';
import { eventNodes } from './list.js';
import { type AbsTransform, type GeometryOptions, makeTransform, type ScreenGeometry } from './geometry.js';

export interface InputOptions extends GeometryOptions {
  /** Device nodes to read; default: every input device in `dir`, and those plugged in later. */
  devices?: readonly string[];
  /** Only devices of these kinds (default: all that are a keyboard, pointer, touch, touchpad or tablet). */
  kinds?: readonly DeviceKind[];
  /** The display whose pixels positions are given in: { width, height, rotation? }, a Framebuffer itself. Without it: device units. */
  screen?: ScreenGeometry;
  /** Take each device exclusively (EVIOCGRAB). */
  grab?: boolean;
  /** Follow devices plugged in and out (default: true unless `devices` is given). */
  hotplug?: boolean;
  /** Where the device nodes are (default /dev/input). */
  dir?: string;
  /** The kernel by default; tests give a fake. */
  access?: EvdevAccess;
}

export interface InputDeviceInfo {
  path: string;
  name: string;
  kinds: DeviceKind[];
  /** Multitouch slots (protocol B), 0 if none. */
  slots: number;
  /** The multitouch protocol ('A': no slots, contacts listed each frame); absent: not multitouch. */
  multitouch?: 'A' | 'B';
  caps: EvdevCaps;
}

interface OpenDevice extends InputDeviceInfo {
  fd: number;
  decoder: DeviceDecoder;
  /** A partial event left over from the last read (FIFOs may split them; evdev never does). */
  rest: Uint8Array;
}

/** How many unread events an iterator keeps before dropping the oldest. */
const ITERATOR_QUEUE = 4096;

export class InputSource implements AsyncIterable<InputEvent> {
  readonly #emitter = new EventEmitter();
  readonly #options: InputOptions;
  readonly #access: EvdevAccess;
  readonly #dir: string;
  readonly #transform: AbsTransform | undefined;
  readonly #cursor: Cursor;
  readonly #devices = new Map<string, OpenDevice>();
  readonly #poller: FdPoller;
  readonly #ignored = new Set<string>();
  #watcher: FSWatcher | undefined;
  #closed = false;
  #started = false;
  #dropped = 0;
  readonly #buf: Uint8Array;

  private constructor(options: InputOptions) {
    this.#options = options;
    this.#access = options.access ?? kernelAccess;
    this.#dir = options.dir ?? '/dev/input';
    this.#transform = options.screen ? makeTransform(options.screen, options) : undefined;
    this.#cursor = options.screen ? { x: options.screen.width >> 1, y: options.screen.height >> 1 } : { x: 0, y: 0 };
    this.#buf = new Uint8Array(eventLayout().size * 64);
    this.#poller = new FdPoller(
      'input devices',
      (ready) => {
        const devices = [...this.#devices.values()];
        for (const { index } of ready) {
          const device = devices[index];
          // A device an earlier read of this batch found gone is closed already.
          if (device && this.#devices.get(device.path) === device) this.#drain(device);
        }
      },
      // The helper died (killed from outside): keep going with a new one.
      () => this.#rewatch(),
    );
  }

  /**
   * Opens the devices. Named devices that cannot be used are errors (EACCES with the
   * 'input' group hint, ENOENT, a device with no usable axes or keys); when looking at all
   * devices, those that cannot be used are left out (`skipped`), unless none can be opened
   * for lack of permission, which is the EACCES error.
   */
  static open(options: InputOptions = {}): InputSource {
    const source = new InputSource(options);
    try {
      source.#start();
    } catch (err) {
      source.close();
      throw err;
    }
    return source;
  }

  /** Devices left out at open and why ('EACCES', 'no usable axes or keys'...). */
  readonly skipped: { path: string; reason: string }[] = [];

  /** The devices read now. */
  get devices(): InputDeviceInfo[] {
    return [...this.#devices.values()].map(({ path, name, kinds, slots, multitouch, caps }) => ({
      path,
      name,
      kinds,
      slots,
      ...(multitouch ? { multitouch } : {}),
      caps,
    }));
  }

  /** Events async iterators dropped because nobody read them. */
  get dropped(): number {
    return this.#dropped;
  }

  /** The poll helper's pid (tests look at its CPU time). */
  get helperPid(): number | undefined {
    return this.#poller.pid;
  }

  on(name: 'event', listener: (event: InputEvent) => void): this {
    this.#emitter.on(name, listener);
    return this;
  }

  off(name: 'event', listener: (event: InputEvent) => void): this {
    this.#emitter.off(name, listener);
    return this;
  }

  #start(): void {
    const named = this.#options.devices;
    if (named) {
      for (const path of named) this.#add(path);
    } else {
      const failures: FbkitError[] = [];
      for (const path of this.#scan()) {
        try {
          this.#add(path);
        } catch (err) {
          if (!(err instanceof FbkitError)) throw err;
          failures.push(err);
          this.skipped.push({ path, reason: err.code });
        }
      }
      const denied = failures.find((e) => e.code === 'EACCES');
      if (this.#devices.size === 0 && denied) throw denied;
    }
    if (this.#hotplug) this.#watch();
    this.#started = true;
    this.#rewatch();
  }

  #scan(): string[] {
    return eventNodes(this.#dir);
  }

  /** Opens one device; throws (typed) if it cannot be used. */
  #add(path: string): OpenDevice {
    const access = this.#access;
    const fd = access.open(path);
    try {
      const caps = access.caps(fd, path);
      const kind = classify(caps);
      const wanted = this.#options.kinds;
      const kinds = wanted ? kind.kinds.filter((k) => wanted.includes(k)) : kind.kinds;
      if (kinds.length === 0) {
        throw new UnsupportedError(
          'ENOAXES',
          `${path} (${caps.name}) has no usable axes or keys${wanted ? ` for ${wanted.join(', ')}` : ''}: it is not a keyboard, pointer, touchscreen or tablet`,
          'pick another device (fbkit input list shows what each one is)',
        );
      }
      try {
        access.monotonic(fd, path);
      } catch {
        // Kernels before 3.4 keep CLOCK_REALTIME: times then jump with the wall clock.
      }
      if (this.#options.grab) {
        try {
          access.grab(fd, path, true);
        } catch (err) {
          if ((err as FbkitError).code === 'EBUSY')
            throw new FbkitError(
              'EBUSY',
              `${path} (${caps.name}) is grabbed by another program`,
              'stop the program that holds it (an X server, another fbkit) or open it without grab',
            );
          throw err;
        }
      }
      const decoder = new DeviceDecoder(path, caps, kind, this.#transform, this.#cursor, (e) => this.#deliver(e));
      decoder.prime(access.state(fd, path));
      const { slots, multitouch } = kind;
      const device: OpenDevice = {
        path,
        name: caps.name,
        kinds,
        slots,
        ...(multitouch ? { multitouch } : {}),
        caps,
        fd,
        decoder,
        rest: new Uint8Array(0),
      };
      this.#devices.set(path, device);
      return device;
    } catch (err) {
      access.close(fd);
      throw err;
    }
  }

  #deliver(event: InputEvent): void {
    this.#emitter.emit('event', event);
  }

  /** Reads everything the device has now; a failure closes it and reports it. */
  #drain(device: OpenDevice): void {
    const size = eventLayout().size;
    for (;;) {
      let n: number;
      try {
        n = this.#access.read(device.fd, this.#buf);
      } catch (err) {
        this.#remove(device, (err as { code?: string }).code ?? 'EIO');
        this.#rewatch();
        return;
      }
      if (n === 0) return;
      let bytes = this.#buf.subarray(0, n);
      if (device.rest.length > 0) bytes = Uint8Array.from([...device.rest, ...bytes]);
      const whole = bytes.length - (bytes.length % size);
      device.rest = bytes.slice(whole);
      device.decoder.feed(decodeEvents(bytes.subarray(0, whole)), this.#access.state(device.fd, device.path));
      if (n < this.#buf.length) return;
    }
  }

  #remove(device: OpenDevice, reason: string): void {
    this.#devices.delete(device.path);
    const time = now();
    device.decoder.release(time);
    try {
      this.#access.close(device.fd);
    } catch {
      // already gone
    }
    this.#deliver({ type: 'device', action: 'removed', device: device.path, name: device.name, reason, time });
  }

  get #hotplug(): boolean {
    return this.#options.hotplug ?? this.#options.devices === undefined;
  }

  /** Waits on the devices open now. Without hotplug, the last device gone ends the source (and its iterators). */
  #rewatch(): void {
    if (this.#closed) return;
    if (!this.#hotplug && this.#devices.size === 0 && this.#started) return this.close();
    this.#poller.watch([...this.#devices.values()].map((d) => d.fd));
  }

  /**
   * inotify on the device directory: new nodes are opened, vanished ones closed. A system
   * that has had no input device since boot has no /dev/input yet: its parent is watched
   * until it appears.
   */
  #watch(): void {
    const dir = this.#dir;
    const waitForDir = !existsSync(dir);
    try {
      this.#watcher = waitForDir
        ? watch(dirname(dir), (_, name) => {
            if (name !== basename(dir) || !existsSync(dir)) return;
            this.#watcher?.close();
            this.#watch();
          })
        : watch(dir, () => this.#rescan());
    } catch (err) {
      throw new FbkitError(
        'ENOENT',
        `cannot watch ${waitForDir ? dirname(dir) : dir} for new input devices: ${(err as Error).message}`,
        'name the devices to read instead (--device, or devices: [...] with hotplug: false)',
      );
    }
    this.#watcher.on('error', () => this.#watcher?.close());
    // Nodes made between the directory's creation and the watch.
    if (!waitForDir) this.#rescan();
  }

  #rescan(): void {
    if (this.#closed) return;
    const present = new Set(this.#scan());
    for (const path of this.#ignored) if (!present.has(path)) this.#ignored.delete(path);
    let changed = false;
    for (const device of [...this.#devices.values()]) {
      if (!present.has(device.path)) {
        this.#remove(device, 'ENODEV');
        changed = true;
      }
    }
    for (const path of present) if (!this.#devices.has(path)) this.#tryAdd(path, 10);
    if (changed) this.#rewatch();
  }

  /** A node just created may not be ready (udev sets its group a moment later): a few tries. */
  #tryAdd(path: string, triesLeft: number): void {
    if (this.#closed || this.#devices.has(path) || this.#ignored.has(path) || !existsSync(path)) return;
    try {
      const device = this.#add(path);
      this.#deliver({ type: 'device', action: 'added', device: path, name: device.name, kinds: device.kinds, time: now() });
      this.#rewatch();
    } catch (err) {
      const code = (err as { code?: string }).code;
      if ((code === 'EACCES' || code === 'ENXIO' || code === 'ENODEV') && triesLeft > 1)
        setTimeout(() => this.#tryAdd(path, triesLeft - 1), 100).unref();
      // Not an input device for us (a power button, a lid switch): not opened again until it goes.
      else this.#ignored.add(path);
    }
  }

  /** Stops reading: releases grabs, closes the devices, ends iterators. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#watcher?.close();
    this.#poller.close();
    for (const device of this.#devices.values()) {
      try {
        if (this.#options.grab) this.#access.grab(device.fd, device.path, false);
      } catch {
        // the device went away; closing ends the grab anyway
      }
      try {
        this.#access.close(device.fd);
      } catch {
        // nothing left to release
      }
    }
    this.#devices.clear();
    this.#emitter.emit('close');
  }

  [Symbol.dispose](): void {
    this.close();
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<InputEvent> {
    const queue: InputEvent[] = [];
    let wake: (() => void) | undefined;
    let done = this.#closed;
    const onEvent = (event: InputEvent): void => {
      queue.push(event);
      if (queue.length > ITERATOR_QUEUE) {
        queue.shift();
        this.#dropped++;
      }
      wake?.();
    };
    const onClose = (): void => {
      done = true;
      wake?.();
    };
    const stop = (): void => {
      done = true;
      this.#emitter.off('event', onEvent);
      this.#emitter.off('close', onClose);
    };
    this.#emitter.on('event', onEvent);
    this.#emitter.on('close', onClose);
    const iterator: AsyncIterableIterator<InputEvent> = {
      next: async () => {
        while (queue.length === 0 && !done) await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
        if (queue.length > 0) return { value: queue.shift()!, done: false };
        stop();
        return { value: undefined, done: true };
      },
      return: async () => {
        stop();
        return { value: undefined, done: true };
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }
}

/** Milliseconds on CLOCK_MONOTONIC, the clock of the events' own times. */
const now = (): number => Number(process.hrtime.bigint() / 1000n) / 1000;
