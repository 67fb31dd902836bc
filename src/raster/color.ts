/**
 * Colors as people write them, to fbkit's 0xAARRGGBB numbers. One set of rules for the CLI,
 * geometry files and the API:
 *   - a name, case-insensitive: the CSS names below, plus `transparent` (0x00000000);
 *     `grey` and `gray` are both accepted wherever CSS accepts both;
 *   - `#rgb`        each digit doubled, opaque:          #f80      -> 0xffff8800
 *   - `#rrggbb`     opaque:                              #ff8000   -> 0xffff8000
 *   - `0xRRGGBB`    opaque (6 digits):                   0xff8000  -> 0xffff8000
 *   - `0xAARRGGBB`  exactly as written (8 digits):       0x80ff8000
 * `#` with 4 or 8 digits is refused: CSS reads it as #rrggbbaa and other tools as
 * #aarrggbb, so the message asks for the unambiguous 0xAARRGGBB instead.
 */
import { ArgumentError } from '../errors.js';

/**
 * The CSS named colors a console user is likely to type (the CSS 2.1 basic set and
 * common extended names), as 0xRRGGBB; all are opaque. A Map, so that names such as
 * `constructor` or `__proto__` are never found on an object's prototype.
 */
const NAMED_COLORS: ReadonlyMap<string, number> = new Map(
  Object.entries({
    black: 0x000000,
    silver: 0xc0c0c0,
    gray: 0x808080,
    grey: 0x808080,
    white: 0xffffff,
    maroon: 0x800000,
    red: 0xff0000,
    purple: 0x800080,
    fuchsia: 0xff00ff,
    magenta: 0xff00ff,
    green: 0x008000,
    lime: 0x00ff00,
    olive: 0x808000,
    yellow: 0xffff00,
    navy: 0x000080,
    blue: 0x0000ff,
    teal: 0x008080,
    aqua: 0x00ffff,
    cyan: 0x00ffff,
    orange: 0xffa500,
    darkgray: 0xa9a9a9,
    darkgrey: 0xa9a9a9,
    lightgray: 0xd3d3d3,
    lightgrey: 0xd3d3d3,
    dimgray: 0x696969,
    dimgrey: 0x696969,
    brown: 0xa52a2a,
    pink: 0xffc0cb,
    gold: 0xffd700,
    indigo: 0x4b0082,
    violet: 0xee82ee,
    coral: 0xff7f50,
    salmon: 0xfa8072,
    crimson: 0xdc143c,
    tomato: 0xff6347,
    orangered: 0xff4500,
    darkred: 0x8b0000,
    darkgreen: 0x006400,
    darkblue: 0x00008b,
    skyblue: 0x87ceeb,
    steelblue: 0x4682b4,
    royalblue: 0x4169e1,
    midnightblue: 0x191970,
    cornflowerblue: 0x6495ed,
    turquoise: 0x40e0d0,
    khaki: 0xf0e68c,
    beige: 0xf5f5dc,
    ivory: 0xfffff0,
    tan: 0xd2b48c,
    chocolate: 0xd2691e,
    slategray: 0x708090,
    slategrey: 0x708090,
    rebeccapurple: 0x663399,
  }),
);

const COLOR_FORMS = 'a name (red, navy, transparent...), #rgb, #rrggbb, 0xRRGGBB or 0xAARRGGBB';

/** Parses a color as documented above; `what` names the value in errors (ArgumentError 'ECOLOR'). */
export function parseColor(text: string, what = 'color'): number {
  const t = text.trim().toLowerCase();
  if (t === 'transparent') return 0;
  const named = NAMED_COLORS.get(t);
  if (named !== undefined) return (0xff000000 | named) >>> 0;
  const hash = /^#([0-9a-f]+)$/.exec(t);
  if (hash) {
    const digits = hash[1]!;
    if (digits.length === 3) {
      const [r, g, b] = [...digits].map((d) => parseInt(d, 16) * 0x11);
      return (0xff000000 | (r! << 16) | (g! << 8) | b!) >>> 0;
    }
    if (digits.length === 6) return (0xff000000 | parseInt(digits, 16)) >>> 0;
    if (digits.length === 4 || digits.length === 8) {
      throw new ArgumentError(
        'ECOLOR',
        `${what} '${text}' is ambiguous: # with ${digits.length} digits means #rrggbbaa in CSS but #aarrggbb elsewhere; write 0xAARRGGBB`,
      );
    }
  }
  const hex = /^0x([0-9a-f]+)$/.exec(t);
  if (hex) {
    const digits = hex[1]!;
    if (digits.length === 6) return (0xff000000 | parseInt(digits, 16)) >>> 0;
    if (digits.length === 8) return parseInt(digits, 16) >>> 0;
  }
  throw new ArgumentError('ECOLOR', `${what} '${text}' is not a color: use ${COLOR_FORMS}`);
}

/** The names parseColor knows, for help texts. */
export function colorNames(): string[] {
  return ['transparent', ...NAMED_COLORS.keys()];
}
