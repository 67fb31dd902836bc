// fbcat (the independent screenshot tool `fbkit shot` is compared with) reads
// back exactly what a plain write() put into /dev/fb0.
import { openSync, writeSync, closeSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { assert, hex, parsePpm } from '../guest/harness.mjs';

const width = 1280;
const height = 800;
// A gradient, so a wrong stride, channel order or offset cannot go unnoticed.
const color = (x, y) => ((x & 0xff) << 16) | ((y & 0xff) << 8) | ((x + y) & 0xff);
const frame = new Uint32Array(width * height);
for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) frame[y * width + x] = color(x, y);
const fd = openSync('/dev/fb0', 'w');
writeSync(fd, new Uint8Array(frame.buffer));
closeSync(fd);

const img = parsePpm(execFileSync('fbcat', ['/dev/fb0'], { maxBuffer: 16 << 20 }));
assert.deepEqual([img.width, img.height], [width, height]);
for (let y = 0; y < height; y++) {
  for (let x = 0; x < width; x++) {
    if (img.rgb(x, y) !== color(x, y)) assert.fail(`pixel ${x},${y}: ${hex(img.rgb(x, y), 6)} != ${hex(color(x, y), 6)}`);
  }
}
