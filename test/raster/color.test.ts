import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ArgumentError } from '../../src/errors.js';
import { colorNames, parseColor } from '../../src/raster/color.js';
import { catchError } from '../support/catch-error.js';

function failure(fn: () => unknown): ArgumentError {
  const err = catchError(fn);
  expect(err).toBeInstanceOf(ArgumentError);
  return err as ArgumentError;
}

describe('parseColor', () => {
  it('reads names case-insensitively, opaque', () => {
    expect(parseColor('red')).toBe(0xffff0000);
    expect(parseColor('  Navy ')).toBe(0xff000080);
    expect(parseColor('GREY')).toBe(parseColor('gray'));
    expect(parseColor('rebeccapurple')).toBe(0xff663399);
    expect(parseColor('transparent')).toBe(0);
  });

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])('does not take %j, a name on every object, for a color', (name) => {
    expect(() => parseColor(name)).toThrow(ArgumentError);
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
    expect(f.message).toContain('--background');
    expect(f.message).toContain('0xAARRGGBB');
    expect(failure(() => parseColor('#f008')).message).toContain('ambiguous');
  });

  it.each(['', 'redd', '#12', '#12345', '0x123', '0x1234567', '0x123456789', '#ggg', '0xzzzzzz', '255,0,0'])(
    'refuses %j with a one-line message',
    (text) => {
      const f = failure(() => parseColor(text));
      expect(f.code).toBe('ECOLOR');
      expect(f.message).toContain(`'${text}'`);
      expect(f.message).not.toContain('\n');
    },
  );
});
