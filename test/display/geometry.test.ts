import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GeometryError, readGeometryFile, screeninfoFromGeometry, type FbGeometry } from '../../src/display/geometry.js';
import { catchError } from '../support/catch-error.js';

const dir = mkdtempSync(join(tmpdir(), 'fbkit-geometry-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const base = { xres: 4, yres: 4, bits_per_pixel: 32 };

describe('screeninfoFromGeometry refuses values of the wrong JSON type', () => {
  it.each([
    [{ red: 5 }, /red must be an object/],
    [{ green: 0 }, /green must be an object/],
    [{ blue: null }, /blue must be an object/],
    [{ transp: [8, 24] }, /transp must be an object/],
    [{ id: 12345 }, /id must be a string, got 12345/],
    [{ type: true }, /type must be a number or a name, got true/],
    [{ visual: { name: 'TRUECOLOR' } }, /visual must be a number or a name/],
    [{ smem_start: true }, /smem_start true is not an address/],
    [{ mmio_start: '' }, /mmio_start "" is not an address/],
    [{ palette: 5 }, /palette must be an array of colors, got 5/],
    [{ palette: '#ff0000' }, /palette must be an array/],
    [{ fixed_mode: 'yes' }, /fixed_mode must be true or false/],
  ])('%j', (extra, message) => {
    const err = catchError(() => screeninfoFromGeometry({ ...base, ...extra } as unknown as FbGeometry));
    expect(err).toBeInstanceOf(GeometryError);
    expect((err as Error).message).toMatch(message);
  });

  it('still takes what it took: bitfield objects, enum names, hex addresses, palettes', () => {
    const info = screeninfoFromGeometry({
      ...base,
      bits_per_pixel: 8,
      red: { offset: 0, length: 8 },
      visual: 'PSEUDOCOLOR',
      smem_start: '0xfd000000',
      palette: ['#ff0000', 0xff00ff00],
      fixed_mode: true,
      id: 'x',
    });
    expect([info.var.red.length, info.fix.visual, info.fix.smem_start, info.palette?.[1], info.fixedMode, info.fix.id]).toEqual([
      8,
      3,
      0xfd000000n,
      0xff00ff00,
      true,
      'x',
    ]);
  });

  it('refuses a geometry that is not an object, arrays included', () => {
    for (const g of ['vfb', 5, null, [base]]) {
      expect(() => screeninfoFromGeometry(g as unknown as FbGeometry), JSON.stringify(g)).toThrow(/a geometry must be an object/);
    }
  });
});

describe('readGeometryFile', () => {
  it('refuses JSON that is not an object: a file holding "vfb" is not the fixture of that name', () => {
    for (const [name, text] of [
      ['string', '"vfb"'],
      ['array', '[]'],
      ['null', 'null'],
      ['number', '640'],
    ]) {
      const file = join(dir, `${name}.json`);
      writeFileSync(file, text);
      const err = catchError(() => readGeometryFile(file));
      expect(err, name).toBeInstanceOf(GeometryError);
      expect((err as Error).message).toContain(`geometry ${file} holds ${text}, not an object`);
    }
  });

  it('refuses a directory without reading it', () => {
    expect(() => readGeometryFile(dir)).toThrow(`geometry ${dir} is a directory, not a regular file`);
  });
});
