import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { colorNames, parseColor, parseFit, parseRect } from '../../src/cli/args.js';
import { CliFailure } from '../../src/cli/io.js';

function failure(fn: () => unknown): CliFailure {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(CliFailure);
    return err as CliFailure;
  }
  throw new Error('expected a CliFailure');
}

describe('parseColor', () => {
  it('reads names case-insensitively, opaque', () => {
    expect(parseColor('red')).toBe(0xffff0000);
    expect(parseColor('  Navy ')).toBe(0xff000080);
    expect(parseColor('GREY')).toBe(parseColor('gray'));
    expect(parseColor('rebeccapurple')).toBe(0xff663399);
    expect(parseColor('transparent')).toBe(0);
  });

  it('every listed name parses to an opaque color except transparent', () => {
    for (const name of colorNames()) {
      const c = parseColor(name);
      expect(c >>> 24, name).toBe(name === 'transparent' ? 0 : 0xff);
    }
  });

  it('reads #rgb by doubling digits and #rrggbb as opaque', () => {
    expect(parseColor('#f80')).toBe(0xffff8800);
    expect(parseColor('#0A0b0C')).toBe(0xff0a0b0c);
  });

  it('reads 0xRRGGBB as opaque and 0xAARRGGBB exactly', () => {
    expect(parseColor('0xff8000')).toBe(0xffff8000);
    expect(parseColor('0x80ff8000')).toBe(0x80ff8000);
    expect(parseColor('0x00000000')).toBe(0);
    expect(parseColor('0XFFFFFFFF')).toBe(0xffffffff);
  });

  it('round-trips any 0xAARRGGBB', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (argb) => {
        expect(parseColor(`0x${argb.toString(16).padStart(8, '0')}`)).toBe(argb);
      }),
    );
  });

  it('refuses the ambiguous #rgba / #rrggbbaa forms and says what to write', () => {
    const f = failure(() => parseColor('#ff000080', '--background'));
    expect(f.exitCode).toBe(2);
    expect(f.message).toContain('--background');
    expect(f.message).toContain('0xAARRGGBB');
    expect(failure(() => parseColor('#f008')).message).toContain('ambiguous');
  });

  it.each(['', 'redd', '#12', '#12345', '0x123', '0x1234567', '0x123456789', '#ggg', '0xzzzzzz', '255,0,0'])(
    'refuses %j with a one-line message and exit code 2',
    (text) => {
      const f = failure(() => parseColor(text));
      expect(f.exitCode).toBe(2);
      expect(f.message).toContain(`'${text}'`);
      expect(f.message).not.toContain('\n');
    },
  );
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
