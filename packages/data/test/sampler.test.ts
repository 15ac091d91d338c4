import { describe, expect, it } from 'vitest';
import * as torch from '@tensile/core';
import {
  BatchSampler, DistributedSampler, RandomSampler, SequentialSampler, SubsetRandomSampler, WeightedRandomSampler,
} from '@tensile/data';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const sorted = (a: number[]) => [...a].sort((x, y) => x - y);
const gen = (s: number) => new torch.Generator().manualSeed(s);

describe('SequentialSampler', () => {
  it('yields 0..n-1', () => {
    const s = new SequentialSampler(range(5));
    expect([...s]).toEqual([0, 1, 2, 3, 4]);
    expect(s.length).toBe(5);
  });
});

describe('RandomSampler', () => {
  it('is a permutation, a new one each pass', () => {
    const s = new RandomSampler(range(50));
    const a = [...s], b = [...s];
    expect(sorted(a)).toEqual(range(50));
    expect(sorted(b)).toEqual(range(50));
    expect(a).not.toEqual(b);
    expect(s.length).toBe(50);
  });
  it('repeats with a seeded generator, and with torch.manualSeed', () => {
    expect([...new RandomSampler(range(20), { generator: gen(5) })]).toEqual([...new RandomSampler(range(20), false, null, gen(5))]);
    torch.manualSeed(11);
    const a = [...new RandomSampler(range(20))];
    torch.manualSeed(11);
    expect([...new RandomSampler(range(20))]).toEqual(a);
  });
  it('numSamples without replacement: whole permutations then a partial one', () => {
    const s = new RandomSampler(range(4), { numSamples: 10, generator: gen(0) });
    const v = [...s];
    expect(v.length).toBe(10);
    expect(sorted(v.slice(0, 4))).toEqual(range(4));
    expect(sorted(v.slice(4, 8))).toEqual(range(4));
    expect(new Set(v.slice(8)).size).toBe(2);
  });
  it('with replacement: numSamples draws, roughly uniform', () => {
    const s = new RandomSampler(range(5), { replacement: true, numSamples: 5000, generator: gen(1) });
    const v = [...s];
    expect(v.length).toBe(5000);
    expect(s.length).toBe(5000);
    const counts = range(5).map((k) => v.filter((x) => x === k).length);
    for (const c of counts) expect(Math.abs(c - 1000)).toBeLessThan(150);
  });
  it('validates its options', () => {
    expect(() => new RandomSampler(range(3), { numSamples: 0 })).toThrow('numSamples should be a positive integer value, but got numSamples=0');
    expect(() => new RandomSampler(range(3), { replacement: 1 as never })).toThrow('replacement should be a boolean value');
  });
});

describe('SubsetRandomSampler', () => {
  it('permutes the given indices', () => {
    const s = new SubsetRandomSampler([10, 20, 30, 40], gen(2));
    const v = [...s];
    expect(sorted(v)).toEqual([10, 20, 30, 40]);
    expect(s.length).toBe(4);
    expect([...new SubsetRandomSampler([10, 20, 30, 40], { generator: gen(2) })]).toEqual(v);
  });
});

describe('WeightedRandomSampler', () => {
  it('frequencies follow the weights', () => {
    const weights = [0.1, 0.9, 0.4, 0.7, 3.0, 0.6];
    const total = weights.reduce((a, b) => a + b, 0);
    const s = new WeightedRandomSampler(weights, 20000, true, gen(3));
    const v = [...s];
    expect(v.length).toBe(20000);
    expect(s.length).toBe(20000);
    weights.forEach((w, k) => {
      const freq = v.filter((x) => x === k).length / v.length;
      expect(Math.abs(freq - w / total), `index ${k}`).toBeLessThan(0.015);
    });
  });
  it('without replacement draws distinct indices; zero weights are never drawn', () => {
    const v = [...new WeightedRandomSampler(torch.tensor([1, 0, 2, 3, 0], { dtype: 'float32' }), 3, { replacement: false, generator: gen(4) })];
    expect(sorted(v)).toEqual([0, 2, 3]);
  });
  it('validates its inputs with PyTorch\'s messages', () => {
    expect(() => new WeightedRandomSampler([1, 2], 0)).toThrow('numSamples should be a positive integer value, but got numSamples=0');
    expect(() => new WeightedRandomSampler(torch.ones(2, 3), 2)).toThrow('weights should be a 1d sequence but given weights have shape (2, 3)');
    expect(() => [...new WeightedRandomSampler([1, 2], 3, false)]).toThrow('cannot sample n_sample > prob_dist.size(-1) samples without replacement');
  });
});

describe('BatchSampler', () => {
  it('groups any iterable of indices', () => {
    expect([...new BatchSampler([5, 4, 3, 2, 1], 2, false)]).toEqual([[5, 4], [3, 2], [1]]);
    expect([...new BatchSampler([5, 4, 3, 2, 1], { batchSize: 2, dropLast: true })]).toEqual([[5, 4], [3, 2]]);
  });
  it('validates its arguments', () => {
    expect(() => new BatchSampler([1], 0, false)).toThrow('batchSize should be a positive integer value, but got batchSize=0');
    expect(() => new BatchSampler([1], 2, undefined as never)).toThrow('dropLast should be a boolean value, but got dropLast=undefined');
    const noLen = { *[Symbol.iterator]() { yield 1; } };
    expect(() => new BatchSampler(noLen, 2, false).length).toThrow("has no len()");
  });
});

describe('DistributedSampler', () => {
  it('replicas partition a shuffled epoch; padding repeats the first indices', () => {
    const n = 10, replicas = 3;
    const parts = range(replicas).map((rank) => [...new DistributedSampler(range(n), { numReplicas: replicas, rank, seed: 5 })]);
    expect(parts.every((p) => p.length === 4)).toBe(true);
    const all = parts.flat();
    expect(new Set(all).size).toBe(n); // 12 slots, 10 distinct indices (2 padded)
  });
  it('uses randperm seeded seed + epoch, so setEpoch changes the order and repeats', () => {
    const s = new DistributedSampler(range(20), 2, 0, true, 7);
    const e0 = [...s];
    expect([...s]).toEqual(e0);
    s.setEpoch(1);
    const e1 = [...s];
    expect(e1).not.toEqual(e0);
    const perm = torch.randperm(20, { generator: gen(8) }).tolist() as number[];
    expect(e1).toEqual(perm.filter((_, i) => i % 2 === 0));
  });
  it('dropLast truncates the tail', () => {
    const s = new DistributedSampler(range(11), { numReplicas: 4, rank: 3, shuffle: false, dropLast: true });
    expect([...s]).toEqual([3, 7]);
    expect(s.length).toBe(2);
  });
  it('checks the rank, and reads WORLD_SIZE/RANK when not given', () => {
    expect(() => new DistributedSampler(range(4), { numReplicas: 2, rank: 2 })).toThrow('Invalid rank 2, rank should be in the interval [0, 1]');
    const saved = { ...process.env };
    process.env.WORLD_SIZE = '2';
    process.env.RANK = '1';
    try {
      const s = new DistributedSampler(range(4), { shuffle: false });
      expect([...s]).toEqual([1, 3]);
    } finally {
      process.env.WORLD_SIZE = saved.WORLD_SIZE;
      process.env.RANK = saved.RANK;
      if (saved.WORLD_SIZE === undefined) delete process.env.WORLD_SIZE;
      if (saved.RANK === undefined) delete process.env.RANK;
    }
  });
});
