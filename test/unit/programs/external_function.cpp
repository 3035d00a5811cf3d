// SYCL_EXTERNAL: a device function defined in another translation unit.
#include <sycl/sycl.hpp>
SYCL_EXTERNAL float scale(float x); // ALLOW-EXTERN: _Z5scalef
SYCL_EXTERNAL float twice(float x) { return 2 * x; }
int main() {
  sycl::queue q;
  float *p = sycl::malloc_shared<float>(16, q);
  q.parallel_for(16, [=](sycl::id<1> i) { p[i] = scale(twice(float(i[0]))); }).wait();
  sycl::free(p, q);
}
