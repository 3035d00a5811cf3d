// Bytes and shorts in local memory: every work-item stores its own byte and
// short (four work-items share each 32-bit word), the group reads its
// neighbours' after a barrier; checked against the host.
// RUN: %sporkle-cc -O2 -c %s -o %t.o
// RUN: %run-at-widths %t -O2 %t.o
#include <sycl/sycl.hpp>
#include "Inputs/check.hpp"

constexpr size_t WG = 64, Groups = 16, N = WG * Groups;

int main() {
  sycl::queue q{sycl::property::queue::in_order()};
  e2e::banner("local_bytes", q.get_device().get_info<sycl::info::device::name>());
  std::vector<int> x = e2e::random_ints<int>(N, -40000, 40000);
  int *in = sycl::malloc_device<int>(N, q), *out = sycl::malloc_device<int>(N, q);
  q.memcpy(in, x.data(), N * sizeof(int));
  q.fill(out, e2e::poison<int>(), N);
  q.submit([&](sycl::handler &h) {
    sycl::local_accessor<unsigned char> bytes{sycl::range<1>{WG}, h};
    sycl::local_accessor<short> shorts{sycl::range<1>{WG}, h};
    h.parallel_for(sycl::nd_range<1>{N, WG}, [=](sycl::nd_item<1> it) {
      const size_t i = it.get_local_id(0), g = it.get_global_id(0);
      bytes[i] = (unsigned char)in[g];
      shorts[i] = (short)(in[g] >> 3);
      sycl::group_barrier(it.get_group());
      out[g] = bytes[WG - 1 - i] * 100000 + shorts[i ^ 1] + bytes[(i + 1) % WG];
    });
  });
  std::vector<int> got(N), want(N);
  q.memcpy(got.data(), out, N * sizeof(int)).wait();
  for (size_t g = 0; g < N; ++g) {
    const size_t i = g % WG, base = g - i;
    want[g] = int((unsigned char)x[base + WG - 1 - i]) * 100000 + (short)(x[base + (i ^ 1)] >> 3) +
              int((unsigned char)x[base + (i + 1) % WG]);
  }
  e2e::check("local_bytes", got, want);
  sycl::free(in, q);
  sycl::free(out, q);
  return e2e::pass("local_bytes");
}
