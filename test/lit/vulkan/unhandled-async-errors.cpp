// An asynchronous error that no wait_and_throw() or throw_asynchronous()
// delivered does not vanish with its queue: without an async_handler it goes
// to SYCL's default handler (printed, then std::terminate); with one that was
// never called it is printed when the queue goes away. The failing command
// is a launch with more work-groups than 32-bit ids can number.
// REQUIRES: vulkan-device
// RUN: %sporkle-cc -O2 --sporkle-targets=cpu,vulkan %s -o %t
// RUN: env SPORKLE_DEVICE=vulkan not --crash %t 2>&1 | FileCheck %s --check-prefix=DEFAULT
// RUN: env SPORKLE_DEVICE=vulkan %t with-handler 2>&1 | FileCheck %s --check-prefix=HANDLER
#include <cstdio>
#include <cstring>
#include <sycl/sycl.hpp>

int main(int argc, char **argv) {
  bool with_handler = argc > 1 && std::strcmp(argv[1], "with-handler") == 0;
  {
    sycl::queue q = with_handler ? sycl::queue{[](sycl::exception_list) { std::printf("handler called\n"); }}
                                 : sycl::queue{};
    q.parallel_for(sycl::nd_range<1>(size_t(1) << 33, 1), [=](sycl::nd_item<1>) {}).wait();
    std::printf("waited\n");
    std::fflush(stdout); // before the default handler aborts
  }
  std::printf("queue gone\n");
  std::fflush(stdout);
}
// DEFAULT:      waited
// DEFAULT-NEXT: sporkle: asynchronous errors reached SYCL's default async_handler (the queue has none):
// DEFAULT-NEXT:   {{.*}}the launch does not fit 32-bit ids
// DEFAULT-NOT:  queue gone
// HANDLER:      waited
// HANDLER-NEXT: sporkle: a queue was destroyed with asynchronous errors that no wait_and_throw() or throw_asynchronous() delivered:
// HANDLER-NEXT:   {{.*}}the launch does not fit 32-bit ids
// HANDLER-NEXT: queue gone
// HANDLER-NOT:  handler called
