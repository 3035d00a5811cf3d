// 8- and 16-bit stores to local memory: work-items share its 32-bit words, so
// a store clears its byte(s) with an atomic and on the word and sets them with
// an atomic or (Workgroup scope, relaxed); loads shift and narrow the word.
// A 16-bit float (sycl::half is _Float16) goes through
// its 16 bits.
// RUN: %device-cxx -O2 %s -o %t.bc
// RUN: %sporkle-opt --sporkle-vulkan-pipeline -sporkle-spirv-opt=false %t.bc -o %t.spv 2> /dev/null
// RUN: spirv-val --target-env vulkan1.2 %t.spv
// RUN: spirv-dis %t.spv | FileCheck %s
#include <sycl/sycl.hpp>

int main() {
  sycl::queue q;
  int *global = nullptr;
  q.submit([&](sycl::handler &h) {
    sycl::local_accessor<unsigned char> bytes{sycl::range<1>{64}, h};
    sycl::local_accessor<short> shorts{sycl::range<1>{64}, h};
    sycl::local_accessor<_Float16> halves{sycl::range<1>{64}, h};
    h.parallel_for(sycl::nd_range<1>{1024, 64}, [=](sycl::nd_item<1> it) {
      size_t i = it.get_local_id(0);
      bytes[i] = (unsigned char)global[i];
      shorts[i] = (short)global[i + 64];
      halves[i] = (_Float16)float(global[i + 128]);
      sycl::group_barrier(it.get_group());
      global[it.get_global_id(0)] = bytes[63 - i] + shorts[i ^ 1] + int(float(halves[i ^ 3]));
    });
  });
}

// CHECK:     OpAtomicAnd %uint %{{[0-9]+}} %uint_2 %uint_0
// CHECK:     OpAtomicOr %uint %{{[0-9]+}} %uint_2 %uint_0
// CHECK:     OpAtomicAnd %uint
// CHECK:     OpAtomicOr %uint
// CHECK:     OpBitcast %ushort
// CHECK:     OpAtomicAnd %uint
// CHECK:     OpAtomicOr %uint
// CHECK:     OpControlBarrier
// CHECK:     OpUConvert %uchar
// CHECK:     OpUConvert %ushort
// CHECK:     OpBitcast %half
