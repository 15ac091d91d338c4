{
  "variables": {
    "tensile_native%": "<!(node -p \"process.env.TENSILE_PORTABLE === '1' ? 0 : 1\")",
    "tensile_cuda%": "<!(node scripts/detect-cuda.mjs --gyp)",
    "cuda_nvcc%": "<!(node scripts/detect-cuda.mjs --gyp-field nvcc)",
    "cuda_arch%": "<!(node scripts/detect-cuda.mjs --gyp-field arch)"
  },
  "targets": [
    {
      "target_name": "tensile",
      "sources": [
        "src/addon.cc",
        "src/allocator.cc",
        "src/threadpool.cc",
        "src/cpu/elementwise.cc",
        "src/cpu/reduce.cc",
        "src/cpu/index.cc",
        "src/cpu/sort.cc",
        "src/cpu/random.cc",
        "src/cpu/linalg.cc",
        "src/cpu/gemm.cc",
        "src/nn_binding.cc",
        "src/cpu/conv.cc",
        "src/cpu/pool.cc",
        "src/cpu/norm.cc",
        "src/cpu/rnn.cc",
        "src/optim_binding.cc",
        "src/cpu/optim.cc"
      ],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")", "src"],
      "defines": ["NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS", "NODE_ADDON_API_DISABLE_DEPRECATED"],
      "cflags!": ["-fno-exceptions", "-O2", "-O0"],
      "cflags_cc!": ["-fno-exceptions", "-fno-rtti", "-std=gnu++17", "-std=gnu++14", "-O2", "-O0"],
      "cflags_cc": ["-std=c++17", "-O3", "-fexceptions", "-fno-math-errno", "-fno-trapping-math", "-pthread", "-Wno-unused-parameter", "-Wno-cast-function-type", "-Wno-psabi"],
      "libraries": ["-lmvec", "-pthread"],
      "conditions": [
        ["tensile_native==1", { "cflags_cc": ["-march=native"] }, { "cflags_cc": ["-mavx2", "-mfma", "-mf16c"] }],
        ["tensile_cuda==1", {
          "defines": ["TENSILE_WITH_CUDA"],
          "sources": [
            "src/cuda_binding.cc",
            "src/cuda/runtime.cu",
            "src/cuda/elementwise.cu",
            "src/cuda/reduce.cu",
            "src/cuda/blas.cu",
            "src/cuda/conv.cu",
            "src/cuda/cudnn.cu",
            "src/cuda/index.cu",
            "src/cuda/nn.cu",
            "src/cuda/norm.cu",
            "src/cuda/optim.cu",
            "src/cuda/random.cu",
            "src/cuda/rnn.cu",
            "src/cuda/scan.cu",
            "src/cuda/sort.cu"
          ],
          "include_dirs": ["<!@(node scripts/detect-cuda.mjs --gyp-field includes)"],
          "libraries": ["<!@(node scripts/detect-cuda.mjs --gyp-field libs)", "<!@(node scripts/detect-cuda.mjs --gyp-field rpath)"],
          "rules": [{
            "rule_name": "nvcc",
            "extension": "cu",
            "inputs": ["<(RULE_INPUT_PATH)"],
            "outputs": ["<(INTERMEDIATE_DIR)/cuda_<(RULE_INPUT_ROOT).o"],
            "action": [
              "<(cuda_nvcc)", "-std=c++17", "-O3", "-arch=<(cuda_arch)", "--extended-lambda", "--expt-relaxed-constexpr",
              "-diag-suppress", "186", "-Xcompiler", "-fPIC", "-DTENSILE_WITH_CUDA",
              "-I<(module_root_dir)/src", "<!@(node scripts/detect-cuda.mjs --gyp-field iflags)",
              "<!@(node scripts/detect-cuda.mjs --gyp-field cudnn_flags)",
              "-c", "<(RULE_INPUT_PATH)", "-o", "<@(_outputs)"
            ],
            "message": "nvcc <(RULE_INPUT_NAME)",
            "process_outputs_as_sources": 1
          }]
        }]
      ],
      "xcode_settings": { "GCC_ENABLE_CPP_EXCEPTIONS": "YES", "OTHER_CPLUSPLUSFLAGS": ["-std=c++17", "-O3"] }
    }
  ]
}
