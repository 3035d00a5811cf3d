// Harness for the kernels gen_kernel.py writes: the argument block, work-item
// ids, UB-free helpers, inputs from a seed, poisoned outputs, a host reference
// (the same segment functions run work-item by work-item on the host) and a
// dump of every output that run_diff.py compares between vector widths.
//
// A generated program: ./prog DUMP_FILE INPUT_SEED. It runs its kernel on the
// device, runs the host reference, checks the two against each other (exit 1
// on a mismatch, naming the first one) and writes the device's outputs to
// DUMP_FILE, one value a line (floats in %a), for run_diff.py.
#ifndef SPORKLE_DIFF_HARNESS_HPP
#define SPORKLE_DIFF_HARNESS_HPP

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <vector>

namespace diff {

// What every kernel sees: inputs (M elements each), outputs (2 * N elements
// each, every work-item owns two slots), a permutation of [0, N) for scattered
// stores, an atomic counter and uniform scalars.
struct Args {
  const uint32_t *iu;
  const uint64_t *il;
  const float *iff;
  const double *id;
  const uint32_t *perm;
  uint32_t *ou;
  uint64_t *ol;
  float *of;
  double *od;
  int *counter;
  uint32_t u0, u1;
  float fu;
};

// Work-item ids as 32-bit values. Dimension 1 is the fastest (SYCL order);
// gl and ll are the linear global and local ids. Plain ranges have no groups:
// there l = g and w = 0.
struct Ids {
  uint32_t g0, g1, l0, l1, w0, w1, gl, ll;
};

// State a work-item keeps across barriers (between segment functions).
struct Priv {
  uint32_t u0, u1;
  uint64_t l0;
  float f0;
  double d0;
};

template <int D> inline Ids ids_nd(const sycl::nd_item<D> &it) {
  Ids r{};
  if constexpr (D == 1) {
    r.g0 = uint32_t(it.get_global_id(0));
    r.l0 = uint32_t(it.get_local_id(0));
    r.w0 = uint32_t(it.get_group(0));
    r.gl = r.g0;
    r.ll = r.l0;
  } else {
    r.g0 = uint32_t(it.get_global_id(0));
    r.g1 = uint32_t(it.get_global_id(1));
    r.l0 = uint32_t(it.get_local_id(0));
    r.l1 = uint32_t(it.get_local_id(1));
    r.w0 = uint32_t(it.get_group(0));
    r.w1 = uint32_t(it.get_group(1));
    r.gl = uint32_t(r.g0 * it.get_global_range(1) + r.g1);
    r.ll = uint32_t(r.l0 * it.get_local_range(1) + r.l1);
  }
  return r;
}
template <int D> inline Ids ids_range(const sycl::item<D> &it) {
  Ids r{};
  r.g0 = r.l0 = uint32_t(it.get_id(0));
  if constexpr (D == 2) {
    r.g1 = r.l1 = uint32_t(it.get_id(1));
    r.gl = r.ll = uint32_t(r.g0 * it.get_range(1) + r.g1);
  } else {
    r.gl = r.ll = r.g0;
  }
  return r;
}
// The host reference's ids for global (g0, g1) in an nd_range of local size (L0, L1).
inline Ids ids_host(uint32_t g0, uint32_t g1, uint32_t G1, uint32_t L0, uint32_t L1) {
  Ids r{};
  r.g0 = g0, r.g1 = g1, r.l0 = g0 % L0, r.l1 = g1 % L1, r.w0 = g0 / L0, r.w1 = g1 / L1;
  r.gl = g0 * G1 + g1;
  r.ll = r.l0 * L1 + r.l1;
  return r;
}

// Helpers that cannot hit undefined behaviour: clamped float -> int
// conversions (NaN gives the lower bound), signed division without division
// by zero or INT_MIN / -1.
inline uint32_t f2u(float x) { return uint32_t(int32_t(sycl::fmin(sycl::fmax(x, -2.0e9f), 2.0e9f))); }
inline uint32_t d2u(double x) { return uint32_t(int32_t(sycl::fmin(sycl::fmax(x, -2.0e9), 2.0e9))); }
inline uint64_t d2l(double x) { return uint64_t(int64_t(sycl::fmin(sycl::fmax(x, -9.0e18), 9.0e18))); }
inline uint32_t sdiv(uint32_t a, uint32_t b) {
  int32_t x = int32_t(a), y = int32_t(b);
  if (y == 0 || (y == -1 && x == INT32_MIN))
    return a;
  return uint32_t(x / y);
}
inline uint64_t sdiv64(uint64_t a, uint64_t b) {
  int64_t x = int64_t(a), y = int64_t(b);
  if (y == 0 || (y == -1 && x == INT64_MIN))
    return a;
  return uint64_t(x / y);
}
// Float division, correctly rounded on every device (Vulkan allows 2.5 ulp
// for float; a float quotient computed in double and rounded once is
// correctly rounded), by a divisor that is never a zero: Vulkan lets a
// driver fold x + 0.0 to x (lavapipe does), so a zero's sign, and with it the
// sign of a quotient's infinity, may differ from the host's.
inline float divide(float a, float b) { return float(double(a) / double(b == 0.0f ? 1.0f : b)); }
inline double divide(double a, double b) { return a / (b == 0.0 ? 1.0 : b); }
// sqrt(|x|), correctly rounded the same way (float through double).
inline float root(float x) { return float(sycl::sqrt(double(sycl::fabs(x)))); }
inline double root(double x) { return sycl::sqrt(sycl::fabs(x)); }
inline void atomic_add(int *counter, uint32_t v) {
  sycl::atomic_ref<int, sycl::memory_order::relaxed, sycl::memory_scope::device,
                   sycl::access::address_space::global_space>(*counter)
      .fetch_add(int(v));
}

// Inputs from a seed, outputs poisoned, for the device (USM shared) and the
// host reference (host memory). The same seed gives the same inputs at every
// vector width.
struct Setup {
  sycl::queue q;
  uint32_t N, M, seed;
  const char *dump_path;
  Args dev{}, host{};
  std::vector<uint32_t> hu;
  std::vector<uint64_t> hl;
  std::vector<float> hf;
  std::vector<double> hd;
  int hcounter = 0;

  Setup(int argc, char **argv, uint32_t n, uint32_t m) : N(n), M(m) {
    if (argc != 3) {
      std::fprintf(stderr, "usage: %s DUMP_FILE INPUT_SEED\n", argv[0]);
      std::exit(2);
    }
    dump_path = argv[1];
    seed = uint32_t(std::strtoul(argv[2], nullptr, 0));
    std::mt19937_64 rng(seed);
    auto pick = [&](uint64_t k) { return uint64_t(rng() % k); };
    // Integers: mostly small, some full-range, some at the edges of signed and unsigned.
    auto u64 = [&]() -> uint64_t {
      switch (pick(8)) {
      case 0: return 0;
      case 1: return ~uint64_t(0) - pick(3);
      case 2: return uint64_t(1) << 63;
      case 3: case 4: return rng();
      default: return pick(100);
      }
    };
    auto u32 = [&]() -> uint32_t {
      switch (pick(8)) {
      case 0: return 0;
      case 1: return 0xffffffffu - uint32_t(pick(3));
      case 2: return 0x80000000u;
      case 3: case 4: return uint32_t(rng());
      default: return uint32_t(pick(100));
      }
    };
    // Floats: mostly in [-4, 4], some integers, zeros of both signs, some large.
    auto f64 = [&]() -> double {
      switch (pick(10)) {
      case 0: return 0.0;
      case 1: return -0.0;
      case 2: return double(int(pick(21)) - 10);
      case 3: return std::ldexp(double(rng() % 2000000) / 1000000.0 - 1.0, int(pick(40)) - 10);
      default: return double(rng() % 8000001) / 1000000.0 - 4.0;
      }
    };
    uint32_t *iu = sycl::malloc_shared<uint32_t>(M, q);
    uint64_t *il = sycl::malloc_shared<uint64_t>(M, q);
    float *iff = sycl::malloc_shared<float>(M, q);
    double *id = sycl::malloc_shared<double>(M, q);
    uint32_t *perm = sycl::malloc_shared<uint32_t>(N, q);
    for (uint32_t i = 0; i < M; ++i)
      iu[i] = u32(), il[i] = u64(), iff[i] = float(f64()), id[i] = f64();
    for (uint32_t i = 0; i < N; ++i)
      perm[i] = i;
    for (uint32_t i = N; i > 1; --i)
      std::swap(perm[i - 1], perm[pick(i)]);
    dev.iu = host.iu = iu, dev.il = host.il = il, dev.iff = host.iff = iff, dev.id = host.id = id;
    dev.perm = host.perm = perm;
    dev.u0 = host.u0 = uint32_t(pick(7));
    dev.u1 = host.u1 = u32();
    dev.fu = host.fu = float(f64());

    dev.ou = sycl::malloc_shared<uint32_t>(2 * N, q);
    dev.ol = sycl::malloc_shared<uint64_t>(2 * N, q);
    dev.of = sycl::malloc_shared<float>(2 * N, q);
    dev.od = sycl::malloc_shared<double>(2 * N, q);
    dev.counter = sycl::malloc_shared<int>(1, q);
    hu.assign(2 * N, 0xdeadbeefu), hl.assign(2 * N, 0xdeadbeefdeadbeefull);
    hf.assign(2 * N, NAN), hd.assign(2 * N, NAN);
    for (uint32_t i = 0; i < 2 * N; ++i)
      dev.ou[i] = hu[i], dev.ol[i] = hl[i], dev.of[i] = hf[i], dev.od[i] = hd[i];
    *dev.counter = 0;
    host.ou = hu.data(), host.ol = hl.data(), host.of = hf.data(), host.od = hd.data();
    host.counter = &hcounter;
  }

  // Device against host reference: integers exactly; floats within 1e-5
  // relative (absolute below 1), NaN equal to NaN. Transcendental calls
  // (whose last bit may differ between libraries) only feed float outputs.
  template <typename T> static bool same(T got, T want) {
    if constexpr (std::is_floating_point_v<T>) {
      if (std::isnan(got) || std::isnan(want))
        return std::isnan(got) && std::isnan(want);
      if (got == want)
        return true;
      return std::fabs(double(got) - double(want)) <= 1e-5 * std::fmax(1.0, std::fabs(double(want)));
    } else {
      return got == want;
    }
  }
  template <typename T> bool check(const char *name, const T *got, const T *want, uint32_t n) {
    for (uint32_t i = 0; i < n; ++i)
      if (!same(got[i], want[i])) {
        std::fprintf(stderr, "FAIL: device and host reference differ: %s[%u] = %.17g (%#llx), host %.17g (%#llx)\n",
                     name, i, double(got[i]), (unsigned long long)got[i], double(want[i]),
                     (unsigned long long)want[i]);
        return false;
      }
    return true;
  }

  // Checks against the host reference, writes the dump, frees everything.
  int finish() {
    bool ok = check("ou", dev.ou, host.ou, 2 * N) && check("ol", dev.ol, host.ol, 2 * N) &&
              check("of", dev.of, host.of, 2 * N) && check("od", dev.od, host.od, 2 * N);
    if (ok && *dev.counter != hcounter) {
      std::fprintf(stderr, "FAIL: device and host reference differ: counter = %d, host %d\n", *dev.counter, hcounter);
      ok = false;
    }
    if (FILE *f = std::fopen(dump_path, "w")) {
      std::fprintf(f, "counter %d\n", *dev.counter);
      for (uint32_t i = 0; i < 2 * N; ++i)
        std::fprintf(f, "ou %u %u\n", i, dev.ou[i]);
      for (uint32_t i = 0; i < 2 * N; ++i)
        std::fprintf(f, "ol %u %llu\n", i, (unsigned long long)dev.ol[i]);
      for (uint32_t i = 0; i < 2 * N; ++i)
        std::fprintf(f, "of %u %a\n", i, double(dev.of[i]));
      for (uint32_t i = 0; i < 2 * N; ++i)
        std::fprintf(f, "od %u %a\n", i, dev.od[i]);
      std::fclose(f);
    } else {
      std::fprintf(stderr, "FAIL: cannot write %s\n", dump_path);
      ok = false;
    }
    for (const void *p : {(const void *)dev.iu, (const void *)dev.il, (const void *)dev.iff, (const void *)dev.id,
                          (const void *)dev.perm, (const void *)dev.ou, (const void *)dev.ol, (const void *)dev.of,
                          (const void *)dev.od, (const void *)dev.counter})
      sycl::free(const_cast<void *>(p), q);
    return ok ? 0 : 1;
  }
};

} // namespace diff

#endif
