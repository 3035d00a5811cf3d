// Math whose GLSL.std.450 precision is below SYCL's becomes the Vulkan
// target's precise library (targets/vulkan/VulkanPreciseMath.cpp), linked in
// and inlined: no Sin, Cos, Tan, Exp, Exp2, Log, Log2, Pow, Asin, Acos, Atan,
// Atan2, Sinh, Cosh, Tanh instruction is left, nor llvm.ldexp (which
// GLSL's Ldexp leaves undefined past 2^128) or a call of cbrtf, hypotf
// (fmod: fmod.cpp); the library's own float code
// is NoContraction throughout, its Payne-Hanek reduction reads the bits of
// 2/pi from 64-bit constants, and it uses only the exact GLSL instructions
// (FAbs, RoundEven) and Sqrt (corrected). Vectors go lane by lane, half
// through float.
// RUN: %device-cxx -O2 %s -o %t.bc
// RUN: %sporkle-opt --sporkle-vulkan-pipeline -sporkle-spirv-opt=false %t.bc -o %t.spv 2> /dev/null
// RUN: spirv-val --target-env vulkan1.2 %t.spv
// RUN: spirv-dis %t.spv -o %t.dis
// RUN: FileCheck %s < %t.dis
// RUN: FileCheck %s --check-prefix=NOGLSL < %t.dis
// SPIRV-Tools' optimizer keeps it valid:
// RUN: %sporkle-opt --sporkle-vulkan-pipeline %t.bc -o %t.opt.spv 2> /dev/null
// RUN: spirv-val --target-env vulkan1.2 %t.opt.spv
// RUN: spirv-dis %t.opt.spv | FileCheck %s --check-prefix=NOGLSL
//
// The pass on its own: library calls inlined, nothing of the library left
// behind, the driver's intrinsics in it marked afn.
// RUN: %sporkle-opt -passes=sporkle-prepare,sporkle-vulkan-precise-math -S %t.bc -o - | FileCheck %s --check-prefix=IR
//
// With -fapprox-func (or -ffast-math) every call is `afn` and keeps the
// driver's fast instruction; exp10, log10 and pown, which GLSL.std.450 does
// not have, still take the library.
// RUN: %device-cxx -O2 -fapprox-func %s -o %t.afn.bc
// RUN: %sporkle-opt --sporkle-vulkan-pipeline -sporkle-spirv-opt=false %t.afn.bc -o %t.afn.spv 2> /dev/null
// RUN: spirv-val --target-env vulkan1.2 %t.afn.spv
// RUN: spirv-dis %t.afn.spv | FileCheck %s --check-prefix=AFN
//
// Double precision: GLSL.std.450 has no 64-bit transcendental functions; the
// library has all of them on double too (64-bit sqrt is GLSL's): valid
// SPIR-V with Float64 and no GLSL instruction but Sqrt on doubles.
// RUN: %device-cxx -O2 -DDOUBLE %s -o %t.double.bc
// RUN: %sporkle-opt --sporkle-vulkan-pipeline -sporkle-spirv-opt=false %t.double.bc -o %t.double.spv 2> /dev/null
// RUN: spirv-val --target-env vulkan1.2 %t.double.spv
// RUN: spirv-dis %t.double.spv | FileCheck %s --check-prefix=DOUBLE
#include <sycl/sycl.hpp>

typedef float float4_t __attribute__((ext_vector_type(4)));

int main() {
  sycl::queue q;
  float *x = sycl::malloc_device<float>(1024, q);
  float4_t *v = sycl::malloc_device<float4_t>(1024, q);
  _Float16 *h = sycl::malloc_device<_Float16>(1024, q);
#ifndef DOUBLE
  q.parallel_for<class Math>(sycl::range<1>{1000}, [=](sycl::id<1> i) {
    float a = x[i], b = x[i + 1];
    x[i] = sycl::sin(a) + sycl::cos(a) + sycl::tan(a) + sycl::exp(a) + sycl::exp2(a) + sycl::exp10(a) +
           sycl::log(a) + sycl::log2(a) + sycl::log10(a) + sycl::pow(a, b) + sycl::pown(a, 7) + sycl::sqrt(a) +
           sycl::asin(a) + sycl::acos(a) + sycl::atan(a) + sycl::atan2(a, b) + sycl::sinh(a) + sycl::cosh(a) +
           sycl::tanh(a) + sycl::ldexp(a, int(b)) + __builtin_cbrtf(a) + __builtin_hypotf(a, b);
    v[i] = __builtin_elementwise_sin(v[i]);
    h[i] = __builtin_elementwise_exp(h[i]);
  });
#else
  double *d = sycl::malloc_device<double>(1024, q);
  q.parallel_for<class Double>(sycl::range<1>{1000}, [=](sycl::id<1> i) {
    double a = d[i], b = d[i + 1];
    d[i] = sycl::sin(a) + sycl::cos(a) + sycl::tan(a) + sycl::exp(a) + sycl::exp2(a) + sycl::exp10(a) +
           sycl::log(a) + sycl::log2(a) + sycl::log10(a) + sycl::pow(a, b) + sycl::pown(a, 7) + sycl::sqrt(a) +
           sycl::asin(a) + sycl::acos(a) + sycl::atan(a) + sycl::atan2(a, b) + sycl::sinh(a) + sycl::cosh(a) +
           sycl::tanh(a) + sycl::ldexp(a, int(b)) + sycl::cbrt(a) + sycl::hypot(a, b) + sycl::fmod(a, b);
  });
#endif
}

// CHECK: OpCapability Int64
// CHECK: OpCapability Float16
// Payne-Hanek's 2/pi, 64 bits at a time (0xa2f9836e4e441529, ...):
// CHECK-DAG: OpConstant %ulong 11743562013128004905
// CHECK-DAG: OpConstant %ulong 4342473078829310891
// CHECK-DAG: OpDecorate %{{[0-9]+}} NoContraction
// The Cody-Waite split of pi/2 (0x1.922p+0, its first 12 bits):
// CHECK-DAG: OpConstant %float 1.57080078
// CHECK: OpFunction %void
// CHECK-DAG: OpExtInst %float %{{[0-9]+}} FAbs
// CHECK-DAG: OpExtInst %float %{{[0-9]+}} RoundEven
// CHECK-DAG: OpExtInst %float %{{[0-9]+}} Sqrt
// CHECK-DAG: OpFMul %float
// Half through float:
// CHECK-DAG: OpFConvert %float
// CHECK-DAG: OpFConvert %half
// CHECK: OpFunctionEnd

// NOGLSL-NOT: {{ (Sin|Cos|Tan|Exp|Exp2|Log|Log2|Pow|Asin|Acos|Atan|Atan2|Sinh|Cosh|Tanh) %}}

// DOUBLE: OpCapability Float64
// DOUBLE-NOT: {{ (Sin|Cos|Tan|Exp|Exp2|Log|Log2|Pow|Asin|Acos|Atan|Atan2|Sinh|Cosh|Tanh) %}}
// DOUBLE: OpExtInst %double %{{[0-9]+}} Sqrt

// IR: define spir_kernel void
// IR-NOT: call {{.*}}@llvm.{{(sin|cos|tan|exp|exp2|exp10|log|log2|log10|pow|powi|asin|acos|atan|atan2|sinh|cosh|tanh|ldexp)}}.
// IR-NOT: call {{.*}}@{{(cbrtf|hypotf)}}(
// IR-NOT: call {{.*}}@__sporkle_vk_
// IR: call afn {{.*}}@llvm.rint.f32
// IR-NOT: define {{.*}}@__sporkle_vk_

// AFN-DAG: OpExtInst %float %{{[0-9]+}} Sin %
// AFN-DAG: OpExtInst %float %{{[0-9]+}} Cos %
// AFN-DAG: OpExtInst %float %{{[0-9]+}} Tan %
// AFN-DAG: OpExtInst %float %{{[0-9]+}} Exp %
// AFN-DAG: OpExtInst %float %{{[0-9]+}} Exp2 %
// AFN-DAG: OpExtInst %float %{{[0-9]+}} Log %
// AFN-DAG: OpExtInst %float %{{[0-9]+}} Log2 %
// AFN-DAG: OpExtInst %float %{{[0-9]+}} Pow %
// AFN-DAG: OpExtInst %float %{{[0-9]+}} Asin %
// AFN-DAG: OpExtInst %float %{{[0-9]+}} Acos %
// AFN-DAG: OpExtInst %float %{{[0-9]+}} Atan %
// AFN-DAG: OpExtInst %float %{{[0-9]+}} Atan2 %
// AFN-DAG: OpExtInst %float %{{[0-9]+}} Sinh %
// AFN-DAG: OpExtInst %float %{{[0-9]+}} Cosh %
// AFN-DAG: OpExtInst %float %{{[0-9]+}} Tanh %
// AFN-DAG: OpExtInst %v4float %{{[0-9]+}} Sin %
// AFN-DAG: OpExtInst %half %{{[0-9]+}} Exp %
// exp10 (and pown, log10): the library's, rint(x * log2(10)) first:
// AFN-DAG: OpConstant %float 3.32192802
