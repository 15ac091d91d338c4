// Compiles the addon with node-gyp against the running Node's own headers, so nothing is
// downloaded at install time. TENSILE_PORTABLE=1 builds for generic AVX2 CPUs instead of -march=native.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { detectCuda } from './detect-cuda.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const require = createRequire(import.meta.url);

// configure + build (not rebuild): make then recompiles only what changed
const common = ['--release'];
const nodeDir = path.resolve(process.execPath, '..', '..');
if (existsSync(path.join(nodeDir, 'include', 'node', 'node_api.h'))) common.push(`--nodedir=${nodeDir}`);

let gyp;
try {
  gyp = require.resolve('node-gyp/bin/node-gyp.js');
} catch {
  gyp = process.env.npm_config_node_gyp;
}
if (!gyp) {
  console.error('@tensile/native: node-gyp not found');
  process.exit(1);
}
const cuda = detectCuda();
console.log(`@tensile/native: building the ${cuda.enabled ? `CPU + CUDA (${cuda.arch}) addon` : `CPU addon (CUDA: ${cuda.reason})`}`);
const run = (...args) => spawnSync(process.execPath, [gyp, ...args, ...common], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] }).status ?? 1;
const status = run('configure') || run('build', `--jobs=${process.env.JOBS ?? 'max'}`);
process.exit(status);
