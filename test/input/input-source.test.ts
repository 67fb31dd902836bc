/**
 * InputSource over FIFO-backed fake devices (test/input/fake-evdev.ts): real descriptors,
 * a real poll helper and real reads; capabilities and state from a fake ioctl layer.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { InputEvent } from '../../src/input/events.js';
import { InputSource, type InputOptions } from '../../src/input/input-source.js';
import { code } from '../../src/sys/linux-input.js';
import { catchError } from '../support/catch-error.js';
import { caps, FakeEvdev, KEYBOARD, MOUSE, MULTITOUCH, PROTOCOL_A, TABLET } from './fake-evdev.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

function setup(devices: Parameters<FakeEvdev['add']>[0][], options: InputOptions = {}) {
  const fake = new FakeEvdev();
  cleanups.push(() => fake.cleanup());
  const paths = devices.map((c) => fake.add(c));
  const source = InputSource.open({ dir: fake.dir, access: fake.access, ...options });
  cleanups.push(() => source.close());
  return { fake, paths, source };
}

/** The next `n` events that `keep` keeps (default: all), failing after 10 s. */
function take(source: InputSource, n: number, keep: (e: InputEvent) => boolean = () => true): Promise<InputEvent[]> {
  return new Promise((resolve, reject) => {
    const got: InputEvent[] = [];
    const timer = setTimeout(() => reject(new Error(`only ${got.length} of ${n} events came: ${JSON.stringify(got)}`)), 10_000);
    const listener = (e: InputEvent) => {
      if (!keep(e)) return;
      got.push(e);
      if (got.length === n) {
        clearTimeout(timer);
        source.off('event', listener);
        resolve(got);
      }
    };
    source.on('event', listener);
  });
}

const strip = (events: InputEvent[]) => events.map(({ device: _d, time: _t, ...rest }) => rest);

describe('InputSource', () => {
  it('opens every usable device of the directory and classifies it', () => {
    const { source, paths } = setup([KEYBOARD, TABLET, caps({ name: 'power button', keys: [code('KEY_POWER')] }), MULTITOUCH, MOUSE]);
    expect(source.devices.map((d) => [d.path, d.kinds, d.slots])).toEqual([
      [paths[0], ['keyboard'], 0],
      [paths[1], ['tablet'], 0],
      [paths[3], ['touch'], 5],
      [paths[4], ['pointer'], 0],
    ]);
    expect(source.skipped).toEqual([{ path: paths[2], reason: 'ENOAXES' }]);
  });

  it('reports keys with their names, press/repeat/release, and the text they type (shift, caps lock)', async () => {
    const { fake, paths, source } = setup([KEYBOARD]);
    const events = take(source, 10);
    fake.write(
      paths[0]!,
      [['EV_KEY', 'KEY_A', 1]],
      [['EV_KEY', 'KEY_A', 2]],
      [['EV_KEY', 'KEY_A', 0]],
      [['EV_KEY', 'KEY_LEFTSHIFT', 1]],
      [['EV_KEY', 'KEY_1', 1]],
      [
        ['EV_KEY', 'KEY_1', 0],
        ['EV_KEY', 'KEY_LEFTSHIFT', 0],
      ],
      [['EV_KEY', 'KEY_CAPSLOCK', 1]],
      [['EV_KEY', 'KEY_CAPSLOCK', 0]],
      [['EV_KEY', 'KEY_Z', 1]],
    );
    expect(strip(await events)).toEqual([
      { type: 'key', key: 'KEY_A', code: 30, action: 'press', text: 'a' },
      { type: 'key', key: 'KEY_A', code: 30, action: 'repeat', text: 'a' },
      { type: 'key', key: 'KEY_A', code: 30, action: 'release' },
      { type: 'key', key: 'KEY_LEFTSHIFT', code: 42, action: 'press' },
      { type: 'key', key: 'KEY_1', code: 2, action: 'press', text: '!' },
      { type: 'key', key: 'KEY_1', code: 2, action: 'release' },
      { type: 'key', key: 'KEY_LEFTSHIFT', code: 42, action: 'release' },
      { type: 'key', key: 'KEY_CAPSLOCK', code: 58, action: 'press' },
      { type: 'key', key: 'KEY_CAPSLOCK', code: 58, action: 'release' },
      { type: 'key', key: 'KEY_Z', code: 44, action: 'press', text: 'Z' },
    ]);
  });

  it('scales an absolute tablet to screen pixels, and turns it with the display', async () => {
    for (const [rotation, expected] of [
      [0, { x: 960, y: 200 }],
      [90, { x: 200, y: 319 }],
    ] as const) {
      const { fake, paths, source } = setup([TABLET], {
        screen: { width: rotation === 0 ? 1280 : 800, height: rotation === 0 ? 800 : 1280, rotation },
      });
      const events = take(source, 2);
      // 3/4 across, 1/4 down the panel.
      fake.write(
        paths[0]!,
        [
          ['EV_ABS', 'ABS_X', 24576],
          ['EV_ABS', 'ABS_Y', 8192],
          ['EV_KEY', 'BTN_LEFT', 1],
        ],
        [['EV_KEY', 'BTN_LEFT', 0]],
      );
      expect(strip(await events)).toEqual([
        { type: 'pointer', action: 'down', ...expected, button: 'left', source: 'tablet' },
        { type: 'pointer', action: 'up', ...expected, button: 'left', source: 'tablet' },
      ]);
      for (const c of cleanups.splice(0).reverse()) c();
    }
  });

  it('reports a touchscreen finger as one pointer press, not its BTN_TOOL_FINGER too', async () => {
    const { fake, paths, source } = setup([MULTITOUCH], { screen: { width: 1000, height: 1000 } });
    const events = take(source, 2, (e) => e.type === 'pointer');
    fake.write(
      paths[0]!,
      [
        ['EV_KEY', 'BTN_TOUCH', 1],
        ['EV_KEY', 'BTN_TOOL_FINGER', 1],
        ['EV_ABS', 'ABS_X', 10],
        ['EV_ABS', 'ABS_Y', 20],
      ],
      [
        ['EV_KEY', 'BTN_TOUCH', 0],
        ['EV_KEY', 'BTN_TOOL_FINGER', 0],
      ],
    );
    expect(strip(await events)).toEqual([
      { type: 'pointer', action: 'down', x: 10, y: 20, button: 'touch', source: 'touch' },
      { type: 'pointer', action: 'up', x: 10, y: 20, button: 'touch', source: 'touch' },
    ]);
  });

  it('accumulates relative motion and clamps it to the screen; wheel detents scroll', async () => {
    const { fake, paths, source } = setup([MOUSE], { screen: { width: 100, height: 50 } });
    const events = take(source, 4);
    fake.write(
      paths[0]!,
      [['EV_REL', 'REL_X', 10]],
      [
        ['EV_REL', 'REL_X', 1000],
        ['EV_REL', 'REL_Y', -1000],
      ],
      [['EV_KEY', 'BTN_LEFT', 1]],
      [['EV_REL', 'REL_WHEEL', -2]],
    );
    expect(strip(await events)).toEqual([
      { type: 'pointer', action: 'move', x: 60, y: 25, source: 'mouse' },
      { type: 'pointer', action: 'move', x: 99, y: 0, source: 'mouse' },
      { type: 'pointer', action: 'down', x: 99, y: 0, button: 'left', source: 'mouse' },
      { type: 'wheel', dx: 0, dy: 2, x: 99, y: 0 },
    ]);
  });

  it('moves a mouse in the upright picture of a rotated display: right is right as the viewer sees it', async () => {
    // A touch panel is glued to the screen and turns with it; a mouse lies on the desk, in
    // front of the picture the viewer sees upright. At 90 the picture is 800x1280.
    const { fake, paths, source } = setup([MOUSE], { screen: { width: 800, height: 1280, rotation: 90 } });
    const events = take(source, 4);
    fake.write(paths[0]!, [['EV_REL', 'REL_X', 100]], [['EV_REL', 'REL_Y', 30]], [['EV_REL', 'REL_X', 1000]], [['EV_REL', 'REL_Y', 1000]]);
    expect(strip(await events)).toEqual([
      { type: 'pointer', action: 'move', x: 500, y: 640, source: 'mouse' }, // from the center, 100 right
      { type: 'pointer', action: 'move', x: 500, y: 670, source: 'mouse' }, // 30 down
      { type: 'pointer', action: 'move', x: 799, y: 670, source: 'mouse' }, // clamped to the picture's 800 columns...
      { type: 'pointer', action: 'move', x: 799, y: 1279, source: 'mouse' }, // ...and 1280 rows, not the panel's 1280x800
    ]);
  });

  it('follows protocol A contacts (no slots): matched to the nearest of the last frame, new ones numbered, lifts by absence', async () => {
    const { fake, paths, source } = setup([PROTOCOL_A], { screen: { width: 1000, height: 1000 } });
    expect(source.devices.map((d) => [d.kinds, d.slots, d.multitouch])).toEqual([[['touch'], 0, 'A']]);
    const events = take(source, 9, (e) => e.type === 'touch');
    const contact = (x: number, y: number) =>
      [
        ['EV_ABS', 'ABS_MT_POSITION_X', x],
        ['EV_ABS', 'ABS_MT_POSITION_Y', y],
        ['EV_SYN', 'SYN_MT_REPORT', 0],
      ] as const;
    fake.write(
      paths[0]!,
      [...contact(100, 200), ['EV_KEY', 'BTN_TOUCH', 1]],
      [...contact(105, 200), ...contact(500, 600)],
      [...contact(502, 601), ...contact(110, 205)], // listed the other way round: matched by position
      [...contact(502, 601)], // the first finger lifted
      [...contact(300, 300), ...contact(502, 601)], // a new one takes the free slot 0
      [
        ['EV_SYN', 'SYN_MT_REPORT', 0],
        ['EV_KEY', 'BTN_TOUCH', 0],
      ], // all lifted: an empty contact
    );
    expect(strip(await events)).toEqual([
      { type: 'touch', action: 'down', id: 0, slot: 0, x: 100, y: 200 },
      { type: 'touch', action: 'move', id: 0, slot: 0, x: 105, y: 200 },
      { type: 'touch', action: 'down', id: 1, slot: 1, x: 500, y: 600 },
      { type: 'touch', action: 'move', id: 1, slot: 1, x: 502, y: 601 },
      { type: 'touch', action: 'move', id: 0, slot: 0, x: 110, y: 205 },
      { type: 'touch', action: 'up', id: 0, slot: 0, x: 110, y: 205 },
      { type: 'touch', action: 'down', id: 2, slot: 0, x: 300, y: 300 },
      { type: 'touch', action: 'up', id: 2, slot: 0, x: 300, y: 300 },
      { type: 'touch', action: 'up', id: 1, slot: 1, x: 502, y: 601 },
    ]);
    // The last contact's SYN_MT_REPORT left out (the driver reports BTN_TOUCH), then the lift as BTN_TOUCH 0 alone.
    const more = take(source, 4);
    fake.write(
      paths[0]!,
      [
        ['EV_ABS', 'ABS_MT_POSITION_X', 50],
        ['EV_ABS', 'ABS_MT_POSITION_Y', 60],
        ['EV_KEY', 'BTN_TOUCH', 1],
      ],
      [['EV_KEY', 'BTN_TOUCH', 0]],
    );
    expect(strip(await more)).toEqual([
      { type: 'touch', action: 'down', id: 3, slot: 0, x: 50, y: 60 },
      { type: 'pointer', action: 'down', x: 50, y: 60, button: 'touch', source: 'touch' },
      { type: 'touch', action: 'up', id: 3, slot: 0, x: 50, y: 60 },
      { type: 'pointer', action: 'up', x: 50, y: 60, button: 'touch', source: 'touch' },
    ]);
  });

  it("protocol A with the driver's tracking ids: contacts follow their ids, not the nearest position", async () => {
    const withIds = caps({
      ...PROTOCOL_A,
      abs: new Map([
        ...PROTOCOL_A.abs,
        [code('ABS_MT_TRACKING_ID'), { value: 0, minimum: 0, maximum: 65535, fuzz: 0, flat: 0, resolution: 0 }],
      ]),
    });
    const { fake, paths, source } = setup([withIds], { screen: { width: 1000, height: 1000 } });
    const events = take(source, 6, (e) => e.type === 'touch');
    const contact = (id: number, x: number, y: number) =>
      [
        ['EV_ABS', 'ABS_MT_TRACKING_ID', id],
        ['EV_ABS', 'ABS_MT_POSITION_X', x],
        ['EV_ABS', 'ABS_MT_POSITION_Y', y],
        ['EV_SYN', 'SYN_MT_REPORT', 0],
      ] as const;
    fake.write(
      paths[0]!,
      [...contact(40, 100, 100), ...contact(41, 900, 900)],
      [...contact(40, 880, 880), ...contact(41, 120, 120)], // crossed: each is now nearest the other's old place
      [['EV_SYN', 'SYN_MT_REPORT', 0]],
    );
    expect(strip(await events)).toEqual([
      { type: 'touch', action: 'down', id: 40, slot: 0, x: 100, y: 100 },
      { type: 'touch', action: 'down', id: 41, slot: 1, x: 900, y: 900 },
      { type: 'touch', action: 'move', id: 40, slot: 0, x: 880, y: 880 },
      { type: 'touch', action: 'move', id: 41, slot: 1, x: 120, y: 120 },
      { type: 'touch', action: 'up', id: 40, slot: 0, x: 880, y: 880 },
      { type: 'touch', action: 'up', id: 41, slot: 1, x: 120, y: 120 },
    ]);
  });

  it('follows multitouch contacts by tracking id (protocol B)', async () => {
    const { fake, paths, source } = setup([MULTITOUCH], { screen: { width: 1000, height: 1000 } });
    const events = take(source, 5);
    fake.write(
      paths[0]!,
      [
        ['EV_ABS', 'ABS_MT_SLOT', 0],
        ['EV_ABS', 'ABS_MT_TRACKING_ID', 7],
        ['EV_ABS', 'ABS_MT_POSITION_X', 100],
        ['EV_ABS', 'ABS_MT_POSITION_Y', 200],
      ],
      [
        ['EV_ABS', 'ABS_MT_SLOT', 1],
        ['EV_ABS', 'ABS_MT_TRACKING_ID', 8],
        ['EV_ABS', 'ABS_MT_POSITION_X', 500],
        ['EV_ABS', 'ABS_MT_POSITION_Y', 600],
      ],
      [
        ['EV_ABS', 'ABS_MT_SLOT', 0],
        ['EV_ABS', 'ABS_MT_POSITION_X', 110],
      ],
      [
        ['EV_ABS', 'ABS_MT_TRACKING_ID', -1],
        ['EV_ABS', 'ABS_MT_SLOT', 1],
        ['EV_ABS', 'ABS_MT_TRACKING_ID', -1],
      ],
    );
    expect(strip(await events)).toEqual([
      { type: 'touch', action: 'down', id: 7, slot: 0, x: 100, y: 200 },
      { type: 'touch', action: 'down', id: 8, slot: 1, x: 500, y: 600 },
      { type: 'touch', action: 'move', id: 7, slot: 0, x: 110, y: 200 },
      { type: 'touch', action: 'up', id: 7, slot: 0, x: 110, y: 200 },
      { type: 'touch', action: 'up', id: 8, slot: 1, x: 500, y: 600 },
    ]);
  });

  it('makes the first contact the pointer on a multitouch screen without ABS_X/ABS_Y', async () => {
    const abs = new Map(MULTITOUCH.abs);
    abs.delete(code('ABS_X'));
    abs.delete(code('ABS_Y'));
    const { fake, paths, source } = setup([{ ...MULTITOUCH, abs }], { screen: { width: 1000, height: 1000 } });
    const events = take(source, 3, (e) => e.type === 'pointer');
    fake.write(
      paths[0]!,
      [
        ['EV_ABS', 'ABS_MT_SLOT', 0],
        ['EV_ABS', 'ABS_MT_TRACKING_ID', 1],
        ['EV_ABS', 'ABS_MT_POSITION_X', 10],
        ['EV_ABS', 'ABS_MT_POSITION_Y', 20],
        ['EV_KEY', 'BTN_TOUCH', 1], // the contact's, not a press of its own at (0, 0)
      ],
      [
        ['EV_ABS', 'ABS_MT_SLOT', 1],
        ['EV_ABS', 'ABS_MT_TRACKING_ID', 2],
        ['EV_ABS', 'ABS_MT_POSITION_X', 500],
        ['EV_ABS', 'ABS_MT_POSITION_Y', 500],
      ],
      [
        ['EV_ABS', 'ABS_MT_SLOT', 0],
        ['EV_ABS', 'ABS_MT_POSITION_X', 30],
      ],
      [
        ['EV_ABS', 'ABS_MT_TRACKING_ID', -1],
        ['EV_KEY', 'BTN_TOUCH', 0],
      ],
    );
    expect(strip(await events)).toEqual([
      { type: 'pointer', action: 'down', x: 10, y: 20, button: 'touch', source: 'touch' },
      { type: 'pointer', action: 'move', x: 30, y: 20, source: 'touch' },
      { type: 'pointer', action: 'up', x: 30, y: 20, button: 'touch', source: 'touch' },
    ]);
  });

  it('after SYN_DROPPED drops the rest of the frame and reports what the device state says changed', async () => {
    const { fake, paths, source } = setup([KEYBOARD]);
    const events = take(source, 4);
    fake.write(paths[0]!, [['EV_KEY', 'KEY_A', 1]]);
    await new Promise((r) => setTimeout(r, 200));
    // While the buffer overflowed: A was released, Z pressed. The state says so.
    fake.devices.get(paths[0]!)!.state.keys = [code('KEY_Z')];
    // The press of Z queued behind the drop is one the resync has reported already: not twice.
    fake.write(
      paths[0]!,
      [
        ['EV_SYN', 'SYN_DROPPED', 0],
        ['EV_KEY', 'KEY_1', 1],
      ],
      [['EV_KEY', 'KEY_Z', 1]],
      [['EV_KEY', 'KEY_Z', 0]],
    );
    expect(strip(await events)).toEqual([
      { type: 'key', key: 'KEY_A', code: 30, action: 'press', text: 'a' },
      { type: 'key', key: 'KEY_A', code: 30, action: 'release' },
      { type: 'key', key: 'KEY_Z', code: 44, action: 'press', text: 'z' },
      { type: 'key', key: 'KEY_Z', code: 44, action: 'release' },
    ]);
  });

  it('joins events split across reads', async () => {
    const { fake, paths, source } = setup([KEYBOARD]);
    const events = take(source, 1);
    const { encodeEvents, EV_KEY, EV_SYN } = await import('../../src/sys/linux-input.js');
    const bytes = encodeEvents([
      { sec: 0, usec: 0, type: EV_KEY, code: code('KEY_A'), value: 1 },
      { sec: 0, usec: 0, type: EV_SYN, code: 0, value: 0 },
    ]);
    fake.writeBytes(paths[0]!, bytes.subarray(0, 5));
    await new Promise((r) => setTimeout(r, 100));
    fake.writeBytes(paths[0]!, bytes.subarray(5));
    expect(strip(await events)).toEqual([{ type: 'key', key: 'KEY_A', code: 30, action: 'press', text: 'a' }]);
  });

  it('reports an unplugged device (ENODEV on read) as removed, lets go of what it held, and keeps the others', async () => {
    const { fake, paths, source } = setup([KEYBOARD, TABLET]);
    fake.write(paths[0]!, [['EV_KEY', 'KEY_A', 1]]);
    await take(source, 1);
    const events = take(source, 2);
    fake.unplug(paths[0]!);
    expect(strip(await events)).toEqual([
      { type: 'key', key: 'KEY_A', code: 30, action: 'release' },
      { type: 'device', action: 'removed', name: 'fake keyboard', reason: 'ENODEV' },
    ]);
    expect(source.devices.map((d) => d.path)).toEqual([paths[1]]);
    const next = take(source, 1);
    fake.write(paths[1]!, [['EV_KEY', 'BTN_LEFT', 1]]);
    expect((await next)[0]).toMatchObject({ type: 'pointer', action: 'down', device: paths[1] });
  });

  it('ends (iterators too) when the last named device goes and nothing else can come', async () => {
    const fake = new FakeEvdev();
    cleanups.push(() => fake.cleanup());
    const path = fake.add(KEYBOARD);
    const source = InputSource.open({ devices: [path], access: fake.access });
    cleanups.push(() => source.close());
    const seen: string[] = [];
    const loop = (async () => {
      for await (const e of source) seen.push(`${e.type} ${e.type === 'device' ? e.action : ''}`);
    })();
    fake.unplug(path);
    await loop;
    expect(seen).toEqual(['device removed']);
  });

  it('opens devices that appear in the directory and closes those whose node goes (inotify)', async () => {
    const { fake, paths, source } = setup([KEYBOARD]);
    const added = take(source, 1);
    const tablet = fake.add(TABLET);
    expect(strip(await added)).toEqual([{ type: 'device', action: 'added', name: 'fake tablet', kinds: ['tablet'] }]);
    const events = take(source, 1);
    fake.write(tablet, [['EV_KEY', 'BTN_LEFT', 1]]);
    expect((await events)[0]).toMatchObject({ type: 'pointer', action: 'down', device: tablet });
    const removed = take(source, 1);
    fake.removeNode(paths[0]!);
    expect(strip(await removed)).toEqual([{ type: 'device', action: 'removed', name: 'fake keyboard', reason: 'ENODEV' }]);
    expect(fake.openCount()).toBe(1);
  });

  it('waits for the device directory itself when the system has none yet', async () => {
    const fake = new FakeEvdev();
    cleanups.push(() => fake.cleanup());
    const dir = join(fake.dir, 'input');
    const source = InputSource.open({ dir, access: fake.access });
    cleanups.push(() => source.close());
    expect(source.devices).toEqual([]);
    const added = take(source, 1);
    mkdirSync(dir);
    const path = fake.add(KEYBOARD, { dir });
    expect(strip(await added)).toEqual([{ type: 'device', action: 'added', name: 'fake keyboard', kinds: ['keyboard'] }]);
    const key = take(source, 1);
    fake.write(path, [['EV_KEY', 'KEY_A', 1]]);
    expect((await key)[0]).toMatchObject({ type: 'key', key: 'KEY_A', device: path });
  });

  it('grabs each device when asked and lets go on close', () => {
    const { fake, paths, source } = setup([KEYBOARD, TABLET], { grab: true });
    expect(paths.map((p) => fake.devices.get(p)!.grabbed)).toEqual([true, true]);
    source.close();
    expect(paths.map((p) => fake.devices.get(p)!.grabbed)).toEqual([false, false]);
    expect(fake.openCount()).toBe(0);
  });

  it('refuses a named device it cannot use, with a typed error and hint', () => {
    const fake = new FakeEvdev();
    cleanups.push(() => fake.cleanup());
    const button = fake.add(caps({ name: 'power button', keys: [code('KEY_POWER')] }));
    const err = catchError(() => InputSource.open({ devices: [button], access: fake.access })) as { code: string; hint: string };
    expect(err.code).toBe('ENOAXES');
    expect(err.hint).toMatch(/fbkit input list/);
    expect(fake.openCount()).toBe(0);
  });

  it('fails with EACCES when no device can be opened for lack of permission', () => {
    const fake = new FakeEvdev();
    cleanups.push(() => fake.cleanup());
    fake.add(KEYBOARD, { openError: 'EACCES' });
    const err = catchError(() => InputSource.open({ dir: fake.dir, access: fake.access })) as { code: string };
    expect(err.code).toBe('EACCES');
  });

  it('ends async iterators on close', async () => {
    const { fake, paths, source } = setup([KEYBOARD]);
    const seen: string[] = [];
    const loop = (async () => {
      for await (const e of source) if (e.type === 'key') seen.push(`${e.key} ${e.action}`);
    })();
    const both = take(source, 2);
    fake.write(paths[0]!, [['EV_KEY', 'KEY_A', 1]], [['EV_KEY', 'KEY_A', 0]]);
    await both;
    source.close();
    await loop;
    expect(seen).toEqual(['KEY_A press', 'KEY_A release']);
  });
});

describe('waiting for input', () => {
  it('keeps going when the poll helper is killed from outside: a new one takes over, no event lost', async () => {
    const { fake, paths, source } = setup([KEYBOARD]);
    fake.write(paths[0]!, [['EV_KEY', 'KEY_A', 1]]);
    await take(source, 1);
    const first = source.helperPid!;
    process.kill(first, 'SIGKILL');
    // Written while no helper runs: it waits in the device until the next one polls.
    fake.write(paths[0]!, [['EV_KEY', 'KEY_A', 0]]);
    expect(strip(await take(source, 1))).toEqual([{ type: 'key', key: 'KEY_A', code: 30, action: 'release' }]);
    expect(source.helperPid).not.toBe(first);
  });

  it('leaves the thread pool free: with 8 idle devices open, file reads complete', async () => {
    const { source } = setup(Array.from({ length: 8 }, () => KEYBOARD));
    expect(source.devices).toHaveLength(8);
    // More concurrent reads than the pool has threads: one blocked thread each would stall them.
    const reads = Array.from({ length: 16 }, () => readFile(import.meta.filename, 'utf8'));
    const outcome = await Promise.race([Promise.all(reads).then(() => 'read'), new Promise((r) => setTimeout(() => r('stalled'), 5000))]);
    expect(outcome).toBe('read');
  });

  it('costs no CPU while idle: no polling loop in the process or its helper', async () => {
    const { fake, paths, source } = setup(Array.from({ length: 8 }, () => KEYBOARD));
    // An event read back: the helper has started; then a moment for it to settle.
    const read = take(source, 1);
    fake.write(paths[7]!, [['EV_KEY', 'KEY_A', 1]]);
    await read;
    await new Promise((r) => setTimeout(r, 200));
    const helperTicks = () => {
      const fields = readFileSync(`/proc/${source.helperPid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return Number(fields[11]) + Number(fields[12]); // utime + stime, in clock ticks
    };
    const before = process.cpuUsage();
    const helperBefore = helperTicks();
    await new Promise((r) => setTimeout(r, 1000));
    const used = process.cpuUsage(before);
    // Vitest's own timers run in this process too; a polling loop would use far more.
    expect((used.user + used.system) / 1000).toBeLessThan(50);
    expect(helperTicks() - helperBefore).toBeLessThanOrEqual(1);
  });
});
