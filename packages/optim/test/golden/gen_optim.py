"""Golden fixtures for @tensile/optim, produced by PyTorch 1.13 (run with /usr/bin/python3).

Writes optim.json next to this file:
  optimizers: each optimizer x option set runs STEPS steps from fixed start values with fixed
              per-step gradients (stored), recording params after every step and the state dict
              after step RESUME_AT and after the last step.
  lbfgs:      L-BFGS runs with a closure on the Rosenbrock function and a least-squares problem.
  schedulers: learning rates (and momenta) over enough epochs to cover every phase, plus the
              final scheduler state dict.
  swa:        AveragedModel (SWA and EMA) and update_bn on a Linear + BatchNorm1d model.
"""
import json
import zlib
import math
import os

import torch
import torch.optim as optim
from torch.optim import lr_scheduler as S
from torch.optim import swa_utils

torch.manual_seed(0)
STEPS = 6
RESUME_AT = 3
SHAPES = [(3, 4), (5,)]


def enc(v):
    """JSON-safe encoding: tensors as {dtype, shape, values}, infinities as strings."""
    if isinstance(v, torch.Tensor):
        dt = str(v.dtype).replace('torch.', '')
        vals = v.detach().reshape(-1).tolist()
        if v.dtype == torch.float32:
            vals = [float('%.9g' % x) for x in vals]
        return {'__tensor__': True, 'dtype': dt, 'shape': list(v.shape), 'values': [enc(x) for x in vals]}
    if isinstance(v, float):
        if math.isinf(v):
            return 'inf' if v > 0 else '-inf'
        if math.isnan(v):
            return 'nan'
        return v
    if isinstance(v, dict):
        return {str(k): enc(x) for k, x in v.items() if not callable(x) and type(x).__name__ not in ('WeakMethod', 'method')}
    if isinstance(v, (list, tuple)):
        return [enc(x) for x in v]
    return v


def flat(ts):
    return [enc(t) for t in ts]


def optimizer_case(name, cls, kwargs, dtype=torch.float32, groups=None, steps=STEPS):
    g = torch.Generator().manual_seed(zlib.crc32(name.encode()))
    start = [torch.randn(s, generator=g, dtype=torch.float64).to(dtype) for s in SHAPES]
    grads = [[torch.randn(s, generator=g, dtype=torch.float64).to(dtype) for s in SHAPES] for _ in range(steps)]
    params = [p.clone().requires_grad_(True) for p in start]
    if groups is None:
        opt = cls(params, **kwargs)
    else:
        opt = cls([dict(params=[params[i] for i in gr['params']], **gr['options']) for gr in groups], **kwargs)
    after = []
    sd_resume = None
    for k in range(steps):
        for p, gr in zip(params, grads[k]):
            p.grad = gr.clone()
        opt.step()
        after.append(flat(params))
        if k + 1 == RESUME_AT:
            sd_resume = enc(opt.state_dict())
    return {
        'name': name, 'optimizer': cls.__name__, 'options': enc(kwargs), 'groups': groups,
        'dtype': str(dtype).replace('torch.', ''), 'start': flat(start), 'grads': [flat(x) for x in grads],
        'after': after, 'state_dict_resume': sd_resume, 'state_dict_final': enc(opt.state_dict()),
    }


def optimizers():
    cases = []
    add = lambda *a, **k: cases.append(optimizer_case(*a, **k))
    add('sgd', optim.SGD, dict(lr=0.1))
    add('sgd momentum', optim.SGD, dict(lr=0.1, momentum=0.9))
    add('sgd dampening wd', optim.SGD, dict(lr=0.1, momentum=0.9, dampening=0.1, weight_decay=0.01))
    add('sgd nesterov', optim.SGD, dict(lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.1))
    add('sgd maximize', optim.SGD, dict(lr=0.1, momentum=0.5, maximize=True))
    add('sgd momentum f64', optim.SGD, dict(lr=0.1, momentum=0.9), dtype=torch.float64)
    add('adam', optim.Adam, dict())
    add('adam wd', optim.Adam, dict(lr=0.01, weight_decay=0.1))
    add('adam amsgrad', optim.Adam, dict(lr=0.01, amsgrad=True))
    add('adam amsgrad wd maximize', optim.Adam, dict(lr=0.01, amsgrad=True, weight_decay=0.1, maximize=True, betas=(0.8, 0.9)))
    add('adam f64', optim.Adam, dict(lr=0.01), dtype=torch.float64)
    add('adam groups', optim.Adam, dict(lr=1e-3), groups=[{'params': [0], 'options': {'lr': 1e-2}}, {'params': [1], 'options': {}}])
    add('adamw', optim.AdamW, dict(lr=0.01))
    add('adamw amsgrad', optim.AdamW, dict(lr=0.01, amsgrad=True, weight_decay=0.1))
    add('adamw maximize', optim.AdamW, dict(lr=0.01, maximize=True))
    add('adamax', optim.Adamax, dict())
    add('adamax wd', optim.Adamax, dict(lr=0.01, weight_decay=0.1))
    add('adamax maximize', optim.Adamax, dict(maximize=True))
    add('nadam', optim.NAdam, dict())
    add('nadam wd', optim.NAdam, dict(lr=0.01, weight_decay=0.1, momentum_decay=0.01))
    add('nadam f64', optim.NAdam, dict(lr=0.01), dtype=torch.float64)
    add('radam', optim.RAdam, dict())
    add('radam rectified', optim.RAdam, dict(lr=0.01, betas=(0.9, 0.9), weight_decay=0.1))
    add('rmsprop', optim.RMSprop, dict())
    add('rmsprop centered', optim.RMSprop, dict(centered=True))
    add('rmsprop momentum', optim.RMSprop, dict(momentum=0.9, alpha=0.9))
    add('rmsprop all', optim.RMSprop, dict(centered=True, momentum=0.5, weight_decay=0.1, maximize=True))
    add('rmsprop centered f64', optim.RMSprop, dict(centered=True, momentum=0.9), dtype=torch.float64)
    add('adagrad', optim.Adagrad, dict())
    add('adagrad decay', optim.Adagrad, dict(lr_decay=0.1, weight_decay=0.1, initial_accumulator_value=0.5))
    add('adagrad maximize', optim.Adagrad, dict(maximize=True))
    add('adadelta', optim.Adadelta, dict())
    add('adadelta rho wd', optim.Adadelta, dict(lr=0.5, rho=0.5, weight_decay=0.1))
    add('adadelta maximize', optim.Adadelta, dict(maximize=True))
    return cases


def rosenbrock(x):
    return (1 - x[0]) ** 2 + 100 * (x[1] - x[0] ** 2) ** 2


def lbfgs():
    cases = []
    for name, kwargs, dtype, steps in [
        ('rosenbrock strong_wolfe', dict(lr=1, max_iter=20, history_size=10, line_search_fn='strong_wolfe'), torch.float64, 3),
        ('rosenbrock no line search', dict(lr=0.1, max_iter=5), torch.float64, 3),
        ('rosenbrock short history', dict(lr=1, max_iter=10, history_size=3, line_search_fn='strong_wolfe'), torch.float64, 3),
        ('rosenbrock float32', dict(lr=1, max_iter=20, history_size=10, line_search_fn='strong_wolfe'), torch.float32, 2),
    ]:
        x = torch.tensor([-1.5, 2.0], dtype=dtype, requires_grad=True)
        opt = optim.LBFGS([x], **kwargs)

        def closure():
            opt.zero_grad()
            loss = rosenbrock(x)
            loss.backward()
            return loss
        after, losses = [], []
        for _ in range(steps):
            losses.append(float(opt.step(closure)))
            after.append(x.detach().tolist())
        st = opt.state[x]
        cases.append({'name': name, 'problem': 'rosenbrock', 'options': kwargs, 'dtype': str(dtype).replace('torch.', ''),
                      'start': [-1.5, 2.0], 'after': after, 'losses': losses,
                      'func_evals': st['func_evals'], 'n_iter': st['n_iter']})
    # least squares with two parameters: |A w + b0 - y|^2
    g = torch.Generator().manual_seed(3)
    A = torch.randn(6, 3, generator=g, dtype=torch.float64)
    y = torch.randn(6, 2, generator=g, dtype=torch.float64)
    w0 = torch.randn(3, 2, generator=g, dtype=torch.float64)
    b0 = torch.zeros(2, dtype=torch.float64)
    w = w0.clone().requires_grad_(True)
    b = b0.clone().requires_grad_(True)
    opt = optim.LBFGS([w, b], lr=1, max_iter=4, history_size=5, line_search_fn='strong_wolfe')

    def closure():
        opt.zero_grad()
        loss = ((A @ w + b - y) ** 2).sum()
        loss.backward()
        return loss
    after, losses = [], []
    for _ in range(2):
        losses.append(float(opt.step(closure)))
        after.append([w.detach().reshape(-1).tolist(), b.detach().tolist()])
    st = opt.state[w]
    cases.append({'name': 'least squares', 'problem': 'lstsq', 'options': dict(lr=1, max_iter=4, history_size=5, line_search_fn='strong_wolfe'),
                  'dtype': 'float64', 'A': A.reshape(-1).tolist(), 'y': y.reshape(-1).tolist(), 'w0': w0.reshape(-1).tolist(),
                  'after': after, 'losses': losses, 'func_evals': st['func_evals'], 'n_iter': st['n_iter'],
                  'state_keys': list(opt.state_dict()['state'][0].keys())})
    return cases


LAMBDAS = {'pow095': lambda e: 0.95 ** e, 'const09': lambda e: 0.9, 'halfevery3': lambda e: 0.5 ** (e // 3)}


def schedulers():
    cases = []

    def make_opt(kind='sgd'):
        ps = [torch.zeros(2, requires_grad=True), torch.zeros(2, requires_grad=True)]
        if kind == 'adam':
            return optim.Adam([{'params': [ps[0]]}, {'params': [ps[1]], 'lr': 0.05}], lr=0.1)
        return optim.SGD([{'params': [ps[0]]}, {'params': [ps[1]], 'lr': 0.05}], lr=0.1, momentum=0.9)

    def run(name, build, epochs, kind='sgd', metrics=None, spec=None):
        opt = make_opt(kind)
        sched = build(opt)
        lrs = [sched.get_last_lr() if hasattr(sched, '_last_lr') else [g['lr'] for g in opt.param_groups]]
        momenta = [[g.get('momentum', g.get('betas', [None])[0]) for g in opt.param_groups]]
        for e in range(epochs):
            opt.step()
            if metrics is not None:
                sched.step(metrics[e])
            else:
                sched.step()
            lrs.append([g['lr'] for g in opt.param_groups])
            momenta.append([g.get('momentum', g.get('betas', [None])[0]) for g in opt.param_groups])
        groups = [{k: v for k, v in g.items() if k != 'params'} for g in opt.param_groups]
        cases.append({'name': name, 'spec': spec, 'optimizer': kind, 'epochs': epochs, 'metrics': metrics, 'lrs': lrs,
                      'momenta': momenta, 'state_dict': enc(sched.state_dict()), 'param_groups': enc(groups)})

    run('LambdaLR', lambda o: S.LambdaLR(o, LAMBDAS['pow095']), 8, spec={'type': 'LambdaLR', 'lambda': 'pow095'})
    run('LambdaLR per group', lambda o: S.LambdaLR(o, [LAMBDAS['pow095'], LAMBDAS['halfevery3']]), 8,
        spec={'type': 'LambdaLR', 'lambda': ['pow095', 'halfevery3']})
    run('MultiplicativeLR', lambda o: S.MultiplicativeLR(o, LAMBDAS['const09']), 6, spec={'type': 'MultiplicativeLR', 'lambda': 'const09'})
    run('StepLR', lambda o: S.StepLR(o, step_size=3, gamma=0.5), 10, spec={'type': 'StepLR', 'stepSize': 3, 'gamma': 0.5})
    run('MultiStepLR', lambda o: S.MultiStepLR(o, milestones=[2, 5, 5, 8], gamma=0.5), 10,
        spec={'type': 'MultiStepLR', 'milestones': [2, 5, 5, 8], 'gamma': 0.5})
    run('ConstantLR', lambda o: S.ConstantLR(o, factor=0.5, total_iters=4), 7, spec={'type': 'ConstantLR', 'factor': 0.5, 'totalIters': 4})
    run('LinearLR', lambda o: S.LinearLR(o, start_factor=0.25, end_factor=1.0, total_iters=5), 8,
        spec={'type': 'LinearLR', 'startFactor': 0.25, 'endFactor': 1.0, 'totalIters': 5})
    run('ExponentialLR', lambda o: S.ExponentialLR(o, gamma=0.9), 6, spec={'type': 'ExponentialLR', 'gamma': 0.9})
    run('PolynomialLR', lambda o: S.PolynomialLR(o, total_iters=6, power=2.0), 9, spec={'type': 'PolynomialLR', 'totalIters': 6, 'power': 2.0})
    run('CosineAnnealingLR', lambda o: S.CosineAnnealingLR(o, T_max=5, eta_min=0.001), 22,
        spec={'type': 'CosineAnnealingLR', 'TMax': 5, 'etaMin': 0.001})
    run('CosineAnnealingWarmRestarts', lambda o: S.CosineAnnealingWarmRestarts(o, T_0=3, T_mult=2, eta_min=0.001), 22,
        spec={'type': 'CosineAnnealingWarmRestarts', 'T0': 3, 'TMult': 2, 'etaMin': 0.001})
    run('CyclicLR triangular', lambda o: S.CyclicLR(o, base_lr=0.01, max_lr=0.1, step_size_up=3), 14,
        spec={'type': 'CyclicLR', 'baseLr': 0.01, 'maxLr': 0.1, 'stepSizeUp': 3})
    run('CyclicLR triangular2', lambda o: S.CyclicLR(o, base_lr=[0.01, 0.02], max_lr=0.1, step_size_up=3, step_size_down=2, mode='triangular2'), 16,
        spec={'type': 'CyclicLR', 'baseLr': [0.01, 0.02], 'maxLr': 0.1, 'stepSizeUp': 3, 'stepSizeDown': 2, 'mode': 'triangular2'})
    run('CyclicLR exp_range', lambda o: S.CyclicLR(o, base_lr=0.01, max_lr=0.1, step_size_up=2, mode='exp_range', gamma=0.9,
                                                   cycle_momentum=False), 12,
        spec={'type': 'CyclicLR', 'baseLr': 0.01, 'maxLr': 0.1, 'stepSizeUp': 2, 'mode': 'exp_range', 'gamma': 0.9, 'cycleMomentum': False})
    run('OneCycleLR cos', lambda o: S.OneCycleLR(o, max_lr=0.1, total_steps=20), 19,
        spec={'type': 'OneCycleLR', 'maxLr': 0.1, 'totalSteps': 20})
    run('OneCycleLR linear three_phase', lambda o: S.OneCycleLR(o, max_lr=[0.1, 0.2], epochs=4, steps_per_epoch=5, anneal_strategy='linear',
                                                                three_phase=True), 19,
        spec={'type': 'OneCycleLR', 'maxLr': [0.1, 0.2], 'epochs': 4, 'stepsPerEpoch': 5, 'annealStrategy': 'linear', 'threePhase': True})
    run('OneCycleLR adam', lambda o: S.OneCycleLR(o, max_lr=0.1, total_steps=10, pct_start=0.4), 9, kind='adam',
        spec={'type': 'OneCycleLR', 'maxLr': 0.1, 'totalSteps': 10, 'pctStart': 0.4})
    metrics = [1.0, 0.9, 0.95, 0.93, 0.92, 0.91, 0.95, 0.96, 0.97, 0.5, 0.6, 0.6, 0.6, 0.6, 0.6]
    run('ReduceLROnPlateau', lambda o: S.ReduceLROnPlateau(o, mode='min', factor=0.5, patience=2, cooldown=1, min_lr=[0.0, 0.02]), 15,
        metrics=metrics, spec={'type': 'ReduceLROnPlateau', 'mode': 'min', 'factor': 0.5, 'patience': 2, 'cooldown': 1, 'minLr': [0.0, 0.02]})
    run('ReduceLROnPlateau max abs', lambda o: S.ReduceLROnPlateau(o, mode='max', factor=0.1, patience=1, threshold=0.05, threshold_mode='abs'), 15,
        metrics=metrics, spec={'type': 'ReduceLROnPlateau', 'mode': 'max', 'factor': 0.1, 'patience': 1, 'threshold': 0.05, 'thresholdMode': 'abs'})
    run('SequentialLR warmup', lambda o: S.SequentialLR(o, [S.LinearLR(o, start_factor=0.1, total_iters=3), S.ExponentialLR(o, gamma=0.9)],
                                                        milestones=[3]), 10,
        spec={'type': 'SequentialLR', 'schedulers': [{'type': 'LinearLR', 'startFactor': 0.1, 'totalIters': 3},
                                                     {'type': 'ExponentialLR', 'gamma': 0.9}], 'milestones': [3]})
    run('ChainedScheduler', lambda o: S.ChainedScheduler([S.ConstantLR(o, factor=0.5, total_iters=4), S.ExponentialLR(o, gamma=0.9)]), 8,
        spec={'type': 'ChainedScheduler', 'schedulers': [{'type': 'ConstantLR', 'factor': 0.5, 'totalIters': 4},
                                                         {'type': 'ExponentialLR', 'gamma': 0.9}]})
    run('SWALR cos', lambda o: swa_utils.SWALR(o, swa_lr=0.05, anneal_epochs=4), 7, spec={'type': 'SWALR', 'swaLr': 0.05, 'annealEpochs': 4})
    run('SWALR linear', lambda o: swa_utils.SWALR(o, swa_lr=[0.01, 0.02], anneal_epochs=3, anneal_strategy='linear'), 6,
        spec={'type': 'SWALR', 'swaLr': [0.01, 0.02], 'annealEpochs': 3, 'annealStrategy': 'linear'})
    run('SWALR no anneal', lambda o: swa_utils.SWALR(o, swa_lr=0.05, anneal_epochs=0), 3, spec={'type': 'SWALR', 'swaLr': 0.05, 'annealEpochs': 0})
    return cases


def swa():
    g = torch.Generator().manual_seed(5)
    model = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.BatchNorm1d(4))
    snapshots = []
    swa_model = swa_utils.AveragedModel(model)
    ema_model = swa_utils.AveragedModel(model, avg_fn=lambda a, m, n: 0.9 * a + 0.1 * m)
    for _ in range(3):
        with torch.no_grad():
            for p in model.parameters():
                p.copy_(torch.randn(p.shape, generator=g))
        snapshots.append([p.detach().reshape(-1).tolist() for p in model.parameters()])
        swa_model.update_parameters(model)
        ema_model.update_parameters(model)
    batches = [torch.randn(5, 3, generator=g) for _ in range(3)]
    swa_utils.update_bn([(b, torch.zeros(5)) for b in batches], swa_model)
    bn = swa_model.module[1]
    return {
        'snapshots': snapshots,
        'swa': [p.detach().reshape(-1).tolist() for p in swa_model.parameters()],
        'ema': [p.detach().reshape(-1).tolist() for p in ema_model.parameters()],
        'n_averaged': int(swa_model.n_averaged),
        'state_dict_keys': list(swa_model.state_dict().keys()),
        'batches': [b.reshape(-1).tolist() for b in batches],
        'running_mean': bn.running_mean.tolist(), 'running_var': bn.running_var.tolist(),
        'num_batches_tracked': int(bn.num_batches_tracked), 'bn_momentum': bn.momentum,
    }


if __name__ == '__main__':
    out = {'torch': torch.__version__, 'steps': STEPS, 'resume_at': RESUME_AT, 'shapes': SHAPES,
           'optimizers': optimizers(), 'lbfgs': lbfgs(), 'schedulers': schedulers(), 'swa': swa()}
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'optim.json')
    with open(path, 'w') as f:
        json.dump(out, f, separators=(',', ':'))
    print(path, os.path.getsize(path), 'bytes')
