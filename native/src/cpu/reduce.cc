#include "reduce.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <type_traits>
#include <vector>

#include "vec_math.h"

namespace tensile::cpu {
namespace {

constexpr int64_t kGrain = 1 << 14;

// Accumulator type: float32 sums stay in float (as PyTorch's CPU kernels do) but over many
// independent lanes, which bounds the rounding error like a cascade sum; integers sum in int64.
template <typename T, ReduceOp op>
struct Acc {
  using In = acc_t<T>;
  using type = std::conditional_t<std::is_floating_point<In>::value, In,
                                  std::conditional_t<op == ReduceOp::sum || op == ReduceOp::prod ||
                                                         op == ReduceOp::count_nonzero || op == ReduceOp::sum_sq ||
                                                         op == ReduceOp::sum_abs || op == ReduceOp::nansum,
                                                     int64_t, In>>;
};

template <typename A, ReduceOp op>
struct Rule;
template <typename A> struct Rule<A, ReduceOp::sum> {
  static A init() { return A(0); }
  template <typename X> static A step(A acc, X x) { return acc + static_cast<A>(x); }
  static A merge(A a, A b) { return a + b; }
};
template <typename A> struct Rule<A, ReduceOp::nansum> {
  static A init() { return A(0); }
  template <typename X> static A step(A acc, X x) {
    if constexpr (std::is_floating_point<X>::value) { if (std::isnan(x)) return acc; }
    return acc + static_cast<A>(x);
  }
  static A merge(A a, A b) { return a + b; }
};
template <typename A> struct Rule<A, ReduceOp::sum_sq> {
  static A init() { return A(0); }
  template <typename X> static A step(A acc, X x) { return acc + static_cast<A>(x) * static_cast<A>(x); }
  static A merge(A a, A b) { return a + b; }
};
template <typename A> struct Rule<A, ReduceOp::sum_abs> {
  static A init() { return A(0); }
  template <typename X> static A step(A acc, X x) { return acc + (x < X(0) ? -static_cast<A>(x) : static_cast<A>(x)); }
  static A merge(A a, A b) { return a + b; }
};
template <typename A> struct Rule<A, ReduceOp::count_nonzero> {
  static A init() { return A(0); }
  template <typename X> static A step(A acc, X x) { return acc + (x != X(0) ? A(1) : A(0)); }
  static A merge(A a, A b) { return a + b; }
};
template <typename A> struct Rule<A, ReduceOp::prod> {
  static A init() { return A(1); }
  template <typename X> static A step(A acc, X x) { return acc * static_cast<A>(x); }
  static A merge(A a, A b) { return a * b; }
};
template <typename A> struct Rule<A, ReduceOp::amax> {  // NaN wins, as in PyTorch
  static A init() {
    if constexpr (std::is_floating_point<A>::value) return -std::numeric_limits<A>::infinity();
    else return std::numeric_limits<A>::lowest();
  }
  template <typename X> static A step(A acc, X x) {
    A v = static_cast<A>(x);
    if constexpr (std::is_floating_point<A>::value) { if (std::isnan(v) || std::isnan(acc)) return v != v ? v : acc; }
    return v > acc ? v : acc;
  }
  static A merge(A a, A b) { return step(a, b); }
};
template <typename A> struct Rule<A, ReduceOp::amin> {
  static A init() {
    if constexpr (std::is_floating_point<A>::value) return std::numeric_limits<A>::infinity();
    else return std::numeric_limits<A>::max();
  }
  template <typename X> static A step(A acc, X x) {
    A v = static_cast<A>(x);
    if constexpr (std::is_floating_point<A>::value) { if (std::isnan(v) || std::isnan(acc)) return v != v ? v : acc; }
    return v < acc ? v : acc;
  }
  static A merge(A a, A b) { return step(a, b); }
};
template <typename A> struct Rule<A, ReduceOp::all> {
  static A init() { return A(1); }
  template <typename X> static A step(A acc, X x) { return (acc != A(0)) && (x != X(0)) ? A(1) : A(0); }
  static A merge(A a, A b) { return (a != A(0)) && (b != A(0)) ? A(1) : A(0); }
};
template <typename A> struct Rule<A, ReduceOp::any> {
  static A init() { return A(0); }
  template <typename X> static A step(A acc, X x) { return (acc != A(0)) || (x != X(0)) ? A(1) : A(0); }
  static A merge(A a, A b) { return (a != A(0)) || (b != A(0)) ? A(1) : A(0); }
};

// Per-thread partials: a byte per bool accumulator, since std::vector<bool> packs its elements
// into shared words and threads writing neighbouring slots would race (any/all lost results).
template <typename A>
using Slots = std::vector<std::conditional_t<std::is_same<A, bool>::value, uint8_t, A>>;

// Reduces a contiguous run with 32 independent lanes (vectorisable, and pairwise-like accuracy).
template <typename T, typename A, typename R>
A reduce_contiguous(const T* x, int64_t n) {
  constexpr int L = 32;
  int64_t i = 0;
  A result = R::init();
  if (n >= 2 * L) {
    A lanes[L];
    for (int l = 0; l < L; ++l) lanes[l] = R::init();
    for (; i + L <= n; i += L)
      for (int l = 0; l < L; ++l) lanes[l] = R::step(lanes[l], static_cast<acc_t<T>>(x[i + l]));
    for (int w = L / 2; w > 0; w /= 2)
      for (int l = 0; l < w; ++l) lanes[l] = R::merge(lanes[l], lanes[l + w]);
    result = lanes[0];
  }
  for (; i < n; ++i) result = R::step(result, static_cast<acc_t<T>>(x[i]));
  return result;
}

template <typename T>
inline T load(const char* p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return v;
}

struct DimList {
  int n = 0;
  int64_t shape[kMaxDims];
  int64_t stride[kMaxDims];
  int64_t numel() const {
    int64_t s = 1;
    for (int i = 0; i < n; ++i) s *= shape[i];
    return s;
  }
  void push(int64_t size, int64_t st) {
    if (size == 1) return;
    if (n > 0 && stride[n - 1] == st * size) {  // merge with the previous (outer) dim
      shape[n - 1] *= size;
      stride[n - 1] = st;
      return;
    }
    shape[n] = size;
    stride[n] = st;
    ++n;
  }
  // byte offset of linear index i (row-major over these dims)
  int64_t offset(int64_t i) const {
    int64_t off = 0;
    for (int d = n - 1; d >= 0; --d) {
      off += (i % shape[d]) * stride[d];
      i /= shape[d];
    }
    return off;
  }
};

template <typename T, typename TO, ReduceOp op>
void reduce_impl(const ReduceArgs& args) {
  using A = typename Acc<T, op>::type;
  using R = Rule<A, op>;
  DimList kept, red;
  for (int d = 0; d < args.ndim; ++d) {
    if (args.reduce_mask[d]) red.push(args.shape[d], args.in_strides[d]);
    else kept.push(args.shape[d], args.in_strides[d]);
  }
  for (int d = 0; d < args.ndim; ++d)
    if (args.shape[d] == 0 && !args.reduce_mask[d]) return;  // no outputs
  int64_t n_out = kept.numel();
  int64_t n_red = red.numel();
  for (int d = 0; d < args.ndim; ++d)
    if (args.shape[d] == 0) n_red = 0;
  TO* out = reinterpret_cast<TO*>(args.out);
  auto finish = [](A a) -> TO {
    if constexpr (std::is_same<TO, bool>::value) return a != A(0);
    else return static_cast<TO>(a);
  };
  if (n_red == 0) {
    for (int64_t o = 0; o < n_out; ++o) out[o] = finish(R::init());
    return;
  }
  const bool red_contig = red.n == 1 && red.stride[0] == static_cast<int64_t>(sizeof(T));
  // Reduce one output element (strided or contiguous reduction block at byte offset base).
  auto reduce_one = [&](const char* base, int64_t lo, int64_t hi) -> A {
    if (red_contig) return reduce_contiguous<T, A, R>(reinterpret_cast<const T*>(base) + lo, hi - lo);
    A acc = R::init();
    if (red.n == 1) {
      for (int64_t i = lo; i < hi; ++i) acc = R::step(acc, static_cast<acc_t<T>>(load<T>(base + i * red.stride[0])));
    } else {
      for (int64_t i = lo; i < hi; ++i) acc = R::step(acc, static_cast<acc_t<T>>(load<T>(base + red.offset(i))));
    }
    return acc;
  };
  if (n_out == 1) {
    // One output: split the reduction itself across threads and merge the partials.
    // The slices are indexed by chunk, not recovered from a range's start (whose rounding can
    // name a neighbour's slot, and two threads would then update one partial).
    const int chunks = std::max(1, parallel_chunks(0, n_red, kGrain));
    Slots<A> partial(static_cast<size_t>(chunks), R::init());
    parallel_for(0, chunks, 1, [&](int64_t k0, int64_t k1) {
      for (int64_t c = k0; c < k1; ++c) partial[c] = reduce_one(args.in, n_red * c / chunks, n_red * (c + 1) / chunks);
    });
    A acc = R::init();
    for (A p : partial) acc = R::merge(acc, p);
    out[0] = finish(acc);
    return;
  }
  if (!red_contig && red.n == 1 && kept.n == 1 && kept.stride[0] == static_cast<int64_t>(sizeof(T))) {
    // Column reduction (e.g. sum over the batch dim of a row-major matrix): accumulate whole
    // rows so memory is read in order.
    const int64_t rs = red.stride[0];
    parallel_for(0, n_out, 1024, [&](int64_t lo, int64_t hi) {
      Slots<A> acc(static_cast<size_t>(hi - lo), R::init());
      for (int64_t r = 0; r < n_red; ++r) {
        const T* row = reinterpret_cast<const T*>(args.in + r * rs);
        for (int64_t k = lo; k < hi; ++k) acc[k - lo] = R::step(acc[k - lo], static_cast<acc_t<T>>(row[k]));
      }
      for (int64_t k = lo; k < hi; ++k) out[k] = finish(acc[k - lo]);
    });
    return;
  }
  int64_t grain = std::max<int64_t>(1, kGrain / n_red);
  parallel_for(0, n_out, grain, [&](int64_t lo, int64_t hi) {
    for (int64_t o = lo; o < hi; ++o) out[o] = finish(reduce_one(args.in + kept.offset(o), 0, n_red));
  });
}

template <typename T, ReduceOp op>
void reduce_out(DType out, const ReduceArgs& args) {
  switch (out) {
    case DType::Bool: return reduce_impl<T, bool, op>(args);
    case DType::Int64: return reduce_impl<T, int64_t, op>(args);
    case DType::Float32: return reduce_impl<T, float, op>(args);
    case DType::Float64: return reduce_impl<T, double, op>(args);
    default: break;
  }
  throw Error("reduce: unsupported output dtype");
}

}  // namespace

void reduce(ReduceOp op, DType in, DType out, const ReduceArgs& args) {
  TENSILE_DISPATCH_ALL(in, "reduce", {
    using TI = T;
    if (out == in) {
      switch (op) {
        case ReduceOp::sum: reduce_impl<TI, TI, ReduceOp::sum>(args); break;
        case ReduceOp::nansum: reduce_impl<TI, TI, ReduceOp::nansum>(args); break;
        case ReduceOp::prod: reduce_impl<TI, TI, ReduceOp::prod>(args); break;
        case ReduceOp::amax: reduce_impl<TI, TI, ReduceOp::amax>(args); break;
        case ReduceOp::amin: reduce_impl<TI, TI, ReduceOp::amin>(args); break;
        case ReduceOp::sum_sq: reduce_impl<TI, TI, ReduceOp::sum_sq>(args); break;
        case ReduceOp::sum_abs: reduce_impl<TI, TI, ReduceOp::sum_abs>(args); break;
        // bool all/any and int64 count_nonzero have out == in
        case ReduceOp::all: reduce_out<TI, ReduceOp::all>(out, args); break;
        case ReduceOp::any: reduce_out<TI, ReduceOp::any>(out, args); break;
        case ReduceOp::count_nonzero: reduce_out<TI, ReduceOp::count_nonzero>(out, args); break;
        default: throw Error("reduce: unsupported output dtype for op");
      }
    } else {
      switch (op) {
        case ReduceOp::all: reduce_out<TI, ReduceOp::all>(out, args); break;
        case ReduceOp::any: reduce_out<TI, ReduceOp::any>(out, args); break;
        case ReduceOp::count_nonzero: reduce_out<TI, ReduceOp::count_nonzero>(out, args); break;
        case ReduceOp::sum: reduce_out<TI, ReduceOp::sum>(out, args); break;  // ints -> int64
        case ReduceOp::prod: reduce_out<TI, ReduceOp::prod>(out, args); break;
        default: throw Error("reduce: unsupported output dtype for op");
      }
    }
  });
}

void reduce_arg(DType dt, bool is_max, const char* in, int64_t outer, int64_t len, int64_t inner, char* values,
                int64_t* indices) {
  TENSILE_DISPATCH_ALL(dt, "max", {
    using A = acc_t<T>;
    const T* a = reinterpret_cast<const T*>(in);
    T* v = reinterpret_cast<T*>(values);
    parallel_for(0, outer * inner, std::max<int64_t>(1, kGrain / std::max<int64_t>(len, 1)), [&](int64_t lo, int64_t hi) {
      for (int64_t oi = lo; oi < hi; ++oi) {
        int64_t o = oi / inner, i = oi % inner;
        const T* base = a + o * len * inner + i;
        A best = static_cast<A>(base[0]);
        int64_t best_idx = 0;
        bool best_nan = false;
        if constexpr (std::is_floating_point<A>::value) best_nan = std::isnan(best);
        for (int64_t k = 1; k < len && !best_nan; ++k) {
          A x = static_cast<A>(base[k * inner]);
          if constexpr (std::is_floating_point<A>::value) {
            if (std::isnan(x)) { best = x; best_idx = k; best_nan = true; break; }
          }
          if (is_max ? x > best : x < best) { best = x; best_idx = k; }
        }
        if (v) v[oi] = static_cast<T>(best);
        if (indices) indices[oi] = best_idx;
      }
    });
  });
}

void scan(ScanOp op, DType in, DType out, const char* a_, char* o_, int64_t* indices, int64_t outer, int64_t len,
          int64_t inner) {
  auto run = [&](auto tag_in, auto tag_out) {
    using TI = decltype(tag_in);
    using TO = decltype(tag_out);
    using A = std::conditional_t<std::is_floating_point<acc_t<TO>>::value, acc_t<TO>, int64_t>;
    const TI* a = reinterpret_cast<const TI*>(a_);
    TO* o = reinterpret_cast<TO*>(o_);
    parallel_for(0, outer, std::max<int64_t>(1, kGrain / std::max<int64_t>(len * inner, 1)), [&](int64_t lo, int64_t hi) {
      std::vector<A> acc(static_cast<size_t>(inner));
      std::vector<int64_t> idx(static_cast<size_t>(inner));
      for (int64_t b = lo; b < hi; ++b) {
        const TI* src = a + b * len * inner;
        TO* dst = o + b * len * inner;
        for (int64_t k = 0; k < len; ++k) {
          for (int64_t i = 0; i < inner; ++i) {
            A x = static_cast<A>(static_cast<acc_t<TI>>(src[k * inner + i]));
            A& c = acc[i];
            if (k == 0) {
              c = x;
              idx[i] = 0;
            } else {
              switch (op) {
                case ScanOp::cumsum: c = c + x; break;
                case ScanOp::cumprod: c = c * x; break;
                case ScanOp::logcumsumexp:
                  if constexpr (std::is_floating_point<A>::value) {
                    // PyTorch's _log_add_exp_helper: NaN always propagates and equal infinities stay, which
                    // also makes the step associative (the device scan regroups it)
                    if (std::isnan(c) || std::isnan(x)) c = c + x;
                    else if (!(c == x && std::isinf(c)))
                      c = std::max(c, x) + std::log1p(std::exp(std::min(c, x) - std::max(c, x)));
                  }
                  break;
                // PyTorch's cummax_cummin_helper: a NaN always takes over (the index moves to every
                // later NaN), a number only when no NaN came before, on ties too
                case ScanOp::cummax:
                  if ((x != x) || (!(c != c) && x >= c)) { c = x; idx[i] = k; }
                  break;
                case ScanOp::cummin:
                  if ((x != x) || (!(c != c) && x <= c)) { c = x; idx[i] = k; }
                  break;
              }
            }
            dst[k * inner + i] = static_cast<TO>(c);
            if (indices) indices[(b * len + k) * inner + i] = idx[i];
          }
        }
      }
    });
  };
  TENSILE_DISPATCH_ALL(in, "cumsum", {
    using TI = T;
    TENSILE_DISPATCH_ALL(out, "cumsum", { run(TI{}, T{}); });
  });
}

namespace {

// The rows of a softmax are contiguous (inner == 1, stride a compile-time 1: every pass below
// vectorises) or strided by inner.
using Unit = std::integral_constant<int64_t, 1>;

// One row of softmax / log-softmax; buf holds len accumulators.
template <typename T, typename A, typename S>
void softmax_row(const T* src, T* dst, S s, int64_t len, bool log, A* buf) {
  A m;
  if constexpr (std::is_same_v<S, Unit> && std::is_same_v<T, float>) {
    m = max_or_nan(src, len);
  } else {
    m = -std::numeric_limits<A>::infinity();
    for (int64_t k = 0; k < len; ++k) {
      const A x = static_cast<A>(src[k * s]);
      if (std::isnan(x)) { m = x; break; }  // NaN propagates to the whole row
      if (x > m) m = x;
    }
  }
  if (std::isinf(m) && m < 0) m = 0;  // all -inf: keep exp(-inf) = 0 rather than NaN
  for (int64_t k = 0; k < len; ++k) buf[k] = static_cast<A>(src[k * s]) - m;
  if (log) {
    // log_softmax = (x - m) - log(sum(exp(x - m))): exp into buf, then x - m again from src
    exp_inplace(buf, len);
    const A ls = std::log(reduce_contiguous<A, A, Rule<A, ReduceOp::sum>>(buf, len));
    for (int64_t k = 0; k < len; ++k) dst[k * s] = static_cast<T>(static_cast<A>(src[k * s]) - m - ls);
  } else {
    exp_inplace(buf, len);
    const A r = A(1) / reduce_contiguous<A, A, Rule<A, ReduceOp::sum>>(buf, len);
    for (int64_t k = 0; k < len; ++k) dst[k * s] = static_cast<T>(buf[k] * r);
  }
}

// One row of softmax's input gradient from the output y and its gradient g.
template <typename T, typename A, typename S>
void softmax_backward_row(const T* g, const T* y, T* o, S s, int64_t len, bool log, A* buf) {
  if (log) {
    // d/dx log_softmax: g - exp(y) * sum(g)
    for (int64_t k = 0; k < len; ++k) buf[k] = static_cast<A>(g[k * s]);
    const A sum = reduce_contiguous<A, A, Rule<A, ReduceOp::sum>>(buf, len);
    for (int64_t k = 0; k < len; ++k) buf[k] = static_cast<A>(y[k * s]);
    exp_inplace(buf, len);
    for (int64_t k = 0; k < len; ++k) o[k * s] = static_cast<T>(static_cast<A>(g[k * s]) - buf[k] * sum);
  } else {
    // d/dx softmax: y * (g - sum(g * y))
    for (int64_t k = 0; k < len; ++k) buf[k] = static_cast<A>(g[k * s]) * static_cast<A>(y[k * s]);
    const A sum = reduce_contiguous<A, A, Rule<A, ReduceOp::sum>>(buf, len);
    for (int64_t k = 0; k < len; ++k) o[k * s] = static_cast<T>(static_cast<A>(y[k * s]) * (static_cast<A>(g[k * s]) - sum));
  }
}

// Calls row(offset of the row's first element, stride) for rows [lo, hi) of (outer, len, inner).
template <typename F>
void softmax_rows(int64_t lo, int64_t hi, int64_t len, int64_t inner, F row) {
  for (int64_t oi = lo; oi < hi; ++oi) {
    const int64_t base = (oi / inner) * len * inner + oi % inner;
    if (inner == 1) row(base, Unit{});
    else row(base, inner);
  }
}

}  // namespace

void softmax(DType dt, bool log, const char* a_, char* o_, int64_t outer, int64_t len, int64_t inner) {
  TENSILE_DISPATCH_FLOAT(dt, "softmax", {
    using A = acc_t<T>;
    const T* a = reinterpret_cast<const T*>(a_);
    T* o = reinterpret_cast<T*>(o_);
    parallel_for(0, outer * inner, std::max<int64_t>(1, 4096 / std::max<int64_t>(len, 1)), [&](int64_t lo, int64_t hi) {
      std::vector<A> buf(static_cast<size_t>(len));
      softmax_rows(lo, hi, len, inner, [&](int64_t base, auto s) { softmax_row<T, A>(a + base, o + base, s, len, log, buf.data()); });
    });
  });
}

void softmax_backward(DType dt, bool log, const char* g_, const char* y_, char* o_, int64_t outer, int64_t len,
                      int64_t inner) {
  TENSILE_DISPATCH_FLOAT(dt, "softmax_backward", {
    using A = acc_t<T>;
    const T* g = reinterpret_cast<const T*>(g_);
    const T* y = reinterpret_cast<const T*>(y_);
    T* o = reinterpret_cast<T*>(o_);
    parallel_for(0, outer * inner, std::max<int64_t>(1, 4096 / std::max<int64_t>(len, 1)), [&](int64_t lo, int64_t hi) {
      std::vector<A> buf(static_cast<size_t>(len));
      softmax_rows(lo, hi, len, inner, [&](int64_t base, auto s) {
        softmax_backward_row<T, A>(g + base, y + base, o + base, s, len, log, buf.data());
      });
    });
  });
}

}  // namespace tensile::cpu
