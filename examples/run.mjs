#!/usr/bin/env node
// `npm run example -- <name> [args]` runs examples/<name>.mjs with the remaining arguments;
// without a name it lists the examples with the first line of each one's header comment.
// Runnable examples are the .mjs files here that start with a `#!/usr/bin/env node` line (helper
// modules such as mnist_dataset.mjs do not); they are listed in learning order, described below.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

// name → what it shows, in the order a newcomer would read them
const DESCRIPTIONS = {
  tensor_basics: 'creation, attributes, arithmetic, matmul, views, indexing, cat/stack/split',
  autograd: 'requires_grad, backward, .grad, no_grad/detach, hooks, higher-order gradients',
  linear_regression: 'a manual gradient-descent loop, then nn.Linear + MSELoss + optim.SGD',
  tabular_classifier: 'CSV → one-hot features → TensorDataset/DataLoader → MLP, with evaluation',
  mnist_cnn: 'the tutorial CNN on MNIST with a Dataset, DataLoader and SGD',
  demo: 'the tuned MNIST CNN with progress bars, Adam and torch.save (npm run demo)',
  model_summary: 'BatchNorm, Dropout and a Softmax head: repr, parameter count, summary table',
  lstm_classifier: 'a bidirectional LSTM classifying whether a sequence sums above zero',
  transformer_classifier: 'a Transformer encoder with sinusoidal positional encoding',
  fine_tuning: 'frozen layers, a replaced head and per-group learning rates',
  training_tricks: 'StepLR, gradient clipping, gradient accumulation and early stopping',
  custom_losses: 'focal loss and label smoothing as nn.Module subclasses',
  checkpoint_resume: 'torch.save/torch.load of model + optimizer + epoch; resuming continues the same run',
  metrics: 'accuracy, precision, recall, F1 and the confusion matrix with tensor ops',
};

const order = (name) => {
  const i = Object.keys(DESCRIPTIONS).indexOf(name);
  return i < 0 ? Infinity : i;
};

/** Runnable examples: [name, one-line description]. */
export function listExamples() {
  return readdirSync(here)
    .filter((f) => f.endsWith('.mjs') && f !== 'run.mjs')
    .map((f) => [f, readFileSync(path.join(here, f), 'utf8')])
    .filter(([, src]) => src.startsWith('#!/usr/bin/env node'))
    .map(([f, src]) => {
      const name = f.replace(/\.mjs$/, '');
      const comment = src.split('\n').slice(1).find((l) => l.startsWith('//')) ?? '';
      return [name, DESCRIPTIONS[name] ?? comment.replace(/^\/\/\s*/, '')];
    })
    .sort(([a], [b]) => order(a) - order(b) || a.localeCompare(b));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [name, ...args] = process.argv.slice(2);
  const examples = listExamples();
  if (!name || name === '--help' || name === '-h') {
    console.log('usage: npm run example -- <name> [--quick] [options]\n\nexamples:');
    const width = Math.max(...examples.map(([n]) => n.length));
    for (const [n, description] of examples) console.log(`  ${n.padEnd(width)}  ${description}`);
    console.log('\n--quick (or TENSILE_QUICK=1) runs a short version that checks its own result.');
    process.exit(0);
  }
  const file = path.join(here, `${name.replace(/\.mjs$/, '')}.mjs`);
  if (!existsSync(file) || !examples.some(([n]) => n === name.replace(/\.mjs$/, ''))) {
    console.error(`no example named '${name}'; run \`npm run example\` for the list`);
    process.exit(2);
  }
  const result = spawnSync(process.execPath, [file, ...args], { stdio: 'inherit' });
  process.exit(result.status ?? 1);
}
