// saxpy on USM: malloc_device with explicit memcpy, then malloc_shared.
// RUN: %sporkle-cc -O2 -c %s -o %t.o
// RUN: %run-at-widths %t -O2 %t.o
#include <sycl/sycl.hpp>
#include "Inputs/check.hpp"

int main() {
  const size_t n = 65537;
  sycl::queue q;
  e2e::banner("usm_saxpy", q.get_device().get_info<sycl::info::device::name>());
  if (e2e::skip_without_usm_host_shared("usm_saxpy", q.get_device()))
    return 0;
  const float a = e2e::random_floats(1, 0.5f, 4.0f)[0];
  std::vector<float> x = e2e::random_floats(n), y = e2e::random_floats(n), want(n);
  for (size_t i = 0; i < n; ++i)
    want[i] = a * x[i] + y[i];

  // Device memory: copy in, compute, copy out into a poisoned host vector.
  float *dx = sycl::malloc_device<float>(n, q), *dy = sycl::malloc_device<float>(n, q);
  e2e::expect(dx && dy, "malloc_device returned null");
  q.memcpy(dx, x.data(), n * sizeof(float)).wait();
  q.memcpy(dy, y.data(), n * sizeof(float)).wait();
  q.parallel_for(sycl::range<1>(n), [=](sycl::id<1> i) { dy[i] = a * dx[i] + dy[i]; }).wait();
  std::vector<float> out(n, e2e::poison<float>());
  q.memcpy(out.data(), dy, n * sizeof(float)).wait();
  e2e::check("saxpy (malloc_device)", out, want, 1e-6);
  sycl::free(dx, q);
  sycl::free(dy, q);

  // Shared memory: the host writes inputs and reads the result directly.
  float *sx = sycl::malloc_shared<float>(n, q), *sy = sycl::malloc_shared<float>(n, q);
  float *sz = sycl::malloc_shared<float>(n, q);
  e2e::expect(sx && sy && sz, "malloc_shared returned null");
  for (size_t i = 0; i < n; ++i) {
    sx[i] = x[i];
    sy[i] = y[i];
    sz[i] = e2e::poison<float>();
  }
  q.parallel_for(sycl::range<1>(n), [=](sycl::item<1> it) {
    size_t i = it.get_linear_id();
    sz[i] = a * sx[i] + sy[i];
  }).wait();
  e2e::check("saxpy (malloc_shared)", sz, want, 1e-6);
  e2e::check("saxpy input untouched", sy, y, 0);
  sycl::free(sx, q);
  sycl::free(sy, q);
  sycl::free(sz, q);
  return e2e::pass("usm_saxpy");
}
