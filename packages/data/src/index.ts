/**
 * `@tensile/data`: datasets, samplers and the DataLoader (PyTorch's `torch.utils.data`).
 *
 * ```ts
 * import * as torch from '@tensile/core';
 * import { DataLoader, TensorDataset } from '@tensile/data';
 * const ds = new TensorDataset(torch.randn(100, 3), torch.randint(0, 2, [100]));
 * for (const [xb, yb] of new DataLoader(ds, { batchSize: 32, shuffle: true })) console.log(xb.shape, yb.shape);
 * ```
 * @module
 */
export {
  Dataset, IterableDataset, TensorDataset, Subset, ConcatDataset, ChainDataset, randomSplit, IndexError,
  type MapDatasetLike, type MapSource,
} from './dataset';
export {
  Sampler, SequentialSampler, RandomSampler, SubsetRandomSampler, WeightedRandomSampler, BatchSampler,
  type RandomSamplerOptions, type WeightedRandomSamplerOptions, type Sized,
} from './sampler';
export { DistributedSampler, type DistributedSamplerOptions } from './distributed';
export { DataLoader, type DataLoaderOptions, type DatasetLike } from './dataloader';
export { defaultCollate, defaultConvert, collate, type Collated, type CollateFnMap, type CollateFnForType } from './collate';
export { getWorkerInfo, type WorkerInfo } from './worker_info';
export { withWorkerRecipe, importDataset, type WorkerRecipe, type WorkerPortable } from './recipe';
export type { WorkerKind } from './worker_pool';
