/**
 * Text contrast: coverage → the blend weight that makes text look as it would blended
 * in linear light, for the background it most likely sits on (the text color's opposite
 * luminance). Blending stays the cheap one on stored sRGB values (draw/paint); only the
 * coverage is remapped, once per pixel through a 256-entry table per text color (the
 * approach of Skia's mask gamma, written from its description). Exactly gamma-correct
 * for white on black; dark text takes part of the
 * correction (DARK_TEXT_WEIGHT); for a color of middle luminance the table is the identity.
 *
 * Why: blending coverage on sRGB values (as fbkit's shapes and most UI stacks do)
 * makes light-on-dark text thin and dim and dark-on-light text heavy; with this
 * mapping white-on-black text at coverage ½ shows at the brightness of half the light.
 */
import type { CoverageSink } from './coverage.js';

const toLinear = (s: number) => (s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4);
const toSrgb = (l: number) => (l <= 0.0031308 ? l * 12.92 : 1.055 * l ** (1 / 2.4) - 0.055);

/** Below this luminance difference from its opposite a color gets no remapping. */
const MIN_CONTRAST = 0.05;

/**
 * Dark text goes this far from plain coverage towards the linear-light weight: all the
 * way would thin it (Skia adds contrast back for dark text). 0.6 agreed best with Skia
 * for black on white at 12–72 px (test/draw/skia-agreement: mean difference over ink
 * 8–31 gray levels, against 10–35 at 1 and 13–36 at 0).
 */
const DARK_TEXT_WEIGHT = 0.6;

const tables = new Map<number, Uint8Array | null>();

/** The coverage table for text of color `argb` (null: identity). */
export function textCoverageTable(argb: number): Uint8Array | null {
  const rgb = argb & 0xffffff;
  let t = tables.get(rgb);
  if (t !== undefined) return t;
  const lum =
    0.2126 * toLinear(((rgb >>> 16) & 255) / 255) + 0.7152 * toLinear(((rgb >>> 8) & 255) / 255) + 0.0722 * toLinear((rgb & 255) / 255);
  const back = 1 - lum;
  if (Math.abs(lum - back) < MIN_CONTRAST) t = null;
  else {
    const ss = toSrgb(lum),
      sd = toSrgb(back);
    const w = lum < back ? DARK_TEXT_WEIGHT : 1;
    t = Uint8Array.from({ length: 256 }, (_, c) => {
      const linearLight = (toSrgb(lum * (c / 255) + back * (1 - c / 255)) - sd) / (ss - sd);
      return Math.round((w * linearLight + (1 - w) * (c / 255)) * 255);
    });
  }
  if (tables.size > 64) tables.clear();
  tables.set(rgb, t);
  return t;
}

/** A sink that passes coverage through `table` to `sink`. */
export function mappedSink(sink: CoverageSink, table: Uint8Array): CoverageSink {
  let scratch = new Uint8Array(256);
  return {
    solid: (y, x, n, cov) => sink.solid(y, x, n, table[cov]!),
    mask(y, x, n, m, from) {
      if (scratch.length < n) scratch = new Uint8Array(n);
      for (let i = 0; i < n; i++) scratch[i] = table[m[from + i]!]!;
      sink.mask(y, x, n, scratch, 0);
    },
  };
}
