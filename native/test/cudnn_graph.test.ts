/**
 * The graph-API convolution descriptors (src/cuda/cudnn_graph.h) against the real cuDNN library:
 * cudnn_graph_check.cc builds them for each convolution kind, dtype and a range of geometries and
 * has cuDNN finalize them, which needs no GPU (with one, it also plans each case). Runs where
 * the build's cuDNN search (scripts/detect-cuda.mjs: TENSILE_CUDNN_ROOT, the toolkit, NVIDIA's
 * Python wheels) finds it next to nvcc; skips elsewhere, as on CI, which has no cuDNN.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { findCudnn, findNvcc } from '../scripts/detect-cuda.mjs';
import { CXX17_FLAGS, buildAndCheck } from './host_tools';

const nvcc: string | null = findNvcc();
const cudnn: { include: string; libdir: string; lib: string } | null = nvcc ? findCudnn(nvcc) : null;

describe.skipIf(!cudnn)('cuDNN graph-API convolution descriptors (real cuDNN)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tensile-cudnn-graph-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finalizes every kind, dtype and geometry, and refuses an inconsistent one', async () => {
    const src = fileURLToPath(new URL('./cudnn_graph_check.cc', import.meta.url));
    const cudaInclude = join(dirname(dirname(nvcc!)), 'include');
    const args = [`-I${cudaInclude}`, `-I${cudnn!.include}`, src, cudnn!.lib, `-Wl,-rpath,${cudnn!.libdir}`];
    expect(await buildAndCheck(join(dir, 'cudnn_graph_check'), args, CXX17_FLAGS)).toBeGreaterThan(90);
  }, 120_000);
});
