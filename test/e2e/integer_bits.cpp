// SYCL's integer functions that LLVM keeps as intrinsics: popcount, clz, ctz
// (llvm.ctpop/ctlz/cttz), rotate (a funnel shift), add_sat and sub_sat, abs,
// and a byte swap LLVM forms from shifts; at 8, 16, 32 and 64 bits, signed
// and unsigned, on random values of every magnitude, zero and the extremes
// included. On Vulkan, widths other than 32 go through 32-bit pieces
// (OpBitCount, FindUMsb, FindILsb), the rest through plain operations.
// RUN: %sporkle-cc -O2 -c %s -o %t.o
// RUN: %run-at-widths %t -O2 %t.o
#include <sycl/sycl.hpp>
#include "Inputs/check.hpp"

constexpr size_t N = 2048;
constexpr int Results = 26;

uint64_t bswap64(uint64_t x) {
  uint64_t r = 0;
  for (int i = 0; i < 8; ++i)
    r |= ((x >> (8 * i)) & 0xff) << (56 - 8 * i);
  return r;
}

template <typename T> void bits_of(uint64_t *out, T x, T y) {
  out[0] = uint64_t(sycl::popcount(x));
  out[N] = uint64_t(sycl::clz(x));
  out[2 * N] = uint64_t(sycl::ctz(x));
  out[3 * N] = uint64_t(sycl::rotate(x, y));
  out[4 * N] = uint64_t(sycl::add_sat(x, y));
  out[5 * N] = uint64_t(sycl::sub_sat(x, y));
}

/// Every result for pair k, on the device and on the host alike.
void compute(size_t k, const uint64_t *a, const uint64_t *b, uint64_t *out) {
  const uint64_t x = a[k], y = b[k];
  bits_of<uint64_t>(out + 0 * 6 * N + k, x, y);
  bits_of<int32_t>(out + 1 * 6 * N + k, int32_t(x), int32_t(y));
  bits_of<uint16_t>(out + 2 * 6 * N + k, uint16_t(x), uint16_t(y));
  bits_of<int8_t>(out + 3 * 6 * N + k, int8_t(x), int8_t(y));
  out[24 * N + k] = uint64_t(sycl::abs(int64_t(x)));
  out[25 * N + k] = bswap64(x);
}

int main() {
  sycl::queue q{sycl::property::queue::in_order()};
  e2e::banner("integer_bits", q.get_device().get_info<sycl::info::device::name>());
  std::vector<uint64_t> a(N), b(N);
  for (size_t k = 0; k < N; ++k) {
    a[k] = e2e::random_u64_any_size();
    b[k] = uint64_t(uint32_t(e2e::random_int(0, 0x7fffffff))) * 0x9e3779b97f4a7c15ull;
  }
  a[0] = 0, a[1] = ~uint64_t(0), a[2] = uint64_t(1) << 63, a[3] = 0x7fffffffffffffffull, a[4] = 1;
  b[0] = 0, b[1] = ~uint64_t(0), b[2] = uint64_t(1) << 63, b[3] = 1, b[4] = 64;
  uint64_t *da = sycl::malloc_device<uint64_t>(N, q), *db = sycl::malloc_device<uint64_t>(N, q);
  uint64_t *out = sycl::malloc_device<uint64_t>(Results * N, q);
  q.memcpy(da, a.data(), N * sizeof(uint64_t));
  q.memcpy(db, b.data(), N * sizeof(uint64_t));
  q.fill(out, uint64_t(0xdeadbeefdeadbeefull), Results * N);
  q.parallel_for(sycl::range<1>(N), [=](sycl::id<1> id) { compute(id[0], da, db, out); });
  std::vector<uint64_t> got(Results * N), want(Results * N);
  q.memcpy(got.data(), out, Results * N * sizeof(uint64_t)).wait();
  for (size_t k = 0; k < N; ++k)
    compute(k, a.data(), b.data(), want.data());
  e2e::check("integer_bits", got, want);
  sycl::free(da, q);
  sycl::free(db, q);
  sycl::free(out, q);
  return e2e::pass("integer_bits");
}
