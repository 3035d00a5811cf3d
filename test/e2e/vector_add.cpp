// Vector add through buffers and accessors over a plain range<1> of odd size.
// RUN: %sporkle-cc -O2 -c %s -o %t.o
// RUN: %run-at-widths %t -O2 %t.o
#include <sycl/sycl.hpp>
#include "Inputs/check.hpp"

int main() {
  const size_t n = 100003;
  sycl::queue q;
  e2e::banner("vector_add", q.get_device().get_info<sycl::info::device::name>());
  std::vector<float> a = e2e::random_floats(n), b = e2e::random_floats(n);
  std::vector<float> c(n, e2e::poison<float>()), want(n);
  for (size_t i = 0; i < n; ++i)
    want[i] = a[i] + b[i];
  {
    sycl::buffer<float> A(a.data(), sycl::range<1>(n)), B(b.data(), sycl::range<1>(n));
    sycl::buffer<float> C(c.data(), sycl::range<1>(n));
    q.submit([&](sycl::handler &h) {
      sycl::accessor x(A, h, sycl::read_only), y(B, h, sycl::read_only);
      sycl::accessor z(C, h, sycl::write_only);
      h.parallel_for(sycl::range<1>(n), [=](sycl::id<1> i) { z[i] = x[i] + y[i]; });
    });
  } // buffer destruction writes C back to c
  e2e::check("c = a + b", c, want, 0);
  return e2e::pass("vector_add");
}
