// Pooling kernels: one output element per loop iteration, planes split across threads.
// Window and divisor rules follow PyTorch's CPU kernels (aten/src/ATen/native/cpu/*Pool*),
// including NaN propagation in max pooling.
#include "pool.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>

#include "../threadpool.h"

namespace tensile::cpu {
namespace {

template <typename F>
void dispatch(DType dt, const char* what, F f) {
  if (dt == DType::Float32) f(float{});
  else if (dt == DType::Float64) f(double{});
  else throw Error(std::string("\"") + what + "\" not implemented for '" + dtype_name(dt) + "'");
}

template <typename F>
void per_plane(const PoolGeom& g, F fn) {
  const int64_t work = g.oh * g.ow * std::max<int64_t>(1, g.kh * g.kw);
  parallel_for(0, g.planes, std::max<int64_t>(1, 16384 / std::max<int64_t>(1, work)), [&](int64_t lo, int64_t hi) {
    for (int64_t p = lo; p < hi; ++p) fn(p);
  });
}

inline int64_t start_index(int64_t o, int64_t out, int64_t in) { return (o * in) / out; }
inline int64_t end_index(int64_t o, int64_t out, int64_t in) { return ((o + 1) * in + out - 1) / out; }

// PyTorch's avg-pool window: clipped to the padded input for the count, then to the input.
struct AvgWindow {
  int64_t h0, h1, w0, w1, divide;
};
inline AvgWindow avg_window(const PoolGeom& g, int64_t oh, int64_t ow) {
  int64_t h0 = oh * g.sh - g.ph, w0 = ow * g.sw - g.pw;
  int64_t h1 = std::min(h0 + g.kh, g.ih + g.ph), w1 = std::min(w0 + g.kw, g.iw + g.pw);
  const int64_t pool = (h1 - h0) * (w1 - w0);
  h0 = std::max<int64_t>(h0, 0);
  w0 = std::max<int64_t>(w0, 0);
  h1 = std::min(h1, g.ih);
  w1 = std::min(w1, g.iw);
  int64_t divide = g.divisor ? g.divisor : g.count_include_pad ? pool : (h1 - h0) * (w1 - w0);
  return {h0, h1, w0, w1, divide};
}

}  // namespace

void max_pool2d(DType dt, const PoolGeom& g, const char* xb, char* ob, int64_t* indices) {
  dispatch(dt, "max_pool2d", [&](auto tag) {
    using T = decltype(tag);
    per_plane(g, [&](int64_t p) {
      const T* x = reinterpret_cast<const T*>(xb) + p * g.ih * g.iw;
      T* out = reinterpret_cast<T*>(ob) + p * g.oh * g.ow;
      int64_t* idx = indices + p * g.oh * g.ow;
      for (int64_t oh = 0; oh < g.oh; ++oh)
        for (int64_t ow = 0; ow < g.ow; ++ow) {
          int64_t h0 = oh * g.sh - g.ph, w0 = ow * g.sw - g.pw;
          while (h0 < 0) h0 += g.dh;
          while (w0 < 0) w0 += g.dw;
          const int64_t h1 = std::min(oh * g.sh - g.ph + (g.kh - 1) * g.dh + 1, g.ih);
          const int64_t w1 = std::min(ow * g.sw - g.pw + (g.kw - 1) * g.dw + 1, g.iw);
          T best = -std::numeric_limits<T>::infinity();
          int64_t bi = h0 * g.iw + w0;
          for (int64_t h = h0; h < h1; h += g.dh)
            for (int64_t w = w0; w < w1; w += g.dw) {
              const T v = x[h * g.iw + w];
              if (v > best || std::isnan(v)) {
                best = v;
                bi = h * g.iw + w;
              }
            }
          out[oh * g.ow + ow] = best;
          idx[oh * g.ow + ow] = bi;
        }
    });
  });
}

void avg_pool2d(DType dt, const PoolGeom& g, const char* xb, char* ob) {
  dispatch(dt, "avg_pool2d", [&](auto tag) {
    using T = decltype(tag);
    per_plane(g, [&](int64_t p) {
      const T* x = reinterpret_cast<const T*>(xb) + p * g.ih * g.iw;
      T* out = reinterpret_cast<T*>(ob) + p * g.oh * g.ow;
      for (int64_t oh = 0; oh < g.oh; ++oh)
        for (int64_t ow = 0; ow < g.ow; ++ow) {
          const AvgWindow a = avg_window(g, oh, ow);
          T s = 0;
          for (int64_t h = a.h0; h < a.h1; ++h)
            for (int64_t w = a.w0; w < a.w1; ++w) s += x[h * g.iw + w];
          out[oh * g.ow + ow] = a.divide ? s / static_cast<T>(a.divide) : T(0);
        }
    });
  });
}

void avg_pool2d_backward(DType dt, const PoolGeom& g, const char* gb, char* ib) {
  dispatch(dt, "avg_pool2d_backward", [&](auto tag) {
    using T = decltype(tag);
    per_plane(g, [&](int64_t p) {
      const T* go = reinterpret_cast<const T*>(gb) + p * g.oh * g.ow;
      T* gi = reinterpret_cast<T*>(ib) + p * g.ih * g.iw;
      std::memset(gi, 0, sizeof(T) * g.ih * g.iw);
      for (int64_t oh = 0; oh < g.oh; ++oh)
        for (int64_t ow = 0; ow < g.ow; ++ow) {
          const AvgWindow a = avg_window(g, oh, ow);
          if (!a.divide) continue;
          const T v = go[oh * g.ow + ow] / static_cast<T>(a.divide);
          for (int64_t h = a.h0; h < a.h1; ++h)
            for (int64_t w = a.w0; w < a.w1; ++w) gi[h * g.iw + w] += v;
        }
    });
  });
}

void adaptive_pool2d(DType dt, bool is_max, const PoolGeom& g, const char* xb, char* ob, int64_t* indices) {
  dispatch(dt, is_max ? "adaptive_max_pool2d" : "adaptive_avg_pool2d", [&](auto tag) {
    using T = decltype(tag);
    per_plane(g, [&](int64_t p) {
      const T* x = reinterpret_cast<const T*>(xb) + p * g.ih * g.iw;
      T* out = reinterpret_cast<T*>(ob) + p * g.oh * g.ow;
      for (int64_t oh = 0; oh < g.oh; ++oh) {
        const int64_t h0 = start_index(oh, g.oh, g.ih), h1 = end_index(oh, g.oh, g.ih);
        for (int64_t ow = 0; ow < g.ow; ++ow) {
          const int64_t w0 = start_index(ow, g.ow, g.iw), w1 = end_index(ow, g.ow, g.iw);
          if (is_max) {
            T best = -std::numeric_limits<T>::infinity();
            int64_t bi = h0 * g.iw + w0;
            for (int64_t h = h0; h < h1; ++h)
              for (int64_t w = w0; w < w1; ++w) {
                const T v = x[h * g.iw + w];
                if (v > best || std::isnan(v)) {
                  best = v;
                  bi = h * g.iw + w;
                }
              }
            out[oh * g.ow + ow] = best;
            indices[p * g.oh * g.ow + oh * g.ow + ow] = bi;
          } else {
            T s = 0;
            for (int64_t h = h0; h < h1; ++h)
              for (int64_t w = w0; w < w1; ++w) s += x[h * g.iw + w];
            out[oh * g.ow + ow] = s / static_cast<T>((h1 - h0) * (w1 - w0));
          }
        }
      }
    });
  });
}

void adaptive_avg_pool2d_backward(DType dt, const PoolGeom& g, const char* gb, char* ib) {
  dispatch(dt, "adaptive_avg_pool2d_backward", [&](auto tag) {
    using T = decltype(tag);
    per_plane(g, [&](int64_t p) {
      const T* go = reinterpret_cast<const T*>(gb) + p * g.oh * g.ow;
      T* gi = reinterpret_cast<T*>(ib) + p * g.ih * g.iw;
      std::memset(gi, 0, sizeof(T) * g.ih * g.iw);
      for (int64_t oh = 0; oh < g.oh; ++oh) {
        const int64_t h0 = start_index(oh, g.oh, g.ih), h1 = end_index(oh, g.oh, g.ih);
        for (int64_t ow = 0; ow < g.ow; ++ow) {
          const int64_t w0 = start_index(ow, g.ow, g.iw), w1 = end_index(ow, g.ow, g.iw);
          const T v = go[oh * g.ow + ow] / static_cast<T>((h1 - h0) * (w1 - w0));
          for (int64_t h = h0; h < h1; ++h)
            for (int64_t w = w0; w < w1; ++w) gi[h * g.iw + w] += v;
        }
      }
    });
  });
}

}  // namespace tensile::cpu
