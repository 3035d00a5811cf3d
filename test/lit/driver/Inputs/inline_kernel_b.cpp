#include "inline_kernel.h"
#include <cstdio>
void fromA(sycl::queue &q, int *p);
int main() {
  sycl::queue q;
  int *p = sycl::malloc_shared<int>(4, q);
  fromA(q, p);
  int a = p[0] + p[1];
  fillWith(q, p, 2);
  setFirst(q, p, 7);
  std::printf("a %d, b %d %d\n", a, p[0], p[1]);
  sycl::free(p, q);
}
