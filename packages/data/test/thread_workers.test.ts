// Worker threads (multiprocessingContext: 'thread'). They are disabled by default: the native
// addon keeps its kernel state per process, so a thread that loads @tensile/core breaks the main
// thread's kernels (see docs/data.md). This file (its own process under vitest) checks the thread
// transport anyway with one worker thread (two would race each other in the addon), computing
// everything it compares against before the thread starts and doing no kernel work here afterwards.
import { expect, it } from 'vitest';
import * as torch from '@tensile/core';
import { DataLoader } from '@tensile/data';
import { Numbers } from './fixtures/datasets';

it('thread workers are refused unless TENSILE_THREAD_WORKERS=1, and then load the same batches', async () => {
  const pairList = ([x, y]: [torch.Tensor, torch.Tensor]) => [x.dtype, x.shape, x.tolist(), y.tolist()];
  const expected = [...new DataLoader(new Numbers(10), { batchSize: 4 })].map(pairList);
  expect(() => new DataLoader(new Numbers(10), { numWorkers: 2, multiprocessingContext: 'thread' })).toThrow(
    "multiprocessingContext 'thread' is disabled",
  );
  process.env.TENSILE_THREAD_WORKERS = '1';
  try {
    const got: unknown[] = [];
    for await (const b of new DataLoader(new Numbers(10), { batchSize: 4, numWorkers: 1, multiprocessingContext: 'thread' })) got.push(pairList(b));
    expect(got).toEqual(expected);
  } finally {
    delete process.env.TENSILE_THREAD_WORKERS;
  }
});
