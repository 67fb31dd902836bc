import { describe, expect, it } from 'vitest';
import { colorArg, parseFit, parseRect } from '../../src/cli/args.js';
import { CliFailure } from '../../src/cli/io.js';
import { catchError } from '../support/catch-error.js';

function failure(fn: () => unknown): CliFailure {
  const err = catchError(fn);
  expect(err).toBeInstanceOf(CliFailure);
  return err as CliFailure;
}

describe('colorArg', () => {
  it('reads colors by raster/color rules and turns a mistake into a one-line usage failure (exit 2)', () => {
    expect(colorArg('navy')).toBe(0xff000080);
    const f = failure(() => colorArg('#ff000080', '--background'));
    expect(f.exitCode).toBe(2);
    expect(f.message).toContain('--background');
    expect(f.message).not.toContain('\n');
  });
});

describe('parseRect', () => {
  it('reads x,y,w,h with spaces and signs', () => {
    expect(parseRect('1,2,3,4')).toEqual({ x: 1, y: 2, w: 3, h: 4 });
    expect(parseRect(' -10, +5 ,0, 7')).toEqual({ x: -10, y: 5, w: 0, h: 7 });
  });

  it.each(['1,2,3', '1,2,3,4,5', '1,2,3.5,4', 'a,b,c,d', '', '1,,3,4', '0x10,0,1,1', '1,2,99999999999999999999,4'])(
    'refuses %j',
    (text) => {
      const f = failure(() => parseRect(text));
      expect(f.exitCode).toBe(2);
      expect(f.message).toContain('x,y,w,h');
    },
  );

  it('refuses negative sizes', () => {
    expect(failure(() => parseRect('0,0,-1,4')).message).toContain('negative size');
  });
});

describe('parseFit', () => {
  it('accepts the four modes', () => {
    for (const m of ['none', 'contain', 'cover', 'stretch']) expect(parseFit(m)).toBe(m);
    expect(parseFit('Contain')).toBe('contain');
  });

  it('lists the modes when refusing', () => {
    const f = failure(() => parseFit('fill'));
    expect(f.exitCode).toBe(2);
    expect(f.message).toContain('none, contain, cover, stretch');
  });
});
