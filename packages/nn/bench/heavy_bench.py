"""PyTorch twin of heavy_bench.ts: /usr/bin/python3 packages/nn/bench/heavy_bench.py [all|conv|cnn|lstm|transformer]"""
import json, sys, time
import torch, torch.nn as nn, torch.nn.functional as F
torch.set_num_threads(2)
torch.manual_seed(0)
def median(fn, reps, warm=2):
    for _ in range(warm): fn()
    ts = []
    for _ in range(reps):
        t = time.perf_counter(); fn(); ts.append((time.perf_counter() - t) * 1000)
    ts.sort(); return ts[reps // 2]
which = sys.argv[1] if len(sys.argv) > 1 else "all"
out = {}
if which in ("all", "conv"):
    x, w, b = torch.randn(8, 64, 56, 56), torch.randn(64, 64, 3, 3), torch.randn(64)
    with torch.no_grad(): out["conv2d_fwd"] = median(lambda: F.conv2d(x, w, b, padding=1), 15)
if which in ("all", "cnn"):
    class Net(nn.Module):
        def __init__(s):
            super().__init__(); s.conv1 = nn.Conv2d(1, 32, 3); s.conv2 = nn.Conv2d(32, 64, 3); s.fc1 = nn.Linear(9216, 128); s.fc2 = nn.Linear(128, 10)
        def forward(s, x):
            h = F.relu(s.conv1(x)); h = F.max_pool2d(F.relu(s.conv2(h)), 2); h = F.relu(s.fc1(h.flatten(1))); return s.fc2(h)
    net = Net(); x = torch.randn(64, 1, 28, 28); y = torch.randint(0, 10, (64,))
    def step():
        for p in net.parameters(): p.grad = None
        F.cross_entropy(net(x), y).backward()
        with torch.no_grad():
            for p in net.parameters(): p.sub_(p.grad * 0.01)
    out["cnn_step"] = median(step, 15)
if which in ("all", "lstm"):
    lstm = nn.LSTM(128, 256, batch_first=True); x = torch.randn(32, 50, 128)
    def lf():
        o, _ = lstm(x); o.sum().backward()
    out["lstm_fwd_bwd"] = median(lf, 9)
if which in ("all", "transformer"):
    layer = nn.TransformerEncoderLayer(256, 8, 1024, batch_first=True).eval(); x = torch.randn(16, 128, 256)
    with torch.no_grad(): out["encoder_fwd"] = median(lambda: layer(x), 9)
print(json.dumps({k: round(v, 2) for k, v in out.items()}))
