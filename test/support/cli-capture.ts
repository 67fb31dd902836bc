import { run } from '../../src/cli/main.js';

export interface CliResult {
  code: number;
  /** Everything written to stdout, bytes included (`fbkit shot -` writes a PNG). */
  stdout: Buffer;
  stderr: string;
}

/** Runs the CLI in-process with buffers for stdout and stderr. */
export async function runCli(...argv: string[]): Promise<CliResult> {
  const out: Buffer[] = [];
  const err: string[] = [];
  const code = await run(argv, {
    stdout: { write: (chunk: string | Uint8Array) => out.push(Buffer.from(chunk)) },
    stderr: { write: (chunk: string | Uint8Array) => err.push(String(chunk)) },
  });
  return { code, stdout: Buffer.concat(out), stderr: err.join('') };
}
