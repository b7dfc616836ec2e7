import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: {
      '@': path.resolve(import.meta.dirname),
      // `server-only` throws outside React Server Components; tests run the server code directly.
      'server-only': path.resolve(import.meta.dirname, 'lib/testing/server-only-stub.ts'),
    },
  },
  test: {
    include: ['lib/**/*.test.ts', 'supabase/**/*.test.ts', 'app/**/*.test.ts'],
    globalSetup: ['lib/testing/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Files share one local stack; running them one at a time keeps row counts exact.
    fileParallelism: false,
    // Structured event logs are part of what the code does; show them only for tests that fail.
    silent: 'passed-only',
  },
});
