/**
 * Timing helpers for bench/run.mjs: warm up, repeat, take the median, and interleave a
 * path with its reference so that load from other processes on a shared machine hits
 * both sides alike instead of skewing the ratio.
 *
 * Time is this process's CPU time (process.cpuUsage; bench/ref.c uses
 * CLOCK_PROCESS_CPUTIME_ID), not wall time: on a loaded machine a wall-clock sample
 * mostly measures how long the scheduler kept us waiting.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SAMPLE_MS = 15;

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
    const t0 = process.cpuUsage();
    run();
    const t = process.cpuUsage(t0);
    return (t.user + t.system) / 1e3;
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

/**
 * Samples `path` and `reference` (samplers) in pairs, `rounds` times, alternating which
 * goes first. Returns the median MPix/s of each and the median of the per-pair ratios:
 * the two halves of a pair run back to back, so a burst of load from elsewhere mostly
 * cancels out of the ratio even when it moves both speeds.
 */
export function compare(path, reference, rounds = 11) {
  const a = [],
    b = [],
    ratios = [];
  for (let i = 0; i < rounds; i++) {
    let p, r;
    if (i % 2 === 0) (p = path()), (r = reference());
    else (r = reference()), (p = path());
    a.push(p);
    b.push(r);
    ratios.push(p / r);
  }
  return { mpix: median(a), refMpix: median(b), ratio: median(ratios) };
}

/**
 * The C references, each built from bench/ref.c: plain loops at -O2 and at
 * -O3 -march=native, and pixman (when Debian's libpixman-1-dev is installed). Returns
 * [{ label, binary, why }]; binary is null (and `why` says why) when a build failed.
 */
export function buildCReferences(source) {
  const dir = mkdtempSync(join(tmpdir(), 'fbkit-bench-'));
  const variants = [
    ['C -O2', ['-O2']],
    ['C -O3 -march=native', ['-O3', '-march=native']],
    ['pixman', ['-O2', '-DWITH_PIXMAN', '-I/usr/include/pixman-1'], ['-lpixman-1']],
  ];
  return variants.map(([label, flags, libs = []], i) => {
    const out = join(dir, `ref${i}`);
    try {
      execFileSync('cc', [...flags, '-o', out, source, ...libs], { stdio: 'pipe' });
    } catch (err) {
      const why = err.code === 'ENOENT' ? 'no cc on PATH' : `cc failed: ${String(err.stderr ?? err.message).split('\n')[0]}`;
      return { label, binary: null, why, dir };
    }
    return existsSync(out) ? { label, binary: out, why: '', dir } : { label, binary: null, why: 'cc produced no binary', dir };
  });
}

/** One batch of C samples: the median MPix/s of the batch; the output pixels go to `outFile`. */
export function runC(binary, op, width, height, outFile, samples = 3) {
  const line = execFileSync(binary, [op, String(width), String(height), String(samples), outFile], { encoding: 'utf8' }).trim();
  return Number(line.split(/\s+/)[1]);
}

export { median };
