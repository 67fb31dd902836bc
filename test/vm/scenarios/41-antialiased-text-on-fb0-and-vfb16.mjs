// Antialiased outline text and shapes drawn by fbkit reach the real screens exactly as
// they come out on a virtual framebuffer of the same geometry: on /dev/fb0 (bochs-drm,
// XRGB8888) QEMU's screendump equals the virtual twin pixel for pixel; on vfb switched
// to 16 bpp the bytes read back from /dev/fb1 with read(2) equal the twin's. So that a
// drawing that came out blank or aliased on both cannot pass, the text is checked to
// have many partial-coverage levels and the disc's center and surroundings are checked
// against colors written here.
import { closeSync, openSync, readSync } from 'node:fs';
import { assert, hex, importFbkit, pictureDifferences, retry, screendump, virtualTwinOf } from '../guest/harness.mjs';

const { Console, Framebuffer, Path, loadFont } = await importFbkit();
const font = loadFont('/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf');

const BACKGROUND = 0xff102040;
const DISC = 0xffe03020;
const DISC_AT = { x: 500, y: 200 };

function draw(s) {
  s.clear(BACKGROUND);
  s.drawText('Out of order', { font, size: 64, x: 40.25, y: 30, color: 0xffffffff });
  s.drawText('Antialiased text on a real framebuffer, 16 px', { font, size: 16, x: 40, y: 120, color: 0xffffd060 });
  s.fillRect({ x: 40, y: 160, w: 300, h: 60 }, 0xffffffff);
  s.drawText('black on white', { font, size: 24, x: 50, y: 170, color: 0xff000000 });
  s.fillCircle(DISC_AT, 60, DISC, { antialias: true });
  s.strokePath(new Path().moveTo(400, 300).lineTo(480, 380).lineTo(560, 300), 0xff30c040, { width: 9, join: 'round', cap: 'round' });
}

/** Distinct colors in a rectangle of a surface. */
function levels(s, x0, y0, w, h) {
  const seen = new Set();
  for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) seen.add(s.getPixel(x, y));
  return seen.size;
}

// --- /dev/fb0, bochs-drm: the screen QEMU shows -----------------------------------------
// The VT in graphics mode while fb0 is compared, as a kiosk holds it: in text mode fbcon's
// blinking cursor repaints its cell (128 pixels at 0,0) over the picture.
const con = Console.take({ required: true, vtSwitching: false });
const fb = Framebuffer.open('/dev/fb0');
const twin = await virtualTwinOf(fb.info);
assert.equal(fb.info.format.name, 'XRGB8888');
draw(fb.surface);
fb.flush();
draw(twin.surface);
const t = twin.surface;
assert.equal(t.getPixel(DISC_AT.x, DISC_AT.y) >>> 0, DISC, 'disc center');
assert.equal(t.getPixel(DISC_AT.x + 70, DISC_AT.y) >>> 0, BACKGROUND, 'beside the disc');
// The disc is the circle of radius 60.5 around (500.5, 200.5): at 45° its edge crosses pixel (543, 157).
const edge = t.getPixel(543, 157) >>> 0;
assert.ok(edge !== DISC && edge !== BACKGROUND, `disc edge is blended, got ${hex(edge)}`);
const textLevels = levels(t, 40, 30, 420, 80);
assert.ok(textLevels > 40, `64 px text has ${textLevels} colors, expected many coverage levels`);
const { bytes, stride } = t;
const pixels = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.length >> 2);
const rgb = (x, y) => pixels[y * (stride >> 2) + x] & 0xffffff;
let attempts = 0;
await retry(async () => {
  attempts++;
  const shot = await screendump();
  assert.deepEqual([shot.width, shot.height], [fb.info.width, fb.info.height]);
  assert.equal(pictureDifferences(shot.width, shot.height, shot.rgb, rgb), undefined, 'the screendump against the virtual twin');
});
console.log(`fb0: screendump equals the virtual twin after ${attempts} attempt(s); 64 px text shows ${textLevels} colors`);
fb.close();
con.restore();
twin.close();

// --- vfb at 16 bpp: read back through read(2) --------------------------------------------
const vfb = Framebuffer.open('/dev/fb1');
const boot = structuredClone(vfb.info.var);
try {
  const info = vfb.setMode({ bits_per_pixel: 16, yoffset: 0 });
  assert.equal(info.bitsPerPixel, 16);
  draw(vfb.surface);
  vfb.flush();
  const twin16 = await virtualTwinOf(info);
  draw(twin16.surface);
  const rows = twin16.surface.bytes;
  const page = Buffer.alloc(info.stride * info.height);
  const fd = openSync('/dev/fb1', 'r');
  try {
    assert.equal(readSync(fd, page, 0, page.length, 0), page.length);
  } finally {
    closeSync(fd);
  }
  const rowBytes = info.width * 2;
  let wrongRows = 0;
  let first;
  for (let y = 0; y < info.height; y++) {
    const a = page.subarray(y * info.stride, y * info.stride + rowBytes);
    const b = rows.subarray(y * info.stride, y * info.stride + rowBytes);
    if (!a.equals(b)) {
      wrongRows++;
      first ??= y;
    }
  }
  assert.equal(wrongRows, 0, `${wrongRows} rows of /dev/fb1 differ from the twin, first row ${first}`);
  const levels16 = levels(twin16.surface, 40, 30, 420, 80);
  assert.ok(levels16 > 20, `16 bpp text has ${levels16} colors`);
  console.log(`vfb ${info.width}x${info.height} ${info.format.name}: /dev/fb1 read back equals the twin; text shows ${levels16} colors`);
  twin16.close();
} finally {
  vfb.setMode(boot);
  vfb.close();
}
