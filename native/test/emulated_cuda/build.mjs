#!/usr/bin/env node
// Builds the addon with its CUDA part compiled for the host ("emulated CUDA"): the .cu sources
// with their launches rewritten (rewrite-launches.mjs) and compiled by the host C++ compiler
// against include/ (fake CUDA runtime, half types, cuBLAS, CUB: device memory is host memory, a
// launch runs each block as std::threads). No cuDNN: convolutions take our implicit GEMM. The
// repo's CUDA test suites then run on a machine without a GPU:
//   node native/test/emulated_cuda/build.mjs [outdir]     (prints the .node path)
//   TENSILE_ADDON=<that path> npx vitest run packages/core/test/cuda.test.ts ...
// It checks the host code, bindings and kernels; not cuBLAS's, cuDNN's or CUB's own behaviour,
// half-precision device arithmetic, or timing. TENSILE_EMULATED_SANITIZE=address builds with
// AddressSanitizer, which then catches a kernel reading or writing past its buffers (run node
// with LD_PRELOAD=$(gcc -print-file-name=libasan.so) ASAN_OPTIONS=detect_leaks=0).
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rewriteLaunches } from './rewrite-launches.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const native = join(here, '..', '..');
// one build folder per checkout: objects are reused by modification time, which says nothing
// across two checkouts
const out = process.argv[2] ?? join(tmpdir(), `tensile-emulated-cuda-${createHash('sha1').update(native).digest('hex').slice(0, 12)}`);
const require = createRequire(join(native, 'package.json'));
const cxx = process.env.CXX ?? 'c++';

// 1. the .cu sources rewritten to .cc (next to nothing else: their includes resolve through -I
// to the repository's own headers, so every header exists once)
const src = join(native, 'src');
const cudaOut = join(out, 'cuda');
mkdirSync(cudaOut, { recursive: true });
for (const f of readdirSync(join(src, 'cuda')))
  if (f.endsWith('.cu')) {
    const text = rewriteLaunches(readFileSync(join(src, 'cuda', f), 'utf8'));
    const p = join(cudaOut, f + '.cc');
    if (!existsSync(p) || readFileSync(p, 'utf8') !== text) writeFileSync(p, text);
  }

// 2. compile what changed (an object is rebuilt when its source or any header is newer), two at a time
const nodeInclude = join(dirname(dirname(process.execPath)), 'include', 'node');
const sanitize = process.env.TENSILE_EMULATED_SANITIZE;  // e.g. address: run node with the sanitizer preloaded
const flags = [
  '-std=c++20', '-O1', '-fPIC', '-pthread', '-fexceptions', '-mavx2', '-mfma', '-mf16c', '-fno-math-errno', '-w',
  ...(sanitize ? [`-fsanitize=${sanitize}`, '-fno-omit-frame-pointer'] : []),
  '-DTENSILE_WITH_CUDA', '-DNAPI_VERSION=8', '-DNAPI_CPP_EXCEPTIONS', '-DNODE_ADDON_API_DISABLE_DEPRECATED',
  `-I${join(here, 'include')}`, `-I${join(src, 'cuda')}`, `-I${src}`, `-I${require('node-addon-api').include_dir}`, `-I${nodeInclude}`,
];
const sources = [
  ...readdirSync(src).filter((f) => f.endsWith('.cc')).map((f) => join(src, f)),
  ...readdirSync(join(src, 'cpu')).filter((f) => f.endsWith('.cc')).map((f) => join(src, 'cpu', f)),
  ...readdirSync(cudaOut).filter((f) => f.endsWith('.cc')).map((f) => join(cudaOut, f)),
];
const objDir = join(out, 'obj');
mkdirSync(objDir, { recursive: true });
const headers = (d) =>
  readdirSync(d, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? headers(join(d, e.name)) : /\.(h|cuh)$/.test(e.name) ? [statSync(join(d, e.name)).mtimeMs] : []);
const newestHeader = Math.max(...headers(src), ...headers(join(here, 'include')));
const jobs = sources.map((s) => ({ s, o: join(objDir, s.replace(/^\//, '').replaceAll('/', '_') + '.o') }));
const stale = jobs.filter(({ s, o }) => !existsSync(o) || statSync(o).mtimeMs < Math.max(statSync(s).mtimeMs, newestHeader));
const width = Math.max(1, Math.min(cpus().length, Number(process.env.JOBS ?? 2)));
let failed = false;
await new Promise((resolve) => {
  let next = 0, running = 0;
  const pump = () => {
    if (next >= stale.length && running === 0) return resolve();
    while (running < width && next < stale.length) {
      const { s, o } = stale[next++];
      running++;
      const p = spawn(cxx, [...flags, '-c', s, '-o', o], { stdio: ['ignore', 'inherit', 'inherit'] });
      p.on('close', (code) => {
        if (code !== 0) {
          failed = true;
          console.error(`emulated CUDA build: ${s} failed`);
        }
        running--;
        pump();
      });
    }
  };
  pump();
});
if (failed) process.exit(1);

// 3. link
const addon = join(out, 'tensile.node');
execFileSync(cxx, ['-shared', '-pthread', ...(sanitize ? [`-fsanitize=${sanitize}`] : []), '-o', addon, ...jobs.map((j) => j.o), '-lmvec'],
  { stdio: 'inherit' });
console.log(addon);
