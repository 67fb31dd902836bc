import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Framebuffer } from '../../src/display/framebuffer.js';
import { checkMatrix, makeTransform, normalize, SingularMatrixError, solveCalibration } from '../../src/input/geometry.js';
import { catchError } from '../support/catch-error.js';

const rotations = fc.constantFrom(0, 90, 180, 270);
const size = fc.integer({ min: 1, max: 2000 });

describe('makeTransform', () => {
  it('maps the device range onto the whole screen: QEMU 0..32767 onto 1280 pixels', () => {
    const t = makeTransform({ width: 1280, height: 800 });
    expect(t.toScreen(normalize(0, 0, 32767), normalize(0, 0, 32767))).toEqual({ x: 0, y: 0 });
    expect(t.toScreen(normalize(16384, 0, 32767), normalize(16384, 0, 32767))).toEqual({ x: 640, y: 400 });
    expect(t.toScreen(normalize(32767, 0, 32767), normalize(32767, 0, 32767))).toEqual({ x: 1279, y: 799 });
  });

  it('turns positions back by the display rotation: at 90 the panel top-right shows the picture top-left', () => {
    // Picture turned 90 clockwise on the panel: the panel's top-right corner shows the picture's top-left.
    const t = makeTransform({ width: 800, height: 1280, rotation: 90 });
    expect(t.toScreen(0.9999, 0.0001)).toEqual({ x: 0, y: 0 });
    expect(t.toScreen(0.0001, 0.0001)).toEqual({ x: 0, y: 1279 });
    expect(t.toScreen(0.9999, 0.9999)).toEqual({ x: 799, y: 0 });
  });

  it('takes a rotated Framebuffer as the screen: its app size and rotation', () => {
    const fb = Framebuffer.virtual('bochs-drm', { rotate: 90 });
    // A quarter across, three quarters down the 1280x800 panel: app pixel (600, 959) of 800x1280.
    expect(makeTransform(fb).toScreen(normalize(8192, 0, 32767), normalize(24576, 0, 32767))).toEqual({ x: 600, y: 959 });
    fb.close();
  });

  it('toPanel is the inverse of toScreen for every pixel, rotation and mirroring', () => {
    fc.assert(
      fc.property(
        size,
        size,
        rotations,
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        fc.nat(),
        fc.nat(),
        (w, h, rotate, swapXY, invertX, invertY, px, py) => {
          const t = makeTransform({ width: w, height: h }, { rotate, swapXY, invertX, invertY });
          const [x, y] = [px % w, py % h];
          const panel = t.toPanel(x, y);
          expect(t.toScreen(panel.x, panel.y)).toEqual({ x, y });
        },
      ),
    );
  });

  it('four quarter turns are no turn (the screen keeps its size when square)', () => {
    fc.assert(
      fc.property(size, fc.nat(), fc.nat(), (n, px, py) => {
        const [x, y] = [px % n, py % n];
        let p = { x, y };
        const t = makeTransform({ width: n, height: n }, { rotate: 90 });
        for (let i = 0; i < 4; i++) {
          const panel = makeTransform({ width: n, height: n }).toPanel(p.x, p.y);
          p = t.toScreen(panel.x, panel.y);
        }
        expect(p).toEqual({ x, y });
      }),
    );
  });

  it('clamps what a calibration pushes past the edges', () => {
    const t = makeTransform({ width: 100, height: 100 }, { matrix: [2, 0, -0.5, 0, 2, -0.5] });
    expect(t.toScreen(0, 0)).toEqual({ x: 0, y: 0 });
    expect(t.toScreen(0.999, 0.999)).toEqual({ x: 99, y: 99 });
    expect(t.toScreen(0.5, 0.5)).toEqual({ x: 50, y: 50 });
  });

  it('refuses a bad rotation or screen', () => {
    expect((catchError(() => makeTransform({ width: 10, height: 10 }, { rotate: 45 })) as Error).message).toMatch(/45 is not a rotation/);
    expect((catchError(() => makeTransform({ width: 0, height: 10 })) as Error).message).toMatch(/whole pixels/);
  });
});

describe('calibration matrix', () => {
  it('a singular matrix is a typed error with a hint', () => {
    const err = catchError(() => checkMatrix([1, 2, 0, 2, 4, 0]));
    expect(err).toBeInstanceOf(SingularMatrixError);
    expect(err).toMatchObject({ code: 'ESINGULAR', hint: expect.stringMatching(/calibrate/) });
    expect((catchError(() => checkMatrix([1, 0, 0, 0, 1])) as Error).message).toMatch(/6 finite numbers/);
  });

  it('solveCalibration finds the affine map taps were made through', () => {
    const matrix = fc
      .tuple(
        fc.double({ min: 0.5, max: 1.5, noNaN: true }),
        fc.double({ min: -0.3, max: 0.3, noNaN: true }),
        fc.double({ min: -0.2, max: 0.2, noNaN: true }),
        fc.double({ min: -0.3, max: 0.3, noNaN: true }),
        fc.double({ min: 0.5, max: 1.5, noNaN: true }),
        fc.double({ min: -0.2, max: 0.2, noNaN: true }),
      )
      .filter(([a, b, , d, e]) => Math.abs(a * e - b * d) > 0.1);
    fc.assert(
      fc.property(matrix, ([a, b, c, d, e, f]) => {
        // Taps at 5 device positions; the targets are where the matrix sends them.
        const points = [
          [0.1, 0.1],
          [0.9, 0.1],
          [0.9, 0.9],
          [0.1, 0.9],
          [0.5, 0.5],
        ] as const;
        const samples = points.map(([x, y]) => ({ measured: { x, y }, target: { x: a * x + b * y + c, y: d * x + e * y + f } }));
        const solved = solveCalibration(samples);
        [a, b, c, d, e, f].forEach((v, i) => expect(solved[i]).toBeCloseTo(v, 6));
      }),
    );
  });

  it('taps in a row determine nothing: a typed error', () => {
    const samples = [0.1, 0.5, 0.9].map((v) => ({ measured: { x: v, y: v }, target: { x: v, y: v } }));
    expect(catchError(() => solveCalibration(samples))).toBeInstanceOf(SingularMatrixError);
  });
});
