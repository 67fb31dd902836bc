import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/vm/**', 'node_modules/**'],
    // Native mmap tests and child processes share one machine with two cores.
    pool: 'forks',
    // Scaled like the child processes' limits (test/support/child.ts) under qemu-user.
    testTimeout: 30_000 * Number(process.env.FBKIT_TIMEOUT_SCALE ?? 1),
    setupFiles: ['test/support/yield-between-tests.ts'],
  },
});
