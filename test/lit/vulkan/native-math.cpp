// sycl::native math keeps the driver's fast GLSL.std.450 instructions, while
// the same functions from sycl:: take the precise library: the header calls
// __sporkle_native_<f>, which the common pipeline's first pass
// (passes/NativeMath.cpp) turns into the intrinsic marked afn.
// RUN: %device-cxx -O2 %s -o %t.bc
// RUN: %sporkle-opt -passes=sporkle-native-math -S %t.bc -o - | FileCheck %s --check-prefix=IR
// RUN: %sporkle-opt --sporkle-vulkan-pipeline %t.bc -o %t.spv 2> /dev/null
// RUN: spirv-val --target-env vulkan1.2 %t.spv
// RUN: spirv-dis %t.spv | FileCheck %s
// Precise sin only: no Sin instruction.
// RUN: %device-cxx -O2 -DPRECISE %s -o %t.precise.bc
// RUN: %sporkle-opt --sporkle-vulkan-pipeline %t.precise.bc -o %t.precise.spv 2> /dev/null
// RUN: spirv-dis %t.precise.spv | FileCheck %s --check-prefix=PRECISE
#include <sycl/sycl.hpp>

int main() {
  sycl::queue q;
  float *x = nullptr;
  q.parallel_for(sycl::range<1>{64}, [=](sycl::id<1> i) {
#ifdef PRECISE
    x[i] = sycl::sin(x[i]);
#else
    x[i] = sycl::native::sin(x[i]) + sycl::native::exp2(x[i + 64]) + sycl::native::powr(x[i], 0.75f) +
           sycl::native::rsqrt(x[i + 128]);
#endif
  });
}

// IR-NOT: __sporkle_native_
// IR-DAG: call afn float @llvm.sin.f32
// IR-DAG: call afn float @llvm.exp2.f32
// IR-DAG: call afn float @llvm.pow.f32
// IR-DAG: call afn float @llvm.sqrt.f32

// CHECK-DAG: OpExtInst %float %{{[0-9]+}} Sin
// CHECK-DAG: OpExtInst %float %{{[0-9]+}} Exp2
// CHECK-DAG: OpExtInst %float %{{[0-9]+}} Pow
// CHECK-DAG: OpExtInst %float %{{[0-9]+}} Sqrt

// PRECISE-NOT: Sin
