// fmod is exact, and Vulkan's OpFRem is not ("inherited from x - y * trunc(x/y)":
// wrong in every bit once x/y reaches 2^24, and off near integer quotients):
// every frem instruction on float, half, double and their vectors (sycl::fmod
// is one) becomes the precise library's integer long division
// (targets/vulkan/VulkanPreciseMath.cpp, lib/precise_math.cpp), lane by lane,
// half through float; fmodf calls too. No OpFRem is left; the division is
// a loop of 64-bit integer remainders. Nor is there an FAbs: instcombine
// writes the library's `bits & 0x7fffffff` as bitcast(fabs(x)), which
// lowerFloatBitIntrinsics turns back into the mask (a driver that flushes
// subnormals, as NVIDIA's does, flushes them in FAbs too).
// RUN: %device-cxx -O2 %s -o %t.bc
// RUN: %sporkle-opt --sporkle-vulkan-pipeline -sporkle-spirv-opt=false %t.bc -o %t.spv 2> /dev/null
// RUN: spirv-val --target-env vulkan1.2 %t.spv
// RUN: spirv-dis %t.spv -o %t.dis
// RUN: FileCheck %s < %t.dis
// RUN: FileCheck %s --check-prefix=NOFREM < %t.dis
// RUN: %sporkle-opt --sporkle-vulkan-pipeline %t.bc -o %t.opt.spv 2> /dev/null
// RUN: spirv-val --target-env vulkan1.2 %t.opt.spv
// RUN: spirv-dis %t.opt.spv | FileCheck %s --check-prefix=NOFREM
//
// The pass on its own: no frem, no library function left behind.
// RUN: %sporkle-opt -passes=sporkle-prepare,sporkle-vulkan-precise-math -S %t.bc -o - | FileCheck %s --check-prefix=IR
//
// An frem marked afn (-fapprox-func, -ffast-math) keeps OpFRem, as afn
// math calls keep the driver's instruction: the user accepted the driver's
// approximation.
// RUN: %device-cxx -O2 -fapprox-func %s -o %t.afn.bc
// RUN: %sporkle-opt --sporkle-vulkan-pipeline -sporkle-spirv-opt=false %t.afn.bc -o %t.afn.spv 2> /dev/null
// RUN: spirv-val --target-env vulkan1.2 %t.afn.spv
// RUN: spirv-dis %t.afn.spv | FileCheck %s --check-prefix=AFN
#include <sycl/sycl.hpp>

typedef float float4_t __attribute__((ext_vector_type(4)));
typedef _Float16 half2_t __attribute__((ext_vector_type(2)));

int main() {
  sycl::queue q;
  float *x = sycl::malloc_device<float>(1024, q);
  double *d = sycl::malloc_device<double>(1024, q);
  _Float16 *h = sycl::malloc_device<_Float16>(1024, q);
  float4_t *v = sycl::malloc_device<float4_t>(1024, q);
  half2_t *hv = sycl::malloc_device<half2_t>(1024, q);
  q.parallel_for<class Fmod>(sycl::range<1>{1000}, [=](sycl::id<1> i) {
    x[i] = sycl::fmod(x[i], x[i + 1]);
    d[i] = sycl::fmod(d[i], d[i + 1]);
    h[i] = __builtin_fmodf16(h[i], h[i + 1]);
    v[i] = __builtin_elementwise_fmod(v[i], v[i + 1]);
    hv[i] = __builtin_elementwise_fmod(hv[i], hv[i + 1]);
  });
}

// CHECK-DAG: OpCapability Float64
// CHECK-DAG: OpCapability Int64
// The long division: 40 bits a step for float, 11 for double...
// CHECK-DAG: %uint_40 = OpConstant %uint 40
// CHECK-DAG: %uint_11 = OpConstant %uint 11
// CHECK: OpFunction %void
// ... a loop of 64-bit remainders (the first one 32-bit for float,
// narrowed by instcombine):
// CHECK-DAG: OpLoopMerge
// CHECK-DAG: OpUMod %ulong
// CHECK-DAG: OpUMod %uint
// Half through float, exactly:
// CHECK-DAG: OpFConvert %float
// CHECK-DAG: OpFConvert %half
// CHECK: OpFunctionEnd

// NOFREM-NOT: {{OpFRem|FAbs}}

// IR: define spir_kernel void
// IR-NOT: frem
// IR-NOT: call {{.*}}@__sporkle_vk_
// IR-NOT: define {{.*}}@__sporkle_vk_

// AFN-DAG: OpFRem %float
// AFN-DAG: OpFRem %double
// AFN-DAG: OpFRem %half
// AFN-DAG: OpFRem %v4float
// AFN-DAG: OpFRem %v2half
// AFN-NOT: OpUMod
