import { defineConfig } from 'vitest/config';

// CI sets QUORATE_VITEST_JSON to get a machine-readable report beside the
// normal console output (.ci/summary.mjs turns it into "N passed, N failed").
const json = process.env['QUORATE_VITEST_JSON'];

export default defineConfig({
  test: {
    include: ['{spec,impl,harness,traces,bench}/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    setupFiles: ['./vitest.setup.ts'],
    reporters: json ? ['default', ['json', { outputFile: json }]] : ['default'],
  },
});
