// KMS on bochs-drm (/dev/dri/card0), next to its fbdev emulation: Framebuffer.open
// of the card shows a buffer of fbkit's own; Frames with vsync presents alternating
// frames, each by a page flip whose event ends the wait, and after each the screen
// (QEMU's screendump) equals the frame presented and a capture of what the CRTC scans
// out (GETFB2 + MAP_DUMB) equals it too. On close the console's picture is back: the
// screendump equals what fbcat reads from /dev/fb0, fbset's mode is unchanged, and
// `fbkit shot` of the card (now the console's own buffer) equals fbcat.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import {
  assert,
  pictureDifferences,
  fbcatPpm,
  fbkitInProcessOk,
  importFbkit,
  project,
  retry,
  screendump,
  writeFrame,
} from '../guest/harness.mjs';
import { fbsetInfo } from '../guest/fbset.mjs';

const { Framebuffer, Frames, captureKms } = await importFbkit();
const { PNG } = createRequire(`${project}/package.json`)('pngjs');

// The console's framebuffer gets a picture of its own, to see it come back.
const fbsetBefore = fbsetInfo('/dev/fb0');
const consoleColor = (x, y) => ((x & 0xff) << 16) | ((y & 0xff) << 8) | 0x40;
writeFrame('/dev/fb0', fbsetBefore.xres, fbsetBefore.yres, consoleColor);

const fb = Framebuffer.open('/dev/dri/card0');
const { width, height, virtualHeight, stride } = fb.info;
console.log(
  `card0: ${fb.backend} ${fb.output} ${width}x${height}, virtual height ${virtualHeight}, stride ${stride}, ${fb.info.format.name}`,
);
assert.equal(fb.backend, 'kms');
assert.equal(fb.info.id, 'bochs-drm', 'the driver named by DRM_IOCTL_VERSION');
assert.equal(virtualHeight, 2 * height, 'two pages');
const frames = Frames.attach(fb, { vsync: { timeoutMs: 1000 }, initial: 'blank' });
assert.equal(frames.mode, 'flip', frames.flipUnavailable);

const COLORS = [0x00c02010, 0x0010c020, 0x002010c0, 0x00f0f0f0];
for (let i = 0; i < COLORS.length; i++) {
  const base = COLORS[i];
  // A different picture each time: a color, and a bar whose place moves.
  const expected = (_x, y) => (y >= 100 + 40 * i && y < 140 + 40 * i ? 0xffffff ^ base : base);
  frames.back.fillRect({ x: 0, y: 0, w: width, h: height }, (0xff000000 | base) >>> 0);
  frames.back.fillRect({ x: 0, y: 100 + 40 * i, w: width, h: 40 }, (0xff000000 | (0xffffff ^ base)) >>> 0);
  frames.damageAll();
  const r = await frames.present();
  assert.equal(r.synced, i > 0 || r.synced, 'present waited for the flip before');
  // The wait for the next vblank ends this present's flip: its event has arrived.
  const waited = await fb.waitForVsync({ timeoutMs: 1000 });
  assert.ok(waited.ok, `flip ${i} ended in its event: ${JSON.stringify(waited)}`);
  const shot = await screendump();
  assert.deepEqual([shot.width, shot.height], [width, height]);
  const wrong = pictureDifferences(width, height, shot.rgb, expected);
  assert.equal(wrong, undefined, `frame ${i} on screen: ${wrong}`);
  const scanout = captureKms('/dev/dri/card0').surface;
  const wrongCapture = pictureDifferences(width, height, (x, y) => scanout.getPixel(x, y) & 0xffffff, expected);
  assert.equal(wrongCapture, undefined, `frame ${i} captured: ${wrongCapture}`);
  console.log(`frame ${i}: flip event, screendump and capture equal the frame (page y ${fb.info.yoffset})`);
}
frames.close();
fb.close();

// The console's picture is back, in the mode it had.
const fbcat = fbcatPpm('/dev/fb0');
await retry(async () => {
  const shot = await screendump();
  assert.deepEqual([shot.width, shot.height], [fbcat.width, fbcat.height]);
  const wrong = pictureDifferences(shot.width, shot.height, shot.rgb, fbcat.rgb);
  assert.equal(wrong, undefined, `console after close: ${wrong}`);
});
// Away from the top-left corner, where fbcon's cursor may blink after an earlier scenario's VT switch.
assert.equal(fbcat.rgb(641, 401), consoleColor(641, 401), 'fb0 still holds what was written');
const fbsetAfter = fbsetInfo('/dev/fb0');
assert.equal(fbsetAfter.text, fbsetBefore.text, 'fbset mode as before');
console.log('after close: the screen shows fb0 again (equal to fbcat), fbset mode unchanged');

// fbkit shot of the card now captures the console's own framebuffer (the fbdev emulation's
// buffer, which the CRTC scans out again): the same picture fbcat reads from /dev/fb0.
const shotFile = `${process.env.TMPDIR}/console.png`;
console.log((await fbkitInProcessOk('shot', shotFile, '--device', '/dev/dri/card0')).trim());
const png = PNG.sync.read(readFileSync(shotFile));
assert.deepEqual([png.width, png.height], [fbcat.width, fbcat.height]);
const pngRgb = (x, y) => {
  const i = (y * png.width + x) * 4;
  return (png.data[i] << 16) | (png.data[i + 1] << 8) | png.data[i + 2];
};
// fbcon's cursor may blink in the top-left cell between the two reads: leave that cell out.
const cursorCell = (x, y) => x < 16 && y < 32;
const wrongShot = pictureDifferences(
  fbcat.width,
  fbcat.height,
  (x, y) => (cursorCell(x, y) ? 0 : pngRgb(x, y)),
  (x, y) => (cursorCell(x, y) ? 0 : fbcat.rgb(x, y)),
);
assert.equal(wrongShot, undefined, `fbkit shot of the console vs fbcat: ${wrongShot}`);
console.log('fbkit shot of the card (the console) equals fbcat of /dev/fb0');
