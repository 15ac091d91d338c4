// Times the heavy-layer targets (median ms): conv2d forward, a CNN training step, LSTM fwd+bwd,
// TransformerEncoderLayer forward. Run beside heavy_bench.py (the PyTorch twin), same threads.
import * as torch from '@tensile/core';
import * as nn from '@tensile/nn';

torch.setNumThreads(2);
torch.manualSeed(0);
function median(fn: () => void, reps: number, warm = 2): number {
  for (let i = 0; i < warm; i++) fn();
  const ts: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    fn();
    ts.push(performance.now() - t0);
  }
  ts.sort((a, b) => a - b);
  return ts[Math.floor(reps / 2)];
}
const which = process.argv[2] ?? 'all';
const out: Record<string, number> = {};
if (which === 'all' || which === 'conv') {
  const x = torch.randn([8, 64, 56, 56]), w = torch.randn([64, 64, 3, 3]), b = torch.randn([64]);
  out.conv2d_fwd = median(() => nn.functional.conv2d(x, w, b, { padding: 1 }), 15);
}
if (which === 'all' || which === 'cnn') {
  class Net extends nn.Module {
    conv1 = new nn.Conv2d(1, 32, 3);
    conv2 = new nn.Conv2d(32, 64, 3);
    fc1 = new nn.Linear(9216, 128);
    fc2 = new nn.Linear(128, 10);
    override forward(x: torch.Tensor): torch.Tensor {
      let h = nn.functional.relu(this.conv1.forward(x));
      h = nn.functional.maxPool2d(nn.functional.relu(this.conv2.forward(h)), 2);
      h = nn.functional.relu(this.fc1.forward(h.flatten(1)));
      return this.fc2.forward(h);
    }
  }
  const net = new Net();
  const x = torch.randn([64, 1, 28, 28]), y = torch.randint(0, 10, [64]);
  out.cnn_step = median(() => {
    for (const p of net.parameters()) p.grad = null;
    nn.functional.crossEntropy(net.forward(x), y).backward();
    torch.noGrad(() => { for (const p of net.parameters()) p.sub_(p.grad!.mul(0.01)); });
  }, 15);
}
if (which === 'all' || which === 'lstm') {
  const lstm = new nn.LSTM(128, 256, { batchFirst: true });
  const x = torch.randn([32, 50, 128]);
  out.lstm_fwd_bwd = median(() => {
    const [o] = lstm.forward(x);
    o.sum().backward();
  }, 9);
}
if (which === 'all' || which === 'transformer') {
  const layer = new nn.TransformerEncoderLayer(256, 8, { dimFeedforward: 1024, batchFirst: true });
  layer.eval();
  const x = torch.randn([16, 128, 256]);
  out.encoder_fwd = torch.noGrad(() => median(() => layer.forward(x), 9));
}
console.log(JSON.stringify(Object.fromEntries(Object.entries(out).map(([k, v]) => [k, +v.toFixed(2)]))));
