// Local and private memory are arrays of 32-bit words; the emitter derives a
// pointer's word index from its base's in whole words (base + constant words
// + index * words per element, also for LLVM's canonical `gep i8, p, x*4k`),
// so a driver sees base + constant offsets it can fold into its load and
// store instructions. The local accessor's byte offset, which comes from the
// argument block, is shifted to words once, where the accessor's pointer is
// made, not at every access.
// RUN: %device-cxx -O2 %s -o %t.bc
// RUN: %sporkle-opt --sporkle-vulkan-pipeline -sporkle-spirv-opt=false %t.bc -o %t.spv 2> /dev/null
// RUN: spirv-val --target-env vulkan1.2 %t.spv
// RUN: spirv-dis %t.spv | FileCheck %s
#include <sycl/sycl.hpp>

int main() {
  sycl::queue q;
  float *out = nullptr;
  q.submit([&](sycl::handler &h) {
    sycl::local_accessor<float, 2> tile({16, 16}, h);
    h.parallel_for(sycl::nd_range<2>({64, 64}, {16, 16}), [=](sycl::nd_item<2> it) {
      const size_t ly = it.get_local_id(0), lx = it.get_local_id(1);
      tile[ly][lx] = out[it.get_global_linear_id()];
      sycl::group_barrier(it.get_group());
      float sum = 0.0f;
      for (int k = 0; k < 4; ++k) // unrolled: tile[k][lx] is the row stride times k, in bytes
        sum += tile[ly][k] * tile[k][lx];
      out[it.get_global_linear_id()] = sum + tile[ly][lx ^ 1];
    });
  });
}

// The accessor's offset (bytes, from the argument block) becomes words once:
// CHECK:     %[[BASE:[0-9]+]] = OpShiftRightLogical %uint %{{[0-9]+}} %uint_2
// CHECK-NOT: OpShiftRightLogical
// The row: base + ly * (row stride in words); the element: row + lx.
// CHECK:     %[[ROW:[0-9]+]] = OpIAdd %uint %[[BASE]] %{{[0-9]+}}
// CHECK:     %[[MINE:[0-9]+]] = OpIAdd %uint %[[ROW]] %{{[0-9]+}}
// CHECK:     OpAccessChain %_ptr_Workgroup_uint %sporkle_local %[[MINE]]
// CHECK:     OpControlBarrier
// tile[ly][k] for constant k: the row plus k words.
// CHECK-DAG: OpIAdd %uint %[[ROW]] %uint_1
// CHECK-DAG: OpIAdd %uint %[[ROW]] %uint_2
// CHECK-DAG: OpIAdd %uint %[[ROW]] %uint_3
// No access shifts a byte offset to words after the first:
// CHECK-NOT: OpShiftRightLogical
// CHECK:     OpFunctionEnd
