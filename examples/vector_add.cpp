// The first sporkle program to read: add two vectors on the best device present.
//
//   sporkle-cc -O2 vector_add.cpp -o vector_add && ./vector_add
//
// SPORKLE_DEVICE=cpu (or vulkan, amdgpu[:N]) picks a device; sporkle-info lists them.
#include <sycl/sycl.hpp>

#include <cstdio>
#include <vector>

int main() {
  constexpr size_t n = 1 << 20;
  std::vector<float> a(n), b(n), c(n, -1.0f);
  for (size_t i = 0; i < n; ++i) {
    a[i] = float(i);
    b[i] = 2.0f * float(i);
  }

  sycl::queue q;
  std::printf("running on %s\n", q.get_device().get_info<sycl::info::device::name>().c_str());
  {
    sycl::buffer<float> A(a.data(), sycl::range<1>(n));
    sycl::buffer<float> B(b.data(), sycl::range<1>(n));
    sycl::buffer<float> C(c.data(), sycl::range<1>(n));
    q.submit([&](sycl::handler &h) {
      sycl::accessor x(A, h, sycl::read_only);
      sycl::accessor y(B, h, sycl::read_only);
      sycl::accessor z(C, h, sycl::write_only);
      h.parallel_for(sycl::range<1>(n), [=](sycl::id<1> i) { z[i] = x[i] + y[i]; });
    });
  } // buffers go out of scope: results are written back to c

  for (size_t i = 0; i < n; ++i) {
    if (c[i] != a[i] + b[i]) {
      std::printf("mismatch at %zu: %f != %f\n", i, c[i], a[i] + b[i]);
      return 1;
    }
  }
  std::printf("vector_add: %zu elements correct\n", n);
  return 0;
}
