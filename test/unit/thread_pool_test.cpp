// The CPU backend's worker pool on its own: every work-group of every job runs
// exactly once, from many submitting threads at once, and waiters can help.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <random>
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

namespace {

/// Waits without helping: only the pool's workers can finish the job, so a
/// lost wake-up shows as a timeout instead of being papered over by help().
bool wait_done_without_helping(job_state &s, std::chrono::seconds limit) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (!s.done.load())
    if (std::chrono::steady_clock::now() > deadline)
      return false;
    else
      std::this_thread::yield();
  return true;
}

} // namespace

TEST(ThreadPool, WorkersWakeUpForJobsSubmittedWhileTheySleep) {
  // 1 us of spinning and random pauses around it: submissions land at every
  // point of a worker's way from spinning to sleeping.
  thread_pool &pool = *new thread_pool(2, 1 << 20, /*spin_us=*/1, /*max_spinners=*/1);
  std::minstd_rand rng(7);
  for (int i = 0; i < 20000; ++i) {
    uint64_t groups = i % 3 == 0 ? 5 : 1;
    job_state s(groups);
    pool.submit(make_job(s, groups, 1, 1, 1));
    ASSERT_TRUE(wait_done_without_helping(s, std::chrono::seconds(20))) << "job " << i;
    for (auto &h : s.hits)
      ASSERT_EQ(h.load(), 1u);
    // Busy pauses (sleep_for rounds up to tens of us) of 0..3 us: the next
    // submission often meets a worker at the end of its spin.
    auto until = std::chrono::steady_clock::now() + std::chrono::nanoseconds(rng() % 3000);
    while (std::chrono::steady_clock::now() < until) {
    }
  }
}

namespace {
struct rendezvous_state {
  std::atomic<int> arrived{0};
  std::atomic<int> timed_out{0};
  std::atomic<int> done{0};
};
// Every work-group waits (bounded) until both have started: only finishes
// promptly if two workers run at the same time.
void rendezvous_group(const void *args, const sporkle_cpu_wg_context *) {
  auto *s = static_cast<rendezvous_state *>(const_cast<void *>(args));
  s->arrived.fetch_add(1);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (s->arrived.load() < 2)
    if (std::chrono::steady_clock::now() > deadline) {
      s->timed_out.store(1);
      return;
    }
}
} // namespace

TEST(ThreadPool, MultiChunkJobWakesSleepingWorkers) {
  // One spinner at most, so the second worker sleeps; a two-chunk job must
  // wake it (the submitter does not help).
  thread_pool &pool = *new thread_pool(2, 1 << 20, /*spin_us=*/1, /*max_spinners=*/1);
  for (int i = 0; i < 20; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2)); // both workers asleep
    rendezvous_state s;
    auto *job = new wg_job;
    job->fn = &rendezvous_group;
    job->args = &s;
    for (int d = 0; d < 3; ++d)
      job->shape.global_size[d] = job->shape.num_groups[d] = job->shape.local_size[d] = 1;
    job->shape.global_size[0] = job->shape.num_groups[0] = 2;
    job->total_groups = 2;
    job->on_done = completion{[](void *p) { static_cast<rendezvous_state *>(p)->done.store(1); }, &s};
    pool.submit(job);
    while (!s.done.load())
      std::this_thread::yield();
    ASSERT_EQ(s.timed_out.load(), 0) << "round " << i;
  }
}

namespace {
/// A chain of one-group jobs: each job's on_done (on a worker or helper)
/// submits the next, as the scheduler does when a dependency completes.
struct chain_state {
  thread_pool *pool;
  std::vector<uint64_t> *order;
  std::atomic<uint64_t> *counter;
  int remaining;
  std::atomic<int> finished{0};
};
void chain_group(const void *args, const sporkle_cpu_wg_context *) {
  auto *c = static_cast<chain_state *>(const_cast<void *>(args));
  c->order->push_back(c->counter->fetch_add(1));
}
void submit_chain_link(chain_state *c);
void chain_done(void *p) {
  auto *c = static_cast<chain_state *>(p);
  if (--c->remaining > 0)
    submit_chain_link(c);
  else
    c->finished.store(1);
}
void submit_chain_link(chain_state *c) {
  auto *job = new wg_job;
  job->fn = &chain_group;
  job->args = c;
  for (int d = 0; d < 3; ++d)
    job->shape.global_size[d] = job->shape.num_groups[d] = job->shape.local_size[d] = 1;
  job->total_groups = 1;
  job->on_done = completion{&chain_done, c};
  c->pool->submit(job);
}
} // namespace

TEST(ThreadPool, CompletionsSubmitFollowUpJobsFromManyThreads) {
  // Tiny dependent jobs submitted from workers, helpers and 4 user threads at
  // once: each chain must run its links one after another, all of them.
  thread_pool &pool = new_pool(2);
  constexpr int chains = 4, links = 2000;
  std::vector<std::thread> users;
  std::atomic<int> failures{0};
  for (int t = 0; t < chains; ++t)
    users.emplace_back([&, t] {
      std::vector<uint64_t> order;
      std::atomic<uint64_t> counter{0};
      chain_state c{&pool, &order, &counter, links};
      submit_chain_link(&c);
      while (!c.finished.load())
        if (t % 2 == 0 && !pool.help()) // half the users help, half just wait
          std::this_thread::yield();
      if (order.size() != size_t(links))
        ++failures;
      for (size_t i = 0; i < order.size(); ++i)
        failures += order[i] != i;
    });
  for (auto &u : users)
    u.join();
  EXPECT_EQ(failures.load(), 0);
}

TEST(ThreadPool, ManySmallJobsInFlightAtOnce) {
  // Bursts of jobs of 1..9 groups with chunks of 1..3, submitted without
  // waiting in between, from 3 threads: claims, unlinks and wake-ups race.
  thread_pool &pool = *new thread_pool(2, 1 << 20, /*spin_us=*/5, /*max_spinners=*/1);
  std::vector<std::thread> submitters;
  std::atomic<int> failures{0};
  for (int t = 0; t < 3; ++t)
    submitters.emplace_back([&, t] {
      for (int round = 0; round < 100; ++round) {
        std::vector<std::unique_ptr<job_state>> states;
        for (int j = 0; j < 32; ++j) {
          uint64_t groups = 1 + (j + round + t) % 9;
          states.push_back(std::make_unique<job_state>(groups));
          pool.submit(make_job(*states.back(), groups, 1, 1, 1 + j % 3));
        }
        for (auto &s : states) {
          if (t == 0)
            wait_done(pool, *s);
          else if (!wait_done_without_helping(*s, std::chrono::seconds(20)))
            ++failures;
          for (auto &h : s->hits)
            failures += h.load() != 1;
        }
      }
    });
  for (auto &s : submitters)
    s.join();
  EXPECT_EQ(failures.load(), 0);
}
