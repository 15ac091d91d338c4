// The CUDA part of the addon, as the N-API entries see it: plain C++ declarations (no CUDA
// headers), so the entry files compile with the host compiler and call into the nvcc-built
// objects. The kernels take the same argument structs as their CPU twins in ../cpu/, with
// device pointers in them; every call is queued on the current device's stream and returns
// without waiting, except the copies to the host.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>

#include "../cpu/conv.h"
#include "../cpu/linalg.h"
#include "../cpu/norm.h"
#include "../cpu/optim.h"
#include "../cpu/pool.h"
#include "../cpu/reduce.h"
#include "../cpu/rnn.h"
#include "../dtype.h"
#include "../ops.h"
#include "../philox.h"
#include "../strided.h"

namespace tensile::cuda {

// ---- devices (runtime.cu)
int device_count();  // 0 when there is no driver or no device
std::string device_name(int device);
size_t device_total_memory(int device);  // bytes of global memory
int current_device();
void set_device(int device);
void synchronize();  // the current device
// Makes `device` current for the guard's lifetime (nothing to do when it already is).
class DeviceGuard {
 public:
  explicit DeviceGuard(int device);
  ~DeviceGuard();
  DeviceGuard(const DeviceGuard&) = delete;
  DeviceGuard& operator=(const DeviceGuard&) = delete;

 private:
  int prev_;
};

// ---- memory: a caching allocator per device, as PyTorch's (runtime.cu); each call works on
// the current device
void* alloc(size_t bytes);  // throws "CUDA out of memory..." when even an emptied cache cannot serve it
// Called (once, on the allocating thread, with no allocator lock held) when cudaMalloc fails
// even after the cache was emptied, before alloc gives up: the binding collects garbage there,
// since unreachable tensors the garbage collector has not yet freed may hold the memory.
void set_out_of_memory_hook(void (*hook)());
void release(void* p);      // back to its device's cache; the block is reused once queued work is done
struct MemoryStats {
  int64_t allocated, reserved, max_allocated;
  // counts since start, PyTorch's memory_stats() names: segment.all.allocated / .freed (cudaMalloc
  // and cudaFree calls), num_alloc_retries (allocations that emptied the cache or collected
  // garbage before cudaMalloc succeeded), num_ooms (out-of-memory errors thrown)
  int64_t segments_allocated, segments_freed, alloc_retries, ooms;
};
MemoryStats memory_stats();
void empty_cache();
std::pair<size_t, size_t> mem_get_info();  // the current device's free and total bytes (cudaMemGetInfo)
void reset_peak_memory_stats();
// Copies bytes host -> device, device -> host (waits for the stream) or device -> device.
void copy_to_device(void* dst, const void* src, size_t bytes);
void copy_to_host(void* dst, const void* src, size_t bytes);
void copy_on_device(void* dst, const void* src, size_t bytes);
// From one GPU's memory to another's, directly (peer access or the driver's staging), once the
// source GPU's queued work is done; returns when the copy is.
void copy_peer(void* dst, int dst_device, const void* src, int src_device, size_t bytes);

// ---- kernels: the cpu:: signatures (elementwise.cu, reduce.cu, blas.cu)
void unary(UnaryOp op, DType in, DType out, const StridedLoop<2>& loop, const double* p);
// scalar_a / scalar_b: the value of an operand given as a number (its loop pointer is then unused)
void binary(BinaryOp op, DType in, DType out, const StridedLoop<3>& loop, double alpha, const double* scalar_a,
            const double* scalar_b);
void where(DType dt, const StridedLoop<4>& loop, const double* scalar_a, const double* scalar_b);
void copy(DType out, DType in, const StridedLoop<2>& loop);
void fill(DType dt, const StridedLoop<1>& loop, double value);
void reduce(ReduceOp op, DType in, DType out, const cpu::ReduceArgs& args);
void softmax(DType dt, bool log, const char* a, char* o, int64_t outer, int64_t len, int64_t inner);
void softmax_backward(DType dt, bool log, const char* g, const char* y, char* o, int64_t outer, int64_t len, int64_t inner);
// Through cuBLAS; TF32 tensor cores for float32 only when allow_tf32 (torch.backends.cuda.matmul.allowTf32).
void matmul(DType dt, const cpu::MatmulArgs& args);
void set_allow_tf32(bool allow);
// cuDNN (cudnn.cu): convolutions use it when the build found it and `enabled`; float32 ones may
// use TF32 tensor cores when allow_tf32 (torch.backends.cudnn.enabled / .allowTf32).
void set_cudnn_flags(bool enabled, bool allow_tf32);
int cudnn_version();  // cudnnGetVersion(), or 0 when cuDNN is not built in or cannot start

// ---- indexing (index.cu): cpu::take / cpu::put with the same loops; an offset outside
// [lo, hi) is skipped (the CPU's throws): the callers check their indices, and nothing waits
void take(DType dt, const StridedLoop<3>& loop, const char* lo, const char* hi);
void put(DType dt, bool accumulate, const StridedLoop<3>& loop, const char* lo, const char* hi, const double* scalar_values);

// ---- convolution (conv.cu: cuDNN, else our implicit GEMM) and 2-d pooling (nn.cu); the cpu:: signatures
void conv_forward(DType dt, const cpu::ConvGeom& g, const char* x, const char* w, const char* bias, char* out);
void conv_backward_input(DType dt, const cpu::ConvGeom& g, const char* gout, const char* w, char* gin);
void conv_backward_weight(DType dt, const cpu::ConvGeom& g, const char* gout, const char* x, char* gw);
void max_pool2d(DType dt, const cpu::PoolGeom& g, const char* x, char* out, int64_t* indices);
void max_pool2d_backward(DType dt, const cpu::PoolGeom& g, const char* gout, const int64_t* indices, char* gin);
void avg_pool2d(DType dt, const cpu::PoolGeom& g, const char* x, char* out);
void avg_pool2d_backward(DType dt, const cpu::PoolGeom& g, const char* gout, char* gin);

// ---- random numbers (random.cu): cpu/random.h's signatures and exactly its values
void random_fill(RandomOp op, DType dt, char* out, int64_t n, uint64_t seed, uint64_t offset, double a, double b);
void bernoulli_tensor(DType out_dt, char* out, DType p_dt, const char* p, int64_t n, uint64_t seed, uint64_t offset);

// ---- normalization (norm.cu): cpu/norm.h's signatures
void row_norm(const char* kernel, DType dt, const cpu::RowNormGeom& g, double eps, const char* x, const char* weight,
              const char* bias, char* out, char* mean, char* rstd);
void row_norm_backward(const char* kernel, DType dt, const cpu::RowNormGeom& g, const char* dy, const char* x,
                       const char* mean, const char* rstd, const char* weight, char* dx, char* dweight, char* dbias);
void batch_norm(DType dt, const cpu::BatchNormGeom& g, bool training, double momentum, double eps, const char* x,
                const char* weight, const char* bias, char* running_mean, char* running_var, char* out,
                char* save_mean, char* save_invstd);
void batch_norm_backward(DType dt, const cpu::BatchNormGeom& g, bool training, const char* dy, const char* x,
                         const char* save_mean, const char* save_invstd, const char* weight, char* dx,
                         char* dweight, char* dbias);

// ---- fused optimizer steps (optim.cu): optim_rules.h's formulas, as the cpu:: steps run them
void sgd_step(DType dt, const cpu::OptimBuffers& b, const cpu::SgdArgs& a);
void adam_step(DType dt, const cpu::OptimBuffers& b, const cpu::AdamArgs& a);
void adamax_step(DType dt, const cpu::OptimBuffers& b, const cpu::AdamaxArgs& a);
void nadam_step(DType dt, const cpu::OptimBuffers& b, const cpu::NadamArgs& a);
void radam_step(DType dt, const cpu::OptimBuffers& b, const cpu::RadamArgs& a);
void rmsprop_step(DType dt, const cpu::OptimBuffers& b, const cpu::RmspropArgs& a);
void adagrad_step(DType dt, const cpu::OptimBuffers& b, const cpu::AdagradArgs& a);
void adadelta_step(DType dt, const cpu::OptimBuffers& b, const cpu::AdadeltaArgs& a);

// ---- more nn (nn.cu): F.unfold / F.fold and adaptive pooling; the cpu:: signatures, and
// float16 / bfloat16 as well (float accumulation)
void im2col_batch(DType dt, const cpu::ConvGeom& g, const char* x, char* col);
void col2im_batch(DType dt, const cpu::ConvGeom& g, const char* col, char* x);
void adaptive_pool2d(DType dt, bool is_max, const cpu::PoolGeom& g, const char* x, char* out, int64_t* indices);
void adaptive_avg_pool2d_backward(DType dt, const cpu::PoolGeom& g, const char* gout, char* gin);

// ---- recurrent layers (rnn.cu): cpu/rnn.h's signatures and workspace layout, so either
// backward reads either forward's workspace; a.batch_sizes is host memory
void rnn_forward(DType dt, const cpu::RnnArgs& a, const char* xproj, const char* whh, const char* bhh, const char* whr,
                 const char* h0, const char* c0, char* out, char* hn, char* cn, char* ws);
void rnn_backward(DType dt, const cpu::RnnArgs& a, const char* dout, const char* dhn, const char* dcn, const char* ws,
                  const char* whh, const char* whr, char* dxproj, char* dgh, char* dh0, char* dc0, char* dwhr);

// ---- arg-reductions, scans and ranges (scan.cu): the cpu:: signatures and results (float
// scans up to rounding: the device combines partial sums in another order)
void reduce_arg(DType dt, bool is_max, const char* in, int64_t outer, int64_t len, int64_t inner, char* values,
                int64_t* indices);
void scan(cpu::ScanOp op, DType in, DType out, const char* a, char* o, int64_t* indices, int64_t outer, int64_t len,
          int64_t inner);
void arange(DType dt, void* out, int64_t n, double start, double step);
void linspace(DType dt, void* out, int64_t n, double start, double end);

// ---- sorting and selection (sort.cu): cpu/sort.h's and cpu::nonzero's signatures; nonzero
// waits for the stream (it returns the count, which the caller sizes its output from)
void sort(DType dt, const char* in, int64_t rows, int64_t len, bool descending, bool stable, char* values,
          int64_t* indices);
void topk(DType dt, const char* in, int64_t rows, int64_t len, int64_t k, bool largest, char* values, int64_t* indices);
int64_t nonzero(DType dt, const StridedLoop<1>& loop, int64_t* out, int64_t capacity);

}  // namespace tensile::cuda
