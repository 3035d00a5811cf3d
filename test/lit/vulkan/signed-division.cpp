// Signed division and remainder run on signed integer types (operands bitcast
// to a signed type, the result back), as glslang emits them. NVIDIA's driver
// (580) computed -2995 % 10007 as 9936 (an unsigned remainder) on unsigned
// types; it still does with signed ones (2026-11-23, not yet understood), so
// this is what the emitter does, not a fix for that.
// RUN: %device-cxx -O2 %s -o %t.bc
// RUN: %sporkle-opt --sporkle-vulkan-pipeline %t.bc -o %t.spv 2> /dev/null
// RUN: spirv-val --target-env vulkan1.2 %t.spv
// RUN: spirv-dis %t.spv | FileCheck %s
#include <sycl/sycl.hpp>

int main() {
  sycl::queue q;
  int *a = nullptr;
  long *b = nullptr;
  q.parallel_for(sycl::range<1>{64}, [=](sycl::id<1> i) {
    a[i] = a[i] % 10007 + a[i + 64] / 7;
    b[i] = b[i] % 1000003 + b[i + 64] / 13;
  });
}

// CHECK-DAG: %[[INT:[a-z_0-9]+]] = OpTypeInt 32 1
// CHECK-DAG: %[[LONG:[a-z_0-9]+]] = OpTypeInt 64 1
// CHECK-DAG: OpSRem %[[INT]]
// CHECK-DAG: OpSDiv %[[INT]]
// CHECK-DAG: OpSRem %[[LONG]]
// CHECK-DAG: OpSDiv %[[LONG]]
// CHECK-NOT: OpSRem %uint
// CHECK-NOT: OpSDiv %uint
