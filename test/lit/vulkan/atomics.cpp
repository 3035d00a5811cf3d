// Atomics: integer read-modify-write on global memory (device scope, buffer
// device address) and on local memory (work-group scope, a word of the
// local-memory array), compare-exchange, and float add on global memory
// (SPV_EXT_shader_atomic_float_add, declared only because it is used).
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
  int *counter = sycl::malloc_device<int>(4, q);
  float *sum = sycl::malloc_device<float>(1, q);
  q.submit([&](sycl::handler &h) {
    sycl::local_accessor<int> bins{sycl::range<1>{16}, h};
    h.parallel_for<class Atomics>(sycl::nd_range<1>{1024, 64}, [=](sycl::nd_item<1> it) {
      sycl::atomic_ref<int, sycl::memory_order::relaxed, sycl::memory_scope::work_group,
                       sycl::access::address_space::local_space>
          bin{bins[it.get_local_id(0) % 16]};
      bin.fetch_add(1);
      sycl::atomic_ref<int, sycl::memory_order::relaxed, sycl::memory_scope::device> c{counter[0]};
      c.fetch_max(int(it.get_global_id(0)));
      int expected = 0;
      c.compare_exchange_strong(expected, 5);
      sycl::atomic_ref<float, sycl::memory_order::relaxed, sycl::memory_scope::device> s{*sum};
      s.fetch_add(1.0f);
    });
  });
}

// CHECK-DAG: OpCapability AtomicFloat32AddEXT
// CHECK-DAG: OpExtension "SPV_EXT_shader_atomic_float_add"
// CHECK: %[[LOCALWORD:.*]] = OpAccessChain %_ptr_Workgroup_uint %sporkle_local
// CHECK: OpAtomicIAdd %uint %[[LOCALWORD]] %uint_2 %uint_0 %uint_1
// CHECK: %[[G:.*]] = OpConvertUToPtr %_ptr_PhysicalStorageBuffer_uint
// CHECK: OpAtomicSMax %uint %[[G]] %uint_1 %uint_0
// CHECK: OpAtomicCompareExchange %uint
// CHECK: OpAtomicFAddEXT %float
