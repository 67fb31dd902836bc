// @machines pc-input
// Devices made in the guest through uinput: a multitouch screen (protocol B) whose two
// contacts come back as touches with their tracking ids (5 and 6), moving and lifting in
// screen pixels (the device's 0..1279 x 0..799 onto 1280x800: unchanged), and a keyboard
// whose typed text ("Hi!") comes back as text.
import { assert, importFbkit } from '../guest/harness.mjs';
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

const keyboard = await VirtualInputDevice.keyboard();
const keys = InputSource.open({ devices: [keyboard.devnode] });
const typed = nextEvents(keys, 3, (e) => e.type === 'key' && e.text !== undefined);
keyboard.type('Hi!');
assert.equal((await typed).map((e) => e.text).join(''), 'Hi!');
keys.close();
keyboard.close();
console.log(`uinput multitouch ${touch.devnode} and keyboard ${keyboard.devnode}: contacts with ids, text`);
