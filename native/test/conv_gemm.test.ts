/**
 * The GPU convolution's implicit GEMM, checked on the host: its index maps
 * (native/src/cuda/conv_gemm.h) are plain C++ and its kernels (implicit_gemm.cuh) run under a
 * small CUDA emulation (cuda_emulation.h), so this compiles conv_gemm_check.cc with the machine's
 * C++ compiler (the one node-gyp builds the addon with) and runs it; no GPU needed. Skips where
 * no compiler is found.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const cxx = process.env.CXX ?? 'c++';
const hasCompiler = spawnSync(cxx, ['--version']).status === 0;

describe.skipIf(!hasCompiler)('implicit-GEMM convolution (host check)', () => {
  it('give the forward and both gradients of direct convolution loops', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tensile-conv-gemm-'));
    try {
      const exe = join(dir, 'conv_gemm_check');
      const src = fileURLToPath(new URL('./conv_gemm_check.cc', import.meta.url));
      const build = spawnSync(cxx, ['-std=c++20', '-O1', '-pthread', src, '-o', exe], { encoding: 'utf8' });
      expect(build.status, build.stderr).toBe(0);
      const run = spawnSync(exe, { encoding: 'utf8' });
      expect(run.stdout).not.toContain('FAIL');
      expect(run.status, run.stdout).toBe(0);
      expect(run.stdout).toContain('16 cases passed');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
