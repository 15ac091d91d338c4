// L-BFGS with a closure against PyTorch 1.13: the Rosenbrock function (strong-Wolfe line search,
// fixed steps, a short history; float64 and float32) and a two-parameter least-squares problem.
import { expect, test } from 'vitest';
import * as torch from '@tensile/core';
import * as optim from '@tensile/optim';
import { camel, expectClose, golden } from './fixture';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const cases: any[] = golden.lbfgs;

const rosenbrock = (x: torch.Tensor) => {
  const x0 = x.index(0), x1 = x.index(1);
  return x0.neg().add(1).pow(2).add(x1.sub(x0.pow(2)).pow(2).mul(100));
};

test.each(cases.filter((c) => c.problem === 'rosenbrock').map((c) => [c.name, c]))('%s', (_n, c) => {
  const x = torch.tensor(c.start, { dtype: c.dtype, requiresGrad: true });
  const opt = new optim.LBFGS([x], camel(c.options));
  const closure = () => {
    opt.zeroGrad();
    const loss = rosenbrock(x);
    loss.backward();
    return loss;
  };
  // Dozens of iterations on an ill-conditioned problem amplify last-bit differences of the
  // elementwise math; in float32, PyTorch also keeps its line-search scalars in float32 where
  // Tensile uses doubles, so the two land at slightly different points near the minimum.
  const [rtol, atol] = c.dtype === 'float64' ? [1e-7, 1e-9] : [1e-2, 1e-3];
  for (let k = 0; k < c.after.length; k++) {
    const loss = opt.step(closure) as torch.Tensor;
    expectClose([loss.item()], [c.losses[k]], c.dtype === 'float64' ? 1e-7 : 1e-2, 1e-6, `loss ${k}`);
    expectClose(Array.from(x.detach().toArray() as Float64Array), c.after[k], rtol, atol, `x after step ${k + 1}`);
  }
  const st = opt.state.get(x)!;
  if (c.dtype === 'float64') {
    expect(st.func_evals).toBe(c.func_evals);
    expect(st.n_iter).toBe(c.n_iter);
  }
});

test('least squares over two parameters', () => {
  const c = cases.find((x) => x.problem === 'lstsq');
  const A = torch.tensor(c.A, { dtype: 'float64' }).reshape(6, 3);
  const y = torch.tensor(c.y, { dtype: 'float64' }).reshape(6, 2);
  const w = torch.tensor(c.w0, { dtype: 'float64' }).reshape(3, 2).requiresGrad_(true);
  const b = torch.zeros([2], { dtype: 'float64' }).requiresGrad_(true);
  const opt = new optim.LBFGS([w, b], camel(c.options));
  const closure = () => {
    opt.zeroGrad();
    const loss = A.matmul(w).add(b).sub(y).pow(2).sum();
    loss.backward();
    return loss;
  };
  for (let k = 0; k < c.after.length; k++) {
    const loss = opt.step(closure) as torch.Tensor;
    expectClose([loss.item()], [c.losses[k]], 1e-9, 1e-12, `loss ${k}`);
    expectClose(Array.from(w.detach().toArray() as Float64Array), c.after[k][0], 1e-8, 1e-10, `w ${k}`);
    expectClose(Array.from(b.detach().toArray() as Float64Array), c.after[k][1], 1e-8, 1e-10, `b ${k}`);
  }
  const st = opt.state.get(w)!;
  expect(st.func_evals).toBe(c.func_evals);
  expect(st.n_iter).toBe(c.n_iter);
  expect(Object.keys(opt.stateDict().state[0])).toEqual(c.state_keys);
  expect(opt.stateDict().state[0].ro[0]).toBeInstanceOf(torch.Tensor);
});

test('LBFGS refuses parameter groups and a missing closure', () => {
  const a = torch.zeros(2).requiresGrad_(true), b = torch.zeros(2).requiresGrad_(true);
  expect(() => new optim.LBFGS([{ params: [a] }, { params: [b] }])).toThrow("LBFGS doesn't support per-parameter options (parameter groups)");
  expect(() => new optim.LBFGS([a]).step()).toThrow(/closure/);
});
