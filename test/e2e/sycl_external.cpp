// A kernel calling SYCL_EXTERNAL functions defined in another translation unit (separate -c, then link).
// RUN: %sporkle-cc -O2 -c %s -o %t.main.o
// RUN: %sporkle-cc -O2 -c %S/Inputs/sycl_external_def.cpp -o %t.def.o
// RUN: %run-at-widths %t -O2 %t.main.o %t.def.o
#include <sycl/sycl.hpp>
#include "Inputs/check.hpp"

// Defined in Inputs/sycl_external_def.cpp.
SYCL_EXTERNAL float lerp_clamped(float a, float b, float t);
SYCL_EXTERNAL void accumulate(int *slot, int v);

int main() {
  const size_t n = 5003;
  sycl::queue q;
  e2e::banner("sycl_external", q.get_device().get_info<sycl::info::device::name>());
  if (e2e::skip_without_usm_host_shared("sycl_external", q.get_device()))
    return 0;
  std::vector<float> a = e2e::random_floats(n), b = e2e::random_floats(n), t = e2e::random_floats(n, -0.5f, 1.5f);
  std::vector<int> v = e2e::random_ints<int>(n, -50, 50);
  std::vector<float> want(n);
  std::vector<int> iwant(n);
  for (size_t i = 0; i < n; ++i) {
    float tc = t[i] < 0 ? 0 : (t[i] > 1 ? 1 : t[i]);
    want[i] = a[i] + (b[i] - a[i]) * tc;
    iwant[i] = 2 * v[i] + 1;
  }
  float *sa = sycl::malloc_shared<float>(n, q), *sb = sycl::malloc_shared<float>(n, q);
  float *st = sycl::malloc_shared<float>(n, q), *out = sycl::malloc_shared<float>(n, q);
  int *iv = sycl::malloc_shared<int>(n, q);
  for (size_t i = 0; i < n; ++i) {
    sa[i] = a[i], sb[i] = b[i], st[i] = t[i], out[i] = e2e::poison<float>();
    iv[i] = v[i];
  }
  q.parallel_for(sycl::range<1>(n), [=](sycl::id<1> i) {
    out[i] = lerp_clamped(sa[i], sb[i], st[i]);
    accumulate(&iv[i], iv[i] + 1); // iv[i] += iv[i] + 1, through a pointer argument
  }).wait();
  e2e::check("lerp_clamped from another file", out, want, 1e-5);
  e2e::check("accumulate from another file", iv, iwant);
  for (void *p : {(void *)sa, (void *)sb, (void *)st, (void *)out, (void *)iv})
    sycl::free(p, q);
  return e2e::pass("sycl_external");
}
