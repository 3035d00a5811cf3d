// Structured control flow: a loop with a data-dependent break (Mandelbrot),
// a nested if/else, a loop with continue and an early return, and an early
// return from a loop nest all become selection and loop constructs with
// their own merge blocks (each block merges at most one construct) and pass
// spirv-val for Vulkan 1.2.
// RUN: %device-cxx -O2 %s -o %t.bc
// RUN: %sporkle-opt --sporkle-vulkan-pipeline -sporkle-spirv-opt=false %t.bc -o %t.spv 2> /dev/null
// RUN: spirv-val --target-env vulkan1.2 %t.spv
// RUN: spirv-dis %t.spv | FileCheck %s
// Every loop header branches straight into its body: valid SPIR-V lets the
// header's branch be conditional, but lavapipe failed to create pipelines
// for the loop nest below when it was.
// RUN: spirv-dis %t.spv | grep -A1 OpLoopMerge | FileCheck %s --check-prefix=HEADER --implicit-check-not=OpBranchConditional
// HEADER-COUNT-4: OpLoopMerge
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
  q.parallel_for<class ReturnFromNest>(sycl::range<1>{1024}, [=](sycl::id<1> id) {
    int i = id[0];
    for (int a = 1; a < out[i] % 5; ++a)
      for (int b = 1; b < out[(i + 1) % 1024]; ++b)
        if (out[(i + a + b) % 1024] == 3)
          return;
    out[i] = i;
  });
}

// CHECK-COUNT-3: OpEntryPoint GLCompute
// CHECK: OpLoopMerge
// CHECK: OpSelectionMerge
// CHECK: OpReturn
