// The recurrent time loop: per step one GEMM with W_hh (M = active batch rows) and a fused
// gate kernel; gate order and formulas are PyTorch's (LSTM i,f,g,o; GRU r,z,n with
// n = tanh(x_n + r * (W_hn h + b_hn))). Everything the backward needs is saved per step in a
// workspace, and rows past a step's batch size are zeroed there so that the caller's weight
// gradient GEMMs over all steps see exact zeros for them.
#include "rnn.h"

#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "gemm.h"

namespace tensile::cpu {
namespace {

template <typename T>
inline T sigm(T x) { return T(1) / (T(1) + std::exp(-x)); }

template <typename T>
void zero_rows(T* p, int64_t from, int64_t to, int64_t width) {
  if (to > from) std::memset(p + from * width, 0, sizeof(T) * (to - from) * width);
}

template <typename T>
void forward(const RnnArgs& a, const T* xproj, const T* whh, const T* bhh, const T* whr, const T* h0, const T* c0,
             T* out, T* hn, T* cn, T* ws) {
  const int64_t B = a.B, H = a.H, P = a.P, GH = a.gates() * H, A = a.act_width() * H;
  const bool lstm = a.mode == RnnMode::Lstm, gru = a.mode == RnnMode::Gru, proj = whr != nullptr;
  RnnSaved<T> s(a, ws);
  std::memset(ws, 0, sizeof(T) * a.workspace());
  std::memcpy(hn, h0, sizeof(T) * B * P);
  if (lstm) std::memcpy(cn, c0, sizeof(T) * B * H);
  std::vector<T> g(B * GH), hr(proj ? B * H : 0);
  for (int64_t step = 0; step < a.T; ++step) {
    const int64_t t = a.reverse ? a.T - 1 - step : step;
    const int64_t bt = a.batch_sizes ? a.batch_sizes[t] : B;
    const T* xp = xproj + t * B * GH;
    T* acts = s.acts + t * B * A;
    std::memcpy(s.hprev + t * B * P, hn, sizeof(T) * bt * P);
    if (bt > 0) {
      if (gru) {
        gemm<T>(bt, GH, P, T(1), hn, P, 1, whh, 1, P, T(0), g.data(), GH, 1);
        for (int64_t b = 0; b < bt; ++b) {
          const T* x = xp + b * GH;
          const T* gh = g.data() + b * GH;
          T* ac = acts + b * A;
          for (int64_t j = 0; j < H; ++j) {
            const T ghn = gh[2 * H + j] + bhh[2 * H + j];
            const T r = sigm(x[j] + gh[j] + bhh[j]);
            const T z = sigm(x[H + j] + gh[H + j] + bhh[H + j]);
            const T n = std::tanh(x[2 * H + j] + r * ghn);
            T& h = hn[b * P + j];
            h = (T(1) - z) * n + z * h;
            ac[j] = r;
            ac[H + j] = z;
            ac[2 * H + j] = n;
            ac[3 * H + j] = ghn;
          }
        }
      } else {
        std::memcpy(g.data(), xp, sizeof(T) * bt * GH);
        gemm<T>(bt, GH, P, T(1), hn, P, 1, whh, 1, P, T(1), g.data(), GH, 1);
        if (lstm) {
          T* cp = s.cprev + t * B * H;
          T* cc = s.c + t * B * H;
          for (int64_t b = 0; b < bt; ++b) {
            const T* gg = g.data() + b * GH;
            T* ac = acts + b * A;
            T* hdst = proj ? hr.data() + b * H : hn + b * P;
            for (int64_t j = 0; j < H; ++j) {
              const T i = sigm(gg[j]), f = sigm(gg[H + j]), c2 = std::tanh(gg[2 * H + j]), o = sigm(gg[3 * H + j]);
              const T prev = cn[b * H + j];
              const T c = f * prev + i * c2;
              cn[b * H + j] = c;
              cp[b * H + j] = prev;
              cc[b * H + j] = c;
              ac[j] = i;
              ac[H + j] = f;
              ac[2 * H + j] = c2;
              ac[3 * H + j] = o;
              hdst[j] = o * std::tanh(c);
            }
          }
          if (proj) {
            std::memcpy(s.hraw + t * B * H, hr.data(), sizeof(T) * bt * H);
            gemm<T>(bt, P, H, T(1), hr.data(), H, 1, whr, 1, H, T(0), hn, P, 1);
          }
        } else {
          const bool relu = a.mode == RnnMode::Relu;
          for (int64_t i = 0; i < bt * H; ++i) {
            const T v = relu ? (g[i] > T(0) ? g[i] : T(0)) : std::tanh(g[i]);
            hn[i] = v;
            acts[i] = v;
          }
        }
      }
    }
    T* o = out + t * B * P;
    std::memcpy(o, hn, sizeof(T) * bt * P);
    zero_rows(o, bt, B, P);
  }
}

template <typename T>
void backward(const RnnArgs& a, const T* dout, const T* dhn, const T* dcn, const T* ws, const T* whh, const T* whr,
              T* dxproj, T* dgh, T* dh0, T* dc0, T* dwhr) {
  const int64_t B = a.B, H = a.H, P = a.P, GH = a.gates() * H, A = a.act_width() * H;
  const bool lstm = a.mode == RnnMode::Lstm, gru = a.mode == RnnMode::Gru, proj = whr != nullptr;
  RnnSaved<T> s(a, const_cast<T*>(ws));
  std::vector<T> dh(dhn, dhn + B * P), dc(lstm ? B * H : 0), dhr(proj ? B * H : 0);
  if (lstm) std::memcpy(dc.data(), dcn, sizeof(T) * B * H);
  if (proj) std::memset(dwhr, 0, sizeof(T) * P * H);
  for (int64_t step = 0; step < a.T; ++step) {
    const int64_t t = a.reverse ? step : a.T - 1 - step;
    const int64_t bt = a.batch_sizes ? a.batch_sizes[t] : B;
    T* dg = dxproj + t * B * GH;
    zero_rows(dg, bt, B, GH);
    if (gru) zero_rows(dgh + t * B * GH, bt, B, GH);
    if (bt == 0) continue;
    const T* dO = dout + t * B * P;
    for (int64_t i = 0; i < bt * P; ++i) dh[i] += dO[i];
    const T* acts = s.acts + t * B * A;
    if (lstm) {
      const T* src = dh.data();
      if (proj) {
        gemm<T>(bt, H, P, T(1), dh.data(), P, 1, whr, H, 1, T(0), dhr.data(), H, 1);
        gemm<T>(P, H, bt, T(1), dh.data(), 1, P, s.hraw + t * B * H, H, 1, T(1), dwhr, H, 1);
        src = dhr.data();
      }
      const T* cp = s.cprev + t * B * H;
      const T* cc = s.c + t * B * H;
      for (int64_t b = 0; b < bt; ++b) {
        const T* ac = acts + b * A;
        T* d = dg + b * GH;
        for (int64_t j = 0; j < H; ++j) {
          const T i = ac[j], f = ac[H + j], c2 = ac[2 * H + j], o = ac[3 * H + j];
          const T tc = std::tanh(cc[b * H + j]);
          const T dhv = src[b * H + j];
          const T dct = dc[b * H + j] + dhv * o * (T(1) - tc * tc);
          d[j] = dct * c2 * i * (T(1) - i);
          d[H + j] = dct * cp[b * H + j] * f * (T(1) - f);
          d[2 * H + j] = dct * i * (T(1) - c2 * c2);
          d[3 * H + j] = dhv * tc * o * (T(1) - o);
          dc[b * H + j] = dct * f;
        }
      }
      gemm<T>(bt, P, GH, T(1), dg, GH, 1, whh, P, 1, T(0), dh.data(), P, 1);
    } else if (gru) {
      T* dgt = dgh + t * B * GH;
      const T* hp = s.hprev + t * B * P;
      for (int64_t b = 0; b < bt; ++b) {
        const T* ac = acts + b * A;
        T* di = dg + b * GH;
        T* dhh = dgt + b * GH;
        for (int64_t j = 0; j < H; ++j) {
          const T r = ac[j], z = ac[H + j], n = ac[2 * H + j], ghn = ac[3 * H + j];
          const T dhv = dh[b * P + j];
          const T dnp = dhv * (T(1) - z) * (T(1) - n * n);
          const T dzp = dhv * (hp[b * P + j] - n) * z * (T(1) - z);
          const T drp = dnp * ghn * r * (T(1) - r);
          di[j] = drp;
          di[H + j] = dzp;
          di[2 * H + j] = dnp;
          dhh[j] = drp;
          dhh[H + j] = dzp;
          dhh[2 * H + j] = dnp * r;
          dh[b * P + j] = dhv * z;
        }
      }
      gemm<T>(bt, P, GH, T(1), dgt, GH, 1, whh, P, 1, T(1), dh.data(), P, 1);
    } else {
      const bool relu = a.mode == RnnMode::Relu;
      for (int64_t i = 0; i < bt * H; ++i) {
        const T h = acts[i];
        dg[i] = dh[i] * (relu ? (h > T(0) ? T(1) : T(0)) : T(1) - h * h);
      }
      gemm<T>(bt, P, GH, T(1), dg, GH, 1, whh, P, 1, T(0), dh.data(), P, 1);
    }
  }
  std::memcpy(dh0, dh.data(), sizeof(T) * B * P);
  if (lstm) std::memcpy(dc0, dc.data(), sizeof(T) * B * H);
}

template <typename F>
void dispatch(DType dt, F f) {
  if (dt == DType::Float32) f(float{});
  else if (dt == DType::Float64) f(double{});
  else throw Error(std::string("\"rnn\" not implemented for '") + dtype_name(dt) + "'");
}

}  // namespace

void rnn_forward(DType dt, const RnnArgs& a, const char* xproj, const char* whh, const char* bhh, const char* whr,
                 const char* h0, const char* c0, char* out, char* hn, char* cn, char* ws) {
  dispatch(dt, [&](auto tag) {
    using T = decltype(tag);
    forward<T>(a, reinterpret_cast<const T*>(xproj), reinterpret_cast<const T*>(whh), reinterpret_cast<const T*>(bhh),
               reinterpret_cast<const T*>(whr), reinterpret_cast<const T*>(h0), reinterpret_cast<const T*>(c0),
               reinterpret_cast<T*>(out), reinterpret_cast<T*>(hn), reinterpret_cast<T*>(cn), reinterpret_cast<T*>(ws));
  });
}

void rnn_backward(DType dt, const RnnArgs& a, const char* dout, const char* dhn, const char* dcn, const char* ws,
                  const char* whh, const char* whr, char* dxproj, char* dgh, char* dh0, char* dc0, char* dwhr) {
  dispatch(dt, [&](auto tag) {
    using T = decltype(tag);
    backward<T>(a, reinterpret_cast<const T*>(dout), reinterpret_cast<const T*>(dhn), reinterpret_cast<const T*>(dcn),
                reinterpret_cast<const T*>(ws), reinterpret_cast<const T*>(whh), reinterpret_cast<const T*>(whr),
                reinterpret_cast<T*>(dxproj), reinterpret_cast<T*>(dgh), reinterpret_cast<T*>(dh0),
                reinterpret_cast<T*>(dc0), reinterpret_cast<T*>(dwhr));
  });
}

}  // namespace tensile::cpu
