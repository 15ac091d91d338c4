#include "threadpool.h"

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

namespace tensile {
namespace {

thread_local bool in_parallel_region = false;

// Workers sleep on a condition variable between jobs; a job is a generation number plus the
// chunked range. The caller runs chunk 0 itself, then waits until every worker has finished.
class Pool {
 public:
  Pool() { resize(default_threads()); }
  ~Pool() { stop_workers(); }

  int size() const { return static_cast<int>(workers_.size()) + 1; }

  void resize(int n) {
    if (n < 1) n = 1;
    if (n == size()) return;
    stop_workers();
    stopping_ = false;
    for (int i = 1; i < n; ++i) workers_.emplace_back([this, i] { worker_loop(i); });
  }

  void run(int chunks, const std::function<void(int)>& chunk_fn) {
    std::unique_lock<std::mutex> guard(run_mutex_);  // one job at a time
    {
      std::lock_guard<std::mutex> lk(m_);
      job_ = &chunk_fn;
      job_chunks_ = chunks;
      pending_.store(chunks - 1, std::memory_order_relaxed);
      ++generation_;
    }
    cv_.notify_all();
    in_parallel_region = true;
    chunk_fn(0);
    in_parallel_region = false;
    std::unique_lock<std::mutex> lk(m_);
    done_cv_.wait(lk, [this] { return pending_.load(std::memory_order_acquire) == 0; });
    job_ = nullptr;
  }

 private:
  static int default_threads() {
    unsigned hc = std::thread::hardware_concurrency();
    return hc == 0 ? 1 : static_cast<int>(hc);
  }

  void worker_loop(int index) {
    uint64_t seen = 0;
    for (;;) {
      const std::function<void(int)>* job;
      int chunks;
      {
        std::unique_lock<std::mutex> lk(m_);
        cv_.wait(lk, [&] { return stopping_ || generation_ != seen; });
        if (stopping_) return;
        seen = generation_;
        job = job_;
        chunks = job_chunks_;
      }
      if (index < chunks) {
        in_parallel_region = true;
        (*job)(index);
        in_parallel_region = false;
        if (pending_.fetch_sub(1, std::memory_order_acq_rel) == 1) {
          std::lock_guard<std::mutex> lk(m_);
          done_cv_.notify_one();
        }
      }
    }
  }

  void stop_workers() {
    {
      std::lock_guard<std::mutex> lk(m_);
      stopping_ = true;
    }
    cv_.notify_all();
    for (auto& t : workers_) t.join();
    workers_.clear();
  }

  std::vector<std::thread> workers_;
  std::mutex m_, run_mutex_;
  std::condition_variable cv_, done_cv_;
  uint64_t generation_ = 0;
  const std::function<void(int)>* job_ = nullptr;
  int job_chunks_ = 0;
  std::atomic<int> pending_{0};
  bool stopping_ = false;
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
