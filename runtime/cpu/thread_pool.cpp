// Worker pool for the CPU backend (see thread_pool.h).
#include "thread_pool.h"

#include <pthread.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>

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

void release_job(wg_job *job) {
  if (job->refs.fetch_sub(1, std::memory_order_acq_rel) == 1)
    delete job;
}

thread_pool::thread_pool(unsigned threads, size_t stack_bytes, unsigned spin_us)
    : num_threads_(threads ? threads : 1), stack_bytes_(stack_bytes), spin_us_(spin_us) {}

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
  std::call_once(started_, [this] { start_workers(); });
  {
    std::lock_guard<std::mutex> lock(jobs_mutex_);
    jobs_.push_back(job);
    queued_jobs_.store(uint32_t(jobs_.size()), std::memory_order_seq_cst);
  }
  // Pairs with wait_for_work(): a worker either sees queued_jobs_ before it
  // sleeps or is counted in sleepers_ here (both accesses are seq_cst).
  if (sleepers_.load(std::memory_order_seq_cst) != 0) {
    { std::lock_guard<std::mutex> lock(sleep_mutex_); }
    sleep_cv_.notify_all();
  }
}

wg_job *thread_pool::acquire_job(bool for_helper) {
  std::lock_guard<std::mutex> lock(jobs_mutex_);
  wg_job *found = nullptr;
  for (size_t i = 0; i < jobs_.size();) {
    wg_job *job = jobs_[i];
    if (job->next_group.load(std::memory_order_relaxed) >= job->total_groups) {
      // Every work-group is claimed: the list lets go of it.
      jobs_.erase(jobs_.begin() + i);
      release_job(job);
      continue;
    }
    if (!for_helper || job->helpable) {
      found = job;
      found->refs.fetch_add(1, std::memory_order_relaxed);
      break;
    }
    ++i;
  }
  queued_jobs_.store(uint32_t(jobs_.size()), std::memory_order_seq_cst);
  return found;
}

void thread_pool::run_job(wg_job *job, worker_state &ws) {
  sporkle_cpu_wg_context ctx = job->shape;
  ctx.local_mem = ws.local_memory(ctx.local_mem_size);
  const uint64_t nx = ctx.num_groups[0], ny = ctx.num_groups[1];
  const uint64_t total = job->total_groups;
  for (;;) {
    uint64_t begin = job->next_group.fetch_add(job->chunk, std::memory_order_relaxed);
    if (begin >= total)
      break;
    uint64_t end = begin + job->chunk < total ? begin + job->chunk : total;
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
  }
}

bool thread_pool::help() {
  if (queued_jobs_.load(std::memory_order_relaxed) == 0)
    return false;
  wg_job *job = acquire_job(/*for_helper=*/true);
  if (!job)
    return false;
  static thread_local worker_state helper_state;
  run_job(job, helper_state);
  release_job(job);
  return true;
}

bool thread_pool::wait_for_work() {
  using clock = std::chrono::steady_clock;
  auto spin_until = clock::now() + std::chrono::microseconds(spin_us_);
  for (unsigned i = 0;; ++i) {
    if (queued_jobs_.load(std::memory_order_relaxed) != 0)
      return true;
    SPORKLE_CPU_RELAX();
    if ((i & 63) == 63 && clock::now() >= spin_until)
      break;
  }
  std::unique_lock<std::mutex> lock(sleep_mutex_);
  sleepers_.fetch_add(1, std::memory_order_seq_cst);
  sleep_cv_.wait(lock, [this] { return queued_jobs_.load(std::memory_order_seq_cst) != 0; });
  sleepers_.fetch_sub(1, std::memory_order_relaxed);
  return true;
}

void *thread_pool::worker_main(void *arg) {
  auto *pool = static_cast<thread_pool *>(arg);
  worker_state ws;
  for (;;) {
    if (wg_job *job = pool->acquire_job(/*for_helper=*/false)) {
      pool->run_job(job, ws);
      release_job(job);
      continue;
    }
    pool->wait_for_work();
  }
  return nullptr;
}

} // namespace sporkle::rt::cpu
