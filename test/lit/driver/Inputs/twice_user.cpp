// A kernel calling the SYCL_EXTERNAL function twice(), defined in twice_def.cpp.
#include <sycl/sycl.hpp>
#include <cstdio>
int hostSum(int n);
SYCL_EXTERNAL int twice(int x);
int main() {
  sycl::queue q;
  int *p = sycl::malloc_shared<int>(8, q);
  q.parallel_for(sycl::range<1>(8), [=](sycl::id<1> i) { p[i] = twice(int(i)); }).wait();
  int s = 0;
  for (int i = 0; i < 8; ++i)
    s += p[i];
  std::printf("device sum %d, host sum %d\n", s, hostSum(4));
  sycl::free(p, q);
  return s == 56 ? 0 : 1;
}
