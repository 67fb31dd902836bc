import { ArgumentError, FbkitError } from '../errors.js';

/** Where a command writes: the process streams in real use, buffers in tests. */
export interface CliIo {
  stdout: { write(chunk: string | Uint8Array): unknown };
  stderr: { write(chunk: string | Uint8Array): unknown };
}

/**
 * The process's streams, taken when a command first writes: node creates process.stdout and
 * process.stderr on first access (some 3 ms for a pipe), and fill or splash never write.
 */
export const processIo: CliIo = {
  get stdout() {
    return process.stdout;
  },
  get stderr() {
    return process.stderr;
  },
};

/**
 * A failure the command already explained; run() prints the message (and the hint, the
 * fix) as one line and exits with `exitCode`.
 */
export class CliFailure extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
    readonly hint?: string,
  ) {
    super(message);
  }

  /** `err` retold with `context` in front of its cause (which option, which file), its hint kept. */
  static from(err: FbkitError, context: string, exitCode: number): CliFailure {
    return new CliFailure(`${context}${causeOf(err)}`, exitCode, err.hint);
  }
}

/** What went wrong, without the hint that FbkitError's message carries on a second line. */
export function causeOf(err: FbkitError): string {
  const hintLine = err.hint === undefined ? '' : `\n  hint: ${err.hint}`;
  return hintLine && err.message.endsWith(hintLine) ? err.message.slice(0, -hintLine.length) : err.message;
}

/**
 * Runs `fn`; an FbkitError becomes the one line main() prints (`CAUSE (hint: FIX)`):
 * exit code 2 for a bad argument, 1 for a state of the system (no splash, a full FIFO,
 * another splash holding it).
 */
export function asCliFailure<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (!(err instanceof FbkitError)) throw err;
    throw CliFailure.from(err, '', err instanceof ArgumentError ? 2 : 1);
  }
}
