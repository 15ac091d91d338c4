/**
 * A model moved to an accelerator trains like its CPU twin: nn's layers and an optimizer on a
 * stand-in device whose memory is host memory (see core's device_fake.test.ts), so the device
 * plumbing of Module.to, the nn kernels' host fallback and the fused optimizer step are checked
 * on any machine. Runs in its own process: the stand-in takes the 'cuda' slot.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import * as torch from '@tensile/core';
import * as nn from '@tensile/nn';
import * as optim from '@tensile/optim';
import { registerStandInDevice } from '../../core/test/device_suite';

function model(): nn.Module {
  torch.manualSeed(3);
  return new nn.Sequential(
    new nn.Conv2d(1, 4, 3, { padding: 1 }), new nn.BatchNorm2d(4), new nn.ReLU(), new nn.MaxPool2d(2),
    new nn.Flatten(), new nn.Linear(4 * 4 * 4, 10),
  );
}

describe.skipIf(torch.cuda.isAvailable())('nn and optim on a stand-in device', () => {
  beforeAll(registerStandInDevice);

  test('two SGD-momentum steps of a small CNN match the CPU run, parameters and buffers included', () => {
    const x = torch.randn(6, 1, 8, 8), y = torch.randint(0, 10, [6]);
    const run = (device: string) => {
      const m = model().to(device);
      const opt = new optim.SGD(m.parameters(), { lr: 0.1, momentum: 0.9 });
      const losses: number[] = [];
      for (let i = 0; i < 2; i++) {
        opt.zeroGrad();
        const loss = nn.functional.crossEntropy(m.forward(x.to(device)) as torch.Tensor, y.to(device));
        loss.backward();
        opt.step();
        losses.push(loss.item());
      }
      return { m, losses };
    };
    const cpu = run('cpu'), dev = run('cuda');
    expect(dev.losses[0]).toBeCloseTo(cpu.losses[0], 5);
    expect(dev.losses[1]).toBeCloseTo(cpu.losses[1], 5);
    const sd = dev.m.stateDict(), ref = cpu.m.stateDict();
    expect(Object.keys(ref)).toHaveLength(9); // conv, batch norm (with its 3 buffers), linear
    for (const [k, v] of Object.entries(ref)) {
      expect(sd[k].device).toBe('cuda:0');
      expect(sd[k].cpu().sub(v).abs().max().item()).toBeLessThan(1e-5);
    }
  });
});
