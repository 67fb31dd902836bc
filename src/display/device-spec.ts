/**
 * What a --device value names: `/dev/fbN` (any path without a scheme), `virtual:NAME` (a
 * fixture from fixtures/devices), or `file:PATH[?geometry=NAME|GEOMETRY.json]` (a
 * file-backed virtual framebuffer; the geometry defaults to `PATH.json`, as written by one).
 */
import { existsSync } from 'node:fs';
import { ArgumentError } from '../errors.js';
import { GeometryError, loadDeviceFixture, readGeometryFile, type FbGeometry } from './geometry.js';
import { sidecarPath } from './virtual/virtual-driver.js';

export type DeviceSpec =
  | { kind: 'device'; path: string }
  | { kind: 'virtual'; geometry: FbGeometry | string; file?: string };

export function parseDeviceSpec(spec: string): DeviceSpec {
  if (spec.startsWith('virtual:')) return { kind: 'virtual', geometry: spec.slice('virtual:'.length) };
  if (spec.startsWith('file:')) return { kind: 'virtual', ...fileSpec(spec) };
  if (/^[a-z]+:/i.test(spec)) {
    throw new ArgumentError('EDEVICE', `unknown device kind in '${spec}'`, 'use /dev/fbN, file:PATH[?geometry=...] or virtual:NAME');
  }
  return { kind: 'device', path: spec };
}

function fileSpec(spec: string): { geometry: FbGeometry; file: string } {
  const [file, query = ''] = spec.slice('file:'.length).split('?', 2) as [string, string?];
  if (!file) throw new ArgumentError('EDEVICE', `'${spec}' names no file`, 'write file:PATH, e.g. file:/tmp/fb.raw');
  const params = new URLSearchParams(query);
  const unknown = [...params.keys()].filter((k) => k !== 'geometry');
  if (unknown.length) throw new ArgumentError('EDEVICE', `unknown option '${unknown[0]}' in '${spec}'`, 'the only option is ?geometry=NAME or ?geometry=PATH.json');
  const source = params.get('geometry');
  if (source === null) {
    if (!existsSync(sidecarPath(file))) {
      throw new GeometryError(`${file} has no geometry file ${sidecarPath(file)}`, `add ?geometry=NAME (a fixture such as bochs-drm) or ?geometry=PATH.json to '${spec}'`);
    }
    return { geometry: readGeometryFile(sidecarPath(file)), file };
  }
  return { geometry: source.endsWith('.json') ? readGeometryFile(source) : loadDeviceFixture(source), file };
}
