/**
 * The GPU convolution's index maps (native/src/cuda/conv_gemm.h), checked on the host: the maps
 * are plain C++, so this compiles conv_gemm_check.cc with the machine's C++ compiler (the one
 * node-gyp builds the addon with) and runs it; no GPU needed. Skips where no compiler is found.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const cxx = process.env.CXX ?? 'c++';
const hasCompiler = spawnSync(cxx, ['--version']).status === 0;

describe.skipIf(!hasCompiler)('implicit-GEMM convolution index maps (host check)', () => {
  it('match direct convolution loops for the forward and both gradients', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tensile-conv-gemm-'));
    try {
      const exe = join(dir, 'conv_gemm_check');
      const src = fileURLToPath(new URL('./conv_gemm_check.cc', import.meta.url));
      const build = spawnSync(cxx, ['-std=c++17', '-O1', src, '-o', exe], { encoding: 'utf8' });
      expect(build.status, build.stderr).toBe(0);
      const run = spawnSync(exe, { encoding: 'utf8' });
      expect(run.stdout).not.toContain('FAIL');
      expect(run.status, run.stdout).toBe(0);
      expect(run.stdout).toContain('13 cases passed');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
