/**
 * The CUDA backend on a real GPU; every test skips where `torch.cuda.isAvailable()` is false
 * (a CPU-only build, or a CUDA build on a machine with no GPU).
 */
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { describe, expect, test } from 'vitest';
import * as torch from '@tensile/core';
import { deviceSuite, multiDeviceSuite } from './device_suite';

// scripts/gpu-check.sh sets TENSILE_REQUIRE_CUDA=1: there a GPU that is not seen is a failure
if (process.env.TENSILE_REQUIRE_CUDA === '1')
  test('the CUDA build sees a GPU', () => {
    expect(torch.cuda.isBuilt()).toBe(true);
    expect(torch.cuda.isAvailable()).toBe(true);
  });

// A dead tensor's device memory goes back to the allocator when the collector sweeps it, which V8
// may do on a background thread at any moment. Tests that compare allocator counters therefore
// first collect what earlier tests left (twice: the second collection finishes the first one's
// sweeping of array buffers).
function settle(): void {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  gc();
  gc();
}

describe.skipIf(!torch.cuda.isAvailable())('CUDA', () => {
  deviceSuite('cuda');

  test('device queries', () => {
    expect(torch.cuda.deviceCount()).toBeGreaterThan(0);
    expect(torch.cuda.getDeviceName(0)).toMatch(/NVIDIA/);
    expect(torch.cuda.currentDevice()).toBe(0);
    torch.cuda.synchronize();
    torch.cuda.synchronize('cuda:0');
    expect(() => torch.zeros([1], { device: `cuda:${torch.cuda.deviceCount()}` })).toThrow('invalid device ordinal');
    expect(() => torch.cuda.setDevice(torch.cuda.deviceCount())).toThrow('invalid device ordinal');
    expect(() => torch.cuda.getDeviceName('cpu')).toThrow('Expected a cuda device, but got: cpu');
    const last = torch.cuda.deviceCount() - 1;
    const where = torch.cuda.device(last, () => {
      expect(torch.cuda.currentDevice()).toBe(last);
      return torch.zeros([1], { device: 'cuda' }).device;
    });
    expect(where).toBe(`cuda:${last}`);
    expect(torch.cuda.currentDevice()).toBe(0);
    settle();
    expect(torch.cuda.memoryAllocated(0)).toBe(torch.cuda.memoryAllocated());
    const v = torch.backends.cudnn.version();
    expect(v === null || v >= 8000).toBe(true);
  });

  test('memory statistics return to their baseline once tensors are freed', () => {
    torch.cuda.synchronize();
    settle();
    const base = torch.cuda.memoryAllocated();
    const t = torch.empty([1 << 20], { device: 'cuda' });
    expect(torch.cuda.memoryAllocated()).toBeGreaterThanOrEqual(base + 4 * (1 << 20));
    expect(torch.cuda.maxMemoryAllocated()).toBeGreaterThanOrEqual(torch.cuda.memoryAllocated());
    expect(torch.cuda.memoryReserved()).toBeGreaterThanOrEqual(torch.cuda.memoryAllocated());
    t.dispose();
    expect(torch.cuda.memoryAllocated()).toBe(base);
    torch.cuda.emptyCache();
    expect(torch.cuda.memoryReserved()).toBeGreaterThanOrEqual(torch.cuda.memoryAllocated());
  });

  test('memGetInfo: the driver\'s free and total bytes', () => {
    const [free, total] = torch.cuda.memGetInfo();
    expect(total).toBeGreaterThan(0);
    expect(free).toBeGreaterThanOrEqual(0);
    expect(free).toBeLessThanOrEqual(total);
    expect(torch.cuda.memGetInfo('cuda:0')[1]).toBe(total);
  });

  test("memoryStats: PyTorch's keys; a new block size costs a cudaMalloc, a cached one none", () => {
    settle();
    const before = torch.cuda.memoryStats();
    for (const k of ['allocated_bytes.all.current', 'allocated_bytes.all.peak', 'reserved_bytes.all.current', 'segment.all.allocated',
      'segment.all.freed', 'num_alloc_retries', 'num_ooms'])
      expect(typeof before[k], k).toBe('number');
    expect(before['allocated_bytes.all.current']).toBe(torch.cuda.memoryAllocated());
    const odd = 3 * (1 << 20) + 12345; // a size no other test asks for: a fresh segment
    torch.empty([odd], { dtype: 'uint8', device: 'cuda' }).dispose();
    const after = torch.cuda.memoryStats();
    expect(after['segment.all.allocated']).toBe(before['segment.all.allocated'] + 1);
    for (let i = 0; i < 5; i++) torch.empty([odd], { dtype: 'uint8', device: 'cuda' }).dispose();
    expect(torch.cuda.memoryStats()['segment.all.allocated']).toBe(after['segment.all.allocated']);
  });

  test('the collector frees dropped GPU tensors itself, with no turn of the event loop', () => {
    // (a N-API finalizer would wait for the event loop, which a synchronous training loop never
    // reaches; the storages' memory must come back from inside the collection)
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    settle();
    const base = torch.cuda.memoryAllocated();
    (() => {
      for (let i = 0; i < 8; i++) torch.empty([1 << 18], { device: 'cuda' });
    })();
    expect(torch.cuda.memoryAllocated()).toBeGreaterThanOrEqual(base + 8 * (1 << 20));
    gc();
    gc();
    expect(torch.cuda.memoryAllocated()).toBe(base);
  });

  test('a synchronous loop that drops its tensors may allocate several times the device memory', () => {
    const total = torch.cuda.memGetInfo()[1];
    const n = Math.floor(total / 16 / 4); // float32 elements in a sixteenth of the device
    const ooms = torch.cuda.memoryStats().num_ooms;
    let count = 0;
    for (let i = 0; i < 40; i++) count += torch.empty([n], { device: 'cuda' }).numel() === n ? 1 : 0; // 2.5x the device in all
    expect(count).toBe(40);
    expect(torch.cuda.memoryStats().num_ooms).toBe(ooms);
    expect(torch.cuda.memoryReserved()).toBeLessThanOrEqual(total);
  });

  test('float16 and bfloat16 elementwise and matmul, within their precision', () => {
    const a = torch.randn(64, 32), b = torch.randn(32, 16);
    for (const dt of ['float16', 'bfloat16'] as const) {
      const y = a.to('cuda', dt).matmul(b.to('cuda', dt)).float().cpu();
      expect(y.sub(a.matmul(b)).abs().max().item()).toBeLessThan(dt === 'float16' ? 0.1 : 0.5);
      expect(a.to('cuda', dt).exp().float().cpu().sub(a.exp()).abs().div(a.exp()).max().item()).toBeLessThan(0.02);
    }
  });

  test('autocast on CUDA: matmuls in float16, softmax and losses in float32; a GradScaler trains through it', () => {
    const a = torch.randn([8, 8], { device: 'cuda' });
    torch.autocast('cuda', () => {
      expect(a.mm(a).dtype).toBe('float16');
      expect(a.mm(a).softmax(1).dtype).toBe('float32');
      expect(a.mm(a).sum().dtype).toBe('float32');
    });
    torch.autocast('cuda', () => expect(a.mm(a).dtype).toBe('bfloat16'), { dtype: 'bfloat16' });
    const w = torch.randn([8, 4], { device: 'cuda', requiresGrad: true });
    const opt = { paramGroups: [{ params: [w] }], step: () => w.detach().sub_(w.grad!.mul(0.01)) };
    // a scale that keeps this float16 gradient finite (2^16, the default, overflows it: the
    // scaler would then skip the step, which is right but not what this test is about)
    const scaler = new torch.cuda.amp.GradScaler({ initScale: 256 });
    const loss = torch.autocast('cuda', () => a.mm(w).float().pow(2).mean());
    scaler.scale(loss).backward();
    scaler.step(opt);
    scaler.update();
    expect(w.grad!.dtype).toBe('float32');
    expect(w.grad!.isfinite().all().item()).toBe(true);
  });

  test('TF32 is off by default and can be switched on', () => {
    expect(torch.backends.cuda.matmul.allowTf32).toBe(false);
    const a = torch.randn(256, 256);
    const exact = a.to('cuda').matmul(a.to('cuda')).cpu();
    expect(exact.sub(a.matmul(a)).abs().max().item()).toBeLessThan(1e-3);
    torch.backends.cuda.matmul.allowTf32 = true;
    try {
      expect(a.to('cuda').matmul(a.to('cuda')).cpu().sub(a.matmul(a)).abs().max().item()).toBeLessThan(1);
    } finally {
      torch.backends.cuda.matmul.allowTf32 = false;
    }
  });
});

describe.skipIf(torch.cuda.deviceCount() < 2)('two GPUs', () => {
  multiDeviceSuite();

  test('each GPU keeps its own allocator statistics', () => {
    torch.cuda.synchronize(1);
    settle();
    const base0 = torch.cuda.memoryAllocated(0), base1 = torch.cuda.memoryAllocated('cuda:1');
    const t = torch.empty([1 << 20], { device: 'cuda:1' });
    expect(torch.cuda.memoryAllocated(1)).toBeGreaterThanOrEqual(base1 + 4 * (1 << 20));
    expect(torch.cuda.memoryAllocated(0)).toBe(base0);
    t.dispose();
    expect(torch.cuda.memoryAllocated(1)).toBe(base1);
  });
});

describe.skipIf(torch.cuda.isAvailable())('without a usable GPU', () => {
  test("asking for CUDA throws PyTorch's error; the queries answer zero", () => {
    const msg = torch.cuda.isBuilt() ? 'Found no NVIDIA driver on your system' : 'Torch not compiled with CUDA enabled';
    expect(() => torch.zeros([2], { device: 'cuda' })).toThrow(msg);
    expect(() => torch.ones(2).cuda()).toThrow(msg);
    expect(() => torch.cuda.getDeviceName()).toThrow(msg);
    expect(() => torch.cuda.setDevice(0)).toThrow(msg);
    expect(() => torch.cuda.currentDevice()).toThrow(msg);
    expect(() => torch.cuda.memGetInfo()).toThrow(msg);
    expect(torch.cuda.memoryStats()).toEqual({});
    expect(() => torch.zeros([2], { device: 'cuda:1' })).toThrow(msg);
    expect(torch.cuda.deviceCount()).toBe(0);
    expect(torch.cuda.memoryAllocated()).toBe(0);
    expect(torch.cuda.memoryReserved()).toBe(0);
    torch.cuda.emptyCache();
    torch.cuda.manualSeed(1);
    expect(torch.backends.cuda.matmul.allowTf32).toBe(false);
    expect(torch.backends.cudnn.isAvailable()).toBe(false);
    expect(torch.backends.cudnn.version()).toBe(null);
    expect(torch.backends.cudnn.enabled).toBe(true);
    expect(torch.backends.cudnn.allowTf32).toBe(true); // PyTorch's default for convolutions
  });
});
