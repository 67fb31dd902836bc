// @machines pc,arm64,armhf
// What fbkit draws on /dev/fb0 (bochs-drm) is what QEMU's display shows, every
// pixel: fills, lines, a blit blended with alpha and text, drawn through the
// library's Surface on the mapped device. The expected image is the same
// pattern drawn on a virtual framebuffer with the device's own geometry; so that
// a bug shared by both cannot hide, pixels of each primitive are also checked
// against colors computed here by hand.
import { assert, hex, importFbkit, pictureDifferences, retry, screendump, virtualTwinOf } from '../guest/harness.mjs';

const { Framebuffer, Surface, FORMATS } = await importFbkit();

const BACKGROUND = 0xff202020;
const RED_FILL = 0xffcc3311;
const CORNER_FILL = 0xff11cc33;
const DIAGONAL = 0xffffff00;
const HLINE = 0xff00ffff;
const VLINE = 0xffff00ff;
const BLUE = 0xff0000ff;
const TEXT = 'fbkit on bochs-drm 0123456789';
const TEXT_FG = 0xffffffff;
const TEXT_BG = 0xff000080;
const TEXT_AT = { x: 20, y: 300 };
const BLIT_AT = { x: 400, y: 100 };

/** 64x64 ARGB: left half half-transparent red, right half green with alpha 8 * column. */
function sprite() {
  const s = Surface.create(64, 64, FORMATS.ARGB8888);
  s.fillRect({ x: 0, y: 0, w: 32, h: 64 }, 0x80ff0000);
  for (let k = 0; k < 32; k++) s.fillRect({ x: 32 + k, y: 0, w: 1, h: 64 }, (((8 * k) << 24) | 0x00ff00) >>> 0);
  return s;
}

function drawPattern(screen) {
  screen.clear(BACKGROUND);
  screen.fillRect({ x: 10, y: 10, w: 300, h: 200 }, RED_FILL);
  screen.fillRect({ x: 1000, y: 600, w: 400, h: 400 }, CORNER_FILL); // clipped at the bottom-right corner
  screen.line({ x: 0, y: 0 }, { x: 799, y: 799 }, DIAGONAL);
  screen.hline(0, 400, 1280, HLINE);
  screen.vline(640, 0, 800, VLINE);
  screen.fillRect({ x: 380, y: 80, w: 120, h: 120 }, BLUE);
  screen.blit(sprite(), BLIT_AT, { op: 'over' });
  screen.drawText(TEXT, TEXT_AT, { color: TEXT_FG, background: TEXT_BG });
}

const fb = Framebuffer.open('/dev/fb0');
const { info } = fb;
console.log(`/dev/fb0: ${info.width}x${info.height} ${info.format.name}, stride ${info.stride}, access ${info.access}`);
assert.equal(info.format.name, 'XRGB8888');
drawPattern(fb.surface);
fb.flush();

// The expected pixels: the same drawing on a RAM framebuffer shaped like the device.
const twin = await virtualTwinOf(info);
assert.equal(twin.info.format.name, info.format.name);
assert.equal(twin.info.stride, info.stride);
drawPattern(twin.surface);
// XRGB8888 in CPU order (asserted above): one 32-bit read per pixel, not a getPixel call,
// which keeps the million-pixel compares quick under TCG.
const { bytes, stride } = twin.surface;
const pixels = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.length >> 2);
const rgb = (x, y) => pixels[y * (stride >> 2) + x] & 0xffffff;

// Colors computed by hand, independent of the library's drawing code.
const blend = (x) => (0x00 << 16) | ((8 * x) << 8) | (255 - 8 * x); // green, alpha 8x, over blue: exact
const handChecked = [
  [0, 0, DIAGONAL],
  [799, 799, DIAGONAL],
  [50, 50, DIAGONAL], // the line is drawn over the fill
  [11, 10, RED_FILL],
  [309, 209, RED_FILL],
  [310, 210, BACKGROUND],
  [9, 200, BACKGROUND],
  [1000, 600, CORNER_FILL],
  [1279, 799, CORNER_FILL],
  [999, 799, BACKGROUND],
  [0, 400, HLINE],
  [1279, 400, HLINE],
  [640, 400, VLINE],
  [640, 0, VLINE],
  [640, 799, VLINE],
  [380, 80, BLUE],
  [499, 199, BLUE],
  [BLIT_AT.x, BLIT_AT.y, 0x80007f],
  [BLIT_AT.x + 31, BLIT_AT.y + 63, 0x80007f], // 0x80 red over blue: 128, 0, 127
  [BLIT_AT.x + 32, BLIT_AT.y + 5, blend(0)],
  [BLIT_AT.x + 48, BLIT_AT.y + 5, blend(16)],
  [BLIT_AT.x + 63, BLIT_AT.y + 63, blend(31)],
];
for (const [x, y, color] of handChecked) {
  assert.equal(hex(rgb(x, y), 6), hex(color & 0xffffff, 6), `expected image at ${x},${y} (hand-computed)`);
}
// Text: every pixel of its box is the glyph or the cell color, and both occur.
const textBox = { w: TEXT.length * 6, h: 10 }; // the built-in 6x10 font
const seen = new Map();
for (let y = TEXT_AT.y; y < TEXT_AT.y + textBox.h; y++) {
  for (let x = TEXT_AT.x; x < TEXT_AT.x + textBox.w; x++) seen.set(rgb(x, y), (seen.get(rgb(x, y)) ?? 0) + 1);
}
assert.deepEqual([...seen.keys()].sort(), [TEXT_FG & 0xffffff, TEXT_BG & 0xffffff].sort(), 'text box colors');
assert.ok(seen.get(TEXT_FG & 0xffffff) > TEXT.length * 6, 'glyph pixels in the text box');
assert.equal(rgb(TEXT_AT.x + textBox.w, TEXT_AT.y), BACKGROUND & 0xffffff, 'right of the text box');

// The screen, pixel for pixel; the fbdev emulation copies to VRAM lazily, so retry.
let attempts = 0;
await retry(async () => {
  attempts++;
  const shot = await screendump();
  assert.deepEqual([shot.width, shot.height], [info.width, info.height]);
  assert.equal(pictureDifferences(shot.width, shot.height, shot.rgb, rgb), undefined, 'the screendump against the virtual twin');
});
console.log(
  `screendump equals the expected image after ${attempts} attempt(s); ${handChecked.length} pixels and the text box hand-checked`,
);
fb.close();
twin.close();
