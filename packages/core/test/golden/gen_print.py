#!/usr/bin/python3
"""Generate golden outputs of PyTorch's tensor printing (torch/_tensor_str.py) for print.test.ts.

Run with the system python that has PyTorch 1.13:  /usr/bin/python3 gen_print.py
Writes print.json next to this script: a list of cases, each
  {name, values, shape, dtype, requiresGrad, gradFn, options, expected}
values: flattened row-major; nan/inf as "nan"/"inf"/"-inf"; float32 values as their shortest
float32 repr (Math.fround of the parsed number gives the exact float32); int64 values outside
+-2^53 as decimal strings.
"""
import json
import math
import os

import numpy as np
import torch

torch.manual_seed(0)

CASES = []


def enc_float(v, f32):
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    if f32:
        s = repr(np.float32(v))
        d = float(s)
        if np.float32(d) == np.float32(v) and float(np.float32(d)) == v:
            # keep the JSON short: '0.1' instead of '0.10000000149011612'
            return int(d) if d.is_integer() and abs(d) < 2**53 and not (d == 0 and math.copysign(1, d) < 0) else d
    return v


def encode(t):
    dtype = str(t.dtype)[len("torch."):]
    flat = t.detach().reshape(-1)
    if t.dtype in (torch.float16, torch.bfloat16):
        vals = [enc_float(v, True) for v in flat.float().tolist()]
    elif t.dtype == torch.float32:
        vals = [enc_float(v, True) for v in flat.tolist()]
    elif t.dtype == torch.float64:
        vals = [enc_float(v, False) for v in flat.tolist()]
    elif t.dtype == torch.bool:
        vals = [bool(v) for v in flat.tolist()]
    else:
        vals = [v if abs(v) <= 2**53 else str(v) for v in flat.tolist()]
    return dtype, vals


def add(name, t, options=None):
    if options:
        torch.set_printoptions(**options)
    try:
        expected = str(t)
    finally:
        if options:
            torch.set_printoptions(profile="default")
    dtype, vals = encode(t)
    grad_fn = None
    if t.grad_fn is not None:
        grad_fn = type(t.grad_fn).__name__
    CASES.append(
        {
            "name": name,
            "values": vals,
            "shape": list(t.shape),
            "dtype": dtype,
            "requiresGrad": bool(t.requires_grad),
            "gradFn": grad_fn,
            "options": options,
            "expected": expected,
        }
    )


nan, inf = float("nan"), float("inf")

# ---- float32 basics
add("f32 1-D randn(5)", torch.randn(5))
add("f32 2-D randn(3,4)", torch.randn(3, 4))
add("f32 3-D randn(2,3,4)", torch.randn(2, 3, 4))
add("f32 4-D randn(2,2,2,3)", torch.randn(2, 2, 2, 3))
add("f32 scalar integral", torch.tensor(3.0))
add("f32 scalar fraction", torch.tensor(0.1234567))
add("f32 scalar negative", torch.tensor(-2.5))
add("f32 scalar large", torch.tensor(1e10))
add("f32 scalar tiny", torch.tensor(1.5e-7))
add("f32 scalar zero", torch.tensor(0.0))
add("f32 scalar nan", torch.tensor(nan))
add("f32 mixed signs", torch.tensor([-1.5, 2.25, -0.125, 3.0, 100.5]))
add("f32 single element", torch.tensor([0.3]))
add("f32 2-D single column", torch.randn(4, 1))
add("f32 2-D single row", torch.randn(1, 5))
add("f32 uniform rand(3,3)", torch.rand(3, 3))
# ---- float64
add("f64 1-D", torch.randn(4, dtype=torch.float64))
add("f64 2-D", torch.randn(2, 3, dtype=torch.float64))
add("f64 scalar", torch.tensor(1.0 / 3.0, dtype=torch.float64))
add("f64 integral", torch.tensor([1.0, -2.0, 3.0], dtype=torch.float64))
add("f64 exact ties", torch.tensor([0.5, 1.5, 2.5, 0.125, 0.375, 1.00005], dtype=torch.float64))
add("f64 long row wrapping, suffix", torch.randn(13, dtype=torch.float64))
add("f64 huge values sci", torch.tensor([1.5e200, -2.0e-200, 3.0], dtype=torch.float64))
# ---- float16 / bfloat16
add("f16 1-D", torch.randn(6).half())
add("f16 2-D", torch.randn(2, 3).half())
add("f16 with inf", torch.tensor([1.0, 70000.0, -0.5]).half())
add("f16 integral", torch.tensor([1.0, 2.0, 2048.0]).half())
add("f16 scalar", torch.tensor(0.1).half())
add("bf16 1-D", torch.randn(5).bfloat16())
add("bf16 2-D", torch.randn(3, 2).bfloat16())
add("bf16 large", torch.tensor([1e20, 3.0, -7.5]).bfloat16())
# ---- integers
add("int8", torch.randint(-128, 128, (8,), dtype=torch.int8))
add("uint8", torch.randint(0, 256, (2, 5), dtype=torch.uint8))
add("int16", torch.randint(-30000, 30000, (3, 3), dtype=torch.int16))
add("int32", torch.randint(-(2**31), 2**31 - 1, (4,), dtype=torch.int32))
add("int64", torch.randint(-1000, 1000, (2, 4), dtype=torch.int64))
add("int64 scalar", torch.tensor(42))
add("int64 negative scalar", torch.tensor(-7))
add("int64 huge", torch.tensor([2**62, -(2**63), 5]))
add("int64 arange wraps", torch.arange(50))
add("int32 scalar", torch.tensor(5, dtype=torch.int32))
# ---- bool
add("bool 1-D", torch.tensor([True, False]))
add("bool all true", torch.tensor([True, True, True]))
add("bool 2-D", torch.rand(3, 4) > 0.5)
add("bool scalar", torch.tensor(True))
add("bool scalar false", torch.tensor(False))
# ---- empty
add("empty 1-D", torch.tensor([]))
add("empty (0,3)", torch.empty(0, 3))
add("empty (2,0,4)", torch.empty(2, 0, 4))
add("empty int64", torch.tensor([], dtype=torch.int64))
add("empty bool (0,)", torch.tensor([], dtype=torch.bool))
add("empty f64 (0,2)", torch.empty(0, 2, dtype=torch.float64))
add("empty requires_grad", torch.empty(0, 3, requires_grad=True))
# ---- sci mode / magnitudes
add("large values sci", torch.randn(5) * 1e5)
add("int mode sci max>1e8", torch.tensor([1e9, 1.0]))
add("int mode sci ratio", torch.tensor([1.0, 1e4, -3.0]))
add("int mode no sci", torch.tensor([1.0, 999.0, -3.0]))
add("tiny values", torch.randn(4) * 1e-5)
add("ratio > 1000", torch.tensor([1e-3, 1e2, 0.5]))
add("min < 1e-4", torch.tensor([5e-5, 0.5]))
add("2-D sci", torch.randn(3, 3) * 1e6)
add("sci rounding carry", torch.tensor([9.99996e5, 1.0e-1], dtype=torch.float64))
# ---- nan / inf
add("nan inf mixed", torch.tensor([nan, inf, -inf, 1.5]))
add("nan with integral", torch.tensor([nan, 1.0, 2.0]))
add("all nan", torch.tensor([nan, nan]))
add("zeros", torch.tensor([0.0, 0.0]))
add("negative zero", torch.tensor([-0.0, 1.0]))
add("only inf", torch.tensor([inf, -inf]))
add("sci with nan", torch.tensor([1e10, nan, 0.5, -inf]))
add("nan zeros and tiny", torch.tensor([nan, 0.0, 1e-6]))
# ---- integral floats
add("integral floats", torch.tensor([1.0, 2.0, -3.0]))
add("arange float 2-D", torch.arange(12).float().reshape(3, 4))
add("integral 3-D", torch.arange(-8, 16).float().reshape(2, 3, 4))
# ---- wrapping
add("long row f32", torch.randn(30))
add("long rows 2-D", torch.randn(3, 25))
add("long rows 3-D", torch.randn(2, 2, 20))
add("long row bool", torch.rand(40) > 0.5)
# ---- summarised
add("summarised 1-D f32", torch.randn(2000))
add("summarised 1-D int64", torch.arange(1500))
add("summarised 2-D", torch.randn(40, 50))
add("summarised 3-D", torch.randn(12, 10, 10))
add("summarised inner only", torch.randn(2, 600))
add("summarised bool", torch.rand(1200) > 0.5)
add("summarised sci", torch.randn(30, 40) * 1e7)
add("summarised f16", torch.randn(11, 100).half())
# ---- autograd
add("requires_grad leaf", torch.randn(3, requires_grad=True))
add("requires_grad scalar", torch.tensor(2.0, requires_grad=True))
add("requires_grad 2-D", torch.randn(4, 5, requires_grad=True))
x = torch.randn(3, requires_grad=True)
add("grad_fn mul", x * 2)
y = torch.randn(3, 4, requires_grad=True)
add("grad_fn add 2-D", y + 1)
add("grad_fn sum scalar", y.sum())
z = torch.randn(13, dtype=torch.float64, requires_grad=True)
add("grad_fn long row f64", z * 3)
w = torch.randn(9, requires_grad=True)
add("grad_fn wraps suffix", w - 1)
add("requires_grad f64 wide", torch.randn(8, dtype=torch.float64, requires_grad=True))
# ---- print options
add("precision=2", torch.randn(2, 3), {"precision": 2})
add("precision=2 ties", torch.tensor([0.125, 0.375, 2.5, -0.625]), {"precision": 2})
add("precision=2 sci", torch.tensor([1e-5, 3.0]), {"precision": 2})
add("precision=0", torch.tensor([0.5, 1.5, 2.4]), {"precision": 0})
add("precision=0 sci", torch.tensor([1.5e6, 2.5]), {"precision": 0})
add("precision=8 f64", torch.randn(3, dtype=torch.float64), {"precision": 8})
add("sci_mode=False", torch.randn(4) * 1e5, {"sci_mode": False})
add("sci_mode=False huge int", torch.tensor([1e22, 1.0], dtype=torch.float64), {"sci_mode": False})
add("sci_mode=True", torch.randn(4), {"sci_mode": True})
add("sci_mode=True integral", torch.tensor([1.0, 20.0]), {"sci_mode": True})
add("sci_mode=True zeros", torch.tensor([0.0, 0.0]), {"sci_mode": True})
add("linewidth=40", torch.randn(12), {"linewidth": 40})
add("linewidth=40 2-D", torch.randn(3, 8), {"linewidth": 40})
add("linewidth=40 grad", torch.randn(5, requires_grad=True), {"linewidth": 40})
add("threshold=10 edgeitems=2", torch.arange(30).reshape(5, 6), {"threshold": 10, "edgeitems": 2})
add("profile short", torch.randn(1100), {"profile": "short"})
add("profile full", torch.arange(1100), {"profile": "full", "linewidth": 200})

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "print.json")
with open(out, "w") as f:
    json.dump(CASES, f, separators=(",", ":"))
    f.write("\n")
print(f"wrote {len(CASES)} cases to {out} ({os.path.getsize(out)} bytes)")
