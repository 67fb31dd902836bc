/**
 * `npm run bench:aa`: antialiased drawing against Skia (through @napi-rs/canvas, a dev
 * dependency) in the same run, each pair sampled alternately (bench/measure.mjs):
 *   AA circle fill and rounded-rect fill, in MPix/s of shape area, 1280x800 XRGB8888
 *     (Skia: a 1280x800 canvas, N32 premultiplied);
 *   a paragraph of text in DejaVu Sans at 16 and 48 px, in glyphs/s: cached (the same
 *     size again, glyph masks reused) and uncached (a new size every run, so both
 *     glyph caches miss and every glyph is rasterized).
 * Skia's canvas may defer drawing; each Skia run ends with a 1-pixel getImageData to make
 * it finish. Target (issue 13): cached text and shape fills at least 0.5x Skia.
 * Imports the built library (dist/), so run it through `npm run bench:aa`.
 */
import { createCanvas, GlobalFonts } from '@napi-rs/canvas';
import { loadavg } from 'node:os';
import { FORMATS } from '../dist/src/raster/format.js';
import { Surface } from '../dist/src/draw/surface.js';
import { Path } from '../dist/src/draw/path.js';
import { loadFont } from '../dist/src/text/load-font.js';
import { compare, sampler } from './measure.mjs';

const W = 1280,
  H = 800;
const DEJAVU = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';
GlobalFonts.registerFromPath(DEJAVU, 'DejaVu Sans');
const face = loadFont(DEJAVU);

const s = Surface.create(W, H, FORMATS.XRGB8888);
const canvas = createCanvas(W, H);
const ctx = canvas.getContext('2d');
const finish = () => ctx.getImageData(0, 0, 1, 1);

const rows = [];
function record(name, r, unit) {
  rows.push({ name, ...r, unit });
}

// --- shapes ---------------------------------------------------------------------------

const R = 300;
record(
  'AA circle fill, r = 300',
  compare(
    sampler({ pixels: Math.PI * R * R, run: () => s.fillPath(new Path().circle(640.3, 400.2, R), 0xffff8040) }),
    sampler({
      pixels: Math.PI * R * R,
      run: () => {
        ctx.fillStyle = '#ff8040';
        ctx.beginPath();
        ctx.arc(640.3, 400.2, R, 0, 2 * Math.PI);
        ctx.fill();
        finish();
      },
    }),
  ),
  'MPix/s',
);
const RR = { x: 200.5, y: 150.25, w: 880, h: 500, r: 40 };
record(
  'AA rounded-rect fill, 880x500 r 40',
  compare(
    sampler({ pixels: RR.w * RR.h, run: () => s.fillPath(new Path().roundRect(RR.x, RR.y, RR.w, RR.h, RR.r), 0xff40a0ff) }),
    sampler({
      pixels: RR.w * RR.h,
      run: () => {
        ctx.fillStyle = '#40a0ff';
        ctx.beginPath();
        ctx.roundRect(RR.x, RR.y, RR.w, RR.h, RR.r);
        ctx.fill();
        finish();
      },
    }),
  ),
  'MPix/s',
);

// --- text -----------------------------------------------------------------------------

const PARAGRAPH =
  'The quick brown fox jumps over the lazy dog. Pack my box with five dozen liquor jugs! ' +
  'Sphinx of black quartz, judge my vow: 0123456789. Out of order, please use the other kiosk.';
const glyphs = [...PARAGRAPH].filter((c) => c !== ' ').length;
/** One line per run, as canvas fillText draws it (no wrapping on either side). */
for (const size of [16, 48]) {
  let k = 0;
  const fb = (sz) => () => s.drawText(PARAGRAPH, { font: face, size: sz(), x: 4, y: 100, color: 0xffffffff });
  const sk = (sz) => () => {
    ctx.fillStyle = '#fff';
    ctx.font = `${sz()}px "DejaVu Sans"`;
    ctx.fillText(PARAGRAPH, 4, 100 + size);
    finish();
  };
  const fixed = () => size;
  // 1/64 px apart: a size neither cache has seen (fbkit keys sizes to 1/64 px).
  const fresh = () => size + ((k++ % 4000) + 1) / 64;
  record(
    `text ${size} px, cached`,
    compare(sampler({ pixels: glyphs, run: fb(fixed) }), sampler({ pixels: glyphs, run: sk(fixed) })),
    'Mglyph/s',
  );
  record(
    `text ${size} px, uncached`,
    compare(sampler({ pixels: glyphs, run: fb(fresh) }), sampler({ pixels: glyphs, run: sk(fresh) })),
    'Mglyph/s',
  );
}

const fmt = (v) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(3));
console.log(`fbkit antialiased drawing vs Skia (@napi-rs/canvas), load ${loadavg()[0].toFixed(2)}`);
console.log(`${'case'.padEnd(36)} ${'fbkit'.padStart(9)} ${'Skia'.padStart(9)}  ratio  unit`);
for (const r of rows) {
  console.log(
    `${r.name.padEnd(36)} ${fmt(r.mpix).padStart(9)} ${fmt(r.refMpix).padStart(9)}  ${r.ratio.toFixed(2).padStart(5)}  ${r.unit}`,
  );
}
