// Invalid nd_ranges throw sycl::exception with errc::nd_range (local size not dividing global, or over the device limit) and run nothing.
// RUN: %sporkle-cc -O2 -c %s -o %t.o
// RUN: %run-at-widths %t -O2 %t.o
#include <sycl/sycl.hpp>
#include "Inputs/check.hpp"

// Submits an nd_range kernel that would mark *ran; returns true if it threw errc::nd_range.
template <int D> bool throws_nd_range(sycl::queue &q, sycl::nd_range<D> r, int *ran, const char *what) {
  try {
    q.parallel_for(r, [=](sycl::nd_item<D>) { *ran = 1; }).wait_and_throw();
  } catch (const sycl::exception &e) {
    if (e.code() != sycl::make_error_code(sycl::errc::nd_range))
      e2e::fail(std::string(what) + ": wrong error code " + e.code().message() + " (" + e.what() + ")");
    std::printf("%s: caught errc::nd_range: %s\n", what, e.what());
    return true;
  }
  return false;
}

int main() {
  sycl::queue q;
  e2e::banner("error_nd_range", q.get_device().get_info<sycl::info::device::name>());
  if (e2e::skip_without_usm_host_shared("error_nd_range", q.get_device()))
    return 0;
  int *ran = sycl::malloc_shared<int>(1, q);
  *ran = 0;
  const size_t local = size_t(e2e::random_int(3, 17)) | 1; // odd, so it cannot divide the even global size
  e2e::expect(throws_nd_range(q, sycl::nd_range<1>(sycl::range<1>(local * 10 + 1), sycl::range<1>(local)), ran, "1-D"),
              "1-D: local size not dividing the global size did not throw");
  e2e::expect(throws_nd_range(q, sycl::nd_range<2>(sycl::range<2>(8, 12), sycl::range<2>(4, 5)), ran, "2-D"),
              "2-D: local size 5 not dividing 12 did not throw");
  const size_t max = q.get_device().get_info<sycl::info::device::max_work_group_size>();
  e2e::expect(throws_nd_range(q, sycl::nd_range<1>(sycl::range<1>(2 * (max + 1)), sycl::range<1>(max + 1)), ran,
                              "over max_work_group_size"),
              "a work-group of max_work_group_size + 1 (" + std::to_string(max + 1) + ") did not throw");
  e2e::expect(*ran == 0, "a kernel with an invalid nd_range ran");

  // The queue still works afterwards, and the same kernel with a valid nd_range runs.
  q.parallel_for(sycl::nd_range<1>(sycl::range<1>(local * 10), sycl::range<1>(local)), [=](sycl::nd_item<1> it) {
    if (it.get_global_id(0) == 0)
      *ran = 1;
  }).wait();
  e2e::expect(*ran == 1, "a valid nd_range kernel did not run after the errors");
  sycl::free(ran, q);
  return e2e::pass("error_nd_range");
}
