// Runs inside the VM (chrooted into the host's root): each scenario the host
// chose for this machine (scenarios.txt in the exchange directory) in its own
// node process, framed on the serial console by the markers the host parses
// (see test/vm/README.md, "Serial protocol").
import { readFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { basename } from 'node:path';
import { SKIP_EXIT_CODE } from './harness.mjs';

// Per machine (machines.mjs scenarioTimeoutS, through init): a slow CPU needs more.
const SCENARIO_TIMEOUT_MS = Number(process.env.FBKIT_VM_SCENARIO_TIMEOUT || 90) * 1000;

const dir = new URL('../scenarios/', import.meta.url).pathname;
const files = readFileSync(`${process.env.FBKIT_EXCHANGE}/scenarios.txt`, 'utf8').split('\n').filter(Boolean);

const counts = { PASS: 0, FAIL: 0, SKIP: 0 };
for (const file of files) {
  const name = basename(file, '.mjs');
  console.log(`@@BEGIN ${name}`);
  const started = Date.now();
  const { code, signal, timedOut } = await runScenario(`${dir}${file}`);
  const ms = Date.now() - started;
  const verdict = code === 0 ? 'PASS' : code === SKIP_EXIT_CODE ? 'SKIP' : 'FAIL';
  const why = timedOut ? `timed out after ${ms} ms` : signal ? `killed by ${signal}` : code ? `exit ${code}` : '';
  counts[verdict]++;
  console.log(`@@END ${name} ${verdict} ${ms}ms${verdict === 'FAIL' ? ` ${why}` : ''}`);
}
console.log(`@@DONE ${counts.PASS} passed, ${counts.FAIL} failed, ${counts.SKIP} skipped`);

function runScenario(path) {
  return new Promise((resolve) => {
    // Both streams go straight to the serial console, in the order written.
    const child = spawn(process.execPath, [path], { stdio: ['ignore', 'inherit', 'inherit'] });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, SCENARIO_TIMEOUT_MS);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, timedOut });
    });
  });
}
