#!/usr/bin/env node
// Tensor basics, ported from the "Tensors" and "Tensor operations" sections of the PyTorch
// cheatsheets: creation, attributes, arithmetic, matrix products, reshaping, indexing and
// slicing, joining and splitting, in-place updates, and the NumPy-style bridge (typed arrays).
// Tensors print exactly as PyTorch prints them.
//   node examples/tensor_basics.mjs [--quick]
import * as torch from '@tensile/core';

const quick = process.argv.includes('--quick') || process.env.TENSILE_QUICK === '1';
function check(ok, message) {
  if (!ok) {
    console.error(`FAILED: ${message}`);
    process.exit(1);
  }
}
const same = (t, list) => JSON.stringify(t.tolist()) === JSON.stringify(list);
const show = (label, t) => console.log(`${label} =`, String(t));
torch.manualSeed(0);

// ---- Creating tensors -----------------------------------------------------------------------
const fromList = torch.tensor([[1, 2], [3, 4]]); // int64, as torch.tensor([[1, 2], [3, 4]])
show('torch.tensor([[1, 2], [3, 4]])', fromList);
show('torch.zeros(2, 3)', torch.zeros(2, 3));
show('torch.arange(0, 10, 2)', torch.arange(0, 10, 2)); // [0, 2, 4, 6, 8]
show('torch.linspace(0, 10, 5)', torch.linspace(0, 10, 5)); // [0, 2.5, 5, 7.5, 10]
show('torch.eye(3)', torch.eye(3));
const typed = torch.tensor([1, 2, 3], { dtype: 'float32' }); // dtype=torch.float32
show("torch.tensor([1, 2, 3], dtype='float32')", typed);
check(fromList.dtype === 'int64' && typed.dtype === 'float32', 'wrong default dtypes');
check(same(torch.linspace(0, 10, 5), [0, 2.5, 5, 7.5, 10]), 'wrong linspace');
const r = torch.rand(2, 3), n = torch.randn(2, 3);
check(r.ge(0).all().item() && r.lt(1).all().item(), 'rand outside [0, 1)');
check(n.dtype === 'float32', 'randn is not float32');

// ---- Attributes -------------------------------------------------------------------------------
const x = torch.randn(2, 3, 4);
// x.shape → torch.Size([2, 3, 4]); x.dtype → torch.float32; x.device → cpu
console.log(`shape ${JSON.stringify(x.shape)}, size(1) ${x.size(1)}, dtype ${x.dtype}, device ${x.device}, ndim ${x.ndim}, numel ${x.numel()}`);
check(x.ndim === 3 && x.numel() === 24 && x.size(1) === 3 && x.device === 'cpu', 'wrong attributes');

// ---- Arithmetic: operators become methods ----------------------------------------------------
const a = torch.tensor([1, 2, 3]), b = torch.tensor([4, 5, 6]);
show('a + b', a.add(b)); // a + b, torch.add(a, b)
show('a - b', a.sub(b));
show('a * b', a.mul(b)); // element-wise
show('a / b', a.div(b)); // true division: int64 / int64 → float32, as in PyTorch
show('a ** 2', a.pow(2));
check(same(a.add(b), [5, 7, 9]) && same(a.pow(2), [1, 4, 9]), 'wrong arithmetic');
check(a.div(b).dtype === 'float32', 'int64 / int64 should be float32');
// Broadcasting: (2, 1) + (3,) → (2, 3)
const col = torch.tensor([[10], [20]]);
show('[[10], [20]] + [1, 2, 3]', col.add(a));
check(same(col.add(a), [[11, 12, 13], [21, 22, 23]]), 'wrong broadcasting');

// ---- Matrix operations -------------------------------------------------------------------------
const m1 = torch.randn(2, 3), m2 = torch.randn(3, 4);
const mm = torch.mm(m1, m2); // torch.mm(x, y) or x @ y → m1.matmul(m2)
check(JSON.stringify(mm.shape) === '[2,4]' && torch.allclose(mm, m1.matmul(m2)), 'wrong mm');
const bmm = torch.bmm(torch.randn(10, 3, 4), torch.randn(10, 4, 5)); // batch multiplication
check(JSON.stringify(bmm.shape) === '[10,3,5]', 'wrong bmm shape');
show('torch.dot([1, 2, 3], [4, 5, 6])', torch.dot(a, b)); // 32
check(torch.dot(a, b).item() === 32, 'wrong dot');
check(JSON.stringify(m1.T.shape) === '[3,2]' && torch.equal(m1.T, m1.transpose(0, 1)), 'wrong transpose');
try {
  m1.matmul(m1); // (2x3) @ (2x3): PyTorch's error message
} catch (e) {
  console.log('m1 @ m1 →', e.message);
}

// ---- Reshape and view --------------------------------------------------------------------------
check(JSON.stringify(x.view(6, 4).shape) === '[6,4]' && JSON.stringify(x.view(-1, 4).shape) === '[6,4]', 'wrong view');
check(JSON.stringify(x.reshape(2, 12).shape) === '[2,12]' && x.flatten().shape[0] === 24, 'wrong reshape');
const s = torch.randn(1, 3, 1, 4);
console.log(`squeeze() ${JSON.stringify(s.squeeze().shape)}, squeeze(0) ${JSON.stringify(s.squeeze(0).shape)}, unsqueeze(0) ${JSON.stringify(s.unsqueeze(0).shape)}`);
check(JSON.stringify(s.squeeze().shape) === '[3,4]' && s.unsqueeze(0).ndim === 5, 'wrong squeeze');
// A view shares storage: writing through it changes the original
const base = torch.zeros(2, 3);
base.view(-1).index(0).fill_(7); // base.view(-1)[0].fill_(7)
check(base.index(0, 0).item() === 7, 'view does not share storage');

// ---- Indexing and slicing: x[...] → x.index(...), x[...] = v → x.indexPut_([...], v) ----------
const g = torch.arange(20).view(4, 5);
show('g', g);
show('g[0]', g.index(0)); // first row
show('g[:, 0]', g.index(':', 0)); // first column
show('g[1:3, 2:4]', g.index('1:3', '2:4')); // sub-matrix
show('g[g > 15]', g.index(g.gt(15))); // boolean mask
show('g[[0, 2]]', g.index(torch.tensor([0, 2]))); // fancy indexing: rows 0 and 2
show('g[..., -1]', g.index('...', -1));
check(same(g.index('1:3', '2:4'), [[7, 8], [12, 13]]), 'wrong slice');
check(same(g.index(g.gt(15)), [16, 17, 18, 19]), 'wrong mask indexing');
check(same(g.index(torch.tensor([0, 2])).index(':', 0), [0, 10]), 'wrong fancy indexing');
const h = g.clone();
h.indexPut_([h.remainder(2).eq(0)], 0); // h[h % 2 == 0] = 0
h.indexPut_(['::2', 0], -1); // h[::2, 0] = -1
show('h (even entries zeroed, h[::2, 0] = -1)', h);
check(same(h.index(0), [-1, 1, 0, 3, 0]) && same(h.index(2), [-1, 11, 0, 13, 0]), 'wrong indexPut_');

// ---- Concatenation and split ---------------------------------------------------------------
const p = torch.randn(2, 3), q = torch.randn(2, 3);
check(JSON.stringify(torch.cat([p, q], 0).shape) === '[4,3]', 'wrong cat dim 0'); // torch.cat([x, y], dim=0)
check(JSON.stringify(torch.cat([p, q], 1).shape) === '[2,6]', 'wrong cat dim 1');
check(JSON.stringify(torch.stack([p, q], 0).shape) === '[2,2,3]', 'wrong stack');
const z = torch.randn(6, 3);
const chunks = torch.split(z, 2, 0); // torch.split(z, 2, dim=0)
check(chunks.length === 3 && chunks.every((c) => c.shape[0] === 2) && z.chunk(3, 0).length === 3, 'wrong split/chunk');

// ---- Reductions ---------------------------------------------------------------------------------
// JavaScript has no 1.0 distinct from 1: whole-number literals give int64 unless a dtype is named
check(torch.tensor([1.0, 5.0]).dtype === 'int64', 'whole numbers should give int64');
const f = torch.tensor([[1.0, 5.0, 3.0], [4.0, 2.0, 6.0]], { dtype: 'float32' });
show('f.sum(1)', f.sum(1));
show('f.mean(0)', f.mean(0));
const { values, indices } = f.max(1); // values, indices = f.max(dim=1)
show('f.max(1).values', values);
show('f.argmax(1)', indices);
check(same(f.sum(1), [9, 12]) && same(indices, [1, 2]), 'wrong reductions');

// ---- In-place operations and conversions --------------------------------------------------
const w = torch.ones(3);
w.add_(1).mul_(3); // trailing underscore: in place
check(same(w, [6, 6, 6]), 'wrong in-place ops');
// NumPy bridge: torch.from_numpy(arr) / t.numpy() → torch.fromArray(typedArray, shape) / t.toArray()
const arr = new Float32Array([1, 2, 3, 4, 5, 6]);
const fromArr = torch.fromArray(arr, [2, 3]);
show('torch.fromArray(Float32Array[1..6], [2, 3])', fromArr);
check(fromArr.toArray() instanceof Float32Array && fromArr.index(1, 2).item() === 6, 'wrong fromArray / toArray');
console.log('f.tolist() =', JSON.stringify(f.tolist()), ' f.to("float64").dtype =', f.to('float64').dtype, ' f.long() =', String(f.long()));

if (quick) console.log('\nquick check passed');
