import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  resolve: {
    // graphql ships ESM (.mjs) and CJS builds; Node loads the CJS one for the
    // Pothos and yoga packages, so our sources must get the same one, or its
    // instanceof checks fail across the two copies.
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores: integration tests start gateways, databases and agents of their own.
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default'],
  },
});
