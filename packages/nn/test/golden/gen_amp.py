"""PyTorch goldens for CPU autocast (bfloat16). Run: /usr/bin/python3 packages/nn/test/golden/gen_amp.py

Each case runs one op inside torch.autocast('cpu') on fixed float32 (or bfloat16) inputs and
records the output's dtype and values; the gradient cases also backpropagate through the
autocast casts to float32 leaves. amp.test.ts replays them under torch.autocast('cpu', ...).
"""
import json, os
import torch
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(__file__), 'amp.json')


def enc(t):
    t = t.detach()
    return {'shape': list(t.shape), 'dtype': str(t.dtype).replace('torch.', ''),
            'data': [float(f'{v:.9g}') for v in t.double().reshape(-1).tolist()]}


g = torch.Generator().manual_seed(0)
def r(*shape, dtype=torch.float32):
    return torch.randn(*shape, generator=g).to(dtype)

cases = []
def case(name, op, inputs, fn, grad=False):
    leaves = [t.clone().requires_grad_(grad and t.dtype == torch.float32) for t in inputs]
    with torch.autocast('cpu'):
        y = fn(*leaves)
    res = {'name': name, 'op': op, 'inputs': [enc(t) for t in inputs], 'out': enc(y)}
    if grad:
        up = torch.randn(y.shape, generator=g)
        y.float().backward(up)
        res['upstream'] = enc(up)
        res['grads'] = [enc(t.grad) for t in leaves]
    cases.append(res)

bf = torch.bfloat16
case('mm', 'mm', [r(5, 7), r(7, 3)], lambda a, b: torch.mm(a, b), grad=True)
case('matmul 3-d by 2-d', 'matmul', [r(2, 4, 6), r(6, 5)], lambda a, b: a @ b)
case('bmm', 'bmm', [r(3, 4, 5), r(3, 5, 2)], lambda a, b: torch.bmm(a, b))
case('addmm', 'addmm', [r(4, 3), r(4, 6), r(6, 3)], lambda i, a, b: torch.addmm(i, a, b))
case('linear', 'linear', [r(6, 8), r(5, 8), r(5)], lambda x, w, b: F.linear(x, w, b), grad=True)
case('conv2d', 'conv2d', [r(2, 3, 7, 7), r(4, 3, 3, 3), r(4)], lambda x, w, b: F.conv2d(x, w, b, padding=1), grad=True)
case('conv1d', 'conv1d', [r(2, 3, 9), r(4, 3, 3), r(4)], lambda x, w, b: F.conv1d(x, w, b))
case('prod of bfloat16 runs in float32', 'prod', [r(6, dtype=bf)], lambda x: x.prod())
case('sum of bfloat16 stays bfloat16', 'sum', [r(4, 5, dtype=bf)], lambda x: x.sum(1))
case('softmax of bfloat16 stays bfloat16', 'softmax', [r(3, 6, dtype=bf)], lambda x: torch.softmax(x, 1))
case('exp of bfloat16 stays bfloat16', 'exp', [r(5, dtype=bf)], lambda x: x.exp())
case('add promotes bfloat16 with float32', 'add', [r(5, dtype=bf), r(5)], lambda a, b: a + b)
case('mse_loss of bfloat16 runs in float32', 'mse_loss', [r(4, 3, dtype=bf), r(4, 3, dtype=bf)], lambda a, b: F.mse_loss(a, b))
case('cross_entropy runs in float32', 'cross_entropy', [r(4, 5), torch.tensor([0, 3, 1, 4])], lambda x, t: F.cross_entropy(x, t))
case('layer_norm of bfloat16 stays bfloat16', 'layer_norm', [r(3, 8, dtype=bf)], lambda x: F.layer_norm(x, (8,)))
case('linear then mse (a mixed-precision step)', 'linear_mse', [r(6, 8), r(4, 8), r(4), r(6, 4)],
     lambda x, w, b, t: F.mse_loss(F.linear(x, w, b), t), grad=True)
case('conv, batch_norm, relu, max_pool (a mixed-precision CNN block)', 'cnn_block', [r(2, 3, 8, 8), r(4, 3, 3, 3), r(4), r(4), r(4)],
     lambda x, w, b, g_, b_: F.max_pool2d(F.relu(F.batch_norm(F.conv2d(x, w, b), None, None, g_, b_, training=True)), 2), grad=True)

with open(OUT, 'w') as f:
    json.dump(cases, f)
print(f'{len(cases)} cases -> {OUT}')
