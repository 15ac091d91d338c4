#!/usr/bin/env node
// "Model summary and parameters": the tutorial network with Conv2d, BatchNorm2d, ReLU, Dropout
// and a Softmax head; prints PyTorch's repr, counts parameters (sum(p.numel() for p in ...)),
// prints a torchsummary-style table gathered with forward hooks, and shows what train() and
// eval() change (dropout, batch-norm statistics).
//   node examples/model_summary.mjs [--quick]
import * as torch from '@tensile/core';
import * as nn from '@tensile/nn';

const quick = process.argv.includes('--quick') || process.env.TENSILE_QUICK === '1';
function check(ok, message) {
  if (!ok) {
    console.error(`FAILED: ${message}`);
    process.exit(1);
  }
}
torch.manualSeed(0);

class MyNetwork extends nn.Module {
  constructor(inChannels, outClasses) {
    super();
    this.conv = new nn.Conv2d(inChannels, 64, 3, { padding: 1 }); // kernel_size=3, padding=1
    this.batchnorm = new nn.BatchNorm2d(64);
    this.relu = new nn.ReLU();
    this.dropout = new nn.Dropout(0.2); // nn.Dropout(p=0.2)
    this.fc1 = new nn.Linear(64 * 28 * 28, 128);
    this.fc2 = new nn.Linear(128, outClasses);
    this.softmax = new nn.Softmax(1); // nn.Softmax(dim=1)
  }
  forward(x) {
    x = this.conv.forward(x);
    x = this.batchnorm.forward(x);
    x = this.relu.forward(x);
    x = this.dropout.forward(x);
    x = x.view(x.size(0), -1); // flatten
    x = this.fc1.forward(x);
    x = this.relu.forward(x);
    x = this.dropout.forward(x);
    x = this.fc2.forward(x);
    return this.softmax.forward(x);
  }
}

const model = new MyNetwork(3, 10);
console.log(String(model)); // print(model)

// The repr PyTorch 1.13 prints for the same network:
const pytorchRepr = `MyNetwork(
  (conv): Conv2d(3, 64, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))
  (batchnorm): BatchNorm2d(64, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)
  (relu): ReLU()
  (dropout): Dropout(p=0.2, inplace=False)
  (fc1): Linear(in_features=50176, out_features=128, bias=True)
  (fc2): Linear(in_features=128, out_features=10, bias=True)
  (softmax): Softmax(dim=1)
)`;
check(String(model) === pytorchRepr, 'repr differs from PyTorch');

// total_params = sum(p.numel() for p in model.parameters() if p.requires_grad)
const totalParams = model.parameters().filter((p) => p.requiresGrad).reduce((n, p) => n + p.numel(), 0);
console.log(`Total parameters: ${totalParams.toLocaleString('en-US')}`);
check(totalParams === 6425866, `expected 6,425,866 parameters, got ${totalParams}`);

// Buffers are not parameters: BatchNorm's running_mean, running_var, num_batches_tracked
console.log('buffers:', model.namedBuffers().map(([name, b]) => `${name} ${JSON.stringify(b.shape)}`).join(', '));
console.log('state dict keys:', Object.keys(model.stateDict()).join(', '));

// torchsummary's table: a forward hook on every leaf module records its output shape.
const rows = [];
const handles = [];
for (const [name, m] of model.namedModules()) {
  if (name === '') continue;
  handles.push(m.registerForwardHook((mod, _inputs, output) => {
    const params = mod.parameters().reduce((n, p) => n + p.numel(), 0);
    rows.push([`${mod.constructor.name}-${rows.length + 1}`, `[${[-1, ...output.shape.slice(1)].join(", ")}]`, params]);
  }));
}
const x = torch.randn(4, 3, 28, 28);
const probs = model.forward(x);
for (const h of handles) h.remove();
console.log('-'.repeat(64));
console.log(`${'Layer (type)'.padStart(20)} ${'Output Shape'.padStart(25)} ${'Param #'.padStart(15)}`);
console.log('='.repeat(64));
for (const [layer, shape, params] of rows) {
  console.log(`${layer.padStart(20)} ${shape.padStart(25)} ${params.toLocaleString('en-US').padStart(15)}`);
}
console.log('='.repeat(64));
check(rows.length === 9 && rows[4][2] === 6422656, 'summary table is wrong (expected 9 calls, fc1 with 6,422,656 parameters)');

// Softmax head: each row is a probability distribution
const rowSums = probs.sum(1);
console.log('softmax row sums:', String(rowSums.detach()));
check(torch.allclose(rowSums, torch.ones(4), { atol: 1e-5 }), 'softmax rows do not sum to 1');

// model.train(): dropout is random and BatchNorm updates its running statistics
check(model.batchnorm.num_batches_tracked.item() === 1, 'BatchNorm did not count the training batch');
check(model.batchnorm.running_mean.abs().sum().item() > 0, 'running_mean did not move');
// model.eval(): dropout is the identity and BatchNorm uses running statistics → deterministic
model.eval();
const [a, b] = torch.noGrad(() => [model.forward(x), model.forward(x)]);
check(torch.equal(a, b), 'eval-mode outputs differ');
check(model.batchnorm.num_batches_tracked.item() === 1, 'eval mode changed BatchNorm statistics');
console.log('eval mode: two forwards agree, BatchNorm statistics frozen');
model.train();
const [c, d] = torch.noGrad(() => [model.forward(x), model.forward(x)]);
check(!torch.equal(c, d), 'train-mode dropout gave identical outputs');
console.log('train mode: dropout makes two forwards differ');
if (quick) console.log('\nquick check passed');
