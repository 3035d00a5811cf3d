#include "inline_kernel.h"
void fromA(sycl::queue &q, int *p) {
  fillWith(q, p, 1);
  setFirst(q, p, 5);
}
