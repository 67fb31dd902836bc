// @machines pc-nofb,arm64-nofb,armhf-nofb
// A kernel with no /dev/fb0 (bochs-drm, fbdev emulation off): `fbkit info` says it
// chose KMS and why and lists the output; `fbkit show` with no --device draws through
// KMS, says on stderr that it holds the picture, and QEMU's screendump equals the image;
// `fbkit shot` of the card (another process's buffer, through GETFB2) equals the
// screendump; a second fbkit asking for DRM master meanwhile gets the explained error,
// naming the holder from debugfs; SIGINT ends the first one cleanly and its CRTC is off
// again, as it was found.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import {
  assert,
  pictureDifferences,
  fbkitInProcess,
  fbkitInProcessOk,
  importFbkit,
  project,
  retry,
  run,
  screendump,
} from '../guest/harness.mjs';

const { PNG } = createRequire(`${project}/package.json`)('pngjs');
const { readCardInfo, Surface, FORMATS, writePng } = await importFbkit();

assert.ok(!existsSync('/dev/fb0'), 'this machine has no /dev/fb0');
const card = readCardInfo('/dev/dri/card0');
const output = card.outputs.find((o) => o.status === 'connected');
assert.equal(output?.name, 'Virtual-1');
const preferred = output.modes.find((m) => m.type & 8) ?? output.modes[0];
const [width, height] = [preferred.hdisplay, preferred.vdisplay];
assert.equal(output.crtcId, 0, 'nothing drives the output before fbkit');

const info = await fbkitInProcessOk('info');
console.log(info.trim());
assert.match(
  info,
  /one-shot \(fill, show, shot\): \/dev\/dri\/card0 \(kms\): there is no \/dev\/fb0; \/dev\/dri\/card0 has a connected output \(Virtual-1\)/,
);
assert.match(info, /Virtual-1 +connected/);
assert.match(info, /\/dev\/dri\/card0: KMS, driver bochs-drm/);

// A picture where a wrong stride, channel order or page shows.
const color = (x, y) => ((((x * 7) & 0xff) << 16) | (((x ^ y) & 0xff) << 8) | ((y * 3) & 0xff)) >>> 0;
const image = Surface.create(width, height, FORMATS.XRGB8888);
for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) image.setPixel(x, y, (0xff000000 | color(x, y)) >>> 0);
const imagePath = `${process.env.TMPDIR}/picture.png`;
writeFileSync(imagePath, writePng(image));

const child = spawn(process.execPath, [`${project}/bin/fbkit.js`, 'show', imagePath, '--fit', 'none'], {
  stdio: ['ignore', 'pipe', 'pipe'],
});
let stderr = '';
child.stderr.on('data', (d) => (stderr += d));
const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
// A node process takes up to about 45 s to start on armhf under TCG (elsewhere a few).
await retry(() => assert.match(stderr, /showing on \/dev\/dri\/card0 \(Virtual-1\) until interrupted/), {
  timeoutMs: process.arch === 'arm' ? 200_000 : 30_000,
});
console.log(`fbkit show (pid ${child.pid}): ${stderr.trim()}`);

const shot = await screendump();
assert.deepEqual([shot.width, shot.height], [width, height]);
assert.equal(pictureDifferences(width, height, shot.rgb, color), undefined, 'screendump of fbkit show');
console.log(`screendump ${width}x${height} equals the image`);

// fbkit shot of the card: what the CRTC scans out, which is the other process's buffer.
const shotFile = `${process.env.TMPDIR}/shot.png`;
console.log((await fbkitInProcessOk('shot', shotFile, '--device', '/dev/dri/card0')).trim());
const png = PNG.sync.read(readFileSync(shotFile));
const pngRgb = (x, y) => {
  const i = (y * png.width + x) * 4;
  return (png.data[i] << 16) | (png.data[i + 1] << 8) | png.data[i + 2];
};
assert.deepEqual([png.width, png.height], [width, height]);
assert.equal(pictureDifferences(width, height, pngRgb, shot.rgb), undefined, 'fbkit shot vs screendump');
console.log('fbkit shot of the card equals the screendump');

// A second program asking for master meanwhile: the explained error, with the holder once debugfs is there.
if (!existsSync('/sys/kernel/debug/dri')) run('mount', '-t', 'debugfs', 'debugfs', '/sys/kernel/debug');
const second = await fbkitInProcess('fill', 'red', '--device', '/dev/dri/card0', '--hold', '0');
console.log(`second fbkit: exit ${second.code}: ${second.stderr.trim()}`);
assert.equal(second.code, 1);
assert.match(second.stderr, /^fbkit: cannot become DRM master of \/dev\/dri\/card0 \(EBUSY\): node \(pid \d+\) holds it \(hint: stop node/);
const holderPid = Number(/\(pid (\d+)\)/.exec(second.stderr)[1]);
assert.equal(holderPid, child.pid, 'the holder named is the fbkit show process');

child.kill('SIGINT');
const end = await exited;
assert.deepEqual(end, { code: 0, signal: null }, `fbkit show after SIGINT: ${stderr}`);
const after = readCardInfo('/dev/dri/card0').outputs.find((o) => o.name === 'Virtual-1');
assert.equal(after.crtcId, 0, 'the CRTC is off again, as fbkit found it');
console.log('SIGINT: fbkit show exited 0 and left the CRTC off, as found');

// A user who may not open the card: one line naming the video group and the card node.
// The child loads the CLI as root (a checkout in root's 0700 home is unreadable to nobody),
// running `info` on the card once so every module the verbs use, koffi included, is in
// memory; then it drops to nobody itself (groups cleared) and runs `fill` on the card.
const NOBODY = `
const { loadBundle } = await import(${JSON.stringify(`${project}/bin/cli-bundle.js`)});
const { run } = loadBundle(${JSON.stringify(`${project}/dist/cli/main.cjs`)}).exports;
const sink = { write() {} };
if ((await run(['info', '--device', '/dev/dri/card0'], { stdout: sink, stderr: sink })) !== 0) throw new Error('info as root failed');
await run(['fill', '--help'], { stdout: sink, stderr: sink });
process.setgroups([]);
process.setgid(65534);
process.setuid(65534);
process.exitCode = await run(['fill', 'red', '--device', '/dev/dri/card0']);
`;
const denied = spawnSync(process.execPath, ['--input-type=module', '-e', NOBODY], { encoding: 'utf8' });
console.log(`as nobody: exit ${denied.status}: ${denied.stderr.trim()}`);
assert.equal(denied.status, 1);
assert.match(
  denied.stderr,
  /^fbkit: open \/dev\/dri\/card0 failed: EACCES \(permission denied\) \(hint: \/dev\/dri\/card0 is usually owned by the 'video' group \(renderD\* nodes by 'render', and those draw no display\)/,
);
assert.equal(denied.stderr.trim().split('\n').length, 1);
