// Sums the kernels that Nsight Compute timed between bench/cuda_kernels.mjs's markers (the
// cumsum launches): per workload, each kernel name's count and total time, the largest first.
//   node bench/cuda_kernels_summary.mjs ours.csv [theirs.csv] [rows]
import { readFileSync } from 'node:fs';

function parseCsvLine(line) {
  const out = [];
  let cur = '', q = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (q) {
      if (ch === '"' && line[i + 1] === '"') { cur += '"'; i++; } else if (ch === '"') q = false; else cur += ch;
    } else if (ch === '"') q = true;
    else if (ch === ',') { out.push(cur); cur = ''; } else cur += ch;
  }
  out.push(cur);
  return out;
}

/** [{ name, us }] in launch order. */
function kernels(file) {
  const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.startsWith('"'));
  const head = parseCsvLine(lines[0]);
  const iName = head.indexOf('Kernel Name'), iTime = head.indexOf('gpu__time_duration.sum');
  const units = parseCsvLine(lines[1]);
  const scale = { ns: 1e-3, us: 1, usecond: 1, nsecond: 1e-3, ms: 1e3, msecond: 1e3 }[units[iTime]] ?? 1e-3;
  return lines.slice(units[iName] === '' ? 2 : 1).map(parseCsvLine).map((r) => ({ name: r[iName], us: Number(r[iTime].replace(/,/g, '')) * scale }));
}

/** The runs of kernels between marker groups (launches whose name holds "scan"). */
function segments(ks) {
  const segs = [];
  let cur = null;
  for (const k of ks) {
    if (/scan/i.test(k.name)) {
      if (cur && cur.length) { segs.push(cur); cur = null; } else cur = cur ?? [];
      continue;
    }
    if (cur) cur.push(k);
  }
  return segs;
}

const short = (n) => n.replace(/^void /, '').replace(/[<(].*$/, '').slice(0, 60);
const [a, b, rows = '25'] = process.argv.slice(2);
const sides = [a, b].filter((f) => f && !/^\d+$/.test(f)).map((f) => segments(kernels(f)));
['ResNet-18 forward', 'ResNet-18 train step'].forEach((label, w) => {
  for (const [s, segs] of sides.entries()) {
    const seg = segs[w] ?? [];
    const by = new Map();
    for (const k of seg) {
      const e = by.get(short(k.name)) ?? { n: 0, us: 0 };
      e.n++;
      e.us += k.us;
      by.set(short(k.name), e);
    }
    const total = seg.reduce((t, k) => t + k.us, 0);
    console.log(`\n${label}, ${s === 0 ? 'first file' : 'second file'}: ${seg.length} kernels, ${(total / 1e3).toFixed(3)} ms of GPU time`);
    for (const [n, e] of [...by].sort((x, y) => y[1].us - x[1].us).slice(0, Number(rows)))
      console.log(`${(e.us / 1e3).toFixed(3).padStart(8)} ms ${String(e.n).padStart(4)}x  ${n}`);
  }
});
