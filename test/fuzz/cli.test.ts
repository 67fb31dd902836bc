/**
 * Fuzzed command lines for every verb. Each must end with exit code 0, 1 or 2; a failure
 * prints `fbkit: ` lines without a stack trace; a refused command (exit 1 or 2) leaves every
 * file as it was; no case takes long; memory stays bounded. A fixed seed runs in CI;
 * FBKIT_FUZZ_RUNS and FBKIT_FUZZ_SEED make larger or other runs.
 */
import { execFile } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { sourcePath } from '../support/child.js';

const RUNS = Number(process.env.FBKIT_FUZZ_RUNS ?? 400);
const SEED = Number(process.env.FBKIT_FUZZ_SEED ?? 20261126);
const CASE_MS = 5000;

interface CaseResult {
  i: number;
  argv: string[];
  code: number | string;
  stderr: string;
  outBytes: number;
  ms: number;
  changed: boolean;
}

function runFuzz(): Promise<{ results: CaseResult[]; lastStarted?: unknown; maxRssMiB?: number; stderr: string; signal: string | null }> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', '--max-old-space-size=512', sourcePath('test/fuzz/cli-runner.ts'), String(SEED), String(RUNS)],
      { encoding: 'utf8', timeout: 60_000 + RUNS * 200, maxBuffer: 256 * 1024 * 1024 },
      (_err, stdout, stderr) => {
        const results: CaseResult[] = [];
        let lastStarted: unknown;
        let maxRssMiB: number | undefined;
        for (const line of stdout.split('\n').filter(Boolean)) {
          const record = JSON.parse(line);
          if ('start' in record) lastStarted = record.argv;
          else if ('done' in record) maxRssMiB = record.maxRssMiB;
          else results.push(record);
        }
        resolve({ results, lastStarted, maxRssMiB, stderr, signal: child.signalCode });
      },
    );
  });
}

describe(`CLI fuzz (${RUNS} command lines, seed ${SEED})`, () => {
  it('every case exits 0/1/2 with one-line fbkit: errors, writes nothing when refused, and is quick', async () => {
    const { results, lastStarted, maxRssMiB, stderr, signal } = await runFuzz();
    expect(signal, `the runner was killed while running ${JSON.stringify(lastStarted)}`).toBeNull();
    expect(stderr).toBe('');
    expect(results.length).toBe(RUNS);
    const problems: string[] = [];
    for (const r of results) {
      const where = JSON.stringify(r.argv).slice(0, 300);
      if (![0, 1, 2].includes(r.code as number)) problems.push(`${where}: exit ${String(r.code).slice(0, 500)}`);
      const lines = r.stderr.split('\n').filter(Boolean);
      if (r.code !== 0 && lines.length === 0) problems.push(`${where}: exit ${r.code} without a message`);
      if (lines.length > 2) problems.push(`${where}: ${lines.length} lines on stderr: ${r.stderr.slice(0, 300)}`);
      if (lines.some((l) => !l.startsWith('fbkit: '))) problems.push(`${where}: stderr line without 'fbkit: ': ${r.stderr.slice(0, 300)}`);
      if (/\n\s+at .+:\d+:\d+/.test(r.stderr)) problems.push(`${where}: stack trace on stderr`);
      if (r.code !== 0 && r.changed) problems.push(`${where}: exit ${r.code} but files changed`);
      if (r.ms > CASE_MS) problems.push(`${where}: took ${r.ms} ms`);
    }
    expect(problems).toEqual([]);
    expect(maxRssMiB).toBeLessThan(1024);
    const counts: Record<string, number> = {};
    for (const r of results) counts[String(r.code)] = (counts[String(r.code)] ?? 0) + 1;
    console.log(`CLI fuzz: ${RUNS} cases, exit codes ${JSON.stringify(counts)}, peak RSS ${maxRssMiB} MiB`);
  }, 600_000);
});
