import { execFile, type ExecFileOptions } from 'node:child_process';
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
 * How much longer than on the host a child may take: test/arm/run.mjs sets it for Node under
 * qemu-user, where starting node with tsx alone takes 5–10 s while two emulated runs share the
 * machine (a 10 s limit killed a child that was only slow).
 */
const TIMEOUT_SCALE = Number(process.env.FBKIT_TIMEOUT_SCALE ?? 1);

/** Runs node with `args`; a crash (SIGSEGV/SIGBUS) or a timeout's kill shows up as `signal`. */
export function runNode(args: string[], options: ExecFileOptions): Promise<ChildResult> {
  const timeout = options.timeout && options.timeout * TIMEOUT_SCALE;
  return new Promise((resolve) => {
    const child = execFile(process.execPath, args, { ...options, timeout, encoding: 'utf8' }, (_err, stdout, stderr) =>
      resolve({ code: child.exitCode, signal: child.signalCode, stdout, stderr }),
    );
  });
}

/**
 * Runs an ES module script in a fresh node process that loads the TypeScript sources
 * directly (tsx), so a crash (SIGSEGV/SIGBUS) shows up as a signal instead of killing vitest.
 * For a script that must run as another user, see user-copy.ts.
 */
export function runChild(script: string, nodeFlags: string[] = [], timeoutMs = 20_000): Promise<ChildResult> {
  return runNode(['--import', 'tsx', ...nodeFlags, '--input-type=module', '-e', script], { timeout: timeoutMs });
}
