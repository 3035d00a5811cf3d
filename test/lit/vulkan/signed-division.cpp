// Signed division runs on signed integer types (operands bitcast to a signed
// type, the result back), as glslang emits it. The Vulkan environment leaves
// OpSRem/OpSMod undefined for negative operands (NVIDIA's driver 580 gave
// -2995 % 10007 = 9936, an unsigned remainder), so a remainder is emitted as
// a - b * (a / b) and no OpSRem/OpSMod appears.
// RUN: %device-cxx -O2 %s -o %t.bc
// RUN: %sporkle-opt --sporkle-vulkan-pipeline %t.bc -o %t.spv 2> /dev/null
// RUN: spirv-val --target-env vulkan1.2 %t.spv
// RUN: spirv-dis %t.spv | FileCheck %s
// RUN: spirv-dis %t.spv | FileCheck %s --check-prefix=NO-REM
#include <sycl/sycl.hpp>

int main() {
  sycl::queue q;
  int *a = nullptr;
  long *b = nullptr;
  q.parallel_for(sycl::range<1>{64}, [=](sycl::id<1> i) {
    a[i] = a[i] % 10007 + a[i + 64] / 7;
    b[i] = b[i] % b[i + 128] + b[i + 64] / b[i + 192]; // (by 64-bit constants: divide-by-constant.cpp)
  });
}

// CHECK-DAG: %[[INT:[a-z_0-9]+]] = OpTypeInt 32 1
// CHECK-DAG: %[[LONG:[a-z_0-9]+]] = OpTypeInt 64 1
// CHECK-DAG: %[[Q:[0-9]+]] = OpSDiv %[[INT]] %[[A:[0-9]+]] %int_10007
// CHECK-DAG: %[[P:[0-9]+]] = OpIMul %[[INT]] %int_10007 %[[Q]]
// CHECK-DAG: OpISub %[[INT]] %[[A]] %[[P]]
// CHECK-DAG: OpSDiv %[[INT]] %{{[0-9]+}} %int_7
// CHECK-DAG: %[[LQ:[0-9]+]] = OpSDiv %[[LONG]] %[[LA:[0-9]+]] %[[LB:[0-9]+]]
// CHECK-DAG: %[[LP:[0-9]+]] = OpIMul %[[LONG]] %[[LB]] %[[LQ]]
// CHECK-DAG: OpISub %[[LONG]] %[[LA]] %[[LP]]

// NO-REM-NOT: OpS{{Rem|Mod}}
// NO-REM-NOT: OpSDiv %uint
