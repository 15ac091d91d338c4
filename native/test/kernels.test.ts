/**
 * GPU kernels checked on the host, where no GPU exists: each `*_check.cc` here runs CUDA kernels
 * of native/src/cuda under a small CUDA emulation (cuda_emulation.h: a std::thread per CUDA
 * thread, a barrier per __syncthreads) against direct loops, and reports in check_report.h's
 * format: `ok <case>` per case, `FAIL` and exit status 1 at the first failure, then `<n> cases passed`.
 * This compiles each with the machine's C++ compiler (the one node-gyp builds the addon with)
 * and runs it; it skips where no compiler with C++20's <barrier> and std::atomic_ref is found.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { buildAndCheck, canEmulateCuda } from './host_tools';

const checks = {
  'conv_gemm_check.cc': 'implicit-GEMM convolution: index maps and kernels, forward and both gradients',
  'norm_check.cc': 'layer / group / instance / batch norm kernels, forward and backward',
  'pool_check.cc': 'max / average / adaptive pooling kernels forward and backward, F.unfold / F.fold',
  'elementwise_check.cc': 'elementwise maps (strided, broadcast, vectorised with tails), where, converting copies, fills',
  'index_check.cc': 'take / put kernels: gathers, the out-of-range flag, racing accumulation in every dtype',
  'reduce_check.cc': 'reduction kernels (every op, split and looping blocks), softmax and log-softmax forward and backward',
  'scan_check.cc': 'argmax / argmin (NaN, ties), column scans with cummax / cummin indices, arange and linspace',
};

describe.skipIf(!canEmulateCuda)('CUDA kernels under host emulation', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tensile-kernel-check-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // concurrent: each is a compile and a run of a few seconds, independent of the others
  for (const [file, what] of Object.entries(checks)) {
    it.concurrent(`${what} (${file})`, async () => {
      const src = fileURLToPath(new URL(`./${file}`, import.meta.url));
      expect(await buildAndCheck(join(dir, file.replace(/\.cc$/, '')), [src])).toBeGreaterThan(0);
    });
  }
});
