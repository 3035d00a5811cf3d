// Long dependency chains that a device executing in order may run without the
// host in between (the Vulkan queue): 300 dependent kernels on an in-order
// queue, device-to-device copies and fills between them, a chain that crosses
// two queues of the same device through depends_on, and a kernel whose result
// the host copies out while the next kernels are already queued.
// RUN: %sporkle-cc -O2 -c %s -o %t.o
// RUN: %run-at-widths %t -O2 %t.o
#include <sycl/sycl.hpp>
#include "Inputs/check.hpp"

int main() {
  const size_t n = 4099;
  const int steps = 300;
  sycl::queue q{sycl::property::queue::in_order()};
  e2e::banner("device_order", q.get_device().get_info<sycl::info::device::name>());
  std::vector<int> x = e2e::random_ints(n, -1000, 1000), mid(n, e2e::poison<int>()), out(n, e2e::poison<int>());
  std::vector<int> want_mid(n), want(n);
  for (size_t i = 0; i < n; ++i) {
    int v = x[i];
    for (int s = 0; s < steps; ++s)
      v = (v * 3 + s) % 10007; // each kernel depends on the one before
    want_mid[i] = v;
    int w = v;
    for (int s = 0; s < steps; ++s)
      w = s % 50 == 49 ? 7 : (w + s) % 1009; // every 50th step a fill
    want[i] = w * 2;
  }

  int *a = sycl::malloc_device<int>(n, q), *b = sycl::malloc_device<int>(n, q);
  q.fill(a, e2e::poison<int>(), n);
  q.memcpy(a, x.data(), n * sizeof(int));
  for (int s = 0; s < steps; ++s)
    q.parallel_for(sycl::range<1>(n), [=](sycl::id<1> i) { a[i] = (a[i] * 3 + s) % 10007; });
  q.memcpy(b, a, n * sizeof(int));           // device to device
  q.memcpy(mid.data(), b, n * sizeof(int)); // out to the host, while more is queued behind it
  for (int s = 0; s < steps; ++s) {
    if (s % 50 == 49)
      q.fill(b, 7, n);
    else
      q.parallel_for(sycl::range<1>(n), [=](sycl::id<1> i) { b[i] = (b[i] + s) % 1009; });
  }

  // A second, out-of-order queue on the same device continues the chain.
  sycl::queue other{q.get_device()};
  sycl::event last = q.parallel_for(sycl::range<1>(n), [=](sycl::id<1> i) { a[i] = b[i]; });
  sycl::event doubled = other.parallel_for(sycl::range<1>(n), last, [=](sycl::id<1> i) { b[i] = a[i] * 2; });
  other.memcpy(out.data(), b, n * sizeof(int), doubled).wait();
  q.wait();
  e2e::check("chain of in-order kernels", mid, want_mid, 0.0);
  e2e::check("chain continued with fills and a second queue", out, want, 0.0);
  sycl::free(a, q);
  sycl::free(b, q);
  return e2e::pass("device_order");
}
