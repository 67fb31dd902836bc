// @machines pc-input
// Keys typed on QEMU's virtio keyboard (QMP send-key) arrive with their Linux names,
// press and release, and the text they type under the US keymap (shift+h, i, shift+1:
// "Hi!"). And the grab: keys typed while a program holds the keyboard with grab reach it
// and not the console (the VT's tty reads nothing); SIGKILLed, it gives the keyboard
// back at once: the next keys reach the console's tty again.
import { spawn } from 'node:child_process';
import { closeSync, constants, openSync, readSync } from 'node:fs';
import { assert, importFbkit, project } from '../guest/harness.mjs';
import { eventNode, keys, nextEvents } from '../guest/input.mjs';
import { activeVt } from '../guest/kd.mjs';

const { InputSource } = await importFbkit();
const keyboard = eventNode(/Virtio Keyboard/i);

const source = InputSource.open({ devices: [keyboard] });
const presses = nextEvents(source, 3, (e) => e.type === 'key' && e.action === 'press' && e.text !== undefined);
const all = nextEvents(source, 4, (e) => e.type === 'key' && (e.key === 'KEY_LEFTSHIFT' || e.key === 'KEY_H'));
await keys('shift+h', 'i', 'shift+1');
const typed = await presses;
assert.equal(typed.map((e) => e.text).join(''), 'Hi!');
assert.deepEqual(
  typed.map((e) => e.key),
  ['KEY_H', 'KEY_I', 'KEY_1'],
);
assert.deepEqual((await all).map((e) => `${e.key} ${e.action}`).slice(0, 2), ['KEY_LEFTSHIFT press', 'KEY_H press']);
source.close();

// The console's tty: canonical mode, so a line arrives after Enter.
const tty = openSync(`/dev/tty${activeVt()}`, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
const ttyRead = () => {
  const buf = Buffer.alloc(256);
  try {
    return buf.subarray(0, readSync(tty, buf)).toString();
  } catch (err) {
    if (err.code === 'EAGAIN') return '';
    throw err;
  }
};
const ttyLine = async (ms) => {
  let text = '';
  for (const end = Date.now() + ms; Date.now() < end && !text.includes('\n'); await new Promise((r) => setTimeout(r, 100)))
    text += ttyRead();
  return text;
};
// "Hi!" above reached the console too: end that line and drop it.
await keys('ret');
await ttyLine(5000);
await keys('a', 'ret');
assert.equal(await ttyLine(10_000), 'a\n', 'without a grab the console gets the keys');

const holder = spawn(
  process.execPath,
  [
    '--input-type=module',
    '-e',
    `const { InputSource } = await import(${JSON.stringify(`${project}/dist/src/index.js`)});
     const s = InputSource.open({ devices: [${JSON.stringify(keyboard)}], grab: true });
     s.on('event', (e) => e.type === 'key' && console.log(e.key + ' ' + e.action));
     console.log('grabbed');`,
  ],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
let out = '';
holder.stdout.on('data', (d) => (out += d));
for (const end = Date.now() + 30_000; !out.includes('grabbed'); await new Promise((r) => setTimeout(r, 100)))
  assert.ok(Date.now() < end, 'the grabbing program did not start');
await keys('b', 'ret');
for (const end = Date.now() + 10_000; !out.includes('KEY_ENTER release'); await new Promise((r) => setTimeout(r, 100)))
  assert.ok(Date.now() < end, `the grabbing program did not see the keys: ${out}`);
assert.match(out, /KEY_B press/);
assert.equal(await ttyLine(1500), '', 'with the grab the console gets nothing');

holder.kill('SIGKILL');
await new Promise((r) => holder.on('exit', r));
await keys('c', 'ret');
assert.equal(await ttyLine(10_000), 'c\n', 'after a SIGKILL the grab is gone: the console gets the keys');
closeSync(tty);
console.log('names, text, grab and its release on SIGKILL as expected');
