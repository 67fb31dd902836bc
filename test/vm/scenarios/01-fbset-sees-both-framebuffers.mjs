// The kernel gives the two framebuffers the rest of the suite relies on:
// bochs-drm's fbdev emulation (/dev/fb0, from -device VGA) and vfb (/dev/fb1).
import { assert } from '../guest/harness.mjs';
import { fbsetInfo } from '../guest/fbset.mjs';

const fb0 = fbsetInfo('/dev/fb0');
console.log(fb0.text);
assert.match(fb0.id, /bochs/);
assert.deepEqual([fb0.xres, fb0.yres, fb0.bitsPerPixel], [1280, 800, 32]);
assert.equal(fb0.lineLength, 1280 * 4);
assert.deepEqual([fb0.red.offset, fb0.green.offset, fb0.blue.offset], [16, 8, 0]);
assert.equal(fb0.visual, 'TRUECOLOR');

const fb1 = fbsetInfo('/dev/fb1');
console.log(fb1.text);
assert.match(fb1.id, /Virtual FB/);
assert.equal(fb1.lineLength, (fb1.xresVirtual * fb1.bitsPerPixel) / 8);
