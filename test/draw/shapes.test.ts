import { describe, expect, it } from 'vitest';
import { FORMATS } from '../../src/raster/format.js';
import { Surface } from '../../src/draw/surface.js';
import type { Point } from '../../src/raster/geometry.js';
import { ArgumentError } from '../../src/errors.js';

const ON = 0xffffffff;

/** Rows of '#' (white) and '.' for a GRAY8 surface. */
function art(s: Surface): string[] {
  const rows: string[] = [];
  for (let y = 0; y < s.height; y++) {
    let row = '';
    for (let x = 0; x < s.width; x++) row += s.getPixel(x, y) === ON ? '#' : '.';
    rows.push(row);
  }
  return rows;
}

const canvas = (w: number, h: number) => Surface.create(w, h, FORMATS.GRAY8);

describe('lines', () => {
  it('steps along the major axis, rounding halves away from the start', () => {
    const s = canvas(5, 3);
    s.line({ x: 0, y: 0 }, { x: 4, y: 2 }, ON);
    expect(art(s)).toEqual(['#....', '.##..', '...##']);
    const back = canvas(5, 3);
    back.line({ x: 4, y: 2 }, { x: 0, y: 0 }, ON);
    expect(art(back)).toEqual(['##...', '..##.', '....#']);
  });

  it('steep lines and single points', () => {
    const s = canvas(3, 5);
    s.line({ x: 2, y: 0 }, { x: 0, y: 4 }, ON);
    expect(art(s)).toEqual(['..#', '.#.', '.#.', '#..', '#..']);
    const p = canvas(2, 2);
    p.line({ x: 1, y: 1 }, { x: 1, y: 1 }, ON);
    expect(art(p)).toEqual(['..', '.#']);
  });

  it('clipping never moves a pixel: a far line draws what the whole line has here', () => {
    const s = canvas(6, 4);
    s.line({ x: -(2 ** 31), y: 2 }, { x: 2 ** 31, y: 2 }, ON);
    s.line({ x: -1e9, y: -1e9 }, { x: 1e9, y: 1e9 }, ON);
    expect(art(s)).toEqual(['#.....', '.#....', '######', '...#..']);
    // A long shallow line: its pixels on screen equal those of the same line clipped by hand.
    const far = canvas(8, 8);
    far.line({ x: -1e9, y: 0 }, { x: 1e9, y: 7 }, ON); // crosses row 3/4 near x = 0
    const mid = 1e9; // k = 1e9 + x; off(k) = floor((2k·7 + 2e9) / 4e9)
    const expected = canvas(8, 8);
    for (let x = 0; x < 8; x++) expected.setPixel(x, Math.floor((2 * (mid + x) * 7 + 2e9) / 4e9), ON);
    expect(art(far)).toEqual(art(expected));
  });

  it('refuses coordinates beyond ±2^31 and non-integers', () => {
    const s = canvas(2, 2);
    expect(() => s.line({ x: 0, y: 0 }, { x: 2 ** 32, y: 0 }, ON)).toThrow(ArgumentError);
    expect(() => s.line({ x: 0.5, y: 0 }, { x: 1, y: 0 }, ON)).toThrow(/from.x must be an integer/);
  });
});

describe('ellipses and circles', () => {
  it('radius 2 circle, filled and outlined', () => {
    const f = canvas(5, 5);
    f.fillCircle({ x: 2, y: 2 }, 2, ON);
    expect(art(f)).toEqual(['.###.', '#####', '#####', '#####', '.###.']);
    const o = canvas(5, 5);
    o.circle({ x: 2, y: 2 }, 2, ON);
    expect(art(o)).toEqual(['.###.', '#...#', '#...#', '#...#', '.###.']);
  });

  it('an ellipse spans exactly center ± radii', () => {
    const s = canvas(9, 5);
    s.ellipse({ x: 4, y: 2 }, 4, 2, ON);
    expect(art(s)).toEqual(['..#####..', '##.....##', '#.......#', '##.....##', '..#####..']);
  });

  it('huge radii are exact (BigInt): the edge of a circle of radius 1e9', () => {
    // dx = r stays inside while dy² <= r + 1/4, i.e. up to dy = 31622 (4r² alone is past 2^53).
    const s = canvas(8, 2);
    s.fillCircle({ x: 5 - 1e9, y: -31622 }, 1e9, ON);
    expect(art(s)).toEqual(['######..', '#####...']);
  });

  it('negative radius is an argument error', () => {
    expect(() => canvas(2, 2).circle({ x: 0, y: 0 }, -1, ON)).toThrow(/rx must be >= 0/);
  });
});

describe('rectangles', () => {
  it('strokeRect, rounded rects, clamped radius', () => {
    const s = canvas(6, 4);
    s.strokeRect({ x: 0, y: 0, w: 6, h: 4 }, ON);
    expect(art(s)).toEqual(['######', '#....#', '#....#', '######']);
    const r = canvas(7, 5);
    r.fillRoundRect({ x: 0, y: 0, w: 7, h: 5 }, 2, ON);
    expect(art(r)).toEqual(['.#####.', '#######', '#######', '#######', '.#####.']);
    const o = canvas(7, 7);
    o.roundRect({ x: 0, y: 0, w: 7, h: 7 }, 50, ON); // radius 3: a circle
    const c = canvas(7, 7);
    c.circle({ x: 3, y: 3 }, 3, ON);
    expect(art(o)).toEqual(art(c));
  });
});

describe('polygons', () => {
  const square: Point[] = [
    { x: 1, y: 1 },
    { x: 9, y: 1 },
    { x: 9, y: 7 },
    { x: 1, y: 7 },
  ];

  it('a polygon covers the pixels whose centers it contains', () => {
    const s = canvas(10, 8);
    s.fillPolygon(square, ON);
    const r = canvas(10, 8);
    r.fillRect({ x: 1, y: 1, w: 8, h: 6 }, ON);
    expect(art(s)).toEqual(art(r));
  });

  it('two triangles sharing a diagonal cover the square exactly once', () => {
    const a = canvas(10, 8),
      b = canvas(10, 8);
    a.fillPolygon([square[0]!, square[1]!, square[2]!], ON);
    b.fillPolygon([square[0]!, square[2]!, square[3]!], ON);
    const ra = art(a),
      rb = art(b);
    for (let y = 0; y < 8; y++)
      for (let x = 0; x < 10; x++) {
        const inSquare = x >= 1 && x < 9 && y >= 1 && y < 7;
        expect([ra[y]![x] === '#' && rb[y]![x] === '#', ra[y]![x] === '#' || rb[y]![x] === '#']).toEqual([false, inSquare]);
      }
  });

  it('evenodd leaves the overlap of a self-overlapping path empty, nonzero fills it', () => {
    const twice = [...square, ...square];
    const n = canvas(10, 8),
      e = canvas(10, 8);
    n.fillPolygon(twice, ON, { rule: 'nonzero' });
    e.fillPolygon(twice, ON, { rule: 'evenodd' });
    expect(art(n).join('')).toContain('########');
    expect(art(e).join('')).not.toContain('#');
  });

  it('refuses vertices beyond ±2^24 and unknown rules', () => {
    const s = canvas(2, 2);
    expect(() =>
      s.fillPolygon(
        [
          { x: 2 ** 25, y: 0 },
          { x: 0, y: 1 },
          { x: 1, y: 1 },
        ],
        ON,
      ),
    ).toThrow(/points\[0\].x .* beyond/);
    expect(() => s.fillPolygon(square, ON, { rule: 'winding' as never })).toThrow(/unknown fill rule/);
  });
});
