// Shared helpers for the e2e programs: a reproducible random seed, poison
// values, result checks that name the first mismatch, and a device banner.
// Host C++ plus <sycl/sycl.hpp> (for the device checks below).
#ifndef SPORKLE_E2E_CHECK_HPP
#define SPORKLE_E2E_CHECK_HPP

#include <sycl/sycl.hpp>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <type_traits>
#include <vector>

namespace e2e {

// The seed comes from SPORKLE_TEST_SEED when set (to reproduce a failure),
// otherwise from std::random_device; it is printed on every failure.
inline unsigned seed() {
  static unsigned s = [] {
    if (const char *e = std::getenv("SPORKLE_TEST_SEED"))
      return unsigned(std::strtoul(e, nullptr, 0));
    return unsigned(std::random_device{}());
  }();
  return s;
}
inline std::mt19937 &rng() {
  static std::mt19937 r(seed());
  return r;
}

[[noreturn]] inline void fail(const std::string &what) {
  std::fprintf(stderr, "FAIL: %s\n  reproduce with SPORKLE_TEST_SEED=%u\n", what.c_str(), seed());
  std::exit(1);
}
inline void expect(bool ok, const std::string &what) {
  if (!ok)
    fail(what);
}

inline std::vector<float> random_floats(size_t n, float lo = -1.0f, float hi = 1.0f) {
  std::uniform_real_distribution<float> d(lo, hi);
  std::vector<float> v(n);
  for (auto &x : v)
    x = d(rng());
  return v;
}
template <typename T = int>
std::vector<T> random_ints(size_t n, T lo, T hi) {
  std::uniform_int_distribution<long long> d(lo, hi);
  std::vector<T> v(n);
  for (auto &x : v)
    x = T(d(rng()));
  return v;
}
inline int random_int(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng()); }
/// A 64-bit value of a random magnitude (0 to 64 significant bits), inverted
/// one time in four: small, large and negative values all come up.
inline uint64_t random_u64_any_size() {
  unsigned bits = unsigned(random_int(0, 64));
  uint64_t v = std::uniform_int_distribution<uint64_t>()(rng());
  v = bits == 64 ? v : v & ((uint64_t(1) << bits) - 1);
  return random_int(0, 3) == 0 ? ~v : v;
}

// Poison: what an output holds before the kernel runs, so that a kernel that
// writes nothing (or misses elements) cannot pass.
template <typename T> T poison() {
  if constexpr (std::is_floating_point_v<T>)
    return std::numeric_limits<T>::quiet_NaN();
  else
    return T(0xdeadbeefu);
}

// |got - want| <= tol * max(1, |want|): relative for large values, absolute
// near zero. NaN never compares equal, so poisoned outputs fail.
inline bool close(double got, double want, double tol) {
  return std::fabs(got - want) <= tol * std::fmax(1.0, std::fabs(want));
}

// Compares got[i] with want[i] for every i; got is anything indexable (a
// pointer, a vector, a host_accessor). On the first mismatch prints index,
// both values and the seed, and exits 1. Floats use close(), integers ==.
template <typename Got, typename U>
void check(const char *name, const Got &got, const std::vector<U> &want, double tol = 1e-5) {
  for (size_t i = 0; i < want.size(); ++i) {
    auto g = got[i];
    bool ok;
    if constexpr (std::is_floating_point_v<U>)
      ok = close(double(g), double(want[i]), tol);
    else
      ok = g == want[i];
    if (!ok)
      fail(std::string(name) + ": first mismatch at index " + std::to_string(i) + " of " +
           std::to_string(want.size()) + ": got " + std::to_string(g) + ", expected " +
           std::to_string(want[i]));
  }
}

// Prints which device a program runs on (lit shows it on failure); pass
// q.get_device().get_info<sycl::info::device::name>().
inline void banner(const char *test, const std::string &device) {
  std::printf("%s on %s (seed %u)\n", test, device.c_str(), seed());
  std::fflush(stdout);
}

inline int pass(const char *test) {
  std::printf("%s: PASS\n", test);
  return 0;
}

// For programs that use malloc_shared / malloc_host: a device without them
// (a GPU whose host pointers are not its device addresses) is not a failure.
// Returns true (after saying so) when the program should stop here.
inline bool skip_without_usm_host_shared(const char *test, const sycl::device &dev) {
  if (dev.has(sycl::aspect::usm_shared_allocations) && dev.has(sycl::aspect::usm_host_allocations))
    return false;
  std::printf("%s: SKIPPED (the device has no USM host/shared allocations)\n", test);
  return true;
}

} // namespace e2e

#endif
