// Kernels calling function templates, helper functions, a functor class kernel, and a kernel template for two types.
// RUN: %sporkle-cc -O2 -c %s -o %t.o
// RUN: %run-at-widths %t -O2 %t.o
#include <sycl/sycl.hpp>
#include "Inputs/check.hpp"

// Helpers usable on host and device: the host reference calls the same code.
static inline int collatz_steps(int v) {
  int steps = 0;
  while (v > 1 && steps < 1000) {
    v = (v % 2) ? 3 * v + 1 : v / 2;
    ++steps;
  }
  return steps;
}
template <typename T> T clamp_to(T v, T lo, T hi) { return v < lo ? lo : (v > hi ? hi : v); }
template <typename T, int N> T horner(const T (&c)[N], T x) {
  T r = c[N - 1];
  for (int i = N - 2; i >= 0; --i)
    r = r * x + c[i];
  return r;
}
template <typename T> T transform(T x) {
  const T c[4] = {T(1), T(-2), T(3), T(1)};
  return clamp_to<T>(horner(c, x), T(-50), T(50));
}

// A named functor kernel with its own state.
struct Steps {
  const int *in;
  int *out;
  void operator()(sycl::id<1> i) const { out[i] = collatz_steps(in[i]); }
};

// One kernel template, instantiated for int and float.
template <typename T> void run_transform(sycl::queue &q, const std::vector<T> &in, const char *what) {
  const size_t n = in.size();
  T *d = sycl::malloc_shared<T>(n, q);
  T *out = sycl::malloc_shared<T>(n, q);
  std::vector<T> want(n);
  for (size_t i = 0; i < n; ++i) {
    d[i] = in[i];
    out[i] = e2e::poison<T>();
    want[i] = transform(in[i]);
  }
  q.parallel_for(sycl::range<1>(n), [=](sycl::id<1> i) { out[i] = transform(d[i]); }).wait();
  e2e::check(what, out, want, 1e-5);
  sycl::free(d, q);
  sycl::free(out, q);
}

int main() {
  const size_t n = 4099;
  sycl::queue q;
  e2e::banner("templates_helpers", q.get_device().get_info<sycl::info::device::name>());
  if (e2e::skip_without_usm_host_shared("templates_helpers", q.get_device()))
    return 0;
  run_transform<int>(q, e2e::random_ints<int>(n, -6, 6), "template<int>");
  run_transform<float>(q, e2e::random_floats(n, -3.0f, 3.0f), "template<float>");

  std::vector<int> v = e2e::random_ints<int>(n, 1, 100000), want(n);
  for (size_t i = 0; i < n; ++i)
    want[i] = collatz_steps(v[i]);
  int *in = sycl::malloc_device<int>(n, q), *out = sycl::malloc_shared<int>(n, q);
  q.memcpy(in, v.data(), n * sizeof(int)).wait();
  q.fill(out, e2e::poison<int>(), n).wait();
  q.parallel_for(sycl::range<1>(n), Steps{in, out}).wait();
  e2e::check("functor calling a helper with a data-dependent loop", out, want);
  sycl::free(in, q);
  sycl::free(out, q);
  return e2e::pass("templates_helpers");
}
