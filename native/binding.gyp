{
  "variables": {
    "tensile_native%": "<!(node -p \"process.env.TENSILE_PORTABLE === '1' ? 0 : 1\")",
    "tensile_cuda%": "<!(node scripts/detect-cuda.mjs --gyp)"
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
      "cflags_cc": ["-std=c++17", "-O3", "-fexceptions", "-fno-math-errno", "-fno-trapping-math", "-pthread", "-Wno-unused-parameter", "-Wno-cast-function-type"],
      "libraries": ["-lmvec", "-pthread"],
      "conditions": [
        ["tensile_native==1", { "cflags_cc": ["-march=native"] }, { "cflags_cc": ["-mavx2", "-mfma", "-mf16c"] }],
        ["tensile_cuda==1", { "defines": ["TENSILE_WITH_CUDA"] }]
      ],
      "xcode_settings": { "GCC_ENABLE_CPP_EXCEPTIONS": "YES", "OTHER_CPLUSPLUSFLAGS": ["-std=c++17", "-O3"] }
    }
  ]
}
