// An in-order queue with USM: dependent kernels, memcpy and fill submitted back to back with no waits between them.
// RUN: %sporkle-cc -O2 -c %s -o %t.o
// RUN: %run-at-widths %t -O2 %t.o
#include <sycl/sycl.hpp>
#include "Inputs/check.hpp"

int main() {
  const size_t n = 20021;
  sycl::queue q{sycl::property::queue::in_order()};
  e2e::banner("inorder_usm", q.get_device().get_info<sycl::info::device::name>());
  e2e::expect(q.is_in_order(), "queue does not report in-order");
  std::vector<float> x = e2e::random_floats(n), want(n), out(n, e2e::poison<float>());
  float *a = sycl::malloc_device<float>(n, q), *b = sycl::malloc_device<float>(n, q);
  for (size_t i = 0; i < n; ++i) {
    float v = x[i] * 2.0f + 1.0f; // k1
    float w = v * v;              // k2 (b = a*a)
    v = w - v;                    // k3 (a = b - a)
    want[i] = v * 0.5f;           // k4 (b = a/2)
  }
  q.fill(b, e2e::poison<float>(), n);
  q.memcpy(a, x.data(), n * sizeof(float));
  q.parallel_for(sycl::range<1>(n), [=](sycl::id<1> i) { a[i] = a[i] * 2.0f + 1.0f; });
  q.parallel_for(sycl::range<1>(n), [=](sycl::id<1> i) { b[i] = a[i] * a[i]; });
  q.parallel_for(sycl::range<1>(n), [=](sycl::id<1> i) { a[i] = b[i] - a[i]; });
  q.single_task([=] { b[0] = 12345.0f; }); // overwritten by the next kernel only if ordered
  q.parallel_for(sycl::range<1>(n), [=](sycl::id<1> i) { b[i] = a[i] * 0.5f; });
  q.memcpy(out.data(), b, n * sizeof(float));
  q.wait(); // the only wait
  e2e::check("in-order chain", out, want, 1e-5);
  sycl::free(a, q);
  sycl::free(b, q);
  return e2e::pass("inorder_usm");
}
