// 3-D range of odd size (7x11x13) and a 3-D nd_range with odd local size (7x11x13 / 1x11x13 groups).
// RUN: %sporkle-cc -O2 -c %s -o %t.o
// RUN: %run-at-widths %t -O2 %t.o
#include <sycl/sycl.hpp>
#include "Inputs/check.hpp"

int main() {
  const size_t X = 7, Y = 11, Z = 13, n = X * Y * Z;
  sycl::queue q;
  e2e::banner("range_3d", q.get_device().get_info<sycl::info::device::name>());
  if (e2e::skip_without_usm_host_shared("range_3d", q.get_device()))
    return 0;
  std::vector<int> in = e2e::random_ints<int>(n, -1000, 1000), want(n), gwant(n);
  for (size_t x = 0; x < X; ++x)
    for (size_t y = 0; y < Y; ++y)
      for (size_t z = 0; z < Z; ++z) {
        size_t i = (x * Y + y) * Z + z;
        want[i] = in[i] * 3 + int(x * 10000 + y * 100 + z);
        gwant[i] = int(x * 1000000 + (y * Z + z) * 100 + x); // group x, local linear id, group linear id
      }
  int *a = sycl::malloc_shared<int>(n, q), *b = sycl::malloc_shared<int>(n, q);
  int *g = sycl::malloc_shared<int>(n, q);
  for (size_t i = 0; i < n; ++i) {
    a[i] = in[i];
    b[i] = g[i] = e2e::poison<int>();
  }
  q.parallel_for(sycl::range<3>(X, Y, Z), [=](sycl::item<3> it) {
    size_t i = it.get_linear_id();
    b[i] = a[i] * 3 + int(it[0] * 10000 + it[1] * 100 + it[2]);
  }).wait();
  e2e::check("3-D range", b, want);

  // One work-group per x-slice: local range 1x11x13 (143 work-items, not a power of two).
  q.parallel_for(sycl::nd_range<3>(sycl::range<3>(X, Y, Z), sycl::range<3>(1, Y, Z)), [=](sycl::nd_item<3> it) {
    size_t i = it.get_global_linear_id();
    g[i] = int(it.get_group(0) * 1000000 + it.get_local_linear_id() * 100 + it.get_group_linear_id());
  }).wait();
  e2e::check("3-D nd_range ids", g, gwant);
  sycl::free(a, q);
  sycl::free(b, q);
  sycl::free(g, q);
  return e2e::pass("range_3d");
}
