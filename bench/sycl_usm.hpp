// USM helpers shared by the SYCL benchmark programs (sycl_bench.cpp on the
// CPU device, gpu/gpu_bench.cpp on Vulkan): device arrays that fail the run
// loudly when the device is out of memory, copies to and from the host, and
// the poison fill before a checked run. Needs harness.hpp (verify_failed).
#ifndef SPORKLE_BENCH_SYCL_USM_HPP
#define SPORKLE_BENCH_SYCL_USM_HPP

#include <sycl/sycl.hpp>

#include <initializer_list>
#include <vector>

namespace bench::usm {

template <typename T> T *device_array(sycl::queue &q, size_t n) {
  T *d = sycl::malloc_device<T>(n, q);
  if (!d)
    verify_failed("setup", "sycl", "out of device memory");
  return d;
}
template <typename T> T *to_device(sycl::queue &q, const std::vector<T> &h) {
  T *d = device_array<T>(q, h.size());
  q.memcpy(d, h.data(), h.size() * sizeof(T)).wait();
  return d;
}
template <typename T> std::vector<T> to_host(sycl::queue &q, const T *d, size_t n) {
  std::vector<T> h(n);
  q.memcpy(h.data(), d, n * sizeof(T)).wait();
  return h;
}
template <typename T> void poison(sycl::queue &q, T *d, size_t n, T value) { q.fill(d, value, n).wait(); }
inline void free_all(sycl::queue &q, std::initializer_list<void *> ps) {
  for (void *p : ps)
    sycl::free(p, q);
}

} // namespace bench::usm

#endif
