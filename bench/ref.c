/*
 * Plain C reference for the pixel loops bench/run.mjs compares fbkit against.
 * Built by run.mjs with `cc -O2 -o <tmp>/fbkit-bench-ref bench/ref.c` when a compiler exists.
 *
 *   fbkit-bench-ref OP WIDTH HEIGHT SAMPLES   (timed by CPU time, clock_gettime)
 *   OP: 8888to565 | 565to8888 | over8888
 *
 * Prints one line: "<OP> <median MPix/s> <checksum of the output pixels>". The input pixels come from the
 * same xorshift32 sequence run.mjs uses (seed 0x12345678, one value per pixel), so both
 * sides convert and blend the same data, including the same spread of alpha values.
 * Channel rules are the library's: 8888->565 truncates, 565->8888 replicates the top
 * bits, and source-over onto an opaque destination is div255(s*sa + d*(255-sa)) with
 * div255(x) = ((x+128) + ((x+128) >> 8)) >> 8.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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

static void to565(const uint32_t *src, uint16_t *dst, size_t n) {
  for (size_t i = 0; i < n; i++) {
    uint32_t p = src[i];
    dst[i] = (uint16_t)(((p >> 8) & 0xf800) | ((p >> 5) & 0x07e0) | ((p >> 3) & 0x001f));
  }
}

static void from565(const uint16_t *src, uint32_t *dst, size_t n) {
  for (size_t i = 0; i < n; i++) {
    uint32_t p = src[i];
    uint32_t r = (p >> 11) & 0x1f, g = (p >> 5) & 0x3f, b = p & 0x1f;
    r = (r << 3) | (r >> 2);
    g = (g << 2) | (g >> 4);
    b = (b << 3) | (b >> 2);
    dst[i] = 0xff000000u | (r << 16) | (g << 8) | b;
  }
}

static inline uint32_t div255(uint32_t x) {
  uint32_t t = x + 128;
  return (t + (t >> 8)) >> 8;
}

/* src ARGB8888 over an opaque XRGB8888 destination, in place. */
static void over8888(const uint32_t *src, uint32_t *dst, size_t n) {
  for (size_t i = 0; i < n; i++) {
    uint32_t s = src[i], sa = s >> 24;
    if (sa == 0) continue;
    if (sa == 255) {
      dst[i] = s;
      continue;
    }
    uint32_t d = dst[i], na = 255 - sa;
    uint32_t r = div255(((s >> 16) & 255) * sa + ((d >> 16) & 255) * na);
    uint32_t g = div255(((s >> 8) & 255) * sa + ((d >> 8) & 255) * na);
    uint32_t b = div255((s & 255) * sa + (d & 255) * na);
    dst[i] = 0xff000000u | (r << 16) | (g << 8) | b;
  }
}

static int compare_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

int main(int argc, char **argv) {
  if (argc != 5) {
    fprintf(stderr, "usage: %s 8888to565|565to8888|over8888 WIDTH HEIGHT SAMPLES\n", argv[0]);
    return 2;
  }
  const char *op = argv[1];
  size_t n = (size_t)atol(argv[2]) * (size_t)atol(argv[3]);
  int samples = atoi(argv[4]);
  if (n == 0 || samples <= 0 || samples > 1000) {
    fprintf(stderr, "bad size or sample count\n");
    return 2;
  }
  uint32_t *a32 = malloc(n * 4), *b32 = malloc(n * 4), *bg32 = malloc(n * 4);
  uint16_t *a16 = malloc(n * 2);
  double *rates = malloc(sizeof(double) * samples);
  if (!a32 || !b32 || !bg32 || !a16 || !rates) return 1;
  for (size_t i = 0; i < n; i++) a32[i] = xorshift32();
  for (size_t i = 0; i < n; i++) a16[i] = (uint16_t)xorshift32();
  for (size_t i = 0; i < n; i++) bg32[i] = 0xff000000u | xorshift32();

  int which = !strcmp(op, "8888to565") ? 0 : !strcmp(op, "565to8888") ? 1 : !strcmp(op, "over8888") ? 2 : -1;
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
      if (which == 0) to565(a32, (uint16_t *)b32, n);
      else if (which == 1) from565(a16, b32, n);
      else over8888(a32, b32, n);
      busy += now_seconds() - t0;
      done++;
    }
    if (s < 0) passes = done;
    else rates[s] = (double)n * done / busy / 1e6;
  }
  qsort(rates, samples, sizeof(double), compare_double);
  /* A checksum of the output pixels (16-bit ones for 565) lets run.mjs check that fbkit
   * computed the same pixels. */
  /* FNV-1a with each pixel mixed with its index; over8888's XRGB8888 output leaves out the
   * X byte (padding), as run.mjs does. */
  uint32_t mask = which == 2 ? 0x00ffffffu : 0xffffffffu, sum = 0x811c9dc5u;
  for (size_t i = 0; i < n; i++) sum = (sum ^ (((which == 0 ? ((uint16_t *)b32)[i] : b32[i]) & mask) ^ (uint32_t)i)) * 0x01000193u;
  printf("%s %.1f %08x\n", op, rates[samples / 2], sum);
  return 0;
}
