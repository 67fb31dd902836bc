import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  appRectToDevice,
  appToDevice,
  checkRotation,
  deviceRectToApp,
  deviceToApp,
  inverseRotation,
  ROTATIONS,
  rotateSize,
} from '../../src/raster/rotation.js';
import { ArgumentError } from '../../src/errors.js';
import { refTurn } from '../reference/rotate-reference.js';
import { catchError } from '../support/catch-error.js';

const arbCase = fc
  .record({ rotation: fc.constantFrom(...ROTATIONS), width: fc.integer({ min: 1, max: 50 }), height: fc.integer({ min: 1, max: 50 }) })
  .chain((c) =>
    fc.record({
      c: fc.constant(c),
      x: fc.integer({ min: 0, max: c.width - 1 }),
      y: fc.integer({ min: 0, max: c.height - 1 }),
      w: fc.integer({ min: 1, max: c.width }),
      h: fc.integer({ min: 1, max: c.height }),
    }),
  );

describe('rotation mapping', () => {
  it('names the device corners an app drawing lands in, clockwise', () => {
    const app = { width: 4, height: 3 };
    // App top-left goes to device top-right at 90, bottom-right at 180, bottom-left at 270.
    expect(appToDevice({ x: 0, y: 0 }, 90, app)).toEqual({ x: 2, y: 0 });
    expect(appToDevice({ x: 0, y: 0 }, 180, app)).toEqual({ x: 3, y: 2 });
    expect(appToDevice({ x: 0, y: 0 }, 270, app)).toEqual({ x: 0, y: 3 });
    expect(rotateSize(app, 90)).toEqual({ width: 3, height: 4 });
    expect(rotateSize(app, 180)).toEqual(app);
  });

  it('maps points as quarter turns do, and back', () => {
    fc.assert(
      fc.property(arbCase, ({ c, x, y }) => {
        const app = { width: c.width, height: c.height };
        const device = rotateSize(app, c.rotation);
        const p = appToDevice({ x, y }, c.rotation, app);
        expect(p).toEqual(refTurn({ x, y }, c.rotation, c.width, c.height));
        expect(p.x >= 0 && p.x < device.width && p.y >= 0 && p.y < device.height).toBe(true);
        expect(deviceToApp(p, c.rotation, device)).toEqual({ x, y });
      }),
    );
  });

  it('maps a rectangle to the box of its turned pixels, and back', () => {
    fc.assert(
      fc.property(arbCase, ({ c, x, y, w, h }) => {
        const app = { width: c.width, height: c.height };
        const r = { x, y, w, h };
        const a = refTurn({ x, y }, c.rotation, c.width, c.height);
        const b = refTurn({ x: x + w - 1, y: y + h - 1 }, c.rotation, c.width, c.height);
        const expected = { x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), w: Math.abs(a.x - b.x) + 1, h: Math.abs(a.y - b.y) + 1 };
        const d = appRectToDevice(r, c.rotation, app);
        expect(d).toEqual(expected);
        expect(deviceRectToApp(d, c.rotation, rotateSize(app, c.rotation))).toEqual(r);
      }),
    );
  });

  it('undoes each rotation with its inverse', () => {
    expect(ROTATIONS.map(inverseRotation)).toEqual([0, 270, 180, 90]);
  });

  it.each([45, -90, '90', 360, null, 90.5])('refuses %j as a rotation', (bad) => {
    const err = catchError(() => checkRotation(bad, 'rotate'));
    expect(err).toBeInstanceOf(ArgumentError);
    expect((err as ArgumentError).hint).toContain('0, 90, 180 or 270');
  });
});
