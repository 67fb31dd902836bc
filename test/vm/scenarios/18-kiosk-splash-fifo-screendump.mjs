// `fbkit splash` on the real /dev/fb0, driven through its FIFO by `fbkit splash-write`:
// the host's screendump shows the logo and a half-filled progress bar after PROGRESS 50;
// the VT is in graphics mode while it runs and in text mode after QUIT, and the FIFO is gone.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assert, fbkit, hex, project, retry, screendump } from '../guest/harness.mjs';
import { KD_GRAPHICS, KD_TEXT, kdMode } from '../guest/kd.mjs';

const { Surface } = await import(`${project}/dist/src/draw/surface.js`);
const { writePng } = await import(`${project}/dist/src/codecs/png.js`);
const { splashLayout, DEFAULT_STYLE } = await import(`${project}/dist/src/splash/splash.js`);

const tmp = process.env.TMPDIR;
const logoColor = 0x2080c0;
const logo = Surface.create(100, 60);
logo.clear((0xff000000 | logoColor) >>> 0);
writeFileSync(join(tmp, 'logo.png'), writePng(logo));
// $TMPDIR is on 9p, which cannot hold FIFOs; the guest's devtmpfs can.
const fifo = '/dev/fbkit-splash-test.fifo';

const splash = spawn(
  process.execPath,
  [`${project}/bin/fbkit.js`, 'splash', join(tmp, 'logo.png'), '--device', '/dev/fb0', '--fifo', fifo, '--timing'],
  { stdio: ['ignore', 'pipe', 'pipe'] },
);
let stderr = '';
splash.stderr.on('data', (d) => (stderr += d));
await retry(() => assert.ok(existsSync(fifo), `FIFO not there yet (${stderr})`), { timeoutMs: 60_000 });
assert.equal(kdMode(), KD_GRAPHICS, 'KD_GRAPHICS while the splash runs');
fbkit('splash-write', '--fifo', fifo, 'PROGRESS 50');
fbkit('splash-write', '--fifo', fifo, 'MSG', 'hello from the guest');

const { track } = splashLayout(1280, 800);
const half = track.x + Math.round(track.w / 2);
const y = track.y + Math.floor(track.h / 2);
const probes = [
  [640, 400, logoColor, 'logo'],
  [track.x + 1, y, DEFAULT_STYLE.barColor & 0xffffff, 'filled bar'],
  [half - 2, y, DEFAULT_STYLE.barColor & 0xffffff, 'filled bar just before 50%'],
  [half + 2, y, DEFAULT_STYLE.trackColor & 0xffffff, 'empty track just after 50%'],
  [track.x + track.w - 2, y, DEFAULT_STYLE.trackColor & 0xffffff, 'empty track at the end'],
  [5, 5, DEFAULT_STYLE.background & 0xffffff, 'background'],
];
await retry(async () => {
  const img = await screendump();
  for (const [x, py, want, what] of probes) assert.equal(hex(img.rgb(x, py), 6), hex(want, 6), `${what} at ${x},${py}`);
});

fbkit('splash-write', '--fifo', fifo, 'QUIT');
const [code] = await once(splash, 'exit');
assert.equal(code, 0, stderr);
assert.equal(kdMode(), KD_TEXT, 'KD_TEXT after QUIT');
assert.ok(!existsSync(fifo), 'the FIFO is removed');
console.log(stderr.trim());
