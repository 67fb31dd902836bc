// @machines pc-input
// Taps on QEMU's virtio tablet (QMP input-send-event, absolute 0..32767) arrive through
// fbkit at the screen pixels they should: at a quarter across and three quarters down,
// pixel (320, 600) of the 1280x800 screen; on a display turned 90° clockwise (an 800x1280
// picture) the same panel spot is (600, 959); with the calibration matrix
// [0.5 0 0.25 0 0.5 0.25] (the panel's whole range onto the middle half) it is (480, 500).
// `fbkit input list --json` classifies the tablet and the keyboard, and `fbkit input
// watch --json` prints the tap as the issue's JSON lines, in /dev/fb0's pixels.
import { assert, fbkitInProcess, fbkitInProcessOk, importFbkit } from '../guest/harness.mjs';
import { bare, eventNode, nextEvents, tap } from '../guest/input.mjs';

const { InputSource } = await importFbkit();
const tablet = eventNode(/Virtio Tablet/i);
const keyboard = eventNode(/Virtio Keyboard/i);

const listed = JSON.parse(await fbkitInProcessOk('input', 'list', '--json'));
assert.deepEqual(listed.find((d) => d.path === tablet)?.kinds, ['tablet'], JSON.stringify(listed));
assert.deepEqual(listed.find((d) => d.path === keyboard)?.kinds, ['keyboard']);
assert.deepEqual(listed.find((d) => d.path === tablet).axes.ABS_X, { minimum: 0, maximum: 32767, fuzz: 0, flat: 0, resolution: 0 });

const cases = [
  { what: 'rotation 0', screen: { width: 1280, height: 800 }, at: { x: 320, y: 600 } },
  { what: 'rotation 90', screen: { width: 800, height: 1280, rotation: 90 }, at: { x: 600, y: 959 } },
  { what: 'a calibration matrix', screen: { width: 1280, height: 800 }, matrix: [0.5, 0, 0.25, 0, 0.5, 0.25], at: { x: 480, y: 500 } },
];
for (const { what, screen, matrix, at } of cases) {
  const source = InputSource.open({ devices: [tablet], screen, ...(matrix ? { matrix } : {}) });
  try {
    const events = nextEvents(source, 2, (e) => e.type === 'pointer' && e.action !== 'move');
    await tap(8192, 24576);
    assert.deepEqual(
      (await events).map(bare),
      [
        { type: 'pointer', action: 'down', ...at, button: 'left', source: 'tablet' },
        { type: 'pointer', action: 'up', ...at, button: 'left', source: 'tablet' },
      ],
      what,
    );
  } finally {
    source.close();
  }
}

// The CLI: watch waits for its events (the press and the release) while the tap is sent.
const watching = fbkitInProcess('input', 'watch', '--device', tablet, '--display', '/dev/fb0', '--json', '--count', '2');
await new Promise((r) => setTimeout(r, 1500));
await tap(8192, 24576);
const { code, stdout, stderr } = await watching;
assert.equal(code, 0, stderr);
const lines = stdout
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l));
const down = lines.find((l) => l.action === 'down');
assert.deepEqual(
  { type: down.type, action: down.action, x: down.x, y: down.y },
  { type: 'pointer', action: 'down', x: 320, y: 600 },
  stdout,
);
console.log(`tablet ${tablet}, keyboard ${keyboard}: taps at the expected pixels; watch printed ${lines.length} lines`);
