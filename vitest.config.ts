import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Tests own their temp databases and ports; files run in parallel processes.
    pool: 'forks',
    // Fails a CI run without PostgreSQL; elsewhere says plainly that its suites were skipped.
    globalSetup: ['test/postgres-check.ts'],
  },
});
