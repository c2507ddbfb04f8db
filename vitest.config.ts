import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts', 'grammars/**/*.test.ts', 'examples/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Source spans compare as the plain { file, start, end } they stand for.
    setupFiles: ['test/setup/spans.ts'],
    // Golden files change only on request (`UPDATE_GOLDENS=1 npm test`, or `npx vitest -u`):
    // a missing or different golden fails the run, in CI and on a developer's machine alike.
    update: process.env.UPDATE_GOLDENS === '1' ? 'all' : 'none',
  },
});
