/**
 * Timing helpers for bench/run.mjs: warm up, repeat, take the median, and interleave a
 * path with its reference so that load from other processes on a shared machine hits
 * both sides alike instead of skewing the ratio.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SAMPLE_MS = 25;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * A timed case: `run()` does `pixels` pixels of work; `reset()` (optional, untimed) runs
 * before each call, e.g. to restore a destination that blending changes.
 * Returns a sampler: each call times one sample of about SAMPLE_MS and returns MPix/s.
 */
export function sampler({ run, reset, pixels }) {
  let calls = 0;
  const once = () => {
    reset?.();
    const t0 = process.hrtime.bigint();
    run();
    return Number(process.hrtime.bigint() - t0) / 1e6;
  };
  return () => {
    if (calls === 0) {
      // Warm-up: long enough for V8 to optimize the path, and to size a sample.
      let busy = 0;
      let n = 0;
      while (busy < 4 * SAMPLE_MS || n < 3) (busy += once()), n++;
      calls = Math.max(1, Math.round((n * SAMPLE_MS) / busy));
    }
    let busy = 0;
    for (let i = 0; i < calls; i++) busy += once();
    return (pixels * calls) / busy / 1e3;
  };
}

/** Median MPix/s of `path` and `reference` (samplers), sampled alternately `rounds` times. */
export function compare(path, reference, rounds = 9) {
  const a = [], b = [];
  for (let i = 0; i < rounds; i++) {
    a.push(path());
    b.push(reference());
  }
  return { mpix: median(a), refMpix: median(b) };
}

/** Builds bench/ref.c with `cc -O2`; returns null (and why) when there is no compiler. */
export function buildCReference(source) {
  const out = join(mkdtempSync(join(tmpdir(), 'fbkit-bench-')), 'ref');
  try {
    execFileSync('cc', ['-O2', '-o', out, source], { stdio: 'pipe' });
  } catch (err) {
    return { binary: null, why: err.code === 'ENOENT' ? 'no cc on PATH' : `cc failed: ${String(err.stderr ?? err.message).split('\n')[0]}` };
  }
  return existsSync(out) ? { binary: out, why: '' } : { binary: null, why: 'cc produced no binary' };
}

/** One batch of C samples: { mpix (median of the batch), checksum }. */
export function runC(binary, op, width, height, samples = 3) {
  const line = execFileSync(binary, [op, String(width), String(height), String(samples)], { encoding: 'utf8' }).trim();
  const [, mpix, checksum] = line.split(/\s+/);
  return { mpix: Number(mpix), checksum };
}

export { median };
