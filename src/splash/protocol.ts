/**
 * The psplash command protocol, as `fbkit splash` reads it from its FIFO:
 * `PROGRESS <0-100>`, `MSG <text>`, `QUIT`. psplash-write ends each command with a NUL
 * byte and shell scripts (`echo PROGRESS 50 > fifo`) with a newline: both end a command.
 */
import { StringDecoder } from 'node:string_decoder';
import { ArgumentError } from '../errors.js';

export type SplashCommand = { kind: 'progress'; percent: number } | { kind: 'msg'; text: string } | { kind: 'quit' };

export type ParsedLine = SplashCommand | { kind: 'invalid'; line: string; reason: string };

/**
 * The longest command, in bytes of UTF-8 without its line end. Far more than a message
 * line can show; it fits psplash's 2 KiB command buffer, and with its line end it stays
 * under PIPE_BUF (4096 on Linux), so each command is one atomic write that cannot
 * interleave with another writer's.
 */
export const MAX_COMMAND_BYTES = 1024;

const COMMAND_FORMS = 'send PROGRESS <0-100>, MSG <text> or QUIT';

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
 * The bytes a client sends for `command`: checked first, so the person typing it sees
 * why it is refused (ArgumentError), and ended with a newline. Line ends and NULs inside
 * it become spaces, since either would end the command early.
 */
export function encodeCommand(command: string): Buffer {
  const parsed = parseCommand(command);
  if (!parsed) throw new ArgumentError('EINVAL', 'empty splash command', COMMAND_FORMS);
  if (parsed.kind === 'invalid') throw new ArgumentError('EINVAL', `splash command ${quoteLine(command)}: ${parsed.reason}`, COMMAND_FORMS);
  const line = command.replace(/[\n\0]/g, ' ');
  const bytes = Buffer.byteLength(line);
  if (bytes > MAX_COMMAND_BYTES) {
    throw new ArgumentError(
      'E2BIG',
      `splash command of ${bytes} bytes: the limit is ${MAX_COMMAND_BYTES}`,
      'shorten the MSG text; one line of the screen shows far less',
    );
  }
  return Buffer.from(`${line}\n`);
}

/** How many characters of a refused line a message quotes. */
const QUOTED_CHARS = 80;

/**
 * A line as a message may quote it: in quotes, cut to 80 characters, with control
 * characters written as \xNN, so garbage from the FIFO can neither flood the log nor
 * steer the terminal it is read on (escape sequences, carriage returns).
 */
export function quoteLine(line: string): string {
  const chars = [...line];
  const shown = chars
    .slice(0, QUOTED_CHARS)
    .join('')
    .replace(/[\x00-\x1f\x7f-\x9f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return `'${shown}${chars.length > QUOTED_CHARS ? '…' : ''}'`;
}

/** A line longer than the splitter's limit: dropped, with its start kept for the report. */
export interface TooLong {
  tooLong: string;
}

/**
 * Cuts a byte stream into command lines. A line longer than `maxLine` bytes is dropped
 * whole, up to its line end, and reported once; a writer that never ends its line
 * cannot grow memory without bound.
 */
export class CommandSplitter {
  #decoder = new StringDecoder('utf8');
  #partial = '';
  /** The rest of a line already reported as too long is being dropped. */
  #skipping = false;

  constructor(readonly maxLine = MAX_COMMAND_BYTES) {}

  /** Returns the complete lines in `chunk`, with a TooLong in place of each dropped one. */
  push(chunk: Uint8Array | string): Array<string | TooLong> {
    const text = this.#partial + (typeof chunk === 'string' ? chunk : this.#decoder.write(chunk as Buffer));
    const parts = text.split(/[\n\0]/);
    let partial = parts.pop() ?? '';
    const out: Array<string | TooLong> = [];
    for (const line of parts) {
      if (this.#skipping)
        this.#skipping = false; // the end of the dropped line
      else out.push(Buffer.byteLength(line) > this.maxLine ? { tooLong: line } : line);
    }
    if (this.#skipping) {
      partial = '';
    } else if (Buffer.byteLength(partial) > this.maxLine) {
      out.push({ tooLong: partial });
      partial = '';
      this.#skipping = true;
    }
    this.#partial = partial;
    return out;
  }
}
