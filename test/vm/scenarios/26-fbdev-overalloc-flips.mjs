// @machines pc-overalloc
// Why KMS: with drm_fbdev_overalloc=200, bochs-drm's fbdev emulation offers two pages
// (yres_virtual = 2 * yres) and pans between them, but on this kernel (Debian's 6.1)
// what is drawn on the second page never reaches the screen (the emulation draws into a
// shadow that it copies to video memory later; for the second page it does not, within
// the 3 s this waits). Frames on
// /dev/fb0 shows its first-page frame and then keeps showing it. The same frames
// through KMS on the same card (/dev/dri/card0) all reach the screen.
import { assert, hex, importFbkit, retry, screendump } from '../guest/harness.mjs';
import { fbsetInfo } from '../guest/fbset.mjs';

const { Framebuffer, Frames } = await importFbkit();

const fbset = fbsetInfo('/dev/fb0');
console.log(`fbset: ${fbset.xres}x${fbset.yres}, virtual ${fbset.xresVirtual}x${fbset.yresVirtual}`);
assert.equal(fbset.yresVirtual, 2 * fbset.yres, 'drm_fbdev_overalloc=200 gives two pages');

const COLORS = [0x00d04010, 0x001080d0];

/** Sampled pixels of the screen that differ from frame i (a color with a white box), or undefined. */
async function screenDiffers(i, width, height) {
  const shot = await screendump();
  for (let y = 0; y < height; y += 3) {
    for (let x = 0; x < width; x += 3) {
      const inBox = x >= 50 * i && x < 50 * i + 100 && y >= 50 * i && y < 50 * i + 100;
      const expected = inBox ? 0xffffff : COLORS[i];
      if (shot.rgb(x, y) !== expected) return `${x},${y}: ${hex(shot.rgb(x, y), 6)}, expected ${hex(expected, 6)}`;
    }
  }
  return undefined;
}

/** Presents the two frames through `fb`; the screen after each, as `screenDiffers` says (waiting up to `settleMs`). */
async function presentTwo(fb, settleMs) {
  const frames = Frames.attach(fb, { initial: 'blank', vsync: { timeoutMs: 1000 } });
  assert.equal(frames.mode, 'flip', frames.flipUnavailable);
  const { width, height } = fb.info;
  const seen = [];
  for (const [i, color] of COLORS.entries()) {
    frames.back.fillRect({ x: 0, y: 0, w: width, h: height }, (0xff000000 | color) >>> 0);
    frames.back.fillRect({ x: 50 * i, y: 50 * i, w: 100, h: 100 }, 0xffffffff);
    frames.damageAll();
    await frames.present();
    const page = fb.info.yoffset;
    let differs;
    try {
      await retry(async () => assert.equal((differs = await screenDiffers(i, width, height)), undefined), { timeoutMs: settleMs });
    } catch {
      // `differs` keeps the last answer
    }
    seen.push({ page, differs });
  }
  frames.close();
  fb.close();
  return seen;
}

const fbdev = await presentTwo(Framebuffer.open('/dev/fb0'), 3000);
console.log(`fbdev: ${JSON.stringify(fbdev)}`);
assert.deepEqual(
  fbdev.map((f) => f.page),
  [0, fbset.yres],
  'fbdev flips: the first frame on page 0, the second on page 1',
);
assert.equal(fbdev[0].differs, undefined, 'fbdev: the first page reaches the screen');
assert.match(fbdev[1].differs ?? '', /^0,0: 0xffffff, expected/, 'fbdev: the second page does not: the first frame stays on screen');

const kms = await presentTwo(Framebuffer.open('/dev/dri/card0'), 3000);
console.log(`kms: ${JSON.stringify(kms)}`);
assert.deepEqual(
  kms.map((f) => f.differs),
  [undefined, undefined],
  'KMS: both frames reach the screen',
);
console.log('fbdev emulation loses the second page on this kernel; KMS flips show every frame');
