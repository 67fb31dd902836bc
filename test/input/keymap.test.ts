import { describe, expect, it } from 'vitest';
import { keysFor, UsKeymap } from '../../src/input/keymap.js';

describe('UsKeymap', () => {
  it('types letters, digits and signs, shifted with either shift', () => {
    const k = new UsKeymap();
    expect(['KEY_H', 'KEY_1', 'KEY_SLASH', 'KEY_SPACE', 'KEY_ENTER'].map((key) => k.feed(key, 'press'))).toEqual([
      'h',
      '1',
      '/',
      ' ',
      '\n',
    ]);
    k.feed('KEY_RIGHTSHIFT', 'press');
    expect(['KEY_H', 'KEY_1', 'KEY_SLASH', 'KEY_APOSTROPHE'].map((key) => k.feed(key, 'press'))).toEqual(['H', '!', '?', '"']);
    k.feed('KEY_RIGHTSHIFT', 'release');
    expect(k.feed('KEY_H', 'repeat')).toBe('h');
  });

  it('caps lock shifts letters only, and shift undoes it', () => {
    const k = new UsKeymap();
    k.feed('KEY_CAPSLOCK', 'press');
    k.feed('KEY_CAPSLOCK', 'release');
    expect(k.capsLock).toBe(true);
    expect([k.feed('KEY_A', 'press'), k.feed('KEY_1', 'press')]).toEqual(['A', '1']);
    k.feed('KEY_LEFTSHIFT', 'press');
    expect([k.feed('KEY_A', 'press'), k.feed('KEY_1', 'press')]).toEqual(['a', '!']);
  });

  it('types nothing on release, for keys without text, or while Ctrl/Alt/Meta is held', () => {
    const k = new UsKeymap();
    expect([k.feed('KEY_A', 'release'), k.feed('KEY_F1', 'press'), k.feed('KEY_BACKSPACE', 'press')]).toEqual(['', '', '']);
    k.feed('KEY_LEFTCTRL', 'press');
    expect(k.feed('KEY_C', 'press')).toBe('');
  });

  it('keysFor is the inverse for every printable ASCII character', () => {
    for (let c = 0x20; c < 0x7f; c++) {
      const ch = String.fromCharCode(c);
      const keys = keysFor(ch)!;
      const k = new UsKeymap();
      let typed = '';
      for (const key of keys) typed = k.feed(key, 'press');
      expect(typed, JSON.stringify(ch)).toBe(ch);
    }
    expect(keysFor('é')).toBeUndefined();
  });
});
