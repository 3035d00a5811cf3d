// Before emission (KernelCleanup.cpp), work-item queries stop being
// convergent calls with memory effects, so CSE, LICM and full unrolling of
// small constant-trip loops apply: the 8-step loop is gone, and its two
// queries (global and local id) read LocalInvocationId once each, not once
// per step.
// RUN: %device-cxx -O2 %s -o %t.bc
// RUN: %sporkle-opt --sporkle-vulkan-pipeline -sporkle-spirv-opt=false %t.bc -o %t.spv 2> /dev/null
// RUN: spirv-val --target-env vulkan1.2 %t.spv
// RUN: spirv-dis %t.spv | FileCheck %s
#include <sycl/sycl.hpp>

int main() {
  sycl::queue q;
  float *x = nullptr;
  q.parallel_for(sycl::nd_range<1>{1024, 64}, [=](sycl::nd_item<1> it) {
    float sum = 0.0f;
    for (int k = 0; k < 8; ++k)
      sum += x[it.get_global_id(0) * 8 + k] * float(it.get_local_id(0));
    x[it.get_global_id(0)] = sum;
  });
}

// CHECK:          OpFunction
// CHECK-NOT:      OpLoopMerge
// CHECK-COUNT-2:  OpLoad %v3uint %gl_LocalInvocationID
// CHECK-NOT:      OpLoad %v3uint %gl_LocalInvocationID
// CHECK-NOT:      OpLoopMerge
// CHECK:          OpFunctionEnd
