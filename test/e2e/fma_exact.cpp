// sycl::fma is one correctly rounded operation on every device: its results
// must equal std::fma's bit for bit, for random float triples (and double,
// where the device has fp64) and for hand-picked ones where a multiply and an
// add, each rounded, give another result. Random inputs include near
// cancellations (c close to -a*b) and short significands (exact ties), and
// avoid subnormal results (drivers may flush them). On lavapipe, whose Fma is
// not fused, the Vulkan kernels use their exact emulation
// (targets/vulkan/ExactFma.h); SPORKLE_VULKAN_FUSED_FMA=1 makes the runtime
// trust the driver's Fma there, and this test then fails.
// RUN: %sporkle-cc -O2 -c %s -o %t.o
// RUN: %run-at-widths %t -O2 %t.o
#include <sycl/sycl.hpp>
#include "Inputs/check.hpp"

#include <array>
#include <cfloat>

namespace {

template <typename T> using bits_t = std::conditional_t<sizeof(T) == 4, uint32_t, uint64_t>;
template <typename T> constexpr int mantissa_bits = std::numeric_limits<T>::digits - 1;

template <typename T> bits_t<T> bits(T x) {
  bits_t<T> b;
  std::memcpy(&b, &x, sizeof x);
  return b;
}
template <typename T> T from_bits(bits_t<T> b) {
  T x;
  std::memcpy(&x, &b, sizeof x);
  return x;
}

/// A random T: random sign and significand, exponent in [lo, hi].
template <typename T> T random_value(int lo, int hi) {
  using U = bits_t<T>;
  U mantissa = U(std::uniform_int_distribution<uint64_t>{}(e2e::rng()));
  mantissa &= (U(1) << mantissa_bits<T>) - 1;
  int exponent = e2e::random_int(lo, hi) + std::numeric_limits<T>::max_exponent - 1;
  U sign = U(e2e::random_int(0, 1)) << (sizeof(T) * 8 - 1);
  return from_bits<T>(sign | (U(exponent) << mantissa_bits<T>) | mantissa);
}

/// Clears the low half of the significand: products of such values are exact
/// or ties more often.
template <typename T> T short_significand(T x) {
  return from_bits<T>(bits(x) & ~((bits_t<T>(1) << (mantissa_bits<T> / 2)) - 1));
}

template <typename T> bool subnormal(T x) {
  return x != 0 && std::fabs(x) < std::numeric_limits<T>::min();
}

/// What a multiply and an add, each rounded, give (statements: no contraction).
template <typename T> T unfused(T a, T b, T c) {
  volatile T product = a * b;
  return product + c;
}

/// Random triples whose exact a*b+c is neither subnormal nor out of range:
/// a and b of exponent in [-e, e], c in [-2e-10, 2e+10].
template <typename T> std::vector<std::array<T, 3>> random_triples(size_t n, int e) {
  std::vector<std::array<T, 3>> out;
  while (out.size() < n) {
    T a = random_value<T>(-e, e), b = random_value<T>(-e, e), c;
    switch (out.size() % 4) {
    case 0: c = random_value<T>(-2 * e - 10, 2 * e + 10); break;
    case 1: // c near -a*b: the result is mostly the product's rounding error
      c = from_bits<T>(bits(T(-(a * b))) + bits_t<T>(e2e::random_int(-4, 4)));
      break;
    case 2: // c a power-of-two multiple of the product, its low bits changed
      c = std::ldexp(a * b, e2e::random_int(-3, 3)) * (e2e::random_int(0, 1) ? 1 : -1);
      c = from_bits<T>(bits(c) ^ bits_t<T>(e2e::random_int(0, 7)));
      break;
    default: // short significands: ties decided by the product's low part
      a = short_significand(a);
      b = short_significand(b);
      c = short_significand(random_value<T>(-2 * e - 10, 2 * e + 10));
      if (e2e::random_int(0, 1))
        c = short_significand(T(-(a * b)) * T(1.5));
      break;
    }
    T want = std::fma(a, b, c);
    if (subnormal(want) || !std::isfinite(want))
      continue;
    out.push_back({a, b, c});
  }
  return out;
}

template <typename T> std::string show(T x) {
  char s[64];
  std::snprintf(s, sizeof s, "%a", double(x));
  return s;
}

/// Runs sycl::fma over `triples` on the device and compares every result
/// with std::fma bit for bit (NaN with NaN).
template <typename T>
void check_fma(sycl::queue &q, const char *what, const std::vector<std::array<T, 3>> &triples) {
  size_t n = triples.size();
  T *in = sycl::malloc_device<T>(3 * n, q), *out = sycl::malloc_device<T>(n, q);
  e2e::expect(in && out, "malloc_device returned null");
  q.memcpy(in, triples.data(), 3 * n * sizeof(T)).wait();
  std::vector<T> got(n, e2e::poison<T>());
  q.memcpy(out, got.data(), n * sizeof(T)).wait();
  q.parallel_for(sycl::range<1>(n), [=](sycl::id<1> i) {
    out[i] = sycl::fma(in[3 * i], in[3 * i + 1], in[3 * i + 2]);
  }).wait();
  q.memcpy(got.data(), out, n * sizeof(T)).wait();
  sycl::free(in, q);
  sycl::free(out, q);

  size_t differ = 0;
  for (size_t i = 0; i < n; ++i) {
    auto [a, b, c] = triples[i];
    T want = std::fma(a, b, c);
    differ += bits(unfused(a, b, c)) != bits(want);
    bool ok = bits(got[i]) == bits(want) || (std::isnan(got[i]) && std::isnan(want));
    if (!ok)
      e2e::fail(std::string(what) + ": sycl::fma(" + show(a) + ", " + show(b) + ", " + show(c) + ") = " +
                show(got[i]) + ", expected " + show(want) + " (a multiply and an add give " +
                show(unfused(a, b, c)) + "), index " + std::to_string(i) + " of " + std::to_string(n));
  }
  std::printf("  %s: %zu exact, %zu of them unlike a separate multiply and add\n", what, n, differ);
}

template <typename T> T p2(int e) { return std::ldexp(T(1), e); }

} // namespace

int main() {
  sycl::queue q;
  e2e::banner("fma_exact", q.get_device().get_info<sycl::info::device::name>());

  // Hand-picked float triples: the first ones differ from a multiply and an add.
  const float inf = std::numeric_limits<float>::infinity();
  std::vector<std::array<float, 3>> hard = {
      // (1+2^-12)^2 = 1 + 2^-11 + 2^-24: the 2^-24 survives only when fused.
      {1 + p2<float>(-12), 1 + p2<float>(-12), -1.0f},
      // Cancellation: the result is the product's rounding error, 2^-46.
      {1 + p2<float>(-23), 1 + p2<float>(-23), -(1 + p2<float>(-22))},
      // RN(a*b) + c is a tie; the product's low part (+2^-24) breaks it up.
      {1 + p2<float>(-12), 1 + p2<float>(-12), 1 + p2<float>(-23)},
      {-(1 + p2<float>(-12)), 1 + p2<float>(-12), -(1 + p2<float>(-23))},
      // A tie the product's low part (-2^-25) breaks down: 0x1.000402p+1,
      // where a multiply and an add round to even, 0x1.000404p+1.
      {1 + p2<float>(-12), 1 - p2<float>(-13), 1 + 3 * p2<float>(-23)},
      // a*b = 1 - 2^-24 exactly: the same either way.
      {1 + p2<float>(-12), 1 - p2<float>(-12), -1.0f},
      {3.0f, 1.0f / 3.0f, -1.0f},
      {0.1f, 10.0f, -1.0f},
      {FLT_MAX, 0.5f, -FLT_MAX / 2},
      {p2<float>(60), p2<float>(60) * (1 + p2<float>(-23)), -p2<float>(120)},
      // Zeros keep their IEEE sign; infinities pass through.
      {-0.0f, 1.0f, -0.0f},
      {0.0f, -1.0f, 0.0f},
      {1.0f, 1.0f, -1.0f},
      {-2.0f, 3.0f, 6.0f},
      {inf, 2.0f, 1.0f},
      {1.0f, -inf, 1.0f},
      {1.0f, 2.0f, inf},
      {p2<float>(100), p2<float>(100), 1.0f},
  };
  check_fma(q, "float, hand-picked", hard);
  check_fma(q, "float, random", random_triples<float>(1 << 16, 40));

  if (q.get_device().has(sycl::aspect::fp64)) {
    std::vector<std::array<double, 3>> hard64 = {
        {1 + p2<double>(-27), 1 + p2<double>(-27), -1.0},
        {1 + p2<double>(-52), 1 + p2<double>(-52), -(1 + p2<double>(-51))},
        {1 + p2<double>(-27), 1 + p2<double>(-27), 1 + p2<double>(-52)},
        {-0.0, 1.0, -0.0},
        {1.0, 1.0, -1.0},
        {DBL_MAX, 0.5, -DBL_MAX / 2},
    };
    check_fma(q, "double, hand-picked", hard64);
    check_fma(q, "double, random", random_triples<double>(1 << 15, 300));
  } else {
    std::printf("  double: skipped (the device has no fp64)\n");
  }
  return e2e::pass("fma_exact");
}
