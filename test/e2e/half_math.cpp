// sycl::half arithmetic and math on every device: each operation rounds to
// half (the host reference keeps every intermediate in a half variable), math
// functions compute in float and round once; the divide may be 2.5 ulp off.
// RUN: %sporkle-cc -O2 -c %s -o %t.o
// RUN: %run-at-widths %t -O2 %t.o
#include <sycl/sycl.hpp>
#include "Inputs/check.hpp"

#include <cmath>

constexpr size_t N = 4096;
using sycl::half;

int main() {
  sycl::queue q{sycl::property::queue::in_order()};
  e2e::banner("half_math", q.get_device().get_info<sycl::info::device::name>());
  std::vector<float> a = e2e::random_floats(N, -8.0f, 8.0f), b = e2e::random_floats(N, 0.0f, 50.0f);
  std::vector<half> ha(N), hb(N);
  for (size_t i = 0; i < N; ++i) {
    ha[i] = half(a[i]);
    hb[i] = half(b[i]);
  }
  half *da = sycl::malloc_device<half>(N, q), *db = sycl::malloc_device<half>(N, q);
  half *out = sycl::malloc_device<half>(3 * N, q);
  q.memcpy(da, ha.data(), N * sizeof(half));
  q.memcpy(db, hb.data(), N * sizeof(half));
  q.fill(out, half(__builtin_nanf("")), 3 * N);
  q.parallel_for(sycl::range<1>(N), [=](sycl::id<1> i) {
    half x = da[i], y = db[i];
    half p = x * y; // (a statement of its own: not contracted into an fma)
    out[i] = p + x;
    out[N + i] = sycl::sqrt(y) - sycl::fabs(x);
    out[2 * N + i] = sycl::fma(x, y, half(1.0f)) / (y + half(1.0f));
  });
  std::vector<half> got(3 * N);
  q.memcpy(got.data(), out, 3 * N * sizeof(half)).wait();
  std::vector<float> g(3 * N), want(3 * N);
  for (size_t i = 0; i < N; ++i) {
    half x = ha[i], y = hb[i];
    half p = x * y, r0 = p + x;
    half s = half(std::sqrt(float(y))), f = half(std::fabs(float(x))), r1 = s - f;
    half m = half(std::fma(float(x), float(y), 1.0f)), d = y + half(1.0f), r2 = m / d;
    want[i] = float(r0);
    want[N + i] = float(r1);
    want[2 * N + i] = float(r2);
  }
  for (size_t i = 0; i < 3 * N; ++i)
    g[i] = float(got[i]);
  // Exact but for the divide (SYCL allows 2.5 ulp for half's too).
  e2e::check("half_math", std::vector<float>(g.begin(), g.begin() + 2 * N),
             std::vector<float>(want.begin(), want.begin() + 2 * N), 0.0);
  e2e::check("half_math divide", std::vector<float>(g.begin() + 2 * N, g.end()),
             std::vector<float>(want.begin() + 2 * N, want.end()), 3.0 / 1024);
  sycl::free(da, q);
  sycl::free(db, q);
  sycl::free(out, q);
  return e2e::pass("half_math");
}
