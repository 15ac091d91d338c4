import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  // import.meta.url in the CJS build (binding.ts's createRequire needs it; without the shim
  // require('@tensile/core') throws at load).
  shims: true,
  external: ['@tensile/native'],
});
