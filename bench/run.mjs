/**
 * `npm run bench`: fbkit's pixel paths against references measured in the same run.
 *   fills       vs Buffer.fill  (memset) over the same bytes
 *   blits       vs Buffer.copy  (memcpy) over the same bytes
 *   presenting  a full-screen Frames present, upright and rotated, vs Buffer.copy of its bytes
 *   conversion  vs bench/ref.c built three ways: cc -O2, cc -O3 -march=native, and pixman
 *   blending    (pixman_image_composite32; needs libpixman-1-dev); skipped, and said so,
 *   bilinear    without cc or pixman. Each reference's output pixels are compared with fbkit's.
 * The WASM kernels' rows also show fbkit with its JS kernels only, and the same case with
 * one surface living in WASM memory (Surface.create(..., { wasm: true })), used in place.
 * Every case is warmed up, then sampled alternately with its reference (so load from
 * other processes hits both), and the medians are compared. Also: start-up time of
 * `fbkit fill` and of `fbkit splash` (bench/fill-startup.mjs, bench/splash-startup.mjs).
 * Imports the built library (dist/), so run it through `npm run bench`.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import { FORMATS } from '../dist/src/raster/format.js';
import { Surface } from '../dist/src/draw/surface.js';
import { readPng } from '../dist/src/codecs/png.js';
import { showImage } from '../dist/src/cli/show.js';
import { Framebuffer } from '../dist/src/display/framebuffer.js';
import { Frames } from '../dist/src/present/frames.js';
import { setWasmKernels } from '../dist/src/draw/kernels/wasm.js';
import { buildCReferences, compare, median, runC, sampler } from './measure.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const W = 1280,
  H = 800,
  N = W * H;
const started = Date.now();

// The same xorshift32 sequence as bench/ref.c, consumed in the same order: the ARGB
// source, then the 565 source, then the (opaque) destination for blending.
let state = 0x12345678;
const next = () => {
  state ^= state << 13;
  state ^= state >>> 17;
  state ^= state << 5;
  return state >>> 0;
};

function surface(format, fillWith) {
  const s = Surface.create(W, H, format);
  if (fillWith) {
    const words =
      format.bpp === 32 ? new Uint32Array(s.bytes.buffer, s.bytes.byteOffset, N) : new Uint16Array(s.bytes.buffer, s.bytes.byteOffset, N);
    for (let i = 0; i < N; i++) words[i] = fillWith();
  }
  return s;
}
const src8888 = surface(FORMATS.ARGB8888, next);
const src565 = surface(FORMATS.RGB565, () => next() & 0xffff);
const background = surface(FORMATS.XRGB8888, () => (0xff000000 | next()) >>> 0);

/**
 * The largest difference of one channel between fbkit's output pixels and a reference's
 * (raw bytes of N pixels at `bpp`); 0 when they are the same. 565 channels are compared
 * as their raw 5/6-bit fields. For XRGB8888 outputs the X byte is left out: it is padding,
 * and fbkit and the references may leave different values there.
 */
function maxDifference(s, bpp, ref) {
  const ours = bpp === 16 ? new Uint16Array(s.bytes.buffer, s.bytes.byteOffset, N) : new Uint32Array(s.bytes.buffer, s.bytes.byteOffset, N);
  const theirs = bpp === 16 ? new Uint16Array(ref.buffer, ref.byteOffset, N) : new Uint32Array(ref.buffer, ref.byteOffset, N);
  const fields =
    bpp === 16
      ? [
          [11, 31],
          [5, 63],
          [0, 31],
        ]
      : [[16, 255], [8, 255], [0, 255], ...(s.format.transp.length ? [[24, 255]] : [])];
  let max = 0;
  for (let i = 0; i < N; i++) {
    const a = ours[i],
      b = theirs[i];
    if (a === b) continue;
    for (const [shift, mask] of fields) max = Math.max(max, Math.abs(((a >>> shift) & mask) - ((b >>> shift) & mask)));
  }
  return max;
}

const rows = [];
/** target: minimum ratio, or null for an informational row. */
function record(name, { mpix, refMpix, ratio = NaN }, refName, target, note = '') {
  rows.push({ name, mpix, refMpix, ratio, refName, target, note });
}

// --- fills: one full screen at each depth, and many small 16x16 rects ------------------

const FILL_FORMATS = [
  ['8 bpp', FORMATS.PAL8],
  ['16 bpp', FORMATS.RGB565],
  ['24 bpp', FORMATS.RGB888],
  ['32 bpp', FORMATS.XRGB8888],
];
for (const [label, format] of FILL_FORMATS) {
  const s = Surface.create(W, H, format);
  const raw = Buffer.from(s.bytes.buffer, s.bytes.byteOffset, s.bytes.byteLength);
  let color = 0xff123456;
  const path = sampler({ pixels: N, run: () => s.fillRect({ x: 0, y: 0, w: W, h: H }, (color ^= 0x00010101) >>> 0) });
  const ref = sampler({ pixels: N, run: () => raw.fill((color ^= 0x01) & 0xff) });
  record(`fill ${W}x${H} ${label}`, compare(path, ref), 'Buffer.fill', format.bpp === 24 ? 0.8 : 0.9);
}

{
  // 2,000 rects of 16x16 spread over the screen per call: per-call overhead matters here.
  const s = Surface.create(W, H, FORMATS.XRGB8888);
  const raw = Buffer.from(s.bytes.buffer, s.bytes.byteOffset, s.bytes.byteLength);
  const spots = Array.from({ length: 2000 }, (_, i) => ({ x: (i * 97) % (W - 16), y: (i * 53) % (H - 16), w: 16, h: 16 }));
  const path = sampler({
    pixels: 2000 * 256,
    run: () => {
      for (const r of spots) s.fillRect(r, 0xff336699);
    },
  });
  const ref = sampler({
    pixels: 2000 * 256,
    run: () => {
      for (const r of spots) for (let y = r.y; y < r.y + 16; y++) raw.fill(0x99, y * s.stride + r.x * 4, y * s.stride + r.x * 4 + 64);
    },
  });
  record('fillRect 16x16 32 bpp', compare(path, ref), 'Buffer.fill per row', 0.9);
}

// --- blits ------------------------------------------------------------------------------

{
  const dst = Surface.create(W, H, FORMATS.ARGB8888);
  const srcRaw = Buffer.from(src8888.bytes.buffer, src8888.bytes.byteOffset, src8888.bytes.byteLength);
  const dstRaw = Buffer.from(dst.bytes.buffer, dst.bytes.byteOffset, dst.bytes.byteLength);
  const path = sampler({ pixels: N, run: () => dst.blit(src8888, { x: 0, y: 0 }) });
  const ref = sampler({ pixels: N, run: () => srcRaw.copy(dstRaw) });
  record('blit 8888 -> 8888', compare(path, ref), 'Buffer.copy', 0.9);
}

// --- presenting: Frames.present of a whole 32 bpp screen, upright and rotated ------------

for (const [rotate, target] of [
  [0, 0.9],
  [90, 0.08],
  [180, 0.3],
  [270, 0.08],
]) {
  // The bochs geometry in RAM (one page, so copy mode): the cost of turning, not of a device.
  const fb = Framebuffer.virtual('bochs-drm', { rotate });
  const frames = Frames.attach(fb, { initial: 'blank' });
  const srcRaw = Buffer.from(frames.back.bytes.buffer, frames.back.bytes.byteOffset, frames.back.bytes.byteLength);
  const page = fb.deviceSurface.bytes;
  const pageRaw = Buffer.from(page.buffer, page.byteOffset, page.byteLength);
  const path = sampler({
    pixels: N,
    run: () => {
      frames.damageAll();
      frames.presentNow();
    },
  });
  const ref = sampler({ pixels: N, run: () => srcRaw.copy(pageRaw) });
  record(`present 32 bpp rotate ${rotate}`, compare(path, ref), 'Buffer.copy', target);
  fb.close();
}

const cRefs = buildCReferences(join(root, 'bench', 'ref.c'));
process.on('exit', () => rmSync(cRefs[0].dir, { recursive: true, force: true }));

/** fbkit's path with the WASM kernels turned off: what the JS kernels alone do. */
const jsOnly = (path) => () => {
  setWasmKernels(false);
  try {
    return path();
  } finally {
    setWasmKernels(true);
  }
};

/**
 * A conversion, blend or scale case against each C reference in turn (`targets`: minimum
 * ratio per reference label, absent = informational), checking each computed the same
 * pixels (pixman: reporting the largest channel difference, as its rounding differs).
 * `only` limits the references (by label); `jsToo` adds the row of the JS kernels alone.
 */
function againstC(name, op, path, targets, output, bpp, { only = null, jsToo = true } = {}) {
  for (const ref of cRefs) {
    if (op === 'bilinear' && ref.label !== 'pixman') continue;
    if (only && !only.includes(ref.label)) continue;
    const target = targets[ref.label] ?? null;
    if (!ref.binary) {
      record(name, { mpix: NaN, refMpix: NaN }, `${ref.label} (${ref.why})`, null);
      continue;
    }
    const outFile = join(ref.dir, `${op}.out`);
    const result = compare(path, () => runC(ref.binary, op, W, H, outFile), 7);
    const diff = maxDifference(output, bpp, readFileSync(outFile));
    const note = diff === 0 ? '' : ref.label === 'pixman' ? `pixels differ by up to ${diff}` : `pixels differ from C by up to ${diff}!`;
    record(name, result, ref.label, target, note);
  }
  if (jsToo) record(`${name} (JS kernels)`, { mpix: median(Array.from({ length: 5 }, jsOnly(path))), refMpix: NaN }, 'WASM off', null);
}

/** A copy of `s` whose pixels live in WASM memory (Surface.create(..., { wasm: true })). */
function inWasm(s) {
  const copy = Surface.create(s.width, s.height, s.format, { wasm: true });
  copy.bytes.set(s.bytes);
  return copy;
}
/** A case with one surface in WASM memory (used in place by the kernels), against C -O3 and pixman. */
const RESIDENT_REFS = { only: ['C -O3 -march=native', 'pixman'], jsToo: false };

const TARGETS_C = { 'C -O3 -march=native': 0.5 };
{
  const dst = Surface.create(W, H, FORMATS.RGB565);
  const path = sampler({ pixels: N, run: () => dst.blit(src8888, { x: 0, y: 0 }) });
  againstC('convert 8888 -> 565', '8888to565', path, TARGETS_C, dst, 16);
  // An ARGB back buffer converted for a 16 bpp device: the source is read in place.
  const back = inWasm(src8888);
  const resident = sampler({ pixels: N, run: () => dst.blit(back, { x: 0, y: 0 }) });
  againstC('convert 8888 -> 565, src in WASM', '8888to565', resident, TARGETS_C, dst, 16, RESIDENT_REFS);
}
{
  const dst = Surface.create(W, H, FORMATS.ARGB8888);
  againstC('convert 565 -> 8888', '565to8888', sampler({ pixels: N, run: () => dst.blit(src565, { x: 0, y: 0 }) }), TARGETS_C, dst, 32);
  // A 16 bpp screen read into an ARGB surface in WASM memory: written in place.
  const into = Surface.create(W, H, FORMATS.ARGB8888, { wasm: true });
  const resident = sampler({ pixels: N, run: () => into.blit(src565, { x: 0, y: 0 }) });
  againstC('convert 565 -> 8888, dst in WASM', '565to8888', resident, TARGETS_C, into, 32, RESIDENT_REFS);
}
{
  const dst = Surface.create(W, H, FORMATS.XRGB8888);
  const reset = () => dst.bytes.set(background.bytes);
  const path = sampler({ pixels: N, reset, run: () => dst.blit(src8888, { x: 0, y: 0 }, { op: 'over' }) });
  againstC('over 8888 -> x888', 'over8888', path, TARGETS_C, dst, 32);
  // An overlay blended onto a back buffer in WASM memory: blended in place.
  const back = inWasm(background);
  const resident = sampler({
    pixels: N,
    reset: () => back.bytes.set(background.bytes),
    run: () => back.blit(src8888, { x: 0, y: 0 }, { op: 'over' }),
  });
  againstC('over 8888 -> x888, dst in WASM', 'over8888', resident, TARGETS_C, back, 32, RESIDENT_REFS);
}
{
  // The top-left quarter of the source, made opaque, scaled 2x onto the whole screen.
  const half = Surface.create(W / 2, H / 2, FORMATS.ARGB8888);
  half.blit(src8888, { x: 0, y: 0 }, { srcRect: { x: 0, y: 0, w: W / 2, h: H / 2 } });
  const hp = new Uint32Array(half.bytes.buffer, half.bytes.byteOffset, N / 4);
  for (let i = 0; i < hp.length; i++) hp[i] = (hp[i] | 0xff000000) >>> 0;
  const dst = Surface.create(W, H, FORMATS.XRGB8888);
  const path = sampler({ pixels: N, run: () => dst.blitScaled(half, { x: 0, y: 0, w: W, h: H }, { filter: 'bilinear' }) });
  againstC('bilinear 2x -> x888', 'bilinear', path, { pixman: 0.5 }, dst, 32);
}

// --- PNG decode + show ------------------------------------------------------------------

{
  const png = new PNG({ width: W, height: H });
  for (let y = 0, i = 0; y < H; y++) {
    for (let x = 0; x < W; x++, i += 4) {
      png.data[i] = (x * 255) / W;
      png.data[i + 1] = (y * 255) / H;
      png.data[i + 2] = (x ^ y) & 0xff;
      png.data[i + 3] = 255;
    }
  }
  const file = PNG.sync.write(png);
  const screen = Surface.create(W, H, FORMATS.XRGB8888);
  const path = sampler({ pixels: N, run: () => showImage(screen, readPng(file), { fit: 'contain', background: 0xff000000 }) });
  const ref = sampler({ pixels: N, run: () => PNG.sync.read(file) });
  record(`PNG decode+show ${W}x${H}`, compare(path, ref, 5), 'pngjs decode only', null, `${(file.length / 1024).toFixed(0)} KiB PNG`);
}

// --- report -----------------------------------------------------------------------------

const pad = (s, n) => String(s).padEnd(n);
const num = (x, d = 0) => (Number.isFinite(x) ? x.toFixed(d) : '-');
console.log(
  `fbkit bench: ${W}x${H}, node ${process.version}, ${process.arch}, load average ${loadavg()[0].toFixed(1)}; CPU-time medians, MPix/s; ratio = median of paired samples\n`,
);
console.log(`${pad('case', 40)}${pad('fbkit', 9)}${pad('ref', 9)}${pad('ratio', 8)}${pad('target', 8)}${pad('reference', 24)}result`);
let missed = 0,
  met = 0;
for (const r of rows) {
  let verdict = 'info';
  if (r.target !== null) {
    const ok = r.ratio >= r.target;
    verdict = Number.isFinite(r.ratio) ? (ok ? 'met' : 'MISSED') : 'no reference';
    if (Number.isFinite(r.ratio)) ok ? met++ : missed++;
  }
  const target = r.target === null ? '' : `>=${r.target}x`;
  console.log(
    `${pad(r.name, 40)}${pad(num(r.mpix), 9)}${pad(num(r.refMpix), 9)}${pad(Number.isFinite(r.ratio) ? `${num(r.ratio, 2)}x` : '-', 8)}${pad(target, 8)}${pad(r.refName, 24)}${verdict}${r.note ? `  (${r.note})` : ''}`,
  );
}
console.log(`\ntargets: ${met} met, ${missed} missed`);
// Start-up: `fbkit fill` (process start to exit) and the splash's time to first frame (it
// waits on a FIFO, so it is timed from inside), each against bare node in the same run.
console.log();
spawnSync(process.execPath, [join(root, 'bench', 'fill-startup.mjs'), '7'], { stdio: 'inherit' });
spawnSync(process.execPath, [join(root, 'bench', 'splash-startup.mjs'), '5'], { stdio: 'inherit' });
console.log(`bench took ${((Date.now() - started) / 1000).toFixed(1)} s`);
