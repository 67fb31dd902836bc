// @machines pc-nofb
// Rotation through KMS (bochs-drm, no /dev/fb0): a framebuffer on /dev/dri/card0 opened
// with { rotate: 90 } and { rotate: 270 } takes an upright portrait picture and QEMU's
// display shows it turned clockwise by that much, every pixel where the turn puts it
// (computed here from the turn's definition); `fbkit shot --rotate 90` of the card gives
// the picture back upright; Frames on { rotate: 90 } flips pages with the turned frames.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assert, fbkitInProcessOk, importFbkit, pictureDifferences, screendump } from '../guest/harness.mjs';

const { Framebuffer, Frames, readPng } = await importFbkit();

/** Every app pixel its own color (x and y fit in 11 bits each). */
const color = (x, y) => ((x << 11) | y) & 0xffffff;

/** The app pixel device pixel (X, Y) shows when an aw x ah picture is turned clockwise by `rotation`. */
function appPixelAt(X, Y, rotation, aw, ah) {
  // Clockwise 90: app (x, y) goes to device (ah - 1 - y, x); 270 is its inverse.
  return rotation === 90 ? { x: Y, y: ah - 1 - X } : { x: aw - 1 - Y, y: X };
}

async function expectTurned(fb, rotation, colorOf, what) {
  const shot = await screendump();
  const { width: dw, height: dh } = fb.info;
  assert.deepEqual([shot.width, shot.height], [dw, dh]);
  const expected = (X, Y) => {
    const p = appPixelAt(X, Y, rotation, fb.width, fb.height);
    return colorOf(p.x, p.y);
  };
  assert.equal(pictureDifferences(dw, dh, shot.rgb, expected), undefined, what);
}

function paint(surface, colorOf) {
  const words = new Uint32Array(surface.bytes.buffer, surface.bytes.byteOffset, surface.bytes.length >> 2);
  const row = surface.stride >> 2;
  for (let y = 0; y < surface.height; y++) for (let x = 0; x < surface.width; x++) words[y * row + x] = (0xff000000 | colorOf(x, y)) >>> 0;
}

for (const rotation of [90, 270]) {
  const fb = Framebuffer.open('/dev/dri/card0', { rotate: rotation });
  assert.equal(fb.backend, 'kms');
  assert.deepEqual([fb.width, fb.height], [fb.info.height, fb.info.width], 'the app draws on the turned size');
  paint(fb.surface, color);
  fb.flush();
  await expectTurned(fb, rotation, color, `rotate ${rotation}`);
  if (rotation === 90) {
    // The card shows the 90 turn: shot --rotate 90 must give the picture back upright.
    const out = join(process.env.TMPDIR, 'upright.png');
    await fbkitInProcessOk('shot', out, '--rotate', '90', '--device', '/dev/dri/card0');
    const upright = readPng(readFileSync(out));
    assert.deepEqual([upright.width, upright.height], [fb.width, fb.height]);
    const got = (x, y) => upright.getPixel(x, y) & 0xffffff;
    assert.equal(pictureDifferences(fb.width, fb.height, got, color), undefined, 'fbkit shot --rotate 90 of the card');
    console.log('fbkit shot --rotate 90 of the card gives the picture back upright');
  }
  fb.close();
  console.log(`rotate ${rotation}: the screendump is the portrait picture turned, every pixel`);
}

// Frames with rotate 90: upright back buffer, each present a flip to a turned frame.
const fb = Framebuffer.open('/dev/dri/card0', { rotate: 90 });
const frames = Frames.attach(fb, { initial: 'blank', vsync: { timeoutMs: 1000 } });
assert.equal(frames.mode, 'flip', frames.flipUnavailable);
for (const variant of [(x, y) => color(x, y) ^ 0xffffff, (x, y) => color(y & 0x7ff, x)]) {
  paint(frames.back, variant);
  frames.damageAll();
  await frames.present();
  assert.ok((await fb.waitForVsync({ timeoutMs: 1000 })).ok, 'the flip ended in its event');
  await expectTurned(fb, 90, variant, `Frames rotate 90 (page y ${fb.info.yoffset})`);
}
frames.close();
fb.close();
console.log('Frames with rotate 90 through KMS: two flips, each frame on screen turned');
