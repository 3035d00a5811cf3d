// Structured control flow: a loop with a data-dependent break (Mandelbrot),
// a nested if/else, a loop with continue and an early return all become
// selection and loop constructs with their own merge blocks (each block
// merges at most one construct) and pass spirv-val for Vulkan 1.2.
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
  int *out = sycl::malloc_device<int>(1024, q);
  const float *in = sycl::malloc_device<float>(1024, q);
  q.parallel_for<class Mandel>(sycl::range<1>{1024}, [=](sycl::id<1> id) {
    float cr = in[id], ci = 0.5f, zr = 0, zi = 0;
    int i = 0;
    for (; i < 256; ++i) {
      float zr2 = zr * zr, zi2 = zi * zi;
      if (zr2 + zi2 > 4.0f)
        break;
      zi = 2.0f * zr * zi + ci;
      zr = zr2 - zi2 + cr;
    }
    out[id] = i;
  });
  q.parallel_for<class Nested>(sycl::range<1>{1024}, [=](sycl::id<1> id) {
    int v = out[id];
    if (v < 0)
      return;
    int acc = 0;
    for (int k = 0; k < v; ++k) {
      if (k % 3 == 0)
        continue;
      if (k & 1) {
        if (k > 100)
          acc += 2;
        else
          acc -= 1;
      } else {
        acc ^= k;
      }
    }
    out[id] = acc;
  });
}

// CHECK-COUNT-2: OpEntryPoint GLCompute
// CHECK: OpLoopMerge
// CHECK: OpSelectionMerge
// CHECK: OpReturn
