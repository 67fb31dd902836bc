/**
 * The text keys type, under the US layout: shift (either), caps lock (letters only, as on
 * a PC), and nothing while Ctrl, Alt or Meta is held (those are shortcuts, not text). The
 * keypad types its digits and signs as if Num Lock were on (kiosks have no Num Lock LED to
 * look at). Keys that type nothing (arrows, F1, Backspace) give no text; the application
 * acts on their names.
 */

/** KEY_ name -> [unshifted, shifted]. */
const US: Readonly<Record<string, readonly [string, string]>> = {
  KEY_GRAVE: ['`', '~'],
  KEY_1: ['1', '!'],
  KEY_2: ['2', '@'],
  KEY_3: ['3', '#'],
  KEY_4: ['4', '$'],
  KEY_5: ['5', '%'],
  KEY_6: ['6', '^'],
  KEY_7: ['7', '&'],
  KEY_8: ['8', '*'],
  KEY_9: ['9', '('],
  KEY_0: ['0', ')'],
  KEY_MINUS: ['-', '_'],
  KEY_EQUAL: ['=', '+'],
  KEY_LEFTBRACE: ['[', '{'],
  KEY_RIGHTBRACE: [']', '}'],
  KEY_BACKSLASH: ['\\', '|'],
  KEY_SEMICOLON: [';', ':'],
  KEY_APOSTROPHE: ["'", '"'],
  KEY_COMMA: [',', '<'],
  KEY_DOT: ['.', '>'],
  KEY_SLASH: ['/', '?'],
  KEY_SPACE: [' ', ' '],
  KEY_TAB: ['\t', '\t'],
  KEY_ENTER: ['\n', '\n'],
  KEY_KPENTER: ['\n', '\n'],
  KEY_KPSLASH: ['/', '/'],
  KEY_KPASTERISK: ['*', '*'],
  KEY_KPMINUS: ['-', '-'],
  KEY_KPPLUS: ['+', '+'],
  KEY_KPDOT: ['.', '.'],
  KEY_KPEQUAL: ['=', '='],
  KEY_KPCOMMA: [',', ','],
};
const KEYPAD_DIGITS: Readonly<Record<string, readonly [string, string]>> = Object.fromEntries(
  [...'0123456789'].map((digit) => [`KEY_KP${digit}`, [digit, digit]]),
);

const SHIFT = new Set(['KEY_LEFTSHIFT', 'KEY_RIGHTSHIFT']);
const SHORTCUT = new Set(['KEY_LEFTCTRL', 'KEY_RIGHTCTRL', 'KEY_LEFTALT', 'KEY_RIGHTALT', 'KEY_LEFTMETA', 'KEY_RIGHTMETA']);

/** Modifier state of one keyboard, fed every key event; says what each press types. */
export class UsKeymap {
  readonly #held = new Set<string>();
  #capsLock = false;

  get capsLock(): boolean {
    return this.#capsLock;
  }

  /** Feeds one key event; returns the text it types ('' for none). */
  feed(key: string, action: 'press' | 'repeat' | 'release'): string {
    if (action === 'release') {
      this.#held.delete(key);
      return '';
    }
    if (action === 'press') {
      this.#held.add(key);
      if (key === 'KEY_CAPSLOCK') this.#capsLock = !this.#capsLock;
    }
    return this.textOf(key);
  }

  /** What `key` types with the modifiers held now. */
  textOf(key: string): string {
    if ([...this.#held].some((k) => SHORTCUT.has(k))) return '';
    const shift = [...this.#held].some((k) => SHIFT.has(k));
    const letter = /^KEY_([A-Z])$/.exec(key);
    if (letter) return shift !== this.#capsLock ? letter[1]! : letter[1]!.toLowerCase();
    const pair = US[key] ?? KEYPAD_DIGITS[key];
    return pair ? pair[shift ? 1 : 0] : '';
  }

  /** Forgets held keys (after a resync says they are up, or the device went away). */
  release(key: string): void {
    this.#held.delete(key);
  }
}

/** The keys that type `ch` on a US keyboard, modifier first (['KEY_LEFTSHIFT', 'KEY_A'] for 'A'); undefined if none does. */
export function keysFor(ch: string): string[] | undefined {
  if (/^[a-z]$/.test(ch)) return [`KEY_${ch.toUpperCase()}`];
  if (/^[A-Z]$/.test(ch)) return ['KEY_LEFTSHIFT', `KEY_${ch}`];
  for (const [key, [plain, shifted]] of Object.entries(US)) {
    if (plain === ch) return [key];
    if (shifted === ch) return ['KEY_LEFTSHIFT', key];
  }
  return undefined;
}
