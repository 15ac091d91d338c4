// Registers ts_hooks.mjs: lets plain Node run this repository's TypeScript sources. DataLoader
// passes it to worker processes (`--import`) when @tensile/data itself runs from src/*.ts
// (vitest), so workers load the same sources as the tests. Published builds never use it.
import { register } from 'node:module';

register('./ts_hooks.mjs', import.meta.url);
