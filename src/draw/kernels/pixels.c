/*
 * fbkit's pixel kernels for WebAssembly with 128-bit SIMD. Built by .ci/build-wasm.mjs
 * (clang --target=wasm32 -msimd128 -O3, no libc) into src/draw/kernels/pixels-wasm.ts.
 *
 * Every kernel gives exactly the bytes of the JS kernel it stands in for (draw/convert.ts,
 * draw/blend.ts, draw/scale.ts); test/draw/kernels-wasm.test.ts compares them.
 *
 * Contract with the JS side (draw/kernels/wasm.ts): pointers are offsets into this
 * module's memory, counts are pixels, and every buffer is followed by at least 64 bytes
 * of slack. Loops therefore run in whole vectors and may read and write up to one vector
 * past the last pixel; those bytes are scratch that the caller never copies out.
 */
#include <stdint.h>
#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(#name)))

typedef uint32_t u32;
typedef uint16_t u16;
typedef uint8_t u8;

static inline v128_t splat(u32 v) { return wasm_i32x4_splat((int32_t)v); }

/* round(x / 255) for x <= 65025 in u16 lanes: t = x + 128; (t + (t >> 8)) >> 8. */
static inline v128_t div255_u16(v128_t x) {
  v128_t t = wasm_i16x8_add(x, wasm_i16x8_splat(128));
  return wasm_u16x8_shr(wasm_i16x8_add(t, wasm_u16x8_shr(t, 8)), 8);
}

/* --- 8888 -> 565 (pack() keeps the top bits: truncation) ------------------------ */

/*
 * Eight pixels a step in u16 lanes: the low words (G << 8 | B) and the high words
 * (A << 8 | R) of two vectors, each narrowed into one (the values fit, so the saturating
 * narrow is exact), then R, G and B shifted into place and masked.
 */
static inline v128_t to565x8(v128_t a, v128_t b, int bgr) {
  v128_t low = splat(0xffff);
  v128_t gb = wasm_u16x8_narrow_i32x4(wasm_v128_and(a, low), wasm_v128_and(b, low));
  v128_t ar = wasm_u16x8_narrow_i32x4(wasm_u32x4_shr(a, 16), wasm_u32x4_shr(b, 16));
  v128_t g = wasm_v128_and(wasm_u16x8_shr(gb, 5), wasm_i16x8_splat(0x07e0));
  if (bgr) {
    return wasm_v128_or(wasm_v128_or(wasm_v128_and(wasm_i16x8_shl(gb, 8), wasm_i16x8_splat((int16_t)0xf800)), g),
                        wasm_v128_and(wasm_u16x8_shr(ar, 3), wasm_i16x8_splat(0x001f)));
  }
  return wasm_v128_or(wasm_v128_or(wasm_v128_and(wasm_i16x8_shl(ar, 8), wasm_i16x8_splat((int16_t)0xf800)), g),
                      wasm_v128_and(wasm_u16x8_shr(gb, 3), wasm_i16x8_splat(0x001f)));
}

EXPORT(argb_to_565) void argb_to_565(const u32 *src, u16 *dst, u32 n, u32 bgr) {
  if (bgr) {
    for (u32 i = 0; i < n; i += 8) wasm_v128_store(dst + i, to565x8(wasm_v128_load(src + i), wasm_v128_load(src + i + 4), 1));
  } else {
    for (u32 i = 0; i < n; i += 8) wasm_v128_store(dst + i, to565x8(wasm_v128_load(src + i), wasm_v128_load(src + i + 4), 0));
  }
}

/* --- 565 -> 8888 (unpack() widens by replicating the top bits) ---------------------- */

/*
 * Eight pixels in u16 lanes. A 5-bit field f widens to (f << 3) | (f >> 2) = (f * 33) >> 2,
 * a 6-bit one to (f << 2) | (f >> 4) = (f * 65) >> 4 (no lane passes 2^16). The low words
 * (G << 8 | B) and high words (A << 8 | R) are then interleaved into pixels.
 */
static inline void from565x8(v128_t p, v128_t alphaHi, int bgr, u32 *dst) {
  v128_t hi = wasm_u16x8_shr(wasm_i16x8_mul(wasm_u16x8_shr(p, 11), wasm_i16x8_splat(33)), 2);
  v128_t g = wasm_u16x8_shr(wasm_i16x8_mul(wasm_v128_and(wasm_u16x8_shr(p, 5), wasm_i16x8_splat(0x3f)), wasm_i16x8_splat(65)), 4);
  v128_t lo = wasm_u16x8_shr(wasm_i16x8_mul(wasm_v128_and(p, wasm_i16x8_splat(0x1f)), wasm_i16x8_splat(33)), 2);
  v128_t r = bgr ? lo : hi, b = bgr ? hi : lo;
  v128_t gb = wasm_v128_or(wasm_i16x8_shl(g, 8), b), ar = wasm_v128_or(r, alphaHi);
  wasm_v128_store(dst, wasm_i16x8_shuffle(gb, ar, 0, 8, 1, 9, 2, 10, 3, 11));
  wasm_v128_store(dst + 4, wasm_i16x8_shuffle(gb, ar, 4, 12, 5, 13, 6, 14, 7, 15));
}

EXPORT(rgb565_to_argb) void rgb565_to_argb(const u16 *src, u32 *dst, u32 n, u32 bgr, u32 alpha) {
  v128_t a = wasm_i16x8_splat((int16_t)((alpha >> 16) & 0xff00));
  if (bgr) {
    for (u32 i = 0; i < n; i += 8) from565x8(wasm_v128_load(src + i), a, 1, dst + i);
  } else {
    for (u32 i = 0; i < n; i += 8) from565x8(wasm_v128_load(src + i), a, 0, dst + i);
  }
}

/*
 * --- byte-aligned 24/32 bpp formats: a byte shuffle plus an OR ----------------------
 * Four pixels per step: 16 source bytes (4 pixels of `srcBytes`) are rearranged by the
 * swizzle mask m0..m3 (16 byte indices, 0x80 for "zero") into 4 pixels of `dstBytes`, then
 * OR-ed with `or` (the alpha of formats without one). 8888 orders, 888 and XRGB all are
 * one mask: the JS side builds it from the formats' bitfields.
 */
EXPORT(shuffle) void shuffle(const u8 *src, u32 srcBytes, u8 *dst, u32 dstBytes, u32 n, u32 m0, u32 m1, u32 m2, u32 m3, u32 or) {
  v128_t mask = wasm_i32x4_make((int32_t)m0, (int32_t)m1, (int32_t)m2, (int32_t)m3), orv = splat(or);
  u32 sStep = 4 * srcBytes, dStep = 4 * dstBytes;
  if (dstBytes == 4) {
    for (u32 i = 0; i < n; i += 4, src += sStep, dst += dStep) wasm_v128_store(dst, wasm_v128_or(wasm_i8x16_swizzle(wasm_v128_load(src), mask), orv));
  } else {
    /* 3-byte output: a 16-byte store of which 12 count; the next store overwrites the rest. */
    for (u32 i = 0; i < n; i += 4, src += sStep, dst += dStep) wasm_v128_store(dst, wasm_i8x16_swizzle(wasm_v128_load(src), mask));
  }
}

/* --- 8 bpp gray ------------------------------------------------------------------------ */

/* Y = (77 R + 150 G + 29 B + 128) >> 8 (raster/format.ts luma). */
static inline v128_t luma4(v128_t c) {
  v128_t ff = splat(0xff);
  v128_t r = wasm_v128_and(wasm_u32x4_shr(c, 16), ff), g = wasm_v128_and(wasm_u32x4_shr(c, 8), ff), b = wasm_v128_and(c, ff);
  v128_t y = wasm_i32x4_add(wasm_i32x4_add(wasm_i32x4_mul(r, splat(77)), wasm_i32x4_mul(g, splat(150))), wasm_i32x4_add(wasm_i32x4_mul(b, splat(29)), splat(128)));
  return wasm_u32x4_shr(y, 8);
}

EXPORT(argb_to_gray8) void argb_to_gray8(const u32 *src, u8 *dst, u32 n) {
  for (u32 i = 0; i < n; i += 16) {
    v128_t a = wasm_u16x8_narrow_i32x4(luma4(wasm_v128_load(src + i)), luma4(wasm_v128_load(src + i + 4)));
    v128_t b = wasm_u16x8_narrow_i32x4(luma4(wasm_v128_load(src + i + 8)), luma4(wasm_v128_load(src + i + 12)));
    wasm_v128_store(dst + i, wasm_u8x16_narrow_i16x8(a, b));
  }
}

EXPORT(gray8_to_argb) void gray8_to_argb(const u8 *src, u32 *dst, u32 n) {
  v128_t a = splat(0xff000000u), k = splat(0x010101);
  for (u32 i = 0; i < n; i += 16) {
    v128_t p = wasm_v128_load(src + i);
    v128_t lo = wasm_u16x8_extend_low_u8x16(p), hi = wasm_u16x8_extend_high_u8x16(p);
    wasm_v128_store(dst + i, wasm_v128_or(a, wasm_i32x4_mul(wasm_u32x4_extend_low_u16x8(lo), k)));
    wasm_v128_store(dst + i + 4, wasm_v128_or(a, wasm_i32x4_mul(wasm_u32x4_extend_high_u16x8(lo), k)));
    wasm_v128_store(dst + i + 8, wasm_v128_or(a, wasm_i32x4_mul(wasm_u32x4_extend_low_u16x8(hi), k)));
    wasm_v128_store(dst + i + 12, wasm_v128_or(a, wasm_i32x4_mul(wasm_u32x4_extend_high_u16x8(hi), k)));
  }
}

/* --- source-over (draw/blend.ts) ------------------------------------------------------ */

/* The alpha byte of each of two pixels spread over that pixel's four u16 lanes. */
static inline v128_t alphas(v128_t s16) { return wasm_i16x8_shuffle(s16, s16, 3, 3, 3, 3, 7, 7, 7, 7); }

/*
 * Two pixels in u16 lanes: div255(s * sa + d * (255 - sa)) per channel. At sa = 255 this
 * is s and at sa = 0 it is d, exactly, so no lane needs a branch. The alpha lane comes out
 * as a blend of alphas; callers replace it.
 */
static inline v128_t blend2(v128_t s16, v128_t d16) {
  v128_t sa = alphas(s16);
  v128_t na = wasm_i16x8_sub(wasm_i16x8_splat(255), sa);
  return div255_u16(wasm_i16x8_add(wasm_i16x8_mul(s16, sa), wasm_i16x8_mul(d16, na)));
}

static inline v128_t blend4(v128_t s, v128_t d) {
  v128_t lo = blend2(wasm_u16x8_extend_low_u8x16(s), wasm_u16x8_extend_low_u8x16(d));
  v128_t hi = blend2(wasm_u16x8_extend_high_u8x16(s), wasm_u16x8_extend_high_u8x16(d));
  return wasm_u8x16_narrow_i16x8(lo, hi);
}

/* src over XRGB8888 dst in place; the X byte is stored as 0 (pack(XRGB8888)). */
EXPORT(over_x888) void over_x888(const u32 *src, u32 *dst, u32 n) {
  v128_t rgb = splat(0x00ffffff);
  for (u32 i = 0; i < n; i += 4) wasm_v128_store(dst + i, wasm_v128_and(blend4(wasm_v128_load(src + i), wasm_v128_load(dst + i)), rgb));
}

static inline u32 div255(u32 x) {
  u32 t = x + 128;
  return (t + (t >> 8)) >> 8;
}

/* blend.ts `over` for a destination with alpha below 255 (straight alpha, exact division). */
static u32 over_translucent(u32 s, u32 d) {
  u32 sa = s >> 24, da = d >> 24;
  if (sa == 255) return s;
  if (sa == 0) return d;
  u32 dw = div255(da * (255 - sa)), oa = sa + dw;
  if (oa == 0) return 0;
  u32 half = oa >> 1;
  u32 r = (((s >> 16) & 255) * sa + ((d >> 16) & 255) * dw + half) / oa;
  u32 g = (((s >> 8) & 255) * sa + ((d >> 8) & 255) * dw + half) / oa;
  u32 b = ((s & 255) * sa + (d & 255) * dw + half) / oa;
  return (oa << 24) | (r << 16) | (g << 8) | b;
}

/* src over ARGB8888 dst in place: opaque destinations in vectors, others per pixel. */
EXPORT(over_8888) void over_8888(const u32 *src, u32 *dst, u32 n) {
  v128_t alpha = splat(0xff000000u);
  for (u32 i = 0; i < n; i += 4) {
    v128_t d = wasm_v128_load(dst + i);
    if (wasm_i32x4_all_true(wasm_i32x4_eq(wasm_v128_and(d, alpha), alpha))) {
      wasm_v128_store(dst + i, wasm_v128_or(blend4(wasm_v128_load(src + i), d), alpha));
      continue;
    }
    for (u32 j = i; j < i + 4; j++) {
      u32 s = src[j], dj = dst[j];
      if (dj >> 24 == 255) {
        u32 sa = s >> 24, na = 255 - sa;
        u32 r = div255(((s >> 16) & 255) * sa + ((dj >> 16) & 255) * na);
        u32 g = div255(((s >> 8) & 255) * sa + ((dj >> 8) & 255) * na);
        u32 b = div255((s & 255) * sa + (dj & 255) * na);
        dst[j] = 0xff000000u | (r << 16) | (g << 8) | b;
      } else {
        dst[j] = over_translucent(s, dj);
      }
    }
  }
}

/* blend.ts `fade`: alpha = div255(alpha * opacity), in place. */
EXPORT(fade) void fade(u32 *px, u32 n, u32 opacity) {
  v128_t op = splat(opacity), rgb = splat(0x00ffffff);
  for (u32 i = 0; i < n; i += 4) {
    v128_t c = wasm_v128_load(px + i);
    v128_t t = wasm_i32x4_add(wasm_i32x4_mul(wasm_u32x4_shr(c, 24), op), splat(128));
    v128_t a = wasm_u32x4_shr(wasm_i32x4_add(t, wasm_u32x4_shr(t, 8)), 8);
    wasm_v128_store(px + i, wasm_v128_or(wasm_v128_and(c, rgb), wasm_i32x4_shl(a, 24)));
  }
}

/*
 * --- bilinear (draw/scale.ts `mix`) -------------------------------------------------
 * One destination row from source rows `top` and `bottom` (ARGB): for pixel i, xs[3i],
 * xs[3i+1] are the two source columns and xs[3i+2] the weight of the second in 1/256.
 * `fy` is the weight of `bottom`.
 * Opaque neighbours: round(sum(c * w) / 65536) with w the products of the axis weights.
 * That sum is separable, (c00 (256-fx) + c10 fx) (256-fy) + (c01 (256-fx) + c11 fx) fy,
 * so it runs as two lerps on the four channels at once, exact in 32-bit lanes.
 */
static u32 mix_translucent(u32 c00, u32 c10, u32 c01, u32 c11, u32 fx, u32 fy) {
  u32 w00 = (256 - fx) * (256 - fy), w10 = fx * (256 - fy), w01 = (256 - fx) * fy, w11 = fx * fy;
  uint64_t aw00 = (uint64_t)(c00 >> 24) * w00, aw10 = (uint64_t)(c10 >> 24) * w10, aw01 = (uint64_t)(c01 >> 24) * w01,
           aw11 = (uint64_t)(c11 >> 24) * w11;
  uint64_t total = aw00 + aw10 + aw01 + aw11;
  if (total == 0) return 0;
  u32 out = (u32)((total + 32768) >> 16) << 24;
  for (int shift = 0; shift <= 16; shift += 8) {
    uint64_t sum = ((c00 >> shift) & 255) * aw00 + ((c10 >> shift) & 255) * aw10 + ((c01 >> shift) & 255) * aw01 + ((c11 >> shift) & 255) * aw11;
    out |= (u32)((2 * sum + total) / (2 * total)) << shift;
  }
  return out;
}

/* The per-column weights of bilinear_row: 16 bytes per destination pixel, i16 lanes
 * (256 - fx, fx) four times (one pair per channel), made once per scale. */
EXPORT(bilinear_weights) void bilinear_weights(const int32_t *xs, v128_t *weights, u32 n) {
  for (u32 i = 0; i < n; i++) {
    int16_t fx = (int16_t)xs[3 * i + 2], gx = (int16_t)(256 - fx);
    weights[i] = wasm_i16x8_make(gx, fx, gx, fx, gx, fx, gx, fx);
  }
}

/*
 * One opaque destination pixel from the biased vertical blends at `v` (its column, then the
 * next): a signed dot product per channel, unbiased, rounded, >> 16 (see bilinear_row).
 * The two columns are loaded apart and interleaved by word (one punpcklwd in V8), not
 * loaded together and shuffled: V8 rebuilds a general shuffle's mask every time it runs.
 */
static inline v128_t horizontal(const u16 *v, v128_t weights) {
  v128_t mixed = wasm_i16x8_shuffle(wasm_v128_load64_zero(v), wasm_v128_load64_zero(v + 4), 0, 8, 1, 9, 2, 10, 3, 11);
  return wasm_u32x4_shr(wasm_i32x4_add(wasm_i32x4_dot_i16x8(mixed, weights), splat(256 * 32768 + 32768)), 16);
}

/*
 * One destination row. When both source rows are opaque (the common case: photos,
 * logos on a background), it runs in two passes: the rows are blended vertically into
 * `vert` (per channel c_top (256 - fy) + c_bottom fy <= 65280, stored minus 32768 so it
 * fits an i16), then each destination pixel takes a signed dot product of its column's
 * and the next column's values with (256 - fx, fx): the sum minus 32768 * 256, exactly.
 * (At the right edge the next column is read with weight fx = 0: any value does.)
 * Otherwise each pixel takes the premultiplied formula, or the opaque one when its four
 * neighbours happen to be opaque. Every output pixel is ANDed with `keep`: 0x00ffffff
 * writes XRGB8888 pixels (X = 0, as pack() stores it) with no separate encoding pass.
 */
EXPORT(bilinear_row)
void bilinear_row(const u32 *top, const u32 *bottom, const int32_t *xs, const v128_t *weights, u16 *vert, u32 *out, u32 n, u32 srcW, u32 fy,
                  u32 keep) {
  v128_t wy0 = wasm_i16x8_splat((int16_t)(256 - fy)), wy1 = wasm_i16x8_splat((int16_t)fy), half = splat(32768);
  v128_t acc = splat(0xffffffffu), bias = wasm_i16x8_splat((int16_t)0x8000);
  u32 x = 0;
  for (; x + 4 <= srcW; x += 4) {
    v128_t t = wasm_v128_load(top + x), b = wasm_v128_load(bottom + x);
    acc = wasm_v128_and(acc, wasm_v128_and(t, b));
    v128_t lo = wasm_i16x8_add(wasm_i16x8_mul(wasm_u16x8_extend_low_u8x16(t), wy0), wasm_i16x8_mul(wasm_u16x8_extend_low_u8x16(b), wy1));
    v128_t hi = wasm_i16x8_add(wasm_i16x8_mul(wasm_u16x8_extend_high_u8x16(t), wy0), wasm_i16x8_mul(wasm_u16x8_extend_high_u8x16(b), wy1));
    wasm_v128_store(vert + 4 * x, wasm_v128_xor(lo, bias));
    wasm_v128_store(vert + 4 * x + 8, wasm_v128_xor(hi, bias));
  }
  acc = wasm_v128_and(acc, wasm_i32x4_shuffle(acc, acc, 2, 3, 0, 1)); /* lanes 0 and 1 now cover all four */
  if (x + 2 <= srcW) {
    v128_t t = wasm_v128_load64_zero(top + x), b = wasm_v128_load64_zero(bottom + x);
    acc = wasm_v128_and(acc, wasm_v128_and(t, b));
    v128_t v = wasm_i16x8_add(wasm_i16x8_mul(wasm_u16x8_extend_low_u8x16(t), wy0), wasm_i16x8_mul(wasm_u16x8_extend_low_u8x16(b), wy1));
    wasm_v128_store(vert + 4 * x, wasm_v128_xor(v, bias));
    x += 2;
  }
  u32 opaque = (u32)wasm_i32x4_extract_lane(acc, 0) & (u32)wasm_i32x4_extract_lane(acc, 1);
  if (x < srcW) {
    /* An odd width: the last pixel alone (the store's upper half lands in the slack). */
    v128_t t = wasm_v128_load32_zero(top + x), b = wasm_v128_load32_zero(bottom + x);
    opaque &= top[x] & bottom[x];
    v128_t v = wasm_i16x8_add(wasm_i16x8_mul(wasm_u16x8_extend_low_u8x16(t), wy0), wasm_i16x8_mul(wasm_u16x8_extend_low_u8x16(b), wy1));
    wasm_v128_store(vert + 4 * x, wasm_v128_xor(v, bias));
  }
  if (opaque >> 24 == 255) {
    v128_t keepv = splat(keep);
    u32 i = 0;
    for (; i + 4 <= n; i += 4) {
      v128_t c0 = horizontal(vert + 4 * xs[3 * i], weights[i]), c1 = horizontal(vert + 4 * xs[3 * i + 3], weights[i + 1]);
      v128_t c2 = horizontal(vert + 4 * xs[3 * i + 6], weights[i + 2]), c3 = horizontal(vert + 4 * xs[3 * i + 9], weights[i + 3]);
      wasm_v128_store(out + i, wasm_v128_and(wasm_u8x16_narrow_i16x8(wasm_u16x8_narrow_i32x4(c0, c1), wasm_u16x8_narrow_i32x4(c2, c3)), keepv));
    }
    for (; i + 2 <= n; i += 2) {
      v128_t c0 = horizontal(vert + 4 * xs[3 * i], weights[i]), c1 = horizontal(vert + 4 * xs[3 * i + 3], weights[i + 1]);
      v128_t words = wasm_u16x8_narrow_i32x4(c0, c1);
      wasm_v128_store64_lane(out + i, wasm_v128_and(wasm_u8x16_narrow_i16x8(words, words), keepv), 0);
    }
    if (i < n) {
      v128_t c = horizontal(vert + 4 * xs[3 * i], weights[i]);
      v128_t words = wasm_u16x8_narrow_i32x4(c, c);
      out[i] = (u32)wasm_i32x4_extract_lane(wasm_u8x16_narrow_i16x8(words, words), 0) & keep;
    }
    return;
  }
  v128_t wyv1 = splat(fy), wyv0 = splat(256 - fy);
  for (u32 i = 0; i < n; i++, xs += 3) {
    u32 xa = (u32)xs[0], xb = (u32)xs[1], fx = (u32)xs[2];
    u32 c00 = top[xa], c10 = top[xb], c01 = bottom[xa], c11 = bottom[xb];
    if ((c00 & c10 & c01 & c11) >> 24 != 255) {
      out[i] = mix_translucent(c00, c10, c01, c11, fx, fy) & keep;
      continue;
    }
    v128_t wx1 = splat(fx), wx0 = splat(256 - fx);
    /* Channels of one pixel in 32-bit lanes (B, G, R, A). */
    v128_t p00 = wasm_u32x4_extend_low_u16x8(wasm_u16x8_extend_low_u8x16(wasm_v128_load32_zero(&c00)));
    v128_t p10 = wasm_u32x4_extend_low_u16x8(wasm_u16x8_extend_low_u8x16(wasm_v128_load32_zero(&c10)));
    v128_t p01 = wasm_u32x4_extend_low_u16x8(wasm_u16x8_extend_low_u8x16(wasm_v128_load32_zero(&c01)));
    v128_t p11 = wasm_u32x4_extend_low_u16x8(wasm_u16x8_extend_low_u8x16(wasm_v128_load32_zero(&c11)));
    v128_t t = wasm_i32x4_add(wasm_i32x4_mul(p00, wx0), wasm_i32x4_mul(p10, wx1));
    v128_t b = wasm_i32x4_add(wasm_i32x4_mul(p01, wx0), wasm_i32x4_mul(p11, wx1));
    v128_t v = wasm_u32x4_shr(wasm_i32x4_add(wasm_i32x4_add(wasm_i32x4_mul(t, wyv0), wasm_i32x4_mul(b, wyv1)), half), 16);
    v128_t bytes = wasm_u8x16_narrow_i16x8(wasm_u16x8_narrow_i32x4(v, v), v);
    out[i] = (0xff000000u | (u32)wasm_i32x4_extract_lane(bytes, 0)) & keep;
  }
}
