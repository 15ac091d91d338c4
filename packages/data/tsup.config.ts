import { defineConfig } from 'tsup';

export default defineConfig({
  // worker.js is the entry DataLoader workers run; it must sit beside index.js/index.cjs.
  entry: ['src/index.ts', 'src/worker.ts'],
  format: ['esm', 'cjs'],
  dts: { entry: 'src/index.ts' },
  sourcemap: true,
  clean: true,
  target: 'node20',
  // No shared chunks: the worker entry is self-contained and index.js stays one file.
  splitting: false,
  // import.meta.url in the CJS build (the loader finds worker.js relative to itself).
  shims: true,
  external: ['@tensile/core'],
});
