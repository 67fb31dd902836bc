// @machines pc,arm64,armhf
// `fbkit shot` of /dev/fb0 is the same picture as fbcat's PPM of the same
// screen, pixel for pixel, and both are what was written to the device: a
// gradient (so a wrong stride, channel order or offset shows) written with a
// plain write(). The PNG is decoded with pngjs, not with fbkit's own reader.
// An ARM guest has no fbcat (the host's is x86): there the reference is QEMU's
// screendump of the same screen.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { assert, fbcatPpm, fbkit, hex, onArm, project, retry, screendump, writeFrame } from '../guest/harness.mjs';

const { PNG } = createRequire(`${project}/package.json`)('pngjs');

const width = 1280;
const height = 800;
// Different from scenario 07's, so a stale screen cannot pass.
const color = (x, y) => (((x * 3) & 0xff) << 16) | (((x ^ y) & 0xff) << 8) | ((y * 5 + x) & 0xff);
writeFrame('/dev/fb0', width, height, color);

// bochs-drm's fbdev emulation copies to the screen lazily, hence the retry.
const reference = onArm
  ? await retry(async () => {
      const img = await screendump();
      assert.equal(hex(img.rgb(width - 1, height - 1), 6), hex(color(width - 1, height - 1), 6), 'last pixel of the screendump');
      return img;
    })
  : fbcatPpm('/dev/fb0');
const referenceName = onArm ? 'the screendump' : 'fbcat';
assert.deepEqual([reference.width, reference.height], [width, height]);

// One CLI run: each costs seconds in the guest (node loading the CLI under TCG over 9p).
function shot() {
  const file = `${process.env.TMPDIR}/shot.png`;
  console.log(fbkit('shot', file, '--device', '/dev/fb0').trim());
  return PNG.sync.read(readFileSync(file));
}

/** Every pixel of the PNG equals the reference's and the gradient written. */
function compare(png) {
  let wrong = 0;
  let first;
  for (let y = 0; y < png.height; y++) {
    for (let x = 0; x < png.width; x++) {
      const i = (y * png.width + x) * 4;
      const got = (png.data[i] << 16) | (png.data[i + 1] << 8) | png.data[i + 2];
      const theirs = reference.rgb(x, y);
      if (got !== theirs || got !== color(x, y) || png.data[i + 3] !== 255) {
        wrong++;
        first ??= `${x},${y}: fbkit ${hex(got, 6)} alpha ${png.data[i + 3]}, ${referenceName} ${hex(theirs, 6)}, written ${hex(color(x, y), 6)}`;
      }
    }
  }
  assert.equal(wrong, 0, `${wrong} pixels differ, first at ${first}`);
}

const whole = shot();
assert.deepEqual([whole.width, whole.height], [width, height]);
compare(whole);
