"""PyTorch goldens for the fused normalization kernels. Run: /usr/bin/python3 packages/nn/test/golden/gen_norm.py

One table of cases for F.batch_norm, F.group_norm, F.instance_norm and F.layer_norm: each case
fixes the input (with a mean away from zero, so the kernels' centring matters), the affine
parameters and running statistics, in float32 and float64. PyTorch computes the output,
backpropagates a random upstream gradient, and we save the output, the gradients of input,
weight and bias, and the running statistics after the call.
"""
import json, os
import torch
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(__file__), 'norm.json')


def enc(t):
    t = t.detach()
    data = t.double().reshape(-1).tolist()
    if t.dtype == torch.float32:
        data = [float(f'{v:.9g}') for v in data]  # 9 digits round-trip a float32 exactly
    return {'shape': list(t.shape), 'dtype': str(t.dtype).replace('torch.', ''), 'data': data}


cases = []


def case(name, op, shape, args, channels=None, affine=True, stats=False, seed=0):
    """args: keyword arguments of the op besides the tensors (both sides read them from the case)."""
    for dtype in (torch.float32, torch.float64):
        g = torch.Generator().manual_seed(seed)
        x = (torch.randn(shape, generator=g, dtype=torch.float64) * 2 + 1.5).to(dtype).requires_grad_(True)
        pshape = args.get('normalized_shape', [channels])
        w = (torch.rand(pshape, generator=g, dtype=torch.float64) + 0.5).to(dtype).requires_grad_(True) if affine else None
        b = torch.randn(pshape, generator=g, dtype=torch.float64).to(dtype).requires_grad_(True) if affine else None
        rm = torch.randn(channels, generator=g, dtype=torch.float64).to(dtype) if stats else None
        rv = (torch.rand(channels, generator=g, dtype=torch.float64) + 0.5).to(dtype) if stats else None
        res = {'name': f'{name} {str(dtype)[6:]}', 'op': op, 'args': args, 'x': enc(x)}
        if affine:
            res['weight'], res['bias'] = enc(w), enc(b)
        if stats:
            res['runningMean'], res['runningVar'] = enc(rm), enc(rv)
        if op == 'batch_norm':
            y = F.batch_norm(x, rm, rv, w, b, training=args['training'], momentum=args.get('momentum', 0.1), eps=args.get('eps', 1e-5))
        elif op == 'group_norm':
            y = F.group_norm(x, args['num_groups'], w, b, eps=args.get('eps', 1e-5))
        elif op == 'instance_norm':
            y = F.instance_norm(x, rm, rv, w, b, use_input_stats=args['use_input_stats'], momentum=args.get('momentum', 0.1), eps=args.get('eps', 1e-5))
        else:
            y = F.layer_norm(x, args['normalized_shape'], w, b, eps=args.get('eps', 1e-5))
        up = torch.randn(y.shape, generator=g, dtype=torch.float64).to(dtype)
        y.backward(up)
        res.update({'out': enc(y), 'upstream': enc(up), 'dx': enc(x.grad)})
        if affine:
            res['dweight'], res['dbias'] = enc(w.grad), enc(b.grad)
        if stats:
            res['runningMeanAfter'], res['runningVarAfter'] = enc(rm), enc(rv)
        cases.append(res)


# batch norm: train and eval, 2D-5D, with and without affine and running statistics
case('batch_norm train 2d', 'batch_norm', [8, 3], {'training': True}, 3, stats=True)
case('batch_norm train 3d', 'batch_norm', [4, 3, 5], {'training': True, 'momentum': 0.3}, 3, stats=True, seed=1)
case('batch_norm train 4d', 'batch_norm', [2, 3, 4, 5], {'training': True}, 3, stats=True, seed=2)
case('batch_norm train 5d', 'batch_norm', [2, 2, 3, 2, 3], {'training': True, 'eps': 1e-3}, 2, stats=True, seed=3)
case('batch_norm train 4d no affine', 'batch_norm', [3, 4, 2, 3], {'training': True}, 4, affine=False, stats=True, seed=4)
case('batch_norm train 4d no stats', 'batch_norm', [3, 4, 2, 3], {'training': True}, 4, seed=5)
case('batch_norm train 2d no affine no stats', 'batch_norm', [6, 5], {'training': True}, 5, affine=False, seed=6)
case('batch_norm eval 2d', 'batch_norm', [5, 3], {'training': False}, 3, stats=True, seed=7)
case('batch_norm eval 3d no affine', 'batch_norm', [2, 3, 4], {'training': False}, 3, affine=False, stats=True, seed=8)
case('batch_norm eval 4d', 'batch_norm', [2, 3, 4, 5], {'training': False}, 3, stats=True, seed=9)
case('batch_norm eval 5d', 'batch_norm', [2, 2, 2, 3, 2], {'training': False, 'eps': 1e-3}, 2, stats=True, seed=10)
# group norm: several group counts, 2D-5D
for gr in (1, 2, 3, 6):
    case(f'group_norm G={gr}', 'group_norm', [2, 6, 4], {'num_groups': gr}, 6, seed=20 + gr)
case('group_norm 4d', 'group_norm', [3, 4, 2, 3], {'num_groups': 2}, 4, seed=27)
case('group_norm 4d no affine', 'group_norm', [2, 4, 3, 2], {'num_groups': 2}, 4, affine=False, seed=28)
case('group_norm 5d', 'group_norm', [2, 4, 2, 2, 2], {'num_groups': 4, 'eps': 1e-3}, 4, seed=29)
case('group_norm 2d', 'group_norm', [4, 6], {'num_groups': 3}, 6, seed=30)
# instance norm: input statistics with and without running statistics, and running statistics
case('instance_norm 3d', 'instance_norm', [2, 3, 5], {'use_input_stats': True}, 3, affine=False, seed=40)
case('instance_norm 4d affine', 'instance_norm', [2, 3, 4, 4], {'use_input_stats': True}, 3, seed=41)
case('instance_norm 4d running stats', 'instance_norm', [2, 3, 3, 4], {'use_input_stats': True, 'momentum': 0.2}, 3, stats=True, seed=42)
case('instance_norm eval', 'instance_norm', [2, 3, 6], {'use_input_stats': False}, 3, stats=True, seed=43)
# layer norm: one and several normalized dims
case('layer_norm 1 dim', 'layer_norm', [4, 5], {'normalized_shape': [5]}, seed=50)
case('layer_norm 2 dims', 'layer_norm', [2, 3, 4], {'normalized_shape': [3, 4]}, seed=51)
case('layer_norm 3 dims', 'layer_norm', [2, 2, 3, 4], {'normalized_shape': [2, 3, 4], 'eps': 1e-3}, seed=52)
case('layer_norm no affine', 'layer_norm', [3, 2, 6], {'normalized_shape': [6]}, affine=False, seed=53)
case('layer_norm long rows', 'layer_norm', [3, 70], {'normalized_shape': [70]}, seed=54)

with open(OUT, 'w') as f:
    json.dump({'torch': torch.__version__, 'cases': cases}, f, separators=(',', ':'))
print(f'wrote {len(cases)} cases to {OUT} ({os.path.getsize(OUT)} bytes)')
