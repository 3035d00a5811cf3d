// -Rpass=sporkle-vectorize and -Rpass-missed=sporkle-vectorize reach the CPU
// target's vectorizer through sporkle-cc: which kernels were vectorized (and
// with what: masked branches, gathers, per-work-item calls), and which stayed
// scalar and why. Without the flags nothing is printed; width 1 vectorizes
// nothing.
// RUN: %sporkle-cc -O2 -fsporkle-vector-width=8 -Rpass=sporkle-vectorize -Rpass-missed=sporkle-vectorize %s -o %t 2>&1 | FileCheck %s
// RUN: %sporkle-cc -O2 -fsporkle-vector-width=8 %s -o %t 2>&1 | FileCheck %s --check-prefix=QUIET --allow-empty
// RUN: %sporkle-cc -O2 -fsporkle-vector-width=1 -Rpass=sporkle-vectorize %s -o %t 2>&1 | FileCheck %s --check-prefix=QUIET --allow-empty
#include <sycl/sycl.hpp>

int main() {
  sycl::queue q;
  float *data = sycl::malloc_device<float>(1024, q);
  int *idx = sycl::malloc_device<int>(1024, q);
  q.parallel_for<class Gather>(sycl::range<1>{1024}, [=](sycl::id<1> i) {
    if (data[i] > 0.0f)
      data[i] = data[idx[i] & 1023];
  });
  q.submit([&](sycl::handler &h) {
    sycl::local_accessor<float> tile{sycl::range<1>{64}, h};
    h.parallel_for<class DivergentBarrier>(sycl::nd_range<1>{1024, 64}, [=](sycl::nd_item<1> it) {
      size_t l = it.get_local_id(0);
      tile[l] = data[it.get_global_id(0)];
      if (data[l] > 0.5f) // a barrier only some work-items reach: undefined in SYCL, never vectorized
        sycl::group_barrier(it.get_group());
      data[it.get_global_id(0)] = tile[63 - l];
    });
  });
}

// CHECK-DAG: remark: kernel {{.*}}Gather{{.*}} vectorized: 8 work-items per step, 1 divergent branches and 0 divergent loops masked, 1 gathers and 0 scatters (addresses not consecutive across work-items) [-Rpass=sporkle-vectorize]
// CHECK-DAG: remark: kernel {{.*}}DivergentBarrier{{.*}} not vectorized: a barrier in control flow that work-items may not all take; it runs one work-item at a time [-Rpass-missed=sporkle-vectorize]
// QUIET-NOT: remark
