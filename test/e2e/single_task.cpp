// single_task kernels: a serial loop with data-dependent control flow, through a buffer and through USM.
// RUN: %sporkle-cc -O2 -c %s -o %t.o
// RUN: %run-at-widths %t -O2 %t.o
#include <sycl/sycl.hpp>
#include "Inputs/check.hpp"

int main() {
  const size_t n = 1001;
  sycl::queue q;
  e2e::banner("single_task", q.get_device().get_info<sycl::info::device::name>());
  if (e2e::skip_without_usm_host_shared("single_task", q.get_device()))
    return 0;
  std::vector<int> v = e2e::random_ints<int>(n, -500, 500);
  // Reference: running maximum and the index of the first occurrence of the global maximum.
  std::vector<int> want(n);
  int best = v[0], arg = 0;
  for (size_t i = 0; i < n; ++i) {
    if (v[i] > best)
      best = v[i], arg = int(i);
    want[i] = best;
  }
  std::vector<int> run(n, e2e::poison<int>());
  int result[2] = {e2e::poison<int>(), e2e::poison<int>()};
  {
    sycl::buffer<int> V(v.data(), sycl::range<1>(n)), R(run.data(), sycl::range<1>(n)), Res(result, sycl::range<1>(2));
    q.submit([&](sycl::handler &h) {
      sycl::accessor in(V, h, sycl::read_only);
      sycl::accessor out(R, h, sycl::write_only);
      sycl::accessor res(Res, h, sycl::write_only);
      h.single_task([=] {
        int m = in[0], at = 0;
        for (size_t i = 0; i < n; ++i) {
          if (in[i] > m) {
            m = in[i];
            at = int(i);
          }
          out[i] = m;
        }
        res[0] = m;
        res[1] = at;
      });
    });
  }
  e2e::check("running max", run, want);
  e2e::expect(result[0] == best && result[1] == arg, "max/argmax: got " + std::to_string(result[0]) + "@" +
              std::to_string(result[1]) + ", expected " + std::to_string(best) + "@" + std::to_string(arg));

  // USM: one task writes a value that a second, dependent task doubles.
  long long *p = sycl::malloc_shared<long long>(1, q);
  *p = e2e::poison<long long>();
  const long long seed = e2e::random_int(1, 1 << 20);
  q.single_task([=] { *p = seed * seed; }).wait();
  q.single_task([=] { *p *= 2; }).wait();
  e2e::expect(*p == 2 * seed * seed, "USM single_task: got " + std::to_string(*p));
  sycl::free(p, q);
  return e2e::pass("single_task");
}
