#!/usr/bin/env node
// The real-kernel suite: boots the host's Debian kernel in QEMU (TCG), once per machine of
// machines.mjs that has a scenario to run, runs the chosen test/vm/scenarios/*.mjs inside
// it against this checkout, and reports. Usage: node test/vm/run.mjs [--arm] [filter], where
// the filter matches a scenario's file name or `machine/` (e.g. `pc-input/`). The ARM machines
// (arch arm64, armhf) run only with --arm (npm run test:vm:arm), the others only without it:
// the emulated ARM CPUs are slow enough to be their own stage. See README.md.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bootMachine } from './host/boot.mjs';
import { platformFor } from './host/platforms.mjs';
import { MACHINES, scenarioMachines } from './machines.mjs';

// Each machine must stay under its timeoutS (default 285 s); FBKIT_VM_TIMEOUT (seconds) overrides.
const machineTimeoutMs = (machine) => Number(process.env.FBKIT_VM_TIMEOUT ?? machine.timeoutS ?? 285) * 1000;
const project = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
const cacheDir = `${project}/.vm-cache`;
const scenarioDir = fileURLToPath(new URL('scenarios/', import.meta.url));
const arm = process.argv.includes('--arm');
const only = process.argv.slice(2).find((arg) => arg !== '--arm') ?? '';
const started = Date.now();

const plan = planRuns();
if (!plan.length) finish({ results: [], problems: [`no scenario matched "${only}"`] });

const required = process.env.FBKIT_VM === 'require';
mkdirSync(cacheDir, { recursive: true });
const platforms = new Map();
for (const arch of new Set(plan.map(({ machine }) => machine.arch))) {
  const platform = platformFor(arch, { project, cacheDir });
  if (platform.missing) {
    console.log(`${required ? 'FAIL (FBKIT_VM=require)' : 'SKIP'} real-kernel suite (${arch}): missing ${platform.missing.join('; ')}`);
    if (platform.install) console.log(`  install with: ${platform.install}`);
    finish({ results: [], problems: required ? ['prerequisites missing'] : [] });
  }
  // The kernel command line carries these paths; it splits on spaces.
  for (const path of [project, platform.node]) {
    if (/\s/.test(path)) finish({ results: [], problems: [`cannot pass a path with spaces to the guest: ${path}`] });
  }
  platforms.set(arch, platform);
}
pruneStaleExchangeDirs();

const results = [];
const problems = [];
const timings = [];
for (const { machine, scenarios } of plan) {
  console.log(`== machine ${machine.name}: ${scenarios.length} scenario(s)`);
  const run = await bootMachine({
    machine,
    platform: platforms.get(machine.arch),
    scenarios,
    project,
    cacheDir,
    timeoutMs: machineTimeoutMs(machine),
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

/**
 * [{ machine, scenarios }] in machines.mjs order: the machines of this run (ARM with --arm,
 * the others without) that have a scenario matching the filter.
 */
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
  const isArm = (machine) => machine.arch !== 'x86_64';
  return MACHINES.filter((m) => isArm(m) === arm && runs.get(m.name).length).map((machine) => ({
    machine,
    scenarios: runs.get(machine.name),
  }));
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
