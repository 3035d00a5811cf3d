// sycl::fma (llvm.fma) on float, double and a float vector: the driver's Fma,
// decorated NoContraction, and an exact emulation from separately rounded
// operations (targets/vulkan/ExactFma.h), one of them picked by the bool spec
// constant SPORKLE_VK_SPEC_FUSED_FMA (SpecId 4, default true), which the
// module declares only because it uses fma. A contractable a*b+c (fmuladd)
// stays a plain Fma without it.
// RUN: %device-cxx -O2 %s -o %t.bc
// RUN: %sporkle-opt --sporkle-vulkan-pipeline -sporkle-spirv-opt=false %t.bc -o %t.spv 2> /dev/null
// RUN: spirv-val --target-env vulkan1.2 %t.spv
// RUN: spirv-dis %t.spv -o %t.dis
// RUN: FileCheck %s < %t.dis
// Decorations precede the instructions they decorate; with them moved to the
// end, FileCheck can name an instruction first and then its decoration:
// RUN: grep -v OpDecorate %t.dis > %t.reordered
// RUN: grep OpDecorate %t.dis >> %t.reordered
// RUN: FileCheck %s --check-prefix=DECOR < %t.reordered
// The module SPIRV-Tools' optimizer makes of it is valid and still chooses
// at pipeline creation:
// RUN: %sporkle-opt --sporkle-vulkan-pipeline %t.bc -o %t.opt.spv 2> /dev/null
// RUN: spirv-val --target-env vulkan1.2 %t.opt.spv
// RUN: spirv-dis %t.opt.spv | FileCheck %s --check-prefix=OPT
// Without fma, no spec constant 4:
// RUN: %device-cxx -O2 -DNO_FMA %s -o %t.nofma.bc
// RUN: %sporkle-opt --sporkle-vulkan-pipeline -sporkle-spirv-opt=false %t.nofma.bc -o %t.nofma.spv 2> /dev/null
// RUN: spirv-val --target-env vulkan1.2 %t.nofma.spv
// RUN: spirv-dis %t.nofma.spv | FileCheck %s --check-prefix=NOFMA
#include <sycl/sycl.hpp>

typedef float float4_t __attribute__((ext_vector_type(4)));

int main() {
  sycl::queue q;
  float *x = sycl::malloc_device<float>(1024, q);
#ifndef NO_FMA
  double *d = sycl::malloc_device<double>(1024, q);
  float4_t *v = sycl::malloc_device<float4_t>(1024, q);
  q.parallel_for<class Fma>(sycl::range<1>{1000}, [=](sycl::id<1> i) {
    x[i] = sycl::fma(x[i], x[i + 1], x[i + 2]);
    d[i] = sycl::fma(d[i], d[i + 1], d[i + 2]);
    v[i] = __builtin_elementwise_fma(v[i], v[i + 1], v[i + 2]);
  });
#endif
  q.parallel_for<class MulAdd>(sycl::range<1>{1000}, [=](sycl::id<1> i) { x[i] = x[i] * x[i + 1] + 1.0f; });
}

// CHECK-DAG: OpName %sporkle_fused_fma "sporkle.fused_fma"
// CHECK-DAG: OpDecorate %sporkle_fused_fma SpecId 4
// CHECK:     %sporkle_fused_fma = OpSpecConstantTrue %bool
// CHECK:     OpFunction %void
// CHECK-DAG: %[[F:[0-9]+]] = OpExtInst %float %{{[0-9]+}} Fma
// CHECK-DAG: OpSelect %float %sporkle_fused_fma %[[F]] %{{[0-9]+}}
// CHECK-DAG: %[[D:[0-9]+]] = OpExtInst %double %{{[0-9]+}} Fma
// CHECK-DAG: OpSelect %double %sporkle_fused_fma %[[D]] %{{[0-9]+}}
// CHECK-DAG: %[[V:[0-9]+]] = OpExtInst %v4float %{{[0-9]+}} Fma
// CHECK-DAG: OpSelect %v4float %sporkle_fused_fma %[[V]] %{{[0-9]+}}
// The emulation: float is split on its bits (12 high significand bits kept),
// double rounded to 26 high bits.
// CHECK-DAG: OpBitwiseAnd %uint %{{[0-9]+}} %uint_4294963200
// CHECK-DAG: OpIAdd %ulong %{{[0-9]+}} %ulong_67108864
// CHECK-DAG: OpIsNan %v4bool
// CHECK:     OpFunctionEnd

// The driver's Fma and the emulation's float operations are NoContraction.
// DECOR-DAG: %[[F:[0-9]+]] = OpExtInst %float %{{[0-9]+}} Fma
// DECOR-DAG: %[[D:[0-9]+]] = OpExtInst %double %{{[0-9]+}} Fma
// DECOR-DAG: %[[V:[0-9]+]] = OpExtInst %v4float %{{[0-9]+}} Fma
// DECOR-DAG: %[[FMUL:[0-9]+]] = OpFMul %float
// DECOR-DAG: %[[DADD:[0-9]+]] = OpFAdd %double
// DECOR-DAG: %[[VSUB:[0-9]+]] = OpFSub %v4float
// DECOR:     OpDecorate %{{.*}} SpecId 0
// DECOR-DAG: OpDecorate %[[F]] NoContraction
// DECOR-DAG: OpDecorate %[[D]] NoContraction
// DECOR-DAG: OpDecorate %[[V]] NoContraction
// DECOR-DAG: OpDecorate %[[FMUL]] NoContraction
// DECOR-DAG: OpDecorate %[[DADD]] NoContraction
// DECOR-DAG: OpDecorate %[[VSUB]] NoContraction

// OPT-DAG: OpDecorate %sporkle_fused_fma SpecId 4
// OPT-DAG: %sporkle_fused_fma = OpSpecConstantTrue %bool
// OPT:     OpSelect %float %sporkle_fused_fma
// OPT:     OpSelect %double %sporkle_fused_fma
// OPT:     OpSelect %v4float %sporkle_fused_fma

// fmuladd: an Fma the driver may compute either way, no emulation.
// NOFMA-NOT: SpecId 4
// NOFMA-NOT: sporkle_fused_fma
// NOFMA-NOT: NoContraction
// NOFMA:     OpExtInst %float %{{[0-9]+}} Fma
// NOFMA-NOT: sporkle_fused_fma
// NOFMA-NOT: OpSelect
