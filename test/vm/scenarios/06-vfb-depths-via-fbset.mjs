// vfb follows FBIOPUT_VSCREENINFO to every depth the library's setMode will
// use, and reports the kernel's bitfields for each: the values fbkit's
// PixelFormat must reproduce. fbset does the ioctl here, independently of fbkit.
// vfb puts red at the LOW bits (BGR order, unlike bochs-drm's XRGB8888), so a
// format decoded from bpp alone instead of the bitfields gets it wrong.
import { assert, run } from '../guest/harness.mjs';
import { fbsetInfo } from '../guest/fbset.mjs';

// [length, offset] of red, green, blue, transp.
const expected = {
  8: {
    visual: 'PSEUDOCOLOR',
    rgba: [
      [8, 0],
      [8, 0],
      [8, 0],
      [0, 0],
    ],
  },
  16: {
    visual: 'TRUECOLOR',
    rgba: [
      [5, 0],
      [6, 5],
      [5, 11],
      [0, 0],
    ],
  },
  24: {
    visual: 'TRUECOLOR',
    rgba: [
      [8, 0],
      [8, 8],
      [8, 16],
      [0, 0],
    ],
  },
  32: {
    visual: 'TRUECOLOR',
    rgba: [
      [8, 0],
      [8, 8],
      [8, 16],
      [8, 24],
    ],
  },
};

for (const [depth, want] of Object.entries(expected)) {
  run('fbset', '-fb', '/dev/fb1', '-depth', depth);
  const info = fbsetInfo('/dev/fb1');
  const rgba = [info.red, info.green, info.blue, info.transp].map((f) => [f.length, f.offset]);
  console.log(`depth ${depth}: ${info.visual}, rgba ${JSON.stringify(rgba)}, line ${info.lineLength}`);
  assert.equal(info.bitsPerPixel, Number(depth));
  assert.equal(info.visual, want.visual);
  assert.deepEqual(rgba, want.rgba, `bitfields at depth ${depth}`);
  assert.equal(info.lineLength, (info.xresVirtual * Number(depth)) / 8);
}
run('fbset', '-fb', '/dev/fb1', '-depth', '8'); // vfb's boot default, for the scenarios after this one
