/**
 * Geometry descriptions: the JSON form of a framebuffer's var + fix screeninfo, used by
 * the virtual framebuffer, by `fixtures/devices/*.json` and by the sidecar file written
 * next to a file-backed framebuffer. Field names are the kernel's (and so `fbset -i`'s
 * values line up with them); anything omitted gets the value a simple driver would report.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { emptyFix, emptyVar, FB_TYPE, FB_VISUAL, type FbBitfield, type FixScreeninfo, type VarScreeninfo } from '../sys/linux-fb.js';
import { ArgumentError, FbkitError } from '../errors.js';
import { parseColor } from '../raster/color.js';
import { fileType } from '../mmio/file-type.js';
import { installedPath } from './installed.js';

export interface FbGeometry {
  /** What this geometry models and where its numbers come from (fixtures only). */
  description?: string;
  id?: string;
  xres: number;
  yres: number;
  xres_virtual?: number;
  yres_virtual?: number;
  xoffset?: number;
  yoffset?: number;
  bits_per_pixel: number;
  grayscale?: number;
  red?: Partial<FbBitfield>;
  green?: Partial<FbBitfield>;
  blue?: Partial<FbBitfield>;
  transp?: Partial<FbBitfield>;
  nonstd?: number;
  /** FB_TYPE_* as a number or its name ('PACKED_PIXELS'). */
  type?: number | string;
  type_aux?: number;
  /** FB_VISUAL_* as a number or its name ('TRUECOLOR'); default from bpp and bitfields. */
  visual?: number | string;
  /** Bytes per line; default: xres_virtual * bpp rounded up to `pitch_align`. */
  line_length?: number;
  /** Bytes of framebuffer memory; default line_length * yres_virtual. */
  smem_len?: number;
  /** Physical addresses as numbers or hex strings ('0xfd000000'). */
  smem_start?: number | string;
  mmio_start?: number | string;
  mmio_len?: number;
  xpanstep?: number;
  ypanstep?: number;
  ywrapstep?: number;
  accel?: number;
  capabilities?: number;
  activate?: number;
  height?: number;
  width?: number;
  accel_flags?: number;
  pixclock?: number;
  left_margin?: number;
  right_margin?: number;
  upper_margin?: number;
  lower_margin?: number;
  hsync_len?: number;
  vsync_len?: number;
  sync?: number;
  vmode?: number;
  rotate?: number;
  colorspace?: number;
  /** How the modelled driver pads lines when the mode changes (bytes; default 4, as vfb). */
  pitch_align?: number;
  /** The driver has no check_var: FBIOPUT_VSCREENINFO leaves the mode as it is (efifb, simplefb). */
  fixed_mode?: boolean;
  /** Colormap for palette visuals: 0xAARRGGBB numbers or '#rrggbb' strings, index = pixel value. */
  palette?: (number | string)[];
}

/** A geometry that is wrong in itself or does not fit the device's memory. */
export class GeometryError extends FbkitError {
  constructor(message: string, hint: string) {
    super('EGEOMETRY', message, hint);
  }
}

export interface Screeninfo {
  var: VarScreeninfo;
  fix: FixScreeninfo;
  /** 0xAARRGGBB entries, only for geometries that give one. */
  palette?: Uint32Array;
  pitchAlign: number;
  fixedMode: boolean;
}

const VAR_NUMBER_KEYS = [
  'xoffset',
  'yoffset',
  'grayscale',
  'nonstd',
  'activate',
  'height',
  'width',
  'accel_flags',
  'pixclock',
  'left_margin',
  'right_margin',
  'upper_margin',
  'lower_margin',
  'hsync_len',
  'vsync_len',
  'sync',
  'vmode',
  'rotate',
  'colorspace',
] as const;
const FIX_NUMBER_KEYS = ['type_aux', 'mmio_len', 'xpanstep', 'ypanstep', 'ywrapstep', 'accel', 'capabilities'] as const;

function whole(value: unknown, what: string, max = 0xffffffff): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) {
    throw new GeometryError(
      `${what} must be a whole number from 0 to ${max}, got ${JSON.stringify(value)}`,
      'fix the geometry description',
    );
  }
  return value;
}

function enumValue(value: number | string | undefined, table: Record<string, number>, what: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value === 'number') return whole(value, what);
  if (typeof value !== 'string')
    throw new GeometryError(
      `${what} must be a number or a name, got ${JSON.stringify(value)}`,
      `use one of ${Object.keys(table).join(', ')} or its number`,
    );
  const key = value
    .trim()
    .toUpperCase()
    .replace(/[\s-]+/g, '_');
  const found = table[key];
  if (found === undefined) {
    throw new GeometryError(`unknown ${what} '${value}'`, `use one of ${Object.keys(table).join(', ')} or its number`);
  }
  return found;
}

function address(value: number | string | undefined, what: string): bigint {
  if (value === undefined) return 0n;
  // BigInt() would also take true, [] and '' (as 1 and 0).
  const text = typeof value === 'number' || typeof value === 'string' ? String(value).trim() : '';
  try {
    const n = text === '' ? -1n : BigInt(text);
    if (n >= 0n && n < 2n ** 64n) return n;
  } catch {
    // reported below
  }
  throw new GeometryError(`${what} ${JSON.stringify(value)} is not an address`, 'give a number or a hex string such as "0xfd000000"');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A bitfield object; `"red": 5` is refused (it would otherwise read as a zero-length field). */
function field(spec: unknown, what: string): FbBitfield {
  if (!isObject(spec)) {
    throw new GeometryError(
      `${what} must be an object such as {"offset": 16, "length": 8}, got ${JSON.stringify(spec)}`,
      'give offset, length (and msb_right) of the channel, or leave it out for the usual layout',
    );
  }
  return {
    offset: whole(spec.offset ?? 0, `${what}.offset`, 32),
    length: whole(spec.length ?? 0, `${what}.length`, 32),
    msb_right: whole(spec.msb_right ?? 0, `${what}.msb_right`),
  };
}

/** Bitfields most drivers report for a depth when a description does not give them. */
export function defaultBitfields(bpp: number): Pick<VarScreeninfo, 'red' | 'green' | 'blue' | 'transp'> {
  const f = (offset: number, length: number): FbBitfield => ({ offset, length, msb_right: 0 });
  switch (bpp) {
    case 32:
      return { red: f(16, 8), green: f(8, 8), blue: f(0, 8), transp: f(0, 0) };
    case 24:
      return { red: f(16, 8), green: f(8, 8), blue: f(0, 8), transp: f(0, 0) };
    case 16:
      return { red: f(11, 5), green: f(5, 6), blue: f(0, 5), transp: f(0, 0) };
    case 15:
      return { red: f(10, 5), green: f(5, 5), blue: f(0, 5), transp: f(0, 0) };
    default:
      return { red: f(0, bpp), green: f(0, bpp), blue: f(0, bpp), transp: f(0, 0) };
  }
}

/** The visual a driver would report: palettes up to 8 bpp, truecolor above. */
export function defaultVisual(bpp: number, grayscale: number): number {
  if (bpp > 8 || grayscale === 1) return FB_VISUAL.TRUECOLOR;
  return FB_VISUAL.PSEUDOCOLOR;
}

/** Bytes per line as a driver that pads to `align` bytes computes it. */
export function lineLength(xresVirtual: number, bpp: number, align: number): number {
  return Math.ceil(Math.ceil((xresVirtual * bpp) / 8) / align) * align;
}

/** A palette entry: a number (0xRRGGBB, opaque, or 0xAARRGGBB) or any color string parseColor reads. */
function paletteColor(value: number | string, what: string): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 0xffffffff) {
    return (value > 0xffffff ? value : 0xff000000 | value) >>> 0;
  }
  if (typeof value === 'string') {
    try {
      return parseColor(value, what);
    } catch (err) {
      if (err instanceof ArgumentError) throw new GeometryError(err.message, "use '#rrggbb' or a 0xAARRGGBB number");
      throw err;
    }
  }
  throw new GeometryError(`${what} ${JSON.stringify(value)} is not a color`, "use '#rrggbb' or a 0xAARRGGBB number");
}

/** Fills in a geometry description as a driver would and returns kernel-shaped structs. */
export function screeninfoFromGeometry(g: FbGeometry): Screeninfo {
  if (!isObject(g))
    throw new GeometryError(`a geometry must be an object, got ${JSON.stringify(g)}`, 'see fixtures/devices/*.json for examples');
  const v = emptyVar();
  const f = emptyFix();
  v.xres = whole(g.xres, 'xres');
  v.yres = whole(g.yres, 'yres');
  v.bits_per_pixel = whole(g.bits_per_pixel, 'bits_per_pixel');
  v.xres_virtual = whole(g.xres_virtual ?? v.xres, 'xres_virtual');
  v.yres_virtual = whole(g.yres_virtual ?? v.yres, 'yres_virtual');
  for (const key of VAR_NUMBER_KEYS) if (g[key] !== undefined) v[key] = whole(g[key], key);
  const defaults = defaultBitfields(v.bits_per_pixel);
  for (const key of ['red', 'green', 'blue', 'transp'] as const) v[key] = g[key] === undefined ? defaults[key] : field(g[key], key);
  const pitchAlign = whole(g.pitch_align ?? 4, 'pitch_align');
  if (pitchAlign < 1) throw new GeometryError('pitch_align must be at least 1', 'give the byte alignment of a line (4 for vfb)');
  if (g.id !== undefined && typeof g.id !== 'string')
    throw new GeometryError(`id must be a string, got ${JSON.stringify(g.id)}`, 'give the driver name, e.g. "Virtual FB"');
  // fb_fix_screeninfo.id is char[16].
  f.id = (g.id ?? 'virtual').slice(0, 16);
  f.type = enumValue(g.type, FB_TYPE, 'type', FB_TYPE.PACKED_PIXELS);
  f.visual = enumValue(g.visual, FB_VISUAL, 'visual', defaultVisual(v.bits_per_pixel, v.grayscale));
  f.line_length = whole(g.line_length ?? lineLength(v.xres_virtual, v.bits_per_pixel, pitchAlign), 'line_length');
  f.smem_len = whole(g.smem_len ?? f.line_length * v.yres_virtual, 'smem_len');
  f.smem_start = address(g.smem_start, 'smem_start');
  f.mmio_start = address(g.mmio_start, 'mmio_start');
  for (const key of FIX_NUMBER_KEYS)
    if (g[key] !== undefined) f[key] = whole(g[key], key, key === 'mmio_len' || key === 'accel' ? 0xffffffff : 0xffff);
  if (g.palette !== undefined && !Array.isArray(g.palette))
    throw new GeometryError(
      `palette must be an array of colors, got ${JSON.stringify(g.palette)}`,
      'list one color per pixel value, e.g. ["#000000", "#ffffff"]',
    );
  const palette = g.palette ? Uint32Array.from(g.palette, (c, i) => paletteColor(c, `palette[${i}]`)) : undefined;
  if (g.fixed_mode !== undefined && typeof g.fixed_mode !== 'boolean')
    throw new GeometryError(
      `fixed_mode must be true or false, got ${JSON.stringify(g.fixed_mode)}`,
      'true models a driver without check_var (efifb, simplefb)',
    );
  return { var: v, fix: f, palette, pitchAlign, fixedMode: g.fixed_mode === true };
}

/** The full description of a current state, as written to a file-backed framebuffer's sidecar. */
export function geometryFromScreeninfo(info: Screeninfo): FbGeometry {
  const { var: v, fix: f } = info;
  const { reserved: _r, ...vars } = v;
  const { reserved: _f, smem_start, mmio_start, ...fixes } = f;
  const g: FbGeometry = {
    ...vars,
    ...fixes,
    smem_start: `0x${smem_start.toString(16)}`,
    mmio_start: `0x${mmio_start.toString(16)}`,
    pitch_align: info.pitchAlign,
    fixed_mode: info.fixedMode,
  };
  if (info.palette) g.palette = [...info.palette];
  return g;
}

// ---------------------------------------------------------------------------
// Fixtures

function fixturesDir(): string {
  const dir = installedPath('fixtures/devices/');
  if (dir !== undefined) return dir;
  throw new GeometryError(
    'fixtures/devices is missing from this installation',
    'reinstall fbkit, or pass a geometry JSON file instead of a fixture name',
  );
}

export function listDeviceFixtures(): string[] {
  return readdirSync(fixturesDir())
    .filter((n) => n.endsWith('.json'))
    .map((n) => n.slice(0, -5))
    .sort();
}

/**
 * Reads a geometry JSON file; errors say which file and why. Only a regular file is read
 * (a FIFO would block) and only an object is a geometry (a file holding "vfb" is not the
 * fixture of that name).
 */
export function readGeometryFile(path: string): FbGeometry {
  const type = fileType(path);
  if (type !== undefined && type !== 'regular file') {
    throw new GeometryError(
      `geometry ${path} is a ${type}, not a regular file`,
      'give the path of a geometry JSON file, or a fixture name (fbkit info --device virtual:NAME)',
    );
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'EIO';
    throw new GeometryError(
      `cannot read geometry ${path}: ${code}`,
      'give the path of a geometry JSON file, or a fixture name (fbkit info --device virtual:NAME)',
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new GeometryError(`geometry ${path} is not valid JSON: ${(err as Error).message}`, 'fix the JSON syntax');
  }
  if (!isObject(parsed))
    throw new GeometryError(
      `geometry ${path} holds ${JSON.stringify(parsed)}, not an object`,
      'a geometry is a JSON object with xres, yres and bits_per_pixel; see fixtures/devices/*.json',
    );
  return parsed as unknown as FbGeometry;
}

export function loadDeviceFixture(name: string): FbGeometry {
  if (!/^[\w.-]+$/.test(name) || !listDeviceFixtures().includes(name)) {
    throw new GeometryError(`no device fixture named '${name}'`, `known fixtures: ${listDeviceFixtures().join(', ')}`);
  }
  return readGeometryFile(join(fixturesDir(), `${name}.json`));
}
