import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ArgumentError } from '../../src/errors.js';
import { parseDeviceSpec, specKind } from '../../src/display/device-spec.js';
import { Framebuffer } from '../../src/display/framebuffer.js';
import { catchError } from '../support/catch-error.js';

const dir = mkdtempSync(join(tmpdir(), 'fbkit-spec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const fixture = (name: string) => join(import.meta.dirname, '..', '..', 'fixtures', 'devices', `${name}.json`);

describe('file: specs are percent-decoded, and + is a plus', () => {
  it('keeps + in a ?geometry= path (URLSearchParams would make it a space)', () => {
    const geometry = join(dir, 'tft+rotated.json');
    copyFileSync(fixture('spi-tft-ili9341'), geometry);
    const spec = parseDeviceSpec(`file:${join(dir, 'a+b.raw')}?geometry=${geometry}`);
    expect(spec).toMatchObject({ kind: 'virtual', file: join(dir, 'a+b.raw'), geometry: { xres: 320 } });
  });

  it('writes ? in a path as %3F, % as %25 and & in a value as %26', () => {
    const geometry = join(dir, 'g&h%.json');
    copyFileSync(fixture('vfb'), geometry);
    const spec = `file:${join(dir, 'what%3F 100%25.raw')}?geometry=${join(dir, 'g%26h%25.json')}`;
    expect(parseDeviceSpec(spec)).toMatchObject({ file: join(dir, 'what? 100%.raw'), geometry: { id: 'Virtual FB' } });
    Framebuffer.fromDeviceSpec(spec).close();
    expect(existsSync(join(dir, 'what? 100%.raw'))).toBe(true);
  });

  it('ignores an empty query', () => {
    expect(parseDeviceSpec(`file:${join(dir, 'x.raw')}?&geometry=vfb&`)).toMatchObject({ geometry: { id: 'Virtual FB' } });
  });

  it.each([
    [`file:${join(dir, '100%.raw')}?geometry=vfb`, /% that is not followed by two hex digits/],
    [`file:${join(dir, 'x.raw')}?geometry=vfb&geometry=bochs-drm`, /gives geometry twice/],
    [`file:${join(dir, 'x.raw')}?geometry=vfb&size=3`, /unknown option 'size'/],
    ['', /the device spec is empty/],
  ])('refuses %j', (spec, message) => {
    const err = catchError(() => parseDeviceSpec(spec));
    expect(err).toBeInstanceOf(ArgumentError);
    expect((err as Error).message).toMatch(message);
  });
});

describe('specKind', () => {
  it('tells devices from virtual framebuffers by the scheme alone', () => {
    expect(specKind('/dev/fb0')).toBe('device');
    expect(specKind('virtual:vfb')).toBe('virtual');
    expect(specKind(`file:${join(dir, 'never-read.raw')}`)).toBe('virtual');
    expect(() => specKind('bogus:x')).toThrow(/unknown device kind/);
    expect(() => specKind('')).toThrow(/empty/);
  });
});
