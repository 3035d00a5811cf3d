// Kernel parameter variants: id<1>, item<1>, item<2>, nd_item<1>/<2> ids and ranges with odd local sizes, group<>.
// RUN: %sporkle-cc -O2 -c %s -o %t.o
// RUN: %run-at-widths %t -O2 %t.o
#include <sycl/sycl.hpp>
#include "Inputs/check.hpp"

int main() {
  sycl::queue q;
  e2e::banner("item_variants", q.get_device().get_info<sycl::info::device::name>());
  if (e2e::skip_without_usm_host_shared("item_variants", q.get_device()))
    return 0;
  const int k = e2e::random_int(1, 1000); // so that results differ from run to run
  const size_t n = 3 * 5 * 67;            // 1005
  int *o = sycl::malloc_shared<int>(n, q);
  auto reset = [&] { for (size_t i = 0; i < n; ++i) o[i] = e2e::poison<int>(); };
  std::vector<int> want(n);

  reset();
  q.parallel_for(sycl::range<1>(n), [=](sycl::id<1> i) { o[i] = int(i[0]) * k; }).wait();
  for (size_t i = 0; i < n; ++i) want[i] = int(i) * k;
  e2e::check("id<1>", o, want);

  reset();
  q.parallel_for(sycl::range<1>(n), [=](sycl::item<1> it) { o[it] = int(it.get_range(0) - it.get_id(0)) + k; }).wait();
  for (size_t i = 0; i < n; ++i) want[i] = int(n - i) + k;
  e2e::check("item<1>", o, want);

  // nd_item<1>, local size 15 (odd): every id and range query.
  reset();
  q.parallel_for(sycl::nd_range<1>(sycl::range<1>(n), sycl::range<1>(15)), [=](sycl::nd_item<1> it) {
    size_t g = it.get_global_id(0);
    bool ok = g == it.get_group(0) * it.get_local_range(0) + it.get_local_id(0) &&
              it.get_global_range(0) == n && it.get_group_range(0) == n / 15 &&
              it.get_group().get_group_id(0) == it.get_group(0) && it.get_group().get_local_range(0) == 15 &&
              it.get_global_linear_id() == g;
    o[g] = ok ? int(it.get_local_id(0)) * 1000 + int(it.get_group(0)) + k : -1;
  }).wait();
  for (size_t i = 0; i < n; ++i) want[i] = int(i % 15) * 1000 + int(i / 15) + k;
  e2e::check("nd_item<1>", o, want);

  // 2-D: item<2> over 15x67, then nd_item<2> with local 3x67 (row-major linear ids).
  const size_t R = 15, C = 67;
  reset();
  q.parallel_for(sycl::range<2>(R, C), [=](sycl::item<2> it) { o[it.get_linear_id()] = int(it[0] * 100 + it[1]) ^ k; }).wait();
  for (size_t i = 0; i < n; ++i) want[i] = int((i / C) * 100 + i % C) ^ k;
  e2e::check("item<2>", o, want);

  reset();
  q.parallel_for(sycl::nd_range<2>(sycl::range<2>(R, C), sycl::range<2>(3, C)), [=](sycl::nd_item<2> it) {
    size_t lin = it.get_global_id(0) * it.get_global_range(1) + it.get_global_id(1);
    bool ok = lin == it.get_global_linear_id() && it.get_local_linear_id() == it.get_local_id(0) * C + it.get_local_id(1) &&
              it.get_group_range(0) == R / 3 && it.get_group_range(1) == 1;
    o[lin] = ok ? int(it.get_group_linear_id() * 10000 + it.get_local_linear_id()) + k : -1;
  }).wait();
  for (size_t i = 0; i < n; ++i) want[i] = int((i / C / 3) * 10000 + (i / C % 3) * C + i % C) + k;
  e2e::check("nd_item<2>", o, want);
  sycl::free(o, q);
  return e2e::pass("item_variants");
}
