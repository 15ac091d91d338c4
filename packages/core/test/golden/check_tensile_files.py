"""Dev check: files that Tensile wrote load in PyTorch with weights_only=True and hold the same
objects as the PyTorch-written fixtures they were made from.

    TENSILE_SERIALIZATION_OUT=/tmp/tensile_out npx vitest run packages/core/test/serialization.test.ts
    /usr/bin/python3 packages/core/test/golden/check_tensile_files.py /tmp/tensile_out

Not run by vitest (tests must not need Python). PyTorch 1.13's weights_only unpickler lacks the
BINFLOAT opcode, so it refuses every file holding a Python float — its own files included (an
optimizer's lr, a checkpoint's loss). For those, this script retries with that one opcode added,
as PyTorch 2.x's weights_only unpickler has, and says so.
"""
import json
import os
import struct
import sys
import zipfile
from collections import OrderedDict

import torch
import torch._weights_only_unpickler as wou

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, 'checkpoints')


def weights_only_load(path):
    try:
        return torch.load(path, weights_only=True), 'weights_only=True'
    except Exception as e:  # noqa: BLE001
        if 'Unsupported operand 71' not in str(e):
            raise
    # Only BINFLOAT was refused: load through Python's unpickler restricted to the globals
    # PyTorch's weights_only loader allows (every other global is refused as there).
    allowed = wou._get_allowed_globals()
    import pickle

    class Restricted(pickle.Unpickler):
        def find_class(self, module, name):
            full = f'{module}.{name}'
            if full in allowed:
                return allowed[full]
            raise RuntimeError(f'Unsupported class {full}')

    class Mod:
        Unpickler = Restricted
        __name__ = 'restricted_pickle'

        @staticmethod
        def load(f, **kw):
            return Restricted(f, **kw).load()
    return torch.load(path, pickle_module=Mod), 'weights_only globals + BINFLOAT (PyTorch 1.13 lacks BINFLOAT)'


def same(a, b, path='$', storages=None):
    storages = {} if storages is None else storages
    if isinstance(b, torch.Tensor):
        assert isinstance(a, torch.Tensor), path
        assert type(a) is type(b), f'{path}: {type(a)} vs {type(b)}'
        assert a.dtype == b.dtype and a.shape == b.shape and a.stride() == b.stride(), path
        assert a.storage_offset() == b.storage_offset(), path
        assert a.requires_grad == b.requires_grad, path
        assert torch.equal(a.detach().double().nan_to_num(7), b.detach().double().nan_to_num(7)) if a.dtype.is_floating_point else torch.equal(a, b), path
        key = b.storage().data_ptr()
        if key in storages:
            assert a.storage().data_ptr() == storages[key], f'{path}: storage sharing differs'
        storages[key] = a.storage().data_ptr()
        return
    assert type(a) is type(b), f'{path}: {type(a).__name__} vs {type(b).__name__}'
    if isinstance(b, dict):
        assert list(a.keys()) == list(b.keys()), f'{path}: keys {list(a.keys())} vs {list(b.keys())}'
        for k in b:
            same(a[k], b[k], f'{path}.{k}', storages)
        assert getattr(a, '_metadata', None) == getattr(b, '_metadata', None), f'{path}: _metadata'
    elif isinstance(b, (list, tuple)):
        assert len(a) == len(b), path
        for i, (x, y) in enumerate(zip(a, b)):
            same(x, y, f'{path}[{i}]', storages)
    else:
        assert a == b or (a != a and b != b), f'{path}: {a!r} vs {b!r}'


def read_safetensors(path):
    with open(path, 'rb') as f:
        data = f.read()
    n = struct.unpack('<Q', data[:8])[0]
    header = json.loads(data[8:8 + n])
    codes = {'F32': torch.float32, 'F64': torch.float64, 'F16': torch.float16, 'BF16': torch.bfloat16,
             'I8': torch.int8, 'I16': torch.int16, 'I32': torch.int32, 'I64': torch.int64, 'U8': torch.uint8,
             'BOOL': torch.bool}
    out = OrderedDict()
    for k, v in header.items():
        if k == '__metadata__':
            continue
        b, e = v['data_offsets']
        raw = bytearray(data[8 + n + b:8 + n + e])
        t = torch.frombuffer(raw, dtype=codes[v['dtype']]) if raw else torch.zeros(0, dtype=codes[v['dtype']])
        out[k] = t.reshape(v['shape'])
    return out


def main(folder):
    failures = 0
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        try:
            if name.endswith('.safetensors'):
                sd = read_safetensors(path)
                print(f'ok   {name}: safetensors, {len(sd)} tensors: ' + ', '.join(f'{k} {tuple(v.shape)} {v.dtype}' for k, v in sd.items()))
                continue
            obj, how = weights_only_load(path)
            ref = os.path.join(FIXTURES, name)
            if name == 'tensile_linear_adam.pt':
                lin = torch.nn.Linear(5, 4)
                lin.load_state_dict(obj['model'])
                opt = torch.optim.Adam(lin.parameters())
                opt.load_state_dict(obj['optimizer'])
                lin(torch.randn(2, 5)).sum().backward()
                opt.step()
                assert opt.state[lin.weight]['step'].item() == 2
                print(f'ok   {name}: loads ({how}); nn.Linear and Adam load_state_dict it and step')
            elif os.path.exists(ref):
                same(obj, torch.load(ref))
                print(f'ok   {name}: loads ({how}) and equals the PyTorch fixture')
            else:
                print(f'ok   {name}: loads ({how}): {summary(obj)}')
        except Exception as e:  # noqa: BLE001
            failures += 1
            print(f'FAIL {name}: {type(e).__name__}: {e}')
    print(f'{failures} failed')
    sys.exit(1 if failures else 0)


def summary(obj):
    if isinstance(obj, dict):
        return '{' + ', '.join(f'{k!r}: {summary(v)}' for k, v in obj.items()) + '}'
    if isinstance(obj, torch.Tensor):
        return f'{type(obj).__name__}{tuple(obj.shape)} {obj.dtype}'
    if isinstance(obj, (list, tuple)):
        return type(obj).__name__ + '[' + ', '.join(summary(v) for v in obj) + ']'
    return repr(obj)


if __name__ == '__main__':
    main(sys.argv[1] if len(sys.argv) > 1 else '/tmp/tensile_out')
