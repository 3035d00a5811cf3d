// Timing helpers shared by the three benchmark programs (sporkle SYCL, OpenCL
// on PoCL, OpenMP). Plain C++17, no SYCL or OpenCL in here.
//
// Every benchmark prints one line per measurement that report.py reads:
//   RESULT <benchmark> <variant> <median seconds> <metric value> <metric unit>
// Timings are wall-clock round trips (submit + wait), medians over --reps runs
// after --warmup runs. Each benchmark verifies its result once, so a broken
// kernel cannot report a fast time.
#ifndef SPORKLE_BENCH_HARNESS_HPP
#define SPORKLE_BENCH_HARNESS_HPP

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace bench {

struct options {
  int reps = 11;           // timed runs per benchmark
  int warmup = 2;          // untimed runs first (JIT, page faults, caches)
  int launches = 2000;     // round trips timed one by one for launch latency
  std::string only;        // run just this benchmark when set
};

inline options parse(int argc, char **argv) {
  options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto val = [&](const char *flag) { return a.rfind(flag, 0) == 0 ? a.c_str() + std::strlen(flag) : nullptr; };
    if (auto v = val("--reps=")) o.reps = std::max(1, std::atoi(v));
    else if (auto v = val("--warmup=")) o.warmup = std::max(0, std::atoi(v));
    else if (auto v = val("--launches=")) o.launches = std::max(1, std::atoi(v));
    else if (auto v = val("--only=")) o.only = v;
    else {
      std::fprintf(stderr, "usage: %s [--reps=N] [--warmup=N] [--launches=N] [--only=NAME]\n", argv[0]);
      std::exit(2);
    }
  }
  return o;
}

inline bool wanted(const options &o, const char *name) { return o.only.empty() || o.only == name; }

inline double now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

inline double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

// Runs f() warmup times untimed, then reps times timed; returns the median seconds.
template <typename F> double time_median(int warmup, int reps, F &&f) {
  for (int i = 0; i < warmup; ++i)
    f();
  std::vector<double> t;
  for (int i = 0; i < reps; ++i) {
    double t0 = now();
    f();
    t.push_back(now() - t0);
  }
  return median(t);
}

// metric = scale / seconds (e.g. bytes/1e9 for GB/s, flops/1e9 for GFLOP/s);
// for "us" the metric is the time itself in microseconds.
inline void report(const char *name, const char *variant, double seconds, double scale, const char *unit) {
  double metric = std::strcmp(unit, "us") == 0 ? seconds * 1e6 : scale / seconds;
  std::printf("RESULT %s %s %.9f %.4f %s\n", name, variant, seconds, metric, unit);
  std::fflush(stdout);
}

[[noreturn]] inline void verify_failed(const char *name, const char *variant, const std::string &why) {
  std::fprintf(stderr, "VERIFY FAILED %s %s: %s\n", name, variant, why.c_str());
  std::exit(1);
}

// Relative check used for the one-off verification of each result.
inline bool close(double got, double want, double tol) {
  return std::fabs(got - want) <= tol * std::fmax(1.0, std::fabs(want));
}

// Problem sizes, the same for every variant.
constexpr size_t stream_n = size_t(1) << 26; // vector add, saxpy, reduction: floats
constexpr size_t matmul_n = 1024;            // square matrices
constexpr size_t matmul_tile = 16;           // work-group tile edge
constexpr size_t reduce_wg = 256;            // reduction work-group size
constexpr size_t reduce_groups = 512;        // reduction work-groups (each item sums n / (wg*groups))

// Inputs are deterministic (benchmarks, not tests) and cheap to check.
inline float in_a(size_t i) { return float(i % 1024) * 0.25f; }
inline float in_b(size_t i) { return float((i * 7) % 512) - 100.0f; }
// Verifies c = a + b on a sample of elements.
inline void verify_vector_add(const float *c, size_t n, const char *variant) {
  for (size_t i = 0; i < n; i += 4099)
    if (c[i] != in_a(i) + in_b(i))
      verify_failed("vector_add", variant, "wrong sum at " + std::to_string(i));
}
// Verifies y after `runs` in-place saxpy runs: y = b + runs * s * a.
inline void verify_saxpy(const float *y, size_t n, float s, int runs, const char *variant) {
  for (size_t i = 0; i < n; i += 4099)
    if (!close(y[i], in_b(i) + float(runs) * s * in_a(i), 1e-5))
      verify_failed("saxpy", variant, "wrong value at " + std::to_string(i));
}
// Verifies a reduction result (sum of in_a over n) once; float sums of 2^26
// values drift, so this only catches broken kernels.
inline void verify_reduction(double sum, size_t n, const char *variant) {
  double want = 0;
  for (size_t i = 0; i < n; ++i)
    want += in_a(i);
  if (!close(sum, want, 1e-2))
    verify_failed("reduction", variant, "sum " + std::to_string(sum) + ", expected " + std::to_string(want));
}
// Matmul inputs: small binary fractions, so every variant's sums are exact.
inline float mm_a(size_t i) { return float(int(i % 13) - 6) / 8.0f; }
inline float mm_b(size_t i) { return float(int(i % 7) - 3) / 4.0f; }
// Checks a few entries of C = A * B (row-major n x n) against double sums.
inline bool matmul_ok(const float *c, size_t n) {
  for (size_t i = 0; i < n; i += 97)
    for (size_t j = 0; j < n; j += 89) {
      double s = 0;
      for (size_t k = 0; k < n; ++k)
        s += double(mm_a(i * n + k)) * double(mm_b(k * n + j));
      if (!close(c[i * n + j], s, 1e-5))
        return false;
    }
  return true;
}

} // namespace bench

#endif
