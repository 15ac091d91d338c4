#include "threadpool.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

namespace tensile {
namespace {

thread_local bool in_parallel_region = false;

// A short busy wait: the pause instruction keeps a spinning core from starving its hyperthread
// sibling and from flooding the memory system with speculative loads.
inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

// How long a worker (or the caller) spins before it sleeps. A training step runs its parallel
// regions with tens to a couple of hundred microseconds of JavaScript between them, and waking a
// sleeping thread through the kernel costs far more than that on a virtual machine (measured:
// a layer-norm forward and backward with 50 us of other work between them took twice as long
// once the worker slept in between); an idle pool still goes to sleep at once in human terms.
// Measured in time, not pause instructions: a pause lasts from a few cycles to 140 depending on
// the core (10 ns on the machine these figures come from, so 2048 of them spun for 20 us).
// (OpenMP, under PyTorch, spins longer still.)
constexpr auto kSpinTime = std::chrono::microseconds(300);

// Spins until done() or kSpinTime has passed; true if done() became true.
template <typename F>
bool spin_until(F done) {
  const auto deadline = std::chrono::steady_clock::now() + kSpinTime;
  for (unsigned i = 1;; ++i) {
    if (done()) return true;
    cpu_relax();
    if (i % 64 == 0 && std::chrono::steady_clock::now() >= deadline) return done();
  }
}

// Workers wait for a job by spinning briefly, then sleeping on a condition variable; a job is
// a generation number plus the chunked range. The caller runs chunk 0 itself, then waits until
// every worker has acknowledged the job (run its chunk, or seen it has none): only then may the
// next job overwrite job_ and job_chunks_, which workers read without a lock.
class Pool {
 public:
  Pool() { resize(default_threads()); }
  ~Pool() { stop_workers(); }

  int size() const { return static_cast<int>(workers_.size()) + 1; }

  void resize(int n) {
    std::lock_guard<std::mutex> guard(run_mutex_);  // not while a job runs (worker threads may call in)
    if (n < 1) n = 1;
    if (n == size()) return;
    stop_workers();
    stopping_ = false;
    const uint64_t start = generation_.load(std::memory_order_acquire);  // jobs before now are not theirs
    for (int i = 1; i < n; ++i) workers_.emplace_back([this, i, start] { worker_loop(i, start); });
  }

  void run(int chunks, const std::function<void(int)>& chunk_fn) {
    std::unique_lock<std::mutex> guard(run_mutex_);  // one job at a time
    job_ = &chunk_fn;
    job_chunks_ = chunks;
    pending_.store(static_cast<int>(workers_.size()), std::memory_order_relaxed);
    bool wake;
    {
      // under the mutex: a worker about to sleep checks the generation under it too, so it
      // either sees the new job or is counted in sleepers_ and gets the notification
      std::lock_guard<std::mutex> lk(m_);
      generation_.fetch_add(1, std::memory_order_release);
      wake = sleepers_ > 0;
    }
    if (wake) cv_.notify_all();
    in_parallel_region = true;
    chunk_fn(0);
    // chunks beyond the workers (the pool shrank, from another thread, after the caller sized
    // the job): the caller runs them too, so every chunk runs exactly once
    for (int c = static_cast<int>(workers_.size()) + 1; c < chunks; ++c) chunk_fn(c);
    in_parallel_region = false;
    if (!spin_until([this] { return pending_.load(std::memory_order_acquire) == 0; })) {
      std::unique_lock<std::mutex> lk(m_);
      done_cv_.wait(lk, [this] { return pending_.load(std::memory_order_acquire) == 0; });
    }
    job_ = nullptr;
  }

 private:
  static int default_threads() {
    unsigned hc = std::thread::hardware_concurrency();
    return hc == 0 ? 1 : static_cast<int>(hc);
  }

  void worker_loop(int index, uint64_t seen) {
    for (;;) {
      // spin for the next job, then sleep
      uint64_t gen = seen;
      spin_until([&] {
        gen = generation_.load(std::memory_order_acquire);
        return gen != seen || stopping_flag_.load(std::memory_order_relaxed);
      });
      if (gen == seen) {
        std::unique_lock<std::mutex> lk(m_);
        ++sleepers_;
        cv_.wait(lk, [&] { return stopping_ || generation_.load(std::memory_order_acquire) != seen; });
        --sleepers_;
        if (stopping_) return;
        gen = generation_.load(std::memory_order_acquire);
      }
      if (stopping_flag_.load(std::memory_order_relaxed)) return;
      seen = gen;
      const std::function<void(int)>* job = job_;
      const int chunks = job_chunks_;
      if (index < chunks) {
        in_parallel_region = true;
        (*job)(index);
        in_parallel_region = false;
      }
      if (pending_.fetch_sub(1, std::memory_order_acq_rel) == 1) {
        std::lock_guard<std::mutex> lk(m_);
        done_cv_.notify_one();
      }
    }
  }

  void stop_workers() {
    {
      std::lock_guard<std::mutex> lk(m_);
      stopping_ = true;
      stopping_flag_.store(true, std::memory_order_relaxed);
    }
    cv_.notify_all();
    for (auto& t : workers_) t.join();
    workers_.clear();
    stopping_flag_.store(false, std::memory_order_relaxed);
  }

  std::vector<std::thread> workers_;
  std::mutex m_, run_mutex_;
  std::condition_variable cv_, done_cv_;
  std::atomic<uint64_t> generation_{0};
  // written by the caller before the generation's release store, read by workers after its
  // acquire load; unchanged until every worker has finished the job
  const std::function<void(int)>* job_ = nullptr;
  int job_chunks_ = 0;
  std::atomic<int> pending_{0};
  int sleepers_ = 0;  // guarded by m_
  bool stopping_ = false;  // guarded by m_
  std::atomic<bool> stopping_flag_{false};  // the same, readable while spinning
};

Pool& pool() {
  static Pool* p = new Pool();  // never destroyed: workers may outlive static destruction order
  return *p;
}

}  // namespace

int get_num_threads() { return pool().size(); }
void set_num_threads(int n) { pool().resize(n); }

int parallel_chunks(int64_t begin, int64_t end, int64_t grain) {
  int64_t n = end - begin;
  if (n <= 0) return 0;
  if (in_parallel_region) return 1;
  if (grain < 1) grain = 1;
  // a grain of INT64_MAX means "run serially": avoid the overflow of n + grain - 1
  int64_t by_grain = grain >= n ? 1 : (n + grain - 1) / grain;
  int64_t t = pool().size();
  return static_cast<int>(by_grain < t ? by_grain : t);
}

void parallel_for(int64_t begin, int64_t end, int64_t grain,
                  const std::function<void(int64_t, int64_t)>& fn) {
  int chunks = parallel_chunks(begin, end, grain);
  if (chunks <= 0) return;
  if (chunks == 1) {
    fn(begin, end);
    return;
  }
  int64_t n = end - begin;
  std::function<void(int)> chunk_fn = [&](int c) {
    int64_t lo = begin + n * c / chunks;
    int64_t hi = begin + n * (c + 1) / chunks;
    if (lo < hi) fn(lo, hi);
  };
  pool().run(chunks, chunk_fn);
}

}  // namespace tensile
