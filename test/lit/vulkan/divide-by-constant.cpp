// 64-bit division and remainder by a constant (unsigned and signed) are multiplies by the
// divisor's magic number (NVIDIA's driver merged two 64-bit OpUDiv/OpUMod by
// one constant in a loop); by a run-time divisor, and at 32 bits, they stay
// the driver's. test/e2e/divide_by_constant.cpp checks the values.
// RUN: %device-cxx -O2 %s -o %t.bc
// RUN: %sporkle-opt --sporkle-vulkan-pipeline -sporkle-spirv-opt=false %t.bc -o %t.spv 2> /dev/null
// RUN: spirv-val --target-env vulkan1.2 %t.spv
// RUN: spirv-dis %t.spv | FileCheck %s
// RUN: spirv-dis %t.spv | FileCheck %s --check-prefix=NO
#include <sycl/sycl.hpp>

int main() {
  sycl::queue q;
  unsigned long *x = nullptr;
  unsigned *y = nullptr;
  long *z = nullptr;
  q.parallel_for(sycl::range<1>{64}, [=](sycl::id<1> i) {
    x[i] = x[i] / 192 + x[i + 64] % 1000003 + x[i + 128] / x[i + 192];
    y[i] = y[i] % 641;
    z[i] = z[i] / -7 + z[i + 64] % 1000003;
  });
}

// The magic number of 192 (0xaaaaaaaaaaaaaaab after a pre-shift by 6), in
// 32-bit halves:
// CHECK-DAG: %ulong_2863311531 = OpConstant %ulong 2863311531
// CHECK-DAG: %ulong_2863311530 = OpConstant %ulong 2863311530
// CHECK-DAG: OpUDiv %ulong %{{[0-9]+}} %{{[0-9]+}}
// CHECK-DAG: OpUMod %uint %{{[0-9]+}} %uint_641

// NO-NOT: OpUDiv %ulong %{{[0-9]+}} %ulong_192
// NO-NOT: OpUMod %ulong
// NO-NOT: OpSDiv %long %{{[0-9]+}} %long_
