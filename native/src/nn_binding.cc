// N-API entries of the neural-network kernels (convolution, pooling, normalization, recurrent
// cells, attention): registered on the same per-device object as the core kernels.
// Layouts of each entry's META block are given above it; TypeScript writes them in
// packages/core/src/backend/cpu.ts. Operands are contiguous; their offsets travel in META.
#include <initializer_list>
#include <vector>

#include "binding_util.h"
#include "cpu/conv.h"
#include "cpu/norm.h"
#include "cpu/pool.h"
#include "cpu/rnn.h"

namespace tensile {
namespace {

int item_of(DType dt) { return item_size(dt); }

// meta: [dt, N, C, O, G, in[3], k[3], out[3], stride[3], pad[3], dil[3], off0, off1, off2]
cpu::ConvGeom conv_geom(const double* m) {
  cpu::ConvGeom g;
  g.N = get_count(m[1], "batch");
  g.C = get_count(m[2], "channels");
  g.O = get_count(m[3], "out channels");
  g.G = get_count(m[4], "groups");
  if (g.G < 1 || g.C % g.G != 0 || g.O % g.G != 0) throw Error("internal error: invalid groups");
  for (int d = 0; d < 3; ++d) {
    g.in[d] = get_count(m[5 + d], "input size");
    g.k[d] = get_count(m[8 + d], "kernel size");
    g.out[d] = get_count(m[11 + d], "output size");
    g.stride[d] = get_count(m[14 + d], "stride");
    g.pad[d] = get_count(m[17 + d], "padding");
    g.dil[d] = get_count(m[20 + d], "dilation");
    if (g.k[d] < 1 || g.stride[d] < 1 || g.dil[d] < 1) throw Error("internal error: invalid convolution geometry");
  }
  return g;
}

int64_t x_numel(const cpu::ConvGeom& g) { return g.N * g.C * g.in_plane(); }
int64_t y_numel(const cpu::ConvGeom& g) { return g.N * g.O * g.out_plane(); }
int64_t w_numel(const cpu::ConvGeom& g) { return g.O * (g.C / g.G) * g.kernel(); }
int64_t col_numel(const cpu::ConvGeom& g) { return g.N * g.C * g.kernel() * g.out_plane(); }

// (out, x, w, bias|null) meta: geometry | xOff, wOff, bOff
Napi::Value ConvForward(const Napi::CallbackInfo& info) {
  const double* m = meta(26);
  DType dt = get_dtype(m[0]);
  auto g = conv_geom(m);
  int sz = item_of(dt);
  DeviceBufs bufs{info};
  char* out = span(bufs.get(0, "out"), 0, y_numel(g), sz, "out");
  const char* x = span(bufs.get(1, "input"), get_count(m[23], "offset"), x_numel(g), sz, "input");
  const char* w = span(bufs.get(2, "weight"), get_count(m[24], "offset"), w_numel(g), sz, "weight");
  const char* b = is_absent(info, 3) ? nullptr : span(bufs.get(3, "bias"), get_count(m[25], "offset"), g.O, sz, "bias");
  if (bufs.device()) CUDA_OR_THROW(cuda::conv_forward(dt, g, x, w, b, out));
  else cpu::conv_forward(dt, g, x, w, b, out);
  return info.Env().Undefined();
}

// (gin, gout, w) meta: geometry | goutOff, wOff, -
Napi::Value ConvBackwardInput(const Napi::CallbackInfo& info) {
  const double* m = meta(26);
  DType dt = get_dtype(m[0]);
  auto g = conv_geom(m);
  int sz = item_of(dt);
  DeviceBufs bufs{info};
  char* gin = span(bufs.get(0, "grad_input"), 0, x_numel(g), sz, "grad_input");
  const char* go = span(bufs.get(1, "grad_output"), get_count(m[23], "offset"), y_numel(g), sz, "grad_output");
  const char* w = span(bufs.get(2, "weight"), get_count(m[24], "offset"), w_numel(g), sz, "weight");
  if (bufs.device()) CUDA_OR_THROW(cuda::conv_backward_input(dt, g, go, w, gin));
  else cpu::conv_backward_input(dt, g, go, w, gin);
  return info.Env().Undefined();
}

// (gw, gout, x) meta: geometry | goutOff, xOff, -
Napi::Value ConvBackwardWeight(const Napi::CallbackInfo& info) {
  const double* m = meta(26);
  DType dt = get_dtype(m[0]);
  auto g = conv_geom(m);
  int sz = item_of(dt);
  DeviceBufs bufs{info};
  char* gw = span(bufs.get(0, "grad_weight"), 0, w_numel(g), sz, "grad_weight");
  const char* go = span(bufs.get(1, "grad_output"), get_count(m[23], "offset"), y_numel(g), sz, "grad_output");
  const char* x = span(bufs.get(2, "input"), get_count(m[24], "offset"), x_numel(g), sz, "input");
  if (bufs.device()) CUDA_OR_THROW(cuda::conv_backward_weight(dt, g, go, x, gw));
  else cpu::conv_backward_weight(dt, g, go, x, gw);
  return info.Env().Undefined();
}

// (col, x) meta: geometry | xOff
Napi::Value Im2col(const Napi::CallbackInfo& info) {
  const double* m = meta(24);
  DType dt = get_dtype(m[0]);
  auto g = conv_geom(m);
  int sz = item_of(dt);
  DeviceBufs bufs{info};
  char* col = span(bufs.get(0, "out"), 0, col_numel(g), sz, "out");
  const char* x = span(bufs.get(1, "input"), get_count(m[23], "offset"), x_numel(g), sz, "input");
  if (bufs.device()) CUDA_OR_THROW(cuda::im2col_batch(dt, g, x, col));
  else cpu::im2col_batch(dt, g, x, col);
  return info.Env().Undefined();
}

// (x, col) meta: geometry | colOff
Napi::Value Col2im(const Napi::CallbackInfo& info) {
  const double* m = meta(24);
  DType dt = get_dtype(m[0]);
  auto g = conv_geom(m);
  int sz = item_of(dt);
  DeviceBufs bufs{info};
  char* x = span(bufs.get(0, "out"), 0, x_numel(g), sz, "out");
  const char* col = span(bufs.get(1, "input"), get_count(m[23], "offset"), col_numel(g), sz, "input");
  if (bufs.device()) CUDA_OR_THROW(cuda::col2im_batch(dt, g, col, x));
  else cpu::col2im_batch(dt, g, col, x);
  return info.Env().Undefined();
}

// meta: [dt, planes, ih, iw, oh, ow, kh, kw, sh, sw, ph, pw, dh, dw, countIncludePad, divisor, inOff]
cpu::PoolGeom pool_geom(const double* m) {
  cpu::PoolGeom g;
  g.planes = get_count(m[1], "planes");
  g.ih = get_count(m[2], "input size");
  g.iw = get_count(m[3], "input size");
  g.oh = get_count(m[4], "output size");
  g.ow = get_count(m[5], "output size");
  g.kh = get_count(m[6], "kernel size");
  g.kw = get_count(m[7], "kernel size");
  g.sh = get_count(m[8], "stride");
  g.sw = get_count(m[9], "stride");
  g.ph = get_count(m[10], "padding");
  g.pw = get_count(m[11], "padding");
  g.dh = get_count(m[12], "dilation");
  g.dw = get_count(m[13], "dilation");
  g.count_include_pad = m[14] != 0;
  g.divisor = get_count(m[15], "divisor");
  if (g.kh < 1 || g.kw < 1 || g.sh < 1 || g.sw < 1 || g.dh < 1 || g.dw < 1) throw Error("internal error: invalid pooling geometry");
  return g;
}

// (out, indices, x)
Napi::Value MaxPool2d(const Napi::CallbackInfo& info) {
  const double* m = meta(17);
  DType dt = get_dtype(m[0]);
  auto g = pool_geom(m);
  // Every window must hold at least one input element, or its index would point outside the plane.
  if (2 * g.ph > (g.kh - 1) * g.dh + 1 || 2 * g.pw > (g.kw - 1) * g.dw + 1)
    throw Error("pad should be at most half of effective kernel size");
  if ((g.oh > 0 && (g.oh - 1) * g.sh - g.ph >= g.ih) || (g.ow > 0 && (g.ow - 1) * g.sw - g.pw >= g.iw))
    throw Error("internal error: pooling window starts past the input");
  int sz = item_of(dt);
  DeviceBufs bufs{info};
  const int64_t no = g.planes * g.oh * g.ow;
  char* out = span(bufs.get(0, "out"), 0, no, sz, "out");
  auto* idx = reinterpret_cast<int64_t*>(span(bufs.get(1, "indices"), 0, no, 8, "indices"));
  const char* x = span(bufs.get(2, "input"), get_count(m[16], "offset"), g.planes * g.ih * g.iw, sz, "input");
  if (bufs.device()) CUDA_OR_THROW(cuda::max_pool2d(dt, g, x, out, idx));
  else cpu::max_pool2d(dt, g, x, out, idx);
  return info.Env().Undefined();
}

// (gin, gout, indices) meta: pool geometry | goutOff; indices are contiguous at offset 0 and
// come from MaxPool2d (each lies inside its plane).
Napi::Value MaxPool2dBackward(const Napi::CallbackInfo& info) {
  const double* m = meta(17);
  DType dt = get_dtype(m[0]);
  auto g = pool_geom(m);
  int sz = item_of(dt);
  DeviceBufs bufs{info};
  const int64_t ni = g.planes * g.ih * g.iw, no = g.planes * g.oh * g.ow;
  char* gin = span(bufs.get(0, "grad_input"), 0, ni, sz, "grad_input");
  const char* gout = span(bufs.get(1, "grad_output"), get_count(m[16], "offset"), no, sz, "grad_output");
  const auto* idx = reinterpret_cast<const int64_t*>(span(bufs.get(2, "indices"), 0, no, 8, "indices"));
  if (bufs.device()) CUDA_OR_THROW(cuda::max_pool2d_backward(dt, g, gout, idx, gin));
  else cpu::max_pool2d_backward(dt, g, gout, idx, gin);
  return info.Env().Undefined();
}

// (out, x) or, backward, (gin, gout)
template <bool kBackward>
Napi::Value AvgPool2d(const Napi::CallbackInfo& info) {
  const double* m = meta(17);
  DType dt = get_dtype(m[0]);
  auto g = pool_geom(m);
  int sz = item_of(dt);
  DeviceBufs bufs{info};
  const int64_t ni = g.planes * g.ih * g.iw, no = g.planes * g.oh * g.ow;
  char* out = span(bufs.get(0, "out"), 0, kBackward ? ni : no, sz, "out");
  const char* in = span(bufs.get(1, "input"), get_count(m[16], "offset"), kBackward ? no : ni, sz, "input");
  if (bufs.device()) CUDA_OR_THROW(kBackward ? cuda::avg_pool2d_backward(dt, g, in, out) : cuda::avg_pool2d(dt, g, in, out));
  else if (kBackward) cpu::avg_pool2d_backward(dt, g, in, out);
  else cpu::avg_pool2d(dt, g, in, out);
  return info.Env().Undefined();
}

// (out, indices|null, x); meta[14] = isMax
Napi::Value AdaptivePool2d(const Napi::CallbackInfo& info) {
  const double* m = meta(17);
  DType dt = get_dtype(m[0]);
  auto g = pool_geom(m);
  bool is_max = m[14] != 0;
  if (g.oh < 1 || g.ow < 1) throw Error("internal error: empty adaptive pooling output");
  int sz = item_of(dt);
  const int64_t no = g.planes * g.oh * g.ow;
  DeviceBufs bufs{info};
  char* out = span(bufs.get(0, "out"), 0, no, sz, "out");
  int64_t* idx = nullptr;
  if (is_max) idx = reinterpret_cast<int64_t*>(span(bufs.get(1, "indices"), 0, no, 8, "indices"));
  const char* x = span(bufs.get(2, "input"), get_count(m[16], "offset"), g.planes * g.ih * g.iw, sz, "input");
  if (g.ih < 1 || g.iw < 1) throw Error("internal error: empty adaptive pooling input");
  if (bufs.device()) CUDA_OR_THROW(cuda::adaptive_pool2d(dt, is_max, g, x, out, idx));
  else cpu::adaptive_pool2d(dt, is_max, g, x, out, idx);
  return info.Env().Undefined();
}

// (gin, gout)
Napi::Value AdaptiveAvgPool2dBackward(const Napi::CallbackInfo& info) {
  const double* m = meta(17);
  DType dt = get_dtype(m[0]);
  auto g = pool_geom(m);
  if (g.oh < 1 || g.ow < 1 || g.ih < 1 || g.iw < 1) throw Error("internal error: empty adaptive pooling");
  int sz = item_of(dt);
  DeviceBufs bufs{info};
  char* gin = span(bufs.get(0, "out"), 0, g.planes * g.ih * g.iw, sz, "out");
  const char* go = span(bufs.get(1, "grad"), get_count(m[16], "offset"), g.planes * g.oh * g.ow, sz, "grad");
  if (bufs.device()) CUDA_OR_THROW(cuda::adaptive_avg_pool2d_backward(dt, g, go, gin));
  else cpu::adaptive_avg_pool2d_backward(dt, g, go, gin);
  return info.Env().Undefined();
}

// meta: [dt, mode, T, B, H, P, reverse, ...offsets]
cpu::RnnArgs rnn_args(const double* m) {
  cpu::RnnArgs a;
  int64_t mode = get_count(m[1], "mode");
  if (mode > 3) throw Error("internal error: unknown rnn mode");
  a.mode = static_cast<cpu::RnnMode>(mode);
  a.T = get_count(m[2], "steps");
  a.B = get_count(m[3], "batch");
  a.H = get_count(m[4], "hidden size");
  a.P = get_count(m[5], "proj size");
  a.reverse = m[6] != 0;
  a.batch_sizes = nullptr;
  if (a.mode != cpu::RnnMode::Lstm && a.P != a.H) throw Error("internal error: proj_size on a non-LSTM");
  return a;
}

// The per-step batch sizes are host data the time loop sizes its steps with (PyTorch keeps
// them on the CPU too); a copy the device backend moved to the GPU is read back into `host`.
const int64_t* batch_sizes(const Napi::CallbackInfo& info, size_t i, const cpu::RnnArgs& a, std::vector<int64_t>& host) {
  if (is_absent(info, i)) return nullptr;
  const Buf b = get_buf(info, i, "batch_sizes", true);
  auto* bs = reinterpret_cast<const int64_t*>(span(b, 0, a.T, 8, "batch_sizes"));
  if (b.device) {
    host.resize(static_cast<size_t>(a.T));
    CUDA_OR_THROW(cuda::copy_to_host(host.data(), bs, static_cast<size_t>(a.T) * 8));
    bs = host.data();
  }
  for (int64_t t = 0; t < a.T; ++t)
    if (bs[t] < 0 || bs[t] > a.B) throw Error("internal error: batch size out of range");
  return bs;
}

// (out, hn, cn|null, ws, xproj, whh, bhh|null, whr|null, h0, c0|null, batchSizes|null)
// meta: [dt, mode, T, B, H, P, reverse, xOff, whhOff, bhhOff, whrOff, h0Off, c0Off]
Napi::Value RnnForward(const Napi::CallbackInfo& info) {
  const double* m = meta(13);
  DType dt = get_dtype(m[0]);
  auto a = rnn_args(m);
  int sz = item_of(dt);
  const bool lstm = a.mode == cpu::RnnMode::Lstm, gru = a.mode == cpu::RnnMode::Gru;
  const bool proj = !is_absent(info, 7);
  if (proj && !lstm) throw Error("internal error: proj_size on a non-LSTM");
  if (!proj && a.P != a.H) throw Error("internal error: missing projection weight");
  const int64_t GH = a.gates() * a.H;
  DeviceBufs bufs{info};
  char* out = span(bufs.get(0, "output"), 0, a.T * a.B * a.P, sz, "output");
  char* hn = span(bufs.get(1, "h_n"), 0, a.B * a.P, sz, "h_n");
  char* cn = lstm ? span(bufs.get(2, "c_n"), 0, a.B * a.H, sz, "c_n") : nullptr;
  char* ws = span(bufs.get(3, "workspace"), 0, a.workspace(), sz, "workspace");
  const char* xp = span(bufs.get(4, "input"), get_count(m[7], "offset"), a.T * a.B * GH, sz, "input");
  const char* whh = span(bufs.get(5, "weight_hh"), get_count(m[8], "offset"), GH * a.P, sz, "weight_hh");
  const char* bhh = gru ? span(bufs.get(6, "bias_hh"), get_count(m[9], "offset"), GH, sz, "bias_hh") : nullptr;
  const char* whr = proj ? span(bufs.get(7, "weight_hr"), get_count(m[10], "offset"), a.P * a.H, sz, "weight_hr") : nullptr;
  const char* h0 = span(bufs.get(8, "h0"), get_count(m[11], "offset"), a.B * a.P, sz, "h0");
  const char* c0 = lstm ? span(bufs.get(9, "c0"), get_count(m[12], "offset"), a.B * a.H, sz, "c0") : nullptr;
  std::vector<int64_t> host_bs;
  a.batch_sizes = batch_sizes(info, 10, a, host_bs);
  if (bufs.device()) CUDA_OR_THROW(cuda::rnn_forward(dt, a, xp, whh, bhh, whr, h0, c0, out, hn, cn, ws));
  else cpu::rnn_forward(dt, a, xp, whh, bhh, whr, h0, c0, out, hn, cn, ws);
  return info.Env().Undefined();
}

// (dxproj, dgh|null, dh0, dc0|null, dwhr|null, dout, dhn, dcn|null, ws, whh, whr|null, batchSizes|null)
// meta: [dt, mode, T, B, H, P, reverse, doutOff, dhnOff, dcnOff, whhOff, whrOff]
Napi::Value RnnBackward(const Napi::CallbackInfo& info) {
  const double* m = meta(12);
  DType dt = get_dtype(m[0]);
  auto a = rnn_args(m);
  int sz = item_of(dt);
  const bool lstm = a.mode == cpu::RnnMode::Lstm, gru = a.mode == cpu::RnnMode::Gru;
  const bool proj = !is_absent(info, 10);
  if (proj && !lstm) throw Error("internal error: proj_size on a non-LSTM");
  if (!proj && a.P != a.H) throw Error("internal error: missing projection weight");
  const int64_t GH = a.gates() * a.H;
  DeviceBufs bufs{info};
  char* dxp = span(bufs.get(0, "grad_input"), 0, a.T * a.B * GH, sz, "grad_input");
  char* dgh = gru ? span(bufs.get(1, "grad_hidden_gates"), 0, a.T * a.B * GH, sz, "grad_hidden_gates") : nullptr;
  char* dh0 = span(bufs.get(2, "grad_h0"), 0, a.B * a.P, sz, "grad_h0");
  char* dc0 = lstm ? span(bufs.get(3, "grad_c0"), 0, a.B * a.H, sz, "grad_c0") : nullptr;
  char* dwhr = proj ? span(bufs.get(4, "grad_weight_hr"), 0, a.P * a.H, sz, "grad_weight_hr") : nullptr;
  const char* dout = span(bufs.get(5, "grad_output"), get_count(m[7], "offset"), a.T * a.B * a.P, sz, "grad_output");
  const char* dhn = span(bufs.get(6, "grad_h_n"), get_count(m[8], "offset"), a.B * a.P, sz, "grad_h_n");
  const char* dcn = lstm ? span(bufs.get(7, "grad_c_n"), get_count(m[9], "offset"), a.B * a.H, sz, "grad_c_n") : nullptr;
  const char* ws = span(bufs.get(8, "workspace"), 0, a.workspace(), sz, "workspace");
  const char* whh = span(bufs.get(9, "weight_hh"), get_count(m[10], "offset"), GH * a.P, sz, "weight_hh");
  const char* whr = proj ? span(bufs.get(10, "weight_hr"), get_count(m[11], "offset"), a.P * a.H, sz, "weight_hr") : nullptr;
  std::vector<int64_t> host_bs;
  a.batch_sizes = batch_sizes(info, 11, a, host_bs);
  if (bufs.device()) CUDA_OR_THROW(cuda::rnn_backward(dt, a, dout, dhn, dcn, ws, whh, whr, dxp, dgh, dh0, dc0, dwhr));
  else cpu::rnn_backward(dt, a, dout, dhn, dcn, ws, whh, whr, dxp, dgh, dh0, dc0, dwhr);
  return info.Env().Undefined();
}

// rows * cols (and the like), rejecting products no buffer could hold before any span check.
int64_t extent(std::initializer_list<int64_t> dims) {
  unsigned __int128 n = 1;
  for (int64_t d : dims) {
    n *= static_cast<unsigned __int128>(d);
    if (n > (static_cast<unsigned __int128>(1) << 50)) throw Error("internal error: tensor too large");
  }
  return static_cast<int64_t>(n);
}

// Row-norm geometry of group norm from meta [dt, N, C, HW, G]: rows of one group of a sample.
cpu::RowNormGeom group_geom(const double* m) {
  const int64_t n = get_count(m[1], "batch"), c = get_count(m[2], "channels"), hw = get_count(m[3], "spatial size");
  const int64_t groups = get_count(m[4], "groups");
  if (groups < 1 || c % groups != 0) throw Error("internal error: invalid groups");
  return cpu::RowNormGeom{extent({n, groups}), groups, c / groups, hw};
}

// The row-norm forward on arguments (out, mean|null, rstd|null, x, weight|null, bias|null) at
// meta offsets x, w, b = m[off], m[off + 1], m[off + 2].
void row_norm_call(const Napi::CallbackInfo& info, const char* kernel, const double* m, const cpu::RowNormGeom& g,
                   double eps, size_t off) {
  DType dt = get_dtype(m[0]);
  int sz = item_of(dt);
  DeviceBufs bufs{info};
  const int64_t numel = extent({g.rows, g.cpg, g.hw}), C = extent({g.groups, g.cpg});
  char* out = span(bufs.get(0, "out"), 0, numel, sz, "out");
  char* mean = is_absent(info, 1) ? nullptr : span(bufs.get(1, "mean"), 0, g.rows, sz, "mean");
  char* rstd = is_absent(info, 2) ? nullptr : span(bufs.get(2, "rstd"), 0, g.rows, sz, "rstd");
  const char* x = span(bufs.get(3, "input"), get_count(m[off], "offset"), numel, sz, "input");
  const char* w = is_absent(info, 4) ? nullptr : span(bufs.get(4, "weight"), get_count(m[off + 1], "offset"), C, sz, "weight");
  const char* b = is_absent(info, 5) ? nullptr : span(bufs.get(5, "bias"), get_count(m[off + 2], "offset"), C, sz, "bias");
  if (bufs.device()) CUDA_OR_THROW(cuda::row_norm(kernel, dt, g, eps, x, w, b, out, mean, rstd));
  else cpu::row_norm(kernel, dt, g, eps, x, w, b, out, mean, rstd);
}

// The row-norm backward on arguments (dx|null, dweight|null, dbias|null, dy, x, mean, rstd,
// weight|null) at meta offsets dy, x, mean, rstd, w = m[off .. off + 4].
void row_norm_backward_call(const Napi::CallbackInfo& info, const char* kernel, const double* m,
                            const cpu::RowNormGeom& g, size_t off) {
  DType dt = get_dtype(m[0]);
  int sz = item_of(dt);
  DeviceBufs bufs{info};
  const int64_t numel = extent({g.rows, g.cpg, g.hw}), C = extent({g.groups, g.cpg});
  char* dx = is_absent(info, 0) ? nullptr : span(bufs.get(0, "grad_input"), 0, numel, sz, "grad_input");
  char* dw = is_absent(info, 1) ? nullptr : span(bufs.get(1, "grad_weight"), 0, C, sz, "grad_weight");
  char* db = is_absent(info, 2) ? nullptr : span(bufs.get(2, "grad_bias"), 0, C, sz, "grad_bias");
  const char* dy = span(bufs.get(3, "grad_output"), get_count(m[off], "offset"), numel, sz, "grad_output");
  const char* x = span(bufs.get(4, "input"), get_count(m[off + 1], "offset"), numel, sz, "input");
  const char* mean = span(bufs.get(5, "mean"), get_count(m[off + 2], "offset"), g.rows, sz, "mean");
  const char* rstd = span(bufs.get(6, "rstd"), get_count(m[off + 3], "offset"), g.rows, sz, "rstd");
  const char* w = is_absent(info, 7) ? nullptr : span(bufs.get(7, "weight"), get_count(m[off + 4], "offset"), C, sz, "weight");
  if (bufs.device()) CUDA_OR_THROW(cuda::row_norm_backward(kernel, dt, g, dy, x, mean, rstd, w, dx, dw, db));
  else cpu::row_norm_backward(kernel, dt, g, dy, x, mean, rstd, w, dx, dw, db);
}

// (out, mean|null, rstd|null, x, weight|null, bias|null)
// meta: [dt, rows, cols, eps, xOff, wOff, bOff]
Napi::Value LayerNorm(const Napi::CallbackInfo& info) {
  const double* m = meta(7);
  const cpu::RowNormGeom g{get_count(m[1], "rows"), 1, get_count(m[2], "normalized size"), 1};
  row_norm_call(info, "LayerNormKernelImpl", m, g, m[3], 4);
  return info.Env().Undefined();
}

// (dx|null, dweight|null, dbias|null, dy, x, mean, rstd, weight|null)
// meta: [dt, rows, cols, dyOff, xOff, meanOff, rstdOff, wOff]
Napi::Value LayerNormBackward(const Napi::CallbackInfo& info) {
  const double* m = meta(8);
  const cpu::RowNormGeom g{get_count(m[1], "rows"), 1, get_count(m[2], "normalized size"), 1};
  row_norm_backward_call(info, "LayerNormBackwardKernelImpl", m, g, 3);
  return info.Env().Undefined();
}

// Group norm of x (N, C, HW) in G groups; instance norm is G = C. Arguments as LayerNorm's.
// meta: [dt, N, C, HW, G, eps, xOff, wOff, bOff]
Napi::Value GroupNorm(const Napi::CallbackInfo& info) {
  const double* m = meta(9);
  row_norm_call(info, "GroupNormKernelImpl", m, group_geom(m), m[5], 6);
  return info.Env().Undefined();
}

// Arguments as LayerNormBackward's.
// meta: [dt, N, C, HW, G, dyOff, xOff, meanOff, rstdOff, wOff]
Napi::Value GroupNormBackward(const Napi::CallbackInfo& info) {
  const double* m = meta(10);
  row_norm_backward_call(info, "GroupNormBackwardKernelImpl", m, group_geom(m), 5);
  return info.Env().Undefined();
}

cpu::BatchNormGeom batch_geom(const double* m) {
  return cpu::BatchNormGeom{get_count(m[1], "batch"), get_count(m[2], "channels"), get_count(m[3], "spatial size")};
}

// (out, saveMean, saveInvstd, x, weight|null, bias|null, runningMean|null, runningVar|null);
// the running statistics are updated in place in training and required in eval.
// meta: [dt, N, C, HW, training, momentum, eps, xOff, wOff, bOff, rmOff, rvOff]
Napi::Value BatchNorm(const Napi::CallbackInfo& info) {
  const double* m = meta(12);
  DType dt = get_dtype(m[0]);
  const auto g = batch_geom(m);
  const bool training = m[4] != 0;
  int sz = item_of(dt);
  DeviceBufs bufs{info};
  const int64_t numel = extent({g.n, g.c, g.hw});
  char* out = span(bufs.get(0, "out"), 0, numel, sz, "out");
  char* smean = span(bufs.get(1, "save_mean"), 0, g.c, sz, "save_mean");
  char* sinv = span(bufs.get(2, "save_invstd"), 0, g.c, sz, "save_invstd");
  const char* x = span(bufs.get(3, "input"), get_count(m[7], "offset"), numel, sz, "input");
  const char* w = is_absent(info, 4) ? nullptr : span(bufs.get(4, "weight"), get_count(m[8], "offset"), g.c, sz, "weight");
  const char* b = is_absent(info, 5) ? nullptr : span(bufs.get(5, "bias"), get_count(m[9], "offset"), g.c, sz, "bias");
  char* rm = is_absent(info, 6) ? nullptr : span(bufs.get(6, "running_mean"), get_count(m[10], "offset"), g.c, sz, "running_mean");
  char* rv = is_absent(info, 7) ? nullptr : span(bufs.get(7, "running_var"), get_count(m[11], "offset"), g.c, sz, "running_var");
  if (!training && (!rm || !rv)) throw Error("running_mean and running_var must be defined in evaluation mode");
  if (bufs.device()) CUDA_OR_THROW(cuda::batch_norm(dt, g, training, m[5], m[6], x, w, b, rm, rv, out, smean, sinv));
  else cpu::batch_norm(dt, g, training, m[5], m[6], x, w, b, rm, rv, out, smean, sinv);
  return info.Env().Undefined();
}

// (dx|null, dweight|null, dbias|null, dy, x, saveMean, saveInvstd, weight|null)
// meta: [dt, N, C, HW, training, dyOff, xOff, meanOff, invstdOff, wOff]
Napi::Value BatchNormBackward(const Napi::CallbackInfo& info) {
  const double* m = meta(10);
  DType dt = get_dtype(m[0]);
  const auto g = batch_geom(m);
  const bool training = m[4] != 0;
  int sz = item_of(dt);
  DeviceBufs bufs{info};
  const int64_t numel = extent({g.n, g.c, g.hw});
  char* dx = is_absent(info, 0) ? nullptr : span(bufs.get(0, "grad_input"), 0, numel, sz, "grad_input");
  char* dw = is_absent(info, 1) ? nullptr : span(bufs.get(1, "grad_weight"), 0, g.c, sz, "grad_weight");
  char* db = is_absent(info, 2) ? nullptr : span(bufs.get(2, "grad_bias"), 0, g.c, sz, "grad_bias");
  const char* dy = span(bufs.get(3, "grad_output"), get_count(m[5], "offset"), numel, sz, "grad_output");
  const char* x = span(bufs.get(4, "input"), get_count(m[6], "offset"), numel, sz, "input");
  const char* smean = span(bufs.get(5, "save_mean"), get_count(m[7], "offset"), g.c, sz, "save_mean");
  const char* sinv = span(bufs.get(6, "save_invstd"), get_count(m[8], "offset"), g.c, sz, "save_invstd");
  const char* w = is_absent(info, 7) ? nullptr : span(bufs.get(7, "weight"), get_count(m[9], "offset"), g.c, sz, "weight");
  if (bufs.device()) CUDA_OR_THROW(cuda::batch_norm_backward(dt, g, training, dy, x, smean, sinv, w, dx, dw, db));
  else cpu::batch_norm_backward(dt, g, training, dy, x, smean, sinv, w, dx, dw, db);
  return info.Env().Undefined();
}

}  // namespace

void register_nn_kernels(Napi::Env env, Napi::Object cpu) {
#define EXPORT(name, fn) cpu.Set(name, Napi::Function::New(env, Guard<fn>, name))
  EXPORT("convForward", ConvForward);
  EXPORT("convBackwardInput", ConvBackwardInput);
  EXPORT("convBackwardWeight", ConvBackwardWeight);
  EXPORT("im2col", Im2col);
  EXPORT("col2im", Col2im);
  EXPORT("maxPool2d", MaxPool2d);
  EXPORT("maxPool2dBackward", MaxPool2dBackward);
  EXPORT("avgPool2d", AvgPool2d<false>);
  EXPORT("avgPool2dBackward", AvgPool2d<true>);
  EXPORT("adaptivePool2d", AdaptivePool2d);
  EXPORT("adaptiveAvgPool2dBackward", AdaptiveAvgPool2dBackward);
  EXPORT("layerNorm", LayerNorm);
  EXPORT("layerNormBackward", LayerNormBackward);
  EXPORT("groupNorm", GroupNorm);
  EXPORT("groupNormBackward", GroupNormBackward);
  EXPORT("batchNorm", BatchNorm);
  EXPORT("batchNormBackward", BatchNormBackward);
  EXPORT("rnnForward", RnnForward);
  EXPORT("rnnBackward", RnnBackward);
#undef EXPORT
}

}  // namespace tensile
