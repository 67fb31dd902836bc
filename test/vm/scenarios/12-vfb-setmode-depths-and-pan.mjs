// fbkit's setMode drives a real driver through every depth: vfb (/dev/fb1) at
// 8 bpp (pseudocolor, with a colormap fbkit sets), 16, 24 and 32 bpp. At each
// depth the format fbkit decodes has the kernel's bitfields (vfb puts red in
// the LOW bits, unlike what setMode asks for, so the library must believe the
// kernel's answer), and a pattern fbkit draws, read back with a plain read() of
// /dev/fb1 and decoded here from fbset's bitfields, has the colors drawn. With a
// virtual height of two pages, panning shows the second page and drawing there
// leaves the first alone. vfb's boot mode is put back at the end.
import { openSync, readSync, closeSync, readFileSync } from 'node:fs';
import { assert, hex, importFbkit } from '../guest/harness.mjs';
import { fbsetInfo } from '../guest/fbset.mjs';

const { Framebuffer } = await importFbkit();

const COLORS = [0xffff0000, 0xff00ff00, 0xff0000ff, 0xffffffff, 0xff000000, 0xff808080, 0xff4080c0];
const BAND = 40; // pixels per color band

/** 256 entries, distinct, with COLORS at 10.. (16-bit channels, as FBIOPUTCMAP takes them). */
function colormap() {
  const argb = Array.from(
    { length: 256 },
    (_, i) => (0xff000000 | (((i * 37) & 0xff) << 16) | (((i * 91 + 7) & 0xff) << 8) | ((i * 53 + 3) & 0xff)) >>> 0,
  );
  COLORS.forEach((c, k) => (argb[10 + k] = c));
  const channel = (shift) => Uint16Array.from(argb, (c) => ((c >>> shift) & 0xff) * 0x101);
  return { argb, cmap: { start: 0, red: channel(16), green: channel(8), blue: channel(0) } };
}

/** One page of /dev/fb1 through read(2), not through fbkit's mapping. */
function readPage(stride, height, page) {
  const buf = Buffer.alloc(stride * height);
  const fd = openSync('/dev/fb1', 'r');
  try {
    assert.equal(readSync(fd, buf, 0, buf.length, page * stride * height), buf.length);
  } finally {
    closeSync(fd);
  }
  return buf;
}

/** The raw pixel at (x, y) of a page read back, little-endian, `bpp` bits. */
function rawPixel(buf, stride, bpp, x, y) {
  const at = y * stride + (x * bpp) / 8;
  let v = 0;
  for (let i = bpp / 8 - 1; i >= 0; i--) v = v * 256 + buf[at + i];
  return v;
}

/** What a raw truecolor pixel should be for `argb` with the kernel's bitfields: each channel's top bits. */
function channelsOf(raw, kernel) {
  return ['red', 'green', 'blue'].map((c) => Math.floor(raw / 2 ** kernel[c].offset) % 2 ** kernel[c].length);
}
function expectedChannels(argb, kernel) {
  return [16, 8, 0].map((shift, i) => ((argb >>> shift) & 0xff) >> (8 - kernel[['red', 'green', 'blue'][i]].length));
}

const fb = Framebuffer.open('/dev/fb1');
const boot = structuredClone(fb.info.var);
const bootColormap = fb.getColormap();
assert.ok(bootColormap.ok, 'vfb has a colormap at boot');
console.log(`vfb boots as ${boot.xres}x${boot.yres}-${boot.bits_per_pixel}, virtual ${boot.xres_virtual}x${boot.yres_virtual}`);
try {
  for (const depth of [8, 16, 24, 32]) {
    const info = fb.setMode({ bits_per_pixel: depth, yres_virtual: 2 * boot.yres, yoffset: 0 });
    const kernel = fbsetInfo('/dev/fb1');
    const { format } = info;
    console.log(
      `depth ${depth}: fbkit ${format.name} ${format.visual}, kernel ${kernel.visual} rgba ${JSON.stringify([kernel.red, kernel.green, kernel.blue, kernel.transp].map((f) => `${f.length}/${f.offset}`))}`,
    );
    assert.equal(kernel.bitsPerPixel, depth, `the kernel took depth ${depth}`);
    assert.equal(kernel.yresVirtual, 2 * boot.yres, 'two pages');
    assert.deepEqual(
      [info.bitsPerPixel, info.stride, info.virtualHeight],
      [depth, kernel.lineLength, kernel.yresVirtual],
      `depth ${depth}: fbkit's info`,
    );
    assert.equal(Number(readFileSync('/sys/class/graphics/fb1/stride', 'utf8')), info.stride, 'sysfs stride');
    assert.equal(format.visual.toUpperCase(), kernel.visual);
    assert.equal(format.bpp, depth);
    for (const c of ['red', 'green', 'blue', 'transp']) {
      // A palette format carries its colors in the palette, not in bitfields.
      const decoded = format.visual === 'pseudocolor' ? info.var[c] : format[c];
      assert.deepEqual({ length: decoded.length, offset: decoded.offset }, kernel[c], `depth ${depth}: ${c} bitfield`);
    }
    if (format.visual === 'pseudocolor') assert.equal(format.palette.length, 256, 'a 256-entry palette');

    let palette;
    if (depth === 8) {
      const { argb, cmap } = colormap();
      assert.ok(fb.setColormap(cmap).ok, 'FBIOPUTCMAP');
      const back = fb.getColormap();
      assert.ok(back.ok, 'FBIOGETCMAP');
      assert.deepEqual([...back.value.red.slice(10, 17)], [...cmap.red.slice(10, 17)], 'the kernel keeps the colormap');
      assert.deepEqual([...fb.info.format.palette], argb, "the format's palette follows the colormap");
      palette = argb;
    }

    // Page 0: one vertical band per color, then read() and decode independently.
    const page0 = fb.surface;
    COLORS.forEach((c, k) => page0.fillRect({ x: k * BAND, y: 0, w: BAND, h: info.height }, c));
    fb.flush();
    const checkPage = (buf, colors, what) => {
      for (const [k, want] of colors.entries()) {
        for (const [x, y] of [
          [k * BAND, 0],
          [k * BAND + BAND - 1, info.height - 1],
          [k * BAND + 7, 201],
        ]) {
          const raw = rawPixel(buf, info.stride, depth, x, y);
          if (palette) {
            assert.equal(hex(palette[raw] ?? 0), hex(want), `${what} depth 8 at ${x},${y}: index ${raw}`);
          } else {
            assert.deepEqual(
              channelsOf(raw, kernel),
              expectedChannels(want, kernel),
              `${what} depth ${depth} at ${x},${y}: raw ${hex(raw, depth / 4)}`,
            );
          }
        }
      }
    };
    checkPage(readPage(info.stride, info.height, 0), COLORS, 'page 0');

    // Page 1: pan there, draw the colors in reverse, read both pages back.
    const panned = fb.pan(0, info.height);
    assert.ok(panned.ok, `pan to the second page: ${panned.message}`);
    assert.equal(fb.info.yoffset, info.height);
    assert.equal(readFileSync('/sys/class/graphics/fb1/pan', 'utf8').trim(), `0,${info.height}`, 'the kernel shows page 1');
    const reversed = [...COLORS].reverse();
    reversed.forEach((c, k) => fb.surface.fillRect({ x: k * BAND, y: 0, w: BAND, h: info.height }, c));
    fb.flush();
    checkPage(readPage(info.stride, info.height, 1), reversed, 'page 1');
    checkPage(readPage(info.stride, info.height, 0), COLORS, 'page 0 after drawing on page 1');
    assert.ok(fb.pan(0, 0).ok, 'pan back');
  }
} finally {
  fb.setMode({ ...boot });
  fb.setColormap(bootColormap.value);
  const after = fbsetInfo('/dev/fb1');
  fb.close();
  assert.deepEqual(
    [after.xres, after.yres, after.xresVirtual, after.yresVirtual, after.bitsPerPixel],
    [boot.xres, boot.yres, boot.xres_virtual, boot.yres_virtual, boot.bits_per_pixel],
    "vfb's boot mode restored",
  );
}
