/*
 * C references for the pixel loops bench/run.mjs compares fbkit against, built by
 * run.mjs three ways from this one file:
 *   cc -O2                            plain loops, a compiler's default optimization
 *   cc -O3 -march=native              the same loops as fast as gcc makes them here
 *   cc -O2 -DWITH_PIXMAN -lpixman-1   pixman_image_composite32 instead of the loops
 *
 *   fbkit-bench-ref OP WIDTH HEIGHT SAMPLES OUTFILE   (timed by CPU time, clock_gettime)
 *   OP: 8888to565 | 565to8888 | over8888 | bilinear (pixman only)
 *
 * Prints one line, "<OP> <median MPix/s>", and writes the output pixels (2 or 4 bytes
 * each, little-endian) to OUTFILE, which run.mjs compares with fbkit's. The input pixels
 * come from the same xorshift32 sequence run.mjs uses (seed 0x12345678, one value per
 * pixel), so both sides convert and blend the same data, including the same spread of
 * alpha values.
 * Channel rules are the library's: 8888->565 truncates, 565->8888 replicates the top
 * bits, and source-over onto an opaque destination is div255(s*sa + d*(255-sa)) with
 * div255(x) = ((x+128) + ((x+128) >> 8)) >> 8. pixman works on premultiplied alpha, so
 * its OVER gets the premultiplied source (made before timing) and may differ by rounding;
 * its bilinear filter (7-bit weights) scales an opaque source and may differ likewise.
 * bilinear: the WIDTH/2 x HEIGHT/2 top-left part of the source, opaque, scaled to WIDTH
 * x HEIGHT, sampled at pixel centers with edge pixels repeated.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifdef WITH_PIXMAN
#include <pixman.h>
#endif

static uint32_t xorshift_state = 0x12345678u;
static uint32_t xorshift32(void) {
  uint32_t x = xorshift_state;
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  return xorshift_state = x;
}

static double now_seconds(void) {
  struct timespec ts;
  /* CPU time of this process, as run.mjs measures its side: time spent waiting for a
   * core on a loaded machine does not count. */
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static size_t n, width, height;
static uint32_t *a32, *b32, *bg32;
static uint16_t *a16;

#ifndef WITH_PIXMAN
static void to565(void) {
  uint16_t *dst = (uint16_t *)b32;
  for (size_t i = 0; i < n; i++) {
    uint32_t p = a32[i];
    dst[i] = (uint16_t)(((p >> 8) & 0xf800) | ((p >> 5) & 0x07e0) | ((p >> 3) & 0x001f));
  }
}

static void from565(void) {
  for (size_t i = 0; i < n; i++) {
    uint32_t p = a16[i];
    uint32_t r = (p >> 11) & 0x1f, g = (p >> 5) & 0x3f, b = p & 0x1f;
    r = (r << 3) | (r >> 2);
    g = (g << 2) | (g >> 4);
    b = (b << 3) | (b >> 2);
    b32[i] = 0xff000000u | (r << 16) | (g << 8) | b;
  }
}

static inline uint32_t div255(uint32_t x) {
  uint32_t t = x + 128;
  return (t + (t >> 8)) >> 8;
}

/* src ARGB8888 over an opaque XRGB8888 destination, in place. */
static void over8888(void) {
  for (size_t i = 0; i < n; i++) {
    uint32_t s = a32[i], sa = s >> 24;
    if (sa == 0) continue;
    if (sa == 255) {
      b32[i] = s;
      continue;
    }
    uint32_t d = b32[i], na = 255 - sa;
    uint32_t r = div255(((s >> 16) & 255) * sa + ((d >> 16) & 255) * na);
    uint32_t g = div255(((s >> 8) & 255) * sa + ((d >> 8) & 255) * na);
    uint32_t b = div255((s & 255) * sa + (d & 255) * na);
    b32[i] = 0xff000000u | (r << 16) | (g << 8) | b;
  }
}
#define bilinear NULL
#else
static pixman_image_t *img_a32, *img_a16, *img_b32, *img_b16, *img_pm, *img_half;

static void to565(void) { pixman_image_composite32(PIXMAN_OP_SRC, img_a32, NULL, img_b16, 0, 0, 0, 0, 0, 0, width, height); }
static void from565(void) { pixman_image_composite32(PIXMAN_OP_SRC, img_a16, NULL, img_b32, 0, 0, 0, 0, 0, 0, width, height); }
static void over8888(void) { pixman_image_composite32(PIXMAN_OP_OVER, img_pm, NULL, img_b32, 0, 0, 0, 0, 0, 0, width, height); }
static void bilinear(void) { pixman_image_composite32(PIXMAN_OP_SRC, img_half, NULL, img_b32, 0, 0, 0, 0, 0, 0, width, height); }

static uint32_t premultiply(uint32_t c) {
  uint32_t a = c >> 24, out = a << 24;
  for (int s = 0; s < 24; s += 8) out |= ((((c >> s) & 255) * a + 127) / 255) << s;
  return out;
}

static void pixman_setup(void) {
  int stride = (int)width * 4;
  uint32_t *pm = malloc(n * 4), *half = malloc(n);
  size_t hw = width / 2, hh = height / 2;
  for (size_t i = 0; i < n; i++) pm[i] = premultiply(a32[i]);
  for (size_t y = 0; y < hh; y++)
    for (size_t x = 0; x < hw; x++) half[y * hw + x] = a32[y * width + x] | 0xff000000u;
  img_a32 = pixman_image_create_bits(PIXMAN_a8r8g8b8, width, height, a32, stride);
  img_pm = pixman_image_create_bits(PIXMAN_a8r8g8b8, width, height, pm, stride);
  img_a16 = pixman_image_create_bits(PIXMAN_r5g6b5, width, height, (uint32_t *)a16, (int)width * 2);
  img_b32 = pixman_image_create_bits(PIXMAN_x8r8g8b8, width, height, b32, stride);
  img_b16 = pixman_image_create_bits(PIXMAN_r5g6b5, width, height, b32, (int)width * 2);
  img_half = pixman_image_create_bits(PIXMAN_a8r8g8b8, hw, hh, half, (int)hw * 4);
  pixman_transform_t t;
  pixman_transform_init_scale(&t, pixman_double_to_fixed((double)hw / width), pixman_double_to_fixed((double)hh / height));
  pixman_image_set_transform(img_half, &t);
  pixman_image_set_filter(img_half, PIXMAN_FILTER_BILINEAR, NULL, 0);
  pixman_image_set_repeat(img_half, PIXMAN_REPEAT_PAD);
}
#endif

static int compare_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

int main(int argc, char **argv) {
  if (argc != 6) {
    fprintf(stderr, "usage: %s 8888to565|565to8888|over8888|bilinear WIDTH HEIGHT SAMPLES OUTFILE\n", argv[0]);
    return 2;
  }
  const char *op = argv[1];
  width = (size_t)atol(argv[2]);
  height = (size_t)atol(argv[3]);
  n = width * height;
  int samples = atoi(argv[4]);
  if (n == 0 || samples <= 0 || samples > 1000) {
    fprintf(stderr, "bad size or sample count\n");
    return 2;
  }
  a32 = malloc(n * 4), b32 = malloc(n * 4), bg32 = malloc(n * 4);
  a16 = malloc(n * 2);
  double *rates = malloc(sizeof(double) * samples);
  if (!a32 || !b32 || !bg32 || !a16 || !rates) return 1;
  for (size_t i = 0; i < n; i++) a32[i] = xorshift32();
  for (size_t i = 0; i < n; i++) a16[i] = (uint16_t)xorshift32();
  for (size_t i = 0; i < n; i++) bg32[i] = 0xff000000u | xorshift32();
#ifdef WITH_PIXMAN
  pixman_setup();
#endif

  void (*const ops[])(void) = {to565, from565, over8888, bilinear};
  const char *names[] = {"8888to565", "565to8888", "over8888", "bilinear"};
  int which = -1;
  for (int i = 0; i < 4; i++)
    if (!strcmp(op, names[i]) && ops[i]) which = i;
  if (which < 0) {
    fprintf(stderr, "unknown op %s\n", op);
    return 2;
  }
  /* Warm up until 20 ms have passed to find the pass count, then time each sample. The
   * over8888 destination is reset before each pass (as run.mjs does), outside the timing. */
  int passes = 0;
  for (int s = -1; s < samples; s++) {
    double busy = 0;
    int done = 0;
    while (s < 0 ? busy < 0.02 : done < passes) {
      if (which == 2) memcpy(b32, bg32, n * 4);
      double t0 = now_seconds();
      ops[which]();
      busy += now_seconds() - t0;
      done++;
    }
    if (s < 0) passes = done;
    else rates[s] = (double)n * done / busy / 1e6;
  }
  qsort(rates, samples, sizeof(double), compare_double);
  FILE *out = fopen(argv[5], "wb");
  if (!out || fwrite(b32, which == 0 ? 2 : 4, n, out) != n || fclose(out) != 0) {
    perror(argv[5]);
    return 1;
  }
  printf("%s %.1f\n", op, rates[samples / 2]);
  return 0;
}
