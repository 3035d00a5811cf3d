// The CPU backend's worker pool on its own: every work-group of every job runs
// exactly once, from many submitting threads at once, and waiters can help.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "cpu/thread_pool.h"

using sporkle::rt::completion;
using sporkle::rt::cpu::thread_pool;
using sporkle::rt::cpu::wg_job;

namespace {

struct job_state {
  std::vector<std::atomic<uint32_t>> hits;
  std::atomic<int> done{0};
  explicit job_state(size_t n) : hits(n) {}
};

void count_group(const void *args, const sporkle_cpu_wg_context *ctx) {
  auto *s = static_cast<job_state *>(const_cast<void *>(args));
  uint64_t linear = (ctx->group_id[2] * ctx->num_groups[1] + ctx->group_id[1]) * ctx->num_groups[0] +
                    ctx->group_id[0];
  s->hits[linear].fetch_add(1, std::memory_order_relaxed);
}

wg_job *make_job(job_state &s, uint64_t gx, uint64_t gy, uint64_t gz, uint64_t chunk) {
  auto *job = new wg_job;
  job->fn = &count_group;
  job->args = &s;
  uint64_t g[3] = {gx, gy, gz};
  for (int d = 0; d < 3; ++d) {
    job->shape.global_size[d] = g[d];
    job->shape.local_size[d] = 1;
    job->shape.num_groups[d] = g[d];
  }
  job->total_groups = gx * gy * gz;
  job->chunk = chunk;
  job->on_done = completion{[](void *p) { static_cast<job_state *>(p)->done.store(1); }, &s};
  return job;
}

/// Pools are never destroyed (their detached workers outlive them by
/// design), so each test leaks its own.
thread_pool &new_pool(unsigned threads) { return *new thread_pool(threads, 1 << 20, 20); }

void wait_done(thread_pool &pool, job_state &s) {
  while (!s.done.load())
    if (!pool.help())
      std::this_thread::yield();
}

} // namespace

TEST(ThreadPool, RunsEveryWorkGroupOnceAcrossChunkSizesAndShapes) {
  thread_pool &pool = new_pool(3);
  for (uint64_t chunk : {1, 3, 64})
    for (auto shape : {std::vector<uint64_t>{1000, 1, 1}, {7, 11, 13}, {1, 1, 1}}) {
      job_state s(shape[0] * shape[1] * shape[2]);
      pool.submit(make_job(s, shape[0], shape[1], shape[2], chunk));
      wait_done(pool, s);
      for (auto &h : s.hits)
        ASSERT_EQ(h.load(), 1u);
    }
}

TEST(ThreadPool, ManyConcurrentJobsFromManySubmitters) {
  thread_pool &pool = new_pool(2);
  std::vector<std::thread> submitters;
  std::atomic<int> failures{0};
  for (int t = 0; t < 4; ++t)
    submitters.emplace_back([&] {
      for (int i = 0; i < 100; ++i) {
        job_state s(257);
        pool.submit(make_job(s, 257, 1, 1, 2));
        wait_done(pool, s);
        for (auto &h : s.hits)
          failures += h.load() != 1;
      }
    });
  for (auto &t : submitters)
    t.join();
  EXPECT_EQ(failures.load(), 0);
}

TEST(ThreadPool, ZeroGroupJobCompletesImmediately) {
  thread_pool &pool = new_pool(1);
  job_state s(0);
  pool.submit(make_job(s, 0, 1, 1, 1));
  EXPECT_EQ(s.done.load(), 1);
}

TEST(ThreadPool, HelperSkipsJobsNotMarkedHelpable) {
  thread_pool &pool = new_pool(1);
  job_state s(64);
  wg_job *job = make_job(s, 64, 1, 1, 1);
  job->helpable = false;
  pool.submit(job);
  // The helper must leave it alone; the worker finishes it.
  while (!s.done.load())
    EXPECT_FALSE(pool.help());
  for (auto &h : s.hits)
    ASSERT_EQ(h.load(), 1u);
}
