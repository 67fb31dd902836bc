// @machines pc-input
// examples/kiosk-touch with QEMU's tablet, on the real fbdev (/dev/fb0) and then with no
// --device, where a long-running program takes KMS (/dev/dri/card0, bochs-drm): a press on
// the GREEN button lights it up on the screen (QEMU's screendump), the release over it acts
// (the swatch at the bottom turns green). Layout at 1280x800: GREEN is x 453..825, y
// 200..399 (center 639,300 = QMP 16371,12308); the swatch is y 600..759.
import { spawn } from 'node:child_process';
import { assert, project, retry, screendump } from '../guest/harness.mjs';
import { eventNode, tap } from '../guest/input.mjs';

const tablet = eventNode(/Virtio Tablet/i);
const runs = [
  { args: ['--device', '/dev/fb0'], says: 'kiosk-touch: 1280x800 on /dev/fb0 (fbdev)' },
  { args: [], says: 'kiosk-touch: 1280x800 on /dev/dri/card0 (kms, Virtual-1)' },
];
for (const { args, says } of runs) {
  const kiosk = spawn(process.execPath, ['--import', 'tsx', `${project}/examples/kiosk-touch/main.ts`, ...args, '--input', tablet], {
    cwd: project,
    stdio: ['ignore', 'inherit', 'pipe'],
  });
  let stderr = '';
  kiosk.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise((resolve) => kiosk.on('exit', (code, signal) => resolve({ code, signal })));
  try {
    const swatch = { x: 640, y: 680 };
    const button = { x: 460, y: 205 };
    await retry(() => assert.equal(stderr.split('\n')[0], says, `where the kiosk runs (stderr: ${stderr})`), { timeoutMs: 60_000 });
    await retry(async () => assert.equal((await screendump()).rgb(swatch.x, swatch.y), 0x303030, 'the kiosk shows its swatch'), {
      timeoutMs: 60_000,
    });
    // Give the program the moment between its first frame and reading its devices.
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal((await screendump()).rgb(button.x, button.y), 0x3050a0, 'GREEN drawn idle');
    await tap(16371, 12308, { release: false });
    await retry(async () => assert.equal((await screendump()).rgb(button.x, button.y), 0x80b0ff, 'GREEN lit while pressed'));
    assert.equal((await screendump()).rgb(swatch.x, swatch.y), 0x303030, 'nothing happens on press');
    await tap(16371, 12308, { press: false });
    await retry(async () => assert.equal((await screendump()).rgb(swatch.x, swatch.y), 0x30a040, 'the swatch turns green on release'));
    assert.equal((await screendump()).rgb(button.x, button.y), 0x3050a0, 'GREEN idle again');
    console.log(`${says}: press lights the button, release acts, on the screendump`);
  } finally {
    kiosk.kill('SIGTERM');
  }
  const end = await exited;
  assert.equal(end.code, 0, `the kiosk ends cleanly on SIGTERM (${JSON.stringify(end)}, stderr: ${stderr})`);
}
