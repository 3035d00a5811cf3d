// Shapes LLVM makes of plain kernel code that have no direct SPIR-V form:
// copy and fill loops become llvm.memcpy / llvm.memset (Vulkan: loops of
// loads and stores again), struct copies too, and `c ? arg : g[i]` or
// `c ? a[k] : b[k]` over two private arrays become one access through a
// select of pointers into different memories (Vulkan: one access per side).
// Checked against the host on random inputs, output poisoned first.
// RUN: %sporkle-cc -O2 -c %s -o %t.o
// RUN: %run-at-widths %t -O2 %t.o
#include <sycl/sycl.hpp>
#include "Inputs/check.hpp"

constexpr size_t N = 1024;
constexpr int Results = 5;

struct pair16 {
  int v[16];
};

/// Every result for item i, on the device and on the host alike.
template <typename In> void compute(size_t i, const In &in, int bias, int *out) {
  int a[16], b[16];
  for (int k = 0; k < 16; ++k) // a copy loop: memcpy
    a[k] = in[(i + k) % N];
  for (int k = 0; k < 16; ++k) // a fill loop: memset
    b[k] = 0;
  b[i % 16] = int(i);
  pair16 s, t;
  for (int k = 0; k < 16; ++k)
    s.v[k] = a[k] ^ int(k);
  t = s; // a struct copy
  const int k = in[i] & 15;
  const bool c = (in[(i + 1) % N] & 1) != 0;
  out[0 * N + i] = c ? a[k] : b[k];             // two private arrays
  out[1 * N + i] = in[i] > 0 ? bias : in[i];    // an argument or global memory
  out[2 * N + i] = t.v[k] + t.v[15 - k];
  int sum = 0;
  for (int j = 0; j < 16; ++j)
    sum += (c ? a[j] : b[15 - j]) * (j + 1);
  out[3 * N + i] = sum;
  out[4 * N + i] = b[i % 16] + a[0];
}

int main() {
  sycl::queue q{sycl::property::queue::in_order()};
  e2e::banner("memory_selects", q.get_device().get_info<sycl::info::device::name>());
  std::vector<int> x = e2e::random_ints<int>(N, -1000, 1000);
  const int bias = e2e::random_int(-50, 50);
  int *in = sycl::malloc_device<int>(N, q), *out = sycl::malloc_device<int>(Results * N, q);
  q.memcpy(in, x.data(), N * sizeof(int));
  q.fill(out, e2e::poison<int>(), Results * N);
  q.parallel_for(sycl::range<1>(N), [=](sycl::id<1> id) { compute(id[0], in, bias, out); });
  std::vector<int> got(Results * N), want(Results * N);
  q.memcpy(got.data(), out, Results * N * sizeof(int)).wait();
  for (size_t i = 0; i < N; ++i)
    compute(i, x, bias, want.data());
  e2e::check("memory_selects", got, want);
  sycl::free(in, q);
  sycl::free(out, q);
  return e2e::pass("memory_selects");
}
