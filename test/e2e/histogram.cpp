// Histogram with sycl::atomic_ref: global atomics, and per-group local atomics merged into global.
// RUN: %sporkle-cc -O2 -c %s -o %t.o
// RUN: %run-at-widths %t -O2 %t.o
#include <sycl/sycl.hpp>
#include "Inputs/check.hpp"

constexpr int BINS = 37;
constexpr size_t WG = 96;

using global_counter = sycl::atomic_ref<unsigned, sycl::memory_order::relaxed, sycl::memory_scope::device,
                                        sycl::access::address_space::global_space>;
using local_counter = sycl::atomic_ref<unsigned, sycl::memory_order::relaxed, sycl::memory_scope::work_group,
                                       sycl::access::address_space::local_space>;

int main() {
  const size_t n = WG * 301;
  sycl::queue q;
  e2e::banner("histogram", q.get_device().get_info<sycl::info::device::name>());
  if (e2e::skip_without_usm_host_shared("histogram", q.get_device()))
    return 0;
  // Skewed data so that many work-items hit the same bin at once.
  std::vector<int> data = e2e::random_ints<int>(n, 0, 4 * BINS - 1);
  for (auto &d : data)
    d = d >= BINS ? d % 3 : d;
  std::vector<unsigned> want(BINS, 0);
  for (int d : data)
    want[d]++;

  int *in = sycl::malloc_device<int>(n, q);
  unsigned *h1 = sycl::malloc_shared<unsigned>(BINS, q), *h2 = sycl::malloc_shared<unsigned>(BINS, q);
  q.memcpy(in, data.data(), n * sizeof(int)).wait();
  q.fill(h1, 0u, BINS).wait();
  q.memset(h2, 0, BINS * sizeof(unsigned)).wait();

  q.parallel_for(sycl::range<1>(n), [=](sycl::id<1> i) { global_counter(h1[in[i]]).fetch_add(1u); }).wait();
  e2e::check("global-atomic histogram", h1, want);

  q.submit([&](sycl::handler &h) {
    sycl::local_accessor<unsigned, 1> local(sycl::range<1>(BINS), h);
    h.parallel_for(sycl::nd_range<1>(sycl::range<1>(n), sycl::range<1>(WG)), [=](sycl::nd_item<1> it) {
      for (size_t b = it.get_local_id(0); b < BINS; b += WG)
        local[b] = 0;
      sycl::group_barrier(it.get_group());
      local_counter(local[in[it.get_global_id(0)]])++;
      sycl::group_barrier(it.get_group());
      for (size_t b = it.get_local_id(0); b < BINS; b += WG)
        global_counter(h2[b]) += local[b];
    });
  }).wait();
  e2e::check("local-atomic histogram", h2, want);
  sycl::free(in, q);
  sycl::free(h1, q);
  sycl::free(h2, q);
  return e2e::pass("histogram");
}
