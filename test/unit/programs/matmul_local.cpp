// nd_range, local_accessor, barrier inside a loop, 2-D accessors.
#include <sycl/sycl.hpp>
constexpr size_t tile = 16;
int main() {
  size_t n = 64;
  sycl::queue q{sycl::property::queue::in_order()};
  float *a = sycl::malloc_shared<float>(n * n, q), *b = sycl::malloc_shared<float>(n * n, q),
        *c = sycl::malloc_device<float>(n * n, q);
  sycl::buffer<float, 2> out(sycl::range<2>(n, n));
  q.submit([&](sycl::handler &h) {
    sycl::local_accessor<float, 2> ta(sycl::range<2>(tile, tile), h);
    sycl::local_accessor<float, 2> tb(sycl::range<2>(tile, tile), h);
    sycl::accessor o(out, h, sycl::write_only);
    h.parallel_for(sycl::nd_range<2>({n, n}, {tile, tile}), [=](sycl::nd_item<2> it) {
      size_t row = it.get_global_id(0), col = it.get_global_id(1);
      size_t lr = it.get_local_id(0), lc = it.get_local_id(1);
      float sum = 0;
      for (size_t t = 0; t < n / tile; ++t) {
        ta[lr][lc] = a[row * n + t * tile + lc];
        tb[lr][lc] = b[(t * tile + lr) * n + col];
        it.barrier(sycl::access::fence_space::local_space);
        for (size_t k = 0; k < tile; ++k)
          sum = sycl::fma(ta[lr][k], tb[k][lc], sum);
        sycl::group_barrier(it.get_group());
      }
      c[row * n + col] = sum;
      o[it.get_global_id()] = sum;
    });
  });
  q.wait();
  sycl::free(a, q);
  sycl::free(b, q);
  sycl::free(c, q);
}
