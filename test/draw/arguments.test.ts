/**
 * Every Surface method refuses a nonsense color, rectangle, point or option with a one-line
 * ArgumentError that names the argument, before a single pixel changes: a color is a whole
 * number 0..0xffffffff, never NaN (would draw black), -1 or 2^32 (wrap), 1.5 (truncate),
 * undefined, null, a string or a bigint.
 */
import { describe, expect, it } from 'vitest';
import { blit } from '../../src/draw/blit.js';
import { Surface } from '../../src/draw/surface.js';
import { drawText } from '../../src/draw/text.js';
import { ArgumentError } from '../../src/errors.js';
import { catchError } from '../support/catch-error.js';

const BAD_COLORS: [string, unknown][] = [
  ['NaN', Number.NaN],
  ['undefined', undefined],
  ['null', null],
  ['-1', -1],
  ['2**32', 2 ** 32],
  ['1.5', 1.5],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['a string', '0xff0000ff'],
  ['a bigint', 0xffn],
  ['an object', { r: 1 }],
];

const rect = { x: 1, y: 1, w: 4, h: 3 };
const center = { x: 4, y: 4 };
const triangle = [
  { x: 0, y: 0 },
  { x: 7, y: 0 },
  { x: 0, y: 7 },
];

/** Every Surface method that takes a color, drawing with `c` (casts: the point is calling it wrongly). */
const COLOR_CALLS: [string, (s: Surface, c: never) => void][] = [
  ['fillRect', (s, c) => s.fillRect(rect, c)],
  ['clear', (s, c) => s.clear(c)],
  ['setPixel', (s, c) => s.setPixel(2, 2, c)],
  ['strokeRect', (s, c) => s.strokeRect(rect, c)],
  ['hline', (s, c) => s.hline(0, 2, 5, c)],
  ['vline', (s, c) => s.vline(2, 0, 5, c)],
  ['line', (s, c) => s.line({ x: 0, y: 0 }, { x: 7, y: 5 }, c)],
  ['circle', (s, c) => s.circle(center, 2, c)],
  ['fillCircle', (s, c) => s.fillCircle(center, 2, c)],
  ['ellipse', (s, c) => s.ellipse(center, 3, 2, c)],
  ['fillEllipse', (s, c) => s.fillEllipse(center, 3, 2, c)],
  ['roundRect', (s, c) => s.roundRect(rect, 1, c)],
  ['fillRoundRect', (s, c) => s.fillRoundRect(rect, 1, c)],
  ['fillPolygon', (s, c) => s.fillPolygon(triangle, c)],
  ['drawText color', (s, c) => s.drawText('Hi', { x: 0, y: 0 }, { color: c })],
  ['drawText background', (s, c) => s.drawText('Hi', { x: 0, y: 0 }, { color: 0xffffffff, background: c })],
];

/** A surface with a known non-zero pattern, so that "nothing drawn" is visible whatever the color. */
function patterned(): Surface {
  const s = Surface.create(8, 8);
  for (let i = 0; i < s.bytes.length; i++) s.bytes[i] = (i * 7 + 3) & 0xff;
  return s;
}

/** The error `call` throws on a patterned surface, after checking that no byte changed. */
function refusal(call: (s: Surface) => void): ArgumentError {
  const s = patterned();
  const before = s.bytes.slice();
  const err = catchError(() => call(s));
  expect(s.bytes).toEqual(before);
  expect(err).toBeInstanceOf(ArgumentError);
  expect((err as Error).message.split('\n')).toHaveLength(2); // the cause, then the hint
  return err as ArgumentError;
}

/** Where undefined means "left out": clear() clears to 0, a missing background is none. */
const OPTIONAL = new Set(['clear', 'drawText background']);

describe('colors', () => {
  for (const [method, call] of COLOR_CALLS) {
    const bad = BAD_COLORS.filter(([, c]) => !(c === undefined && OPTIONAL.has(method)));
    it.each(bad)(`${method} refuses %s`, (_name, color) => {
      const err = refusal((s) => call(s, color as never));
      expect(err.code).toBe('ECOLOR');
      expect(err.message).toMatch(/^(color|background) must be a whole number 0\.\.0xffffffff \(0xAARRGGBB\), got /);
    });
  }

  it('names the wrong value and its type', () => {
    const s = Surface.create(2, 2);
    expect(() => s.fillRect(rect, '0xff0000ff' as never)).toThrow(/got string '0xff0000ff'$/m);
    expect(() => s.fillRect(rect, 0xffn as never)).toThrow(/got bigint 255n$/m);
    expect(() => s.fillRect(rect, -1)).toThrow(/got -1$/m);
    expect(() => s.fillRect(rect, 2 ** 32)).toThrow(/got 4294967296$/m);
    expect(() => s.fillRect(rect, Number.NaN)).toThrow(/got NaN$/m);
    expect(() => s.drawText('a', { x: 0, y: 0 }, { color: 1, background: null as never })).toThrow(/^background must be .*, got null$/m);
  });

  it('explains the negative numbers that bitwise operators make', () => {
    const s = Surface.create(2, 2);
    const rgb = 0x336699;
    expect(catchError(() => s.clear(0xff000000 | rgb))).toMatchObject({
      hint: 'a bitwise result is signed in JavaScript: write (... | ...) >>> 0, here 4281558681 (0xff336699)',
    });
    expect(catchError(() => s.clear(-1.5))).toMatchObject({ hint: expect.stringMatching(/^write colors as 0xAARRGGBB/) }); // not a bitwise result
    s.clear((0xff000000 | rgb) >>> 0);
    expect(s.getPixel(1, 1)).toBe(0xff336699);
  });

  it('takes every whole number from 0 to 0xffffffff (and clear() without one is 0)', () => {
    const s = patterned();
    for (const c of [0, 1, 0x80000000, 0xffffffff]) {
      s.fillRect({ x: 0, y: 0, w: 1, h: 1 }, c);
      expect(s.getPixel(0, 0)).toBe(c);
    }
    s.clear();
    expect(s.bytes.every((b) => b === 0)).toBe(true);
  });

  it('the PixelTarget-level drawText checks its colors too', () => {
    const s = Surface.create(8, 8);
    expect(catchError(() => drawText(s, 'a', { x: 0, y: 0 }, { color: Number.NaN }))).toMatchObject({ code: 'ECOLOR' });
  });
});

describe('rectangles, points and options', () => {
  const NOT_OBJECTS: [string, unknown][] = [
    ['null', null],
    ['undefined', undefined],
    ['a number', 3],
    ['a string', 'x'],
  ];

  it.each(NOT_OBJECTS)('a rectangle that is %s', (_name, r) => {
    const calls: ((s: Surface) => void)[] = [
      (s) => s.fillRect(r as never, 0xffffffff),
      (s) => s.strokeRect(r as never, 0xffffffff),
      (s) => s.roundRect(r as never, 1, 0xffffffff),
      (s) => s.fillRoundRect(r as never, 1, 0xffffffff),
      (s) => s.subsurface(r as never),
      (s) => s.blitScaled(Surface.create(2, 2), r as never),
    ];
    for (const call of calls) {
      expect(refusal(call).message).toMatch(/^(rect|dstRect) must be a rectangle \{ x, y, w, h \}, got /);
    }
  });

  it.each(NOT_OBJECTS)('a point that is %s', (_name, p) => {
    const calls: ((s: Surface) => void)[] = [
      (s) => s.line(p as never, { x: 1, y: 1 }, 0xffffffff),
      (s) => s.line({ x: 1, y: 1 }, p as never, 0xffffffff),
      (s) => s.circle(p as never, 1, 0xffffffff),
      (s) => s.fillEllipse(p as never, 1, 1, 0xffffffff),
      (s) => s.fillPolygon([{ x: 0, y: 0 }, p as never, { x: 5, y: 5 }], 0xffffffff),
      (s) => s.blit(Surface.create(2, 2), p as never),
      (s) => s.drawText('a', p as never, { color: 0xffffffff }),
    ];
    for (const call of calls) {
      expect(refusal(call).message).toMatch(/^(from|to|center|points\[1\]|at) must be a point \{ x, y \}, got /);
    }
  });

  it('names a missing or mistyped field', () => {
    expect(refusal((s) => s.fillRect({ x: 0, y: 0, w: 2 } as never, 0xffffffff)).message).toMatch(
      /^rect\.h must be an integer, got undefined/,
    );
    expect(refusal((s) => s.fillRect({ x: 0, y: '1', w: 2, h: 2 } as never, 0xffffffff)).message).toMatch(
      /^rect\.y must be an integer, got string '1'/,
    );
    expect(refusal((s) => s.line({ x: 0 } as never, { x: 1, y: 1 }, 0xffffffff)).message).toMatch(
      /^from\.y must be an integer, got undefined/,
    );
    expect(refusal((s) => s.hline(0, 0, 2n as never, 0xffffffff)).message).toMatch(/^w must be an integer, got bigint 2n/);
    expect(refusal((s) => s.vline(0, 0, -2, 0xffffffff)).message).toMatch(/^h must be >= 0, got -2/);
  });

  it('a polygon that is not an array, options that are not objects, a source that is not a surface', () => {
    expect(refusal((s) => s.fillPolygon(null as never, 0xffffffff)).message).toMatch(
      /^points must be an array of points \{ x, y \}, got null/,
    );
    expect(refusal((s) => s.fillPolygon(triangle, 0xffffffff, null as never)).message).toMatch(/^options must be an object/);
    expect(refusal((s) => s.blit(Surface.create(2, 2), { x: 0, y: 0 }, 'src' as never)).message).toMatch(
      /^options must be an object, got string 'src'/,
    );
    expect(refusal((s) => s.blitScaled(Surface.create(2, 2), rect, 7 as never)).message).toMatch(/^options must be an object, got 7/);
    expect(refusal((s) => s.drawText('a', { x: 0, y: 0 }, null as never)).message).toMatch(
      /^options must be an object \{ color, background\?, font\?, scale\? \}, got null/,
    );
    expect(refusal((s) => s.drawText(42 as never, { x: 0, y: 0 }, { color: 1 })).message).toMatch(/^text must be a string, got 42/);
    expect(refusal((s) => s.blit(null as never, { x: 0, y: 0 })).message).toMatch(/^src must be a Surface, got null/);
    expect(refusal((s) => s.blitScaled({} as never, rect)).message).toMatch(/^src must be a Surface, got an object/);
  });

  it('the PixelTarget-level blit checks its point too', () => {
    const s = Surface.create(4, 4);
    expect(catchError(() => blit(s, Surface.create(2, 2), null as never))).toMatchObject({
      code: 'EINVAL',
      message: expect.stringMatching(/^at must be a point/),
    });
  });
});
