import { describe, expect, it } from 'vitest';
import { CommandSplitter, parseCommand } from '../../src/splash/protocol.js';

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

  it('drops a line that never ends instead of growing without bound', () => {
    const s = new CommandSplitter(16);
    expect(s.push('x'.repeat(20))).toEqual([{ overflow: 20 }]);
    expect(s.push('QUIT\n')).toEqual(['QUIT']);
  });
});
