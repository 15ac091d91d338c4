/**
 * nn on an accelerator: layers, their gradients and optimizer steps give the CPU's results.
 * Run against a stand-in device on every machine (device_fake.test.ts) and against CUDA where a
 * GPU is present (cuda.test.ts).
 */
import { expect, test } from 'vitest';
import * as torch from '@tensile/core';
import type { Tensor } from '@tensile/core';
import * as nn from '@tensile/nn';
import * as optim from '@tensile/optim';

const F = nn.functional;

function model(): nn.Module {
  torch.manualSeed(3);
  return new nn.Sequential(
    new nn.Conv2d(1, 4, 3, { padding: 1 }), new nn.BatchNorm2d(4), new nn.ReLU(), new nn.MaxPool2d(2),
    new nn.Flatten(), new nn.Linear(4 * 4 * 4, 10),
  );
}

function close(a: Tensor, b: Tensor, tol: number, what: string): void {
  expect(a.device, what).toBe('cuda:0');
  const err = a.cpu().sub(b).abs().max().item();
  expect(err, what).toBeLessThanOrEqual(tol * Math.max(1, b.abs().max().item()));
}

export function deviceNnSuite(): void {
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
    expect(Object.keys(ref)).toHaveLength(9); // conv, batch norm (with its 3 buffers), linear
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
      ['conv3d', [1, 2, 5, 6, 4], [3, 2, 2, 3, 2], (x, w) => F.conv3d(x, w, null, { stride: [1, 2, 1] })],
      ['conv_transpose2d', [2, 4, 5, 5], [4, 3, 3, 3], (x, w) => F.convTranspose2d(x, w, null, { stride: 2, padding: 1, outputPadding: 1 })],
      ['max_pool2d', [2, 3, 9, 9], [1], (x) => F.maxPool2d(x, 3, { stride: 2, padding: 1 })],
      ['avg_pool2d', [2, 3, 9, 9], [1], (x) => F.avgPool2d(x, 3, { stride: 2, padding: 1, countIncludePad: false })],
    ];
    for (const [name, xs, ws, fn] of cases) {
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
  });

  test('layer, group, instance and batch norm (train and eval), with every gradient', () => {
    const cases: [string, number[], (x: Tensor, w: Tensor, b: Tensor) => Tensor, number][] = [
      ['layer_norm', [4, 5, 12], (x, w, b) => F.layerNorm(x, [12], { weight: w, bias: b }), 12],
      ['group_norm', [3, 6, 5, 4], (x, w, b) => F.groupNorm(x, 3, { weight: w, bias: b }), 6],
      ['instance_norm', [3, 6, 5, 4], (x, w, b) => F.instanceNorm(x, { weight: w, bias: b }), 6],
      ['batch_norm train', [4, 6, 5, 3], (x, w, b) => F.batchNorm(x, null, null, { weight: w, bias: b, training: true }), 6],
      ['batch_norm eval', [4, 6, 5, 3], (x, w, b) => F.batchNorm(x, torch.full([6], 0.3).to(x.device), torch.full([6], 2).to(x.device),
        { weight: w, bias: b, training: false }), 6],
    ];
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
    // running statistics are updated in place on the device
    const bn = new nn.BatchNorm2d(3).to('cuda'), ref = new nn.BatchNorm2d(3);
    const xb = torch.randn(4, 3, 5, 5);
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
  });
}
