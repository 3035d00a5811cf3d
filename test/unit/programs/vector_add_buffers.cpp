// Buffers, accessors with tags, write-back on destruction.
#include <sycl/sycl.hpp>
#include <vector>
int main() {
  constexpr size_t n = 1000;
  std::vector<float> a(n, 1.0f), b(n, 2.0f), c(n);
  sycl::queue q;
  {
    sycl::buffer<float> A(a.data(), sycl::range<1>(n)), B(b.data(), sycl::range<1>(n));
    sycl::buffer C(c);
    q.submit([&](sycl::handler &h) {
      sycl::accessor x(A, h, sycl::read_only);
      sycl::accessor y(B, h, sycl::read_only);
      sycl::accessor z(C, h, sycl::write_only, sycl::no_init);
      h.parallel_for(sycl::range<1>(n), [=](sycl::id<1> i) { z[i] = x[i] + y[i]; });
    });
    q.submit([&](sycl::handler &h) {
      sycl::accessor z(C, h, sycl::read_write);
      h.parallel_for<class scale>(sycl::range<1>(n), [=](sycl::item<1> it) { z[it] *= 2.0f; });
    });
  }
  return c[0] == 6.0f ? 0 : 1;
}
