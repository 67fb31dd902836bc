/**
 * What a --device value names: `/dev/fbN` (any path without a scheme), `virtual:NAME` (a
 * fixture from fixtures/devices), or `file:PATH[?geometry=NAME|GEOMETRY.json]` (a
 * file-backed virtual framebuffer; the geometry defaults to `PATH.json`, as written by one).
 *
 * In a `file:` spec the first `?` starts the options, so PATH and the option values are
 * percent-decoded as in a URL: `%3F` is a `?`, `%25` a `%`, `%26` an `&` (a path holding
 * `?` or `%` must be written that way). `+` stays a plus sign: it is not a space, as
 * URLSearchParams would have it, because file names contain `+` far more often than a
 * query encoded by a web form.
 */
import { existsSync } from 'node:fs';
import { ArgumentError } from '../errors.js';
import { GeometryError, loadDeviceFixture, readGeometryFile, type FbGeometry } from './geometry.js';
import { sidecarPath } from './virtual/virtual-driver.js';

export type DeviceSpec = { kind: 'device'; path: string } | { kind: 'virtual'; geometry: FbGeometry | string; file?: string };

const KINDS_HINT = 'use /dev/fbN, file:PATH[?geometry=...] or virtual:NAME';

/** Which kind of device `spec` names, from its scheme alone (no file is read). */
export function specKind(spec: string): DeviceSpec['kind'] {
  if (spec.startsWith('virtual:') || spec.startsWith('file:')) return 'virtual';
  if (/^[a-z]+:/i.test(spec)) throw new ArgumentError('EDEVICE', `unknown device kind in '${spec}'`, KINDS_HINT);
  if (spec === '') throw new ArgumentError('EDEVICE', 'the device spec is empty', KINDS_HINT);
  return 'device';
}

export function parseDeviceSpec(spec: string): DeviceSpec {
  if (specKind(spec) === 'device') return { kind: 'device', path: spec };
  if (spec.startsWith('virtual:')) return { kind: 'virtual', geometry: spec.slice('virtual:'.length) };
  return { kind: 'virtual', ...fileSpec(spec) };
}

function fileSpec(spec: string): { geometry: FbGeometry; file: string } {
  const rest = spec.slice('file:'.length);
  const mark = rest.indexOf('?');
  const file = percentDecode(mark < 0 ? rest : rest.slice(0, mark), spec);
  if (!file) throw new ArgumentError('EDEVICE', `'${spec}' names no file`, 'write file:PATH, e.g. file:/tmp/fb.raw');
  const options = mark < 0 ? new Map<string, string>() : parseOptions(rest.slice(mark + 1), spec);
  const source = options.get('geometry');
  if (source === undefined) {
    if (!existsSync(sidecarPath(file))) {
      throw new GeometryError(
        `${file} has no geometry file ${sidecarPath(file)}`,
        `add ?geometry=NAME (a fixture such as bochs-drm) or ?geometry=PATH.json to '${spec}'`,
      );
    }
    return { geometry: readGeometryFile(sidecarPath(file)), file };
  }
  return { geometry: source.endsWith('.json') ? readGeometryFile(source) : loadDeviceFixture(source), file };
}

/** `key=value&...`, values percent-decoded; the one key is `geometry`, given once. */
function parseOptions(query: string, spec: string): Map<string, string> {
  const options = new Map<string, string>();
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = percentDecode(eq < 0 ? pair : pair.slice(0, eq), spec);
    if (key !== 'geometry')
      throw new ArgumentError(
        'EDEVICE',
        `unknown option '${key}' in '${spec}'`,
        'the only option is ?geometry=NAME or ?geometry=PATH.json',
      );
    if (options.has(key)) throw new ArgumentError('EDEVICE', `'${spec}' gives ${key} twice`, `give ?${key}= once`);
    options.set(key, percentDecode(eq < 0 ? '' : pair.slice(eq + 1), spec));
  }
  return options;
}

function percentDecode(text: string, spec: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new ArgumentError(
      'EDEVICE',
      `'${spec}' has a % that is not followed by two hex digits`,
      'in a file: spec write % as %25 and ? as %3F',
    );
  }
}
