#!/usr/bin/env node
// The real-kernel suite: boots the host's Debian kernel in QEMU (TCG), once per machine of
// machines.mjs that has a scenario to run, runs the chosen test/vm/scenarios/*.mjs inside
// it against this checkout, and reports. Usage: node test/vm/run.mjs [filter], where the
// filter matches a scenario's file name or `machine/` (e.g. `pc-input/`). See README.md.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bootMachine } from './host/boot.mjs';
import { bootableKernel } from './host/kernel.mjs';
import { APT_PACKAGES, findPrereqs } from './host/prereqs.mjs';
import { MACHINES, scenarioMachines } from './machines.mjs';

// Each machine must stay under 5 minutes; FBKIT_VM_TIMEOUT (seconds) overrides.
const MACHINE_TIMEOUT_MS = Number(process.env.FBKIT_VM_TIMEOUT ?? 285) * 1000;
const project = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
const cacheDir = `${project}/.vm-cache`;
const scenarioDir = fileURLToPath(new URL('scenarios/', import.meta.url));
const only = process.argv[2] ?? '';
const started = Date.now();

const plan = planRuns();
if (!plan.length) finish({ results: [], problems: [`no scenario matched "${only}"`] });

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

mkdirSync(cacheDir, { recursive: true });
const kernelImage = bootableKernel(prereqs.kernel, cacheDir);
if (kernelImage === prereqs.kernel.image) {
  console.log('note: booting the compressed kernel, which is slow under TCG (is xz-utils installed?)');
}
pruneStaleExchangeDirs();

const results = [];
const problems = [];
const timings = [];
for (const { machine, scenarios } of plan) {
  console.log(`== machine ${machine.name}: ${scenarios.length} scenario(s)`);
  const run = await bootMachine({
    machine,
    scenarios,
    prereqs,
    kernelImage,
    project,
    cacheDir,
    initScript: fileURLToPath(new URL('guest/init.sh', import.meta.url)),
    timeoutMs: MACHINE_TIMEOUT_MS,
    verbose: Boolean(process.env.FBKIT_VM_VERBOSE),
  });
  results.push(...run.results);
  problems.push(...run.problems);
  const boot = run.bootMs === undefined ? 'never' : `${(run.bootMs / 1000).toFixed(1)}s`;
  timings.push(`${machine.name}: boot to runner ${boot}, whole machine ${(run.totalMs / 1000).toFixed(1)}s`);
}
for (const line of timings) console.log(line);
console.log(`whole suite ${((Date.now() - started) / 1000).toFixed(1)}s`);
finish({ results, problems });

/** [{ machine, scenarios }] in machines.mjs order: the machines that have a scenario matching the filter. */
function planRuns() {
  const files = readdirSync(scenarioDir)
    .filter((f) => f.endsWith('.mjs'))
    .sort();
  const known = new Set(MACHINES.map((m) => m.name));
  const runs = new Map(MACHINES.map((m) => [m.name, []]));
  for (const file of files) {
    for (const name of scenarioMachines(readFileSync(`${scenarioDir}${file}`, 'utf8'))) {
      if (!known.has(name)) finish({ results: [], problems: [`${file} asks for machine "${name}", which machines.mjs does not define`] });
      if (!only || file.includes(only) || `${name}/${file}`.includes(only)) runs.get(name).push(file);
    }
  }
  return MACHINES.filter((m) => runs.get(m.name).length).map((machine) => ({ machine, scenarios: runs.get(machine.name) }));
}

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
    const pid = Number(/^exchange-(\d+)(-|$)/.exec(name)?.[1]);
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
