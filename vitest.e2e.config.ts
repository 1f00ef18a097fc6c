// Browser tests (npm run test:e2e): one real server process and one Chromium shared by every file,
// so the files run one after the other in a single worker without isolation.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    globalSetup: ['test/e2e/build.setup.ts'],
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    isolate: false,
    sequence: { shuffle: false },
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
