import { describe, expect, it } from 'vitest';
import { ArgumentError } from '../../src/errors.js';
import { CommandSplitter, encodeCommand, MAX_COMMAND_BYTES, parseCommand, quoteLine } from '../../src/splash/protocol.js';

describe('parseCommand', () => {
  it.each([
    ['PROGRESS 50', { kind: 'progress', percent: 50 }],
    ['progress 0', { kind: 'progress', percent: 0 }],
    ['PROGRESS 100\r', { kind: 'progress', percent: 100 }],
    ['PROGRESS  12.5 ', { kind: 'progress', percent: 12.5 }],
    ['MSG Starting network…', { kind: 'msg', text: 'Starting network…' }],
    ['MSG  two  spaces ', { kind: 'msg', text: ' two  spaces ' }],
    ['MSG', { kind: 'msg', text: '' }],
    ['QUIT', { kind: 'quit' }],
  ] as const)('%j', (line, want) => {
    expect(parseCommand(line)).toEqual(want);
  });

  it.each([
    ['PROGRESS', /needs a number/],
    ['PROGRESS -1', /needs a number/],
    ['PROGRESS 101', /above 100/],
    ['PROGRESS 5x', /needs a number/],
    ['QUIT now', /no argument/],
    ['HELLO', /unknown command/],
    ['\u0000\u00ff garbage', /unknown command/],
  ])('refuses %j', (line, reason) => {
    const parsed = parseCommand(line);
    expect(parsed?.kind).toBe('invalid');
    expect(parsed && 'reason' in parsed ? parsed.reason : '').toMatch(reason);
  });

  it('treats blank lines as nothing', () => {
    expect(parseCommand('')).toBeNull();
    expect(parseCommand('  \r')).toBeNull();
  });
});

describe('CommandSplitter', () => {
  it('splits on newline and on NUL (psplash-write), across chunk boundaries and inside UTF-8', () => {
    const s = new CommandSplitter();
    const msg = Buffer.from('MSG café\n');
    expect(s.push(Buffer.from('PROGRESS 1\0PROG'))).toEqual(['PROGRESS 1']);
    expect(s.push(Buffer.from('RESS 2\n'))).toEqual(['PROGRESS 2']);
    expect(s.push(msg.subarray(0, 8))).toEqual([]);
    expect(s.push(msg.subarray(8))).toEqual(['MSG café']);
  });

  it('drops a line that never ends instead of growing without bound, once, up to its end', () => {
    const s = new CommandSplitter(16);
    expect(s.push('x'.repeat(20))).toEqual([{ tooLong: 'x'.repeat(20) }]);
    // The rest of that line is not a command of its own.
    expect(s.push('y'.repeat(100))).toEqual([]);
    expect(s.push('yyy\nQUIT\n')).toEqual(['QUIT']);
  });

  it('drops a complete line over the limit too, counting UTF-8 bytes', () => {
    const s = new CommandSplitter(16);
    expect(s.push(`MSG ${'é'.repeat(6)}\nMSG ${'é'.repeat(7)}\nQUIT\n`)).toEqual([
      `MSG ${'é'.repeat(6)}`,
      { tooLong: `MSG ${'é'.repeat(7)}` },
      'QUIT',
    ]);
  });

  it('takes commands up to MAX_COMMAND_BYTES by default', () => {
    const s = new CommandSplitter();
    const longest = `MSG ${'x'.repeat(MAX_COMMAND_BYTES - 4)}`;
    expect(s.push(`${longest}\n${longest}x\n`)).toEqual([longest, { tooLong: `${longest}x` }]);
  });
});

describe('encodeCommand', () => {
  it('ends the command with a newline; line ends and NULs inside become spaces', () => {
    expect(encodeCommand('PROGRESS 5').toString()).toBe('PROGRESS 5\n');
    expect(encodeCommand('MSG two\nlines\0').toString()).toBe('MSG two lines \n');
  });

  it('refuses empty and malformed commands as bad arguments', () => {
    expect(() => encodeCommand('  ')).toThrow(ArgumentError);
    expect(() => encodeCommand('PROGRESS lots')).toThrow(/'PROGRESS lots': PROGRESS needs a number/);
  });

  it('refuses a command over MAX_COMMAND_BYTES, without quoting it', () => {
    const longest = `MSG ${'é'.repeat((MAX_COMMAND_BYTES - 4) / 2)}`;
    expect(encodeCommand(longest)).toHaveLength(MAX_COMMAND_BYTES + 1);
    let error: unknown;
    try {
      encodeCommand(`MSG ${'x'.repeat(100_000)}`);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ArgumentError);
    expect((error as Error).message).toMatch(/^splash command of 100004 bytes: the limit is 1024\n/);
    expect(() => encodeCommand(`${longest}é`)).toThrow(/of 1026 bytes/);
  });
});

describe('quoteLine', () => {
  it('writes control characters as \\xNN and leaves other text alone', () => {
    expect(quoteLine('MSG \x1b[2J\r\x00\x7f\x9b café ✓')).toBe("'MSG \\x1b[2J\\x0d\\x00\\x7f\\x9b café ✓'");
  });

  it('cuts at 80 characters, not inside one', () => {
    expect(quoteLine('x'.repeat(80))).toBe(`'${'x'.repeat(80)}'`);
    expect(quoteLine('x'.repeat(81))).toBe(`'${'x'.repeat(80)}…'`);
    expect(quoteLine('😀'.repeat(100))).toBe(`'${'😀'.repeat(80)}…'`);
  });
});
