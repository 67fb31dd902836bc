/**
 * Parsers for the values the drawing commands take on the command line. Each one throws
 * a usage failure (exit code 2) whose one-line message names the option, the bad text
 * and the accepted forms, so a typo never reaches the device.
 *
 * Colors: src/raster/color.ts has the rules (names, #rgb, #rrggbb, 0xRRGGBB, 0xAARRGGBB).
 * Rectangles: `x,y,w,h` in pixels; x and y are integers (negative is allowed, the
 *   drawing is clipped), w and h are integers >= 0.
 * Fit modes: none | contain | cover | stretch.
 * Rotation (--rotate): 0 | 90 | 180 | 270, degrees clockwise the screen shows the drawing
 *   turned by (raster/rotation.ts).
 * Devices (--device): whatever Framebuffer.fromDeviceSpec takes: /dev/fbN,
 *   virtual:NAME (a fixture in fixtures/devices), file:PATH[?geometry=NAME|FILE.json];
 *   display-options.ts opens them, image-files.ts reads and writes the PNG files named.
 * Nothing here loads a device or codec module, so a verb gets only the code it uses.
 */
import { Option } from 'commander';
import { ArgumentError } from '../errors.js';
import { parseColor } from '../raster/color.js';
import { ROTATIONS, type Rotation } from '../raster/rotation.js';
import { CliFailure } from './io.js';

/** A mistake in what the user typed: printed as one line, exit code 2. */
export function usageError(message: string, hint?: string): CliFailure {
  return new CliFailure(message, 2, hint);
}

/** A color option or argument: parseColor's rules, a mistake is a usage failure. */
export function colorArg(text: string, what = 'color'): number {
  try {
    return parseColor(text, what);
  } catch (err) {
    if (err instanceof ArgumentError) throw CliFailure.from(err, '', 2);
    throw err;
  }
}

/** A `--background`-style color option whose help shows the default by name, not as a number. */
export function colorOption(flags: string, description: string, defaultColor: number, defaultName: string): Option {
  const name = flags.split(/[ ,]/)[0];
  return new Option(flags, description).argParser((text: string) => colorArg(text, name)).default(defaultColor, defaultName);
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

const FIT_MODES = ['none', 'contain', 'cover', 'stretch'] as const;
export type FitMode = (typeof FIT_MODES)[number];

export function parseFit(text: string, what = '--fit'): FitMode {
  const t = text.trim().toLowerCase();
  if ((FIT_MODES as readonly string[]).includes(t)) return t as FitMode;
  throw usageError(`${what} '${text}' is not a fit mode: use ${FIT_MODES.join(', ')}`);
}

/** Parses --rotate: exactly 0, 90, 180 or 270. */
function parseRotation(text: string, what = '--rotate'): Rotation {
  const found = ROTATIONS.find((r) => String(r) === text.trim());
  if (found !== undefined) return found;
  throw usageError(`${what} '${text}' is not a rotation`, `use ${ROTATIONS.join(', ')} (degrees clockwise)`);
}

/** The --rotate option every drawing verb shares. */
export function rotateOption(description = 'draw turned by 0, 90, 180 or 270 degrees clockwise (a panel mounted on its side)'): Option {
  return new Option('--rotate <degrees>', description).argParser((text: string) => parseRotation(text)).default(0 as Rotation);
}

export const FONT_HELP = 'a .ttf/.otf/.woff file or an installed family name, e.g. "DejaVu Sans"';

/** The family commands use when --font is not given. */
export const DEFAULT_FAMILY = 'DejaVu Sans';

export const DEVICE_HELP =
  'framebuffer: /dev/fbN, virtual:NAME or file:PATH[?geometry=NAME|FILE.json] (default /dev/fb0; in file: specs write ? as %3F and % as %25)';

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
