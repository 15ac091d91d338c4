"""Writes the checkpoint fixtures of packages/core/test/serialization*.test.ts with PyTorch.

Run with /usr/bin/python3 (PyTorch 1.13 + torchvision):
    /usr/bin/python3 packages/core/test/golden/gen_checkpoints.py

Every file under checkpoints/ is written by PyTorch (or, for safetensors and the hand-made ZIP
variants, byte by byte per the published format), never by Tensile. checkpoints.json describes
what each file holds (dtypes, shapes, strides, storage offsets, which tensors share a storage,
values) so the tests can check Tensile's loader without Python.
"""
import io
import json
import math
import os
import pickle
import struct
import sys
import zipfile
import zlib
from collections import OrderedDict

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, 'checkpoints')
os.makedirs(OUT, exist_ok=True)
torch.manual_seed(0)

DTYPES = {
    torch.float32: 'float32', torch.float64: 'float64', torch.float16: 'float16', torch.bfloat16: 'bfloat16',
    torch.int8: 'int8', torch.uint8: 'uint8', torch.int16: 'int16', torch.int32: 'int32', torch.int64: 'int64',
    torch.bool: 'bool',
}


def enc_float(x):
    if math.isnan(x):
        return 'nan'
    if math.isinf(x):
        return 'inf' if x > 0 else '-inf'
    if x == 0 and math.copysign(1, x) < 0:
        return '-0'
    return x


def describe(obj, storages):
    """A JSON tree of obj; tensors carry their geometry and a storage id shared by views."""
    if isinstance(obj, torch.Tensor):
        st = obj.storage().data_ptr() if obj.storage().size() else id(obj)
        sid = storages.setdefault(st, len(storages))
        t = obj.detach()
        if t.dtype == torch.bool:
            vals = [bool(v) for v in t.flatten().tolist()]
        elif t.dtype == torch.int64:
            vals = [str(v) for v in t.flatten().tolist()]  # beyond 2^53 in JSON numbers
        elif t.dtype.is_floating_point:
            vals = [enc_float(v) for v in t.double().flatten().tolist()]
        else:
            vals = t.flatten().tolist()
        return {'__tensor__': {
            'dtype': DTYPES[obj.dtype], 'shape': list(obj.shape), 'stride': list(obj.stride()),
            'offset': obj.storage_offset(), 'storage': sid, 'storage_numel': obj.storage().size(),
            'requires_grad': obj.requires_grad, 'parameter': isinstance(obj, torch.nn.Parameter), 'values': vals,
        }}
    if isinstance(obj, dict):
        return {'__dict__': [[describe(k, storages), describe(v, storages)] for k, v in obj.items()],
                'ordered': isinstance(obj, OrderedDict)}
    if isinstance(obj, tuple):
        return {'__tuple__': [describe(v, storages) for v in obj]}
    if isinstance(obj, list):
        return [describe(v, storages) for v in obj]
    if isinstance(obj, bool) or obj is None or isinstance(obj, str):
        return obj
    if isinstance(obj, int):
        return {'__int__': str(obj)}
    if isinstance(obj, float):
        return {'__float__': enc_float(obj)}
    raise TypeError(type(obj))


def dtype_tensors():
    f = torch.tensor([0.0, -0.0, 1.5, -2.25, float('inf'), float('-inf'), float('nan'), 3.4e38, 1e-40])
    return OrderedDict([
        ('float32', f),
        ('float64', torch.tensor([math.pi, -1e300, 5e-324, float('nan')], dtype=torch.float64)),
        ('float16', torch.tensor([1.0, -0.5, 65504.0, 6e-8, float('inf')], dtype=torch.float16)),
        ('bfloat16', torch.tensor([1.0, -3.0, 3.0e38, 1e-39, float('nan')], dtype=torch.bfloat16)),
        ('int8', torch.tensor([-128, -1, 0, 127], dtype=torch.int8)),
        ('uint8', torch.tensor([0, 1, 200, 255], dtype=torch.uint8)),
        ('int16', torch.tensor([-32768, 12345, 32767], dtype=torch.int16)),
        ('int32', torch.tensor([-2**31, 7, 2**31 - 1], dtype=torch.int32)),
        ('int64', torch.tensor([-2**63, -1, 2**53 + 1, 2**63 - 1], dtype=torch.int64)),
        ('bool', torch.tensor([True, False, True])),
        ('matrix', torch.arange(12, dtype=torch.float32).reshape(3, 4)),
        ('scalar', torch.tensor(2.5)),
        ('empty', torch.zeros(0, 3)),
    ])


def views():
    base = torch.arange(24, dtype=torch.float32).reshape(4, 6)
    ints = torch.arange(10, dtype=torch.int64)
    return OrderedDict([
        ('base', base),
        ('transposed', base.t()),
        ('rows', base[1:3]),                  # storage offset 6
        ('cols', base[:, 2:5]),               # offset 2, non-contiguous
        ('strided', base[::2, ::3]),          # strides (12, 3)
        ('element', base[2, 3]),              # 0-d view, offset 15
        ('expanded', base[0:1, 0:2].expand(3, 2)),  # stride 0
        ('ints', ints),
        ('ints_tail', ints[7:]),
        ('alone', torch.ones(2, 2)[1]),       # a view whose base is not saved: whole storage saved
    ])


class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(1, 2, 3)
        self.bn = torch.nn.BatchNorm2d(2)
        self.fc = torch.nn.Linear(16, 3)

    def forward(self, x):
        return self.fc(torch.relu(self.bn(self.conv(x))).flatten(1))


def nested():
    net = Net()
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    for _ in range(2):
        opt.zero_grad()
        net(torch.randn(4, 1, 4, 6)).sum().backward()
        opt.step()
    return {
        'model': net.state_dict(), 'optimizer': opt.state_dict(), 'epoch': 5, 'loss': 0.25, 'note': 'héllo ✓',
        'flags': [True, False, None], 'big': 2**62, 'huge': 2**70, 'neg': -2**40, 'mixed': (1, 'a', 2.5),
        'empty': {}, 'nested': {'a': {'b': [1, 2, {'c': 3}]}},
    }


def params():
    net = torch.nn.Linear(3, 2)
    frozen = torch.nn.Parameter(torch.ones(2), requires_grad=False)
    return OrderedDict([('weight', net.weight), ('bias', net.bias), ('frozen', frozen), ('buffer', torch.zeros(2))])


def save(name, obj, describe_as=None):
    path = os.path.join(OUT, name)
    torch.save(obj, path)
    return describe(describe_as if describe_as is not None else obj, {})


def save_archive_named(name, obj, archive='archive', byteorder=None):
    """torch.save to memory (PyTorch 1.13 names the folder 'archive' then, as 2.x always does),
    optionally adding the 2.x byteorder record."""
    buf = io.BytesIO()
    torch.save(obj, buf)
    zin = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    with zipfile.ZipFile(os.path.join(OUT, name), 'w', zipfile.ZIP_STORED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            rel = info.filename.split('/', 1)[1]
            zout.writestr(f'{archive}/{rel}', data)
            if rel == 'data.pkl' and byteorder:
                zout.writestr(f'{archive}/byteorder', byteorder)


def big_endian(name, obj):
    """A 2.x-style archive written on a big-endian machine: byteorder 'big', storages byte-swapped."""
    buf = io.BytesIO()
    torch.save(obj, buf)
    zin = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    sizes = {}
    pk = zin.read('archive/data.pkl')
    # item size per storage key, from the pickle's persistent ids
    class P(pickle.Unpickler):
        def persistent_load(self, pid):
            sizes[pid[2]] = torch._utils._element_size(pid[1].dtype)
            return pid[1](pid[4])
        def find_class(self, m, n):
            return getattr(sys.modules[m] if m in sys.modules else __import__(m, fromlist=[n]), n)
    P(io.BytesIO(pk)).load()
    with zipfile.ZipFile(os.path.join(OUT, name), 'w', zipfile.ZIP_STORED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename.startswith('archive/data/'):
                isz = sizes[info.filename.rsplit('/', 1)[1]]
                data = b''.join(data[i:i + isz][::-1] for i in range(0, len(data), isz))
            zout.writestr(info.filename, data)
            if info.filename == 'archive/data.pkl':
                zout.writestr('archive/byteorder', 'big')


def deflated(src_name, name):
    zin = zipfile.ZipFile(os.path.join(OUT, src_name))
    with zipfile.ZipFile(os.path.join(OUT, name), 'w', zipfile.ZIP_DEFLATED, compresslevel=9) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, zin.read(info.filename))


def zip64_everywhere(src_name, name):
    """Rewrites an archive so every central-directory record keeps its sizes and offset in a
    ZIP64 extra field (0xFFFFFFFF in the 32-bit fields), as writers do for files over 4 GiB."""
    zin = zipfile.ZipFile(os.path.join(OUT, src_name))
    out = bytearray()
    central = bytearray()
    n = 0
    for info in zin.infolist():
        data = zin.read(info.filename)
        fname = info.filename.encode()
        crc = zlib.crc32(data)
        off = len(out)
        extra = struct.pack('<HHQQ', 1, 16, len(data), len(data))
        out += struct.pack('<IHHHHHIIIHH', 0x04034b50, 45, 0, 0, 0, 0, crc, 0xFFFFFFFF, 0xFFFFFFFF, len(fname), len(extra))
        out += fname + extra + data
        cextra = struct.pack('<HHQQQ', 1, 24, len(data), len(data), off)
        central += struct.pack('<IHHHHHHIIIHHHHHII', 0x02014b50, 45, 45, 0, 0, 0, 0, crc, 0xFFFFFFFF, 0xFFFFFFFF,
                               len(fname), len(cextra), 0, 0, 0, 0, 0xFFFFFFFF)
        central += fname + cextra
        n += 1
    cd_off = len(out)
    out += central
    z64 = len(out)
    out += struct.pack('<IQHHIIQQQQ', 0x06064b50, 44, 45, 45, 0, 0, n, n, len(central), cd_off)
    out += struct.pack('<IIQI', 0x07064b50, 0, z64, 1)
    out += struct.pack('<IHHHHIIH', 0x06054b50, 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0)
    with open(os.path.join(OUT, name), 'wb') as f:
        f.write(out)


def write_safetensors(name, tensors, metadata=None):
    """Per the safetensors spec: u64 LE header size, JSON header, data; tensors laid out by
    decreasing alignment then name, as the reference writer does."""
    codes = {torch.float32: 'F32', torch.float64: 'F64', torch.float16: 'F16', torch.bfloat16: 'BF16',
             torch.int8: 'I8', torch.int16: 'I16', torch.int32: 'I32', torch.int64: 'I64', torch.uint8: 'U8',
             torch.bool: 'BOOL'}
    order = sorted(tensors.items(), key=lambda kv: (-kv[1].element_size(), kv[0]))
    entries = {}
    blobs = []
    off = 0
    for k, t in order:
        data = t.contiguous().reshape(-1).view(torch.uint8).numpy().tobytes() if t.numel() else b''
        entries[k] = {'dtype': codes[t.dtype], 'shape': list(t.shape), 'data_offsets': [off, off + len(data)]}
        blobs.append(data)
        off += len(data)
    # the header lists tensors in the caller's order; their bytes are laid out by alignment
    header = {'__metadata__': metadata} if metadata else {}
    header.update((k, entries[k]) for k in tensors)
    h = json.dumps(header).encode()
    h += b' ' * ((8 - len(h) % 8) % 8)
    with open(os.path.join(OUT, name), 'wb') as f:
        f.write(struct.pack('<Q', len(h)) + h + b''.join(blobs))
    return describe(OrderedDict(tensors), {})


class Evil:
    def __init__(self, fn, arg):
        self.fn, self.arg = fn, arg

    def __reduce__(self):
        return (self.fn, (self.arg,))


def evil(name, fn, arg):
    """A checkpoint whose pickle calls fn(arg) if loaded with weights_only=False. Never loaded here."""
    pk = pickle.dumps({'weight': Evil(fn, arg)}, protocol=2)
    with zipfile.ZipFile(os.path.join(OUT, name), 'w', zipfile.ZIP_STORED) as z:
        z.writestr('archive/data.pkl', pk)
        z.writestr('archive/version', '3\n')


def resnet18():
    """ResNet-18's real state dict (keys, shapes, buffers, _metadata). The weights written are a
    pattern that deflates to a small file; the random-init file goes to /tmp for a full check."""
    import torchvision
    torch.manual_seed(0)
    model = torchvision.models.resnet18()
    sd = model.state_dict()
    torch.save(sd, '/tmp/tensile_resnet18_random.pt')
    keys = [{'key': k, 'dtype': DTYPES[v.dtype], 'shape': list(v.shape), 'sum': float(v.double().sum())} for k, v in sd.items()]
    with torch.no_grad():
        for i, (k, v) in enumerate(sd.items()):
            if v.dtype.is_floating_point:
                v.copy_((torch.arange(v.numel(), dtype=torch.float32) % 17 * 0.125 - 1 + i).reshape(v.shape))
    torch.save(sd, '/tmp/resnet18.pt')  # PyTorch 1.13: folder named 'resnet18'
    zin = zipfile.ZipFile('/tmp/resnet18.pt')
    with zipfile.ZipFile(os.path.join(OUT, 'resnet18_pattern.pt'), 'w', zipfile.ZIP_DEFLATED, compresslevel=9) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, zin.read(info.filename))
    pattern = [{'key': k, 'dtype': DTYPES[v.dtype], 'shape': list(v.shape), 'sum': float(v.double().sum()),
                'first': [enc_float(x) for x in v.double().flatten()[:4].tolist()] if v.dtype.is_floating_point else [str(x) for x in v.flatten()[:4].tolist()]}
               for k, v in sd.items()]
    meta = [[k, v] for k, v in sd._metadata.items()]
    return {'random': keys, 'pattern': pattern, 'metadata': meta}


def main():
    golden = {}
    golden['dtypes.pt'] = save('dtypes.pt', dtype_tensors())
    golden['views.pt'] = save('views.pt', views())
    golden['nested.pt'] = save('nested.pt', nested())
    golden['params.pt'] = save('params.pt', params())
    golden['tensor.pt'] = save('tensor.pt', torch.linspace(-1, 1, 7, dtype=torch.float64))
    golden['list.pt'] = save('list.pt', [torch.ones(2, dtype=torch.int32), (torch.zeros(1), 'x'), None])
    v = views()
    save_archive_named('archive_v2.pt', v, byteorder='little')
    golden['archive_v2.pt'] = describe(v, {})
    big_endian('big_endian.pt', v)
    golden['big_endian.pt'] = describe(v, {})
    deflated('dtypes.pt', 'deflated.pt')
    golden['deflated.pt'] = golden['dtypes.pt']
    zip64_everywhere('views.pt', 'zip64.pt')
    golden['zip64.pt'] = golden['views.pt']
    golden['tensors.safetensors'] = write_safetensors('tensors.safetensors', OrderedDict([
        ('embed.weight', torch.randn(5, 3)), ('head.bias', torch.arange(4, dtype=torch.float64)),
        ('mask', torch.tensor([True, False])), ('ids', torch.tensor([1, 2, 3], dtype=torch.int64)),
        ('half', torch.tensor([0.5, -2.0], dtype=torch.float16)), ('bf', torch.tensor([1.0, 2.0], dtype=torch.bfloat16)),
        ('bytes', torch.tensor([1, 2, 3], dtype=torch.uint8)), ('i8', torch.tensor([-1, 1], dtype=torch.int8)),
        ('i16', torch.tensor([-300, 300], dtype=torch.int16)), ('i32', torch.tensor([7], dtype=torch.int32)),
        ('scalar', torch.tensor(3.0)), ('none', torch.zeros(0)),
    ]), metadata={'format': 'pt', 'source': 'gen_checkpoints.py'})
    evil('evil_os_system.pt', os.system, 'echo pwned > /tmp/tensile_pwned')
    evil('evil_eval.pt', eval, '__import__("os").system("echo pwned")')
    golden['resnet18'] = resnet18()
    with open(os.path.join(HERE, 'checkpoints.json'), 'w') as f:
        json.dump(golden, f, separators=(',', ':'))
    total = sum(os.path.getsize(os.path.join(OUT, n)) for n in os.listdir(OUT))
    print(f'wrote {len(os.listdir(OUT))} fixtures, {total} bytes; checkpoints.json '
          f'{os.path.getsize(os.path.join(HERE, "checkpoints.json"))} bytes')


if __name__ == '__main__':
    main()
