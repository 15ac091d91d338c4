// A process-wide pool of worker threads shared by every CPU kernel.
// parallel_for splits [begin, end) into contiguous chunks, one per thread, and runs
// them on the pool with the calling thread taking the first chunk. Work smaller than
// `grain` runs inline so tiny tensors never pay for a thread hand-off.
#pragma once
#include <cstdint>
#include <functional>

namespace tensile {

int get_num_threads();
// n >= 1; the pool grows or shrinks to n - 1 workers. Jobs already sized for more threads still
// run every chunk (the caller takes the extra ones), but kernels whose chunks wait for each
// other (the GEMM's barrier) need every thread: resize while no other thread computes.
void set_num_threads(int n);

// fn(chunk_begin, chunk_end) is called on disjoint ranges covering [begin, end).
// Calls from inside a parallel region run inline (no nested parallelism).
void parallel_for(int64_t begin, int64_t end, int64_t grain,
                  const std::function<void(int64_t, int64_t)>& fn);

// Number of chunks parallel_for would use for this range; lets a kernel size per-thread scratch.
int parallel_chunks(int64_t begin, int64_t end, int64_t grain);

}  // namespace tensile
