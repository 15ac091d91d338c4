// Checks the RNG-free arithmetic of samplers, loaders and collation against PyTorch 1.13
// (golden/data.json, written by golden/gen_golden.py).
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import * as torch from '@tensile/core';
import { BatchSampler, DataLoader, DistributedSampler, SequentialSampler, defaultCollate, randomSplit } from '@tensile/data';
import { Range } from './fixtures/datasets';

const golden = JSON.parse(readFileSync(new URL('./golden/data.json', import.meta.url), 'utf8'));

/** The JSON form gen_golden.py gives a collated value. */
function enc(x: unknown): unknown {
  if (x instanceof torch.Tensor) return { dtype: x.dtype, shape: [...x.shape], values: x.tolist() };
  if (Array.isArray(x)) return { list: x.map(enc) };
  if (x !== null && typeof x === 'object') return { dict: Object.fromEntries(Object.entries(x).map(([k, v]) => [k, enc(v)])) };
  return x;
}
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('golden: PyTorch index arithmetic', () => {
  it('BatchSampler batches and length', () => {
    for (const c of golden.batchSampler) {
      const s = new BatchSampler(new SequentialSampler(range(c.n)), c.batchSize, c.dropLast);
      expect([...s], JSON.stringify(c)).toEqual(c.batches);
      expect(s.length).toBe(c.length);
    }
  });

  it('DataLoader batches and length over a list', () => {
    for (const c of golden.loader) {
      const loader = new DataLoader(range(c.n), { batchSize: c.batchSize, dropLast: c.dropLast });
      expect(loader.length).toBe(c.length);
      expect([...loader].map(enc), JSON.stringify(c)).toEqual(c.batches);
    }
  });

  it('DistributedSampler (shuffle: false) index lists, lengths and total sizes', () => {
    for (const c of golden.distributed) {
      const s = new DistributedSampler(range(c.n), { numReplicas: c.numReplicas, rank: c.rank, shuffle: false, dropLast: c.dropLast });
      expect([...s], JSON.stringify(c)).toEqual(c.indices);
      expect(s.length).toBe(c.length);
      expect(s.totalSize).toBe(c.totalSize);
    }
  });

  it('defaultCollate', () => {
    const cases: Record<string, unknown[]> = {
      ints: [0, 1, 2, 3],
      floats: [0.5, 1.25, 2.0],
      bools: [true, false, true],
      strings: ['a', 'b', 'c'],
      tuples: [[0, 1], [2, 3]],
      lists: [[0, 1], [2, 3]],
      dicts: [{ A: 0, B: 1.5 }, { A: 100, B: 100.5 }],
      nested: [{ x: [1, 2], y: { z: true } }, { x: [3, 4], y: { z: false } }],
      tensors: [torch.tensor([1, 2], { dtype: 'float32' }), torch.tensor([3, 4], { dtype: 'float32' })],
      tensorPairs: [[torch.tensor([[1, 2]]), 0], [torch.tensor([[3, 4]]), 1]],
    };
    for (const [name, batch] of Object.entries(cases)) expect(enc(defaultCollate(batch)), name).toEqual(golden.collate[name].output);
  });

  it('randomSplit lengths from fractions', () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    try {
      for (const c of golden.randomSplit) {
        const parts = randomSplit(range(c.n), c.fractions, new torch.Generator().manualSeed(0));
        expect(parts.map((p) => p.length), JSON.stringify(c)).toEqual(c.lengths);
      }
      // PyTorch warns about an empty split ([0.1, 0.1, 0.8] of 5 items gives [1, 0, 4])
      expect(warn).toHaveBeenCalledWith('Length of split at index 1 is 0. This might result in an empty dataset.');
    } finally {
      warn.mockRestore();
    }
  });

  it('IterableDataset batches with workers arrive in PyTorch order', async () => {
    for (const c of golden.iterableWorkers) {
      const loader = new DataLoader(new Range(c.start, c.end), { batchSize: c.batchSize, dropLast: c.dropLast, numWorkers: c.numWorkers });
      expect(loader.length).toBe(c.length);
      const got: unknown[] = [];
      for await (const b of loader) got.push(enc(b));
      expect(got, JSON.stringify({ ...c, batches: undefined })).toEqual(c.batches);
    }
  });
});
