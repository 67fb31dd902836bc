import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/vm/**', 'node_modules/**'],
    // Native mmap tests and child processes share one machine with two cores.
    pool: 'forks',
    testTimeout: 30_000,
    setupFiles: ['test/support/yield-between-tests.ts'],
  },
});
