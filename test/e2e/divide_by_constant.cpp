// 64-bit division and remainder by constants, unsigned and signed (and 32-bit
// ones), on random dividends of every size and sign, checked against the host. On Vulkan the
// 64-bit ones are sporkle's own multiply-by-magic-number sequences (NVIDIA's
// driver merged two 64-bit divisions by the same constant in a loop), so the
// loop below divides two different dividends by each constant.
// RUN: %sporkle-cc -O2 -c %s -o %t.o
// RUN: %run-at-widths %t -O2 %t.o
#include <sycl/sycl.hpp>
#include "Inputs/check.hpp"

constexpr size_t N = 4096;

template <uint64_t D> void check_divisor(sycl::queue &q, const std::vector<uint64_t> &x, uint64_t *in, uint64_t *out) {
  q.fill(out, uint64_t(0xdeadbeefdeadbeefull), 4 * N);
  q.parallel_for(sycl::range<1>(N / 2), [=](sycl::id<1> id) {
    for (size_t k = id[0]; k < N; k += N / 2) {
      out[k] = in[k] / D;
      out[N + k] = in[k] % D;
      out[2 * N + k] = (in[k] + 2 * k + 1) / D; // a second dividend in the same loop
      out[3 * N + k] = uint32_t(in[k]) % uint32_t(D | 1);
    }
  });
  std::vector<uint64_t> got(4 * N), want(4 * N);
  q.memcpy(got.data(), out, 4 * N * sizeof(uint64_t)).wait();
  for (size_t k = 0; k < N; ++k) {
    want[k] = x[k] / D;
    want[N + k] = x[k] % D;
    want[2 * N + k] = (x[k] + 2 * k + 1) / D;
    want[3 * N + k] = uint32_t(x[k]) % uint32_t(D | 1);
  }
  e2e::check(("divisor " + std::to_string(D)).c_str(), got, want);
}

template <int64_t D> void check_signed(sycl::queue &q, const std::vector<uint64_t> &x, uint64_t *in, uint64_t *out) {
  q.fill(out, uint64_t(0xdeadbeefdeadbeefull), 4 * N);
  q.parallel_for(sycl::range<1>(N / 2), [=](sycl::id<1> id) {
    for (size_t k = id[0]; k < N; k += N / 2) {
      const int64_t v = int64_t(in[k]), w = v / 3 + int64_t(k); // a second dividend in the loop
      out[k] = uint64_t(v / D);
      out[N + k] = uint64_t(v % D);
      out[2 * N + k] = uint64_t(w / D);
      out[3 * N + k] = uint64_t(w % D);
    }
  });
  std::vector<uint64_t> got(4 * N), want(4 * N);
  q.memcpy(got.data(), out, 4 * N * sizeof(uint64_t)).wait();
  for (size_t k = 0; k < N; ++k) {
    const int64_t v = int64_t(x[k]), w = v / 3 + int64_t(k);
    want[k] = uint64_t(v / D);
    want[N + k] = uint64_t(v % D);
    want[2 * N + k] = uint64_t(w / D);
    want[3 * N + k] = uint64_t(w % D);
  }
  e2e::check(("signed divisor " + std::to_string(D)).c_str(), got, want);
}

int main() {
  sycl::queue q{sycl::property::queue::in_order()};
  e2e::banner("divide_by_constant", q.get_device().get_info<sycl::info::device::name>());
  std::vector<uint64_t> x(N);
  for (size_t k = 0; k < N; ++k) { // every magnitude, both ends of each
    unsigned bits = 1 + e2e::random_int(0, 63);
    uint64_t v = (uint64_t(uint32_t(e2e::random_int(0, 0x7fffffff))) << 33) ^
                 (uint64_t(uint32_t(e2e::random_int(0, 0x7fffffff))) << 2) ^ uint64_t(e2e::random_int(0, 3));
    x[k] = bits == 64 ? v : v & ((uint64_t(1) << bits) - 1);
    if (k % 97 == 0)
      x[k] = ~uint64_t(0) - k;
  }
  uint64_t *in = sycl::malloc_device<uint64_t>(N, q), *out = sycl::malloc_device<uint64_t>(4 * N, q);
  q.memcpy(in, x.data(), N * sizeof(uint64_t));
  check_divisor<3>(q, x, in, out);
  check_divisor<7>(q, x, in, out);
  check_divisor<10>(q, x, in, out);
  check_divisor<192>(q, x, in, out);
  check_divisor<641>(q, x, in, out);
  check_divisor<1000003>(q, x, in, out);
  check_divisor<0x100000001ull>(q, x, in, out);
  check_divisor<0x7fffffffffffffffull>(q, x, in, out);
  check_divisor<0xfffffffffffffffbull>(q, x, in, out);
  check_signed<3>(q, x, in, out);
  check_signed<-7>(q, x, in, out);
  check_signed<16>(q, x, in, out);
  check_signed<192>(q, x, in, out);
  check_signed<-1000003>(q, x, in, out);
  check_signed<(int64_t(1) << 40) + 3>(q, x, in, out);
  check_signed<INT64_MAX>(q, x, in, out);
  check_signed<INT64_MIN + 1>(q, x, in, out);
  sycl::free(in, q);
  sycl::free(out, q);
  return e2e::pass("divide_by_constant");
}
