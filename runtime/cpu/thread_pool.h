// The CPU backend's worker pool: runs work-group jobs on one thread per core.
//
// A job is one launch of a work-group function over a grid of work-groups.
// Workers claim chunks of consecutive work-groups with one atomic fetch_add on
// the job (no lock per chunk); a lock is taken only to find the next job.
// Idle workers spin briefly (back-to-back launches find them awake) and then
// sleep on a condition variable. A thread waiting for an event may help().
//
// The pool is never destroyed: its threads are left running at exit so that a
// program which exit()s mid-kernel neither hangs joining them nor frees
// memory they still use; the OS reaps them with the process.
#ifndef SPORKLE_RUNTIME_CPU_THREAD_POOL_H
#define SPORKLE_RUNTIME_CPU_THREAD_POOL_H

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <vector>

#include "../backend.h"
#include "sporkle/cpu_abi.h"

namespace sporkle::rt::cpu {

struct wg_job {
  sporkle_cpu_wg_fn fn = nullptr;
  const void *args = nullptr;
  sporkle_cpu_wg_context shape{}; // all but group_id and local_mem
  uint64_t total_groups = 0;
  uint64_t chunk = 1;
  bool helpable = true; // safe to run on a waiting user thread's stack
  completion on_done;
  alignas(16) unsigned char inline_args[64]; // for the pool's own jobs (copy, fill)

  std::atomic<uint32_t> refs{1};
  std::atomic<uint64_t> next_group{0};
  std::atomic<uint64_t> done_groups{0};
};

class thread_pool {
public:
  /// `threads` workers, each with a stack of `stack_bytes`; started lazily.
  thread_pool(unsigned threads, size_t stack_bytes, unsigned spin_us);
  thread_pool(const thread_pool &) = delete;
  thread_pool &operator=(const thread_pool &) = delete;

  unsigned size() const { return num_threads_; }
  /// Queues `job` (the pool takes the caller's reference). on_done runs on
  /// the thread that finishes the last work-group.
  void submit(wg_job *job);
  /// Runs work-groups of a queued, helpable job on the calling thread.
  bool help();

private:
  struct worker_state;
  static void *worker_main(void *pool);
  void start_workers();
  wg_job *acquire_job(bool for_helper);
  void run_job(wg_job *job, worker_state &ws);
  bool wait_for_work();

  const unsigned num_threads_;
  const size_t stack_bytes_;
  const unsigned spin_us_;
  std::once_flag started_;

  std::mutex jobs_mutex_;
  std::vector<wg_job *> jobs_;           // FIFO; the list holds one reference each
  std::atomic<uint32_t> queued_jobs_{0}; // jobs_.size(), readable without the lock

  std::mutex sleep_mutex_;
  std::condition_variable sleep_cv_;
  std::atomic<uint32_t> sleepers_{0};
};

void release_job(wg_job *job);

} // namespace sporkle::rt::cpu

#endif
