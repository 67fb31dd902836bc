/**
 * Start-up of `fbkit fill` on a file-backed framebuffer (bochs-drm: 1280x800 XRGB8888,
 * 4 MB), process start to exit as the child measures itself (bench/startup-probe.cjs;
 * `fbkit fill` draws its one frame just before it exits), against `node -e 0` and against
 * node loading the bundled CLI (dist/cli/main.cjs with its code cache, what bin/fbkit.js
 * runs) without running a command. The three are sampled in turn, so machine load hits
 * them alike; medians of wall and of CPU time (CPU is the steadier number when other work
 * shares the machine). Uses the built CLI: run after `npm run build`.
 *
 *   node bench/fill-startup.mjs [runs=9]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.argv[2] ?? 9);
const dir = mkdtempSync(join(tmpdir(), 'fbkit-fill-bench-'));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const bin = join(root, 'bin', 'fbkit.js');
const device = `file:${join(dir, 'fb.raw')}`;

/** One child's own account of its start-up: { wallMs, cpuMs } from process start to exit. */
function measure(args) {
  const r = spawnSync(process.execPath, ['--require', join(root, 'bench', 'startup-probe.cjs'), ...args], { encoding: 'utf8' });
  const line = /startup-probe (.*)/.exec(r.stderr ?? '');
  if (r.status !== 0 || !line) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
  return JSON.parse(line[1]);
}

const cases = {
  'node -e 0': ['-e', '0'],
  'fbkit fill on a file: device': [bin, 'fill', 'red', '--device', device],
  'node loading the CLI only': [
    '-e',
    `require(${JSON.stringify(join(root, 'bin', 'cli-bundle.js'))}).loadBundle(${JSON.stringify(join(root, 'dist', 'cli', 'main.cjs'))})`,
  ],
};
try {
  measure([bin, 'fill', 'black', '--device', `${device}?geometry=bochs-drm`]); // creates the file and its geometry
  const samples = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
  for (let i = 0; i < runs; i++) for (const [name, args] of Object.entries(cases)) samples[name].push(measure(args));
  const med = (name, key) => median(samples[name].map((s) => s[key]));
  console.log(`fill start-up, process start to exit, median of ${runs} (load average ${loadavg()[0].toFixed(1)})`);
  for (const name of Object.keys(cases)) {
    console.log(
      `${name.padEnd(34)} wall ${med(name, 'wallMs').toFixed(1).padStart(7)} ms   CPU ${med(name, 'cpuMs').toFixed(1).padStart(7)} ms`,
    );
  }
  const ratio = (key) => (med('fbkit fill on a file: device', key) / med('node -e 0', key)).toFixed(2);
  console.log(`ratio fill / bare node: wall ${ratio('wallMs')}x, CPU ${ratio('cpuMs')}x (target 1.3x)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
