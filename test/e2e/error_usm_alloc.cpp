// A malloc_device far larger than the device returns nullptr (SYCL 2020 USM) or throws errc::memory_allocation; the queue stays usable.
// RUN: %sporkle-cc -O2 -c %s -o %t.o
// RUN: %run-at-widths %t -O2 %t.o
#include <sycl/sycl.hpp>
#include "Inputs/check.hpp"

int main() {
  sycl::queue q;
  e2e::banner("error_usm_alloc", q.get_device().get_info<sycl::info::device::name>());
  const size_t mem = q.get_device().get_info<sycl::info::device::global_mem_size>();
  const size_t huge = size_t(1) << 52; // 4 PiB
  e2e::expect(huge > mem, "device claims more than 4 PiB of memory");
  for (int kind = 0; kind < 2; ++kind) {
    const char *what = kind ? "malloc_shared" : "malloc_device";
    try {
      char *p = kind ? sycl::malloc_shared<char>(huge, q) : sycl::malloc_device<char>(huge, q);
      e2e::expect(p == nullptr, std::string(what) + " of 4 PiB returned a pointer");
      std::printf("%s of 4 PiB: nullptr\n", what);
    } catch (const sycl::exception &e) {
      e2e::expect(e.code() == sycl::make_error_code(sycl::errc::memory_allocation),
                  std::string(what) + ": wrong error code " + e.code().message());
      std::printf("%s of 4 PiB: caught errc::memory_allocation: %s\n", what, e.what());
    }
  }
  // A normal allocation and kernel still work.
  const int v = e2e::random_int(1, 1000000);
  // The rest uses shared memory, which not every device has.
  if (e2e::skip_without_usm_host_shared("error_usm_alloc", q.get_device()))
    return 0;
  int *p = sycl::malloc_shared<int>(64, q);
  e2e::expect(p != nullptr, "small malloc_shared failed after the huge one");
  for (int i = 0; i < 64; ++i)
    p[i] = e2e::poison<int>();
  q.parallel_for(sycl::range<1>(64), [=](sycl::id<1> i) { p[i] = v + int(i[0]); }).wait();
  for (int i = 0; i < 64; ++i)
    e2e::expect(p[i] == v + i, "kernel after the failed allocation: wrong value at " + std::to_string(i));
  sycl::free(p, q);
  return e2e::pass("error_usm_alloc");
}
