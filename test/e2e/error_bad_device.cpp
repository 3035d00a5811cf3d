// SPORKLE_DEVICE naming no present device is an error that names the request and lists the devices present.
// RUN: %sporkle-cc -O2 %s -o %t
// RUN: env SPORKLE_DEVICE=nonsense not %t 2>&1 | FileCheck %s
// RUN: env SPORKLE_DEVICE=vulkan:99 not %t 2>&1 | FileCheck %s --check-prefix=INDEX
// `not` also fails if the program crashes: the error must be a catchable sycl::exception.
// CHECK-DAG: nonsense
// CHECK-DAG: cpu
// INDEX-DAG: vulkan:99
// INDEX-DAG: cpu
#include <sycl/sycl.hpp>
#include <cstdio>

int main() {
  try {
    sycl::queue q;
    std::printf("UNEXPECTED: got a queue on %s\n", q.get_device().get_info<sycl::info::device::name>().c_str());
    return 0;
  } catch (const sycl::exception &e) {
    std::printf("caught sycl::exception: %s\n", e.what());
    return 1;
  }
}
