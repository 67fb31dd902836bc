// fbcat (the independent screenshot tool `fbkit shot` is compared with) reads
// back exactly what a plain write() put into /dev/fb0.
import { assert, fbcatPpm, hex, writeFrame } from '../guest/harness.mjs';

const width = 1280;
const height = 800;
// A gradient, so a wrong stride, channel order or offset cannot go unnoticed.
const color = (x, y) => ((x & 0xff) << 16) | ((y & 0xff) << 8) | ((x + y) & 0xff);
writeFrame('/dev/fb0', width, height, color);

const img = fbcatPpm('/dev/fb0');
assert.deepEqual([img.width, img.height], [width, height]);
for (let y = 0; y < height; y++) {
  for (let x = 0; x < width; x++) {
    if (img.rgb(x, y) !== color(x, y)) assert.fail(`pixel ${x},${y}: ${hex(img.rgb(x, y), 6)} != ${hex(color(x, y), 6)}`);
  }
}
