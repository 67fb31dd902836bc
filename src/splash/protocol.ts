/**
 * The psplash command protocol, as `fbkit splash` reads it from its FIFO:
 * `PROGRESS <0-100>`, `MSG <text>`, `QUIT`. psplash-write ends each command with a NUL
 * byte and shell scripts (`echo PROGRESS 50 > fifo`) with a newline: both end a command.
 */
import { StringDecoder } from 'node:string_decoder';

export type SplashCommand =
  | { kind: 'progress'; percent: number }
  | { kind: 'msg'; text: string }
  | { kind: 'quit' };

export type ParsedLine = SplashCommand | { kind: 'invalid'; line: string; reason: string };

/** Parses one command; null for a blank line. Command words are case-insensitive. */
export function parseCommand(line: string): ParsedLine | null {
  const trimmed = line.replace(/\r$/, '');
  if (trimmed.trim() === '') return null;
  const match = /^\s*(\S+)(?:\s(.*))?$/s.exec(trimmed);
  const word = match?.[1].toUpperCase();
  const rest = match?.[2] ?? '';
  const invalid = (reason: string): ParsedLine => ({ kind: 'invalid', line: trimmed, reason });
  switch (word) {
    case 'PROGRESS': {
      const arg = rest.trim();
      if (!/^\d+(\.\d+)?$/.test(arg)) return invalid('PROGRESS needs a number from 0 to 100, e.g. "PROGRESS 50"');
      const percent = Number(arg);
      if (percent > 100) return invalid(`PROGRESS ${arg} is above 100`);
      return { kind: 'progress', percent };
    }
    case 'MSG':
      return { kind: 'msg', text: rest };
    case 'QUIT':
      return rest.trim() === '' ? { kind: 'quit' } : invalid('QUIT takes no argument');
    default:
      return invalid('unknown command; expected PROGRESS <0-100>, MSG <text> or QUIT');
  }
}

/**
 * Cuts a byte stream into command lines. A writer that never ends its line cannot grow
 * memory without bound: past `maxLine` bytes the partial line is dropped and reported.
 */
export class CommandSplitter {
  #decoder = new StringDecoder('utf8');
  #partial = '';

  constructor(readonly maxLine = 4096) {}

  /** Returns the complete lines in `chunk`, plus an 'overflow' marker for each dropped one. */
  push(chunk: Uint8Array | string): Array<string | { overflow: number }> {
    const text = this.#partial + (typeof chunk === 'string' ? chunk : this.#decoder.write(chunk as Buffer));
    const parts = text.split(/[\n\0]/);
    this.#partial = parts.pop() ?? '';
    const out: Array<string | { overflow: number }> = parts;
    if (this.#partial.length > this.maxLine) {
      out.push({ overflow: this.#partial.length });
      this.#partial = '';
    }
    return out;
  }
}
