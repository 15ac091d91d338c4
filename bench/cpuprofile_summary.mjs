// Self time per function of a V8 CPU profile (from bench/cuda_profile.mjs mnist, or
// node --cpu-prof), the largest first: node bench/cpuprofile_summary.mjs file.cpuprofile [rows]
// A native function's time (an addon entry: V8 may name those frames wrongly) is charged to
// the JavaScript function that called it, as "native, from <caller>".
import { readFileSync } from 'node:fs';

const [file, rows = '40'] = process.argv.slice(2);
const p = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n);
const name = (f) => `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\/(packages|bench|node_modules)\//, '$1/')}:${f.lineNumber + 1}`;
const self = new Map();
// time per sample: the gap to the next sample
for (let i = 0; i < p.samples.length; i++) {
  const n = byId.get(p.samples[i]);
  const f = n.callFrame;
  let key = f.url ? name(f) : f.functionName;
  if (!f.url && !f.functionName.startsWith('(')) {
    let up = parent.get(n.id);
    while (up && !up.callFrame.url) up = parent.get(up.id);
    key = `native, from ${up ? name(up.callFrame) : '?'}`;
  }
  self.set(key, (self.get(key) ?? 0) + (p.timeDeltas[i + 1] ?? 0));
}
const total = [...self.values()].reduce((a, b) => a + b, 0);
console.log(`total ${(total / 1e3).toFixed(1)} ms sampled`);
for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(rows)))
  console.log(`${(v / 1e3).toFixed(2).padStart(9)} ms ${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}`);
