"""PyTorch twins of the bench workloads (same names, same shapes); prints JSON {name: seconds}.

Run by bench/run.mjs with /usr/bin/python3 when PyTorch is installed.
"""
import json
import statistics
import sys
import time

import torch

torch.set_num_threads(int(sys.argv[1]) if len(sys.argv) > 1 else 2)


# the step workloads' warm-up, as bench/cuda.mjs's: the same on both sides
STEP_WARMUP = 2.0


def bench(fn, reps=7, warmup=2, inner=1, warmup_seconds=0.25):
    # the same warm-up rule as bench/harness.mjs: `warmup` samples and at least `warmup_seconds`
    warm_end = time.perf_counter() + warmup_seconds
    r = 0
    while r < warmup or time.perf_counter() < warm_end:
        for _ in range(inner):
            fn()
        r += 1
    samples = []
    for _ in range(reps):
        t0 = time.perf_counter()
        for _ in range(inner):
            fn()
        samples.append((time.perf_counter() - t0) / inner)
    return statistics.median(samples)


def cuda():
    """The cuda suite of bench/cuda.mjs; empty without a GPU."""
    if not torch.cuda.is_available():
        return {}
    out = {}
    sync = torch.cuda.synchronize
    n = 4096
    for dt, tag in ((torch.float32, 's'), (torch.float16, 'h')):
        a = torch.randn(n, n, device='cuda', dtype=dt); b = torch.randn(n, n, device='cuda', dtype=dt)
        out[f'cuda {tag}gemm {n}^3'] = bench(lambda: (a @ b, sync()), reps=9)
        del a, b
    m = 256 * 1024 * 1024
    x = torch.randn(m, device='cuda'); y = torch.randn(m, device='cuda'); dst = torch.empty(m, device='cuda')
    out['cuda add 256M'] = bench(lambda: (x + y, sync()), reps=9)
    out['cuda copy 256M (device to device)'] = bench(lambda: (dst.copy_(x), sync()), reps=9)
    del x, y, dst
    torch.manual_seed(0)
    nn = torch.nn
    model = nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
                          nn.Flatten(), nn.Linear(9216, 128), nn.ReLU(), nn.Linear(128, 10)).cuda()
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    xb = torch.randn(64, 1, 28, 28, device='cuda'); yb = torch.randint(0, 10, (64,), device='cuda')

    def step():
        opt.zero_grad()
        torch.nn.functional.cross_entropy(model(xb), yb).backward()
        opt.step()
        sync()
    out['cuda MNIST CNN train step b64'] = bench(step, reps=15, warmup=3, warmup_seconds=STEP_WARMUP)
    del model, opt, xb, yb

    torch.manual_seed(0)
    model = resnet18().cuda()
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    xb = torch.randn(32, 3, 224, 224, device='cuda'); yb = torch.randint(0, 1000, (32,), device='cuda')
    with torch.no_grad():
        out['cuda ResNet-18 forward b32 224px'] = bench(lambda: (model(xb), sync()), reps=15, warmup=3, warmup_seconds=STEP_WARMUP)

    def rstep():
        opt.zero_grad()
        torch.nn.functional.cross_entropy(model(xb), yb).backward()
        opt.step()
        sync()
    out['cuda ResNet-18 train step b32 224px'] = bench(rstep, reps=15, warmup=3, warmup_seconds=STEP_WARMUP)
    # the convolutions without cuDNN: PyTorch's own im2col + cuBLAS kernels
    torch.backends.cudnn.enabled = False
    with torch.no_grad():
        out['cuda ResNet-18 forward b32 224px, no cuDNN'] = bench(lambda: (model(xb), sync()), reps=5, warmup=1)
    torch.backends.cudnn.enabled = True
    # PyTorch convolves through cuDNN's graph API (its v8 path, the default since 2.0): its one
    # figure per step workload stands beside both of ours (graph API, then legacy API)
    for k in ['cuda MNIST CNN train step b64', 'cuda ResNet-18 forward b32 224px', 'cuda ResNet-18 train step b32 224px']:
        out[k + ', cuDNN legacy API'] = out[k]
    return out


def resnet18():
    """torchvision's resnet18 layout, as bench/cuda.mjs writes it out."""
    nn = torch.nn

    class BasicBlock(nn.Module):
        def __init__(self, cin, cout, stride):
            super().__init__()
            self.conv1 = nn.Conv2d(cin, cout, 3, stride=stride, padding=1, bias=False)
            self.bn1 = nn.BatchNorm2d(cout)
            self.conv2 = nn.Conv2d(cout, cout, 3, padding=1, bias=False)
            self.bn2 = nn.BatchNorm2d(cout)
            self.downsample = (nn.Sequential(nn.Conv2d(cin, cout, 1, stride=stride, bias=False), nn.BatchNorm2d(cout))
                               if stride != 1 or cin != cout else None)

        def forward(self, x):
            y = self.bn2(self.conv2(torch.relu(self.bn1(self.conv1(x)))))
            return torch.relu(y + (self.downsample(x) if self.downsample is not None else x))

    layers = [nn.Conv2d(3, 64, 7, stride=2, padding=3, bias=False), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(3, stride=2, padding=1)]
    cin = 64
    for cout, stride in ((64, 1), (128, 2), (256, 2), (512, 2)):
        layers += [BasicBlock(cin, cout, stride), BasicBlock(cout, cout, 1)]
        cin = cout
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(512, 1000)]
    return nn.Sequential(*layers)


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


def optim():
    # MLP 784-512-256-10 parameter shapes; PyTorch 1.13's default Adam (foreach=None: single-tensor loop)
    out = {}
    torch.manual_seed(0)
    shapes = [(512, 784), (512,), (256, 512), (256,), (10, 256), (10,)]
    params = [torch.randn(s, requires_grad=True) for s in shapes]
    for p in params:
        p.grad = torch.randn(p.shape) * 1e-2
    adam = torch.optim.Adam(params, lr=1e-3)
    out['Adam step MLP 784-512-256-10'] = bench(adam.step, reps=31, warmup=5, inner=5)
    sgd = torch.optim.SGD(params, lr=1e-2, momentum=0.9)
    out['SGD momentum step MLP 784-512-256-10'] = bench(sgd.step, reps=31, warmup=5, inner=5)
    return out


def serialization():
    # loads the very file bench/serialization.mjs wrote with Tensile (100 MB: 25 float32 1000x1000)
    import os
    import tempfile
    from collections import OrderedDict
    path = os.path.join(tempfile.gettempdir(), 'tensile_bench_sd100.pt')
    torch.manual_seed(0)
    sd = OrderedDict((f'layer{i}.weight', torch.randn(1000, 1000)) for i in range(25))
    if not os.path.exists(path):
        torch.save(sd, path)
    out = {}
    saved = os.path.join(tempfile.gettempdir(), 'tensile_bench_sd100_torch.pt')
    out['torch.save 100 MB state dict'] = bench(lambda: torch.save(sd, saved), reps=5, warmup=1)
    out['torch.load 100 MB state dict'] = bench(lambda: torch.load(path, weights_only=True), reps=7, warmup=2)
    return out



def nn_suite():
    import torch.nn as nn
    import torch.nn.functional as F
    torch.manual_seed(0)
    out = {}
    x = torch.randn(8, 64, 56, 56); w = torch.randn(64, 64, 3, 3); b = torch.randn(64)
    out['conv2d fwd (8,64,56,56) 64x3x3'] = bench(lambda: F.conv2d(x, w, b, padding=1), reps=11)

    def step(model, opt, x, y):
        def f():
            opt.zero_grad()
            F.cross_entropy(model(x), y).backward()
            opt.step()
        return f

    mlp = nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 256), nn.ReLU(), nn.Linear(256, 10))
    out['MLP 784-512-256-10 train step b128 (Adam)'] = bench(
        step(mlp, torch.optim.Adam(mlp.parameters(), lr=1e-3), torch.randn(128, 784), torch.randint(0, 10, (128,))), reps=15, warmup=3)

    class CNN(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv1 = nn.Conv2d(1, 32, 3); self.conv2 = nn.Conv2d(32, 64, 3)
            self.fc1 = nn.Linear(9216, 128); self.fc2 = nn.Linear(128, 10)

        def forward(self, x):
            h = F.relu(self.conv1(x))
            h = F.max_pool2d(F.relu(self.conv2(h)), 2)
            return self.fc2(F.relu(self.fc1(h.flatten(1))))

    cnn = CNN()
    out['CNN train step b64 (SGD momentum)'] = bench(
        step(cnn, torch.optim.SGD(cnn.parameters(), lr=0.01, momentum=0.9), torch.randn(64, 1, 28, 28), torch.randint(0, 10, (64,))), reps=11)
    lstm = nn.LSTM(128, 256, batch_first=True)
    xl = torch.randn(32, 50, 128)

    def lstm_step():
        o, _ = lstm(xl)
        o.sum().backward()
    out['LSTM 128->256 (32,50,128) fwd+bwd'] = bench(lstm_step, reps=9)
    layer = nn.TransformerEncoderLayer(256, 8, dim_feedforward=1024, batch_first=True).eval()
    xt = torch.randn(16, 128, 256)
    with torch.no_grad():
        out['TransformerEncoderLayer(256,8,1024) fwd (16,128,256)'] = bench(lambda: layer(xt), reps=9)
    out.update(norm())
    return out


def norm():
    import torch.nn as nn
    torch.manual_seed(0)
    out = {}
    bn = nn.BatchNorm2d(64)
    xb = torch.randn(32, 64, 56, 56, requires_grad=True); gb = torch.randn(32, 64, 56, 56)

    def bn_step():
        bn(xb).backward(gb)
        xb.grad = None
    out['BatchNorm2d(64) train fwd+bwd (32,64,56,56)'] = bench(bn_step, reps=9)
    ln = nn.LayerNorm(256)
    xl = torch.randn(16, 128, 256, requires_grad=True); gl = torch.randn(16, 128, 256)

    def ln_step():
        ln(xl).backward(gl)
        xl.grad = None
    out['LayerNorm(256) fwd+bwd (16,128,256)'] = bench(ln_step, reps=15, warmup=3)
    return out


SUITES = {'core': core, 'nn': nn_suite, 'norm': norm, 'optim': optim, 'serialization': serialization, 'cuda': cuda}

if __name__ == '__main__':
    suites = sys.argv[2].split(',') if len(sys.argv) > 2 else list(SUITES)
    result = {}
    for s in suites:
        if s in SUITES:
            result.update(SUITES[s]())
    print(json.dumps(result))
