// @machines pc-input
// Taps on QEMU's virtio tablet (QMP input-send-event, absolute 0..32767) arrive through
// fbkit at the screen pixels they should: at a quarter across and three quarters down,
// pixel (320, 600) of the 1280x800 screen; on a display turned 90° clockwise (an 800x1280
// picture) the same panel spot is (600, 959); with the calibration matrix
// [0.5 0 0.25 0 0.5 0.25] (the panel's whole range onto the middle half) it is (480, 500).
// `fbkit input list --json` classifies the tablet and the keyboard, `fbkit input watch
// --json` prints the tap as the issue's JSON lines, in /dev/fb0's pixels, and `fbkit input
// calibrate` finds the matrix of a panel that reads only the middle of its range. QEMU's
// virtio mouse moves the pointer in the upright picture of a display turned 90°.
import { assert, fbkitInProcess, fbkitInProcessOk, importFbkit, qmp } from '../guest/harness.mjs';
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

// Calibration: a panel whose readings cover only 0.1..0.9 of its range across the screen.
// `input calibrate` draws its five crosses on /dev/fb0 and takes a tap on each; tapped
// where that panel would read them, it must find the matrix that undoes it, [1.25 0 -0.125
// 0 1.25 -0.125], and `watch --matrix` with it puts a tap back on its pixel.
const W = 1280;
const H = 800;
const reading = (px, size) => Math.round((0.1 + (0.8 * (px + 0.5)) / size) * 32768 - 0.5);
const targets = [
  [0.1, 0.1],
  [0.9, 0.1],
  [0.9, 0.9],
  [0.1, 0.9],
  [0.5, 0.5],
].map(([fx, fy]) => [Math.round(fx * (W - 1)), Math.round(fy * (H - 1))]);
const calibrating = fbkitInProcess('input', 'calibrate', '--device', tablet, '--display', '/dev/fb0', '--json');
await new Promise((r) => setTimeout(r, 1500));
for (const [x, y] of targets) await tap(reading(x, W), reading(y, H));
const calibrated = await calibrating;
assert.equal(calibrated.code, 0, calibrated.stderr);
const { matrix } = JSON.parse(calibrated.stdout);
const expected = [1.25, 0, -0.125, 0, 1.25, -0.125];
assert.ok(
  matrix.every((v, i) => Math.abs(v - expected[i]) < 0.002),
  `calibrate found [${matrix.join(' ')}], expected about [${expected.join(' ')}]`,
);
const checking = fbkitInProcess(
  'input',
  'watch',
  '--device',
  tablet,
  '--display',
  '/dev/fb0',
  '--json',
  '--count',
  '2',
  '--matrix',
  matrix.join(' '),
);
await new Promise((r) => setTimeout(r, 1500));
await tap(reading(320, W), reading(600, H));
const checked = await checking;
const landed = JSON.parse(checked.stdout.trim().split('\n')[0]);
assert.deepEqual({ x: landed.x, y: landed.y }, { x: 320, y: 600 }, checked.stdout + checked.stderr);

// QEMU's virtio mouse (relative) on a display turned 90°: moving it right moves the pointer
// right in the upright 800x1280 picture (a mouse lies in front of the picture the viewer
// sees; only a touch panel turns with the screen), from the center, clamped to 800 columns.
const mouse = eventNode(/Virtio Mouse/i);
assert.deepEqual(listed.find((d) => d.path === mouse)?.kinds, ['pointer']);
const pointing = InputSource.open({ devices: [mouse], screen: { width: 800, height: 1280, rotation: 90 } });
try {
  const moves = nextEvents(pointing, 3, (e) => e.type === 'pointer');
  const move = (axis, value) => qmp('input-send-event', { device: 'vga', events: [{ type: 'rel', data: { axis, value } }] });
  await move('x', 100);
  await move('y', 30);
  await move('x', 1000);
  assert.deepEqual(
    (await moves).map(bare),
    [
      { type: 'pointer', action: 'move', x: 500, y: 640, source: 'mouse' },
      { type: 'pointer', action: 'move', x: 500, y: 670, source: 'mouse' },
      { type: 'pointer', action: 'move', x: 799, y: 670, source: 'mouse' },
    ],
    'the mouse on a display turned 90°',
  );
} finally {
  pointing.close();
}
console.log(
  `tablet ${tablet}, keyboard ${keyboard}: taps at the expected pixels; watch printed ${lines.length} lines; calibrate found [${matrix.join(' ')}]; mouse ${mouse} moves upright at 90°`,
);
