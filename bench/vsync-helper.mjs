/**
 * What a vsync wait costs beyond the wait itself: FBIO_WAITFORVSYNC on /dev/null (it fails
 * with ENOTTY at once, so all that is timed is the way there and back), one wait after the
 * other as a frame loop makes them:
 *   helper       the helper process fbkit uses (sys/blocking-call.ts): a pipe round trip
 *   thread pool  koffi's .async on libuv's pool, what fbkit did before (it cannot be left behind)
 *   direct       the plain synchronous ioctl, for scale (it would block the event loop)
 * Reports wall µs per wait (medians of rounds, alternating the paths), this process's CPU
 * µs per wait, and the helper's start-up time and memory. Uses the build: run after
 * `npm run build`.
 *
 *   node bench/vsync-helper.mjs [waits per round=500] [rounds=7]
 */
import { readFileSync } from 'node:fs';
import { vsyncHelper, waitForVsync } from '../dist/src/sys/fb-ioctl.js';
import { FBIO_WAITFORVSYNC } from '../dist/src/sys/linux-fb.js';
import { closeFd, koffi, nativeLocation, O_RDWR, openFd } from '../dist/src/sys/libc.js';

const waits = Number(process.argv[2] ?? 500);
const rounds = Number(process.argv[3] ?? 7);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const fd = openFd('/dev/null', O_RDWR);
const ioctl = koffi().load(nativeLocation().libc).func('int ioctl(int fd, unsigned long request, void *arg)');
const crtc = new Uint8Array(4);

// A pending helper call keeps nothing alive (that is its point): the bench holds the loop itself.
const keepAlive = setInterval(() => {}, 1000);
const t0 = performance.now();
const helper = vsyncHelper(fd, '/dev/null');
await helper.start();
const startMs = performance.now() - t0;

const paths = {
  helper: () => waitForVsync(helper, 0),
  'thread pool': () => new Promise((resolve) => ioctl.async(fd, FBIO_WAITFORVSYNC, crtc, () => resolve())),
  direct: async () => ioctl(fd, FBIO_WAITFORVSYNC, crtc),
};
const wall = Object.fromEntries(Object.keys(paths).map((k) => [k, []]));
const cpu = Object.fromEntries(Object.keys(paths).map((k) => [k, []]));
for (let round = -1; round < rounds; round++) {
  for (const [name, wait] of Object.entries(paths)) {
    const c0 = process.cpuUsage();
    const w0 = performance.now();
    for (let i = 0; i < waits; i++) await wait();
    const w = performance.now() - w0;
    const c = process.cpuUsage(c0);
    if (round < 0) continue; // warm-up
    wall[name].push((w * 1e3) / waits);
    cpu[name].push((c.user + c.system) / waits);
  }
}

const status = readFileSync(`/proc/${helper.pid}/smaps_rollup`, 'utf8');
const kb = (field) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1]);
helper.close();
closeFd(fd);
clearInterval(keepAlive);

console.log(`vsync wait overhead, ${waits} waits x ${rounds} rounds, node ${process.version}, ${process.arch}`);
console.log('path          wall µs/wait   this process CPU µs/wait');
for (const name of Object.keys(paths)) {
  console.log(`${name.padEnd(13)} ${median(wall[name]).toFixed(1).padStart(12)}   ${median(cpu[name]).toFixed(1).padStart(12)}`);
}
console.log(
  `helper start-up ${startMs.toFixed(0)} ms; helper memory: RSS ${(kb('Rss') / 1024).toFixed(1)} MiB, PSS ${(kb('Pss') / 1024).toFixed(1)} MiB`,
);
