// fcmp uno / ord (isunordered, and what InstCombine makes of `!(x >= 0) ||
// y != y`) become OpIsNan on each operand: OpUnordered and OpOrdered need the
// Kernel capability, which Vulkan does not have.
// RUN: %device-cxx -O2 %s -o %t.bc
// RUN: %sporkle-opt --sporkle-vulkan-pipeline -sporkle-spirv-opt=false %t.bc -o %t.spv 2> /dev/null
// RUN: spirv-val --target-env vulkan1.2 %t.spv
// RUN: spirv-dis %t.spv | FileCheck %s
#include <sycl/sycl.hpp>

int main() {
  sycl::queue q;
  float *x = nullptr;
  int *r = nullptr;
  q.parallel_for(sycl::range<1>{64}, [=](sycl::id<1> i) {
    r[i] = __builtin_isunordered(x[i], x[i + 64]) ? 1 : 0;
    r[i + 64] = __builtin_isunordered(x[i], x[i + 64]) ? 0 : 2;
  });
}

// CHECK-NOT: OpCapability Kernel
// CHECK:     OpIsNan %bool
// CHECK:     OpIsNan %bool
// CHECK:     OpLogicalOr %bool
// CHECK-NOT: OpUnordered
// CHECK-NOT: OpOrdered
