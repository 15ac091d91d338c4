#!/usr/bin/env bash
# On a machine with an NVIDIA GPU, in one command: build the addon with its CUDA part (failing
# if nvcc or cuBLAS is missing), run the test suite with the CUDA tests required rather than
# skipped, then time the CUDA workloads beside PyTorch's (when PyTorch with CUDA is installed).
#   scripts/gpu-check.sh            everything
#   scripts/gpu-check.sh tests      build + tests only
set -euo pipefail
cd "$(dirname "$0")/.."
export TENSILE_CUDA=1
(cd native && node scripts/build.mjs)
npx turbo run build --output-logs=errors-only --filter='./packages/*'
TENSILE_REQUIRE_CUDA=1 npx vitest run
if [ "${1:-all}" != tests ]; then
  node bench/run.mjs cuda
fi
