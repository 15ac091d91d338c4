// Decides whether the addon's CUDA part can be built: nvcc and cuBLAS (headers and library)
// must both be found. TENSILE_CUDA=0 forces a CPU-only build, TENSILE_CUDA=1 demands CUDA.
// With --gyp it prints 1 or 0 for binding.gyp; otherwise a JSON report.
import { existsSync, readdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';

function findNvcc() {
  const roots = [process.env.CUDA_HOME, process.env.CUDA_PATH, '/usr/local/cuda', '/opt/cuda'].filter(Boolean);
  for (const r of roots) if (existsSync(path.join(r, 'bin', 'nvcc'))) return path.join(r, 'bin', 'nvcc');
  try {
    return execFileSync('sh', ['-c', 'command -v nvcc'], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

// cuBLAS may be in the toolkit, or only in an NVIDIA Python wheel (site-packages/nvidia/cublas).
function findCublas(nvcc) {
  const candidates = [];
  if (nvcc) candidates.push(path.resolve(path.dirname(nvcc), '..'));
  for (const r of [process.env.CUDA_HOME, process.env.CUDA_PATH, '/usr/local/cuda']) if (r) candidates.push(r);
  try {
    const site = execFileSync('python3', ['-c', 'import site,sys; print("\\n".join(site.getsitepackages()))'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    for (const s of site.split('\n').filter(Boolean)) candidates.push(path.join(s, 'nvidia', 'cublas'), path.join(s, 'nvidia', 'cu13'));
  } catch {
    /* no python: only the toolkit locations are searched */
  }
  for (const c of candidates) {
    const header = path.join(c, 'include', 'cublas_v2.h');
    if (!existsSync(header)) continue;
    for (const libdir of ['lib64', 'lib', path.join('targets', 'x86_64-linux', 'lib')]) {
      const dir = path.join(c, libdir);
      if (existsSync(dir) && readdirSync(dir).some((f) => f.startsWith('libcublas.so'))) return { root: c, libdir: dir };
    }
  }
  return null;
}

export function detectCuda() {
  if (process.env.TENSILE_CUDA === '0') return { enabled: false, reason: 'TENSILE_CUDA=0' };
  const nvcc = findNvcc();
  if (!nvcc) return { enabled: false, reason: 'nvcc not found' };
  const cublas = findCublas(nvcc);
  if (!cublas) return { enabled: false, reason: 'cuBLAS not found', nvcc };
  return { enabled: true, nvcc, cublas };
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const r = detectCuda();
  if (process.env.TENSILE_CUDA === '1' && !r.enabled) {
    console.error(`TENSILE_CUDA=1 but CUDA cannot be built: ${r.reason}`);
    process.exit(1);
  }
  // The CUDA kernels are not part of this build yet: report what was found, build the CPU addon.
  if (process.argv.includes('--gyp')) process.stdout.write('0');
  else console.log(JSON.stringify(r));
}
