import { describe, expect, it } from 'vitest';
import * as torch from '@tensile/core';
import { ChainDataset, ConcatDataset, Dataset, IndexError, IterableDataset, Subset, TensorDataset, randomSplit } from '@tensile/data';

class Letters extends Dataset<string> {
  constructor(readonly s: string) {
    super();
  }
  get length() {
    return this.s.length;
  }
  getItem(i: number) {
    if (i < 0 || i >= this.s.length) throw new IndexError();
    return this.s[i];
  }
}

class Count extends IterableDataset<number> {
  constructor(readonly n: number) {
    super();
  }
  override get length() {
    return this.n;
  }
  *[Symbol.iterator]() {
    for (let i = 0; i < this.n; i++) yield i;
  }
}

class AsyncCount extends IterableDataset<number> {
  async *[Symbol.asyncIterator]() {
    for (let i = 0; i < 3; i++) yield 10 + i;
  }
}

describe('TensorDataset', () => {
  it('indexes every tensor along the first dimension', () => {
    const x = torch.arange(12).reshape(4, 3);
    const y = torch.tensor([10, 11, 12, 13]);
    const ds = new TensorDataset(x, y);
    expect(ds.length).toBe(4);
    const [xi, yi] = ds.getItem(2);
    expect(xi.tolist()).toEqual([6, 7, 8]);
    expect(yi.item()).toBe(12);
    expect(ds.getItem(-1)[1].item()).toBe(13);
  });
  it('rejects tensors of different first sizes, and out-of-range indices with PyTorch\'s message', () => {
    expect(() => new TensorDataset(torch.zeros(3), torch.zeros(4))).toThrow('Size mismatch between tensors');
    const ds = new TensorDataset(torch.zeros(3));
    expect(() => ds.getItem(3)).toThrow('index 3 is out of bounds for dimension 0 with size 3');
  });
});

describe('Subset, ConcatDataset, ChainDataset', () => {
  it('Subset maps indices, Python-style negatives included, and raises IndexError', () => {
    const sub = new Subset(new Letters('abcdef'), [5, 0, 2]);
    expect(sub.length).toBe(3);
    expect([0, 1, 2, -1].map((i) => sub.getItem(i))).toEqual(['f', 'a', 'c', 'c']);
    expect(() => sub.getItem(3)).toThrow(IndexError);
    expect(() => sub.getItem(3)).toThrow('list index out of range');
    expect(sub.getItems([2, 1])).toEqual(['c', 'a']);
  });
  it('Subset of an array', () => {
    const sub = new Subset(['x', 'y', 'z'], [2, 2, 0]);
    expect([0, 1, 2].map((i) => sub.getItem(i))).toEqual(['z', 'z', 'x']);
  });
  it('ConcatDataset finds the right dataset, with PyTorch\'s errors', () => {
    const cat = new ConcatDataset([new Letters('abc'), new Letters(''), new Letters('de')]);
    expect(cat.length).toBe(5);
    expect(cat.cumulativeSizes).toEqual([3, 3, 5]);
    expect([0, 1, 2, 3, 4, -1, -5].map((i) => cat.getItem(i))).toEqual(['a', 'b', 'c', 'd', 'e', 'e', 'a']);
    expect(() => cat.getItem(5)).toThrow('list index out of range');
    expect(() => cat.getItem(-6)).toThrow('absolute value of index should not exceed dataset length');
    expect(() => new ConcatDataset([])).toThrow('datasets should not be an empty iterable');
    expect(() => new ConcatDataset([new Count(2) as never])).toThrow('ConcatDataset does not support IterableDataset');
    expect(new Letters('ab').add(new Letters('c')).getItem(2)).toBe('c');
  });
  it('ChainDataset chains streams and sums lengths', async () => {
    const chain = new ChainDataset([new Count(2), new Count(3)]);
    expect([...chain]).toEqual([0, 1, 0, 1, 2]);
    expect(chain.length).toBe(5);
    const mixed = new Count(2).add(new AsyncCount());
    const got: number[] = [];
    for await (const v of mixed) got.push(v);
    expect(got).toEqual([0, 1, 10, 11, 12]);
    expect(() => mixed.length).toThrow("object of type 'AsyncCount' has no len()");
    expect(() => [...new ChainDataset([new Letters('a') as never])]).toThrow('ChainDataset only supports IterableDataset');
  });
});

describe('randomSplit', () => {
  const data = Array.from({ length: 10 }, (_, i) => i);
  const items = (s: Subset<number>) => Array.from({ length: s.length }, (_, i) => s.getItem(i) as number);

  it('splits into disjoint subsets covering the dataset', () => {
    const parts = randomSplit(data, [3, 7], new torch.Generator().manualSeed(1));
    expect(parts.map((p) => p.length)).toEqual([3, 7]);
    expect([...items(parts[0]), ...items(parts[1])].sort((a, b) => a - b)).toEqual(data);
  });
  it('is reproducible with a generator and with manualSeed', () => {
    const a = randomSplit(data, [0.5, 0.5], new torch.Generator().manualSeed(7)).map(items);
    const b = randomSplit(data, [0.5, 0.5], { generator: new torch.Generator().manualSeed(7) }).map(items);
    expect(a).toEqual(b);
    torch.manualSeed(3);
    const c = randomSplit(data, [5, 5]).map(items);
    torch.manualSeed(3);
    expect(randomSplit(data, [5, 5]).map(items)).toEqual(c);
  });
  it('rejects lengths that do not add up', () => {
    expect(() => randomSplit(data, [3, 3])).toThrow('Sum of input lengths does not equal the length of the input dataset!');
    expect(() => randomSplit(data, [1.5, -0.5])).toThrow('Fraction at index 0 is not between 0 and 1');
  });
});

describe('Dataset base classes', () => {
  it('IterableDataset without length raises Python\'s TypeError', () => {
    expect(() => new AsyncCount().length).toThrow(TypeError);
  });
  it('datasets have no worker recipe by default', () => {
    expect(new Letters('a').workerRecipe()).toBeUndefined();
    expect(new TensorDataset(torch.zeros(2)).workerRecipe().export).toBe('TensorDataset');
  });
});
