// `fbkit shot` of /dev/fb0 is the same picture as fbcat's PPM of the same
// screen, pixel for pixel, and both are what was written to the device: a
// gradient (so a wrong stride, channel order or offset shows) written with a
// plain write(). The PNG is decoded with pngjs, not with fbkit's own reader.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { assert, fbcatPpm, fbkit, hex, project, writeFrame } from '../guest/harness.mjs';

const { PNG } = createRequire(`${project}/package.json`)('pngjs');

const width = 1280;
const height = 800;
// Different from scenario 07's, so a stale screen cannot pass.
const color = (x, y) => (((x * 3) & 0xff) << 16) | (((x ^ y) & 0xff) << 8) | ((y * 5 + x) & 0xff);
writeFrame('/dev/fb0', width, height, color);

const fbcat = fbcatPpm('/dev/fb0');
assert.deepEqual([fbcat.width, fbcat.height], [width, height]);

// One CLI run: each costs seconds in the guest (node loading the CLI under TCG over 9p).
function shot() {
  const file = `${process.env.TMPDIR}/shot.png`;
  console.log(fbkit('shot', file, '--device', '/dev/fb0').trim());
  return PNG.sync.read(readFileSync(file));
}

/** Every pixel of the PNG equals fbcat's and the gradient written. */
function compare(png) {
  let wrong = 0;
  let first;
  for (let y = 0; y < png.height; y++) {
    for (let x = 0; x < png.width; x++) {
      const i = (y * png.width + x) * 4;
      const got = (png.data[i] << 16) | (png.data[i + 1] << 8) | png.data[i + 2];
      const theirs = fbcat.rgb(x, y);
      if (got !== theirs || got !== color(x, y) || png.data[i + 3] !== 255) {
        wrong++;
        first ??= `${x},${y}: fbkit ${hex(got, 6)} alpha ${png.data[i + 3]}, fbcat ${hex(theirs, 6)}, written ${hex(color(x, y), 6)}`;
      }
    }
  }
  assert.equal(wrong, 0, `${wrong} pixels differ, first at ${first}`);
}

const whole = shot();
assert.deepEqual([whole.width, whole.height], [width, height]);
compare(whole);
