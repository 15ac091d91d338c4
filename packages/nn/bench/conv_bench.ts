// Times conv2d forward (8,64,56,56) x 64 3x3 pad 1 against the PyTorch figure measured alongside.
import * as torch from '@tensile/core';
import { conv2d } from '../src/functional/conv';

torch.setNumThreads(2);
const x = torch.randn([8, 64, 56, 56]);
const w = torch.randn([64, 64, 3, 3]);
const b = torch.randn([64]);
const times: number[] = [];
for (let i = 0; i < 25; i++) {
  const t0 = performance.now();
  conv2d(x, w, b, { padding: 1 });
  times.push(performance.now() - t0);
}
times.sort((a, b) => a - b);
console.log(`tensile conv2d fwd median ${times[12].toFixed(2)} ms`);
