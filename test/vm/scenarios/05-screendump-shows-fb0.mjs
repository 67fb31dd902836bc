// @machines pc,arm64,armhf
// What a plain write() to /dev/fb0 puts in the framebuffer is what QEMU's
// display shows: a screendump taken on the host through QMP has the same
// pixels. bochs-drm's fbdev emulation copies to VRAM lazily, hence the retry.
import { assert, hex, retry, screendump, writeFrame } from '../guest/harness.mjs';

const width = 1280;
const height = 800;
const top = 0xcc3311; // XRGB8888, as fbset reports for this device
const bottom = 0x1133cc;

const expected = (_x, y) => (y < height / 2 ? top : bottom);
writeFrame('/dev/fb0', width, height, expected);

const probes = [
  [0, 0, top],
  [width - 1, height / 2 - 1, top],
  [0, height / 2, bottom],
  [width - 1, height - 1, bottom],
];
let attempts = 0;
const shot = await retry(async () => {
  attempts++;
  const img = await screendump();
  assert.deepEqual([img.width, img.height], [width, height]);
  for (const [x, y, want] of probes) assert.equal(hex(img.rgb(x, y), 6), hex(want, 6), `pixel ${x},${y}`);
  return img;
});
console.log(`screendump matched after ${attempts} attempt(s)`);
let wrong = 0;
for (let y = 0; y < height; y++) {
  for (let x = 0; x < width; x++) if (shot.rgb(x, y) !== expected(x, y)) wrong++;
}
assert.equal(wrong, 0, 'every pixel of the screendump');
