// Work-group reduction: local-memory tree with barriers, then atomic_ref (ints) and a second kernel (floats).
// RUN: %sporkle-cc -O2 -c %s -o %t.o
// RUN: %run-at-widths %t -O2 %t.o
#include <sycl/sycl.hpp>
#include "Inputs/check.hpp"

constexpr size_t WG = 128;

int main() {
  const size_t groups = 77, n = WG * groups;
  sycl::queue q;
  e2e::banner("reduction", q.get_device().get_info<sycl::info::device::name>());
  if (e2e::skip_without_usm_host_shared("reduction", q.get_device()))
    return 0;
  std::vector<int> vi = e2e::random_ints<int>(n, -1000, 1000);
  std::vector<float> vf = e2e::random_floats(n, 0.0f, 1.0f);
  long long isum = 0;
  double fsum = 0;
  for (size_t i = 0; i < n; ++i) {
    isum += vi[i];
    fsum += vf[i];
  }
  int *in = sycl::malloc_device<int>(n, q), *total = sycl::malloc_shared<int>(1, q);
  float *fin = sycl::malloc_device<float>(n, q), *partial = sycl::malloc_device<float>(groups, q);
  float *fres = sycl::malloc_shared<float>(1, q);
  q.memcpy(in, vi.data(), n * sizeof(int)).wait();
  q.memcpy(fin, vf.data(), n * sizeof(float)).wait();
  *total = 0;                      // the atomics accumulate into it
  *fres = e2e::poison<float>();    // the second kernel must overwrite it

  // Integers: tree in local memory, then one atomic add per group.
  q.submit([&](sycl::handler &h) {
    sycl::local_accessor<int, 1> s(sycl::range<1>(WG), h);
    h.parallel_for(sycl::nd_range<1>(sycl::range<1>(n), sycl::range<1>(WG)), [=](sycl::nd_item<1> it) {
      size_t l = it.get_local_id(0);
      s[l] = in[it.get_global_id(0)];
      for (size_t stride = WG / 2; stride > 0; stride /= 2) {
        sycl::group_barrier(it.get_group());
        if (l < stride)
          s[l] += s[l + stride];
      }
      if (l == 0) {
        sycl::atomic_ref<int, sycl::memory_order::relaxed, sycl::memory_scope::device,
                         sycl::access::address_space::global_space>
            t(*total);
        t.fetch_add(s[0]);
      }
    });
  }).wait();
  e2e::expect(*total == isum, "int sum: got " + std::to_string(*total) + ", expected " + std::to_string(isum));

  // Floats: per-group partial sums, then a second kernel sums the partials.
  q.submit([&](sycl::handler &h) {
    sycl::local_accessor<float, 1> s(sycl::range<1>(WG), h);
    h.parallel_for(sycl::nd_range<1>(sycl::range<1>(n), sycl::range<1>(WG)), [=](sycl::nd_item<1> it) {
      size_t l = it.get_local_id(0);
      s[l] = fin[it.get_global_id(0)];
      for (size_t stride = WG / 2; stride > 0; stride /= 2) {
        it.barrier(sycl::access::fence_space::local_space);
        if (l < stride)
          s[l] += s[l + stride];
      }
      if (l == 0)
        partial[it.get_group(0)] = s[0];
    });
  });
  q.wait();
  q.single_task([=] {
    float acc = 0.0f;
    for (size_t g = 0; g < groups; ++g)
      acc += partial[g];
    *fres = acc;
  }).wait();
  e2e::expect(e2e::close(*fres, fsum, 1e-4),
              "float sum: got " + std::to_string(*fres) + ", expected " + std::to_string(fsum));
  for (void *p : {(void *)in, (void *)total, (void *)fin, (void *)partial, (void *)fres})
    sycl::free(p, q);
  return e2e::pass("reduction");
}
