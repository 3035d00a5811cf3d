// A command the Vulkan device cannot run reaches the queue's async_handler as
// a sycl::exception with the right errc (here: more work-groups than 32-bit
// ids can number, errc::nd_range); the queue goes on working afterwards, and
// commands that depended on the failed one still run.
// REQUIRES: vulkan-device
// RUN: %sporkle-cc -O2 --sporkle-targets=cpu,vulkan %s -o %t
// RUN: env SPORKLE_DEVICE=vulkan %t | FileCheck %s
#include <cstdio>
#include <sycl/sycl.hpp>

int main() {
  int reported = 0;
  auto handler = [&](sycl::exception_list errors) {
    for (auto &e : errors) {
      try {
        std::rethrow_exception(e);
      } catch (const sycl::exception &x) {
        ++reported;
        std::printf("async error: %s: %s\n", x.code() == sycl::errc::nd_range ? "nd_range" : "other", x.what());
      }
    }
  };
  sycl::queue q{handler, sycl::property::queue::in_order()};
  int *out = sycl::malloc_device<int>(4, q);
  q.fill(out, -1, 4);
  // 2^33 work-groups of one work-item: valid SYCL, but the device numbers
  // work-groups in 32 bits.
  q.parallel_for(sycl::nd_range<1>(size_t(1) << 33, 1), [=](sycl::nd_item<1> it) {
    if (it.get_global_id(0) == 0)
      out[0] = 1;
  });
  q.single_task([=] { out[1] = 2; });
  q.wait_and_throw();
  // CHECK: async error: nd_range: {{.*}}the launch does not fit 32-bit ids
  int host[4];
  q.memcpy(host, out, sizeof host).wait_and_throw();
  std::printf("reported %d, out %d %d\n", reported, host[0], host[1]);
  // CHECK-NEXT: reported 1, out -1 2
  q.wait_and_throw(); // reported once only
  std::printf("reported %d\n", reported);
  // CHECK-NEXT: reported 1
  sycl::free(out, q);
}
