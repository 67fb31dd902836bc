// @machines pc
// Rotation on the real /dev/fb0 (bochs-drm, 1280x800): `fbkit show --rotate 90` and
// `--rotate 270` of an 800x1280 picture whose every pixel has its own color make QEMU's
// display show that picture turned clockwise by 90 and 270 degrees, every pixel where the
// turn puts it (the expected place is computed here from the turn's definition, not by the
// library); `fbkit shot --rotate 90` gives the picture back upright; and Frames on a
// framebuffer opened with { rotate: 90 } presents its upright back buffer turned, whole and
// one damaged rectangle. The VT is held in graphics mode throughout, as a kiosk holds it:
// in text mode fbcon's blinking cursor repaints its cell over the picture.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assert, fbkitInProcessOk, hex, importFbkit, retry, screendump } from '../guest/harness.mjs';

const { Console, Framebuffer, Frames, Surface, FORMATS, writePng, readPng } = await importFbkit();

const DW = 1280; // the device
const DH = 800;
const AW = DH; // the application's picture at 90 and 270
const AH = DW;
/** Every app pixel its own color (x and y fit in 11 bits each). */
const color = (x, y) => (x << 11) | y;

/** The app pixel a device pixel shows, straight from "turned clockwise by `rotation`". */
function appPixelAt(X, Y, rotation) {
  // Clockwise 90: app (x, y) goes to device (AH - 1 - y, x); 270 is its inverse.
  if (rotation === 90) return { x: Y, y: AH - 1 - X };
  return { x: AW - 1 - Y, y: X };
}

/** The whole screen is the picture `colorOf` turned by `rotation` (retrying: the fbdev emulation copies lazily). */
async function expectScreenTurned(rotation, colorOf, what) {
  await retry(async () => {
    const shot = await screendump();
    assert.deepEqual([shot.width, shot.height], [DW, DH]);
    let wrong = 0;
    let first;
    for (let Y = 0; Y < DH; Y++) {
      for (let X = 0; X < DW; X++) {
        const p = appPixelAt(X, Y, rotation);
        const want = colorOf(p.x, p.y);
        if (shot.rgb(X, Y) !== want) {
          wrong++;
          first ??= `device ${X},${Y}: ${hex(shot.rgb(X, Y), 6)}, expected app ${p.x},${p.y} ${hex(want, 6)}`;
        }
      }
    }
    assert.equal(wrong, 0, `${what}: ${wrong} pixels differ, first at ${first}`);
  });
}

const picture = Surface.create(AW, AH, FORMATS.XRGB8888);
const words = new Uint32Array(picture.bytes.buffer, picture.bytes.byteOffset, AW * AH);
for (let y = 0; y < AH; y++) for (let x = 0; x < AW; x++) words[y * AW + x] = (0xff000000 | color(x, y)) >>> 0;
const png = join(process.env.TMPDIR, 'portrait.png');
writeFileSync(png, writePng(picture));

const con = Console.take({ required: true, vtSwitching: false });
let started = performance.now();
for (const rotation of [90, 270]) {
  await fbkitInProcessOk('show', png, '--fit', 'none', '--rotate', String(rotation), '--device', '/dev/fb0');
  await expectScreenTurned(rotation, color, `fbkit show --rotate ${rotation}`);
}
console.log(`show --rotate 90 and 270: the screendump is the picture turned, every pixel (${Math.round(performance.now() - started)} ms)`);

// The screen holds the 270 turn now: shot --rotate 270 must give the picture back upright.
const out = join(process.env.TMPDIR, 'upright.png');
await fbkitInProcessOk('shot', out, '--rotate', '270', '--device', '/dev/fb0');
const upright = readPng(readFileSync(out));
assert.deepEqual([upright.width, upright.height], [AW, AH]);
const back = new Uint32Array(upright.bytes.buffer, upright.bytes.byteOffset, AW * AH);
let differ = 0;
for (let i = 0; i < AW * AH; i++) if ((back[i] & 0xffffff) !== (words[i] & 0xffffff)) differ++;
assert.equal(differ, 0, `fbkit shot --rotate 270: ${differ} pixels differ from the picture`);
console.log('shot --rotate 270 gives the picture back upright');

// Frames on a rotated framebuffer: the whole back buffer, then one damaged rectangle.
started = performance.now();
const fb = Framebuffer.open('/dev/fb0', { rotate: 90 });
assert.deepEqual([fb.width, fb.height, fb.info.width, fb.info.height], [AW, AH, DW, DH]);
const frames = Frames.attach(fb, { initial: 'blank' });
assert.deepEqual([frames.back.width, frames.back.height], [AW, AH]);
const inverted = (x, y) => color(x, y) ^ 0xffffff;
const backWords = new Uint32Array(frames.back.bytes.buffer, frames.back.bytes.byteOffset, AW * AH);
for (let y = 0; y < AH; y++) for (let x = 0; x < AW; x++) backWords[y * AW + x] = (0xff000000 | inverted(x, y)) >>> 0;
frames.damageAll();
assert.equal(frames.presentNow(), AW * AH);
await expectScreenTurned(90, inverted, `Frames (${frames.mode}) rotate 90, full frame`);

const box = { x: 10, y: 1000, w: 30, h: 200 };
frames.back.fillRect(box, 0xff123456);
frames.back.fillRect({ x: 100, y: 100, w: 5, h: 5 }, 0xff654321); // drawn but not declared: stays off screen
frames.damage(box);
assert.equal(frames.presentNow(), box.w * box.h);
const inBox = (x, y) => x >= box.x && x < box.x + box.w && y >= box.y && y < box.y + box.h;
await expectScreenTurned(90, (x, y) => (inBox(x, y) ? 0x123456 : inverted(x, y)), 'Frames rotate 90, one damaged rectangle');
frames.close();
fb.close();
con.restore();
console.log(`Frames with rotate 90: full frame and a damaged rectangle shown turned (${Math.round(performance.now() - started)} ms)`);
