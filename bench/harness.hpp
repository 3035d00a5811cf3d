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
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

namespace bench {

struct options {
  int reps = 11;           // timed runs per benchmark
  int warmup = 2;          // untimed runs first (JIT, page faults, caches)
  double warmup_seconds = 0; // ... and for at least this long (GPU clocks, see gpu/run.sh)
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
    else if (auto v = val("--warmup-seconds=")) o.warmup_seconds = std::max(0.0, std::atof(v));
    else if (auto v = val("--launches=")) o.launches = std::max(1, std::atoi(v));
    else if (auto v = val("--only=")) o.only = v;
    else {
      std::fprintf(stderr, "usage: %s [--reps=N] [--warmup=N] [--warmup-seconds=S] [--launches=N] [--only=NAME]\n",
                   argv[0]);
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

// Runs f() untimed warmup times and for at least warmup_seconds, then reps
// times timed; returns the median seconds.
template <typename F> double time_median(int warmup, int reps, F &&f, double warmup_seconds = 0) {
  const double start = now();
  for (int i = 0; i < warmup || now() - start < warmup_seconds; ++i)
    f();
  std::vector<double> t;
  for (int i = 0; i < reps; ++i) {
    double t0 = now();
    f();
    t.push_back(now() - t0);
  }
  return median(t);
}

// The shape of every checked benchmark: poison() the outputs, run() once and
// check() that result (see the checks below), then time run(): the median of
// o.reps runs after o.warmup ones (and o.warmup_seconds).
template <typename Poison, typename Run, typename Check>
double checked_median(const options &o, Poison &&poison, Run &&run, Check &&check) {
  poison();
  run();
  check();
  return time_median(o.warmup, o.reps, run, o.warmup_seconds);
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

// ---------------------------------------------------------------------------
// The kernel benchmarks of issue 3: Mandelbrot, n-body, Black-Scholes, a 2D
// stencil and conv2d. Every variant runs each one first on outputs filled
// with poison (so an element a kernel skips cannot pass on stale data),
// checks that run against the host reference here, then times it.
//
// Tolerances: integers are exact; floats are within 1e-5 relative
// (absolute below 1, see close()). Mandelbrot, the stencil and conv2d are
// written so that every variant computes the same bits: explicit fma
// (no contraction choice left to the compiler) or inputs that are small binary
// fractions (every product and sum exact). n-body and Black-Scholes have
// looser tolerances, documented where they are defined.

constexpr float poison_f = std::numeric_limits<float>::quiet_NaN(); // fails every float check
constexpr int poison_i = -1;                                        // no iteration count is negative

// A deterministic pseudo-random float in [0, 1) for input element i of stream
// `seed`: an integer hash, so inputs cost nothing to recompute in the checks.
inline float hash01(uint64_t i, uint32_t seed) {
  uint32_t h = uint32_t(i) * 0x9e3779b1u ^ uint32_t(i >> 32) ^ seed * 0x85ebca77u;
  h ^= h >> 16, h *= 0x7feb352du, h ^= h >> 15, h *= 0x846ca68bu, h ^= h >> 16;
  return float(h >> 8) * (1.0f / 16777216.0f);
}

template <typename F> std::vector<float> make_input(size_t n, F f) {
  std::vector<float> v(n);
  for (size_t i = 0; i < n; ++i)
    v[i] = f(i);
  return v;
}

// What a checked element should be: |got - value| <= tol * scale passes.
struct expected {
  double value, scale;
};
inline expected around(double v) { return {v, std::fmax(1.0, std::fabs(v))}; } // close()'s rule

inline void check_value(const char *name, const char *variant, size_t i, double got, expected want, double tol) {
  if (!(std::fabs(got - want.value) <= tol * want.scale)) { // NaN (poison) fails too
    char msg[160];
    std::snprintf(msg, sizeof msg, "element %zu is %.9g, expected %.9g (tolerance %g)", i, got, want.value,
                  tol * want.scale);
    verify_failed(name, variant, msg);
  }
}
// Checks out[i] against want(i) for every step-th i; tol = 0 means exact.
template <typename T, typename Want>
void check_each(const char *name, const char *variant, const T *out, size_t n, size_t step, double tol, Want want) {
  for (size_t i = 0; i < n; i += step)
    check_value(name, variant, i, double(out[i]), want(i), tol);
}

// --- Mandelbrot: 2048 x 1024 pixels over [-2.5, 1.5] x [-1, 1], at most 256
// iterations, output the iteration count. Every multiply-add is an explicit
// fma, so all variants (and the reference) compute the same bits and the
// counts must match exactly.
constexpr size_t mandel_w = 2048, mandel_h = 1024;
constexpr int mandel_iters = 256;
constexpr float mandel_x0 = -2.5f, mandel_y0 = -1.0f, mandel_step = 1.0f / 512; // square pixels

inline int mandel_ref(size_t px, size_t py) {
  const float cx = std::fma(float(px), mandel_step, mandel_x0), cy = std::fma(float(py), mandel_step, mandel_y0);
  float x = 0.0f, y = 0.0f;
  int n = 0;
  while (n < mandel_iters && std::fma(x, x, y * y) <= 4.0f) {
    const float xn = std::fma(x, x, std::fma(-y, y, cx));
    y = std::fma(2.0f * x, y, cy);
    x = xn;
    ++n;
  }
  return n;
}
// count: row-major mandel_h x mandel_w.
inline void check_mandelbrot(const int *count, const char *variant) {
  check_each("mandelbrot", variant, count, mandel_w * mandel_h, 1, 0.0,
             [](size_t i) { return around(mandel_ref(i % mandel_w, i / mandel_w)); });
}

// --- n-body: accelerations of nbody_n bodies from all pairs, in float, with
// softening: a_i = sum_j m_j d_ij / (|d_ij|^2 + eps2)^(3/2), d_ij = p_j - p_i.
// 20 flops per pair (the usual count). Tolerance: the terms largely cancel, so
// a float sum of 16384 of them is only accurate relative to the sum of their
// magnitudes, not to the result; rsqrt differs between implementations and
// OpenMP's simd reduction reassociates the sum. Each component must be within
// 5e-5 of the sum of |terms| of the double reference (measured worst: 5.5e-6
// for the sequential float sum of sporkle and PoCL, 3.4e-7 for OpenMP's).
constexpr size_t nbody_n = 16384;
constexpr float nbody_eps2 = 1e-3f;
inline float nbody_pos(size_t i, int axis) { return 2.0f * hash01(i, uint32_t(axis)) - 1.0f; } // unit cube
inline float nbody_mass(size_t i) { return 0.5f + hash01(i, 3); }

inline void check_nbody(const float *ax, const float *ay, const float *az, const char *variant) {
  const float *acc[3] = {ax, ay, az};
  for (size_t i = 0; i < nbody_n; i += 61) {
    double sum[3] = {}, mag[3] = {};
    for (size_t j = 0; j < nbody_n; ++j) {
      double d[3];
      for (int c = 0; c < 3; ++c)
        d[c] = double(nbody_pos(j, c)) - double(nbody_pos(i, c));
      double r2 = d[0] * d[0] + d[1] * d[1] + d[2] * d[2] + double(nbody_eps2);
      double s = double(nbody_mass(j)) / (r2 * std::sqrt(r2));
      for (int c = 0; c < 3; ++c)
        sum[c] += d[c] * s, mag[c] += std::fabs(d[c] * s);
    }
    for (int c = 0; c < 3; ++c)
      check_value("nbody", variant, i, acc[c][i], expected{sum[c], mag[c]}, 5e-5);
  }
}

// --- Black-Scholes: call and put prices of bs_n European options, in float,
// with the Abramowitz-Stegun polynomial for the normal CDF. Tolerance: the
// reference evaluates the same formulas in double; expf/logf differ by an ulp
// or so between glibc, PoCL and sporkle, and the float formulas lose a few
// more bits (S N(d1) - X e^-rT N(d2) cancels), so prices must be within 1e-4
// relative (absolute below 1; measured worst: 5.1e-6, every variant).
constexpr size_t bs_n = size_t(1) << 22;
constexpr float bs_r = 0.02f, bs_v = 0.30f; // riskless rate, volatility
constexpr float bs_a1 = 0.31938153f, bs_a2 = -0.356563782f, bs_a3 = 1.781477937f, bs_a4 = -1.821255978f,
                bs_a5 = 1.330274429f, bs_rsqrt2pi = 0.39894228040143267794f;
inline float bs_price(size_t i) { return 5.0f + 25.0f * hash01(i, 10); }  // S
inline float bs_strike(size_t i) { return 1.0f + 99.0f * hash01(i, 11); } // X
inline float bs_years(size_t i) { return 0.25f + 9.75f * hash01(i, 12); } // T

inline double bs_cnd_ref(double d) {
  double k = 1.0 / (1.0 + 0.2316419 * std::fabs(d));
  double cnd = bs_rsqrt2pi * std::exp(-0.5 * d * d) *
               (k * (bs_a1 + k * (bs_a2 + k * (bs_a3 + k * (bs_a4 + k * double(bs_a5))))));
  return d > 0 ? 1.0 - cnd : cnd;
}
inline void check_blackscholes(const float *call, const float *put, const char *variant) {
  for (size_t i = 0; i < bs_n; i += 3) {
    double s = bs_price(i), x = bs_strike(i), t = bs_years(i), r = bs_r, v = bs_v;
    double sqrt_t = std::sqrt(t);
    double d1 = (std::log(s / x) + (r + 0.5 * v * v) * t) / (v * sqrt_t), d2 = d1 - v * sqrt_t;
    double c1 = bs_cnd_ref(d1), c2 = bs_cnd_ref(d2), xe = x * std::exp(-r * t);
    check_value("blackscholes", variant, i, call[i], around(s * c1 - xe * c2), 1e-4);
    check_value("blackscholes", variant, i, put[i], around(xe * (1.0 - c2) - s * (1.0 - c1)), 1e-4);
  }
}

// --- 2D 5-point stencil, one sweep over stencil_n^2 floats:
// out = c0 * centre + c1 * (north + south + west + east), edges copied.
// Inputs are multiples of 1/16 below 4, so every variant's result is exact.
constexpr size_t stencil_n = 4096;
constexpr float stencil_c0 = 0.5f, stencil_c1 = 0.125f;
inline float stencil_in(size_t i) { return float(int(hash01(i, 20) * 64.0f)) / 16.0f; }

inline void check_stencil(const float *out, const char *variant) {
  const size_t n = stencil_n;
  check_each("stencil", variant, out, n * n, 1, 1e-5, [n](size_t i) {
    size_t r = i / n, c = i % n;
    if (r == 0 || c == 0 || r == n - 1 || c == n - 1)
      return around(stencil_in(i));
    double nb = double(stencil_in(i - n)) + stencil_in(i + n) + stencil_in(i - 1) + stencil_in(i + 1);
    return around(double(stencil_c0) * stencil_in(i) + double(stencil_c1) * nb);
  });
}

// --- conv2d, NCHW float, batch 1, no bias, one output element per work-item,
// at two ResNet-50 shapes. Inputs are matmul's binary fractions (mm_a for the
// image, mm_b for the weights), so every sum is exact.
struct conv_dims {
  int cin, h, w, cout, k, stride, pad;
  int hout() const { return (h + 2 * pad - k) / stride + 1; }
  int wout() const { return (w + 2 * pad - k) / stride + 1; }
  size_t in_size() const { return size_t(cin) * h * w; }
  size_t weight_size() const { return size_t(cout) * cin * k * k; }
  size_t out_size() const { return size_t(cout) * hout() * wout(); }
  double flops() const { return 2.0 * double(out_size()) * cin * k * k; }
};
struct conv_case {
  const char *name; // benchmark name in RESULT lines (report.py knows them)
  conv_dims d;
};
// ResNet-50's first layer (3x224x224 -> 64x112x112, 7x7 stride 2 pad 3) and a
// 3x3 convolution at its 28x28 stage (128x28x28 -> 256x28x28, stride 1 pad 1).
inline const conv_case conv_cases[] = {{"conv2d_7x7", {3, 224, 224, 64, 7, 2, 3}},
                                       {"conv2d_3x3", {128, 28, 28, 256, 3, 1, 1}}};

inline void check_conv2d(const conv_case &cc, const float *out, const char *variant) {
  const conv_dims d = cc.d;
  const int ho = d.hout(), wo = d.wout();
  check_each(cc.name, variant, out, d.out_size(), 3, 1e-5, [&](size_t i) {
    int ox = int(i % wo), oy = int(i / wo % ho), oc = int(i / (size_t(wo) * ho));
    double sum = 0;
    for (int ic = 0; ic < d.cin; ++ic)
      for (int ky = 0; ky < d.k; ++ky)
        for (int kx = 0; kx < d.k; ++kx) {
          int iy = oy * d.stride - d.pad + ky, ix = ox * d.stride - d.pad + kx;
          if (iy >= 0 && iy < d.h && ix >= 0 && ix < d.w)
            sum += double(mm_a((size_t(ic) * d.h + iy) * d.w + ix)) *
                   mm_b(((size_t(oc) * d.cin + ic) * d.k + ky) * d.k + kx);
        }
    return around(sum);
  });
}

} // namespace bench

#endif
