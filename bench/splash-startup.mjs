/**
 * Start-up of `fbkit splash`: process start to the first frame on a 1280x800 XRGB8888
 * file-backed framebuffer with a 200x120 logo (as `--timing` reports it), against a bare
 * `node` that starts and exits, sampled alternately so machine load hits both alike.
 * Reports medians of wall time and of CPU time (CPU is the steadier number when other
 * work shares the machine). Uses the built CLI: run after `npm run build`.
 *
 *   node bench/splash-startup.mjs [runs=9]
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Surface } from '../dist/src/draw/surface.js';
import { writePng } from '../dist/src/codecs/png.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'bin', 'fbkit.js');
const runs = Number(process.argv[2] ?? 9);
const dir = mkdtempSync(join(tmpdir(), 'fbkit-splash-bench-'));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const logo = Surface.create(200, 120);
logo.fillCircle({ x: 100, y: 60 }, 55, 0xff3070d0);
writeFileSync(join(dir, 'logo.png'), writePng(logo));
writeFileSync(join(dir, 'geometry.json'), JSON.stringify({ xres: 1280, yres: 800, bits_per_pixel: 32 }));

async function splashOnce(i) {
  const fifo = join(dir, `s${i}.fifo`);
  const p = spawn(
    process.execPath,
    [
      cli,
      'splash',
      join(dir, 'logo.png'),
      '--device',
      `file:${join(dir, `fb${i}.raw`)}?geometry=${join(dir, 'geometry.json')}`,
      '--fifo',
      fifo,
      '--no-console',
      '--timing',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  p.stderr.on('data', (d) => (stderr += d));
  while (!existsSync(fifo)) await new Promise((r) => setTimeout(r, 5));
  execFileSync(process.execPath, [cli, 'splash-write', '--fifo', fifo, 'QUIT']);
  await new Promise((r) => p.on('exit', r));
  const m = /first frame ([\d.]+) ms after process start \(([\d.]+) ms CPU\)/.exec(stderr);
  if (!m) throw new Error(`no timing line from fbkit splash: ${stderr}`);
  return { wall: Number(m[1]), cpu: Number(m[2]) };
}

function bareNode() {
  const out = execFileSync(
    process.execPath,
    ['-e', 'const c = process.cpuUsage(); console.log(performance.now(), (c.user + c.system) / 1e3)'],
    { encoding: 'utf8' },
  );
  const [wall, cpu] = out.trim().split(' ').map(Number);
  return { wall, cpu };
}

const splash = [];
const bare = [];
for (let i = 0; i < runs; i++) {
  bare.push(bareNode());
  splash.push(await splashOnce(i));
}
rmSync(dir, { recursive: true, force: true });
const row = (name, xs) =>
  `${name.padEnd(34)} wall ${median(xs.map((x) => x.wall))
    .toFixed(1)
    .padStart(7)} ms   CPU ${median(xs.map((x) => x.cpu))
    .toFixed(1)
    .padStart(7)} ms`;
console.log(`splash start-up, median of ${runs} (load average ${(await import('node:os')).loadavg()[0].toFixed(1)})`);
console.log(row('bare node (start, print)', bare));
console.log(row('fbkit splash to first frame', splash));
console.log(
  `ratio splash / bare node: wall ${(median(splash.map((x) => x.wall)) / median(bare.map((x) => x.wall))).toFixed(2)}x, CPU ${(median(splash.map((x) => x.cpu)) / median(bare.map((x) => x.cpu))).toFixed(2)}x`,
);
