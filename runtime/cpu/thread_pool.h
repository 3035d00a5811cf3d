// The CPU backend's worker pool: runs work-group jobs on one thread per core.
//
// A job is one launch of a work-group function over a grid of work-groups,
// cut into chunks of consecutive work-groups. Why a tiny launch is fast
// (well under a microsecond of pool overhead on a 2-core machine):
//
// - No syscall on the fast path. The job list is guarded by a spin lock held
//   for a few instructions (never while user code runs), so a contended
//   acquire costs a few cache misses instead of a futex sleep and wake-up.
//   Threads poll the lock-free counters open_jobs_/open_helpable_ and touch
//   the lock only when there is something to claim.
// - Claiming is one atomic fetch_add on the job's chunk counter. The thread
//   that claims the last chunk unlinks the job at once, so pollers stop
//   seeing it; a one-chunk job is claimed and unlinked in one critical
//   section.
// - At most `max_spinners` idle workers spin (default: cores - 1); the others
//   sleep. A thread waiting for an event spins too (and runs helpable jobs
//   itself), so on 2 cores one spinning worker plus the waiter fill the
//   machine without a third spinner stealing their time slices.
// - Submission wakes sleepers only when the new job has more chunks than
//   there are spinning workers to take them, so a stream of small launches
//   makes no futex calls; a big job pays one wake-up, which it amortizes.
//
// Lost wake-ups are excluded by a Dekker-style handshake on seq_cst counters:
// the submitter publishes the job and then reads spinning_/sleepers_; an idle
// worker leaves spinning_, enters sleepers_ and then re-checks open_jobs_.
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

#include "../backend.h"
#include "sporkle/cpu_abi.h"

namespace sporkle::rt::cpu {

struct wg_job {
  sporkle_cpu_wg_fn fn = nullptr;
  const void *args = nullptr;
  sporkle_cpu_wg_context shape{}; // all but group_id and local_mem
  uint64_t total_groups = 0;
  uint64_t chunk = 1;   // work-groups per claim
  bool helpable = true; // safe to run on a waiting user thread's stack
  completion on_done;
  alignas(16) unsigned char inline_args[64]; // for the pool's own jobs (copy, fill)

  // Owned by the pool from submit() on.
  std::atomic<uint32_t> refs{1};
  uint64_t total_chunks = 0;
  std::atomic<uint64_t> next_chunk{0}; // may run past total_chunks
  std::atomic<uint64_t> done_groups{0};
  wg_job *prev = nullptr, *next = nullptr; // the job list, under the pool's lock
};

/// A test-and-test-and-set lock for critical sections of a few instructions.
/// Yields the CPU when the holder seems to be descheduled (more runnable
/// threads than cores).
class spin_lock {
public:
  void lock();
  void unlock() { locked_.store(false, std::memory_order_release); }

private:
  std::atomic<bool> locked_{false};
};

class thread_pool {
public:
  /// `threads` workers, each with a stack of `stack_bytes`; started lazily.
  /// At most `max_spinners` idle workers spin for up to `spin_us` before
  /// sleeping (0: one fewer than the cores of the machine, at least 1).
  thread_pool(unsigned threads, size_t stack_bytes, unsigned spin_us, unsigned max_spinners = 0);
  thread_pool(const thread_pool &) = delete;
  thread_pool &operator=(const thread_pool &) = delete;

  unsigned size() const { return num_threads_; }
  /// Queues `job` (the pool takes the caller's reference). on_done runs on
  /// the thread that finishes the last work-group, never under a pool lock,
  /// so it may submit further jobs.
  void submit(wg_job *job);
  /// Runs work-groups of a queued, helpable job on the calling thread.
  bool help();

private:
  struct worker_state;
  static void *worker_main(void *pool);
  void start_workers();
  /// Claims a chunk of the first job this thread may run; the caller gets a
  /// reference to the job. Returns nullptr when there is none.
  wg_job *claim(bool for_helper, uint64_t &chunk);
  void unlink(wg_job *job); // under list_lock_
  void run_job(wg_job *job, uint64_t chunk, worker_state &ws);
  void wait_for_work();
  void wake_for(const wg_job *job);

  const unsigned num_threads_;
  const size_t stack_bytes_;
  const unsigned spin_us_;
  const unsigned max_spinners_;
  std::once_flag started_;

  spin_lock list_lock_;
  wg_job *head_ = nullptr, *tail_ = nullptr; // FIFO; the list holds one reference each
  std::atomic<uint32_t> open_jobs_{0};       // jobs in the list, readable without the lock
  std::atomic<uint32_t> open_helpable_{0};   // ... of which helpable

  std::atomic<uint32_t> spinning_{0}; // idle workers polling for work
  std::mutex sleep_mutex_;
  std::condition_variable sleep_cv_;
  std::atomic<uint32_t> sleepers_{0};
};

void release_job(wg_job *job);

} // namespace sporkle::rt::cpu

#endif
