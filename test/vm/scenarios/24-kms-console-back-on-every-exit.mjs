// A program drawing through KMS on bochs-drm (card0, next to its fbdev emulation) that
// ends by SIGTERM, by SIGINT or by an uncaught exception leaves the console as it was:
// QEMU's screendump equals what fbcat reads from /dev/fb0 again, and fbset's mode is
// unchanged. fbkit puts the CRTC it found back on each of these ways out; left to the
// kernel (the framebuffers go with the descriptor, then fbdev emulation sets its mode
// again) the screen stayed black, since bochs clears video memory on a mode set.
import { spawn } from 'node:child_process';
import { assert, fbcatPpm, hex, project, retry, screendump, writeFrame } from '../guest/harness.mjs';
import { fbsetInfo } from '../guest/fbset.mjs';

const fbsetBefore = fbsetInfo('/dev/fb0');
const consoleColor = (x, y) => (((x * 5) & 0xff) << 16) | ((y & 0xff) << 8) | 0x21;
writeFrame('/dev/fb0', fbsetBefore.xres, fbsetBefore.yres, consoleColor);

const KIOSK = `
const { Framebuffer, Frames } = await import(${JSON.stringify(`${project}/dist/src/index.js`)});
const fb = Framebuffer.open('/dev/dri/card0');
const frames = Frames.attach(fb, { vsync: { timeoutMs: 1000 }, initial: 'blank' });
frames.back.fillRect({ x: 0, y: 0, w: frames.back.width, h: frames.back.height }, 0xffff00ff);
frames.damageAll();
await frames.present();
await fb.waitForVsync({ timeoutMs: 1000 });
console.log('ready');
if (process.argv[1] === 'throw') process.on('SIGUSR2', () => { throw new Error('kiosk bug'); });
setInterval(() => {}, 1000);
`;

function screenDiffers(shot, expected) {
  for (let y = 0; y < shot.height; y += 7)
    for (let x = 0; x < shot.width; x += 5) if (shot.rgb(x, y) !== expected(x, y)) return `${x},${y}: ${hex(shot.rgb(x, y), 6)}`;
  return undefined;
}

for (const ending of ['SIGTERM', 'SIGINT', 'throw']) {
  const child = spawn(process.execPath, ['--input-type=module', '-e', KIOSK, ending], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  await retry(() => assert.match(out, /ready/), { timeoutMs: 30_000 });
  const during = await screendump();
  assert.equal(
    screenDiffers(during, () => 0xff00ff),
    undefined,
    `${ending}: the kiosk's magenta is on screen`,
  );
  // The uncaught exception comes when asked, after the screendump: on a timer it raced it.
  child.kill(ending === 'throw' ? 'SIGUSR2' : ending);
  const end = await exited;
  if (ending === 'throw') assert.match(out, /kiosk bug/);
  else assert.equal(end.signal, ending, `${ending}: died of it (${JSON.stringify(end)}): ${out}`);
  const fbcat = fbcatPpm('/dev/fb0');
  await retry(async () => {
    const shot = await screendump();
    assert.deepEqual([shot.width, shot.height], [fbcat.width, fbcat.height]);
    assert.equal(screenDiffers(shot, fbcat.rgb), undefined, `${ending}: the console's picture is back`);
  });
  // Away from the top-left corner, where fbcon's cursor may blink after an earlier scenario's VT switch.
  assert.equal(fbcat.rgb(641, 401), consoleColor(641, 401));
  assert.equal(fbsetInfo('/dev/fb0').text, fbsetBefore.text, `${ending}: fbset mode as before`);
  console.log(`${ending}: kiosk showed its picture through KMS; after it ended the console is back (screendump = fbcat), fbset unchanged`);
}
