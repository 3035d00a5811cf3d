// Argument-block integers used only to address local memory (a local
// accessor's offset and row length) are launch constants: each load selects
// between a 32-bit specialization constant (SpecId 16 + i, widened for the
// 64-bit fields) and the push
// constants, by the bool SpecId 5 (false by default), so the runtime can
// build a pipeline in which the driver sees the local layout as constants.
// A value used for anything else (here the second accessor's row length,
// also compared with) is read from the push constants only.
// RUN: %device-cxx -O2 %s -o %t.bc
// RUN: %sporkle-opt --sporkle-vulkan-pipeline -sporkle-spirv-opt=false %t.bc -o %t.spv 2> %t.info
// RUN: FileCheck %s --check-prefix=INFO < %t.info
// RUN: spirv-val --target-env vulkan1.2 %t.spv
// RUN: spirv-dis %t.spv | FileCheck %s
// The optimizer keeps it valid:
// RUN: %sporkle-opt --sporkle-vulkan-pipeline %t.bc -o %t.opt.spv 2> /dev/null
// RUN: spirv-val --target-env vulkan1.2 %t.opt.spv
#include <sycl/sycl.hpp>

int main() {
  sycl::queue q;
  float *out = nullptr;
  q.submit([&](sycl::handler &h) {
    sycl::local_accessor<float, 2> tile({16, 16}, h);
    sycl::local_accessor<int, 2> other({4, 8}, h);
    h.parallel_for(sycl::nd_range<2>({64, 64}, {16, 16}), [=](sycl::nd_item<2> it) {
      const size_t ly = it.get_local_id(0), lx = it.get_local_id(1);
      tile[ly][lx] = out[it.get_global_linear_id()];
      if (lx < other.get_range()[1])
        other[ly % 4][lx] = int(ly);
      sycl::group_barrier(it.get_group());
      out[it.get_global_linear_id()] = tile[lx][ly] + float(other[ly % 4][lx % 8]);
    });
  });
}

// The functor as Clang lays it out: tile {range 0-15, offset 16-23}, out
// (24-31), other {range 32-47, offset 48-55}. tile's offset (16) and row
// length (8) and other's offset (48, read in two places: one constant) are
// launch constants; other's row length (40) is compared with.
// INFO: launch_constants=16:8,8:8,48:8,{{$}}

// CHECK-DAG: OpDecorate %[[ON:[a-z_.0-9]+]] SpecId 5
// CHECK-DAG: OpDecorate %[[C0:[0-9]+]] SpecId 16
// CHECK-DAG: OpDecorate %[[C1:[0-9]+]] SpecId 17
// CHECK-DAG: OpDecorate %[[C2:[0-9]+]] SpecId 18
// CHECK-NOT: SpecId 19
// CHECK-DAG: %[[ON]] = OpSpecConstantFalse %bool
// CHECK-DAG: %[[C0]] = OpSpecConstant %uint 0
// CHECK-DAG: %[[W0:[0-9]+]] = OpUConvert %ulong %[[C0]]
// CHECK-DAG: OpSelect %ulong %[[ON]] %[[W0]]
// CHECK-DAG: %[[W1:[0-9]+]] = OpUConvert %ulong %[[C1]]
// CHECK-DAG: OpSelect %ulong %[[ON]] %[[W1]]
// CHECK-DAG: %[[W2:[0-9]+]] = OpUConvert %ulong %[[C2]]
// CHECK-DAG: OpSelect %ulong %[[ON]] %[[W2]]
