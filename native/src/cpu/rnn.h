// Recurrent layers on the CPU: the time loop of one (layer, direction) of an RNN/LSTM/GRU.
// The input projection of all time steps (x @ W_ih^T + b) is one GEMM done by the caller;
// here each step is one GEMM with W_hh plus a fused gate kernel, and the backward walks the
// steps in reverse producing the gate gradients from which the caller gets every weight
// gradient with a few large GEMMs. Packed sequences are handled by a per-step batch size
// (sorted by decreasing length, as PyTorch packs them): rows past it keep their state.
#pragma once
#include <cstdint>

#include "../dtype.h"

namespace tensile::cpu {

enum class RnnMode { Tanh = 0, Relu = 1, Lstm = 2, Gru = 3 };

struct RnnArgs {
  RnnMode mode;
  int64_t T, B, H, P;  // steps, batch, hidden size, output/recurrent size (P = proj size or H)
  bool reverse;
  const int64_t* batch_sizes;  // T entries, or null for all B
  int gates() const { return mode == RnnMode::Lstm ? 4 : mode == RnnMode::Gru ? 3 : 1; }
  // Saved per-step state: hprev (T,B,P) | acts (T,B,A*H) | cprev (T,B,H) | c (T,B,H) | hraw (T,B,H)
  int64_t act_width() const { return mode == RnnMode::Lstm || mode == RnnMode::Gru ? 4 : 1; }
  int64_t workspace() const { return T * B * (P + act_width() * H + 3 * H); }
};

// The workspace's parts, as both devices' kernels lay them out:
// hprev (T,B,P) | acts (T,B,act_width*H) | cprev (T,B,H) | c (T,B,H) | hraw (T,B,H).
template <typename T>
struct RnnSaved {
  T *hprev, *acts, *cprev, *c, *hraw;
  RnnSaved(const RnnArgs& a, T* ws) {
    const int64_t n = a.T * a.B;
    hprev = ws;
    acts = hprev + n * a.P;
    cprev = acts + n * a.act_width() * a.H;
    c = cprev + n * a.H;
    hraw = c + n * a.H;
  }
};

// xproj (T,B,G*H): input projection (+ both biases, except GRU's b_hh); whh (G*H, P); bhh (G*H)
// for GRU only; whr (P, H) or null; h0 (B,P); c0 (B,H) for LSTM. Writes out (T,B,P), hn, cn, ws.
void rnn_forward(DType dt, const RnnArgs& a, const char* xproj, const char* whh, const char* bhh, const char* whr,
                 const char* h0, const char* c0, char* out, char* hn, char* cn, char* ws);

// dout (T,B,P), dhn (B,P), dcn (B,H) -> dxproj (T,B,G*H) (the gate pre-activation gradients;
// for GRU the input-side ones), dgh (T,B,3H) for GRU (hidden-side), dh0, dc0, dwhr (P,H).
void rnn_backward(DType dt, const RnnArgs& a, const char* dout, const char* dhn, const char* dcn, const char* ws,
                  const char* whh, const char* whr, char* dxproj, char* dgh, char* dh0, char* dc0, char* dwhr);

}  // namespace tensile::cpu
