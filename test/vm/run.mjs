#!/usr/bin/env node
// The real-kernel suite: boots the host's Debian kernel once in QEMU (TCG),
// runs every test/vm/scenarios/*.mjs inside it against this checkout, and
// reports. Usage: node test/vm/run.mjs [name-filter]. See test/vm/README.md.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { APT_PACKAGES, findPrereqs } from './host/prereqs.mjs';
import { buildInitramfs } from './host/initramfs.mjs';
import { bootableKernel } from './host/kernel.mjs';
import { createExchangeDir, serveRequests } from './host/exchange.mjs';
import { Qmp } from './host/qmp.mjs';
import { Report } from './host/report.mjs';

// The whole suite must stay under 5 minutes; FBKIT_VM_TIMEOUT (seconds) overrides.
const SUITE_TIMEOUT_MS = Number(process.env.FBKIT_VM_TIMEOUT ?? 285) * 1000;
const project = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
const cacheDir = `${project}/.vm-cache`;
const only = process.argv[2] ?? '';
const started = Date.now();

const required = process.env.FBKIT_VM === 'require';
const prereqs = findPrereqs();
if (prereqs.missing.length) {
  console.log(`${required ? 'FAIL (FBKIT_VM=require)' : 'SKIP'} real-kernel suite: missing ${prereqs.missing.join('; ')}`);
  console.log(`  install with: apt-get install -y ${APT_PACKAGES}`);
  finish({ results: [], problems: required ? ['prerequisites missing'] : [] });
}
// The kernel command line carries these paths; it splits on spaces.
for (const path of [project, process.execPath]) {
  if (/\s/.test(path)) finish({ results: [], problems: [`cannot pass a path with spaces to the guest: ${path}`] });
}

const initrd = buildInitramfs({
  ...prereqs,
  cacheDir,
  initScript: fileURLToPath(new URL('guest/init.sh', import.meta.url)),
});
const kernelImage = bootableKernel(prereqs.kernel, cacheDir);
if (kernelImage === prereqs.kernel.image) {
  console.log('note: booting the compressed kernel, which is slow under TCG (is xz-utils installed?)');
}
pruneStaleExchangeDirs();
// Inside the checkout, so the same path names it on the host and in the guest
// (where the read-only host root shows it and the writable share covers it).
// Kept after a failed run, with the serial log, until the next run.
const exchange = createExchangeDir(`${cacheDir}/exchange-${process.pid}`);
const serialLog = `${exchange}/serial.log`;
const socketDir = mkdtempSync(`${tmpdir()}/fbkit-vm-`); // unix socket paths must be short
const qmpSocket = `${socketDir}/qmp.sock`;

const append = [
  'console=ttyS0 panic=-1 quiet loglevel=3',
  'vt.global_cursor_default=0', // no blinking cursor in the screendumps
  `fbkit_project=${project} fbkit_exchange=${exchange} fbkit_node=${process.execPath} fbkit_only=${only}`,
].join(' ');

const qemuStarted = Date.now();
// QEMU option values escape a comma by doubling it.
const qemu = spawn(
  prereqs.qemu,
  [
    '-accel',
    'tcg',
    '-m',
    '1024',
    '-smp',
    '1',
    '-nodefaults',
    '-no-reboot',
    '-display',
    'none',
    '-serial',
    'stdio',
    '-qmp',
    `unix:${qmpSocket},server=on,wait=off`,
    '-kernel',
    kernelImage,
    '-initrd',
    initrd,
    '-append',
    append,
    '-device',
    'VGA',
    '-device',
    'edu',
    '-virtfs',
    'local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap',
    '-virtfs',
    `local,path=${exchange.replaceAll(',', ',,')},mount_tag=hostout,security_model=none`,
  ],
  { stdio: ['ignore', 'pipe', 'pipe'] },
);
const qemuExited = new Promise((resolve) => qemu.on('exit', (code) => resolve(code)));

const report = new Report({ verbose: Boolean(process.env.FBKIT_VM_VERBOSE) });
const log = createWriteStream(serialLog);
createInterface({ input: qemu.stdout }).on('line', (line) => {
  log.write(`${line}\n`);
  report.line(line);
});
let qemuStderr = '';
qemu.stderr.on('data', (chunk) => (qemuStderr += chunk));

let timedOut = false;
const timer = setTimeout(() => {
  timedOut = true;
  qemu.kill('SIGKILL');
}, SUITE_TIMEOUT_MS);

const problems = [];
let stopServing = () => {};
const qmp = await Promise.race([Qmp.connect(qmpSocket), qemuExited.then(() => null)]).catch((err) => {
  problems.push(`no QEMU monitor at ${qmpSocket}: ${err.message}`);
  qemu.kill('SIGKILL');
  return null;
});
if (qmp) {
  stopServing = serveRequests(
    exchange,
    {
      async screendump(_request, { id, filesDir }) {
        const file = `${filesDir}/${id}.ppm`;
        await qmp.execute('screendump', { filename: file });
        return { file };
      },
    },
    { onError: (err) => console.log(`host request failed: ${err.message}`) },
  );
}

const exitCode = await qemuExited;
clearTimeout(timer);
stopServing();
qmp?.close();
await new Promise((resolve) => log.end(resolve));
rmSync(socketDir, { recursive: true, force: true });

if (report.fatal) problems.push(`guest init failed: ${report.fatal}`);
if (!report.done) {
  const why = timedOut ? `the suite timed out after ${SUITE_TIMEOUT_MS / 1000}s` : `QEMU exited (${exitCode})`;
  report.abort(`${why} in the middle of this scenario`);
  problems.push(`the guest did not finish: ${why}; serial log: ${serialLog}`);
  problems.push(`its last console lines:\n${report.tail.map((l) => `    ${l}`).join('\n')}`);
  if (qemuStderr.trim()) problems.push(`QEMU said: ${qemuStderr.trim()}`);
}
if (report.done && report.results.length === 0) problems.push(`no scenario matched "${only}"`);
if (!problems.length && !report.failed) rmSync(exchange, { recursive: true, force: true });
const boot = report.bootedAt ? `${((report.bootedAt - qemuStarted) / 1000).toFixed(1)}s` : 'never';
console.log(`boot to runner ${boot}, whole suite ${((Date.now() - started) / 1000).toFixed(1)}s`);
finish({ results: report.results, problems });

/**
 * Prints the closing line, writes FBKIT_VM_RESULTS (the JSON .ci/summary.mjs
 * adds up) if asked, and exits. A run that could not even finish counts as one
 * failure, so it never reads as "0 failed".
 */
function finish({ results, problems }) {
  for (const p of problems) console.log(p);
  const count = (verdict) => results.filter((r) => r.verdict === verdict).length;
  const passed = count('PASS');
  const failed = count('FAIL') || (problems.length ? 1 : 0);
  const skipped = count('SKIP');
  if (process.env.FBKIT_VM_RESULTS) {
    const scenarios = results.map(({ name, verdict, ms, why }) => ({ name, verdict, ms, why }));
    writeFileSync(process.env.FBKIT_VM_RESULTS, JSON.stringify({ passed, failed, skipped, scenarios, problems }, null, 2));
  }
  if (skipped) console.log(`${skipped} skipped`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

// Exchange dirs of runs whose process is gone (kept because they failed).
function pruneStaleExchangeDirs() {
  for (const name of readdirSync(cacheDir)) {
    const pid = Number(/^exchange-(\d+)$/.exec(name)?.[1]);
    if (pid && !isAlive(pid)) rmSync(`${cacheDir}/${name}`, { recursive: true, force: true });
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}
