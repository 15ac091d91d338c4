import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const pkg = (name: string) => fileURLToPath(new URL(`./packages/${name}/src/index.ts`, import.meta.url));

// Tests import packages by name and run against their TypeScript sources.
export default defineConfig({
  resolve: {
    alias: {
      '@tensile/core': pkg('core'),
      '@tensile/nn': pkg('nn'),
      '@tensile/optim': pkg('optim'),
      '@tensile/data': pkg('data'),
    },
  },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'native/test/**/*.test.ts', 'examples/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
