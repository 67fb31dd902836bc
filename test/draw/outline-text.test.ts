/**
 * Outline text: layout (advances, kerning, wrapping, alignment, line height, ellipsis,
 * fallback faces) measured against the font's own numbers, drawing inside the clip
 * only, the glyph cache, the bitmap/outline choice of Surface.drawText, and that the
 * parser (opentype.js) loads only with the first font.
 */
import { describe, expect, it } from 'vitest';
import { runChild } from '../support/child.js';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureOutlineText } from '../../src/draw/outline-text.js';
import type { OutlineFace } from '../../src/draw/outline-font.js';
import { CUBIC_CONTROL, Path, QUAD_CONTROL } from '../../src/draw/path.js';
import { Surface } from '../../src/draw/surface.js';
import { loadFont } from '../../src/text/load-font.js';
import { setFaceResolver } from '../../src/draw/outline-font.js';
import { findFontFile } from '../../src/text/find-font.js';
import { catchError } from '../support/catch-error.js';
import { ttfToWoff } from '../support/woff.js';

const DEJAVU = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';
// What fbkit's index does on import: font names resolve through text/'s loader.
setFaceResolver(loadFont);
const face = () => loadFont(DEJAVU);
const px = (f: OutlineFace, units: number, size: number) => (units * size) / f.unitsPerEm;
const adv = (f: OutlineFace, ch: string, size: number) => px(f, f.advance(f.glyphIndex(ch.codePointAt(0)!)), size);

describe('outline text layout', () => {
  it('measures a line as the sum of advances plus kerning', () => {
    const f = face();
    const [a, v] = ['A', 'V'].map((c) => f.glyphIndex(c.codePointAt(0)!)) as [number, number];
    expect(f.kerning(a, v)).toBeLessThan(0); // DejaVu kerns AV
    const want = adv(f, 'A', 40) + adv(f, 'V', 40) + px(f, f.kerning(a, v), 40);
    expect(measureOutlineText('AV', { font: f, size: 40 }).width).toBeCloseTo(want, 9);
    expect(measureOutlineText('AV', { font: f, size: 40 }).height).toBeCloseTo(px(f, f.ascender - f.descender + f.lineGap, 40), 9);
  });

  it('wraps at spaces to the width, breaks long words, and counts lines', () => {
    const f = face();
    const box = measureOutlineText('one two three four five six', { font: f, size: 20, width: 90 });
    expect(box.lines).toBeGreaterThan(2);
    expect(box.width).toBeLessThanOrEqual(90);
    const word = measureOutlineText('abcdefghijklmnopqrstuvwxyz', { font: f, size: 20, width: 50 });
    expect(word.lines).toBeGreaterThan(4);
    expect(word.width).toBeLessThanOrEqual(50);
    expect(measureOutlineText('a\nb\n\nc', { font: f, size: 20 }).lines).toBe(4);
    expect(measureOutlineText('a\nb', { font: f, size: 20, lineHeight: 2 }).height).toBe(80);
  });

  it('cuts to maxLines with an ellipsis that fits the width', () => {
    const f = face();
    const box = measureOutlineText('the quick brown fox jumps over the lazy dog again and again', {
      font: f,
      size: 20,
      width: 120,
      maxLines: 2,
    });
    expect(box.lines).toBe(2);
    expect(box.width).toBeLessThanOrEqual(120);
    const s = Surface.create(200, 60);
    s.drawText('the quick brown fox jumps over', { font: f, size: 20, width: 150, maxLines: 1, color: 0xffffffff, ellipsis: '...' });
    // The last ink is the third dot, before x = 150.
    let right = 0;
    for (let x = 0; x < 200; x++) for (let y = 0; y < 60; y++) if (s.getPixel(x, y) >>> 24) right = Math.max(right, x);
    expect(right).toBeLessThan(150);
    expect(right).toBeGreaterThan(100);
  });

  it('aligns lines inside the width', () => {
    const f = face();
    const inkSpan = (align: 'left' | 'center' | 'right') => {
      const s = Surface.create(300, 40);
      s.drawText('Hi', { font: f, size: 24, width: 300, align, color: 0xffffffff });
      const cols: number[] = [];
      for (let x = 0; x < 300; x++) for (let y = 0; y < 40; y++) if (s.getPixel(x, y) >>> 24) cols.push(x);
      return [Math.min(...cols), Math.max(...cols)];
    };
    const [l0, l1] = inkSpan('left');
    const [c0, c1] = inkSpan('center');
    const [r0, r1] = inkSpan('right');
    expect(l0).toBeLessThan(5);
    expect(r1).toBeGreaterThan(294);
    expect(Math.abs((c0! + c1!) / 2 - 150)).toBeLessThan(3);
    expect(c1! - c0!).toBe(l1! - l0!);
    expect(r1! - r0!).toBe(l1! - l0!);
  });

  it('takes missing code points from a fallback face, else draws .notdef', () => {
    const f = face();
    const symbol: OutlineFace = {
      name: 'one box',
      unitsPerEm: 1000,
      ascender: 800,
      descender: -200,
      lineGap: 0,
      glyphIndex: (cp) => (cp === 0x4e2d ? 1 : 0),
      advance: () => 1000,
      kerning: () => 0,
      outline: () => new Path().rect(100, 0, 800, 700),
    };
    expect(f.glyphIndex(0x4e2d)).toBe(0); // DejaVu Sans has no CJK: the fallback draws it
    const w = measureOutlineText('a\u4e2d', { font: f, size: 20, fallback: [symbol] }).width;
    expect(w).toBeCloseTo(adv(f, 'a', 20) + 20, 9);
    const s = Surface.create(60, 30);
    s.drawText('\u4e2d', { font: f, fallback: [symbol], size: 20, color: 0xffffffff });
    expect(s.getPixel(10, 10) >>> 24).toBe(255); // inside the box
    const notdef = Surface.create(60, 30);
    const box = notdef.drawText('\u4e2d', { font: f, size: 20, color: 0xffffffff });
    expect(box.width).toBeCloseTo(px(f, f.advance(0), 20), 9);
    expect(Array.from({ length: 1800 }, (_, i) => notdef.getPixel(i % 60, (i / 60) | 0) >>> 24).some((a) => a > 0)).toBe(true);
  });
});

describe('outline text drawing', () => {
  it('never writes outside the clip', () => {
    const s = Surface.create(120, 60);
    s.clear(0xff102030);
    s.setClip({ x: 20, y: 10, w: 50, h: 25 });
    s.drawText('Clipped glyphs ÅgÉ', { font: face(), size: 40, x: -7.3, y: -5, color: 0xffffffff });
    let inside = 0;
    for (let y = 0; y < 60; y++) {
      for (let x = 0; x < 120; x++) {
        const v = s.getPixel(x, y) >>> 0;
        const inClip = x >= 20 && x < 70 && y >= 10 && y < 35;
        if (!inClip) expect(v).toBe(0xff102030);
        else if (v !== 0xff102030) inside++;
      }
    }
    expect(inside).toBeGreaterThan(100);
  });

  it('draws the same pixels from the cache as when first rendered', () => {
    const a = Surface.create(200, 40),
      b = Surface.create(200, 40);
    const f = face();
    a.drawText('cache me', { font: f, size: 27.5, x: 3.3, y: 2, color: 0xffeeddcc });
    b.drawText('cache me', { font: f, size: 27.5, x: 3.3, y: 2, color: 0xffeeddcc });
    expect(b.bytes).toEqual(a.bytes);
  });

  it('chooses outline or bitmap by the font option', () => {
    const bitmap = Surface.create(100, 20),
      outline = Surface.create(100, 20);
    expect(bitmap.drawText('Hi', { x: 1, y: 1 }, { color: 0xffffffff })).toBeUndefined();
    const box = outline.drawText('Hi', { x: 1, y: 1 }, { font: 'DejaVu Sans', size: 14, color: 0xffffffff });
    expect(box?.lines).toBe(1);
    // Bitmap pixels are fully on or off; outline text has partial coverage.
    const alphas = (s: Surface) => new Set(Array.from({ length: 2000 }, (_, i) => s.getPixel(i % 100, (i / 100) | 0) >>> 24));
    expect([...alphas(bitmap)].every((a) => a === 0 || a === 255)).toBe(true);
    expect([...alphas(outline)].some((a) => a > 0 && a < 255)).toBe(true);
  });

  it('finds fonts by family name and says where it looked when one is missing', () => {
    expect(findFontFile('DejaVu Sans')).toMatch(/DejaVuSans\.ttf$/);
    const err = catchError(() => findFontFile('Surely No Such Family')) as Error;
    expect(err.message).toMatch(/no font named 'Surely No Such Family' under \/usr\/share\/fonts/);
    expect((catchError(() => loadFont('/nonexistent/x.ttf')) as Error).message).toMatch(/cannot read font \/nonexistent\/x.ttf: ENOENT/);
  });

  it('without fontconfig, finds families by file name under the font directories and ~/.fonts', () => {
    const home = mkdtempSync(join(tmpdir(), 'fbkit-home-'));
    const saved = { PATH: process.env.PATH, HOME: process.env.HOME };
    try {
      mkdirSync(join(home, '.fonts', 'mine'), { recursive: true });
      writeFileSync(join(home, '.fonts', 'mine', 'KioskFace-Regular.ttf'), readFileSync(DEJAVU));
      process.env.PATH = ''; // no fc-match
      process.env.HOME = home;
      expect(findFontFile('Kiosk Face')).toBe(join(home, '.fonts', 'mine', 'KioskFace-Regular.ttf'));
      expect(findFontFile('DejaVu Sans Mono')).toMatch(/\/DejaVuSansMono\.ttf$/);
      expect((catchError(() => findFontFile('Kiosk')) as Error).message).toMatch(
        new RegExp(`no font named 'Kiosk' under .*${home}/\\.fonts`),
      );
    } finally {
      process.env.PATH = saved.PATH;
      process.env.HOME = saved.HOME;
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('takes hinting: true or false, nothing else (and draws nothing then)', () => {
    const s = Surface.create(40, 30);
    const err = catchError(() =>
      s.drawText('Hi', { font: face(), size: 16, color: 0xffffffff, hinting: 'no' as unknown as boolean }),
    ) as Error & { code: string };
    expect(err.code).toBe('EINVAL');
    expect(err.message).toMatch(/hinting must be true or false, got string 'no'/);
    expect(s.bytes.every((b) => b === 0)).toBe(true);
  });

  it('reads CFF-flavoured OpenType (.otf): cubic outlines, drawn with their own area of ink', () => {
    const file = '/usr/share/fonts/opentype/freefont/FreeSans.otf'; // Debian fonts-freefont-otf
    const f = loadFont(file);
    const g = f.glyphIndex(0x6f); // 'o', a ring of curves
    const kinds = f
      .outline(g)
      .contours()
      .flatMap((c) => c.kinds);
    expect(kinds).toContain(CUBIC_CONTROL);
    expect(kinds).not.toContain(QUAD_CONTROL);
    // Unhinted, in a gray the text contrast table leaves as is: the ink is the outline's area.
    const size = 60,
      k = size / f.unitsPerEm;
    let area = 0;
    for (const { points: p } of f.outline(g).flatten(k, -k)) {
      for (let i = 0; i < p.length; i += 2) area += (p[i]! * p[(i + 3) % p.length]! - p[(i + 2) % p.length]! * p[i + 1]!) / 2;
    }
    const s = Surface.create(80, 80);
    s.clear(0xff000000);
    s.drawText('o', { font: f, size, x: 5, y: 0, color: 0xffbbbbbb, hinting: false });
    let ink = 0;
    for (let y = 0; y < 80; y++) for (let x = 0; x < 80; x++) ink += (s.getPixel(x, y) & 255) / 0xbb;
    expect(ink).toBeGreaterThan(100);
    expect(Math.abs(ink - Math.abs(area)) / Math.abs(area)).toBeLessThan(0.01);
  });

  it('reads WOFF: the same glyphs as the TrueType file it wraps', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fbkit-woff-'));
    try {
      const woff = join(dir, 'DejaVuSans.woff');
      writeFileSync(woff, ttfToWoff(readFileSync(DEJAVU)));
      const draw = (font: OutlineFace) => {
        const s = Surface.create(160, 40);
        s.drawText('WOFF AVA, ÅÉ', { font, size: 22, x: 2.5, y: 3, color: 0xffffffff });
        return s.bytes;
      };
      const fromWoff = draw(loadFont(woff));
      expect(fromWoff.some((b) => b !== 0)).toBe(true);
      expect(fromWoff).toEqual(draw(face()));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('loads the font parser only with the first font', async () => {
    const index = fileURLToPath(new URL('../../src/index.ts', import.meta.url));
    const probe = `
      const m = await import(${JSON.stringify(index)});
      const { createRequire } = await import('node:module');
      const cache = createRequire(import.meta.url).cache;
      const loaded = () => Object.keys(cache).some((k) => k.includes('opentype'));
      const before = loaded();
      const s = m.Surface.create(50, 20);
      s.drawText('x', { x: 0, y: 0 }, { color: 0xffffffff });
      const afterBitmap = loaded();
      s.drawText('x', { font: 'DejaVu Sans', size: 12, color: 0xffffffff });
      console.log(JSON.stringify([before, afterBitmap, loaded()]));`;
    const { stdout, stderr } = await runChild(probe, [], 60_000);
    expect(JSON.parse(stdout.trim()), stderr).toEqual([false, false, true]);
  });
});
