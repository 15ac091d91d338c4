// Worker threads (multiprocessingContext: 'thread'): the addon keeps its kernel-argument block per
// JavaScript thread, so worker threads and this thread run kernels at the same time. Checked here
// with two threads while this thread keeps computing.
import { expect, it } from 'vitest';
import * as torch from '@tensile/core';
import { DataLoader } from '@tensile/data';
import { Numbers } from './fixtures/datasets';

it('thread workers load the same batches as this thread, while this thread runs kernels too', async () => {
  const pairList = ([x, y]: [torch.Tensor, torch.Tensor]) => [x.dtype, x.shape, x.tolist(), y.tolist()];
  const expected = [...new DataLoader(new Numbers(10), { batchSize: 4 })].map(pairList);
  const got: unknown[] = [];
  for await (const b of new DataLoader(new Numbers(10), { batchSize: 4, numWorkers: 2, multiprocessingContext: 'thread' })) {
    got.push(pairList(b));
    expect(torch.arange(10, { dtype: 'float32' }).mul(2).sum().item()).toBe(90);
  }
  expect(got).toEqual(expected);
});
