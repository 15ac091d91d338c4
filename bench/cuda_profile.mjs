// Where the CUDA workloads' time goes: single ops of the bench's workloads timed one by one
// (each sample ends with a synchronize), allocation and garbage-collection effects separated.
// Run on a GPU machine: node --expose-gc bench/cuda_profile.mjs
import * as torch from '@tensile/core';
import * as nn from '@tensile/nn';
import { time } from './harness.mjs';
import { mnistTraining, resnet18 } from './cuda.mjs';

if (!torch.cuda.isAvailable()) {
  console.log('no CUDA device');
  process.exit(0);
}
const F = nn.functional;
const fmt = (s) => (s >= 1e-3 ? `${(s * 1e3).toFixed(3)} ms` : `${(s * 1e6).toFixed(1)} µs`);
const mem = () => `alloc ${(torch.cuda.memoryAllocated() / 2 ** 20).toFixed(0)} MiB, reserved ${(torch.cuda.memoryReserved() / 2 ** 20).toFixed(0)} MiB`;
function t(name, fn, opts = { reps: 9, warmup: 2 }) {
  const s = time(() => {
    const r = fn();
    torch.cuda.synchronize();
    if (r && typeof r.dispose === 'function') r.dispose();
  }, opts);
  console.log(`${name.padEnd(58)} ${fmt(s).padStart(11)}   ${mem()}`);
  return s;
}

// `node bench/cuda_profile.mjs resnet`: only the ResNet-18 workloads, with the garbage
// collections they cause (count and time per iteration) and the memory the allocator holds
if (process.argv.includes('resnet')) {
  const { PerformanceObserver } = await import('node:perf_hooks');
  const optim = await import('@tensile/optim');
  let gcs = 0, gcMs = 0;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      gcs++;
      gcMs += e.duration;
    }
  }).observe({ entryTypes: ['gc'] });
  const settle = () => new Promise((r) => setTimeout(r, 50)); // gc entries arrive on the event loop
  const model = resnet18().to('cuda');
  const opt = new optim.SGD(model.parameters(), { lr: 0.01, momentum: 0.9 });
  const x = torch.randn([32, 3, 224, 224], { device: 'cuda' }), y = torch.randint(0, 1000, [32]).to('cuda');
  const step = () => {
    opt.zeroGrad();
    F.crossEntropy(model.forward(x), y).backward();
    opt.step();
  };
  for (const [name, fn, n] of [['forward', () => torch.noGrad(() => model.forward(x)), 60], ['train step', step, 30]]) {
    for (let i = 0; i < 5; i++) fn();
    torch.cuda.synchronize();
    await settle();
    gcs = 0;
    gcMs = 0;
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) fn();
    torch.cuda.synchronize();
    const per = Number(process.hrtime.bigint() - t0) / 1e9 / n;
    await settle();
    console.log(`ResNet-18 ${name} b32: ${fmt(per)} per iteration (mean of ${n}); ${(gcs / n).toFixed(2)} GCs, ${(gcMs / n).toFixed(3)} ms of GC per iteration; ${mem()}`);
  }
  process.exit(0);
}

// `node bench/cuda_profile.mjs warmup`: from a fresh process, the MNIST CNN training step and
// ResNet-18's forward in windows of iterations: how long the JIT, cuDNN's plans and the
// allocator's cache take to reach the steady state that a long training loop runs in
if (process.argv.includes('warmup')) {
  const { PerformanceObserver } = await import('node:perf_hooks');
  let gcs = 0;
  new PerformanceObserver((list) => { gcs += list.getEntries().length; }).observe({ entryTypes: ['gc'] });
  const settle = () => new Promise((r) => setTimeout(r, 20));
  const { step } = mnistTraining();
  const resnet = resnet18().to('cuda');
  const xr = torch.randn([32, 3, 224, 224], { device: 'cuda' });
  for (const [name, fn, windows, size] of [['MNIST step b64', step, 16, 40], ['ResNet-18 forward b32', () => torch.noGrad(() => resnet.forward(xr)), 12, 15]]) {
    const t00 = process.hrtime.bigint();
    for (let w = 0; w < windows; w++) {
      const seg = torch.cuda.memoryStats()['segment.all.allocated'];
      gcs = 0;
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < size; i++) fn();
      torch.cuda.synchronize();
      const t1 = process.hrtime.bigint();
      await settle();
      const each = Number(t1 - t0) / 1e9 / size;
      console.log(`${name} iterations ${String(w * size + 1).padStart(4)}-${String((w + 1) * size).padEnd(4)} ${fmt(each).padStart(10)} each; ` +
        `${String(torch.cuda.memoryStats()['segment.all.allocated'] - seg).padStart(4)} new segments, ${gcs} GCs; ${(Number(t1 - t00) / 1e9).toFixed(2)} s since the first; ${mem()}`);
    }
  }
  process.exit(0);
}

// `node bench/cuda_profile.mjs mnist [profile-dir]`: the host's cost of the primitives every op
// pays (an allocation, a launch, a wait), the MNIST CNN training step phase by phase with the
// collections and new device segments it causes, and, given a folder, V8 CPU profiles of the
// MNIST step and of ResNet-18's forward (self time per function: node bench/cpuprofile_summary.mjs)
if (process.argv.includes('mnist')) {
  const { createRequire } = await import('node:module');
  const { PerformanceObserver } = await import('node:perf_hooks');
  const { Session } = await import('node:inspector');
  const { writeFileSync } = await import('node:fs');
  const addon = createRequire(import.meta.url)('@tensile/native');
  const dir = process.argv[process.argv.indexOf('mnist') + 1];
  // mean time per call of n calls: issued only (host), and until the GPU is done too
  const scale = Number(process.env.TENSILE_PROFILE_SCALE ?? 1); // fewer iterations on emulated GPUs
  const per = (name, fn, n = 2000) => {
    n = Math.max(2, Math.round(n * scale));
    for (let i = 0; i < Math.min(n, 50); i++) fn();
    torch.cuda.synchronize();
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) fn();
    const host = Number(process.hrtime.bigint() - t0) / 1e9 / n;
    torch.cuda.synchronize();
    const all = Number(process.hrtime.bigint() - t0) / 1e9 / n;
    console.log(`${name.padEnd(52)} host ${fmt(host).padStart(10)}  with the GPU ${fmt(all).padStart(10)}`);
  };
  const small = torch.randn([1024], { device: 'cuda' }), small2 = torch.randn([1024], { device: 'cuda' });
  const cpuSmall = torch.randn([1024]);
  per('native cuda.alloc(4096) + cuda.free', () => addon.cuda.free(addon.cuda.alloc(4096)));
  per('torch.empty([1024], cuda) + dispose', () => torch.empty([1024], { device: 'cuda' }).dispose());
  torch.noGrad(() => {
    per('relu_ 1K in place (no allocation)', () => F.relu(small, { inplace: true }));
    per('relu 1K + dispose', () => F.relu(small).dispose());
    per('add 1K + dispose', () => small.add(small2).dispose());
    per('add 1K, output left to the collector', () => small.add(small2));
    per('relu_ 1K in place, CPU tensor', () => F.relu(cpuSmall, { inplace: true }));
  });
  per('torch.cuda.synchronize() (idle GPU)', () => torch.cuda.synchronize());
  per('sum().item() of 1K', () => small.sum().item(), 500);

  const { model, opt, x, y, step } = mnistTraining();
  const logits = torch.randn([64, 10], { device: 'cuda', requiresGrad: true });
  let gcs = 0;
  new PerformanceObserver((list) => { gcs += list.getEntries().length; }).observe({ entryTypes: ['gc'] });
  const settle = () => new Promise((r) => setTimeout(r, 50));
  for (const [name, fn] of [
    ['MNIST forward, no grad', () => torch.noGrad(() => model.forward(x))],
    ['MNIST forward', () => model.forward(x)],
    ['MNIST forward + crossEntropy', () => F.crossEntropy(model.forward(x), y)],
    ['MNIST forward + crossEntropy + backward', () => F.crossEntropy(model.forward(x), y).backward()],
    ['MNIST step (zeroGrad, forward, loss, backward, SGD)', step],
    ['SGD momentum step alone (8 tensors)', () => opt.step()],
    ['crossEntropy forward + backward b64x10', () => F.crossEntropy(logits, y).backward()],
  ]) {
    per(name, fn, 300);
    await settle();
    gcs = 0;
    const seg = torch.cuda.memoryStats()['segment.all.allocated'];
    const t0 = process.hrtime.bigint();
    const m = Math.max(2, Math.round(300 * scale));
    for (let i = 0; i < m; i++) { fn(); torch.cuda.synchronize(); }
    const each = Number(process.hrtime.bigint() - t0) / 1e9 / m;
    await settle();
    console.log(`${''.padEnd(52)} synchronized each ${fmt(each).padStart(10)}; ${(gcs / m).toFixed(2)} GCs and ${((torch.cuda.memoryStats()['segment.all.allocated'] - seg) / m).toFixed(2)} new segments per call`);
  }
  if (dir) {
    const session = new Session();
    session.connect();
    const post = (m, p = {}) => new Promise((res, rej) => session.post(m, p, (e, r) => (e ? rej(e) : res(r))));
    const resnet = resnet18().to('cuda');
    const xr = torch.randn([32, 3, 224, 224], { device: 'cuda' });
    for (const [file, fn, iterations] of [['mnist_step', step, 400], ['resnet_forward', () => torch.noGrad(() => resnet.forward(xr)), 150]]) {
      const n = Math.max(1, Math.round(iterations * scale));
      for (let i = 0; i < Math.min(n, 20); i++) fn();
      torch.cuda.synchronize();
      await post('Profiler.enable');
      await post('Profiler.setSamplingInterval', { interval: 50 });
      await post('Profiler.start');
      for (let i = 0; i < n; i++) fn();
      torch.cuda.synchronize();
      const { profile } = await post('Profiler.stop');
      writeFileSync(`${dir}/${file}.cpuprofile`, JSON.stringify(profile));
      console.log(`wrote ${dir}/${file}.cpuprofile (${n} iterations)`);
    }
  }
  process.exit(0);
}

// `node bench/cuda_profile.mjs host`: the host's time to issue each op of a ResNet block and of a
// training step's tail (no synchronize inside the loop), which bounds a step when the GPU outruns
// it; an op that reads the device shows the busy GPU's time instead
if (process.argv.includes('host')) {
  const x = torch.randn([32, 64, 56, 56], { device: 'cuda' });
  const conv = new nn.Conv2d(64, 64, 3, { padding: 1, bias: false }).to('cuda');
  const bn = new nn.BatchNorm2d(64).to('cuda');
  const fc = new nn.Linear(512, 1000).to('cuda');
  const v = torch.randn([32, 512], { device: 'cuda' });
  const small = torch.randn([32, 64, 7, 7], { device: 'cuda' });
  const ops = [
    ['conv 3x3 (cuDNN legacy API)', () => conv.forward(x), 'legacy'],
    ['conv 3x3 on 7px (cuDNN legacy API)', () => F.conv2d(small, conv.weight, null, { padding: 1 }), 'legacy'],
    ['conv 3x3 (cuDNN graph API)', () => conv.forward(x), 'graph'],
    ['conv 3x3 on 7px (cuDNN graph API)', () => F.conv2d(small, conv.weight, null, { padding: 1 }), 'graph'],
    ['batchNorm2d train', () => bn.forward(x)],
    ['relu', () => F.relu(x)],
    ['add', () => x.add(x)],
    ['maxPool2d', () => F.maxPool2d(x, 3, { stride: 2, padding: 1 })],
    ['adaptiveAvgPool2d + flatten', () => F.adaptiveAvgPool2d(small, 1).flatten(1)],
    ['linear 512->1000', () => fc.forward(v)],
    ['empty (allocation)', () => torch.empty([32, 64, 56, 56], { device: 'cuda' })],
    // a training step's tail: the loss (whose index checks read the device) and the update
    ['crossEntropy forward + backward b32x1000', () => torch.enableGrad(() => F.crossEntropy(logits, labels).backward())],
    ['SGD step, ResNet-18 (62 tensors)', () => sgd.step()],
  ];
  const logits = torch.randn([32, 1000], { device: 'cuda', requiresGrad: true }), labels = torch.randint(0, 1000, [32]).to('cuda');
  const resnet = resnet18().to('cuda');
  for (const p of resnet.parameters()) p.grad = torch.zerosLike(p);
  const sgd = new (await import('@tensile/optim')).SGD(resnet.parameters(), { lr: 0.01, momentum: 0.9 });
  // a GPU kept busy (float64 GEMMs, tens of milliseconds) while the host issues the ops: the
  // host's time is then its own, not the GPU's
  const big = torch.randn([4096, 4096], { device: 'cuda', dtype: 'float64' });
  torch.noGrad(() => {
    for (const [name, fn, api] of ops) {
      process.env.TENSILE_CUDNN_API = api ?? 'graph';
      for (let i = 0; i < 20; i++) fn();
      torch.cuda.synchronize();
      const n = 200;
      let t0 = process.hrtime.bigint();
      for (let i = 0; i < n; i++) fn()?.dispose();
      const host = Number(process.hrtime.bigint() - t0) / 1e9 / n;
      torch.cuda.synchronize();
      const all = Number(process.hrtime.bigint() - t0) / 1e9 / n;
      for (let i = 0; i < 16; i++) big.matmul(big).dispose();
      t0 = process.hrtime.bigint();
      for (let i = 0; i < n; i++) fn()?.dispose();
      const issue = Number(process.hrtime.bigint() - t0) / 1e9 / n;
      torch.cuda.synchronize();
      console.log(`${name.padEnd(32)} host ${fmt(host).padStart(10)} per call, with the GPU ${fmt(all).padStart(10)}; issued behind a busy GPU ${fmt(issue).padStart(10)}`);
    }
  });
  process.exit(0);
}

const ADD = 256 * 1024 * 1024;
{
  const x = torch.randn([ADD], { device: 'cuda' }), y = torch.randn([ADD], { device: 'cuda' });
  t('add 256M x.add(y) (output allocated)', () => x.add(y));
  t('add 256M x.add_(y) (in place)', () => { x.add_(y); });
  t('mul 256M x.mul(y)', () => x.mul(y));
  t('neg 256M x.neg()', () => x.neg());
  t('copy 256M x.clone()', () => x.clone());
  t('empty 256M (allocation only)', () => torch.empty([ADD], { device: 'cuda' }));
  const small = torch.randn([1024], { device: 'cuda' });
  t('add 1K (launch + allocation overhead)', () => small.add(small), { reps: 9, warmup: 2, inner: 200 });
  t('synchronize alone', () => null, { reps: 9, warmup: 2, inner: 200 });
  for (const v of [x, y, small]) v.dispose();
}
for (const dt of ['float16', 'bfloat16']) {
  const a = torch.randn([4096, 4096], { device: 'cuda', dtype: dt }), b = torch.randn([4096, 4096], { device: 'cuda', dtype: dt });
  const s = t(`${dt} gemm 4096^3`, () => a.matmul(b));
  console.log(`   ${(2 * 4096 ** 3 / s / 1e12).toFixed(1)} TFLOP/s`);
  a.dispose();
  b.dispose();
}
{
  const x = torch.randn([32, 64, 56, 56], { device: 'cuda' });
  const conv = new nn.Conv2d(64, 64, 3, { padding: 1, bias: false }).to('cuda');
  const bn = new nn.BatchNorm2d(64).to('cuda');
  torch.noGrad(() => {
    t('conv 64->64 3x3 56px b32 (cuDNN)', () => conv.forward(x));
    torch.backends.cudnn.enabled = false;
    t('conv 64->64 3x3 56px b32 (implicit GEMM)', () => conv.forward(x));
    torch.backends.cudnn.enabled = true;
    bn.train();
    t('batchNorm2d train 64ch 56px b32', () => bn.forward(x));
    bn.eval();
    t('batchNorm2d eval 64ch 56px b32', () => bn.forward(x));
    t('relu 32x64x56x56', () => F.relu(x));
    t('maxPool2d 3/2/1 32x64x56x56', () => F.maxPool2d(x, 3, { stride: 2, padding: 1 }));
    t('add 32x64x56x56', () => x.add(x));
  });
  const xs = torch.randn([32, 3, 224, 224], { device: 'cuda' });
  const stem = new nn.Conv2d(3, 64, 7, { stride: 2, padding: 3, bias: false }).to('cuda');
  torch.noGrad(() => t('stem conv 3->64 7x7/2 224px b32 (cuDNN)', () => stem.forward(xs)));
}
{
  const model = resnet18().to('cuda');
  model.eval();
  const x = torch.randn([32, 3, 224, 224], { device: 'cuda' });
  torch.noGrad(() => {
    t('ResNet-18 forward eval b32', () => model.forward(x), { reps: 5, warmup: 2 });
    model.train();
    t('ResNet-18 forward train-mode b32', () => model.forward(x), { reps: 5, warmup: 2 });
    if (globalThis.gc) t('ResNet-18 forward train-mode b32, gc() after each', () => { const r = model.forward(x); torch.cuda.synchronize(); r.dispose(); globalThis.gc(); }, { reps: 5, warmup: 2 });
  });
  // host-side cost alone: no synchronize until the end
  const t0 = process.hrtime.bigint();
  torch.noGrad(() => { for (let i = 0; i < 5; i++) model.forward(x).dispose(); });
  const host = Number(process.hrtime.bigint() - t0) / 5e9;
  torch.cuda.synchronize();
  const all = Number(process.hrtime.bigint() - t0) / 5e9;
  console.log(`ResNet-18 forward: host time per forward ${fmt(host)}, with the GPU's tail ${fmt(all)}   ${mem()}`);
}
