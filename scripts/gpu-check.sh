#!/usr/bin/env bash
# On a machine with an NVIDIA GPU, in one command: build the addon with its CUDA part (failing
# if nvcc or cuBLAS is missing; retried without cuDNN if the cuDNN part does not build), run the
# CUDA tests, then time the CUDA workloads beside PyTorch's (when PyTorch with CUDA is installed),
# then run the whole suite with the CUDA tests required rather than skipped. Exits non-zero when a
# test failed, after the timings.
#   scripts/gpu-check.sh            everything
#   scripts/gpu-check.sh tests      build + tests only
#   scripts/gpu-check.sh bench      build, then the timings only
#   scripts/gpu-check.sh profile [resnet|host]   build, then bench/cuda_profile.mjs (single ops timed)
# On a machine without Node.js, the kit that scripts/device-kit.sh packed (.device-kit/) supplies
# node, node_modules and the packages' dist/, and maybe a prebuilt addon.
set -uo pipefail
cd "$(dirname "$0")/.."
export TENSILE_CUDA=1
nvidia-smi --query-gpu=name,compute_cap,memory.total,driver_version --format=csv 2>/dev/null || true
kit=.device-kit
if [ -d "$kit" ]; then
  if ! command -v node >/dev/null; then
    mkdir -p /tmp/tensile-node && tar -C /tmp/tensile-node -xJf "$kit/node.tar.xz" || exit 1
    export PATH="/tmp/tensile-node/bin:$PATH"
  fi
  [ -d node_modules/vitest ] || tar -xJf "$kit/node_modules.tar.xz" || exit 1
  tar -xJf "$kit/dist.tar.xz" || exit 1
fi
node --version || exit 1
# the NVIDIA wheels' libraries (cuBLAS, cuDNN) of the machine's Python, for a prebuilt addon
site=$(python3 -c 'import site; print(site.getsitepackages()[0])' 2>/dev/null || true)
[ -n "$site" ] && export LD_LIBRARY_PATH="$site/nvidia/cu13/lib:$site/nvidia/cublas/lib:$site/nvidia/cudnn/lib:${LD_LIBRARY_PATH:-}"
if [ -f "$kit/tensile.node.xz" ] && [ "${TENSILE_PREBUILT:-1}" != 0 ]; then
  mkdir -p native/build/Release && xz -dc "$kit/tensile.node.xz" > native/build/Release/tensile.node
  echo "gpu-check: using the kit's prebuilt addon"
else
  node native/scripts/detect-cuda.mjs || exit 1
  if ! (cd native && node scripts/build.mjs); then
    echo "gpu-check: the CUDA build failed; retrying without cuDNN" >&2
    (cd native && TENSILE_CUDNN=0 node scripts/build.mjs) || exit 1
  fi
fi
if [ ! -d "$kit" ]; then npx turbo run build --output-logs=errors-only --filter='./packages/*' || exit 1; fi
node -e "const n = require('@tensile/native'); console.log('addon: cuda built', n.cudaBuilt, '- devices', n.cuda?.deviceCount(), '- cuDNN', n.cuda?.cudnnVersion())" || exit 1
if [ "${1:-all}" = profile ]; then
  # where the time goes: single ops timed one by one
  shift
  node --expose-gc bench/cuda_profile.mjs "$@"
  exit
fi
if [ "${1:-all}" = bench ]; then
  node bench/run.mjs cuda
  exit
fi
rc=0
export TENSILE_REQUIRE_CUDA=1
# the GPU tests on their own first, so their report is not buried in the rest
node node_modules/vitest/vitest.mjs run packages/core/test/cuda.test.ts packages/nn/test/cuda.test.ts packages/optim/test/grad_scaler.test.ts \
  packages/nn/test/amp.test.ts examples/examples.test.ts || rc=1
# the convolution tests again through cuDNN's legacy API (cudnn.cu), and the graph API's
# descriptors and plans on this machine's cuDNN (native/test/cudnn_graph_check.cc)
TENSILE_CUDNN_API=legacy node node_modules/vitest/vitest.mjs run packages/nn/test/cuda.test.ts packages/nn/test/amp.test.ts \
  native/test/cudnn_graph.test.ts || rc=1
# the timings before the whole suite: on a lent machine with minutes to spare, the figures matter
# more than re-running the CPU tests that CI runs anyway
if [ "${1:-all}" != tests ]; then
  node bench/run.mjs cuda || rc=1
fi
node node_modules/vitest/vitest.mjs run || rc=1
exit $rc
