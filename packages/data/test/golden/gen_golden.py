"""Generates data.json: PyTorch 1.13's answers for the RNG-free parts of torch.utils.data.

Run: /usr/bin/python3 packages/data/test/golden/gen_golden.py
Only sampler/loader arithmetic and collation are recorded (no shuffling: Tensile's RNG differs).
"""
import json
import math
import os

import torch
from torch.utils.data import (BatchSampler, DataLoader, IterableDataset, SequentialSampler,
                              get_worker_info, random_split)
from torch.utils.data.distributed import DistributedSampler
from torch.utils.data._utils.collate import default_collate


def enc(x):
    """A JSON form of a collated value: tensors as {dtype, shape, values}."""
    if isinstance(x, torch.Tensor):
        return {'dtype': str(x.dtype).replace('torch.', ''), 'shape': list(x.shape), 'values': x.tolist()}
    if isinstance(x, dict):
        return {'dict': {k: enc(v) for k, v in x.items()}}
    if isinstance(x, (list, tuple)):
        return {'list': [enc(v) for v in x]}
    return x


class Range(IterableDataset):
    def __init__(self, start, end):
        self.start, self.end = start, end

    def __len__(self):
        return self.end - self.start

    def __iter__(self):
        info = get_worker_info()
        lo, hi = self.start, self.end
        if info is not None:
            per = int(math.ceil((self.end - self.start) / float(info.num_workers)))
            lo = self.start + info.id * per
            hi = min(lo + per, self.end)
        return iter(range(lo, hi))


def main():
    out = {}

    out['batchSampler'] = [
        {'n': n, 'batchSize': bs, 'dropLast': dl,
         'batches': list(BatchSampler(SequentialSampler(range(n)), bs, dl)),
         'length': len(BatchSampler(SequentialSampler(range(n)), bs, dl))}
        for n in [0, 1, 7, 10, 12] for bs in [1, 3, 4, 5] for dl in [False, True]
    ]

    out['loader'] = []
    for n in [1, 7, 10]:
        for bs in [1, 3, 4, None]:
            for dl in ([False, True] if bs is not None else [False]):
                loader = DataLoader(list(range(n)), batch_size=bs, drop_last=dl)
                out['loader'].append({'n': n, 'batchSize': bs, 'dropLast': dl, 'length': len(loader),
                                      'batches': [enc(b) for b in loader]})

    out['distributed'] = []
    for n in [1, 5, 10, 11, 13]:
        for replicas in [1, 2, 3, 4, 7]:
            for dl in [False, True]:
                for rank in range(replicas):
                    s = DistributedSampler(list(range(n)), num_replicas=replicas, rank=rank, shuffle=False, drop_last=dl)
                    out['distributed'].append({'n': n, 'numReplicas': replicas, 'rank': rank, 'dropLast': dl,
                                               'indices': list(s), 'length': len(s), 'totalSize': s.total_size})

    collate_cases = {
        'ints': [0, 1, 2, 3],
        'floats': [0.5, 1.25, 2.0],
        'bools': [True, False, True],
        'strings': ['a', 'b', 'c'],
        'tuples': [(0, 1), (2, 3)],
        'lists': [[0, 1], [2, 3]],
        'dicts': [{'A': 0, 'B': 1.5}, {'A': 100, 'B': 100.5}],
        'nested': [{'x': [1, 2], 'y': {'z': True}}, {'x': [3, 4], 'y': {'z': False}}],
        'tensors': [torch.tensor([1.0, 2.0]), torch.tensor([3.0, 4.0])],
        'tensorPairs': [(torch.tensor([[1, 2]]), 0), (torch.tensor([[3, 4]]), 1)],
    }
    out['collate'] = {k: {'output': enc(default_collate(v))} for k, v in collate_cases.items()}

    out['randomSplit'] = []
    for n, fracs in [(10, [0.8, 0.2]), (11, [0.3, 0.3, 0.4]), (7, [0.5, 0.5]), (5, [0.1, 0.1, 0.8]), (3, [1.0])]:
        parts = random_split(range(n), fracs, generator=torch.Generator().manual_seed(0))
        out['randomSplit'].append({'n': n, 'fractions': fracs, 'lengths': [len(p) for p in parts]})

    out['iterableWorkers'] = []
    for bs, dl, workers in [(3, False, 2), (3, True, 2), (None, False, 2), (4, False, 3), (2, False, 0)]:
        loader = DataLoader(Range(0, 17), batch_size=bs, drop_last=dl, num_workers=workers)
        out['iterableWorkers'].append({'start': 0, 'end': 17, 'batchSize': bs, 'dropLast': dl, 'numWorkers': workers,
                                       'length': len(loader), 'batches': [enc(b) for b in loader]})

    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'data.json')
    with open(path, 'w') as f:
        json.dump({'torch': torch.__version__, **out}, f, separators=(',', ':'))
        f.write('\n')


if __name__ == '__main__':
    main()
