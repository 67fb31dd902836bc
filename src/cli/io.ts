/** Where a command writes: the process streams in real use, buffers in tests. */
export interface CliIo {
  stdout: { write(chunk: string | Uint8Array): unknown };
  stderr: { write(chunk: string | Uint8Array): unknown };
}

export const processIo: CliIo = { stdout: process.stdout, stderr: process.stderr };

/** A failure the command already explained; main() prints the message and exits with `exitCode`. */
export class CliFailure extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
  }
}
