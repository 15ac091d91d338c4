"""PyTorch goldens for @tensile/nn. Run: /usr/bin/python3 packages/nn/test/golden/gen_nn.py

Each module case: PyTorch builds the layer with a fixed seed, runs it on a fixed input, and
backpropagates a fixed upstream gradient. We save the state dict (Tensile loads it with
loadStateDict), the inputs, the output, the input/parameter gradients and the state after the
call (running statistics). Functional cases save inputs, output and input gradients.
"""
import json, math, os
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_printoptions(precision=4)
OUT = os.path.join(os.path.dirname(__file__), 'nn.json')


def enc(t):
    t = t.detach()
    if t.dtype == torch.bool:
        return {'shape': list(t.shape), 'dtype': 'bool', 'data': t.reshape(-1).int().tolist()}
    if t.dtype in (torch.int64, torch.int32):
        return {'shape': list(t.shape), 'dtype': 'int64', 'data': t.reshape(-1).tolist()}
    d = t.double().reshape(-1).tolist()
    d = [('inf' if v > 0 else '-inf') if math.isinf(v) else ('nan' if math.isnan(v) else v) for v in d]
    return {'shape': list(t.shape), 'dtype': str(t.dtype).replace('torch.', ''), 'data': d}


cases = []


def run_module(name, make, inputs, train=False, upstream=True, seed=0, nograd=()):
    torch.manual_seed(seed)
    m = make()
    m.train(train)
    state = {k: enc(v) for k, v in m.state_dict().items()}
    ins = []
    for i, x in enumerate(inputs):
        if isinstance(x, torch.Tensor) and x.is_floating_point() and i not in nograd:
            x = x.clone().requires_grad_(True)
        ins.append(x)
    out = m(*ins)
    res = {'name': name, 'kind': 'module', 'train': train, 'state': state, 'inputs': [enc(x) for x in ins], 'out': enc(out)}
    if upstream and out.requires_grad:
        torch.manual_seed(seed + 1)
        g = torch.randn_like(out)
        out.backward(g)
        res['upstream'] = enc(g)
        res['inputGrads'] = [enc(x.grad) if isinstance(x, torch.Tensor) and x.grad is not None else None for x in ins]
        res['paramGrads'] = {k: enc(p.grad) for k, p in m.named_parameters() if p.grad is not None}
    res['stateAfter'] = {k: enc(v) for k, v in m.state_dict().items()}
    cases.append(res)


def run_fn(name, fn, inputs, upstream=True, seed=0):
    ins = []
    for x in inputs:
        if isinstance(x, torch.Tensor) and x.is_floating_point():
            x = x.clone().requires_grad_(True)
        ins.append(x)
    out = fn(*ins)
    res = {'name': name, 'kind': 'functional', 'inputs': [enc(x) for x in ins], 'out': enc(out)}
    if upstream and out.requires_grad:
        torch.manual_seed(seed + 1)
        g = torch.randn_like(out)
        out.backward(g)
        res['upstream'] = enc(g)
        res['inputGrads'] = [enc(x.grad) if isinstance(x, torch.Tensor) and x.grad is not None else None for x in ins]
    cases.append(res)


torch.manual_seed(1234)
x23 = torch.randn(2, 3)
x34 = torch.randn(3, 4) * 2
x4d = torch.randn(2, 3, 4, 4)
x3d = torch.randn(2, 3, 5)

# ---- layers ----------------------------------------------------------------------------------
run_module('Linear', lambda: nn.Linear(4, 5), [torch.randn(3, 4)])
run_module('Linear3d', lambda: nn.Linear(4, 2), [torch.randn(2, 3, 4)])
run_module('LinearNoBias', lambda: nn.Linear(4, 5, bias=False), [torch.randn(3, 4)])
run_module('Bilinear', lambda: nn.Bilinear(3, 4, 2), [torch.randn(5, 3), torch.randn(5, 4)])
run_module('Identity', lambda: nn.Identity(), [x23])
run_module('Flatten', lambda: nn.Flatten(), [x4d])
run_module('Unflatten', lambda: nn.Unflatten(1, (2, 2)), [torch.randn(3, 4)])
acts = {
    'ReLU': lambda: nn.ReLU(), 'ReLU6': lambda: nn.ReLU6(), 'LeakyReLU': lambda: nn.LeakyReLU(0.2),
    'PReLU': lambda: nn.PReLU(4), 'ELU': lambda: nn.ELU(0.7), 'SELU': lambda: nn.SELU(), 'CELU': lambda: nn.CELU(1.3),
    'GELU': lambda: nn.GELU(), 'GELUTanh': lambda: nn.GELU(approximate='tanh'), 'SiLU': lambda: nn.SiLU(), 'Mish': lambda: nn.Mish(),
    'Sigmoid': lambda: nn.Sigmoid(), 'Tanh': lambda: nn.Tanh(), 'Softmax': lambda: nn.Softmax(dim=1),
    'LogSoftmax': lambda: nn.LogSoftmax(dim=1), 'Softmin': lambda: nn.Softmin(dim=1), 'Softplus': lambda: nn.Softplus(beta=2, threshold=3),
    'Softsign': lambda: nn.Softsign(), 'Hardswish': lambda: nn.Hardswish(), 'Hardsigmoid': lambda: nn.Hardsigmoid(),
    'Hardtanh': lambda: nn.Hardtanh(-0.5, 1.5), 'Tanhshrink': lambda: nn.Tanhshrink(), 'Threshold': lambda: nn.Threshold(0.3, -2.0),
    'GLU': lambda: nn.GLU(), 'Hardshrink': lambda: nn.Hardshrink(0.6), 'Softshrink': lambda: nn.Softshrink(0.4),
    'LogSigmoid': lambda: nn.LogSigmoid(),
}
for k, f in acts.items():
    run_module(k, f, [x34])
run_module('Dropout_eval', lambda: nn.Dropout(0.5), [x34])
run_module('BatchNorm1d_train', lambda: nn.BatchNorm1d(4), [torch.randn(6, 4) * 3 + 1], train=True)
run_module('BatchNorm1d_eval', lambda: nn.BatchNorm1d(4), [torch.randn(6, 4)], train=False)
run_module('BatchNorm1d_3d_train', lambda: nn.BatchNorm1d(3), [x3d], train=True)
run_module('BatchNorm1d_cma', lambda: nn.BatchNorm1d(4, momentum=None), [torch.randn(6, 4) * 2], train=True)
run_module('BatchNorm2d_train', lambda: nn.BatchNorm2d(3), [x4d], train=True)
run_module('BatchNorm2d_noaffine', lambda: nn.BatchNorm2d(3, affine=False), [x4d], train=True)
run_module('BatchNorm3d_train', lambda: nn.BatchNorm3d(2), [torch.randn(2, 2, 2, 3, 3)], train=True)
run_module('LayerNorm', lambda: nn.LayerNorm(5), [x3d])
run_module('LayerNorm2', lambda: nn.LayerNorm([4, 4]), [x4d])
run_module('GroupNorm', lambda: nn.GroupNorm(2, 4), [torch.randn(2, 4, 3)])
run_module('InstanceNorm1d', lambda: nn.InstanceNorm1d(3), [x3d], train=True)
run_module('InstanceNorm2d_track', lambda: nn.InstanceNorm2d(3, affine=True, track_running_stats=True), [x4d], train=True)
run_module('LocalResponseNorm', lambda: nn.LocalResponseNorm(3), [x4d])
run_module('Embedding', lambda: nn.Embedding(10, 3), [torch.tensor([[1, 2, 4], [4, 3, 9]])])
run_module('EmbeddingPad', lambda: nn.Embedding(10, 3, padding_idx=2), [torch.tensor([[1, 2, 4], [4, 2, 2]])])
run_module('EmbeddingMaxNorm', lambda: nn.Embedding(10, 3, max_norm=1.0), [torch.tensor([1, 2, 4, 1])])
run_module('EmbeddingBagSum', lambda: nn.EmbeddingBag(10, 3, mode='sum'), [torch.tensor([1, 2, 4, 5, 4, 3, 2, 9]), torch.tensor([0, 4])])
run_module('EmbeddingBagMean', lambda: nn.EmbeddingBag(10, 3, mode='mean'), [torch.tensor([1, 2, 4, 5, 4, 3, 2, 9]), torch.tensor([0, 3, 3])])
run_module('EmbeddingBagMax', lambda: nn.EmbeddingBag(10, 3, mode='max'), [torch.tensor([1, 2, 4, 5, 4, 3, 2, 9]), torch.tensor([0, 5])])
run_module('EmbeddingBag2d', lambda: nn.EmbeddingBag(10, 3), [torch.tensor([[1, 2, 4], [5, 4, 3]])])
run_module('CosineSimilarity', lambda: nn.CosineSimilarity(), [torch.randn(3, 4), torch.randn(3, 4)])
run_module('PairwiseDistance', lambda: nn.PairwiseDistance(), [torch.randn(3, 4), torch.randn(3, 4)])

# ---- losses ----------------------------------------------------------------------------------
inp = torch.randn(4, 5)
tgt = torch.tensor([1, 0, 4, 2])
tgt_ign = torch.tensor([1, -100, 4, 2])
w5 = torch.rand(5) + 0.5
probs = torch.softmax(torch.randn(4, 5), 1)
run_module('MSELoss', lambda: nn.MSELoss(), [inp, torch.randn(4, 5)])
run_module('MSELoss_sum', lambda: nn.MSELoss(reduction='sum'), [inp, torch.randn(4, 5)])
run_module('L1Loss_none', lambda: nn.L1Loss(reduction='none'), [inp, torch.randn(4, 5)])
run_module('SmoothL1Loss', lambda: nn.SmoothL1Loss(beta=0.5), [inp, torch.randn(4, 5)])
run_module('HuberLoss', lambda: nn.HuberLoss(delta=0.7), [inp, torch.randn(4, 5)])
run_module('CrossEntropyLoss', lambda: nn.CrossEntropyLoss(), [inp, tgt])
run_module('CrossEntropyLoss_w_ign', lambda: nn.CrossEntropyLoss(weight=w5, ignore_index=-100), [inp, tgt_ign])
run_module('CrossEntropyLoss_ls', lambda: nn.CrossEntropyLoss(weight=w5, label_smoothing=0.1), [inp, tgt_ign])
run_module('CrossEntropyLoss_ls_nw', lambda: nn.CrossEntropyLoss(label_smoothing=0.2, reduction='sum'), [inp, tgt_ign])
run_module('CrossEntropyLoss_probs', lambda: nn.CrossEntropyLoss(label_smoothing=0.1), [inp, probs])
run_module('CrossEntropyLoss_kdim', lambda: nn.CrossEntropyLoss(reduction='none'), [torch.randn(2, 3, 2, 2), torch.tensor([[[0, 1], [2, 1]], [[1, 1], [0, 2]]])])
run_module('CrossEntropyLoss_kdim_mean', lambda: nn.CrossEntropyLoss(weight=torch.tensor([0.2, 1.0, 2.0])), [torch.randn(2, 3, 2, 2), torch.tensor([[[0, 1], [2, 1]], [[1, 1], [0, 2]]])])
run_module('NLLLoss', lambda: nn.NLLLoss(weight=w5), [torch.log_softmax(inp, 1), tgt_ign])
run_module('BCELoss', lambda: nn.BCELoss(), [torch.rand(3, 4) * 0.9 + 0.05, torch.rand(3, 4)])
run_module('BCELoss_w', lambda: nn.BCELoss(weight=torch.rand(4), reduction='sum'), [torch.rand(3, 4) * 0.9 + 0.05, torch.rand(3, 4)])
run_module('BCEWithLogitsLoss', lambda: nn.BCEWithLogitsLoss(), [torch.randn(3, 4) * 3, torch.rand(3, 4)])
run_module('BCEWithLogitsLoss_pw', lambda: nn.BCEWithLogitsLoss(weight=torch.rand(4), pos_weight=torch.rand(4) * 3), [torch.randn(3, 4) * 3, torch.rand(3, 4)])
run_module('KLDivLoss_batchmean', lambda: nn.KLDivLoss(reduction='batchmean'), [torch.log_softmax(inp, 1), probs])
run_module('KLDivLoss_logtarget', lambda: nn.KLDivLoss(reduction='sum', log_target=True), [torch.log_softmax(inp, 1), torch.log(probs)])
run_module('CosineEmbeddingLoss', lambda: nn.CosineEmbeddingLoss(margin=0.2), [torch.randn(4, 3), torch.randn(4, 3), torch.tensor([1, -1, -1, 1])])
run_module('MarginRankingLoss', lambda: nn.MarginRankingLoss(margin=0.3), [torch.randn(5), torch.randn(5), torch.tensor([1., -1., 1., -1., 1.])])
run_module('HingeEmbeddingLoss', lambda: nn.HingeEmbeddingLoss(margin=1.5), [torch.randn(5), torch.tensor([1., -1., 1., -1., -1.])])
run_module('TripletMarginLoss', lambda: nn.TripletMarginLoss(margin=1.0, swap=True), [torch.randn(4, 3), torch.randn(4, 3), torch.randn(4, 3)])
run_module('MultiLabelSoftMarginLoss', lambda: nn.MultiLabelSoftMarginLoss(weight=torch.rand(4)), [torch.randn(3, 4), torch.randint(0, 2, (3, 4)).float()])
run_module('PoissonNLLLoss', lambda: nn.PoissonNLLLoss(), [torch.randn(3, 4), torch.rand(3, 4) * 3])
run_module('PoissonNLLLoss_full', lambda: nn.PoissonNLLLoss(log_input=False, full=True), [torch.rand(3, 4) + 0.1, torch.rand(3, 4) * 3])
run_module('GaussianNLLLoss', lambda: nn.GaussianNLLLoss(full=True), [torch.randn(3, 4), torch.randn(3, 4), torch.rand(3, 4) + 0.1])
run_module('SoftMarginLoss', lambda: nn.SoftMarginLoss(), [torch.randn(3, 4), torch.tensor([[1., -1., 1., 1.], [-1., -1., 1., -1.], [1., 1., 1., -1.]])], nograd=(1,))
T, N, C = 6, 2, 4
torch.manual_seed(7)
lp = torch.randn(T, N, C).log_softmax(2)
run_module('CTCLoss', lambda: nn.CTCLoss(), [lp, torch.tensor([[1, 2, 2], [3, 1, 0]]), torch.tensor([6, 5]), torch.tensor([3, 2])])
run_module('CTCLoss_sum_concat', lambda: nn.CTCLoss(reduction='sum', blank=0), [lp, torch.tensor([1, 2, 2, 3, 1]), torch.tensor([6, 4]), torch.tensor([3, 2])])

# ---- functional ------------------------------------------------------------------------------
xp = torch.randn(1, 2, 3, 4)
run_fn('pad_constant', lambda x: F.pad(x, (1, 2, 0, 1), value=0.5), [xp])
run_fn('pad_crop', lambda x: F.pad(x, (-1, 1)), [xp])
run_fn('pad_reflect', lambda x: F.pad(x, (2, 1, 1, 2), mode='reflect'), [xp])
run_fn('pad_replicate', lambda x: F.pad(x, (2, 1, 1, 2), mode='replicate'), [xp])
run_fn('pad_circular', lambda x: F.pad(x, (2, 1, 1, 2), mode='circular'), [xp])
run_fn('normalize', lambda x: F.normalize(x, dim=1), [x34])
run_fn('one_hot', lambda t: F.one_hot(t, 5), [torch.tensor([[0, 3], [4, 1]])], upstream=False)
run_fn('linear', lambda x, w, b: F.linear(x, w, b), [torch.randn(3, 4), torch.randn(2, 4), torch.randn(2)])
run_fn('gelu', lambda x: F.gelu(x), [x34])
run_fn('elu', lambda x: F.elu(x, 0.5), [x34])
run_fn('prelu_scalar', lambda x, w: F.prelu(x, w), [x4d, torch.tensor([0.3])])
run_fn('batch_norm_fn', lambda x, w, b: F.batch_norm(x, None, None, w, b, training=True), [x3d, torch.rand(3), torch.randn(3)])
run_fn('layer_norm_fn', lambda x: F.layer_norm(x, (5,)), [x3d])
run_fn('group_norm_fn', lambda x: F.group_norm(x, 3), [x4d])
run_fn('instance_norm_fn', lambda x: F.instance_norm(x), [x4d])
run_fn('cosine_similarity_fn', lambda a, b: F.cosine_similarity(a, b, dim=0), [torch.randn(4, 2), torch.randn(4, 2)])
run_fn('softmax_implicit', lambda x: F.softmax(x, dim=-1), [x3d])

json.dump({'torch': torch.__version__, 'cases': cases}, open(OUT, 'w'), separators=(',', ':'))
print(f'{len(cases)} cases -> {OUT} ({os.path.getsize(OUT) // 1024} KB)')

# ---- structure goldens: state-dict keys and repr of a nested model ------------------------------
class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(nn.Linear(10, 8), nn.ReLU(), nn.BatchNorm1d(8), nn.Dropout(0.25))
        self.head = nn.Linear(8, 3, bias=False)
        self.norm = nn.LayerNorm(3)
        self.acts = nn.ModuleList([nn.GELU(), nn.LeakyReLU(0.1), nn.ELU()])
        self.register_buffer('scale', torch.ones(3))
        self.register_buffer('tmp', torch.zeros(1), persistent=False)
        self.emb = nn.Embedding(5, 2, padding_idx=0)
        self.extra = nn.ModuleDict({'sp': nn.Softplus(), 'sm': nn.Softmax(dim=1), 'ht': nn.Hardtanh()})
        self.more = nn.Sequential(nn.Flatten(), nn.Unflatten(1, (2, 4)), nn.GroupNorm(2, 4), nn.LocalResponseNorm(2), nn.Bilinear(2, 3, 4), nn.EmbeddingBag(4, 2, mode='sum'), nn.InstanceNorm2d(3), nn.PReLU(), nn.Threshold(0.1, 20), nn.Hardshrink(), nn.CELU(), nn.Identity())
        self.plist = nn.ParameterList([nn.Parameter(torch.zeros(2, 3))])

m = Block()
structure = {'keys': list(m.state_dict().keys()), 'repr': repr(m),
             'namedParameters': [k for k, _ in m.named_parameters()], 'namedBuffers': [k for k, _ in m.named_buffers()],
             'namedModules': [k for k, _ in m.named_modules()]}
lin = nn.Linear(10, 5)
try:
    lin.load_state_dict({'weight': torch.zeros(5, 3), 'extra': torch.zeros(1)})
except RuntimeError as e:
    structure['loadError'] = str(e)
try:
    lin.load_state_dict({'weight': torch.zeros(5, 10)})
except RuntimeError as e:
    structure['missingError'] = str(e)
try:
    nn.Linear(4, 5)(torch.zeros(2, 3))
except RuntimeError as e:
    structure['linearError'] = str(e)
# clip_grad_norm_ on fixed gradients
ps = [nn.Parameter(torch.zeros(3)), nn.Parameter(torch.zeros(2, 2))]
ps[0].grad = torch.tensor([3., -4., 1.]); ps[1].grad = torch.tensor([[0.5, 2.], [-1., 6.]])
tot = torch.nn.utils.clip_grad_norm_(ps, 2.0)
structure['clip'] = {'total': tot.item(), 'g0': ps[0].grad.tolist(), 'g1': ps[1].grad.tolist()}
ps[0].grad = torch.tensor([3., -4., 1.]); ps[1].grad = torch.tensor([[0.5, 2.], [-1., 6.]])
tot = torch.nn.utils.clip_grad_norm_(ps, 2.0, norm_type=float('inf'))
structure['clipInf'] = {'total': tot.item(), 'g0': ps[0].grad.tolist(), 'g1': ps[1].grad.tolist()}
ps[0].grad = torch.tensor([3., -4., 1.]); ps[1].grad = torch.tensor([[0.5, 2.], [-1., 6.]])
tot = torch.nn.utils.clip_grad_norm_(ps, 100.0, norm_type=1.0)
structure['clip1'] = {'total': tot.item(), 'g0': ps[0].grad.tolist(), 'g1': ps[1].grad.tolist()}
# packing
seqs = [torch.tensor([[1.], [2.], [3.]]), torch.tensor([[4.], [5.]]), torch.tensor([[6.], [7.], [8.], [9.]])]
packed = torch.nn.utils.rnn.pack_sequence(seqs, enforce_sorted=False)
structure['pack'] = {'data': packed.data.reshape(-1).tolist(), 'batchSizes': packed.batch_sizes.tolist(),
                     'sorted': packed.sorted_indices.tolist(), 'unsorted': packed.unsorted_indices.tolist()}
padded, lens = torch.nn.utils.rnn.pad_packed_sequence(packed, batch_first=True, padding_value=-1)
structure['unpack'] = {'padded': padded.reshape(-1).tolist(), 'shape': list(padded.shape), 'lengths': lens.tolist()}
structure['gains'] = {k: nn.init.calculate_gain(k) for k in ['linear', 'sigmoid', 'tanh', 'relu', 'leaky_relu', 'selu']}
# weight norm / spectral norm key order
wn = torch.nn.utils.weight_norm(nn.Linear(3, 2))
structure['weightNormKeys'] = list(wn.state_dict().keys())
sn = torch.nn.utils.spectral_norm(nn.Linear(3, 2))
structure['spectralNormKeys'] = list(sn.state_dict().keys())
json.dump(structure, open(os.path.join(os.path.dirname(__file__), 'structure.json'), 'w'), indent=1)
print(repr(m))
