"""PyTorch's side of bench/cuda_kernels.mjs: one ResNet-18 forward and one training step between
cumsum markers, for Nsight Compute (see that file)."""
import torch

from torch_twin import resnet18

torch.manual_seed(0)
model = resnet18().cuda()
opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
x, y = torch.randn(32, 3, 224, 224, device='cuda'), torch.randint(0, 1000, (32,), device='cuda')
marker = torch.zeros(1000, device='cuda')


def forward():
    with torch.no_grad():
        model(x)


def step():
    opt.zero_grad()
    torch.nn.functional.cross_entropy(model(x), y).backward()
    opt.step()


for _ in range(3):
    forward()
    step()
torch.cuda.synchronize()
for fn in (forward, step):
    marker.cumsum(0)
    fn()
    marker.cumsum(0)
    torch.cuda.synchronize()
