"""PyTorch's side of `node bench/cuda_profile.mjs mnist`: the same primitives and MNIST CNN
training-step phases, timed the same way (issued only, then until the GPU is done), on the same
machine. Run: python3 bench/cuda_profile_torch.py"""
import time

import torch
import torch.nn.functional as F

if not torch.cuda.is_available():
    raise SystemExit('no CUDA device')
nn = torch.nn


def fmt(s):
    return f'{s * 1e3:.3f} ms' if s >= 1e-3 else f'{s * 1e6:.1f} µs'


def per(name, fn, n=2000):
    for _ in range(min(n, 50)):
        fn()
    torch.cuda.synchronize()
    t0 = time.perf_counter()
    for _ in range(n):
        fn()
    host = (time.perf_counter() - t0) / n
    torch.cuda.synchronize()
    all_ = (time.perf_counter() - t0) / n
    print(f'{name:<52} host {fmt(host):>10}  with the GPU {fmt(all_):>10}')


small, small2 = torch.randn(1024, device='cuda'), torch.randn(1024, device='cuda')
per('torch.empty([1024], cuda)', lambda: torch.empty(1024, device='cuda'))
with torch.no_grad():
    per('relu_ 1K in place (no allocation)', lambda: F.relu(small, inplace=True))
    per('relu 1K', lambda: F.relu(small))
    per('add 1K', lambda: small.add(small2))
per('torch.cuda.synchronize() (idle GPU)', torch.cuda.synchronize)
per('sum().item() of 1K', lambda: small.sum().item(), 500)

torch.manual_seed(0)
model = nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
                      nn.Flatten(), nn.Linear(9216, 128), nn.ReLU(), nn.Linear(128, 10)).cuda()
opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
x, y = torch.randn(64, 1, 28, 28, device='cuda'), torch.randint(0, 10, (64,), device='cuda')
logits = torch.randn(64, 10, device='cuda', requires_grad=True)


def step():
    opt.zero_grad()
    F.cross_entropy(model(x), y).backward()
    opt.step()


def no_grad_forward():
    with torch.no_grad():
        model(x)


for name, fn in [
    ('MNIST forward, no grad', no_grad_forward),
    ('MNIST forward', lambda: model(x)),
    ('MNIST forward + crossEntropy', lambda: F.cross_entropy(model(x), y)),
    ('MNIST forward + crossEntropy + backward', lambda: F.cross_entropy(model(x), y).backward()),
    ('MNIST step (zeroGrad, forward, loss, backward, SGD)', step),
    ('SGD momentum step alone (8 tensors)', opt.step),
    ('crossEntropy forward + backward b64x10', lambda: F.cross_entropy(logits, y).backward()),
]:
    per(name, fn, 300)
    t0 = time.perf_counter()
    for _ in range(300):
        fn()
        torch.cuda.synchronize()
    print(f"{'':<52} synchronized each {fmt((time.perf_counter() - t0) / 300):>10}")
