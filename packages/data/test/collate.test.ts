import { describe, expect, it } from 'vitest';
import * as torch from '@tensile/core';
import { DataLoader, collate, defaultCollate, defaultConvert, type CollateFnMap } from '@tensile/data';
import { Sequences, padSequence } from './fixtures/datasets';

describe('defaultCollate', () => {
  it('stacks tensors along a new first dimension, keeping dtype', () => {
    const b = defaultCollate([torch.zeros(2, 3), torch.ones(2, 3)]);
    expect(b.shape).toEqual([2, 2, 3]);
    expect(b.dtype).toBe('float32');
  });
  it('numbers: all integers → int64, any non-integer → float64; bigint → int64; booleans → bool', () => {
    expect(defaultCollate([1, 2]).dtype).toBe('int64');
    const f = defaultCollate([1, 2.5]);
    expect(f.dtype).toBe('float64');
    expect(f.tolist()).toEqual([1, 2.5]);
    expect(defaultCollate([NaN, 1]).dtype).toBe('float64');
    expect(defaultCollate([1n, 2n]).dtype).toBe('int64');
    expect(defaultCollate([true, false]).dtype).toBe('bool');
  });
  it('typed arrays become tensors of their dtype, stacked', () => {
    const b = defaultCollate([new Float32Array([1, 2]), new Float32Array([3, 4])]);
    expect(b.dtype).toBe('float32');
    expect(b.tolist()).toEqual([[1, 2], [3, 4]]);
    expect(defaultCollate([new Uint8Array([1]), new Uint8Array([2])]).dtype).toBe('uint8');
  });
  it('transposes tuples and collates Maps and objects per key', () => {
    const [x, y] = defaultCollate([[torch.tensor([1, 2]), 'a'], [torch.tensor([3, 4]), 'b']] as [torch.Tensor, string][]);
    expect(x.tolist()).toEqual([[1, 2], [3, 4]]);
    expect(y).toEqual(['a', 'b']);
    const m = defaultCollate([new Map([['k', 1]]), new Map([['k', 2]])]);
    expect(m.get('k')!.tolist()).toEqual([1, 2]);
  });
  it('fails loudly, with PyTorch\'s messages', () => {
    expect(() => defaultCollate([torch.zeros(3), torch.zeros(4)])).toThrow(
      'stack expects each tensor to be equal size, but got [3] at entry 0 and [4] at entry 1',
    );
    expect(() => defaultCollate([[1, 2], [3]])).toThrow('each element in list of batch should be of equal size');
    expect(() => defaultCollate([null, null])).toThrow(
      'default_collate: batch must contain tensors, numpy arrays, numbers, dicts or lists; found null',
    );
    class Point { x = 1; }
    expect(() => defaultCollate([new Point()])).toThrow('found Point');
    expect(() => defaultCollate([{ a: 1 }, { b: 2 }])).toThrow("sample is missing key 'a'");
  });
});

describe('collate with a collateFnMap, and defaultConvert', () => {
  it('custom types are collated by the map first', () => {
    class Point { constructor(readonly x: number) {} }
    const map: CollateFnMap = new Map([[Point, (batch: unknown[]) => (batch as Point[]).map((p) => p.x).join(',')]]);
    const [xs, ys] = collate([[new Point(1), 5], [new Point(2), 6]], { collateFnMap: map }) as [string, torch.Tensor];
    expect(xs).toBe('1,2');
    expect(ys.tolist()).toEqual([5, 6]);
  });
  it('defaultConvert turns typed arrays into tensors and leaves the rest', () => {
    const out = defaultConvert({ a: new Float64Array([1, 2]), b: 3, c: ['s'] }) as { a: torch.Tensor; b: number; c: string[] };
    expect(out.a.dtype).toBe('float64');
    expect(out.b).toBe(3);
    expect(out.c).toEqual(['s']);
  });
});

describe('custom collate functions', () => {
  it('pads variable-length sequences', () => {
    const loader = new DataLoader(new Sequences(), {
      batchSize: 4,
      collateFn: (batch: [torch.Tensor, number][]) => [padSequence(batch.map((b) => b[0])), torch.tensor(batch.map((b) => b[1]))] as const,
    });
    const batches = [...loader];
    expect(batches.length).toBe(3);
    const [x, y] = batches[0];
    expect(x.shape).toEqual([4, 4]);
    expect(x.tolist()).toEqual([[0, 0, 0, 0], [0, 1, 0, 0], [0, 1, 2, 0], [0, 1, 2, 3]]);
    expect(y.tolist()).toEqual([0, 1, 2, 3]);
    // without it, variable lengths fail in torch.stack
    expect(() => [...new DataLoader(new Sequences(), { batchSize: 4 })]).toThrow('stack expects each tensor to be equal size');
  });
});
