// What the Vulkan target cannot express is a compile error naming the
// construct and the source line: a pointer that may point to local or to
// global memory (SPIR-V needs one storage class per pointer).
// RUN: %device-cxx -O2 -g %s -o %t.bc
// RUN: not %sporkle-opt --sporkle-vulkan-pipeline -g %t.bc -o %t.spv 2>&1 | FileCheck %s
#include <sycl/sycl.hpp>

int main() {
  sycl::queue q;
  int *global = sycl::malloc_device<int>(1024, q);
  q.submit([&](sycl::handler &h) {
    sycl::local_accessor<int> local{sycl::range<1>{64}, h};
    h.parallel_for<class Mixed>(sycl::nd_range<1>{1024, 64}, [=](sycl::nd_item<1> it) {
      size_t i = it.get_local_id(0);
      // CHECK: refusals.cpp:[[@LINE+1]]:{{[0-9]+}}: error: the Vulkan target cannot express a pointer that may point to more than one address space (e.g. local or global)
      int *p = (it.get_global_id(0) & 1) ? &global[i] : &local[i];
      *p = 1;
    });
  });
}
