// Worker pool for the CPU backend (see thread_pool.h for the design).
#include "thread_pool.h"

#include <pthread.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <thread>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define SPORKLE_CPU_RELAX() _mm_pause()
#elif defined(__aarch64__)
#define SPORKLE_CPU_RELAX() asm volatile("yield")
#else
#define SPORKLE_CPU_RELAX() ((void)0)
#endif

namespace sporkle::rt::cpu {

/// Per-thread state: the local-memory arena handed to work-group functions.
struct thread_pool::worker_state {
  void *arena = nullptr;
  uint64_t arena_size = 0;

  void *local_memory(uint64_t bytes) {
    if (bytes > arena_size) {
      std::free(arena);
      uint64_t size = (bytes + 63) & ~uint64_t(63);
      arena = std::aligned_alloc(64, size);
      if (!arena) {
        // Launch already validated the size against the device limit;
        // running out of memory here leaves no sane way to continue.
        std::fprintf(stderr, "sporkle: cannot allocate %llu bytes of local memory\n",
                     (unsigned long long)size);
        std::abort();
      }
      arena_size = size;
    }
    return arena;
  }
};

void spin_lock::lock() {
  for (unsigned spins = 0;;) {
    if (!locked_.exchange(true, std::memory_order_acquire))
      return;
    while (locked_.load(std::memory_order_relaxed)) {
      SPORKLE_CPU_RELAX();
      // The holder only runs a few instructions; if it takes this long it
      // was descheduled, so let it have our CPU.
      if (++spins % 256 == 0)
        std::this_thread::yield();
    }
  }
}

void release_job(wg_job *job) {
  if (job->refs.fetch_sub(1, std::memory_order_acq_rel) == 1)
    delete job;
}

namespace {
unsigned default_spinners(unsigned threads) {
  unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  return std::max(1u, std::min(threads, cores - 1));
}
} // namespace

thread_pool::thread_pool(unsigned threads, size_t stack_bytes, unsigned spin_us,
                         unsigned max_spinners)
    : num_threads_(threads ? threads : 1), stack_bytes_(stack_bytes), spin_us_(spin_us),
      max_spinners_(max_spinners ? max_spinners : default_spinners(threads ? threads : 1)) {}

void thread_pool::start_workers() {
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, stack_bytes_);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  for (unsigned i = 0; i < num_threads_; ++i) {
    pthread_t thread;
    if (int err = pthread_create(&thread, &attr, &thread_pool::worker_main, this)) {
      // Helpers (waiting threads) still make progress; warn once per failure.
      std::fprintf(stderr, "sporkle: could not start CPU worker thread: %s\n",
                   std::strerror(err));
      break;
    }
  }
  pthread_attr_destroy(&attr);
}

void thread_pool::submit(wg_job *job) {
  if (job->total_groups == 0) {
    job->on_done();
    release_job(job);
    return;
  }
  job->chunk = std::max<uint64_t>(1, job->chunk);
  job->total_chunks = job->total_groups / job->chunk + (job->total_groups % job->chunk != 0);
  const uint64_t chunks = job->total_chunks; // `job` may be gone once it is listed
  std::call_once(started_, [this] { start_workers(); });
  {
    std::lock_guard<spin_lock> lock(list_lock_);
    job->prev = tail_;
    job->next = nullptr;
    (tail_ ? tail_->next : head_) = job;
    tail_ = job;
    if (job->helpable)
      open_helpable_.fetch_add(1, std::memory_order_relaxed);
    open_jobs_.fetch_add(1, std::memory_order_seq_cst);
  }
  // Wake sleepers only for chunks the spinning workers cannot take at once.
  // Pairs with wait_for_work(): a worker that stops spinning re-checks
  // open_jobs_ after leaving spinning_ (all seq_cst), so one counted here as
  // spinning is bound to see this job.
  uint64_t wanted = std::min<uint64_t>(chunks, num_threads_);
  uint32_t spinning = spinning_.load(std::memory_order_seq_cst);
  if (wanted > spinning && sleepers_.load(std::memory_order_seq_cst) != 0) {
    { std::lock_guard<std::mutex> lock(sleep_mutex_); }
    if (wanted - spinning == 1)
      sleep_cv_.notify_one();
    else
      sleep_cv_.notify_all();
  }
}

void thread_pool::unlink(wg_job *job) {
  (job->prev ? job->prev->next : head_) = job->next;
  (job->next ? job->next->prev : tail_) = job->prev;
  job->prev = job->next = nullptr;
  if (job->helpable)
    open_helpable_.fetch_sub(1, std::memory_order_relaxed);
  open_jobs_.fetch_sub(1, std::memory_order_relaxed);
}

wg_job *thread_pool::claim(bool for_helper, uint64_t &chunk) {
  if ((for_helper ? open_helpable_ : open_jobs_).load(std::memory_order_relaxed) == 0)
    return nullptr;
  std::lock_guard<spin_lock> lock(list_lock_);
  for (wg_job *job = head_; job; job = job->next) {
    if (for_helper && !job->helpable)
      continue;
    uint64_t c = job->next_chunk.fetch_add(1, std::memory_order_relaxed);
    if (c >= job->total_chunks)
      continue; // all claimed; the last claimer is about to unlink it
    if (c + 1 == job->total_chunks)
      unlink(job); // the last chunk: the list's reference becomes ours
    else
      job->refs.fetch_add(1, std::memory_order_relaxed);
    chunk = c;
    return job;
  }
  return nullptr;
}

void thread_pool::run_job(wg_job *job, uint64_t c, worker_state &ws) {
  sporkle_cpu_wg_context ctx = job->shape;
  ctx.local_mem = ws.local_memory(ctx.local_mem_size);
  const uint64_t nx = ctx.num_groups[0], ny = ctx.num_groups[1];
  const uint64_t total = job->total_groups, chunks = job->total_chunks;
  for (;;) {
    uint64_t begin = c * job->chunk;
    uint64_t end = std::min(begin + job->chunk, total);
    ctx.group_id[0] = begin % nx;
    ctx.group_id[1] = (begin / nx) % ny;
    ctx.group_id[2] = begin / (nx * ny);
    for (uint64_t g = begin; g < end; ++g) {
      job->fn(job->args, &ctx);
      // Step to the next group id, x fastest.
      if (++ctx.group_id[0] == nx) {
        ctx.group_id[0] = 0;
        if (++ctx.group_id[1] == ny) {
          ctx.group_id[1] = 0;
          ++ctx.group_id[2];
        }
      }
    }
    // acq_rel: the finisher sees every work-group's writes before on_done.
    if (job->done_groups.fetch_add(end - begin, std::memory_order_acq_rel) + (end - begin) ==
        total)
      job->on_done();
    if (c + 1 >= chunks)
      return; // that was the last chunk: nothing left to claim
    c = job->next_chunk.fetch_add(1, std::memory_order_relaxed);
    if (c >= chunks)
      return;
    if (c + 1 == chunks) {
      {
        std::lock_guard<spin_lock> lock(list_lock_);
        unlink(job);
      }
      release_job(job); // the list's reference; the caller still holds one
    }
  }
}

bool thread_pool::help() {
  uint64_t chunk;
  wg_job *job = claim(/*for_helper=*/true, chunk);
  if (!job)
    return false;
  static thread_local worker_state helper_state;
  run_job(job, chunk, helper_state);
  release_job(job);
  return true;
}

void thread_pool::wait_for_work() {
  if (spinning_.fetch_add(1, std::memory_order_seq_cst) < max_spinners_) {
    using clock = std::chrono::steady_clock;
    auto spin_until = clock::now() + std::chrono::microseconds(spin_us_);
    for (unsigned i = 0;; ++i) {
      if (open_jobs_.load(std::memory_order_relaxed) != 0) {
        spinning_.fetch_sub(1, std::memory_order_seq_cst);
        return;
      }
      SPORKLE_CPU_RELAX();
      if ((i & 63) == 63 && clock::now() >= spin_until)
        break;
    }
  }
  // Sleep. Counted as a sleeper before leaving spinning_, and open_jobs_ is
  // checked after both (see submit()).
  std::unique_lock<std::mutex> lock(sleep_mutex_);
  sleepers_.fetch_add(1, std::memory_order_seq_cst);
  spinning_.fetch_sub(1, std::memory_order_seq_cst);
  sleep_cv_.wait(lock, [this] { return open_jobs_.load(std::memory_order_seq_cst) != 0; });
  sleepers_.fetch_sub(1, std::memory_order_relaxed);
}

void *thread_pool::worker_main(void *arg) {
  auto *pool = static_cast<thread_pool *>(arg);
  worker_state ws;
  for (;;) {
    uint64_t chunk;
    if (wg_job *job = pool->claim(/*for_helper=*/false, chunk)) {
      pool->run_job(job, chunk, ws);
      release_job(job);
      continue;
    }
    pool->wait_for_work();
  }
  return nullptr;
}

} // namespace sporkle::rt::cpu
