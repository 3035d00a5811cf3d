// sycl::mul_hi at every integer width and signedness, and the same high half
// written with a 128-bit product, on random operands of every magnitude and
// sign, checked against the host. On Vulkan the 64-bit ones are
// OpUMulExtended / OpSMulExtended (SPIR-V has no 128-bit integers).
// RUN: %sporkle-cc -O2 -c %s -o %t.o
// RUN: %run-at-widths %t -O2 %t.o
#include <sycl/sycl.hpp>
#include "Inputs/check.hpp"

constexpr size_t N = 4096;
constexpr int Results = 8;

/// Out[r * N + k] for result r of pair k: the device computes it, and so does
/// the host for the reference.
template <typename Idx> void mul_highs(Idx k, const uint64_t *a, const uint64_t *b, uint64_t *out) {
  const uint64_t x = a[k], y = b[k];
  out[0 * N + k] = sycl::mul_hi(x, y);
  out[1 * N + k] = uint64_t(sycl::mul_hi(int64_t(x), int64_t(y)));
  out[2 * N + k] = uint64_t((static_cast<unsigned __int128>(x) * y) >> 64);
  out[3 * N + k] = uint64_t((static_cast<__int128>(int64_t(x)) * int64_t(y)) >> 64);
  out[4 * N + k] = sycl::mul_hi(uint32_t(x), uint32_t(y));
  out[5 * N + k] = uint64_t(int64_t(sycl::mul_hi(int32_t(x), int32_t(y))));
  out[6 * N + k] = uint64_t(int64_t(sycl::mul_hi(int16_t(x), int16_t(y))));
  // A constant operand, as magic-number division has it.
  out[7 * N + k] = sycl::mul_hi(x, uint64_t(0xaaaaaaaaaaaaaaabull));
}

int main() {
  sycl::queue q{sycl::property::queue::in_order()};
  e2e::banner("mul_hi", q.get_device().get_info<sycl::info::device::name>());
  std::vector<uint64_t> a(N), b(N);
  for (size_t k = 0; k < N; ++k) {
    a[k] = e2e::random_u64_any_size();
    b[k] = e2e::random_u64_any_size();
  }
  a[0] = b[0] = ~uint64_t(0);
  a[1] = b[1] = uint64_t(1) << 63;
  uint64_t *da = sycl::malloc_device<uint64_t>(N, q), *db = sycl::malloc_device<uint64_t>(N, q);
  uint64_t *out = sycl::malloc_device<uint64_t>(Results * N, q);
  q.memcpy(da, a.data(), N * sizeof(uint64_t));
  q.memcpy(db, b.data(), N * sizeof(uint64_t));
  q.fill(out, uint64_t(0xdeadbeefdeadbeefull), Results * N);
  q.parallel_for(sycl::range<1>(N), [=](sycl::id<1> id) { mul_highs(id[0], da, db, out); });
  std::vector<uint64_t> got(Results * N), want(Results * N);
  q.memcpy(got.data(), out, Results * N * sizeof(uint64_t)).wait();
  for (size_t k = 0; k < N; ++k)
    mul_highs(k, a.data(), b.data(), want.data());
  e2e::check("mul_hi", got, want);
  sycl::free(da, q);
  sycl::free(db, q);
  sycl::free(out, q);
  return e2e::pass("mul_hi");
}
