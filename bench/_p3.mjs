import * as torch from '@tensile/core';
import * as nn from '@tensile/nn';
import { time } from './harness.mjs';
const F = nn.functional;
torch.setNumThreads(2);
const t = (name, fn, reps = 15) => console.log(name.padEnd(40), (time(fn, { reps, warmup: 3 }) * 1e3).toFixed(3), 'ms');
const s = torch.randn(128, 128, 128);
const x = torch.randn(2048, 256), w = torch.randn(1024, 256), b = torch.randn(1024), w2 = torch.randn(256, 1024);
const h = torch.randn(2048, 1024);
torch.noGrad(() => {
t('softmax 2M', () => s.softmax(-1));
t('mm 2048x256x1024', () => x.mm(w.t()));
t('mm 2048x1024x256', () => h.mm(w2.t()));
t('add bias 2048x1024', () => h.add(b));
t('relu 2048x1024', () => h.relu());
t('layernorm 2048x256', () => F.layerNorm(x, [256]));
t('add 2048x256', () => x.add(x));
t('bmm 128x128x32x128', () => torch.bmm(torch.randn(128,128,32), torch.randn(128,32,128)));
});
