// What the Vulkan target cannot express is a compile error naming the
// construct and the source line, one per kernel: a pointer that may point to
// local or to global memory (SPIR-V needs one storage class per pointer) or
// into either of two private arrays, chosen in a loop, and 128-bit
// integer arithmetic beyond the product of two 64-bit values.
// RUN: %device-cxx -O2 -g %s -o %t.bc
// RUN: not %sporkle-opt --sporkle-vulkan-pipeline -g %t.bc -o %t.spv 2>&1 | FileCheck %s
// sporkle-cc names the same lines without -g (the line tables it always
// compiles with reach the Vulkan target):
// RUN: not %sporkle-cc -O2 --sporkle-targets=vulkan %s -o %t.exe 2>&1 | FileCheck %s
#include <sycl/sycl.hpp>

int main() {
  sycl::queue q;
  int *global = sycl::malloc_device<int>(1024, q);
  q.submit([&](sycl::handler &h) {
    sycl::local_accessor<int> local{sycl::range<1>{64}, h};
    h.parallel_for<class Mixed>(sycl::nd_range<1>{1024, 64}, [=](sycl::nd_item<1> it) {
      size_t i = it.get_local_id(0);
      // Local or global memory, decided in a loop: a phi the loop carries
      // (one chosen by ?: or if/else is split into an access per memory).
      int *p = &local[i];
      for (int k = 0; k < global[i]; ++k)
        // CHECK-DAG: refusals.cpp:[[@LINE+1]]:{{[0-9]+}}: error: the Vulkan target cannot express a pointer that may point to more than one address space (e.g. local or global)
        if (global[k] & 1)
          p = &global[k];
      *p = 1;
    });
  });
  q.parallel_for<class TwoArrays>(sycl::range<1>{1024}, [=](sycl::id<1> id) {
    int a[8], b[8];
    for (int k = 0; k < 8; ++k) {
      a[k] = global[k];
      b[k] = global[k + 8];
    }
    // Which array is decided in a loop: a phi of the two (a select of them
    // is split into one access per array).
    int *p = a;
    for (int k = 0; k < global[id]; ++k)
      // CHECK-DAG: refusals.cpp:[[@LINE+1]]:{{[0-9]+}}: error: the Vulkan target cannot express a pointer that may point into different private arrays (not supported yet)
      if (global[k] & 1)
        p = b;
    global[id] = p[global[id] & 7];
  });
  q.parallel_for<class Wide>(sycl::range<1>{1024}, [=](sycl::id<1> id) {
    unsigned __int128 v = global[id];
    // CHECK-DAG: refusals.cpp:[[@LINE+1]]:{{[0-9]+}}: error: the Vulkan target cannot express 128-bit integer arithmetic
    v = v * v / 3;
    global[id] = int(v >> 70);
  });
}
