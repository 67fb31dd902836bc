import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Absolute path of a project source file, for `import` lines in child scripts. */
export function sourcePath(relative: string): string {
  return fileURLToPath(new URL(`../../${relative}`, import.meta.url));
}

export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs an ES module script in a fresh node process that loads the TypeScript sources
 * directly (tsx), so a crash (SIGSEGV/SIGBUS) shows up as a signal instead of killing vitest.
 */
export function runChild(script: string, nodeFlags: string[] = [], timeoutMs = 20_000, uid?: number): Promise<ChildResult> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', ...nodeFlags, '--input-type=module', '-e', script],
      // tsx keeps a transform cache under the temp dir; another user needs its own.
      { encoding: 'utf8', timeout: timeoutMs, uid, env: uid === undefined ? process.env : { ...process.env, TMPDIR: '/tmp' } },
      (_err, stdout, stderr) => resolve({ code: child.exitCode, signal: child.signalCode, stdout, stderr }),
    );
  });
}
