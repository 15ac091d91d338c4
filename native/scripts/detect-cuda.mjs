// Decides whether the addon's CUDA part can be built: nvcc and cuBLAS (headers and library)
// must both be found. TENSILE_CUDA=0 forces a CPU-only build, TENSILE_CUDA=1 demands CUDA.
// With --gyp it prints 1 or 0 for binding.gyp; with --gyp-field NAME one of the paths and
// flags binding.gyp compiles and links the CUDA part with; otherwise a JSON report.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';

export function findNvcc() {
  const roots = [process.env.CUDA_HOME, process.env.CUDA_PATH, '/usr/local/cuda', '/opt/cuda'].filter(Boolean);
  for (const r of roots) if (existsSync(path.join(r, 'bin', 'nvcc'))) return path.join(r, 'bin', 'nvcc');
  try {
    return execFileSync('sh', ['-c', 'command -v nvcc'], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

/** Python site-packages folders, where NVIDIA's wheels (nvidia/cublas, nvidia/cu13...) live. */
function sitePackages() {
  const out = [];
  for (const py of ['python3', '/usr/bin/python3']) {
    try {
      const s = execFileSync(py, ['-c', 'import site,sys; print("\\n".join(site.getsitepackages()))'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      out.push(...s.split('\n').filter(Boolean));
    } catch {
      /* no such python */
    }
  }
  return [...new Set(out)];
}

const LIBDIRS = ['lib64', 'lib', path.join('targets', 'x86_64-linux', 'lib'), path.join('lib', 'x86_64-linux-gnu')];

/** The first library file named lib<name>.so (or a versioned lib<name>.so.N) under root's lib dirs. */
function findLib(root, name) {
  for (const libdir of LIBDIRS) {
    const dir = path.join(root, libdir);
    if (!existsSync(dir)) continue;
    const files = readdirSync(dir).filter((f) => f === `lib${name}.so` || f.startsWith(`lib${name}.so.`)).sort();
    if (files.length) return { dir, file: path.join(dir, files[0]) };
  }
  return null;
}

// cuBLAS may be in the toolkit, or only in an NVIDIA Python wheel (site-packages/nvidia/cublas);
// TENSILE_CUBLAS_ROOT names a folder with include/cublas_v2.h and lib/libcublas.so* directly.
function findCublas(nvcc) {
  const candidates = [];
  if (process.env.TENSILE_CUBLAS_ROOT) candidates.push(process.env.TENSILE_CUBLAS_ROOT);
  if (nvcc) candidates.push(path.resolve(path.dirname(nvcc), '..'));
  for (const r of [process.env.CUDA_HOME, process.env.CUDA_PATH, '/usr/local/cuda']) if (r) candidates.push(r);
  for (const s of sitePackages()) candidates.push(path.join(s, 'nvidia', 'cublas'), path.join(s, 'nvidia', 'cu13'));
  for (const c of candidates) {
    const include = path.join(c, 'include');
    if (!existsSync(path.join(include, 'cublas_v2.h'))) continue;
    const lib = findLib(c, 'cublas');
    if (lib) return { root: c, include, libdir: lib.dir, lib: lib.file };
  }
  return null;
}

// cuDNN (optional: convolutions fall back to our implicit-GEMM kernel without it): the toolkit, an
// NVIDIA wheel (site-packages/nvidia/cudnn) or TENSILE_CUDNN_ROOT; version 8 or later.
// TENSILE_CUDNN=0 leaves it out.
export function findCudnn(nvcc) {
  if (process.env.TENSILE_CUDNN === '0') return null;
  const candidates = [];
  if (process.env.TENSILE_CUDNN_ROOT) candidates.push(process.env.TENSILE_CUDNN_ROOT);
  candidates.push(path.resolve(path.dirname(nvcc), '..'));
  for (const r of [process.env.CUDA_HOME, process.env.CUDA_PATH, '/usr/local/cuda', '/usr']) if (r) candidates.push(r);
  for (const s of sitePackages()) candidates.push(path.join(s, 'nvidia', 'cudnn'));
  for (const c of candidates) {
    const include = path.join(c, 'include');
    const version = ['cudnn_version.h', 'cudnn.h'].map((f) => path.join(include, f)).find((f) => existsSync(f));
    if (!version || !existsSync(path.join(include, 'cudnn.h'))) continue;
    const major = Number(/#define CUDNN_MAJOR\s+(\d+)/.exec(readFileSync(version, 'utf8'))?.[1] ?? 0);
    if (major < 8) continue;
    const lib = findLib(c, 'cudnn');
    if (lib) return { root: c, include, libdir: lib.dir, lib: lib.file, major };
  }
  return null;
}

/** The CUDA runtime library next to nvcc (the toolkit's own). */
function findCudart(nvcc) {
  const root = path.resolve(path.dirname(nvcc), '..');
  const lib = findLib(root, 'cudart');
  return lib ? { include: path.join(root, 'include'), libdir: lib.dir, lib: lib.file } : null;
}

/** The GPU's architecture (sm_90 on an H100), or TENSILE_CUDA_ARCH, or sm_90 without a GPU to ask. */
function gpuArch() {
  if (process.env.TENSILE_CUDA_ARCH) return process.env.TENSILE_CUDA_ARCH;
  try {
    const cap = execFileSync('nvidia-smi', ['--query-gpu=compute_cap', '--format=csv,noheader'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim().split('\n')[0];
    if (/^\d+\.\d+$/.test(cap)) return `sm_${cap.replace('.', '')}`;
  } catch {
    /* no driver tool */
  }
  return 'sm_90';
}

export function detectCuda() {
  if (process.env.TENSILE_CUDA === '0') return { enabled: false, reason: 'TENSILE_CUDA=0' };
  const nvcc = findNvcc();
  if (!nvcc) return { enabled: false, reason: 'nvcc not found' };
  const cublas = findCublas(nvcc);
  if (!cublas) return { enabled: false, reason: 'cuBLAS not found', nvcc };
  const cudart = findCudart(nvcc);
  if (!cudart) return { enabled: false, reason: 'the CUDA runtime library was not found next to nvcc', nvcc };
  return { enabled: true, nvcc, cublas, cudart, cudnn: findCudnn(nvcc), arch: gpuArch() };
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const r = detectCuda();
  if (process.env.TENSILE_CUDA === '1' && !r.enabled) {
    console.error(`TENSILE_CUDA=1 but CUDA cannot be built: ${r.reason}`);
    process.exit(1);
  }
  const fi = process.argv.indexOf('--gyp-field');
  if (fi >= 0) {
    // values binding.gyp reads only when CUDA is enabled; harmless placeholders otherwise
    const fields = r.enabled
      ? {
          nvcc: r.nvcc,
          arch: r.arch,
          includes: [...new Set([r.cudart.include, r.cublas.include])].join(' '),
          iflags: [...new Set([r.cudart.include, r.cublas.include])].map((d) => `-I${d}`).join(' '),
          libs: [r.cudart.lib, r.cublas.lib, ...(r.cudnn ? [r.cudnn.lib] : [])].join(' '),
          rpath: [...new Set([r.cudart.libdir, r.cublas.libdir, ...(r.cudnn ? [r.cudnn.libdir] : [])])]
            .map((d) => `-Wl,-rpath,${d}`).join(' '),
          // for cudnn.cu only: without cuDNN it compiles to the "not available" answers
          cudnn_flags: r.cudnn ? `-DTENSILE_WITH_CUDNN -I${r.cudnn.include}` : '',
        }
      : { nvcc: 'nvcc', arch: 'sm_90', includes: '', iflags: '', libs: '', rpath: '', cudnn_flags: '' };
    process.stdout.write(String(fields[process.argv[fi + 1]] ?? ''));
  } else if (process.argv.includes('--gyp')) {
    process.stdout.write(r.enabled ? '1' : '0');
  } else {
    console.log(JSON.stringify(r));
  }
}
