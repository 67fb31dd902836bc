/**
 * Parsers for the values the drawing commands take on the command line. Each one throws
 * a usage failure (exit code 2) whose one-line message names the option, the bad text
 * and the accepted forms, so a typo never reaches the device.
 *
 * Colors (the result is a 0xAARRGGBB number, as everywhere in the library):
 *   - a name, case-insensitive: the CSS names in NAMED_COLORS below, plus `transparent`
 *     (0x00000000); `grey` and `gray` are both accepted wherever CSS accepts both;
 *   - `#rgb`        each digit doubled, opaque:          #f80      -> 0xffff8800
 *   - `#rrggbb`     opaque:                              #ff8000   -> 0xffff8000
 *   - `0xRRGGBB`    opaque (6 digits):                   0xff8000  -> 0xffff8000
 *   - `0xAARRGGBB`  exactly as written (8 digits):       0x80ff8000
 *   `#` with 4 or 8 digits is refused: CSS reads it as #rrggbbaa and other tools as
 *   #aarrggbb, so the message asks for the unambiguous 0xAARRGGBB instead.
 * Rectangles: `x,y,w,h` in pixels; x and y are integers (negative is allowed, the
 *   drawing is clipped), w and h are integers >= 0.
 * Fit modes: none | contain | cover | stretch.
 * Devices (--device): whatever Framebuffer.fromDeviceSpec takes: /dev/fbN,
 *   virtual:NAME (a fixture in fixtures/devices), file:PATH[?geometry=NAME|FILE.json].
 */
import { Option } from 'commander';
import { ArgumentError } from '../errors.js';
import { Framebuffer, type OpenOptions } from '../display/framebuffer.js';
import { GeometryError } from '../display/geometry.js';
import { writeFileSync } from 'node:fs';
import { writePng } from '../codecs/png.js';
import type { Surface } from '../draw/surface.js';
import { CliFailure } from './io.js';

/** A mistake in what the user typed: printed as one line, exit code 2. */
export function usageError(message: string): CliFailure {
  return new CliFailure(message, 2);
}

/**
 * The CSS named colors a console user is likely to type (the CSS 2.1 basic set and
 * common extended names), as 0xRRGGBB; all are opaque.
 */
const NAMED_COLORS: Readonly<Record<string, number>> = {
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
};

const COLOR_FORMS = 'a name (red, navy, transparent...), #rgb, #rrggbb, 0xRRGGBB or 0xAARRGGBB';

/** Parses a color as documented at the top of this file; `what` names the option in errors. */
/** A `--background`-style color option whose help shows the default by name, not as a number. */
export function colorOption(flags: string, description: string, defaultColor: number, defaultName: string): Option {
  const name = flags.split(/[ ,]/)[0];
  return new Option(flags, description).argParser((text: string) => parseColor(text, name)).default(defaultColor, defaultName);
}

export function parseColor(text: string, what = 'color'): number {
  const t = text.trim().toLowerCase();
  if (t === 'transparent') return 0;
  const named = NAMED_COLORS[t];
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
      throw usageError(`${what} '${text}' is ambiguous: # with ${digits.length} digits means #rrggbbaa in CSS but #aarrggbb elsewhere; write 0xAARRGGBB`);
    }
  }
  const hex = /^0x([0-9a-f]+)$/.exec(t);
  if (hex) {
    const digits = hex[1]!;
    if (digits.length === 6) return (0xff000000 | parseInt(digits, 16)) >>> 0;
    if (digits.length === 8) return parseInt(digits, 16) >>> 0;
  }
  throw usageError(`${what} '${text}' is not a color: use ${COLOR_FORMS}`);
}

/** The names parseColor knows, for help texts. */
export function colorNames(): string[] {
  return ['transparent', ...Object.keys(NAMED_COLORS)];
}

export interface CliRect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Parses `x,y,w,h`; x and y may be negative, w and h must be >= 0. */
export function parseRect(text: string, what = '--rect'): CliRect {
  const parts = text.split(',').map((p) => p.trim());
  const ints = parts.map((p) => (/^[+-]?\d+$/.test(p) ? Number(p) : NaN));
  if (parts.length !== 4 || ints.some((n) => !Number.isSafeInteger(n))) {
    throw usageError(`${what} '${text}' is not a rectangle: use x,y,w,h in whole pixels, e.g. 0,0,640,480`);
  }
  const [x, y, w, h] = ints as [number, number, number, number];
  if (w < 0 || h < 0) throw usageError(`${what} '${text}' has a negative size: w and h must be >= 0`);
  return { x, y, w, h };
}

export const FIT_MODES = ['none', 'contain', 'cover', 'stretch'] as const;
export type FitMode = (typeof FIT_MODES)[number];

export function parseFit(text: string, what = '--fit'): FitMode {
  const t = text.trim().toLowerCase();
  if ((FIT_MODES as readonly string[]).includes(t)) return t as FitMode;
  throw usageError(`${what} '${text}' is not a fit mode: use ${FIT_MODES.join(', ')}`);
}

export const DEVICE_HELP = 'framebuffer: /dev/fbN, virtual:NAME or file:PATH[?geometry=NAME|FILE.json] (default /dev/fb0)';

/**
 * Opens the --device framebuffer (default /dev/fb0). A spec that is wrong in itself (an
 * unknown kind, a bad geometry) is a usage failure; a device that cannot be opened (no
 * such file, no permission) stays a SysError, whose hint says what to do.
 */
export function openDevice(spec: string | undefined, opts: OpenOptions = {}): Framebuffer {
  try {
    return Framebuffer.fromDeviceSpec(spec ?? '/dev/fb0', opts);
  } catch (err) {
    if (err instanceof ArgumentError || err instanceof GeometryError) {
      const [first] = err.message.split('\n');
      throw usageError(`--device '${spec}': ${first}${err.hint ? ` (${err.hint})` : ''}`);
    }
    throw err;
  }
}

/** Writes `surface` as a PNG file; a path that cannot be written is a one-line failure. */
export function savePng(path: string, surface: Surface): void {
  const png = writePng(surface);
  try {
    writeFileSync(path, png);
  } catch (err) {
    throw new CliFailure(`cannot write ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, 1);
  }
}

/** Addresses and values as busybox's bb_strtoull(text, NULL, 0) reads them: 0x hex, 0 octal or decimal. */
export function parseBusyboxNumber(verb: string, text: string, what: string): bigint {
  let digits: string;
  if (/^0[xX][0-9a-fA-F]+$/.test(text)) digits = text;
  else if (/^0[0-7]*$/.test(text)) digits = `0o${text.slice(1) || '0'}`;
  else if (/^[1-9][0-9]*$/.test(text)) digits = text;
  else throw usageError(`${verb}: ${what} '${text}' is not a number: use 0x hex, 0 octal or decimal`);
  const n = BigInt(digits);
  if (n >= 1n << 64n) throw usageError(`${verb}: ${what} '${text}' does not fit in 64 bits`);
  return n;
}
