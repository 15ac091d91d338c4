"""PyTorch twins of the bench workloads (same names, same shapes); prints JSON {name: seconds}.

Run by bench/run.mjs with /usr/bin/python3 when PyTorch is installed.
"""
import json
import statistics
import sys
import time

import torch

torch.set_num_threads(int(sys.argv[1]) if len(sys.argv) > 1 else 2)


def bench(fn, reps=7, warmup=2, inner=1):
    samples = []
    for r in range(warmup + reps):
        t0 = time.perf_counter()
        for _ in range(inner):
            fn()
        dt = (time.perf_counter() - t0) / inner
        if r >= warmup:
            samples.append(dt)
    return statistics.median(samples)


def core():
    out = {}
    a = torch.tensor([1.5]); b = torch.tensor([2.5])
    out['add 1-element'] = bench(lambda: a + b, inner=20000, reps=9)
    ag = torch.tensor([1.5], requires_grad=True)
    out['add 1-element (autograd)'] = bench(lambda: ag + b, inner=20000, reps=9)
    for n in (1024, 2048):
        x = torch.randn(n, n); y = torch.randn(n, n)
        out[f'sgemm {n}^3'] = bench(lambda: x @ y, reps=9 if n == 1024 else 5, warmup=1)
    n = 16 * 1024 * 1024
    x = torch.randn(n); y = torch.randn(n)
    out['add 16M'] = bench(lambda: x + y, reps=9)
    out['exp 16M'] = bench(lambda: x.exp(), reps=9)
    out['sum 16M'] = bench(lambda: x.sum(), reps=15)
    logits = torch.randn(1024, 1000, requires_grad=True)
    target = torch.randint(0, 1000, (1024,))

    def ce():
        loss = torch.nn.functional.cross_entropy(logits, target)
        loss.backward()
        logits.grad = None
    out['cross-entropy fwd+bwd (1024,1000)'] = bench(ce, reps=15, warmup=3)
    return out


SUITES = {'core': core}

if __name__ == '__main__':
    suites = sys.argv[2].split(',') if len(sys.argv) > 2 else list(SUITES)
    result = {}
    for s in suites:
        if s in SUITES:
            result.update(SUITES[s]())
    print(json.dumps(result))
