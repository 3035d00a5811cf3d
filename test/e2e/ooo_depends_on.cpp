// An out-of-order queue with USM ordered only by events: handler::depends_on, the parallel_for(range, events, f) shortcut, a diamond.
// RUN: %sporkle-cc -O2 -c %s -o %t.o
// RUN: %run-at-widths %t -O2 %t.o
#include <sycl/sycl.hpp>
#include "Inputs/check.hpp"

int main() {
  const size_t n = 40009;
  sycl::queue q;
  e2e::banner("ooo_depends_on", q.get_device().get_info<sycl::info::device::name>());
  std::vector<int> x = e2e::random_ints<int>(n, -10000, 10000), want(n), out(n, e2e::poison<int>());
  for (size_t i = 0; i < n; ++i)
    want[i] = (x[i] + 1) * 3 + (x[i] + 1 - 5);
  int *a = sycl::malloc_device<int>(n, q), *b = sycl::malloc_device<int>(n, q);
  int *c = sycl::malloc_device<int>(n, q), *d = sycl::malloc_device<int>(n, q);

  // Diamond: copy -> inc -> {times3, minus5} -> sum -> copy back. Nothing waits until the end.
  sycl::event copied = q.memcpy(a, x.data(), n * sizeof(int));
  sycl::event inc = q.submit([&](sycl::handler &h) {
    h.depends_on(copied);
    h.parallel_for(sycl::range<1>(n), [=](sycl::id<1> i) { a[i] += 1; });
  });
  sycl::event t3 = q.parallel_for(sycl::range<1>(n), inc, [=](sycl::id<1> i) { b[i] = a[i] * 3; });
  sycl::event m5 = q.submit([&](sycl::handler &h) {
    h.depends_on(inc);
    h.parallel_for(sycl::range<1>(n), [=](sycl::id<1> i) { c[i] = a[i] - 5; });
  });
  sycl::event sum = q.submit([&](sycl::handler &h) {
    h.depends_on({t3, m5});
    h.parallel_for(sycl::range<1>(n), [=](sycl::id<1> i) { d[i] = b[i] + c[i]; });
  });
  sycl::event back = q.memcpy(out.data(), d, n * sizeof(int), sum);
  back.wait();
  e2e::check("diamond of events", out, want);
  for (int *p : {a, b, c, d})
    sycl::free(p, q);
  return e2e::pass("ooo_depends_on");
}
