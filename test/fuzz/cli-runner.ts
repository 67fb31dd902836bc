/**
 * Runs fuzzed command lines through the CLI in this process, one after another, and prints
 * one JSON line per case (and a 'start' line before it, so a hang names its case). Run by
 * test/fuzz/cli.test.ts in a child process with a time limit: a case that blocks cannot
 * stall the test runner.
 * Usage: node --import tsx test/fuzz/cli-runner.ts SEED RUNS
 */
import fc from 'fast-check';
import { rmSync } from 'node:fs';
import { run } from '../../src/cli/main.js';
import { argvArbitrary } from './argv.js';
import { fingerprint, makeSandbox } from './sandbox.js';

const [seed, runs] = process.argv.slice(2).map(Number) as [number, number];
const sandbox = makeSandbox();
process.chdir(sandbox.dir);
const cases = fc.sample(argvArbitrary(sandbox), { seed, numRuns: runs });
try {
  for (const [i, argv] of cases.entries()) {
    process.stdout.write(`${JSON.stringify({ start: i, argv })}\n`);
    const before = fingerprint(sandbox.dir);
    const err: string[] = [];
    let outBytes = 0;
    const t0 = performance.now();
    let code: number | string;
    try {
      code = await run(argv, {
        stdout: { write: (chunk: string | Uint8Array) => void (outBytes += chunk.length) },
        stderr: { write: (chunk: string | Uint8Array) => void err.push(String(chunk)) },
      });
    } catch (e) {
      code = `threw ${(e as Error)?.constructor?.name}: ${String((e as Error)?.stack ?? e)}`;
    }
    const ms = performance.now() - t0;
    const changed = fingerprint(sandbox.dir) !== before;
    process.stdout.write(`${JSON.stringify({ i, argv, code, stderr: err.join(''), outBytes, ms: Math.round(ms), changed })}\n`);
  }
  process.stdout.write(`${JSON.stringify({ done: cases.length, maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`);
} finally {
  rmSync(sandbox.dir, { recursive: true, force: true });
}
