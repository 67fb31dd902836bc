// @machines pc,arm64,armhf
// FBIO_WAITFORVSYNC through fbkit's helper process on the real bochs-drm /dev/fb0: a
// program's waits succeed (the helper inherits the framebuffer's descriptor and makes the
// ioctl), one helper serves all of them, the program exits by itself as soon as it is done
// (nothing of the helper keeps it alive), and no helper process is left afterwards.
// Fails if the waits do not reach the driver (ok: false), if the helper is respawned per
// wait, or if a helper survives its program.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { assert, project } from '../guest/harness.mjs';

/** Processes whose command line names an fbkit helper (the helper sets its title). */
function helpers() {
  const found = [];
  for (const pid of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'latin1').replaceAll('\0', ' ');
      if (cmdline.includes('fbkit helper')) found.push(`${pid}: ${cmdline.trim()}`);
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}

const program = `
  import { readdirSync, readFileSync } from 'node:fs';
  const { Framebuffer } = await import(${JSON.stringify(`${project}/dist/src/index.js`)});
  const fb = Framebuffer.open('/dev/fb0');
  const results = [];
  for (let i = 0; i < 6; i++) results.push(await fb.waitForVsync({ timeoutMs: 3000 }));
  // Not this program itself, whose own command line holds this very text.
  const helperPids = readdirSync('/proc').filter((n) => /^\\d+$/.test(n) && n !== String(process.pid)).filter((pid) => {
    try { return readFileSync('/proc/' + pid + '/cmdline', 'latin1').includes('fbkit helper'); } catch { return false; }
  });
  console.log(JSON.stringify({ results, helperPids }));
  fb.close();
`;

assert.deepEqual(helpers(), [], 'no fbkit helper runs before the program');
const started = Date.now();
const out = execFileSync(process.execPath, ['--input-type=module', '-e', program], { encoding: 'utf8', timeout: 30_000 });
const seconds = (Date.now() - started) / 1000;
const { results, helperPids } = JSON.parse(out.trim().split('\n').at(-1));
console.log(`6 waits in a program that took ${seconds.toFixed(1)} s; helpers while open: ${helperPids.join(', ')}`);
for (const [i, r] of results.entries()) assert.deepEqual(r, { ok: true }, `wait ${i} reached the driver (JSON drops value: undefined)`);
assert.equal(helperPids.length, 1, 'one helper serves every wait');
// The helper dies with SIGKILL from close() and PR_SET_PDEATHSIG: give the kernel a moment.
let left = helpers();
for (let i = 0; i < 20 && left.length; i++) {
  execFileSync('sleep', ['0.1']);
  left = helpers();
}
assert.deepEqual(left, [], 'no helper outlives its program');
