/**
 * nn on an accelerator: layers, their gradients and optimizer steps give the CPU's results.
 * Run against a stand-in device on every machine (device_fake.test.ts) and against CUDA where a
 * GPU is present (cuda.test.ts).
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { onDevice } from '../../core/test/device_suite';
import * as torch from '@tensile/core';
import type { Tensor } from '@tensile/core';
import * as nn from '@tensile/nn';
import * as optim from '@tensile/optim';

const F = nn.functional;

// No bias on the convolution before batch norm (as in ResNet): batch norm cancels it, so its
// gradient is zero up to rounding, and Adam turns that rounding noise into full-size steps whose
// sign differs between any two devices that sum in different orders.
function model(): nn.Module {
  torch.manualSeed(3);
  return new nn.Sequential(
    new nn.Conv2d(1, 4, 3, { padding: 1, bias: false }), new nn.BatchNorm2d(4), new nn.ReLU(), new nn.MaxPool2d(2),
    new nn.Flatten(), new nn.Linear(4 * 4 * 4, 10),
  );
}

function close(a: Tensor, b: Tensor, tol: number, what: string): void {
  expect(a.device, what).toBe('cuda:0');
  const err = a.cpu().sub(b).abs().max().item();
  expect(err, what).toBeLessThanOrEqual(tol * Math.max(1, b.abs().max().item()));
}

/** close() where b may hold NaN: a must have NaN exactly there, and match elsewhere. */
function closeNan(a: Tensor, b: Tensor, tol: number, what: string): void {
  expect(a.device, what).toBe('cuda:0');
  const ah = a.cpu();
  expect(torch.equal(ah.isnan(), b.isnan()), `${what} NaN positions`).toBe(true);
  const err = torch.where(b.isnan(), 0, ah.sub(b).abs()).max().item();
  expect(err, what).toBeLessThanOrEqual(tol * Math.max(1, torch.where(b.isnan(), 0, b.abs()).max().item()));
}

/** f on the CPU and on the device from the same input and upstream gradient: output and input gradient agree. */
function compareWithGrad(name: string, x: Tensor, f: (x: Tensor) => Tensor, tol = 1e-5): void {
  let up: Tensor | null = null;
  const run = (d: string) => {
    const X = x.to(d).detach().requiresGrad_();
    const y = f(X);
    up ??= torch.randn(y.shape, { dtype: y.dtype });
    y.backward(up.to(d));
    return { y, gx: X.grad! };
  };
  const c = run('cpu'), g = run('cuda');
  expect(g.y.shape, name).toEqual(c.y.shape);
  expect(g.y.dtype, name).toBe(c.y.dtype);
  closeNan(g.y, c.y, tol, `${name} output`);
  closeNan(g.gx, c.gx, tol, `${name} input gradient`);
}

export function deviceNnSuite(): void {
  // exact float32 convolutions in cuDNN (PyTorch's default allows TF32 there), so results compare with the CPU's
  let tf32 = true;
  beforeAll(() => {
    tf32 = torch.backends.cudnn.allowTf32;
    torch.backends.cudnn.allowTf32 = false;
  });
  afterAll(() => {
    torch.backends.cudnn.allowTf32 = tf32;
  });

  test('two steps of a small CNN (SGD momentum, then Adam) match the CPU run, parameters and buffers included', () => {
    const x = torch.randn(6, 1, 8, 8), y = torch.randint(0, 10, [6]);
    const run = (device: string) => {
      const m = model().to(device);
      const losses: number[] = [];
      for (const opt of [new optim.SGD(m.parameters(), { lr: 0.1, momentum: 0.9 }), new optim.Adam(m.parameters(), { lr: 0.01 })])
        for (let i = 0; i < 2; i++) {
          opt.zeroGrad();
          const loss = F.crossEntropy(m.forward(x.to(device)) as Tensor, y.to(device));
          loss.backward();
          opt.step();
          losses.push(loss.item());
        }
      return { m, losses };
    };
    const cpu = run('cpu'), dev = run('cuda');
    dev.losses.forEach((l, i) => expect(l).toBeCloseTo(cpu.losses[i], 4));
    const sd = dev.m.stateDict(), ref = cpu.m.stateDict();
    expect(Object.keys(ref)).toHaveLength(8); // conv weight, batch norm (with its 3 buffers), linear
    for (const [k, v] of Object.entries(ref)) close(sd[k], v, 1e-4, k);
  });

  test('every optimizer family and variant steps on the device as on the CPU, state included', () => {
    type Make = (p: Tensor[]) => optim.Optimizer;
    const makers: [string, Make][] = [
      ['SGD nesterov wd', (p) => new optim.SGD(p, { lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 0.01 })],
      ['SGD dampening maximize', (p) => new optim.SGD(p, { lr: 0.1, momentum: 0.5, dampening: 0.3, maximize: true })],
      ['Adam amsgrad wd', (p) => new optim.Adam(p, { lr: 0.01, amsgrad: true, weightDecay: 0.1 })],
      ['AdamW', (p) => new optim.AdamW(p, { lr: 0.01, weightDecay: 0.1 })],
      ['Adamax', (p) => new optim.Adamax(p, { lr: 0.01, weightDecay: 0.1 })],
      ['NAdam', (p) => new optim.NAdam(p, { lr: 0.01, weightDecay: 0.1 })],
      ['RAdam', (p) => new optim.RAdam(p, { lr: 0.01, weightDecay: 0.1 })],
      ['RMSprop centered momentum', (p) => new optim.RMSprop(p, { lr: 0.01, centered: true, momentum: 0.9, weightDecay: 0.1 })],
      ['RMSprop', (p) => new optim.RMSprop(p, { lr: 0.01 })],
      ['Adagrad', (p) => new optim.Adagrad(p, { lr: 0.1, weightDecay: 0.1, lrDecay: 0.01 })],
      ['Adadelta', (p) => new optim.Adadelta(p, { lr: 1, weightDecay: 0.1 })],
    ];
    torch.manualSeed(5);
    // RAdam rectifies from its sixth step on: run past it
    const p0 = [torch.randn(3000), torch.randn(7, 5, { dtype: 'float64' })];
    const grads = Array.from({ length: 7 }, () => p0.map((p) => torch.randn(p.shape, { dtype: p.dtype })));
    for (const [name, make] of makers) {
      const run = (d: string) => {
        const ps = p0.map((p) => p.to(d).clone().requiresGrad_());
        const opt = make(ps);
        for (const g of grads) {
          ps.forEach((p, i) => (p.grad = g[i].to(d)));
          opt.step();
        }
        return { ps, state: opt.stateDict().state as Record<string, Record<string, unknown>> };
      };
      const cpu = run('cpu'), dev = run('cuda');
      dev.ps.forEach((p, i) => close(p.detach(), cpu.ps[i].detach(), 1e-5, `${name} param ${i}`));
      for (const [k, st] of Object.entries(cpu.state))
        for (const [s, v] of Object.entries(st))
          if (v instanceof torch.Tensor && v.numel() > 1) close(dev.state[k][s] as Tensor, v, 1e-5, `${name} ${s} of ${k}`);
    }
  });

  test('convolutions (grouped, strided, dilated, 1-d, 3-d, transposed) and pooling, with every gradient', () => {
    const cases: [string, number[], number[], (x: Tensor, w: Tensor) => Tensor][] = [
      ['conv2d grouped strided dilated', [2, 4, 9, 8], [6, 2, 3, 2], (x, w) => F.conv2d(x, w, null, { stride: [2, 1], padding: 1, dilation: [1, 2], groups: 2 })],
      ['conv1d', [3, 2, 20], [5, 2, 4], (x, w) => F.conv1d(x, w, null, { padding: 2 })],
      ['conv2d same, even kernel (asymmetric padding)', [2, 3, 7, 6], [4, 3, 4, 2], (x, w) => F.conv2d(x, w, null, { padding: 'same' })],
      ['conv3d', [1, 2, 5, 6, 4], [3, 2, 2, 3, 2], (x, w) => F.conv3d(x, w, null, { stride: [1, 2, 1] })],
      ['conv_transpose2d', [2, 4, 5, 5], [4, 3, 3, 3], (x, w) => F.convTranspose2d(x, w, null, { stride: 2, padding: 1, outputPadding: 1 })],
      ['max_pool2d', [2, 3, 9, 9], [1], (x) => F.maxPool2d(x, 3, { stride: 2, padding: 1 })],
      ['avg_pool2d', [2, 3, 9, 9], [1], (x) => F.avgPool2d(x, 3, { stride: 2, padding: 1, countIncludePad: false })],
    ];
    // through cuDNN where the build has it, and through Tensile's own im2col + cuBLAS path
    try {
    for (const viaCudnn of [true, false]) for (const [name0, xs, ws, fn] of cases) {
      torch.backends.cudnn.enabled = viaCudnn;
      const name = `${name0}${viaCudnn ? '' : ' (cuDNN off)'}`;
      const x = torch.randn(xs), w = torch.randn(ws);
      let up: Tensor | null = null; // one upstream gradient for both runs
      const grads = (d: string) => {
        const X = x.to(d).detach().requiresGrad_(), W = w.to(d).detach().requiresGrad_();
        const y = fn(X, W);
        up ??= torch.randn(y.shape);
        y.backward(up.to(d));
        return { y, gx: X.grad!, gw: W.grad };
      };
      const c = grads('cpu'), g = grads('cuda');
      close(g.y, c.y, 1e-4, `${name} output`);
      close(g.gx, c.gx, 1e-4, `${name} input gradient`);
      if (c.gw) close(g.gw!, c.gw, 1e-4, `${name} weight gradient`);
    }
    } finally {
      torch.backends.cudnn.enabled = true;
    }
  });

  // the GPU's own half-precision pooling kernels (the stand-in device runs the CPU's, which take no half types)
  test.skipIf(!torch.cuda.isAvailable())('pooling in float16 and bfloat16 on the GPU, forward and backward', () => {
    const x = torch.randn(2, 3, 9, 9), up = torch.randn(2, 3, 4, 4);
    const fns: [string, (t: Tensor) => Tensor][] = [
      ['max_pool2d', (t) => F.maxPool2d(t, 3, { stride: 2 })],
      ['avg_pool2d', (t) => F.avgPool2d(t, 3, { stride: 2 })],
      ['adaptive_avg_pool2d', (t) => F.adaptiveAvgPool2d(t, 4)],
      ['adaptive_max_pool2d', (t) => F.adaptiveMaxPool2d(t, 4)],
    ];
    for (const dtype of ['float16', 'bfloat16'] as const)
      for (const [name, f] of fns) {
        const xh = x.to(dtype), ref = xh.float().requiresGrad_();
        f(ref).backward(up.to(dtype).float());
        const X = xh.to('cuda').requiresGrad_(), y = f(X);
        expect(y.dtype, name).toBe(dtype);
        y.backward(up.to(dtype).to('cuda'));
        close(y.float(), f(xh.float()), 1e-2, `${name} ${dtype}`);
        close(X.grad!.float(), ref.grad!, 2e-2, `${name} ${dtype} gradient`);
      }
  });

  type NormCase = [string, number[], (x: Tensor, w: Tensor, b: Tensor) => Tensor, number];
  /** Each case's output and input, weight and bias gradients on the device against the CPU. */
  function compareNorms(cases: NormCase[]): void {
    for (const [name, shape, fn, c] of cases) {
      const x = torch.randn(shape).mul(2).add(1), w = torch.rand([c]).add(0.5), b = torch.randn([c]);
      let up: Tensor | null = null;
      const run = (d: string) => {
        const [X, W, B] = [x, w, b].map((t) => t.to(d).detach().requiresGrad_());
        const y = fn(X, W, B);
        up ??= torch.randn(y.shape);
        y.backward(up.to(d));
        return [y, X.grad!, W.grad!, B.grad!];
      };
      const cpu = run('cpu'), dev = run('cuda');
      ['output', 'input gradient', 'weight gradient', 'bias gradient'].forEach((what, i) => close(dev[i], cpu[i], 1e-4, `${name} ${what}`));
    }
  }

  // (two tests rather than one: under the CUDA emulation each takes tens of seconds, and a
  // worker kept busy much longer loses its link to vitest)
  test('layer, group and instance norm, with every gradient', () => compareNorms([
    ['layer_norm', [4, 5, 12], (x, w, b) => F.layerNorm(x, [12], { weight: w, bias: b }), 12],
    ['group_norm', [3, 6, 5, 4], (x, w, b) => F.groupNorm(x, 3, { weight: w, bias: b }), 6],
    // enough rows that the GPU splits the weight and bias gradients' column sums over parts
    ['layer_norm, 300 rows of 40', [3, 100, 40], (x, w, b) => F.layerNorm(x, [40], { weight: w, bias: b }), 40],
    ['group_norm over (N, C), 200 samples', [200, 6], (x, w, b) => F.groupNorm(x, 3, { weight: w, bias: b }), 6],
    ['instance_norm', [3, 6, 5, 4], (x, w, b) => F.instanceNorm(x, { weight: w, bias: b }), 6],
  ]));

  test('batch norm (train and eval), with every gradient', () => {
    const train = (x: Tensor, w: Tensor, b: Tensor) => F.batchNorm(x, null, null, { weight: w, bias: b, training: true });
    const evalMode = (x: Tensor, w: Tensor, b: Tensor) =>
      F.batchNorm(x, torch.full([w.numel()], 0.3).to(x.device), torch.full([w.numel()], 2).to(x.device), { weight: w, bias: b, training: false });
    compareNorms([
      ['batch_norm train', [4, 6, 5, 3], train, 6],
      ['batch_norm eval', [4, 6, 5, 3], evalMode, 6],
      // planes of whole 4-element vectors (hw 48): the GPU's vector kernels
      ['batch_norm train, whole vectors', [5, 4, 8, 6], train, 4],
      ['batch_norm eval, whole vectors', [5, 4, 8, 6], evalMode, 4],
      // channels large enough to be split over several blocks on the GPU (an uneven last share too)
      ['batch_norm train, large channels', [9, 3, 37, 41], train, 3],
      ['batch_norm train, 1-d', [1000, 5], train, 5],
    ]);
    // running statistics are updated in place on the device
    const bn = new nn.BatchNorm2d(3).to('cuda'), ref = new nn.BatchNorm2d(3);
    const xb = torch.randn(16, 3, 30, 30).mul(3).add(100); // a large mean: the variance must not cancel away
    bn.forward(xb.to('cuda'));
    ref.forward(xb);
    close(bn.running_mean!, ref.running_mean!, 1e-5, 'running_mean');
    close(bn.running_var!, ref.running_var!, 1e-5, 'running_var');
  });

  test('gather, scatter-add and index_put with accumulation', () => {
    const x = torch.randn(5, 6), idx = torch.tensor([[0, 2], [5, 1], [3, 3], [1, 0], [4, 4]]);
    close(x.to('cuda').gather(1, idx.to('cuda')), x.gather(1, idx), 0, 'gather');
    const z = torch.zeros(5, 6);
    close(z.to('cuda').scatterAdd(1, idx.to('cuda'), x.narrow(1, 0, 2).to('cuda')), z.scatterAdd(1, idx, x.narrow(1, 0, 2)), 1e-6, 'scatterAdd');
    const t = torch.zeros(4), at = torch.tensor([0, 2, 0, 3]), v = torch.tensor([1, 2, 3, 4], { dtype: 'float32' });
    close(t.to('cuda').indexPut_([at.to('cuda')], v.to('cuda'), true), t.indexPut_([at], v, true), 0, 'indexPut_ accumulate');
    expect(() => x.to('cuda').gather(1, torch.tensor([[9]]).to('cuda'))).toThrow(/out of (range|bounds)/);
    // gather's gradient scatters with its forward's checked index
    compareWithGrad('gather', x, (X) => X.gather(1, idx.to(X.device)));
    compareWithGrad('gather 1-d', x.reshape(-1), (X) => X.gather(0, torch.tensor([29, 0, 7, 7]).to(X.device)));
  });
  test('cross_entropy on the device: loss and gradient as on the CPU, out-of-range targets refused in nll_loss words', () => {
    const logits = torch.randn(6, 5), target = torch.tensor([0, 4, 2, -100, 1, 4]), weight = torch.rand(5);
    compareWithGrad('crossEntropy', logits, (X) => F.crossEntropy(X, target.to(X.device), { reduction: 'none' }));
    compareWithGrad('nllLoss weighted', logits, (X) => F.nllLoss(X.logSoftmax(1), target.to(X.device), { weight: weight.to(X.device) }));
    expect(() => F.crossEntropy(logits.to('cuda'), torch.tensor([0, 5, 1, 1, 1, 1]).to('cuda'))).toThrow('Target 5 is out of bounds.');
    expect(() => F.nllLoss(logits.to('cuda'), torch.tensor([0, -2, 1, 1, 1, 1]).to('cuda'))).toThrow('Target -2 is out of bounds.');
  });
  test('adaptive average and max pooling (1-d, 2-d, sizes that do not divide, upsampling), with gradients', () => onDevice(['adaptivePool2d', 'adaptiveAvgPool2dBackward'], () => {
    const cases: [string, number[], (x: Tensor) => Tensor][] = [
      ['adaptive_avg_pool2d 9x7 -> 4x5', [4, 16, 9, 7], (x) => F.adaptiveAvgPool2d(x, [4, 5])],
      ['adaptive_avg_pool2d -> 1 (ResNet head)', [3, 70, 7, 7], (x) => F.adaptiveAvgPool2d(x, 1)],
      ['adaptive_avg_pool2d 5x4 -> 7x6 (windows overlap)', [2, 3, 5, 4], (x) => F.adaptiveAvgPool2d(x, [7, 6])],
      ['adaptive_avg_pool2d [null, 3] unbatched', [5, 6, 8], (x) => F.adaptiveAvgPool2d(x, [null, 3])],
      ['adaptive_avg_pool1d 11 -> 4', [3, 40, 11], (x) => F.adaptiveAvgPool1d(x, 4)],
      ['adaptive_max_pool2d 9x7 -> 4x5', [4, 16, 9, 7], (x) => F.adaptiveMaxPool2d(x, [4, 5])],
      ['adaptive_max_pool2d 5x4 -> 7x6', [2, 3, 5, 4], (x) => F.adaptiveMaxPool2d(x, [7, 6])],
      ['adaptive_max_pool1d 11 -> 4', [3, 40, 11], (x) => F.adaptiveMaxPool1d(x, 4)],
    ];
    for (const [name, shape, f] of cases) {
      compareWithGrad(name, torch.randn(shape), f);
      compareWithGrad(`${name} float64`, torch.randn(shape, { dtype: 'float64' }), f, 1e-12);
    }
    // max pooling: the first index among ties, NaN propagated with its index, indices exact
    const x = torch.randint(0, 3, [2, 3, 9, 7]).float();
    x.view([-1]).indexPut_([torch.tensor([5, 40, 41, 200])], torch.tensor([NaN, NaN, NaN, NaN], { dtype: 'float32' }));
    for (const [name, f] of [
      ['2-d', (t: Tensor) => F.adaptiveMaxPool2d(t, [4, 3], { returnIndices: true })],
      ['1-d', (t: Tensor) => F.adaptiveMaxPool1d(t.flatten(2), 10, { returnIndices: true })],
    ] as [string, (t: Tensor) => [Tensor, Tensor]][]) {
      const [cv, ci] = f(x), [gv, gi] = f(x.to('cuda'));
      expect(cv.isnan().any().item()).toBe(true);
      closeNan(gv, cv, 0, `adaptive max ${name} values with ties and NaN`);
      expect(gi.device).toBe('cuda:0');
      expect(torch.equal(gi.cpu(), ci), `adaptive max ${name} indices`).toBe(true);
    }
    // (overlapping windows may pick one input twice: the GPU's scatter adds in any order)
    compareWithGrad('adaptive_max_pool2d with ties and NaN', x, (t) => F.adaptiveMaxPool2d(t, [4, 3]), 1e-6);
  }));

  test('F.unfold / F.fold (stride, padding, dilation) and their gradients', () => onDevice(['im2col', 'col2im'], () => {
    const opts = { stride: [2, 1], padding: [1, 2], dilation: [1, 2] };
    compareWithGrad('unfold', torch.randn(2, 5, 9, 8), (x) => F.unfold(x, [3, 2], opts));
    compareWithGrad('unfold float64 unbatched', torch.randn([3, 7, 6], { dtype: 'float64' }), (x) => F.unfold(x, 3, { padding: 1 }), 1e-12);
    // fold's input: (N, C*k, L) with L the number of blocks of a 9x8 output
    const L = F.unfold(torch.zeros(1, 1, 9, 8), [3, 2], opts).shape[2];
    compareWithGrad('fold', torch.randn(2, 5 * 6, L), (x) => F.fold(x, [9, 8], [3, 2], opts));
    compareWithGrad('fold float64 overlapping', torch.randn([2, 3 * 9, 16], { dtype: 'float64' }), (x) => F.fold(x, [6, 6], 3, { padding: 0 }), 1e-12);
  }));

  test('nn.RNN / LSTM (with projSize) / GRU: 2 layers, bidirectional, batchFirst and packed, every gradient', () => onDevice(['rnnForward', 'rnnBackward'], () => {
    const makers: [string, () => nn.RNNBase][] = [
      ['RNN tanh', () => new nn.RNN(4, 6, { numLayers: 2, bidirectional: true, batchFirst: true })],
      ['RNN relu', () => new nn.RNN(4, 6, { numLayers: 2, nonlinearity: 'relu', batchFirst: true })],
      ['LSTM', () => new nn.LSTM(4, 6, { numLayers: 2, bidirectional: true, batchFirst: true })],
      ['LSTM projSize', () => new nn.LSTM(4, 6, { numLayers: 2, bidirectional: true, batchFirst: true, projSize: 3 })],
      ['GRU', () => new nn.GRU(4, 6, { numLayers: 2, bidirectional: true, batchFirst: true })],
    ];
    const x = torch.randn(3, 5, 4);
    for (const packed of [false, true]) {
      for (const [name, make] of makers) {
        const what = `${name}${packed ? ' packed' : ''}`;
        let ups: Tensor[] | null = null;
        const run = (d: string) => {
          torch.manualSeed(11);
          const m = make().to(d) as nn.RNNBase;
          const X = x.to(d).detach().requiresGrad_();
          const input = packed ? nn.utils.rnn.packPaddedSequence(X, [5, 3, 2], { batchFirst: true }) : X;
          const [out, h] = (m.forward as (i: unknown) => [Tensor | { data: Tensor }, Tensor | [Tensor, Tensor]])(input);
          const outs = [out instanceof torch.Tensor ? out : out.data, ...(Array.isArray(h) ? h : [h])];
          ups ??= outs.map((o) => torch.randn(o.shape));
          torch.stack(outs.map((o, i) => o.mul(ups![i].to(d)).sum())).sum().backward(); // every output gets a gradient
          return { outs, gx: X.grad!, params: m.namedParameters() };
        };
        const c = run('cpu'), g = run('cuda');
        c.outs.forEach((o, i) => close(g.outs[i], o, 1e-4, `${what} output ${i}`));
        close(g.gx, c.gx, 1e-4, `${what} input gradient`);
        expect(g.params.map(([k]) => k)).toEqual(c.params.map(([k]) => k));
        c.params.forEach(([k, p], i) => close(g.params[i][1].grad!, p.grad!, 1e-4, `${what} ${k} gradient`));
      }
    }
  }));
}

/** nn on a second GPU: a model moved to cuda:1 trains there as on the CPU. */
export function multiDeviceNnSuite(): void {
  test("model.to('cuda:1'): parameters, buffers, gradients and optimizer state live on cuda:1 and match the CPU", () => {
    const x = torch.randn(6, 1, 8, 8), y = torch.randint(0, 10, [6]);
    const run = (device: string) => {
      const m = model().to(device);
      const opt = new optim.Adam(m.parameters(), { lr: 0.01 });
      for (let i = 0; i < 2; i++) {
        opt.zeroGrad();
        F.crossEntropy(m.forward(x.to(device)) as Tensor, y.to(device)).backward();
        opt.step();
      }
      return m;
    };
    const cpu = run('cpu'), dev = run('cuda:1');
    const sd = dev.stateDict(), ref = cpu.stateDict();
    for (const [k, v] of Object.entries(ref)) {
      expect(sd[k].device, k).toBe('cuda:1');
      const err = sd[k].cpu().sub(v).abs().max().item();
      expect(err, k).toBeLessThanOrEqual(1e-4 * Math.max(1, v.abs().max().item()));
    }
    expect(() => dev.forward(x.to('cuda:0'))).toThrow('Expected all tensors to be on the same device');
  });
}
