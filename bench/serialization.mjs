// Serialization workloads (issue #6): torch.save / torch.load of a 100 MB float32 state dict
// (25 tensors of 1M floats), the same file PyTorch's twin loads (torch_twin.py serialization()).
// Also measures, in a fresh child process, the peak RSS that loading adds above the baseline.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as torch from '@tensile/core';
import { time } from './harness.mjs';

/** Shared with torch_twin.py: both sides load this very file. */
export const FILE = path.join(tmpdir(), 'tensile_bench_sd100.pt');
const SAVED = path.join(tmpdir(), 'tensile_bench_sd100_save.pt');

function stateDict() {
  torch.manualSeed(0);
  const sd = {};
  for (let i = 0; i < 25; i++) sd[`layer${i}.weight`] = torch.randn(1000, 1000);
  return sd;
}

/** Peak RSS added by one torch.load of FILE, measured in a fresh process (bytes). */
export function loadPeakRss() {
  // VmHWM is this process's own peak (ru_maxrss survives exec, so a spawned child would report
  // its parent's peak); process.resourceUsage().maxRSS where /proc is missing.
  const script = `
    import * as torch from '@tensile/core';
    import { readFileSync } from 'node:fs';
    const peakRss = () => {
      try { return Number(/VmHWM:\\s+(\\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))[1]) * 1024; }
      catch { return process.resourceUsage().maxRSS * 1024; }
    };
    const base = peakRss();
    const sd = torch.load(${JSON.stringify(FILE)});
    console.log(JSON.stringify({ base, peak: peakRss(), n: Object.keys(sd).length }));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', cwd: path.dirname(new URL(import.meta.url).pathname) });
  if (r.status !== 0) throw new Error(r.stderr);
  const m = JSON.parse(r.stdout.trim().split('\n').pop());
  return { added: m.peak - m.base, base: m.base, peak: m.peak };
}

let rss = null;

export function workloads() {
  const out = {};
  const sd = stateDict();
  torch.save(sd, FILE);
  out['torch.save 100 MB state dict'] = time(() => torch.save(sd, SAVED), { reps: 5, warmup: 1 });
  out['torch.load 100 MB state dict'] = time(() => {
    const loaded = torch.load(FILE);
    for (const t of Object.values(loaded)) t.dispose();
  }, { reps: 7, warmup: 2 });
  const size = statSync(FILE).size;
  rss = { ...loadPeakRss(), size };
  console.log(
    `torch.load peak RSS above baseline: ${(rss.added / 1e6).toFixed(1)} MB for a ${(size / 1e6).toFixed(1)} MB file ` +
      `(${(rss.added / size).toFixed(2)}x the file size)`,
  );
  return out;
}

export const rates = {
  'torch.load 100 MB state dict': (s) => `${(statSync(FILE).size / s / 1e9).toFixed(2)} GB/s`,
  'torch.save 100 MB state dict': (s) => `${(existsSync(FILE) ? statSync(FILE).size / s / 1e9 : 0).toFixed(2)} GB/s`,
};
