// A SYCL 1.2.1-era program: <CL/sycl.hpp>, cl::sycl, get_access<mode>(cgh), named kernels, default_selector.
// RUN: %sporkle-cc -O2 -c %s -o %t.o
// RUN: %run-at-widths %t -O2 %t.o
#include <CL/sycl.hpp>
#include "Inputs/check.hpp"

namespace sycl121 = cl::sycl;
class scale_kernel;

int main() {
  const size_t n = 9999;
  sycl121::queue q{sycl121::default_selector{}};
  e2e::banner("cl_sycl_121", q.get_device().get_info<sycl121::info::device::name>());
  const float f = e2e::random_floats(1, 1.0f, 3.0f)[0];
  std::vector<float> a = e2e::random_floats(n), b(n, e2e::poison<float>()), want(n);
  for (size_t i = 0; i < n; ++i)
    want[i] = a[i] * f;
  {
    sycl121::buffer<float, 1> A(a.data(), sycl121::range<1>(n)), B(b.data(), sycl121::range<1>(n));
    q.submit([&](sycl121::handler &cgh) {
      auto in = A.get_access<sycl121::access::mode::read>(cgh);
      auto out = B.get_access<sycl121::access::mode::discard_write>(cgh);
      cgh.parallel_for<scale_kernel>(sycl121::range<1>(n), [=](sycl121::id<1> i) { out[i] = in[i] * f; });
    });
    q.wait_and_throw();
    auto host = B.get_access<sycl121::access::mode::read>();
    e2e::check("scaled", host, want, 1e-6);
  }
  return e2e::pass("cl_sycl_121");
}
