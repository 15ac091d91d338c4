// Timing helpers shared by the bench files: warm up, then take the median of repeated runs.
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Times fn: `inner` calls per sample (for sub-microsecond ops), `reps` samples after a warm-up
 * of `warmup` samples and at least `warmupSeconds` (a quarter second unless given), so a
 * workload reaches its steady state (JIT-compiled, and with the buffers its garbage returns to
 * the allocator's cache in reuse) before it is measured. Returns the median seconds per call.
 */
export function time(fn, { reps = 7, warmup = 2, inner = 1, warmupSeconds = 0.25 } = {}) {
  const warmEnd = process.hrtime.bigint() + BigInt(Math.round(warmupSeconds * 1e9));
  for (let r = 0; r < warmup || process.hrtime.bigint() < warmEnd; r++) for (let i = 0; i < inner; i++) fn();
  const samples = [];
  for (let r = 0; r < reps; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < inner; i++) fn();
    samples.push(Number(process.hrtime.bigint() - t0) / 1e9 / inner);
  }
  return median(samples);
}
