// The SPIR-V of a vector add: the argument block (96 bytes) is inline in the
// push constants after the 24-byte header, accessor pointers are read from it
// as two words each and used as buffer device addresses; the global id comes
// from WorkgroupId * WorkgroupSize (spec constants 0-2) + LocalInvocationId +
// the header's offset. The module passes spirv-val for Vulkan 1.2.
// RUN: %device-cxx -O2 %s -o %t.bc
// RUN: %sporkle-opt --sporkle-vulkan-pipeline -sporkle-spirv-opt=false %t.bc -o %t.spv 2> %t.info
// RUN: spirv-val --target-env vulkan1.2 %t.spv
// RUN: spirv-dis %t.spv | FileCheck %s
// The module SPIRV-Tools' optimizer makes of it is valid too:
// RUN: %sporkle-opt --sporkle-vulkan-pipeline %t.bc -o %t.opt.spv 2> /dev/null
// RUN: spirv-val --target-env vulkan1.2 %t.opt.spv
// RUN: FileCheck %s --check-prefix=INFO < %t.info
#include <sycl/sycl.hpp>

int main() {
  sycl::queue q;
  sycl::buffer<float> a{1024}, b{1024}, c{1024};
  q.submit([&](sycl::handler &h) {
    sycl::accessor A{a, h, sycl::read_only}, B{b, h, sycl::read_only};
    sycl::accessor C{c, h, sycl::write_only};
    h.parallel_for<class VAdd>(sycl::range<1>{1024}, [=](sycl::id<1> i) { C[i] = A[i] + B[i]; });
  });
}

// The entry point is named like the kernel (its kernel_tag name, as the host spells it).
// INFO: kernel [[NAME:_ZTSN4sycl3_V16detail10kernel_tag.*E4VAdd.*]] entry=[[NAME]] flags=0 args_size=96

// CHECK-DAG: OpCapability Shader
// CHECK-DAG: OpCapability PhysicalStorageBufferAddresses
// CHECK-DAG: OpCapability Int64
// CHECK:     OpMemoryModel PhysicalStorageBuffer64 GLSL450
// CHECK:     OpEntryPoint GLCompute %[[K:[^ ]*]] "{{.*}}4VAdd{{.*}}" %sporkle_push %gl_WorkGroupID %gl_LocalInvocationID %sporkle_local
// CHECK-DAG: OpDecorate %[[SX:.*]] SpecId 0
// CHECK-DAG: OpDecorate %gl_WorkGroupSize BuiltIn WorkgroupSize
// CHECK-DAG: OpDecorate %{{.*}} Block
// CHECK:     %gl_WorkGroupSize = OpSpecConstantComposite %v3uint %[[SX]]
// CHECK:     %[[K]] = OpFunction %void None
// CHECK:       OpLoad %v3uint %gl_WorkGroupID
// CHECK:       OpCompositeExtract %uint %gl_WorkGroupSize 0
// CHECK:       OpLoad %v3uint %gl_LocalInvocationID
// CHECK:       OpAccessChain %_ptr_PushConstant_uint %sporkle_push %uint_0 %uint_0
// CHECK:       %[[PAIR:.*]] = OpCompositeConstruct %v2uint
// CHECK-NEXT:  OpBitcast %ulong %[[PAIR]]
// CHECK:       %[[P:.*]] = OpConvertUToPtr %_ptr_PhysicalStorageBuffer_float
// CHECK:       OpLoad %float %[[P]] Aligned 4
// CHECK:       OpFAdd %float
// CHECK:       OpStore %{{.*}} %{{.*}} Aligned 4
// CHECK:       OpReturn
