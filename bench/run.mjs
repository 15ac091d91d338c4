#!/usr/bin/env node
// `npm run bench`: times every workload in Tensile and, when PyTorch is installed
// (see `python` below), the same workload in PyTorch on the same machine, then prints
// them side by side. ratio = Tensile time / PyTorch time (below 1: Tensile is faster).
// Usage: node bench/run.mjs [suite,...] [--threads N]   suites: core, nn, optim, serialization, cuda
// (default: all but cuda, which needs a GPU; `norm` runs only nn's normalization workloads); bench/data.mjs is
// standalone (its targets are not PyTorch ratios).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as torch from '@tensile/core';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const ti = args.indexOf('--threads');
const threads = ti >= 0 ? Number(args[ti + 1]) : 2;
const suites = (args.find((a) => !a.startsWith('--') && a !== String(threads)) ?? 'core,nn,optim,serialization').split(',');
torch.setNumThreads(threads);

const ours = {};
const rates = {};
for (const s of suites) {
  const mod = await import(`./${s}.mjs`);
  Object.assign(ours, await mod.workloads());
  Object.assign(rates, mod.rates ?? {});
}

// The first Python that imports torch: TENSILE_BENCH_PYTHON, Debian's (/usr/bin/python3), then PATH's
// (a GPU machine's CUDA build of PyTorch usually lives in a virtual environment).
const python = [process.env.TENSILE_BENCH_PYTHON, '/usr/bin/python3', 'python3']
  .filter(Boolean)
  .find((p) => spawnSync(p, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0);
let theirs = {};
const py = python ? spawnSync(python, [path.join(here, 'torch_twin.py'), String(threads), suites.join(',')], { encoding: 'utf8' }) : null;
if (py?.status === 0) theirs = JSON.parse(py.stdout.trim().split('\n').pop());
else console.log(python ? `(PyTorch failed under ${python}: printing Tensile times only)\n${py?.stderr ?? ''}` : '(no Python with PyTorch found: printing Tensile times only)');
if (python) console.log(`PyTorch from ${python}`);

const fmt = (s) => (s === undefined ? '—' : s < 1e-3 ? `${(s * 1e6).toFixed(2)} µs` : `${(s * 1e3).toFixed(2)} ms`);
const rows = Object.keys(ours).map((k) => {
  const r = theirs[k] !== undefined ? (ours[k] / theirs[k]).toFixed(2) : '—';
  const extra = rates[k] ? `  (${rates[k](ours[k])} vs ${theirs[k] ? rates[k](theirs[k]) : '—'})` : '';
  return [k, fmt(ours[k]), fmt(theirs[k]), r + extra];
});
const w = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i].length), ['workload', 'tensile', 'pytorch'][i].length));
console.log(`threads: ${threads}   median of repeated runs; ratio < 1 means Tensile is faster`);
console.log(`${'workload'.padEnd(w[0])}  ${'tensile'.padStart(w[1])}  ${'pytorch'.padStart(w[2])}  ratio`);
for (const r of rows) console.log(`${r[0].padEnd(w[0])}  ${r[1].padStart(w[1])}  ${r[2].padStart(w[2])}  ${r[3]}`);
