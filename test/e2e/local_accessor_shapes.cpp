// Two local accessors whose shapes change from launch to launch while the
// local memory they take stays the same (60 ints each), one kernel: on
// Vulkan their offsets and row lengths are launch constants, so the first
// 16 shape pairs get pipelines specialized to them and the rest share the
// generic pipeline (the store's limit per launch shape); every launch must
// compute the same as the host, on poisoned outputs.
// RUN: %sporkle-cc -O2 -c %s -o %t.o
// RUN: %run-at-widths %t -O2 %t.o
#include <sycl/sycl.hpp>
#include "Inputs/check.hpp"

constexpr size_t WG = 32, Groups = 6, N = WG * Groups;

int main() {
  sycl::queue q{sycl::property::queue::in_order()};
  e2e::banner("local_accessor_shapes", q.get_device().get_info<sycl::info::device::name>());
  int *in = sycl::malloc_device<int>(N, q), *out = sycl::malloc_device<int>(N, q);
  const size_t divisors[] = {1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60}; // of 60
  for (int shape = 0; shape < 20; ++shape) {
    const size_t ca = divisors[shape % 12], cb = divisors[(shape * 5 + shape / 12 + 3) % 12];
    const size_t ra = 60 / ca, rb = 60 / cb;
    std::vector<int> x = e2e::random_ints<int>(N, -1000, 1000);
    q.memcpy(in, x.data(), N * sizeof(int));
    q.fill(out, e2e::poison<int>(), N);
    q.submit([&](sycl::handler &h) {
      sycl::local_accessor<int, 2> a(sycl::range<2>(ra, ca), h), b(sycl::range<2>(rb, cb), h);
      h.parallel_for(sycl::nd_range<1>(N, WG), [=](sycl::nd_item<1> it) {
        const size_t i = it.get_local_id(0), g = it.get_global_id(0), base = g - i;
        for (size_t k = i; k < 60; k += WG) {
          a[k / ca][k % ca] = in[(base + k) % N];
          b[k / cb][k % cb] = in[(base + 2 * k + 1) % N] * 3;
        }
        sycl::group_barrier(it.get_group());
        int sum = 0;
        for (size_t r = 0; r < ra; ++r)
          sum += a[r][(i * 7 + r) % ca];
        for (size_t r = 0; r < rb; ++r)
          sum -= b[r][(i * 3 + r) % cb];
        out[g] = sum;
      });
    });
    std::vector<int> got(N), want(N);
    q.memcpy(got.data(), out, N * sizeof(int)).wait();
    for (size_t g = 0; g < N; ++g) {
      const size_t i = g % WG, base = g - i;
      int sum = 0;
      for (size_t r = 0; r < ra; ++r)
        sum += x[(base + r * ca + (i * 7 + r) % ca) % N];
      for (size_t r = 0; r < rb; ++r)
        sum -= x[(base + 2 * (r * cb + (i * 3 + r) % cb) + 1) % N] * 3;
      want[g] = sum;
    }
    e2e::check(("shape " + std::to_string(shape)).c_str(), got, want);
  }
  sycl::free(in, q);
  sycl::free(out, q);
  return e2e::pass("local_accessor_shapes");
}
