import path from 'node:path';
import { configDefaults, defineConfig } from 'vitest/config';

// Which project a file belongs to is in its name: `*.unit.test.ts` runs without the stack,
// every other `*.test.ts` runs against it (README, "Running the tests").
const UNIT_TESTS = '**/*.unit.test.ts';
const TEST_ROOTS = ['lib', 'supabase', 'app', 'scripts'];

export default defineConfig({
  resolve: {
    alias: {
      '@': path.resolve(import.meta.dirname),
      // `server-only` throws outside React Server Components; tests run the server code directly.
      'server-only': path.resolve(import.meta.dirname, 'lib/testing/server-only-stub.ts'),
    },
  },
  test: {
    // Structured event logs are part of what the code does; show them only for tests that fail.
    silent: 'passed-only',
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: TEST_ROOTS.map((root) => `${root}/${UNIT_TESTS}`),
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: TEST_ROOTS.map((root) => `${root}/**/*.test.ts`),
          exclude: [...configDefaults.exclude, UNIT_TESTS],
          // One real local stack for the whole project, started only when one of its files runs.
          globalSetup: ['lib/testing/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 120_000,
          // Files share one stack and a bulk sync reaches every person in it: one file at a time
          // keeps each sync's report to what its own test made.
          fileParallelism: false,
        },
      },
    ],
  },
});
