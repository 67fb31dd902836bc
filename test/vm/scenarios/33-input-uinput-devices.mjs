// @machines pc-input
// Devices made in the guest through uinput: a multitouch screen (protocol B) whose two
// contacts come back as touches with their tracking ids (5 and 6), moving and lifting in
// screen pixels (the device's 0..1279 x 0..799 onto 1280x800: unchanged), a protocol A
// screen (no slots) whose contacts are matched frame to frame and numbered (and which
// `fbkit input list` calls protocol A), an absolute
// pointer whose tap comes back at its pixel, and a keyboard
// whose typed text ("Hi!") comes back as text; flooded, it makes the kernel drop events
// (SYN_DROPPED) and the key still held is reported through the resync.
import { assert, fbkitInProcessOk, importFbkit, project } from '../guest/harness.mjs';
import { bare, nextEvents } from '../guest/input.mjs';

const { InputSource, VirtualInputDevice } = await importFbkit();
const screen = { width: 1280, height: 800 };

const touch = await VirtualInputDevice.multitouch({ maxX: 1279, maxY: 799 });
const source = InputSource.open({ devices: [touch.devnode], screen });
assert.deepEqual(
  source.devices.map((d) => [d.kinds, d.slots]),
  [[['touch'], 10]],
);
const touches = nextEvents(source, 5, (e) => e.type === 'touch');
touch.touch([
  { slot: 0, id: 5, x: 100, y: 200 },
  { slot: 1, id: 6, x: 500, y: 600 },
]);
touch.touch([{ slot: 0, id: 5, x: 110, y: 210 }]);
touch.touch([], [0, 1]);
assert.deepEqual((await touches).map(bare), [
  { type: 'touch', action: 'down', id: 5, slot: 0, x: 100, y: 200 },
  { type: 'touch', action: 'down', id: 6, slot: 1, x: 500, y: 600 },
  { type: 'touch', action: 'move', id: 5, slot: 0, x: 110, y: 210 },
  { type: 'touch', action: 'up', id: 5, slot: 0, x: 110, y: 210 },
  { type: 'touch', action: 'up', id: 6, slot: 1, x: 500, y: 600 },
]);
source.close();
touch.close();

// Protocol A (no slots: every frame lists the contacts down, each ended by SYN_MT_REPORT;
// an empty one when none is left): contacts matched to the last frame's by position and
// numbered by fbkit, through the real input core (which passes slotless ABS_MT_* unfiltered).
const { code } = await import(`${project}/dist/src/sys/linux-input.js`);
const range = (maximum) => ({ value: 0, minimum: 0, maximum, fuzz: 0, flat: 0, resolution: 0 });
const legacy = await VirtualInputDevice.create({
  name: 'fbkit protocol A touchscreen',
  id: { bustype: 6, vendor: 0xfb, product: 4, version: 1 },
  types: [code('EV_KEY'), code('EV_ABS')],
  keys: [code('BTN_TOUCH')],
  props: [code('INPUT_PROP_DIRECT')],
  abs: new Map([
    [code('ABS_MT_POSITION_X'), range(1279)],
    [code('ABS_MT_POSITION_Y'), range(799)],
  ]),
});
const legacySource = InputSource.open({ devices: [legacy.devnode], screen });
assert.deepEqual(
  legacySource.devices.map((d) => [d.kinds, d.slots, d.multitouch]),
  [[['touch'], 0, 'A']],
);
const contact = (x, y) => [
  ['EV_ABS', 'ABS_MT_POSITION_X', x],
  ['EV_ABS', 'ABS_MT_POSITION_Y', y],
  ['EV_SYN', 'SYN_MT_REPORT', 0],
];
const legacyTouches = nextEvents(legacySource, 6, (e) => e.type === 'touch');
legacy.send([...contact(100, 200), ...contact(500, 600), ['EV_KEY', 'BTN_TOUCH', 1]]);
legacy.send([...contact(505, 600), ...contact(110, 210)]);
legacy.send([...contact(505, 600)]);
legacy.send([
  ['EV_SYN', 'SYN_MT_REPORT', 0],
  ['EV_KEY', 'BTN_TOUCH', 0],
]);
assert.deepEqual((await legacyTouches).map(bare), [
  { type: 'touch', action: 'down', id: 0, slot: 0, x: 100, y: 200 },
  { type: 'touch', action: 'down', id: 1, slot: 1, x: 500, y: 600 },
  { type: 'touch', action: 'move', id: 1, slot: 1, x: 505, y: 600 },
  { type: 'touch', action: 'move', id: 0, slot: 0, x: 110, y: 210 },
  { type: 'touch', action: 'up', id: 0, slot: 0, x: 110, y: 210 },
  { type: 'touch', action: 'up', id: 1, slot: 1, x: 505, y: 600 },
]);
legacySource.close();
// `fbkit input list` names the protocol, where it gives protocol B's slot count.
const listed = (await fbkitInProcessOk('input', 'list')).split('\n').find((line) => line.startsWith(`${legacy.devnode}:`));
assert.match(listed ?? '', /multitouch without slots \(protocol A\)/, `input list: ${listed}`);
legacy.close();

const pointer = await VirtualInputDevice.absolutePointer({ maxX: 1279, maxY: 799 });
const pointing = InputSource.open({ devices: [pointer.devnode], screen });
const taps = nextEvents(pointing, 2, (e) => e.type === 'pointer' && e.action !== 'move');
pointer.tap(321, 123);
assert.deepEqual(
  (await taps).map((e) => `${e.action} ${e.x},${e.y} ${e.button} ${e.source}`),
  ['down 321,123 left tablet', 'up 321,123 left tablet'],
);
pointing.close();
pointer.close();

const keyboard = await VirtualInputDevice.keyboard();
const keys = InputSource.open({ devices: [keyboard.devnode] });
const typed = nextEvents(keys, 3, (e) => e.type === 'key' && e.text !== undefined);
keyboard.type('Hi!');
assert.equal((await typed).map((e) => e.text).join(''), 'Hi!');
keys.close();

// SYN_DROPPED on the real kernel: this process queues far more than evdev's buffer holds (a
// few dozen events) before it reads any, so the kernel drops them and says so. KEY_D is
// pressed first and held; its press is among the dropped events, so it is reported only if
// the resync asks the kernel which keys are down (EVIOCGKEY). B toggles stay paired.
const flood = InputSource.open({ devices: [keyboard.devnode] });
const seen = [];
flood.on('event', (e) => e.type === 'key' && seen.push(`${e.key} ${e.action}`));
// A first key read back: the poll helper runs (its start takes seconds under TCG).
const first = nextEvents(flood, 1, (e) => e.type === 'key');
keyboard.tapKey('KEY_E');
await first;
seen.length = 0;
keyboard.send([['EV_KEY', 'KEY_D', 1]]);
for (let i = 0; i < 2000; i++) {
  keyboard.send([['EV_KEY', 'KEY_B', 1]]);
  keyboard.send([['EV_KEY', 'KEY_B', 0]]);
}
// A last key after the flood: when it is read, everything before it has been.
const last = nextEvents(flood, 1, (e) => e.type === 'key' && e.key === 'KEY_F' && e.action === 'release');
keyboard.tapKey('KEY_F');
await last;
const bPresses = seen.filter((s) => s === 'KEY_B press').length;
assert.ok(bPresses < 2000, `the kernel dropped events (${bPresses} of 2000 B presses came)`);
assert.ok(seen.includes('KEY_D press'), `KEY_D, held, is reported after the drop; ${seen.length} events: ${seen.slice(0, 10).join(', ')}`);
const b = seen.filter((s) => s.startsWith('KEY_B '));
assert.ok(
  b.every((s, i) => s === (i % 2 === 0 ? 'KEY_B press' : 'KEY_B release')),
  'B presses and releases alternate',
);
flood.close();
keyboard.close();
console.log(
  `uinput multitouch ${touch.devnode} and keyboard ${keyboard.devnode}: contacts with ids, text; flood: ${bPresses} of 2000 B presses read, KEY_D reported by the resync`,
);
