// Private arrays (what SROA leaves in memory: dynamically indexed) are
// Function variables of 32-bit words addressed by byte offsets, declared at
// the top of the entry block; a byte stored there is a read-modify-write of
// its word (private memory has no other writer).
// RUN: %device-cxx -O2 %s -o %t.bc
// RUN: %sporkle-opt --sporkle-vulkan-pipeline -sporkle-spirv-opt=false %t.bc -o %t.spv 2> /dev/null
// RUN: spirv-val --target-env vulkan1.2 %t.spv
// RUN: spirv-dis %t.spv | FileCheck %s
// The module SPIRV-Tools' optimizer makes of it is valid too:
// RUN: %sporkle-opt --sporkle-vulkan-pipeline %t.bc -o %t.opt.spv 2> /dev/null
// RUN: spirv-val --target-env vulkan1.2 %t.opt.spv
#include <sycl/sycl.hpp>

int main() {
  sycl::queue q;
  int *io = sycl::malloc_device<int>(1024, q);
  q.parallel_for<class Priv>(sycl::range<1>{1024}, [=](sycl::id<1> id) {
    int table[16];
    unsigned char flags[8];
    for (int k = 0; k < 16; ++k)
      table[k] = io[(id + k) % 1024];
    for (int k = 0; k < 8; ++k)
      flags[k] = (unsigned char)(table[k] & 0xff);
    int pick = io[id] & 15;
    io[id] = table[pick] + flags[pick & 7];
  });
}

// CHECK: OpFunction %void
// CHECK-NEXT: OpLabel
// CHECK-NEXT: OpVariable %_ptr_Function__arr_uint_uint_16 Function
// CHECK-NEXT: OpVariable %_ptr_Function__arr_uint_uint_2 Function
// CHECK: OpNot %uint
// CHECK: OpBitwiseOr %uint
