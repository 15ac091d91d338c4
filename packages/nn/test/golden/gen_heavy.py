"""Golden fixtures for the heavy nn layers (conv, pooling, recurrent, attention/transformer, vision).

Run with PyTorch 1.13:  /usr/bin/python3 packages/nn/test/golden/gen_heavy.py
Each case records a module (class, constructor args, options in Tensile's camelCase) or a
functional call, its state dict, inputs, the output, and the gradients of
loss = sum(output * gout) with respect to every input and parameter.
"""
import json
import os

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
HERE = os.path.dirname(os.path.abspath(__file__))


def T(t):
    t = t.detach()
    if t.dtype == torch.bool:
        return {"shape": list(t.shape), "dtype": "bool", "data": [int(v) for v in t.flatten().tolist()]}
    if t.dtype == torch.int64:
        return {"shape": list(t.shape), "dtype": "int64", "data": t.flatten().tolist()}
    # 9 significant digits round-trip float32 exactly; float64 keeps Python's full repr
    fmt = (lambda v: v) if t.dtype == torch.float64 else (lambda v: float("%.9g" % v))
    return {"shape": list(t.shape), "dtype": str(t.dtype).replace("torch.", ""), "data": [fmt(v) for v in t.flatten().tolist()]}


def flatten_out(o):
    """Output structure -> list of tensors (tuples flattened, in order)."""
    if isinstance(o, torch.Tensor):
        return [o]
    if isinstance(o, nn.utils.rnn.PackedSequence):
        return [o.data]
    out = []
    for x in o:
        if x is not None:
            out += flatten_out(x)
    return out


def run(case, fn, inputs, params, out_filter=None):
    """inputs: list of tensors (float ones get requires_grad); params: named params dict."""
    ins = [x.clone().requires_grad_(x.is_floating_point()) for x in inputs]
    outs = flatten_out(fn(*ins))
    if out_filter:
        outs = [o for i, o in enumerate(outs) if i in out_filter]
    gouts = [torch.randn_like(o) if o.is_floating_point() else None for o in outs]
    loss = sum((o * g).sum() for o, g in zip(outs, gouts) if g is not None)
    diff = [x for x in ins if x.requires_grad] + list(params.values())
    grads = torch.autograd.grad(loss, diff, allow_unused=True) if loss.requires_grad else [None] * len(diff)
    n_in = sum(1 for x in ins if x.requires_grad)
    case["inputs"] = [T(x) for x in inputs]
    case["outputs"] = [T(o) for o in outs]
    case["gouts"] = [T(g) if g is not None else None for g in gouts]
    case["inputGrads"] = [T(g) if g is not None else None for g in grads[:n_in]]
    case["paramGrads"] = {k: (T(g) if g is not None else None) for k, g in zip(params.keys(), grads[n_in:])}
    return case


def module_case(name, module, cls, args, opts, inputs, fwd=None, forward_opts=None, out_filter=None):
    module.eval() if forward_opts and forward_opts.get("__eval") else None
    case = {"name": name, "cls": cls, "args": args, "opts": opts,
            "state": {k: T(v) for k, v in module.state_dict().items()},
            "forwardOpts": {k: v for k, v in (forward_opts or {}).items() if not k.startswith("__")}}
    params = dict(module.named_parameters())
    return run(case, fwd or (lambda *xs: module(*xs)), inputs, params, out_filter)


def fn_case(name, fn_name, args, opts, inputs, fn, out_filter=None):
    case = {"name": name, "fn": fn_name, "args": args, "opts": opts}
    return run(case, fn, inputs, {}, out_filter)


def save(fname, cases):
    with open(os.path.join(HERE, fname), "w") as f:
        json.dump(cases, f, separators=(",", ":"))
    print(fname, os.path.getsize(os.path.join(HERE, fname)), "bytes")


r = torch.randn

# ---------------------------------------------------------------- convolution
conv = []
m = nn.Conv1d(3, 4, 3, stride=2, padding=1, dilation=2)
conv.append(module_case("conv1d stride/pad/dilation", m, "Conv1d", [3, 4, 3], {"stride": 2, "padding": 1, "dilation": 2}, [r(2, 3, 11)]))
m = nn.Conv2d(4, 6, (3, 2), stride=(2, 1), padding=(1, 0), dilation=(1, 2), groups=2)
conv.append(module_case("conv2d groups/stride/dilation", m, "Conv2d", [4, 6, [3, 2]], {"stride": [2, 1], "padding": [1, 0], "dilation": [1, 2], "groups": 2}, [r(2, 4, 7, 8)]))
m = nn.Conv2d(3, 5, 4, padding="same", padding_mode="reflect", bias=False)
conv.append(module_case("conv2d same reflect no-bias", m, "Conv2d", [3, 5, 4], {"padding": "same", "paddingMode": "reflect", "bias": False}, [r(2, 3, 6, 7)]))
m = nn.Conv2d(2, 3, 3, padding=1, padding_mode="circular")
conv.append(module_case("conv2d circular", m, "Conv2d", [2, 3, 3], {"padding": 1, "paddingMode": "circular"}, [r(1, 2, 5, 5)]))
m = nn.Conv2d(4, 4, 1)
conv.append(module_case("conv2d unbatched", nn.Conv2d(2, 3, 3, padding=1), "Conv2d", [2, 3, 3], {"padding": 1}, [r(2, 5, 5)]))
conv.append(module_case("conv2d 1x1", m, "Conv2d", [4, 4, 1], {}, [r(3, 4, 5, 5)]))
m = nn.Conv3d(2, 3, (2, 3, 2), stride=(1, 2, 1), padding=(1, 1, 0))
conv.append(module_case("conv3d", m, "Conv3d", [2, 3, [2, 3, 2]], {"stride": [1, 2, 1], "padding": [1, 1, 0]}, [r(2, 2, 4, 5, 4)]))
m = nn.ConvTranspose1d(3, 4, 3, stride=2, padding=1, output_padding=1)
conv.append(module_case("convtranspose1d", m, "ConvTranspose1d", [3, 4, 3], {"stride": 2, "padding": 1, "outputPadding": 1}, [r(2, 3, 6)]))
m = nn.ConvTranspose2d(4, 6, (3, 2), stride=2, padding=1, output_padding=1, groups=2, dilation=(1, 2))
conv.append(module_case("convtranspose2d groups/dilation", m, "ConvTranspose2d", [4, 6, [3, 2]], {"stride": 2, "padding": 1, "outputPadding": 1, "groups": 2, "dilation": [1, 2]}, [r(2, 4, 4, 5)]))
# double backward: gradient penalty through conv2d
x = r(2, 3, 5, 5, dtype=torch.float64, requires_grad=True)
w = r(4, 3, 3, 3, dtype=torch.float64, requires_grad=True)
y = F.conv2d(x, w, padding=1, stride=2)
gx, = torch.autograd.grad(y.pow(2).sum(), x, create_graph=True)
pen = gx.pow(2).sum()
dx, dw = torch.autograd.grad(pen, [x, w])
conv.append({"name": "conv2d double backward", "special": "gradpen", "inputs": [T(x), T(w)], "outputs": [T(pen)], "inputGrads": [T(dx), T(dw)]})
# unfold / fold
conv.append(fn_case("unfold", "unfold", [[2, 3]], {"padding": 1, "stride": [2, 1], "dilation": [1, 2]}, [r(2, 3, 6, 7)],
                    lambda x: F.unfold(x, (2, 3), padding=1, stride=(2, 1), dilation=(1, 2))))
conv.append(fn_case("fold", "fold", [[5, 6], [2, 2]], {"stride": 1, "padding": 0}, [r(2, 8, 20)],
                    lambda x: F.fold(x, (5, 6), (2, 2))))
save("heavy_conv.json", conv)

# ---------------------------------------------------------------- pooling
pool = []
def fpool(name, fname, args, opts, inp, f, **kw):
    pool.append(fn_case(name, fname, args, opts, [inp], f, **kw))
fpool("maxpool2d k3 s2 p1 ceil", "maxPool2d", [3], {"stride": 2, "padding": 1, "ceilMode": True, "returnIndices": True}, r(2, 3, 8, 7),
      lambda x: F.max_pool2d(x, 3, 2, 1, ceil_mode=True, return_indices=True))
fpool("maxpool2d dilation", "maxPool2d", [[2, 3]], {"stride": [1, 2], "dilation": [2, 1], "returnIndices": True}, r(2, 2, 7, 9),
      lambda x: F.max_pool2d(x, (2, 3), (1, 2), dilation=(2, 1), return_indices=True))
fpool("maxpool1d", "maxPool1d", [3], {"stride": 2, "padding": 1, "returnIndices": True}, r(2, 3, 10),
      lambda x: F.max_pool1d(x, 3, 2, 1, return_indices=True))
fpool("avgpool2d no-pad-count ceil", "avgPool2d", [3], {"stride": 2, "padding": 1, "ceilMode": True, "countIncludePad": False}, r(2, 3, 8, 7),
      lambda x: F.avg_pool2d(x, 3, 2, 1, ceil_mode=True, count_include_pad=False))
fpool("avgpool2d divisor", "avgPool2d", [[2, 3]], {"padding": 1, "divisorOverride": 5}, r(1, 2, 6, 7),
      lambda x: F.avg_pool2d(x, (2, 3), padding=1, divisor_override=5))
fpool("avgpool1d", "avgPool1d", [4], {"stride": 3, "padding": 2}, r(2, 3, 11),
      lambda x: F.avg_pool1d(x, 4, 3, 2))
fpool("adaptive avg 2d", "adaptiveAvgPool2d", [[3, 5]], {}, r(2, 3, 7, 9), lambda x: F.adaptive_avg_pool2d(x, (3, 5)))
fpool("adaptive avg 1d", "adaptiveAvgPool1d", [4], {}, r(2, 3, 10), lambda x: F.adaptive_avg_pool1d(x, 4))
fpool("adaptive max 2d", "adaptiveMaxPool2d", [[3, 2]], {"returnIndices": True}, r(2, 3, 7, 5), lambda x: F.adaptive_max_pool2d(x, (3, 2), return_indices=True))
xi = r(2, 3, 6, 6)
v, idx = F.max_pool2d(xi, 2, return_indices=True)
pool.append(fn_case("maxunpool2d", "maxUnpool2d", [2], {"outputSize": [7, 7]}, [v, idx], lambda a, b: F.max_unpool2d(a, b, 2, output_size=(7, 7))))
# bfloat16 on the CPU (PyTorch 1.13 has no float16 CPU pooling); drawn with the RNG state put
# back afterwards, so the later sections' fixtures keep their values
rng = torch.get_rng_state()
b16 = lambda *s: r(*s).to(torch.bfloat16)
fpool("bf16 maxpool2d k2", "maxPool2d", [2], {"returnIndices": True}, b16(2, 3, 8, 6), lambda x: F.max_pool2d(x, 2, return_indices=True))
fpool("bf16 maxpool2d k3 s2 p1", "maxPool2d", [3], {"stride": 2, "padding": 1}, b16(2, 3, 9, 7), lambda x: F.max_pool2d(x, 3, 2, 1))
fpool("bf16 avgpool2d k2", "avgPool2d", [2], {}, b16(2, 3, 8, 6), lambda x: F.avg_pool2d(x, 2))
fpool("bf16 adaptive avg 2d", "adaptiveAvgPool2d", [[3, 4]], {}, b16(2, 3, 7, 9), lambda x: F.adaptive_avg_pool2d(x, (3, 4)))
fpool("bf16 adaptive max 2d", "adaptiveMaxPool2d", [[3, 2]], {"returnIndices": True}, b16(2, 3, 7, 5), lambda x: F.adaptive_max_pool2d(x, (3, 2), return_indices=True))
torch.set_rng_state(rng)
save("heavy_pooling.json", pool)

# ---------------------------------------------------------------- recurrent
rnn = []
m = nn.LSTM(5, 6, num_layers=2, bidirectional=True, batch_first=True)
rnn.append(module_case("lstm 2-layer bidirectional batchFirst with state", m, "LSTM", [5, 6], {"numLayers": 2, "bidirectional": True, "batchFirst": True},
                       [r(3, 4, 5), r(4, 3, 6), r(4, 3, 6)], fwd=lambda x, h, c: m(x, (h, c)), forward_opts={"state": "hc"}))
m2 = nn.LSTM(4, 6, proj_size=3)
rnn.append(module_case("lstm projSize", m2, "LSTM", [4, 6], {"projSize": 3}, [r(5, 2, 4)], fwd=lambda x: m2(x)))
m3 = nn.GRU(4, 5, num_layers=2, bidirectional=True)
rnn.append(module_case("gru 2-layer bidirectional with h0", m3, "GRU", [4, 5], {"numLayers": 2, "bidirectional": True},
                       [r(6, 2, 4), r(4, 2, 5)], fwd=lambda x, h: m3(x, h), forward_opts={"state": "h"}))
m4 = nn.RNN(3, 4, nonlinearity="relu", num_layers=2)
rnn.append(module_case("rnn relu 2-layer unbatched", m4, "RNN", [3, 4], {"nonlinearity": "relu", "numLayers": 2}, [r(5, 3)], fwd=lambda x: m4(x)))
m5 = nn.RNN(3, 4, bias=False)
rnn.append(module_case("rnn tanh no-bias", m5, "RNN", [3, 4], {"bias": False}, [r(4, 2, 3)], fwd=lambda x: m5(x)))
m6 = nn.LSTM(3, 4, bidirectional=True)
lengths = [5, 3, 2]
def packed_lstm(x):
    p = nn.utils.rnn.pack_padded_sequence(x, lengths, enforce_sorted=False)
    out, (h, c) = m6(p)
    return out.data, h, c
# unsorted lengths to exercise sorted/unsorted indices
lengths = [3, 5, 2]
rnn.append(module_case("lstm packed bidirectional", m6, "LSTM", [3, 4], {"bidirectional": True}, [r(5, 3, 3)], fwd=packed_lstm,
                       forward_opts={"packed": lengths}))
m7 = nn.GRU(3, 4)
def packed_gru(x):
    p = nn.utils.rnn.pack_padded_sequence(x, [4, 2], enforce_sorted=True)
    out, h = m7(p)
    return out.data, h
rnn.append(module_case("gru packed", m7, "GRU", [3, 4], {}, [r(4, 2, 3)], fwd=packed_gru, forward_opts={"packed": [4, 2]}))
c1 = nn.LSTMCell(3, 5)
rnn.append(module_case("lstmcell", c1, "LSTMCell", [3, 5], {}, [r(2, 3), r(2, 5), r(2, 5)], fwd=lambda x, h, c: c1(x, (h, c)), forward_opts={"state": "hc"}))
c2 = nn.GRUCell(3, 5)
rnn.append(module_case("grucell", c2, "GRUCell", [3, 5], {}, [r(2, 3), r(2, 5)], fwd=lambda x, h: c2(x, h), forward_opts={"state": "h"}))
c3 = nn.RNNCell(3, 5, nonlinearity="relu")
rnn.append(module_case("rnncell relu unbatched", c3, "RNNCell", [3, 5], {"nonlinearity": "relu"}, [r(3)], fwd=lambda x: c3(x)))
save("heavy_rnn.json", rnn)

# ---------------------------------------------------------------- attention / transformer
tr = []
m = nn.MultiheadAttention(8, 2)
tr.append(module_case("mha self-attention float mask", m, "MultiheadAttention", [8, 2], {}, [r(4, 2, 8)],
                      fwd=lambda x: m(x, x, x, attn_mask=torch.triu(torch.full((4, 4), float("-inf")), 1)), forward_opts={"self": True, "causalFloat": 4}))
m = nn.MultiheadAttention(8, 2, kdim=5, vdim=3, batch_first=True, add_bias_kv=True)
kpm = torch.tensor([[False, False, True], [False, False, False]])
amask = torch.tensor([[False, True, False], [False, False, False], [True, False, False], [False, False, True]])
tr.append(module_case("mha kdim/vdim batchFirst masks biasKv per-head weights", m, "MultiheadAttention", [8, 2], {"kdim": 5, "vdim": 3, "batchFirst": True, "addBiasKv": True},
                      [r(2, 4, 8), r(2, 3, 5), r(2, 3, 3)],
                      fwd=lambda q, k, v: m(q, k, v, key_padding_mask=kpm, attn_mask=amask, average_attn_weights=False),
                      forward_opts={"keyPaddingMask": T(kpm), "attnMask": T(amask), "averageAttnWeights": False}))
m = nn.TransformerEncoderLayer(8, 2, 16, dropout=0.0)
tr.append(module_case("encoder layer post-norm", m, "TransformerEncoderLayer", [8, 2], {"dimFeedforward": 16, "dropout": 0}, [r(5, 2, 8)]))
m = nn.TransformerEncoderLayer(8, 2, 12, dropout=0.0, activation="gelu", norm_first=True, batch_first=True)
kp = torch.tensor([[False] * 4 + [True], [False] * 5])
tr.append(module_case("encoder layer pre-norm gelu batchFirst kpm", m, "TransformerEncoderLayer", [8, 2],
                      {"dimFeedforward": 12, "dropout": 0, "activation": "gelu", "normFirst": True, "batchFirst": True}, [r(2, 5, 8)],
                      fwd=lambda x: m(x, src_key_padding_mask=kp), forward_opts={"srcKeyPaddingMask": T(kp)}))
m = nn.TransformerDecoderLayer(8, 2, 16, dropout=0.0)
tmask = nn.Transformer.generate_square_subsequent_mask(3)
tr.append(module_case("decoder layer causal", m, "TransformerDecoderLayer", [8, 2], {"dimFeedforward": 16, "dropout": 0}, [r(3, 2, 8), r(5, 2, 8)],
                      fwd=lambda t, mem: m(t, mem, tgt_mask=tmask), forward_opts={"causal": 3}))
m = nn.Transformer(d_model=8, nhead=2, num_encoder_layers=2, num_decoder_layers=1, dim_feedforward=10, dropout=0.0, batch_first=True)
tr.append(module_case("transformer small", m, "Transformer", [], {"dModel": 8, "nhead": 2, "numEncoderLayers": 2, "numDecoderLayers": 1, "dimFeedforward": 10, "dropout": 0, "batchFirst": True},
                      [r(2, 4, 8), r(2, 3, 8)]))
q, k, v = r(2, 3, 4, 6), r(2, 3, 5, 6), r(2, 3, 5, 7)
mask = torch.rand(4, 5) > 0.3
mask[:, 0] = True
def sdpa(q, k, v):
    s = q @ k.transpose(-2, -1) / 6 ** 0.5
    s = s.masked_fill(~mask, float("-inf"))
    return s.softmax(-1) @ v
tr.append(fn_case("sdpa bool mask", "scaledDotProductAttention", [], {"attnMask": T(mask)}, [q, k, v], sdpa))
def sdpa_causal(q, k, v):
    s = q @ k.transpose(-2, -1) / 6 ** 0.5
    s = s + torch.triu(torch.full((4, 4), float("-inf")), 1)
    return s.softmax(-1) @ v
tr.append(fn_case("sdpa causal", "scaledDotProductAttention", [], {"isCausal": True}, [q, k[:, :, :4], v[:, :, :4]], sdpa_causal))
save("heavy_transformer.json", tr)

# ---------------------------------------------------------------- vision
vis = []
def fv(name, fname, args, opts, inputs, f):
    vis.append(fn_case(name, fname, args, opts, inputs, f))
x = r(2, 3, 4, 5)
fv("interpolate nearest scale", "interpolate", [], {"scaleFactor": 2, "mode": "nearest"}, [x], lambda x: F.interpolate(x, scale_factor=2, mode="nearest"))
fv("interpolate nearest size", "interpolate", [], {"size": [7, 3], "mode": "nearest"}, [x], lambda x: F.interpolate(x, size=(7, 3), mode="nearest"))
fv("interpolate bilinear", "interpolate", [], {"size": [7, 8], "mode": "bilinear"}, [x], lambda x: F.interpolate(x, size=(7, 8), mode="bilinear"))
fv("interpolate bilinear alignCorners down", "interpolate", [], {"size": [3, 3], "mode": "bilinear", "alignCorners": True}, [x], lambda x: F.interpolate(x, size=(3, 3), mode="bilinear", align_corners=True))
fv("interpolate bilinear scale 1.5", "interpolate", [], {"scaleFactor": 1.5, "mode": "bilinear"}, [x], lambda x: F.interpolate(x, scale_factor=1.5, mode="bilinear"))
fv("interpolate bicubic", "interpolate", [], {"size": [6, 9], "mode": "bicubic"}, [x], lambda x: F.interpolate(x, size=(6, 9), mode="bicubic"))
fv("interpolate bicubic alignCorners", "interpolate", [], {"scaleFactor": 2, "mode": "bicubic", "alignCorners": True}, [x], lambda x: F.interpolate(x, scale_factor=2, mode="bicubic", align_corners=True))
fv("interpolate linear 1d", "interpolate", [], {"size": 9, "mode": "linear"}, [r(2, 3, 5)], lambda x: F.interpolate(x, size=9, mode="linear"))
fv("interpolate area", "interpolate", [], {"size": [2, 3], "mode": "area"}, [x], lambda x: F.interpolate(x, size=(2, 3), mode="area"))
fv("pixel shuffle", "pixelShuffle", [2], {}, [r(2, 8, 3, 2)], lambda x: F.pixel_shuffle(x, 2))
fv("pixel unshuffle", "pixelUnshuffle", [2], {}, [r(2, 2, 4, 6)], lambda x: F.pixel_unshuffle(x, 2))
g = torch.rand(2, 3, 4, 2) * 2.4 - 1.2
fv("grid sample bilinear zeros", "gridSample", [], {}, [x, g], lambda a, b: F.grid_sample(a, b, align_corners=False))
fv("grid sample bilinear border alignCorners", "gridSample", [], {"paddingMode": "border", "alignCorners": True}, [x, g], lambda a, b: F.grid_sample(a, b, padding_mode="border", align_corners=True))
fv("grid sample reflection", "gridSample", [], {"paddingMode": "reflection"}, [x, g], lambda a, b: F.grid_sample(a, b, padding_mode="reflection", align_corners=False))
fv("grid sample nearest", "gridSample", [], {"mode": "nearest"}, [x, g.detach()], lambda a, b: F.grid_sample(a, b.detach(), mode="nearest", align_corners=False))
th = r(2, 2, 3)
fv("affine grid", "affineGrid", [[2, 3, 4, 5]], {}, [th], lambda t: F.affine_grid(t, [2, 3, 4, 5], align_corners=False))
fv("affine grid alignCorners", "affineGrid", [[2, 3, 4, 5]], {"alignCorners": True}, [th], lambda t: F.affine_grid(t, [2, 3, 4, 5], align_corners=True))
for cls, args, pt in [("ReflectionPad2d", [[1, 2, 2, 0]], nn.ReflectionPad2d((1, 2, 2, 0))), ("ReplicationPad1d", [[2, 1]], nn.ReplicationPad1d((2, 1))),
                      ("ConstantPad2d", [1, 3.5], nn.ConstantPad2d(1, 3.5)), ("ZeroPad2d", [[1, 0, 2, 1]], nn.ZeroPad2d((1, 0, 2, 1))),
                      ("ReflectionPad1d", [2], nn.ReflectionPad1d(2)), ("ReplicationPad2d", [1], nn.ReplicationPad2d(1))]:
    inp = r(2, 3, 5) if cls.endswith("1d") else r(2, 3, 4, 5)
    vis.append(module_case(cls, pt, cls, args, None, [inp]))
vis.append(module_case("Upsample bilinear module", nn.Upsample(scale_factor=2, mode="bilinear"), "Upsample", [], {"scaleFactor": 2, "mode": "bilinear"}, [r(1, 2, 3, 3)]))
vis.append(module_case("PixelShuffle module", nn.PixelShuffle(3), "PixelShuffle", [3], None, [r(1, 9, 2, 2)]))
save("heavy_vision.json", vis)
