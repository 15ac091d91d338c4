#!/usr/bin/python3
"""Golden fixtures for ops.test.ts: PyTorch's outputs and gradients for a table of op cases,
in the spirit of PyTorch's OpInfo and tinygrad's helper_test_op.

Run with the system python that has PyTorch 1.13:  /usr/bin/python3 gen_ops.py
Writes ops_<group>.json next to this script. Each case:
  name      unique test name
  op        key of the op table (the same key in OPS below and in ops.test.ts)
  inputs    tensor specs: {baseShape, shape, dtype, layout, requiresGrad, values}; `values` are the
            base tensor's (row-major, before the layout transform), `shape` the shape after it
  args      positional arguments; {"$t": k} stands for input k (after its layout transform),
            {"$f": "nan"|"inf"|"-inf"} for a non-finite number
  kwargs    keyword arguments, camelCase (the TS option names); tensors as {"$t": k}
  out       list of outputs {shape, dtype, values} (tuples/named tuples flattened in order), or
            {"scalar": v} for ops returning a Python value
  upstream  per output: the gradient fed to backward (null for outputs without a gradient)
  grads     per input: the gradient of the base leaf (null: no gradient reached it)
  check     'values' (default) or 'shape' (random/uninitialised outputs: shape and dtype only)
  tol       optional {rtol, atol} override
Layouts, applied identically in the test: 'T' transposes the last two dims (base shape has them
swapped), 'slice' takes x[..., ::2] (base last dim doubled), 'expand' expands dim 0 from 1.
Values: nan/inf as "nan"/"inf"/"-inf"; float32 values as their shortest float32 repr.
"""
import json
import math
import os
import re

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
torch.manual_seed(0)
GEN = torch.Generator().manual_seed(1234)

DT = {
    'float32': torch.float32, 'float64': torch.float64, 'float16': torch.float16, 'bfloat16': torch.bfloat16,
    'int8': torch.int8, 'uint8': torch.uint8, 'int16': torch.int16, 'int32': torch.int32, 'int64': torch.int64,
    'bool': torch.bool,
}
DT_NAME = {v: k for k, v in DT.items()}
FLOATS = ('float32', 'float64', 'float16', 'bfloat16')


def snake(k):
    return re.sub(r'([A-Z])', lambda m: '_' + m.group(1).lower(), k)


class T:
    """An input tensor spec. kind: randn | pos | unit | gt1 | int | bool | ties | special | arange | nonzero."""

    def __init__(self, shape, dtype='float32', kind='randn', grad=None, layout=None, lo=-5, hi=5, values=None, scale=1.0):
        self.shape, self.dtype, self.kind, self.grad, self.layout = list(shape), dtype, kind, grad, layout
        self.lo, self.hi, self.values, self.scale = lo, hi, values, scale


def base_shape(spec):
    s = list(spec.shape)
    if spec.layout == 'T':
        s[-1], s[-2] = s[-2], s[-1]
    elif spec.layout == 'slice':
        s[-1] *= 2
    elif spec.layout == 'expand':
        s[0] = 1
    return s


def make_values(spec, shape):
    dt = DT[spec.dtype]
    if spec.values is not None:
        return torch.tensor(spec.values, dtype=dt).reshape(shape)
    n = int(np.prod(shape)) if shape else 1
    k = spec.kind
    if k == 'randn':
        v = torch.randn(n, generator=GEN, dtype=torch.float64) * spec.scale
    elif k == 'pos':
        v = torch.rand(n, generator=GEN, dtype=torch.float64) * 1.5 + 0.5
    elif k == 'unit':
        v = torch.rand(n, generator=GEN, dtype=torch.float64) * 1.8 - 0.9
    elif k == 'gt1':
        v = torch.rand(n, generator=GEN, dtype=torch.float64) * 2 + 1.2
    elif k == 'nonzero':
        v = torch.rand(n, generator=GEN, dtype=torch.float64) * 1.5 + 0.5
        v = v * (torch.randint(0, 2, (n,), generator=GEN) * 2 - 1)
    elif k == 'int':
        v = torch.randint(spec.lo, spec.hi, (n,), generator=GEN).double()
    elif k == 'bool':
        v = torch.randint(0, 2, (n,), generator=GEN).double()
    elif k == 'ties':
        v = torch.randint(-2, 3, (n,), generator=GEN).double()
    elif k == 'arange':
        v = torch.arange(n, dtype=torch.float64)
    elif k == 'special':
        pool = torch.tensor([float('nan'), float('inf'), -float('inf'), 0.0, -0.0, 1.5, -2.25, 3.0, 1e30, -1e-30])
        v = pool[torch.randint(0, len(pool), (n,), generator=GEN)].double()
        v[:min(n, 3)] = pool[:min(n, 3)].double()
    else:
        raise ValueError(k)
    return v.to(dt).reshape(shape)


def enc(v, dtype):
    if dtype == 'bool':
        return bool(v)
    if dtype in FLOATS:
        v = float(v)
        if math.isnan(v):
            return 'nan'
        if math.isinf(v):
            return 'inf' if v > 0 else '-inf'
        if dtype in ('float32', 'float16', 'bfloat16'):
            return float(repr(np.float32(v)))
        return v
    return int(v)


def enc_tensor(t):
    t = t.detach()
    if t._is_zerotensor():  # PyTorch's efficient zeros (e.g. sgn's gradient) have no storage
        t = torch.zeros(t.shape, dtype=t.dtype)
    name = DT_NAME[t.dtype]
    flat = t.reshape(-1)
    if name in ('float16', 'bfloat16'):
        flat = flat.float()
    return {'shape': list(t.shape), 'dtype': name, 'values': [enc(v, name) for v in flat.tolist()]}


CASES = {}
GROUP = ['misc']


def group(name):
    GROUP[0] = name
    CASES.setdefault(name, [])


def resolve(a, tensors):
    if isinstance(a, dict) and '$t' in a:
        return tensors[a['$t']]
    if isinstance(a, dict) and '$f' in a:
        return float(a['$f'])
    if isinstance(a, list):
        return [resolve(x, tensors) for x in a]
    return a


def case(name, op, args=(), kwargs=None, grad=True, check='values', tol=None):
    """args/kwargs may hold T specs (become inputs)."""
    kwargs = kwargs or {}
    specs = []

    def lift(a):
        if isinstance(a, T):
            specs.append(a)
            return {'$t': len(specs) - 1}
        if isinstance(a, list):
            return [lift(x) for x in a]
        if isinstance(a, tuple):
            return [lift(x) for x in a]
        if isinstance(a, float) and not math.isfinite(a):
            return {'$f': enc(a, 'float64')}
        return a

    jargs = [lift(a) for a in args]
    jkw = {k: lift(v) for k, v in kwargs.items()}
    leaves, tensors, jin = [], [], []
    for s in specs:
        bshape = base_shape(s)
        base = make_values(s, bshape)
        rg = s.grad if s.grad is not None else (grad and s.dtype in FLOATS)
        base = base.clone().requires_grad_(rg)
        leaves.append(base)
        x = base
        if s.layout == 'T':
            x = x.transpose(-1, -2)
        elif s.layout == 'slice':
            x = x[..., ::2]
        elif s.layout == 'expand':
            x = x.expand(*s.shape)
        tensors.append(x)
        jin.append({'baseShape': bshape, 'shape': s.shape, 'dtype': s.dtype, 'layout': s.layout, 'requiresGrad': rg,
                    'values': enc_tensor(base)['values']})
    pargs = [resolve(a, tensors) for a in jargs]
    pkw = {snake(k): DT[v] if k == 'dtype' else resolve(v, tensors) for k, v in jkw.items()}
    res = OPS[op](*pargs, **pkw) if op in OPS else default_op(op)(*pargs, **pkw)
    outs = []
    if isinstance(res, torch.Tensor):
        outs = [res]
    elif isinstance(res, (tuple, list)) and all(isinstance(r, torch.Tensor) for r in res):
        outs = list(res)
    c = {'name': name, 'op': op, 'inputs': jin, 'args': jargs, 'kwargs': jkw, 'check': check}
    if tol:
        c['tol'] = tol
    if not outs:
        if isinstance(res, torch.dtype):
            res = DT_NAME[res]
        elif isinstance(res, torch.Size):
            res = list(res)
        c['out'] = {'scalar': res}
        CASES[GROUP[0]].append(c)
        return
    c['out'] = [enc_tensor(o) if check == 'values' else {'shape': list(o.shape), 'dtype': DT_NAME[o.dtype], 'values': None}
                for o in outs]
    if grad and any(l.requires_grad for l in leaves):
        ups, roots, rgrads = [], [], []
        for o in outs:
            if o.requires_grad and o.dtype in (torch.float32, torch.float64):
                u = torch.randn(o.shape, generator=GEN, dtype=torch.float64).to(o.dtype)
                ups.append(enc_tensor(u)['values'])
                roots.append(o)
                rgrads.append(u)
            else:
                ups.append(None)
        if roots:
            torch.autograd.backward(roots, rgrads)
            c['upstream'] = ups
            c['grads'] = [enc_tensor(l.grad)['values'] if (l.requires_grad and l.grad is not None) else None for l in leaves]
    CASES[GROUP[0]].append(c)


def default_op(op):
    """'m.name' → method, 'name_' → in-place method on a clone, else torch.<snake name>."""
    if op.startswith('m.'):
        m = snake(op[2:])
        return lambda x, *a, **k: getattr(x, m)(*a, **k)
    if op.endswith('_'):
        m = snake(op)
        return lambda x, *a, **k: getattr(x.clone(), m)(*a, **k)
    return getattr(torch, snake(op))


def py_index_item(it):
    if isinstance(it, str):
        if it == '...':
            return Ellipsis
        parts = it.split(':')
        nums = [int(p) if p.strip() else None for p in parts]
        return slice(*nums)
    return it


def index_put(x, items, v, accumulate=False):
    y = x.clone()
    if accumulate:
        y.index_put_(tuple(items), v if isinstance(v, torch.Tensor) else torch.tensor(v, dtype=x.dtype), accumulate=True)
    else:
        y[tuple(py_index_item(i) for i in items)] = v
    return y


OPS = {
    'index': lambda x, *items: x[tuple(py_index_item(i) for i in items)],
    'indexPut_': index_put,
    'rsub': lambda a, b: b - a,
    'powScalarBase': lambda base, x: base ** x,
    'tensor': lambda data, **k: torch.tensor(data, **k),
    'zeros': lambda *s, **k: torch.zeros(*s, **k),
    'ones': lambda *s, **k: torch.ones(*s, **k),
    'empty': lambda *s, **k: torch.empty(*s, **k),
    'full': lambda s, v, **k: torch.full(s, v, **k),
    'arange': lambda *a, **k: torch.arange(*a, **k),
    'linspace': lambda *a, **k: torch.linspace(*a, **k),
    'logspace': lambda *a, **k: torch.logspace(*a, **k),
    'eye': lambda *a, **k: torch.eye(*a, **k),
    'zerosLike': lambda x: torch.zeros_like(x),
    'onesLike': lambda x: torch.ones_like(x),
    'emptyLike': lambda x: torch.empty_like(x),
    'fullLike': lambda x, v: torch.full_like(x, v),
    'to': lambda x, d: x.to(DT[d]),
    'sum': lambda x, *a, **k: x.sum(*a, **k),
    'cumsumDtype': lambda x, d, dt: torch.cumsum(x, d, dtype=DT[dt]),
    'resultType': lambda a, b: torch.result_type(a, b),
    'maxDim': lambda x, *a: torch.max(x, *a),
    'minDim': lambda x, *a: torch.min(x, *a),
    'var': lambda x, *a, **k: torch.var(x, *a, **k),
    'std': lambda x, *a, **k: torch.std(x, *a, **k),
    'norm': lambda x, p, *a: torch.norm(x, p, *a),
    'clip': torch.clip,
    'einsum': lambda eq, *ts: torch.einsum(eq, *ts),
    'cat': lambda ts, *a: torch.cat(ts, *a),
    'stack': lambda ts, *a: torch.stack(ts, *a),
    'broadcastTensors': lambda *ts: torch.broadcast_tensors(*ts),
    'broadcastShapes': lambda *ss: torch.broadcast_shapes(*ss),
    'median': lambda x, *a: torch.median(x, *a),
    'unique': lambda x, **k: torch.unique(x, **k),
    'sort': lambda x, **k: torch.sort(x, **k),
    'argsort': lambda x, **k: torch.argsort(x, **k),
    'topk': lambda x, k, **kw: torch.topk(x, k, **kw),
    'split': lambda x, s, *a: torch.split(x, s, *a),
    'flip': lambda x, dims: torch.flip(x, dims),
    'permute': lambda x, dims: x.permute(*dims),
    'reshape': lambda x, s: x.reshape(s),
    'view': lambda x, s: x.view(s),
    'expand': lambda x, s: x.expand(*s),
    'repeat': lambda x, s: x.repeat(*s),
    'tile': lambda x, s: x.tile(s),
    'sumToSize': lambda x, s: x.sum_to_size(s),
    'mT': lambda x: x.mT,
    'T': lambda x: x.T,
    'allclose': lambda a, b, **k: torch.allclose(a, b, **k),
    'equal': lambda a, b: torch.equal(a, b),
    'isclose': lambda a, b, **k: torch.isclose(a, b, **k),
    'maskedFill': lambda x, m, v: x.masked_fill(m, v),
    'maskedFill_': lambda x, m, v: x.clone().masked_fill_(m, v),
    'maskedScatter_': lambda x, m, s: x.clone().masked_scatter_(m, s),
    'indexFill_': lambda x, d, i, v: x.clone().index_fill_(d, i, v),
    'indexAdd': lambda x, d, i, s, **k: x.index_add(d, i, s, **k),
    'scatter': lambda x, d, i, s, **k: x.scatter(d, i, s, **k),
    'nanToNum': lambda x, **k: torch.nan_to_num(x, **k),
    'round': lambda x, **k: torch.round(x, **k),
    'unflatten': lambda x, d, s: x.unflatten(d, s),
    'fill_': lambda x, v: x.clone().fill_(v),
    'zero_': lambda x: x.clone().zero_(),
    'copy_': lambda x, s: x.clone().copy_(s),
    'randShape': lambda fn, *a: getattr(torch, fn)(*a),
    'randint': lambda lo, hi, s: torch.randint(lo, hi, s),
    'randperm': lambda n: torch.randperm(n),
    'diag': lambda x, *a: torch.diag(x, *a),
    'item': lambda x: x.item(),
    'tolist': lambda x: x.tolist(),
    'numel': lambda x: x.numel(),
    'addmm': lambda i, a, b, **k: torch.addmm(i, a, b, **k),
    'baddbmm': lambda i, a, b, **k: torch.baddbmm(i, a, b, **k),
    'add': lambda a, b, **k: torch.add(a, b, **k),
    'sub': lambda a, b, **k: torch.sub(a, b, **k),
    'div': lambda a, b, **k: torch.div(a, b, **k),
    'addcmul': lambda x, a, b, **k: torch.addcmul(x, a, b, **k),
    'addcdiv': lambda x, a, b, **k: torch.addcdiv(x, a, b, **k),
    'subtract': lambda a, b, **k: torch.subtract(a, b, **k),
    'divide': lambda a, b, **k: torch.divide(a, b, **k),
    'stdMean': lambda x, *a: torch.std_mean(x, *a),
    'varMean': lambda x, *a, **k: torch.var_mean(x, *a, **k),
    'm.permute': lambda x, *d: x.permute(*d),
    'promoteTypes': lambda a, b: torch.promote_types(DT[a], DT[b]),
    'f.index': lambda x, *items: x[tuple(py_index_item(i) for i in items)],
}

# ============================================================================================
group('creation')
case('zeros_2x3', 'zeros', [2, 3])
case('zeros_f64', 'zeros', [[2, 3]], {'dtype': 'float64'})
case('zeros_int', 'zeros', [[3]], {'dtype': 'int32'})
case('zeros_0d', 'zeros', [[]])
case('zeros_empty', 'zeros', [[0, 3]])
case('ones_2x2', 'ones', [2, 2])
case('ones_bool', 'ones', [[3]], {'dtype': 'bool'})
case('empty_shape', 'empty', [[2, 4]], check='shape')
case('full_int', 'full', [[2, 2], 7])
case('full_float', 'full', [[2, 3], 1.5])
case('full_bool', 'full', [[2], True])
case('full_dtype', 'full', [[3], 2], {'dtype': 'float64'})
case('arange_end', 'arange', [5])
case('arange_start_end', 'arange', [1, 4])
case('arange_step', 'arange', [0, 10, 3])
case('arange_neg_step', 'arange', [10, 0, -3])
case('arange_float_step', 'arange', [0, 1, 0.1])
case('arange_float_start', 'arange', [1.5, 4])
case('arange_half_step', 'arange', [1, 2.5, 0.5])
case('arange_dtype', 'arange', [4], {'dtype': 'float64'})
case('arange_empty', 'arange', [3, 3])
case('linspace_5', 'linspace', [0, 1, 5])
case('linspace_neg', 'linspace', [-1, 1, 7])
case('linspace_1', 'linspace', [3, 5, 1])
case('linspace_0', 'linspace', [3, 5, 0])
case('linspace_f64', 'linspace', [0, 10, 11], {'dtype': 'float64'})
case('linspace_int', 'linspace', [0, 10, 4], {'dtype': 'int64'})
case('logspace_3', 'logspace', [0, 2, 3])
case('logspace_base2', 'logspace', [0, 4, 5], {'base': 2})
case('eye_3', 'eye', [3])
case('eye_2x3', 'eye', [2, 3])
case('eye_int', 'eye', [2], {'dtype': 'int64'})
case('tensor_int', 'tensor', [[[1, 2], [3, 4]]])
case('tensor_float', 'tensor', [[1.5, 2]])
case('tensor_bool', 'tensor', [[True, False, True]])
case('tensor_mixed_bool_int', 'tensor', [[1, True, 0]])
case('tensor_scalar', 'tensor', [3.25])
case('tensor_int_scalar', 'tensor', [7])
case('tensor_empty', 'tensor', [[]])
case('tensor_dtype', 'tensor', [[1, 2]], {'dtype': 'float64'})
case('tensor_to_int32', 'tensor', [[1, -2]], {'dtype': 'int32'})
case('zerosLike', 'zerosLike', [T([2, 3], 'int32', 'int')])
case('onesLike', 'onesLike', [T([2, 3], 'float64')], grad=False)
case('emptyLike', 'emptyLike', [T([2, 3])], grad=False, check='shape')
case('fullLike', 'fullLike', [T([3], 'int64', 'int'), 4])
case('fullLike_float', 'fullLike', [T([3]), 2.5], grad=False)
case('rand_shape', 'randShape', ['rand', 2, 3], check='shape')
case('randn_shape', 'randShape', ['randn', 4], check='shape')
case('randint_shape', 'randint', [0, 10, [3, 2]], check='shape')
case('randperm_shape', 'randperm', [6], check='shape')

# ============================================================================================
group('unary')
UNARY = [
    ('neg', 'randn'), ('abs', 'randn'), ('sign', 'randn'), ('square', 'randn'), ('reciprocal', 'nonzero'),
    ('exp', 'randn'), ('exp2', 'randn'), ('expm1', 'randn'), ('log', 'pos'), ('log2', 'pos'), ('log10', 'pos'),
    ('log1p', 'pos'), ('sqrt', 'pos'), ('rsqrt', 'pos'), ('sin', 'randn'), ('cos', 'randn'), ('tan', 'unit'),
    ('asin', 'unit'), ('acos', 'unit'), ('atan', 'randn'), ('sinh', 'randn'), ('cosh', 'randn'), ('tanh', 'randn'),
    ('asinh', 'randn'), ('acosh', 'gt1'), ('atanh', 'unit'), ('sigmoid', 'randn'), ('relu', 'randn'),
    ('erf', 'randn'), ('erfc', 'randn'), ('erfinv', 'unit'), ('lgamma', 'pos'), ('floor', 'randn'),
    ('ceil', 'randn'), ('round', 'randn'), ('trunc', 'randn'), ('frac', 'randn'),
]
for op, kind in UNARY:
    sc = 3.0 if op in ('floor', 'ceil', 'round', 'trunc', 'frac', 'sign') else 1.0
    case(f'{op}_f32', op, [T([3, 4], kind=kind, scale=sc)])
    case(f'{op}_f64', op, [T([5], 'float64', kind=kind, scale=sc)])
for op in ('exp', 'sin', 'sqrt', 'relu', 'tanh'):
    kind = 'pos' if op == 'sqrt' else 'randn'
    case(f'{op}_T', op, [T([3, 4], kind=kind, layout='T')])
    case(f'{op}_slice', op, [T([2, 3], kind=kind, layout='slice')])
    case(f'{op}_expand', op, [T([3, 4], kind=kind, layout='expand')])
    case(f'{op}_empty', op, [T([0, 3], kind=kind)])
    case(f'{op}_0d', op, [T([], kind=kind)])
case('lgamma_neg', 'lgamma', [T([6], values=[-0.5, -1.5, -2.5, 0.1, 3.7, 10.0])])
case('lgamma_f64_wide', 'lgamma', [T([6], 'float64', values=[-0.5, -1.5, 0.1, 3.7, 10.0, 100.5])])
case('digamma', 'digamma', [T([3, 4], kind='pos')])
case('digamma_f64_grad', 'digamma', [T([7], 'float64', values=[-0.5, -1.5, -2.7, 0.1, 1.0, 3.7, 10.0])])
case('digamma_fwd_f64', 'digamma', [T([6], 'float64', values=[-0.5, -1.5, 0.1, 1.0, 3.7, 10.0])], grad=False)
case('erfinv_edges', 'erfinv', [T([5], values=[-1.0, 1.0, 0.0, 0.999, -0.5])], grad=False)
case('round_half_even', 'round', [T([6], values=[0.5, 1.5, 2.5, -0.5, -1.5, 2.4])], grad=False)
case('round_decimals', 'round', [T([4], values=[1.2345, -2.5678, 10.05, 0.125])], {'decimals': 2}, grad=False)
case('sqrt_int', 'sqrt', [T([4], 'int64', 'int', lo=0, hi=10)])
case('exp_bool', 'exp', [T([4], 'bool', 'bool')])
case('sigmoid_int', 'sigmoid', [T([4], 'int32', 'int')])
case('neg_int', 'neg', [T([5], 'int64', 'int')])
case('abs_int', 'abs', [T([5], 'int32', 'int')])
case('relu_int', 'relu', [T([5], 'int64', 'int')])
case('square_int', 'square', [T([5], 'int64', 'int')])
case('floor_int', 'floor', [T([5], 'int64', 'int')])
case('sign_int', 'sign', [T([5], 'int64', 'int')])
case('exp_special', 'exp', [T([10], kind='special')], grad=False)
case('log_special', 'log', [T([10], kind='special')], grad=False)
case('sigmoid_special', 'sigmoid', [T([10], kind='special')], grad=False)
case('tanh_special', 'tanh', [T([10], kind='special')], grad=False)
case('relu_special', 'relu', [T([10], kind='special')], grad=False)
case('abs_special', 'abs', [T([10], kind='special')], grad=False)
case('sign_special', 'sign', [T([10], kind='special')], grad=False)
case('isnan', 'isnan', [T([10], kind='special')])
case('isinf', 'isinf', [T([10], kind='special')])
case('isfinite', 'isfinite', [T([10], kind='special')])
case('isposinf', 'm.isposinf', [T([10], kind='special')])
case('isneginf', 'm.isneginf', [T([10], kind='special')])
case('signbit', 'm.signbit', [T([10], kind='special')])
case('isnan_int', 'isnan', [T([4], 'int64', 'int')])
case('nanToNum', 'nanToNum', [T([10], kind='special')])
case('nanToNum_args', 'nanToNum', [T([10], kind='special')], {'nan': 0.5, 'posinf': 9.0, 'neginf': -9.0})
case('nanToNum_f64', 'nanToNum', [T([10], 'float64', kind='special')])
case('logicalNot', 'logicalNot', [T([6], 'int64', 'int', lo=-1, hi=2)])
case('logicalNot_float', 'logicalNot', [T([10], kind='special')])
case('bitwiseNot_int', 'bitwiseNot', [T([6], 'int32', 'int')])
case('bitwiseNot_bool', 'bitwiseNot', [T([6], 'bool', 'bool')])
case('bitwiseNot_uint8', 'bitwiseNot', [T([4], 'uint8', 'int', lo=0, hi=255)])
case('neg_method', 'm.negative', [T([2, 3])])
case('sgn', 'm.sgn', [T([2, 3])])
case('exp_inplace', 'exp_', [T([2, 3])])
case('relu_inplace', 'relu_', [T([2, 3])])
case('sigmoid_inplace', 'sigmoid_', [T([2, 3])])
case('clamp_inplace', 'clamp_', [T([2, 3]), -0.5, 0.5])
case('neg_inplace', 'neg_', [T([2, 3])])
case('abs_inplace', 'abs_', [T([4])])
case('sqrt_inplace', 'sqrt_', [T([4], kind='pos')])
case('log_inplace', 'log_', [T([4], kind='pos')])
case('tanh_inplace', 'tanh_', [T([4])])
case('floor_inplace', 'floor_', [T([4], scale=3.0)])

# ============================================================================================
group('binary')
BIN = ['add', 'sub', 'mul', 'div', 'maximum', 'minimum', 'fmax', 'fmin', 'atan2', 'hypot']
for op in BIN:
    case(f'{op}_same', op, [T([3, 4]), T([3, 4])])
    case(f'{op}_bcast', op, [T([2, 1, 4]), T([3, 1])])
    case(f'{op}_f64_row', op, [T([3, 4], 'float64'), T([4], 'float64')])
    case(f'{op}_T_slice', op, [T([3, 4], layout='T'), T([3, 4], layout='slice')])
for op in ('add', 'sub', 'mul', 'div', 'remainder', 'fmod', 'pow'):
    kinds = ('pos', 'randn') if op == 'pow' else ('randn', 'nonzero')
    case(f'{op}_scalar', op, [T([2, 3], kind=kinds[0]), 2.5 if op != 'pow' else 2])
    case(f'{op}_int_scalar', op, [T([2, 3], kind=kinds[0]), 3])
    case(f'{op}_int_int', op, [T([2, 3], 'int64', 'int', lo=1, hi=9), T([3], 'int64', 'int', lo=1, hi=4)])
    case(f'{op}_int_float', op, [T([2, 3], 'int64', 'int', lo=1, hi=9), T([3], kind=kinds[1])])
    case(f'{op}_int32_int64', op, [T([4], 'int32', 'int', lo=1, hi=9), T([4], 'int64', 'int', lo=1, hi=4)])
    case(f'{op}_0d_1d', op, [T([], kind=kinds[0]), T([4], kind=kinds[1])])
    case(f'{op}_int_tensor_float_scalar', op, [T([4], 'int32', 'int', lo=1, hi=9), 1.5])
for op in ('remainder', 'fmod'):
    case(f'{op}_neg', op, [T([6], values=[-7.0, 7.0, -7.5, 7.5, -3.0, 3.0]), T([6], values=[3.0, -3.0, 2.0, -2.0, 3.0, 1.5])])
    case(f'{op}_int_neg', op, [T([4], 'int64', values=[-7, 7, -7, 7]), T([4], 'int64', values=[3, -3, -3, 3])])
    case(f'{op}_grad', op, [T([3, 4], scale=3.0), T([4], kind='nonzero')])
case('pow_tensor_tensor', 'pow', [T([3, 4], kind='pos'), T([3, 4])])
case('pow_bcast', 'pow', [T([2, 3], kind='pos'), T([3], kind='randn')])
case('pow_neg_base_int_exp', 'pow', [T([5], values=[-2.0, -1.5, 0.0, 1.5, 2.0]), 3])
case('pow_zero_base', 'pow', [T([3], values=[0.0, 0.0, 2.0]), T([3], values=[2.0, 0.0, 0.5])])
case('pow_half', 'pow', [T([4], kind='pos'), 0.5])
case('pow_neg_exp', 'pow', [T([4], kind='pos'), -2])
case('pow_int_int_tensor', 'pow', [T([4], 'int64', 'int', lo=0, hi=5), T([4], 'int64', 'int', lo=0, hi=4)])
case('pow_scalar_base', 'powScalarBase', [2.0, T([4])])
case('pow_scalar_base_int', 'powScalarBase', [3, T([4], 'int64', 'int', lo=0, hi=4)])
case('pow_scalar_base_e', 'powScalarBase', [math.e, T([2, 2], 'float64')])
case('rsub_scalar', 'rsub', [T([3]), 1.0])
case('add_alpha', 'add', [T([2, 3]), T([3])], {'alpha': 2.5})
case('sub_alpha', 'sub', [T([2, 3]), T([3])], {'alpha': -0.5})
case('add_alpha_int', 'add', [T([3], 'int64', 'int'), T([3], 'int64', 'int')], {'alpha': 3})
case('add_bool_bool', 'add', [T([5], 'bool', 'bool'), T([5], 'bool', 'bool')])
case('add_bool_int', 'add', [T([5], 'bool', 'bool'), T([5], 'int32', 'int')])
case('add_uint8_int8', 'add', [T([4], 'uint8', 'int', lo=0, hi=100), T([4], 'int8', 'int', lo=-50, hi=50)])
case('add_int16_int32', 'add', [T([4], 'int16', 'int'), T([4], 'int32', 'int')])
case('add_f32_f64_0d', 'add', [T([3]), T([], 'float64')])
case('add_int_f64_0d', 'add', [T([3], 'int64', 'int'), T([], 'float64')])
case('add_f32_0d_f64_0d', 'add', [T([]), T([], 'float64')])
case('add_int_bool_scalar', 'add', [T([3], 'int64', 'int'), True])
case('add_bool_float_scalar', 'add', [T([3], 'bool', 'bool'), 0.5])
case('add_f32_f64', 'add', [T([2, 3]), T([2, 3], 'float64')])
case('mul_int8_overflow', 'mul', [T([3], 'int8', values=[100, -100, 50]), 3])
case('mul_uint8_wrap', 'mul', [T([3], 'uint8', values=[200, 100, 3]), 2])
case('mul_bool_bool', 'mul', [T([5], 'bool', 'bool'), T([5], 'bool', 'bool')])
case('mul_empty', 'mul', [T([0, 3]), T([3])])
case('add_empty_bcast', 'add', [T([2, 0, 3]), T([1, 3])])
case('div_int_int_exact', 'div', [T([4], 'int64', values=[7, -7, 6, 1]), T([4], 'int64', values=[2, 2, 3, 4])])
case('div_by_zero', 'div', [T([4], values=[1.0, -1.0, 0.0, 2.0]), T([4], values=[0.0, 0.0, 0.0, 4.0])], grad=False)
case('div_trunc', 'div', [T([3, 4], scale=4.0), T([4], kind='nonzero')], {'roundingMode': 'trunc'})
case('div_floor', 'div', [T([3, 4], scale=4.0), T([4], kind='nonzero')], {'roundingMode': 'floor'})
case('div_floor_int', 'div', [T([4], 'int64', values=[7, -7, 7, -7]), T([4], 'int64', values=[2, 2, -2, -2])], {'roundingMode': 'floor'})
case('div_trunc_int', 'div', [T([4], 'int64', values=[7, -7, 7, -7]), T([4], 'int64', values=[2, 2, -2, -2])], {'roundingMode': 'trunc'})
case('floorDivide', 'floorDivide', [T([4], 'int64', values=[7, -7, 7, -7]), 2])
case('trueDivide', 'trueDivide', [T([4], 'int64', values=[7, -7, 7, -7]), 2])
case('maximum_nan', 'maximum', [T([4], values=[float('nan'), 1.0, 2.0, float('nan')]), T([4], values=[1.0, float('nan'), 1.0, 3.0])], grad=False)
case('fmax_nan', 'fmax', [T([4], values=[float('nan'), 1.0, 2.0, float('nan')]), T([4], values=[1.0, float('nan'), 1.0, float('nan')])], grad=False)
case('fmin_nan', 'fmin', [T([4], values=[float('nan'), 1.0, 2.0, float('nan')]), T([4], values=[1.0, float('nan'), 1.0, float('nan')])], grad=False)
case('maximum_ties', 'maximum', [T([4], values=[1.0, 2.0, 3.0, 4.0]), T([4], values=[1.0, 1.0, 3.0, 5.0])])
case('maximum_int', 'maximum', [T([5], 'int64', 'int'), T([5], 'int32', 'int')])
case('copysign', 'm.copysign', [T([3, 4]), T([4])])
case('copysign_scalar', 'm.copysign', [T([3, 4]), -1.0])
case('xlogy', 'm.xlogy', [T([3, 4]), T([3, 4], kind='pos')])
case('xlogy_zero', 'm.xlogy', [T([3], values=[0.0, 1.0, 2.0]), T([3], values=[0.0, 2.0, 3.0])], grad=False)
case('lerp_scalar', 'lerp', [T([3, 4]), T([3, 4]), 0.3])
case('lerp_tensor', 'lerp', [T([3, 4]), T([4]), T([3, 1])])
case('addcmul', 'addcmul', [T([3, 4]), T([3, 4]), T([4])], {'value': 0.5})
case('addcdiv', 'addcdiv', [T([3, 4]), T([3, 4]), T([4], kind='pos')], {'value': 2.0})
case('add_inplace', 'add_', [T([2, 3]), T([3])])
case('add_inplace_alpha', 'add_', [T([2, 3]), T([3])], {'alpha': 2.0})
case('sub_inplace', 'sub_', [T([2, 3]), 1.5])
case('mul_inplace', 'mul_', [T([2, 3]), T([2, 1])])
case('div_inplace', 'div_', [T([2, 3]), T([3], kind='pos')])
case('pow_inplace', 'pow_', [T([2, 3], kind='pos'), 2])
case('addcmul_inplace', 'addcmul_', [T([3]), T([3]), T([3])], {'value': 2.0})
case('addcdiv_inplace', 'addcdiv_', [T([3]), T([3]), T([3], kind='pos')], {'value': 0.5})
case('add_inplace_int_float_scalar', 'add_', [T([3], 'float64'), 2])

group('compare')
for op in ('eq', 'ne', 'lt', 'le', 'gt', 'ge'):
    case(f'{op}_tensor', op, [T([3, 4], kind='ties'), T([4], kind='ties')])
    case(f'{op}_scalar', op, [T([3, 4], kind='ties'), 0])
    case(f'{op}_int_float', op, [T([5], 'int64', 'ties'), T([5], kind='ties')])
    case(f'{op}_nan', op, [T([10], kind='special'), T([10], kind='special')])
case('greater', 'm.greater', [T([4], kind='ties'), 0.5])
case('less', 'm.less', [T([4], kind='ties'), 0.5])
for op in ('logicalAnd', 'logicalOr', 'logicalXor'):
    case(f'{op}_bool', op, [T([6], 'bool', 'bool'), T([6], 'bool', 'bool')])
    case(f'{op}_float_int', op, [T([6], kind='ties'), T([2, 6], 'int64', 'ties')])
    case(f'{op}_0d', op, [T([6], kind='ties'), T([], 'bool', values=True)])
for op in ('bitwiseAnd', 'bitwiseOr', 'bitwiseXor'):
    case(f'{op}_int', op, [T([6], 'int64', 'int', lo=-20, hi=20), T([6], 'int64', 'int', lo=-20, hi=20)])
    case(f'{op}_bool', op, [T([6], 'bool', 'bool'), T([6], 'bool', 'bool')])
    case(f'{op}_scalar', op, [T([6], 'int32', 'int', lo=0, hi=20), 6])
    case(f'{op}_uint8', op, [T([4], 'uint8', 'int', lo=0, hi=255), T([4], 'uint8', 'int', lo=0, hi=255)])
case('lshift', 'm.bitwiseLeftShift', [T([4], 'int64', values=[1, 3, -4, 7]), T([4], 'int64', values=[0, 2, 1, 3])])
case('rshift', 'm.bitwiseRightShift', [T([4], 'int64', values=[16, 3, -16, 7]), T([4], 'int64', values=[2, 1, 2, 0])])
case('equal_true', 'equal', [T([3], values=[1.0, 2.0, 3.0]), T([3], values=[1.0, 2.0, 3.0])])
case('equal_false', 'equal', [T([3], values=[1.0, 2.0, 3.0]), T([3], values=[1.0, 2.0, 4.0])])
case('equal_shape', 'equal', [T([3]), T([1, 3])])
case('allclose_true', 'allclose', [T([3], values=[1.0, 2.0, 3.0]), T([3], values=[1.0, 2.000001, 3.0])])
case('allclose_false', 'allclose', [T([3], values=[1.0, 2.0, 3.0]), T([3], values=[1.0, 2.1, 3.0])])
case('allclose_tol', 'allclose', [T([3], values=[1.0, 2.0, 3.0]), T([3], values=[1.0, 2.1, 3.0])], {'atol': 0.2})
case('allclose_nan', 'allclose', [T([2], values=[float('nan'), 1.0]), T([2], values=[float('nan'), 1.0])], {'equalNan': True})
case('isclose', 'isclose', [T([4], values=[1.0, 2.0, float('nan'), float('inf')]), T([4], values=[1.0, 2.01, float('nan'), float('inf')])])
case('resultType_int_float', 'resultType', [T([2], 'int64', 'int'), T([2])])
case('resultType_int_scalar', 'resultType', [T([2], 'int32', 'int'), 2.5])
case('resultType_f32_0d_f64', 'resultType', [T([2]), T([], 'float64')])
case('resultType_int_0d_float', 'resultType', [T([2], 'int64', 'int'), T([], 'float64')])
case('resultType_uint8_int8', 'resultType', [T([2], 'uint8', 'int', lo=0, hi=5), T([2], 'int8', 'int')])
case('resultType_bool_int_scalar', 'resultType', [T([2], 'bool', 'bool'), 3])

ALL_DT = ['float32', 'float64', 'float16', 'bfloat16', 'int8', 'uint8', 'int16', 'int32', 'int64', 'bool']
for i, a in enumerate(ALL_DT):
    for b in ALL_DT[i:]:
        case(f'promoteTypes_{a}_{b}', 'promoteTypes', [a, b])

group('where_clamp')
case('where', 'where', [T([3, 4], 'bool', 'bool'), T([3, 4]), T([4])])
case('where_scalars', 'where', [T([3, 4], 'bool', 'bool'), 1.5, -0.5])
case('where_int_scalars', 'where', [T([3, 4], 'bool', 'bool'), 1, 0])
case('where_scalar_other', 'where', [T([3, 4], 'bool', 'bool'), T([3, 4]), 0.0])
case('where_int_float', 'where', [T([4], 'bool', 'bool'), T([4], 'int64', 'int'), T([4])])
case('where_bcast_cond', 'where', [T([3, 1], 'bool', 'bool'), T([1, 4]), T([3, 4], 'float64')])
case('where_method', 'm.where', [T([3, 4]), T([3, 4], 'bool', 'bool'), T([3, 4])])
case('clamp_both', 'clamp', [T([3, 4]), -0.5, 0.5])
case('clamp_min', 'clamp', [T([3, 4]), -0.5])
case('clamp_max', 'clamp', [T([3, 4]), None, 0.3])
case('clamp_nan', 'clamp', [T([10], kind='special'), -1.0, 1.0], grad=False)
case('clamp_int', 'clamp', [T([6], 'int64', 'int'), -2, 2])
case('clamp_int_float_bounds', 'clamp', [T([6], 'int64', 'int'), -2.5, 2.5])
case('clamp_tensor', 'clamp', [T([3, 4]), T([4], scale=0.3), T([3, 1], kind='pos')])
case('clamp_tensor_min_only', 'clamp', [T([3, 4]), T([4])])
case('clip', 'clip', [T([3, 4]), -0.2, 0.2])
case('clampMin', 'm.clampMin', [T([5]), 0.1])
case('clampMax', 'm.clampMax', [T([5]), 0.1])
case('maskedFill', 'maskedFill', [T([3, 4]), T([3, 4], 'bool', 'bool'), -1.5])
case('maskedFill_bcast', 'maskedFill', [T([3, 4]), T([4], 'bool', 'bool'), 2.0])
case('maskedFill_int', 'maskedFill', [T([3, 4], 'int64', 'int'), T([3, 4], 'bool', 'bool'), 9])
case('maskedFill_inplace', 'maskedFill_', [T([3, 4]), T([3, 4], 'bool', 'bool'), 0.0])
case('maskedFill_nan', 'maskedFill', [T([4]), T([4], 'bool', values=[True, False, True, False]), float('nan')], grad=False)
case('fill_', 'fill_', [T([2, 3]), 3.5])
case('zero_', 'zero_', [T([2, 3])])
case('copy_', 'copy_', [T([2, 3]), T([3])])
case('copy_int_to_float', 'copy_', [T([2, 3], 'float64'), T([2, 3], 'int32', 'int')])

# ============================================================================================
group('reduce')
for op in ('sum', 'mean', 'prod', 'amax', 'amin', 'nansum', 'logsumexp'):
    if op != 'logsumexp':
        case(f'{op}_all', op, [T([3, 4])])
    case(f'{op}_dim0', op, [T([3, 4]), 0])
    case(f'{op}_dim_neg_keep', op, [T([2, 3, 4]), -1, True])
    case(f'{op}_f64_dim1', op, [T([2, 3, 4], 'float64'), 1])
    case(f'{op}_T', op, [T([3, 4], layout='T'), 1])
    case(f'{op}_0d', op, [T([]), 0])
    if op not in ('prod',):
        case(f'{op}_dims', op, [T([2, 3, 4]), [0, 2]])
        case(f'{op}_dims_keep', op, [T([2, 3, 4]), [-1, 0], True])
case('sum_int', 'sum', [T([3, 4], 'int32', 'int')])
case('sum_int_dim', 'sum', [T([3, 4], 'int64', 'int'), 1])
case('sum_bool', 'sum', [T([3, 4], 'bool', 'bool'), 0])
case('sum_dtype', 'sum', [T([3, 4], 'int32', 'int')], {'dtype': 'float64'})
case('sum_empty_all', 'sum', [T([0, 3])])
case('sum_empty_dim0', 'sum', [T([0, 3]), 0])
case('sum_empty_dim1', 'sum', [T([0, 3]), 1])
case('sum_expand', 'sum', [T([3, 4], layout='expand'), 0])
case('sum_slice', 'sum', [T([3, 4], layout='slice'), 1])
case('sum_keepdim_opts', 'sum', [T([2, 3, 4])], {'dim': [0, 1], 'keepdim': True})
case('mean_empty', 'mean', [T([0])], grad=False)
case('mean_dtype', 'mean', [T([3, 4])], {'dtype': 'float64'})
case('prod_zero', 'prod', [T([5], values=[2.0, 0.0, 3.0, -1.5, 4.0])])
case('prod_two_zeros', 'prod', [T([5], values=[2.0, 0.0, 3.0, 0.0, 4.0])])
case('prod_zero_dim', 'prod', [T([2, 3], values=[[1.0, 0.0, 3.0], [2.0, 2.0, 0.5]]), 1])
case('prod_int', 'prod', [T([4], 'int64', 'int', lo=1, hi=5)])
case('prod_empty', 'prod', [T([0, 2]), 0])
case('prod_dim_keep', 'prod', [T([2, 3, 4]), 1, True])
case('amax_ties', 'amax', [T([2, 3], values=[[1.0, 3.0, 3.0], [2.0, 2.0, 2.0]]), 1])
case('amin_ties_all', 'amin', [T([2, 3], values=[[1.0, 3.0, 1.0], [2.0, 1.0, 2.0]])])
case('max_all_ties', 'max', [T([2, 3], values=[[1.0, 3.0, 3.0], [2.0, 3.0, 2.0]])])
case('min_all', 'min', [T([3, 4])])
case('amax_int', 'amax', [T([3, 4], 'int64', 'int'), 0])
case('amax_empty_other_dim', 'amax', [T([0, 3]), 1])
case('max_all_nan', 'max', [T([4], values=[1.0, float('nan'), 3.0, 2.0])], grad=False)
case('amax_nan', 'amax', [T([2, 3], values=[[1.0, float('nan'), 3.0], [2.0, 5.0, 4.0]]), 1], grad=False)
for op in ('maxDim', 'minDim'):
    case(f'{op}_0', op, [T([3, 4]), 0])
    case(f'{op}_neg_keep', op, [T([2, 3, 4]), -1, True])
    case(f'{op}_T', op, [T([3, 4], layout='T'), 1])
    case(f'{op}_int', op, [T([3, 4], 'int64', 'int', lo=-100, hi=100), 1])
case('max_other', 'max', [T([3, 4]), T([4])])
case('min_other', 'min', [T([3, 4]), T([4])])
case('maxDim_opts', 'm.max', [T([3, 4])], {'dim': 1, 'keepdim': True})
for op in ('argmax', 'argmin'):
    case(f'{op}_all', op, [T([3, 4])])
    case(f'{op}_dim', op, [T([3, 4]), 1])
    case(f'{op}_neg_keep', op, [T([2, 3, 4]), -2, True])
    case(f'{op}_ties', op, [T([2, 4], values=[[1.0, 3.0, 3.0, 0.0], [2.0, 2.0, 1.0, 2.0]]), 1])
    case(f'{op}_int', op, [T([6], 'int32', values=[3, 1, 4, 1, 5, 1])])
for op in ('var', 'std'):
    case(f'{op}_all', op, [T([3, 4])])
    case(f'{op}_dim', op, [T([3, 4]), 1])
    case(f'{op}_biased', op, [T([3, 4]), 1], {'unbiased': False})
    case(f'{op}_dims_keep', op, [T([2, 3, 4]), [0, 2]], {'keepdim': True})
    case(f'{op}_correction2', op, [T([3, 5]), 1], {'correction': 2})
    case(f'{op}_correction0_all', op, [T([3, 4]), None], {'correction': 0})
    case(f'{op}_f64', op, [T([4, 3], 'float64'), 0])
    case(f'{op}_one_elem', op, [T([1])], grad=False)
for p in (1, 2, float('inf'), float('-inf'), 'fro', 3, 0, 0.5):
    pn = str(p).replace('.', '_').replace('-', 'neg')
    gr = p != 0
    case(f'norm_p{pn}_all', 'norm', [T([3, 4]), p], grad=gr)
    if p != 'fro':
        case(f'norm_p{pn}_dim', 'norm', [T([3, 4]), p, 1], grad=gr)
        case(f'norm_p{pn}_dim_keep', 'norm', [T([2, 3, 4]), p, -1, True], grad=gr)
case('norm_fro_dims', 'norm', [T([2, 3, 4]), 'fro', [1, 2]])
case('norm_f64', 'norm', [T([5], 'float64'), 2])
case('norm_intvals', 'norm', [T([4], kind='int'), 2])
case('logsumexp_large', 'logsumexp', [T([2, 3], values=[[1000.0, 1000.0, 999.0], [-1000.0, -999.0, -1001.0]]), 1])
case('logsumexp_inf', 'logsumexp', [T([2, 2], values=[[-float('inf'), -float('inf')], [float('inf'), 1.0]]), 1], grad=False)
case('logsumexp_int', 'logsumexp', [T([2, 3], 'int64', 'int'), 1])
for op in ('cumsum', 'cumprod'):
    case(f'{op}_0', op, [T([3, 4]), 0])
    case(f'{op}_neg', op, [T([2, 3, 4]), -1])
    case(f'{op}_T', op, [T([3, 4], layout='T'), 1])
    case(f'{op}_int', op, [T([5], 'int32', 'int', lo=1, hi=4), 0])
    case(f'{op}_f64', op, [T([5], 'float64'), 0])
    case(f'{op}_0d', op, [T([]), 0])
case('cumprod_zero', 'cumprod', [T([5], values=[2.0, 0.0, 3.0, -1.5, 4.0]), 0])
case('cumprod_two_zeros', 'cumprod', [T([2, 4], values=[[2.0, 0.0, 3.0, 0.0], [1.5, 2.0, 0.0, 3.0]]), 1])
case('cumsum_bool', 'cumsum', [T([5], 'bool', 'bool'), 0])
case('cumsum_dtype', 'cumsumDtype', [T([5], 'int64', 'int'), 0, 'float64'])
for op in ('all', 'any'):
    case(f'{op}_all', op, [T([3, 4], 'bool', 'bool')])
    case(f'{op}_dim', op, [T([3, 4], 'bool', 'bool'), 1])
    case(f'{op}_keep', op, [T([3, 4], 'int64', 'int', lo=0, hi=3), 0, True])
    case(f'{op}_float', op, [T([3, 4], kind='ties')])
    case(f'{op}_empty', op, [T([0], 'bool', 'bool')])
case('countNonzero_all', 'countNonzero', [T([3, 4], kind='ties')])
case('countNonzero_dim', 'countNonzero', [T([3, 4], kind='ties'), 1])
case('countNonzero_dims', 'countNonzero', [T([2, 3, 4], 'int64', 'ties'), [0, 2]])
case('nansum_nan', 'nansum', [T([2, 3], values=[[1.0, float('nan'), 3.0], [float('nan'), 5.0, 4.0]]), 1])
case('nanmean', 'nanmean', [T([2, 3], values=[[1.0, float('nan'), 3.0], [float('nan'), 5.0, 4.0]]), 1])
case('nanmean_all', 'nanmean', [T([3, 4])])
case('median_all_odd', 'median', [T([5])])
case('median_all_even', 'median', [T([2, 3])])
case('median_dim', 'median', [T([3, 5]), 1])
case('median_dim_keep', 'median', [T([4, 3]), 0, True])
case('median_int', 'median', [T([5], 'int64', values=[5, 1, 4, 2, 3])])
for dim in (0, 1, -1):
    case(f'softmax_d{dim}', 'softmax', [T([2, 3, 4]), dim])
    case(f'logSoftmax_d{dim}', 'logSoftmax', [T([2, 3, 4]), dim])
case('softmax_f64', 'softmax', [T([3, 5], 'float64'), 1])
case('logSoftmax_f64', 'logSoftmax', [T([3, 5], 'float64'), 0])
case('softmax_T', 'softmax', [T([3, 4], layout='T'), 1])
case('softmax_large', 'softmax', [T([2, 3], values=[[1000.0, 1000.0, 999.0], [-1000.0, -999.0, -1001.0]]), 1])
case('logSoftmax_large', 'logSoftmax', [T([2, 3], values=[[1000.0, 1000.0, 999.0], [-1000.0, -999.0, -1001.0]]), 1])
case('softmax_0d', 'softmax', [T([]), 0])
case('softmax_empty', 'softmax', [T([0, 3]), 1])
case('softmax_neg_inf', 'softmax', [T([2, 3], values=[[-float('inf'), 0.0, 1.0], [2.0, -float('inf'), -float('inf')]]), 1], grad=False)

# ============================================================================================
group('linalg')
case('matmul_1d_1d', 'matmul', [T([4]), T([4])])
case('matmul_2d_1d', 'matmul', [T([3, 4]), T([4])])
case('matmul_1d_2d', 'matmul', [T([4]), T([4, 5])])
case('matmul_2d_2d', 'matmul', [T([3, 4]), T([4, 5])])
case('matmul_3d_2d', 'matmul', [T([2, 3, 4]), T([4, 5])])
case('matmul_3d_1d', 'matmul', [T([2, 3, 4]), T([4])])
case('matmul_2d_3d', 'matmul', [T([3, 4]), T([2, 4, 5])])
case('matmul_1d_3d', 'matmul', [T([4]), T([2, 4, 5])])
case('matmul_batch_bcast', 'matmul', [T([2, 1, 3, 4]), T([3, 4, 2])])
case('matmul_batch_bcast2', 'matmul', [T([1, 3, 4]), T([2, 1, 4, 2])])
case('matmul_T_T', 'matmul', [T([3, 4], layout='T'), T([4, 5], layout='T')])
case('matmul_batched_T', 'matmul', [T([2, 3, 4], layout='T'), T([2, 4, 5])])
case('matmul_slice', 'matmul', [T([3, 4], layout='slice'), T([4, 2], layout='slice')])
case('matmul_expand', 'matmul', [T([2, 3, 4], layout='expand'), T([2, 4, 5])])
case('matmul_f64', 'matmul', [T([3, 4], 'float64'), T([4, 2], 'float64')])
case('matmul_int', 'matmul', [T([2, 3], 'int64', 'int'), T([3, 2], 'int64', 'int')])
case('matmul_empty_k', 'matmul', [T([2, 0]), T([0, 3])])
case('matmul_empty_m', 'matmul', [T([0, 4]), T([4, 3])])
case('mm', 'mm', [T([3, 4]), T([4, 5])])
case('mm_T', 'mm', [T([3, 4], layout='T'), T([4, 5])])
case('bmm', 'bmm', [T([2, 3, 4]), T([2, 4, 5])])
case('bmm_T', 'bmm', [T([2, 3, 4]), T([2, 4, 5], layout='T')])
case('mv', 'mv', [T([3, 4]), T([4])])
case('dot', 'dot', [T([5]), T([5])])
case('dot_int', 'dot', [T([5], 'int64', 'int'), T([5], 'int64', 'int')])
case('outer', 'outer', [T([3]), T([4])])
case('addmm', 'addmm', [T([3, 5]), T([3, 4]), T([4, 5])])
case('addmm_bcast_beta_alpha', 'addmm', [T([5]), T([3, 4]), T([4, 5])], {'beta': 0.5, 'alpha': 2.0})
case('baddbmm', 'baddbmm', [T([2, 3, 5]), T([2, 3, 4]), T([2, 4, 5])], {'beta': 0.5, 'alpha': -1.0})
case('mm_method', 'm.mm', [T([2, 3]), T([3, 2])])
case('matmul_method', 'm.matmul', [T([2, 3]), T([3])])
EINSUM = [
    ('ij,jk->ik', [[3, 4], [4, 5]]), ('ii->i', [[4, 4]]), ('ii', [[3, 3]]), ('bij,bjk->bik', [[2, 3, 4], [2, 4, 5]]),
    ('ij->ji', [[3, 4]]), ('ij->', [[3, 4]]), ('ij->j', [[3, 4]]), ('i,j->ij', [[3], [4]]), ('i,i->', [[5], [5]]),
    ('ij,ij->ij', [[3, 4], [3, 4]]), ('ij,jk', [[3, 4], [4, 2]]), ('ba,ca', [[2, 3], [4, 3]]),
    ('...ij,...jk->...ik', [[2, 3, 4], [2, 4, 5]]), ('bn,anm,bm->ba', [[2, 3], [4, 3, 5], [2, 5]]),
    ('ijk->kji', [[2, 3, 4]]), ('bij->bji', [[2, 3, 4]]), ('i,i->i', [[4], [4]]), ('ij,kj->ik', [[2, 3], [4, 3]]),
    ('iij->ij', [[3, 3, 2]]),
]
for eq, shapes in EINSUM:
    nm = eq.replace('->', '_to_').replace(',', '_').replace('...', 'E')
    case(f'einsum_{nm}', 'einsum', [eq] + [T(s) for s in shapes])
case('einsum_T_input', 'einsum', ['ij,jk->ik', T([3, 4], layout='T'), T([4, 2])])

# ============================================================================================
group('sort')
case('sort_default', 'sort', [T([3, 5])])
case('sort_desc', 'sort', [T([3, 5])], {'descending': True})
case('sort_dim0', 'sort', [T([4, 3])], {'dim': 0})
case('sort_dim0_desc', 'sort', [T([2, 4, 3])], {'dim': 1, 'descending': True})
case('sort_int', 'sort', [T([6], 'int64', values=[3, -1, 4, 1, 5, 9])])
case('sort_stable_ties', 'sort', [T([8], values=[2.0, 1.0, 2.0, 0.0, 1.0, 2.0, 0.0, 1.0])], {'stable': True})
case('sort_stable_desc_ties', 'sort', [T([8], values=[2.0, 1.0, 2.0, 0.0, 1.0, 2.0, 0.0, 1.0])], {'stable': True, 'descending': True})
case('sort_nan', 'sort', [T([5], values=[3.0, float('nan'), 1.0, -float('inf'), 2.0])], grad=False)
case('sort_nan_desc', 'sort', [T([5], values=[3.0, float('nan'), 1.0, -float('inf'), 2.0])], {'descending': True}, grad=False)
case('sort_T', 'sort', [T([3, 4], layout='T')], {'dim': 0})
case('sort_empty', 'sort', [T([0])])
case('argsort', 'argsort', [T([3, 5])])
case('argsort_desc', 'argsort', [T([3, 5])], {'dim': 0, 'descending': True})
case('topk_3', 'topk', [T([3, 6]), 3])
case('topk_smallest', 'topk', [T([3, 6]), 2], {'largest': False})
case('topk_dim0', 'topk', [T([5, 3]), 2], {'dim': 0})
case('topk_k0', 'topk', [T([3, 4]), 0])
case('topk_full', 'topk', [T([5]), 5])
case('topk_int', 'topk', [T([6], 'int64', values=[3, -1, 4, 1, 5, 9]), 2])
case('kthvalue', 'kthvalue', [T([3, 5]), 2])
case('kthvalue_dim0_keep', 'kthvalue', [T([4, 3]), 3, 0, True])
case('unique', 'unique', [T([8], 'int64', values=[3, 1, 2, 3, 1, 5, 5, 0])])
case('unique_all', 'unique', [T([2, 4], 'int64', values=[[3, 1, 2, 3], [1, 5, 5, 0]])], {'returnInverse': True, 'returnCounts': True})
case('unique_float', 'unique', [T([6], values=[1.5, -1.0, 1.5, 2.0, -1.0, 0.0])], grad=False)

# ============================================================================================
group('shape')
case('cat_0', 'cat', [[T([2, 3]), T([1, 3])]])
case('cat_1', 'cat', [[T([2, 3]), T([2, 1]), T([2, 2])], 1])
case('cat_neg', 'cat', [[T([2, 3, 2]), T([2, 3, 1])], -1])
case('cat_dtype_promote', 'cat', [[T([2], 'int64', 'int'), T([2])]])
case('cat_int32_int64', 'cat', [[T([2], 'int32', 'int'), T([3], 'int64', 'int')]])
case('cat_with_empty_1d', 'cat', [[T([2, 3]), T([0])]])
case('cat_with_empty_2d', 'cat', [[T([2, 3]), T([0, 3])]])
case('cat_T', 'cat', [[T([2, 3], layout='T'), T([2, 3], layout='slice')], 1])
case('cat_single', 'cat', [[T([2, 3])]])
case('stack_0', 'stack', [[T([2, 3]), T([2, 3])]])
case('stack_neg', 'stack', [[T([2, 3]), T([2, 3]), T([2, 3])], -1])
case('stack_1', 'stack', [[T([2]), T([2])], 1])
case('split_int', 'split', [T([5, 2]), 2])
case('split_sizes', 'split', [T([2, 6]), [1, 3, 2], 1])
case('split_method', 'm.split', [T([4, 3]), 3, 1])
case('chunk_uneven', 'chunk', [T([5, 2]), 3])
case('chunk_dim1', 'chunk', [T([2, 6]), 3, 1])
case('chunk_more_than_size', 'chunk', [T([2, 3]), 5, 1])
case('unbind_0', 'unbind', [T([3, 2])])
case('unbind_1', 'unbind', [T([2, 3]), 1])
case('flip_0', 'flip', [T([3, 4]), [0]])
case('flip_both', 'flip', [T([2, 3, 4]), [0, 2]])
case('flip_neg', 'flip', [T([3, 4], layout='T'), [-1]])
case('flip_int', 'flip', [T([5], 'int64', 'int'), [0]])
case('roll_flat', 'roll', [T([3, 4]), 2])
case('roll_dim', 'roll', [T([3, 4]), 1, 1])
case('roll_neg', 'roll', [T([3, 4]), -1, 0])
case('roll_multi', 'roll', [T([3, 4]), [1, -2], [0, 1]])
case('roll_big', 'roll', [T([5]), 7, 0])
case('repeat', 'repeat', [T([2, 3]), [2, 1]])
case('repeat_more_dims', 'repeat', [T([3]), [2, 2]])
case('repeat_T', 'repeat', [T([2, 3], layout='T'), [1, 2]])
case('tile_short', 'tile', [T([2, 3]), [2]])
case('tile', 'tile', [T([3]), [2, 2]])
case('tril', 'tril', [T([4, 4])])
case('tril_k1', 'tril', [T([3, 5]), 1])
case('tril_neg', 'tril', [T([2, 3, 3]), -1])
case('triu', 'triu', [T([4, 4])])
case('triu_k1', 'triu', [T([3, 5]), 1])
case('triu_neg', 'triu', [T([5, 3]), -1])
case('triu_int', 'triu', [T([3, 3], 'int64', 'int')])
case('diagonal', 'diagonal', [T([4, 4])])
case('diagonal_off', 'diagonal', [T([3, 5]), 1])
case('diagonal_neg_off', 'diagonal', [T([5, 3]), -2])
case('diagonal_dims', 'diagonal', [T([2, 3, 4]), 0, 1, 2])
case('diagonal_dims_neg', 'diagonal', [T([3, 2, 3]), 1, -1, 0])
case('diag_1d', 'diag', [T([3])])
case('diag_1d_off', 'diag', [T([3]), 1])
case('diag_1d_negoff', 'diag', [T([2]), -2])
case('diag_2d', 'diag', [T([3, 4])])
case('diag_2d_off', 'diag', [T([3, 4]), -1])
case('unfold', 'm.unfold', [T([7]), 0, 3, 2])
case('unfold_overlap', 'm.unfold', [T([2, 6]), 1, 3, 1])
case('unfold_step_gt', 'm.unfold', [T([3, 7]), 1, 2, 3])
case('narrow', 'narrow', [T([4, 5]), 1, 1, 3])
case('narrow_neg', 'narrow', [T([4, 5]), 0, -2, 2])
case('select', 'select', [T([3, 4]), 1, 2])
case('select_neg', 'select', [T([3, 4]), 0, -1])
case('permute', 'permute', [T([2, 3, 4]), [2, 0, 1]])
case('permute_neg', 'permute', [T([2, 3, 4]), [-1, -3, -2]])
case('transpose', 'transpose', [T([2, 3, 4]), 0, 2])
case('transpose_neg', 'transpose', [T([2, 3, 4]), -1, -2])
case('swapaxes', 'swapaxes', [T([2, 3]), 0, 1])
case('t', 't', [T([2, 3])])
case('t_1d', 't', [T([3])])
case('T_prop', 'T', [T([2, 3, 4])])
case('mT_prop', 'mT', [T([2, 3, 4])])
case('reshape', 'reshape', [T([2, 3, 4]), [4, -1]])
case('reshape_T_copy', 'reshape', [T([3, 4], layout='T'), [-1]])
case('reshape_slice', 'reshape', [T([2, 3], layout='slice'), [3, 2]])
case('reshape_0d', 'reshape', [T([1]), []])
case('reshape_empty', 'reshape', [T([0, 3]), [3, 0, 2]])
case('view', 'view', [T([2, 3, 4]), [6, 4]])
case('view_T_ok', 'view', [T([3, 4], layout='T'), [3, 1, 4]])
case('view_infer', 'view', [T([2, 6]), [-1, 3, 2]])
case('expand', 'expand', [T([3, 1]), [3, 4]])
case('expand_new_dims', 'expand', [T([3]), [2, 2, 3]])
case('expand_neg1', 'expand', [T([1, 4]), [3, -1]])
case('expandAs', 'm.expandAs', [T([3, 1]), T([2, 3, 4], grad=False)])
case('broadcastTo', 'broadcastTo', [T([3]), [2, 3]])
case('broadcastTensors', 'broadcastTensors', [T([3, 1]), T([4]), T([2, 1, 1])])
case('broadcastShapes', 'broadcastShapes', [[3, 1], [4], [2, 1, 1]])
case('squeeze_all', 'squeeze', [T([1, 3, 1, 2])])
case('squeeze_dim', 'squeeze', [T([1, 3, 1, 2]), 2])
case('squeeze_dim_noop', 'squeeze', [T([1, 3, 1, 2]), 1])
case('squeeze_neg', 'squeeze', [T([3, 1]), -1])
case('unsqueeze_0', 'unsqueeze', [T([2, 3]), 0])
case('unsqueeze_neg', 'unsqueeze', [T([2, 3]), -1])
case('unsqueeze_mid', 'unsqueeze', [T([2, 3], layout='T'), 1])
case('flatten', 'flatten', [T([2, 3, 4])])
case('flatten_start', 'flatten', [T([2, 3, 4]), 1])
case('flatten_range', 'flatten', [T([2, 3, 4, 2]), 1, 2])
case('flatten_0d', 'flatten', [T([])])
case('flatten_T', 'flatten', [T([3, 4], layout='T')])
case('unflatten', 'unflatten', [T([2, 12]), 1, [3, -1]])
case('movedim', 'movedim', [T([2, 3, 4]), 0, -1])
case('movedim_multi', 'movedim', [T([2, 3, 4, 5]), [0, 1], [3, 0]])
case('clone', 'clone', [T([2, 3], layout='T')])
case('contiguous', 'm.contiguous', [T([2, 3], layout='T')])
case('to_f64', 'to', [T([2, 3]), 'float64'])
case('to_f32_from_f64', 'to', [T([2, 3], 'float64'), 'float32'])
case('to_int_trunc', 'to', [T([6], values=[1.7, -1.7, 2.5, -0.5, 100.9, 0.0]), 'int64'])
case('to_bool', 'to', [T([5], values=[0.0, -0.0, 0.1, float('nan'), -3.0]), 'bool'])
case('to_int32_from_int64', 'to', [T([3], 'int64', values=[1, -2, 2 ** 31 + 5]), 'int32'])
case('to_uint8_from_int', 'to', [T([3], 'int64', values=[-1, 256, 300]), 'uint8'])
case('to_float_from_bool', 'to', [T([3], 'bool', 'bool'), 'float32'])
case('to_f16_roundtrip', 'to', [T([4], values=[1.0, 0.1, 65504.0, 1e-5]), 'float16'])
case('to_bf16', 'to', [T([4], values=[1.0, 0.1, 3.0e38, 1e-5]), 'bfloat16'])
case('sumToSize', 'sumToSize', [T([2, 3, 4]), [3, 1]])
case('viewAs', 'm.viewAs', [T([6]), T([2, 3], grad=False)])
case('reshapeAs', 'm.reshapeAs', [T([2, 3], layout='T'), T([6], grad=False)])
case('item', 'item', [T([1, 1])], grad=False)
case('item_int', 'item', [T([], 'int64', 'int')])
case('tolist', 'tolist', [T([2, 2], 'int64', 'int')])
case('numel', 'numel', [T([2, 3, 4])], grad=False)

# ============================================================================================
group('index')
X = lambda: T([4, 5])
X3 = lambda: T([3, 4, 5])
case('index_int', 'index', [X(), 1])
case('index_neg_int', 'index', [X(), -1])
case('index_int_int', 'index', [X(), 2, -2])
case('index_slice', 'index', [X(), '1:3'])
case('index_step', 'index', [X(), '::2'])
case('index_neg_slice', 'index', [X(), '-1:'])
case('index_slice_neg_stop', 'index', [X(), ':-1', '1:4:2'])
case('index_slice_oob', 'index', [X(), '2:100'])
case('index_slice_empty', 'index', [X(), '3:1'])
case('index_ellipsis', 'index', [X3(), '...', 1])
case('index_ellipsis_mid', 'index', [T([2, 3, 4, 5]), 0, '...', '1:3'])
case('index_none', 'index', [X(), None, 1])
case('index_ellipsis_none', 'index', [X3(), '...', None, 0])
case('index_full_slice', 'index', [X(), ':', 2])
case('index_T', 'index', [T([4, 5], layout='T'), '1:3', 0])
case('index_mask', 'index', [X(), T([4, 5], 'bool', 'bool')])
case('index_mask_rows', 'index', [X(), T([4], 'bool', values=[True, False, True, True])])
case('index_mask_after_slice', 'index', [X3(), ':', T([4], 'bool', values=[True, False, True, False])])
case('index_mask_2d_of_3d', 'index', [X3(), T([3, 4], 'bool', 'bool')])
case('index_mask_bool_list', 'index', [X(), [True, False, False, True]])
case('index_int_tensor', 'index', [X(), T([3], 'int64', values=[0, 2, 0])])
case('index_neg_tensor', 'index', [X(), T([3], 'int64', values=[-1, 0, -4])])
case('index_tensor_2d', 'index', [X(), T([2, 2], 'int64', values=[[0, 1], [3, 3]])])
case('index_int_list', 'index', [X(), [3, 1]])
case('index_two_tensors', 'index', [X(), T([3], 'int64', values=[0, 1, 3]), T([3], 'int64', values=[4, 0, -1])])
case('index_two_tensors_bcast', 'index', [X(), T([2, 1], 'int64', values=[[0], [2]]), T([3], 'int64', values=[1, 2, 4])])
case('index_slice_then_tensor', 'index', [X(), '1:', T([2], 'int64', values=[0, 4])])
case('index_tensor_then_slice', 'index', [X3(), T([2], 'int64', values=[2, 0]), '::2'])
case('index_nonadjacent', 'index', [X3(), T([2], 'int64', values=[0, 2]), ':', T([2], 'int64', values=[1, 3])])
case('index_adjacent_mid', 'index', [X3(), ':', T([2], 'int64', values=[0, 3]), T([2], 'int64', values=[1, 4])])
case('index_int_and_tensor', 'index', [X3(), 1, ':', T([2], 'int64', values=[4, 0])])
case('index_dup_grad', 'index', [T([5]), T([4], 'int64', values=[1, 1, 3, 1])])
case('index_empty_tensor', 'index', [X(), T([0], 'int64', values=[])])
case('indexPut_mask', 'indexPut_', [X(), [T([4, 5], 'bool', 'bool')], 0.0])
case('indexPut_int', 'indexPut_', [X(), [1], T([5])])
case('indexPut_tensor_vals', 'indexPut_', [X(), [T([2], 'int64', values=[0, 2])], T([2, 5])])
case('indexPut_bcast_val', 'indexPut_', [X(), [T([2], 'int64', values=[0, 2])], T([5])])
case('indexPut_two_idx', 'indexPut_', [X(), [T([3], 'int64', values=[0, 1, 3]), T([3], 'int64', values=[4, 0, -1])], T([3])])
case('indexPut_slice', 'indexPut_', [X(), [':', '1:3'], -2.0])
case('indexPut_accumulate_dups', 'indexPut_', [X(), [T([4], 'int64', values=[1, 1, 3, 1])], T([4, 5]), True])
case('indexPut_accumulate_2idx', 'indexPut_', [T([3, 3]), [T([3], 'int64', values=[0, 0, 2]), T([3], 'int64', values=[1, 1, 2])], T([3]), True])
case('indexPut_int_dtype', 'indexPut_', [T([5], 'int64', 'int'), [T([2], 'int64', values=[0, 4])], 7])
case('indexSelect', 'indexSelect', [X(), 1, T([3], 'int64', values=[4, 0, 4])])
case('indexSelect_0', 'indexSelect', [X(), 0, T([2], 'int64', values=[3, 1])])
case('indexSelect_neg_dim', 'indexSelect', [X3(), -1, T([2], 'int64', values=[0, 2])])
case('indexSelect_T', 'indexSelect', [T([4, 5], layout='T'), 0, T([2], 'int64', values=[3, 1])])
case('gather_1', 'gather', [T([3, 4]), 1, T([3, 2], 'int64', values=[[0, 3], [1, 1], [2, 0]])])
case('gather_0', 'gather', [T([3, 4]), 0, T([2, 4], 'int64', values=[[0, 1, 2, 0], [2, 2, 1, 0]])])
case('gather_smaller', 'gather', [T([3, 4]), 1, T([2, 2], 'int64', values=[[0, 3], [1, 1]])])
case('gather_neg_dim', 'gather', [T([2, 3, 2]), -1, T([2, 3, 1], 'int64', 'int', lo=0, hi=2)])
case('gather_T', 'gather', [T([3, 4], layout='T'), 1, T([3, 2], 'int64', values=[[0, 3], [1, 1], [2, 0]])])
case('scatter', 'scatter', [T([3, 4]), 1, T([3, 2], 'int64', values=[[0, 3], [1, 2], [2, 0]]), T([3, 2])])
case('scatter_dim0', 'scatter', [T([3, 4]), 0, T([2, 4], 'int64', values=[[0, 1, 2, 0], [2, 2, 1, 1]]), T([2, 4])])
case('scatter_value', 'scatter', [T([3, 4]), 1, T([3, 1], 'int64', values=[[0], [3], [2]]), 5.0])
case('scatter_reduce_add', 'scatter', [T([3, 4]), 1, T([3, 2], 'int64', values=[[0, 0], [1, 1], [2, 3]]), T([3, 2])], {'reduce': 'add'}, grad=False)
case('scatter_reduce_mul', 'scatter', [T([3, 4]), 1, T([3, 2], 'int64', values=[[0, 0], [1, 1], [2, 3]]), T([3, 2])], {'reduce': 'multiply'}, grad=False)
case('scatter_inplace', 'scatter_', [T([3, 4]), 1, T([3, 1], 'int64', values=[[0], [3], [2]]), T([3, 1])])
case('scatterAdd', 'scatterAdd', [T([3, 4]), 1, T([3, 3], 'int64', values=[[0, 0, 1], [3, 3, 3], [2, 1, 0]]), T([3, 3])])
case('scatterAdd_dim0', 'scatterAdd', [T([2, 3]), 0, T([4, 3], 'int64', 'int', lo=0, hi=2), T([4, 3])])
case('scatterAdd_inplace', 'scatterAdd_', [T([2, 3]), 0, T([4, 3], 'int64', 'int', lo=0, hi=2), T([4, 3])])
case('scatterAdd_int', 'scatterAdd', [T([5], 'int64', 'int'), 0, T([4], 'int64', values=[0, 0, 4, 2]), T([4], 'int64', 'int')])
case('maskedSelect', 'maskedSelect', [X(), T([4, 5], 'bool', 'bool')])
case('maskedSelect_bcast', 'maskedSelect', [X(), T([5], 'bool', 'bool')])
case('maskedScatter', 'maskedScatter_', [T([2, 3]), T([2, 3], 'bool', values=[[True, False, True], [False, True, True]]), T([6])])
case('nonzero', 'nonzero', [T([3, 4], kind='ties')])
case('nonzero_1d', 'nonzero', [T([6], 'int64', values=[0, 1, 0, 2, 3, 0])])
case('nonzero_bool', 'nonzero', [T([2, 2, 2], 'bool', 'bool')])
case('nonzero_none', 'nonzero', [T([3], values=[0.0, 0.0, 0.0])])
case('nonzero_0d', 'nonzero', [T([], values=5.0)])
case('argwhere', 'm.argwhere', [T([2, 3], kind='ties')])
case('take', 'take', [T([3, 4]), T([4], 'int64', values=[0, 11, -1, 5])])
case('take_2d_idx', 'take', [T([3, 4], layout='T'), T([2, 2], 'int64', values=[[0, 1], [2, 7]])])
case('indexAdd', 'indexAdd', [T([4, 3]), 0, T([3], 'int64', values=[0, 2, 0]), T([3, 3])])
case('indexAdd_alpha', 'indexAdd', [T([4, 3]), 1, T([2], 'int64', values=[2, 2]), T([4, 2])], {'alpha': 2.0})
case('indexFill', 'indexFill_', [T([4, 3]), 1, T([2], 'int64', values=[0, 2]), -1.0])

group('aliases')
case('subtract', 'subtract', [T([2, 3]), T([3])], {'alpha': 2.0})
case('multiply', 'multiply', [T([2, 3]), T([3])])
case('divide', 'divide', [T([2, 3]), T([3], kind='pos')])
case('divide_floor', 'divide', [T([2, 3], scale=3.0), T([3], kind='pos')], {'roundingMode': 'floor'})
case('negative', 'negative', [T([2, 3])])
case('concat', 'concat', [[T([2, 3]), T([1, 3])]])
case('stdMean', 'stdMean', [T([3, 4]), 1])
case('varMean', 'varMean', [T([3, 4]), [0]], {'unbiased': False, 'keepdim': True})
case('logsumexp_dims02', 'logsumexp', [T([2, 3, 4]), [0, 2]])
case('torch_index', 'f.index', [T([3, 4]), '1:', T([2], 'int64', values=[0, 3])])
case('m_sum', 'm.sum', [T([2, 3]), 1, True])
case('m_mean_opts', 'm.mean', [T([2, 3, 4])], {'dim': [0, 2]})
case('m_logsumexp', 'm.logsumexp', [T([2, 3]), 1])
case('m_kthvalue', 'm.kthvalue', [T([2, 5]), 2, 1])
case('m_cumsum', 'm.cumsum', [T([2, 3]), -1])
case('m_norm', 'm.norm', [T([2, 3]), 1, 0])
case('m_std_unbiased_false', 'm.std', [T([2, 3]), 1, False])
case('m_var_keep', 'm.var', [T([2, 3]), 1, True, True])
case('m_prod', 'm.prod', [T([2, 3]), 0])
case('m_softmax', 'm.softmax', [T([2, 3]), 0])
case('m_topk', 'm.topk', [T([2, 5]), 2])
case('m_gather', 'm.gather', [T([3, 4]), 0, T([1, 4], 'int64', values=[[2, 0, 1, 2]])])
case('m_indexSelect', 'm.indexSelect', [T([3, 4]), 1, T([2], 'int64', values=[3, 3])])
case('m_permute_varargs', 'm.permute', [T([2, 3, 4]), 1, 2, 0])
case('m_view_varargs', 'm.view', [T([2, 3]), 3, 2])
case('m_reshape_varargs', 'm.reshape', [T([2, 3]), -1, 2])
case('m_expand_varargs', 'm.expand', [T([1, 3]), 2, -1])
case('m_flip_varargs', 'm.flip', [T([2, 3]), 0, 1])
case('m_repeat_varargs', 'm.repeat', [T([2]), 2, 3])
case('m_chunk', 'm.chunk', [T([6, 2]), 2])
case('m_unbind', 'm.unbind', [T([2, 3]), 1])
case('m_narrow', 'm.narrow', [T([4, 2]), 0, 1, 2])
case('m_tril', 'm.tril', [T([3, 3]), -1])
case('m_diagonal', 'm.diagonal', [T([3, 3]), 1])
case('m_roll', 'm.roll', [T([5]), -2])
case('m_squeeze', 'm.squeeze', [T([1, 3, 1])])
case('m_unsqueeze', 'm.unsqueeze', [T([3]), 1])
case('m_flatten', 'm.flatten', [T([2, 3, 2]), 1])
case('m_movedim', 'm.movedim', [T([2, 3, 4]), 2, 0])
case('m_clamp', 'm.clamp', [T([5]), -0.5, 0.5])
case('m_pow_tensor', 'm.pow', [T([5], kind='pos'), T([5])])
case('m_outer', 'm.outer', [T([2]), T([3])])
case('m_dot', 'm.dot', [T([3]), T([3])])
case('m_mv', 'm.mv', [T([2, 3]), T([3])])
case('m_bmm', 'm.bmm', [T([2, 2, 3]), T([2, 3, 2])])
case('m_cumprod', 'm.cumprod', [T([4]), 0])
case('m_amax', 'm.amax', [T([2, 3]), 1])
case('m_argsort', 'm.argsort', [T([2, 4])])
case('m_nansum', 'm.nansum', [T([2, 3])])
case('m_maskedSelect', 'm.maskedSelect', [T([2, 3]), T([2, 3], 'bool', 'bool')])
case('m_take', 'm.take', [T([2, 3]), T([2], 'int64', values=[5, 0])])
case('m_nonzero', 'm.nonzero', [T([2, 3], kind='ties')])
case('m_masked_fill', 'm.maskedFill', [T([2, 3]), T([3], 'bool', 'bool'), 1.5])
case('m_scatterAdd', 'm.scatterAdd', [T([2, 3]), 1, T([2, 2], 'int64', values=[[0, 0], [2, 1]]), T([2, 2])])
case('m_typeAs', 'm.typeAs', [T([3], 'int32', 'int'), T([2], 'float64', grad=False)])
case('m_double', 'm.double', [T([3])])
case('m_long', 'm.long', [T([3], scale=3.0)])
case('m_int', 'm.int', [T([3], scale=3.0)])
case('m_bool', 'm.bool', [T([3], kind='ties')])
case('m_half', 'm.half', [T([3])], grad=False)
case('m_newZeros', 'm.newZeros', [T([3], 'float64'), [2, 2]], grad=False)
case('m_newOnes', 'm.newOnes', [T([3], 'int32', 'int'), [2]])
case('m_newFull', 'm.newFull', [T([3], 'float64'), [2], 1.5], grad=False)

group('half')
case('add_f16', 'add', [T([3, 4], 'float16'), T([4], 'float16')], grad=False)
case('mul_bf16', 'mul', [T([3, 4], 'bfloat16'), T([3, 4], 'bfloat16')], grad=False)
case('add_f16_f32', 'add', [T([3], 'float16'), T([3])], grad=False)
case('add_f16_scalar', 'add', [T([3], 'float16'), 2.5], grad=False)
case('exp_bf16', 'exp', [T([5], 'bfloat16')], grad=False)
case('sum_bf16', 'sum', [T([3, 4], 'bfloat16'), 1], grad=False)
case('matmul_bf16', 'matmul', [T([2, 3], 'bfloat16'), T([3, 2], 'bfloat16')], grad=False)
case('to_f32_from_f16', 'to', [T([4], 'float16'), 'float32'], grad=False)

# ============================================================================================
group('empty')
case('empty_add', 'add', [T([0, 3]), T([0, 3])])
case('empty_exp', 'exp', [T([2, 0])])
case('empty_sum_dim', 'sum', [T([2, 0, 3]), 1])
case('empty_mean_dim', 'mean', [T([2, 0, 3]), 2])
case('empty_prod_all', 'prod', [T([0])])
case('empty_cat', 'cat', [[T([0, 3]), T([0, 3])]])
case('empty_cat_dim1', 'cat', [[T([2, 0]), T([2, 3])], 1])
case('empty_matmul', 'matmul', [T([3, 0]), T([0])])
case('empty_index', 'index', [T([0, 3]), ':', 1])
case('empty_reshape', 'reshape', [T([0, 4]), [2, 0, 2]])
case('empty_any', 'any', [T([2, 0], 'bool', 'bool'), 1])
case('empty_all', 'all', [T([0, 2], 'bool', 'bool'), 0])
case('empty_cumsum', 'cumsum', [T([0, 3]), 0])
case('empty_softmax', 'softmax', [T([2, 0]), 0])
case('empty_sort', 'sort', [T([3, 0])])
case('empty_where', 'where', [T([0], 'bool', 'bool'), T([0]), 1.0])
case('empty_var', 'var', [T([0])], grad=False)
case('empty_transpose_sum', 'sum', [T([0, 3], layout='T'), 0])
case('empty_countNonzero', 'countNonzero', [T([0, 3])])

names = [c['name'] for g in CASES.values() for c in g]
assert len(names) == len(set(names)), sorted({n for n in names if names.count(n) > 1})

total = 0
for g, cases in CASES.items():
    path = os.path.join(HERE, f'ops_{g}.json')
    with open(path, 'w') as f:
        json.dump(cases, f, separators=(',', ':'), allow_nan=False)
    total += os.path.getsize(path)
    print(f'{g}: {len(cases)} cases, {os.path.getsize(path) // 1024} KB')
print(f'total {sum(len(c) for c in CASES.values())} cases, {total // 1024} KB')
