// @machines pc-nofb
// KMS and VT switching (no fbcon here, so only DRM clients change the screen): a Frames
// kiosk on /dev/dri/card0 holds the VT (VT_PROCESS) and DRM master. `chvt 2`: it drops
// master, so a second program on the other VT (`fbkit fill --device /dev/dri/card0`)
// becomes master and its color reaches the screen. Meanwhile the kiosk draws a new frame,
// which it may not show. `chvt` back while the second program still holds master: the kiosk
// says it waits for the display, and the screen stays the holder's. The second program
// ends: the kiosk is master again (a third program is refused, naming the kiosk's pid) and
// the new frame is on the screendump, every pixel: only a kiosk that set master and
// repainted can have put it there.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { assert, fbkitInProcess, pictureDifferences, project, retry, run, screendump, skip } from '../guest/harness.mjs';
import { activeVt } from '../guest/kd.mjs';

if (!existsSync('/dev/tty0')) skip('no /dev/tty0 in the guest (kernel without VT?)');
assert.ok(!existsSync('/dev/fb0'), 'this machine has no /dev/fb0 (no fbcon repaints behind the programs)');
if (!existsSync('/sys/kernel/debug/dri')) run('mount', '-t', 'debugfs', 'debugfs', '/sys/kernel/debug');

const first = 0x2a9d8f;
// The frame drawn while switched away: eight vertical bands, so a stale or shifted page shows.
const bands = [0xe76f51, 0xf4a261, 0xe9c46a, 0x264653, 0x8ab17d, 0x6d597a, 0xb56576, 0x355070];
const home = activeVt();
const other = home === 2 ? 3 : 2;

const program = `
  const { Console } = await import(${JSON.stringify(`${project}/dist/src/console/console.js`)});
  const { Frames } = await import(${JSON.stringify(`${project}/dist/src/present/frames.js`)});
  const { Framebuffer } = await import(${JSON.stringify(`${project}/dist/src/display/framebuffer.js`)});
  const fb = Framebuffer.open('/dev/dri/card0');
  const con = Console.takeFor(fb, { required: true });
  const frames = Frames.attach(fb, { console: con, initial: 'blank' });
  const opaque = (c) => (0xff000000 | c) >>> 0;
  frames.back.clear(opaque(${first}));
  frames.damageAll();
  frames.presentNow();
  const bands = ${JSON.stringify(bands)};
  con.on('release', () => {
    console.log('released');
    // A new frame while another VT is on screen: presents must leave the device alone.
    const w = Math.ceil(frames.back.width / bands.length);
    bands.forEach((c, i) => frames.back.fillRect({ x: i * w, y: 0, w, h: frames.back.height }, opaque(c)));
    frames.damageAll();
    console.log('presented ' + frames.presentNow() + ' pixels while released');
  });
  con.on('acquire', () => console.log('acquired'));
  setInterval(() => {}, 1 << 30);
  console.log('ready ' + fb.width + 'x' + fb.height);
`;
const p = spawn(process.execPath, ['--input-type=module', '-e', program], { stdio: ['ignore', 'pipe', 'pipe'] });
let stdout = '';
let stderr = '';
p.stdout.on('data', (d) => (stdout += d));
p.stderr.on('data', (d) => (stderr += d));
const exited = new Promise((resolve) => p.on('exit', (code, signal) => resolve({ code, signal })));
const said = (pattern) =>
  retry(
    () => {
      assert.equal(p.exitCode ?? p.signalCode, null, `the kiosk ended early: ${stderr}`);
      const line = stdout.split('\n').find((l) => pattern.test(l));
      assert.ok(line, `the kiosk has not said ${pattern} (stdout: ${JSON.stringify(stdout)}, stderr: ${stderr})`);
      return line;
    },
    { timeoutMs: 30_000 },
  );
// chvt waits (VT_WAITACTIVE) until the switch is done, i.e. until the kiosk answered.
const chvt = (n) => execFileSync('busybox', ['chvt', String(n)], { timeout: 20_000, stdio: ['ignore', 'pipe', 'pipe'] });
const solid = (color) => () => color;

try {
  const [width, height] = (await said(/^ready /)).slice(6).split('x').map(Number);
  const bandWidth = Math.ceil(width / bands.length);
  const banded = (x) => bands[Math.floor(x / bandWidth)];
  await retry(async () => {
    const shot = await screendump();
    assert.equal(pictureDifferences(width, height, shot.rgb, solid(first)), undefined, "the kiosk's first frame");
  });
  console.log(`the kiosk (pid ${p.pid}) shows its first frame`);

  chvt(other);
  assert.equal(activeVt(), other, `tty${other} is on screen`);
  await said(/^released$/);
  assert.ok(stdout.includes('presented 0 pixels while released'), `no present while released: ${stdout}`);

  // A program on the other VT: it can only become master because the kiosk dropped it.
  let second;
  const fill = fbkitInProcess('fill', '#ff0000', '--device', '/dev/dri/card0', '--hold', '8').then((r) => (second = r));
  await retry(async () => {
    if (second?.code) assert.fail(`fbkit fill on tty${other} failed: ${second.stderr}`);
    const shot = await screendump();
    assert.equal(pictureDifferences(width, height, shot.rgb, solid(0xff0000)), undefined, 'the second program drew');
  });
  console.log(`chvt ${other}: the kiosk released master; fbkit fill became master and shows red`);

  // Back while the other program still holds master: the kiosk says so and waits.
  chvt(home);
  await retry(() => assert.match(stderr, /our VT is back, but not the display \(trying again every 500 ms\): cannot become DRM master/));
  assert.equal(second, undefined, 'fbkit fill still holds master (else this checks nothing: hold it longer)');
  assert.ok(!stdout.includes('acquired'), 'no acquire (repaint) without master');
  const held = await screendump();
  assert.equal(pictureDifferences(width, height, held.rgb, solid(0xff0000)), undefined, 'the holder keeps the screen');
  console.log(`chvt ${home} while fbkit fill holds master: the kiosk waits for it`);

  await fill;
  assert.equal(second.code, 0, `fbkit fill on tty${other}: ${second.stderr}`);
  await said(/^acquired$/);
  await retry(async () => {
    const shot = await screendump();
    assert.equal(pictureDifferences(width, height, shot.rgb, banded), undefined, 'the frame drawn while away, after acquire');
  });
  const third = await fbkitInProcess('fill', '#0000ff', '--device', '/dev/dri/card0', '--hold', '0');
  assert.equal(third.code, 1, `a third program must be refused master: ${third.stderr}`);
  assert.match(third.stderr, new RegExp(`cannot become DRM master of /dev/dri/card0 \\(EBUSY\\): node \\(pid ${p.pid}\\) holds it`));
  console.log('fbkit fill ended: the kiosk took master back and repainted the frame drawn while away');

  p.kill('SIGTERM');
  const end = await exited;
  assert.equal(end.signal, 'SIGTERM', `the kiosk dies of SIGTERM (${stderr})`);
} finally {
  if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
  if (activeVt() !== home) chvt(home);
}
