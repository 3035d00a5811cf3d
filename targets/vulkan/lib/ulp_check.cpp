//===- ulp_check.cpp - precise_math.cpp's errors against the host's libm ---===//
//
// Runs the Vulkan target's math library (precise_math.cpp, compiled for the
// host with -ffp-contract=off: float operations round as a Vulkan driver's
// do) over sampled or all float inputs and compares each result with the
// host's double-precision libm, in ulps of the float result. Prints the
// largest error per function and where it is, and fails when one is above
// SYCL 2020's limit (OpenCL 1.2's full profile) or a special value (NaN,
// infinities, signed zeros) differs. The double functions (sin64, ...,
// pown64, sinh64, cosh64, tanh64, cbrt64, hypot64, asin64, acos64, atan64,
// atan2_64) are compared with the host's long double libm (64-bit
// significands) over random inputs: any bit pattern, uniform in the usual
// range, every binade, near the edges (overflow, underflow, 1, multiples of
// pi/2, the double nearest one).
//
//   sporkle-vk-math-ulp [--step N] [--pairs N] [--doubles N] [--seed S] [--ftz] [function...]
//     --step N   every N-th float bit pattern of each unary function's
//                domain (default 4099; 1: every float)
//     --pairs N  random argument pairs per range for pow, pown and atan2
//                (and pow64, pown64)
//     --doubles N  random inputs per unary double function (default 400000)
//     --ftz      flush subnormals (MXCSR FTZ and DAZ), as some drivers do;
//                a subnormal input or result may then be zero
//
// Built a second time as sporkle-vk-math-ulp-inexact with the driver's divide
// and sqrt made 2 (sqrt: 4) ulp off on purpose (SPORKLE_VK_MATH_INEXACT_DRIVER):
// the library's results must stay in bounds with any conformant driver.
//
//===----------------------------------------------------------------------===//
#include <cfloat>
#include <cinttypes>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>
#include <xmmintrin.h>

extern "C" {
float __sporkle_vk_sinf(float);
float __sporkle_vk_cosf(float);
float __sporkle_vk_tanf(float);
float __sporkle_vk_expf(float);
float __sporkle_vk_exp2f(float);
float __sporkle_vk_exp10f(float);
float __sporkle_vk_logf(float);
float __sporkle_vk_log2f(float);
float __sporkle_vk_log10f(float);
float __sporkle_vk_powf(float, float);
float __sporkle_vk_powif(float, int);
float __sporkle_vk_sqrtf(float);
float __sporkle_vk_asinf(float);
float __sporkle_vk_acosf(float);
float __sporkle_vk_atanf(float);
float __sporkle_vk_atan2f(float, float);
float __sporkle_vk_sinhf(float);
float __sporkle_vk_coshf(float);
float __sporkle_vk_tanhf(float);
float __sporkle_vk_cbrtf(float);
float __sporkle_vk_hypotf(float, float);
float __sporkle_vk_fmodf(float, float);
float __sporkle_vk_ldexpf(float, int);
double __sporkle_vk_fmod(double, double);
double __sporkle_vk_ldexp(double, int);
double __sporkle_vk_sin(double);
double __sporkle_vk_cos(double);
double __sporkle_vk_tan(double);
double __sporkle_vk_exp(double);
double __sporkle_vk_exp2(double);
double __sporkle_vk_exp10(double);
double __sporkle_vk_log(double);
double __sporkle_vk_log2(double);
double __sporkle_vk_log10(double);
double __sporkle_vk_pow(double, double);
double __sporkle_vk_powi(double, int);
double __sporkle_vk_sinh(double);
double __sporkle_vk_cosh(double);
double __sporkle_vk_tanh(double);
double __sporkle_vk_cbrt(double);
double __sporkle_vk_hypot(double, double);
double __sporkle_vk_asin(double);
double __sporkle_vk_acos(double);
double __sporkle_vk_atan(double);
double __sporkle_vk_atan2(double, double);
}

#ifdef SPORKLE_VK_MATH_INEXACT_DRIVER
namespace {
uint32_t bitsOf(float x) {
  uint32_t b;
  std::memcpy(&b, &x, 4);
  return b;
}
float fromBits(uint32_t b) {
  float x;
  std::memcpy(&x, &b, 4);
  return x;
}
/// x moved by up to `ulps` ulps, by a hash of the inputs: the same inputs
/// always give the same error, as a driver's would.
float perturb(float x, uint32_t h, int ulps) {
  if (!std::isfinite(x) || std::fabs(x) < FLT_MIN) // (subnormals may be flushed anyway)
    return x;
  h ^= h >> 15;
  h *= 0x2c1b3c6du;
  h ^= h >> 12;
  int d = int(h % uint32_t(2 * ulps + 1)) - ulps;
  return fromBits(bitsOf(x) + uint32_t(d));
}
} // namespace
float driver_div(float a, float b) { return perturb(a / b, bitsOf(a) * 31 + bitsOf(b), 2); }
float driver_sqrt(float x) { return perturb(std::sqrt(x), bitsOf(x), 4); }
namespace {
uint64_t bitsOf(double x) {
  uint64_t b;
  std::memcpy(&b, &x, 8);
  return b;
}
double perturb(double x, uint64_t h, int ulps) {
  if (!std::isfinite(x) || std::fabs(x) < DBL_MIN)
    return x;
  h ^= h >> 31;
  h *= 0x7fb5d329728ea185ull;
  h ^= h >> 27;
  int d = int(h % uint64_t(2 * ulps + 1)) - ulps;
  double v;
  uint64_t b = bitsOf(x) + uint64_t(int64_t(d));
  std::memcpy(&v, &b, 8);
  return v;
}
} // namespace
double driver_div(double a, double b) { return perturb(a / b, bitsOf(a) * 31 + bitsOf(b), 2); }
#endif

namespace {

float from_bits(uint32_t b) {
  float x;
  std::memcpy(&x, &b, 4);
  return x;
}

bool FlushSubnormals = false;

/// float to double through the x87 unit, which MXCSR's DAZ (--ftz) does not
/// touch: a subnormal stays itself, as in the reference functions' inputs.
/// (volatile: otherwise the compiler converts directly, with SSE.)
double to_double(float x) {
  volatile long double t = x;
  return double(t);
}

bool subnormal(double x) { return x != 0 && std::fabs(x) < FLT_MIN; }

/// The error of `got` in ulps of the float nearest `want`; infinities count
/// as 2^128. Returns -1 for a mismatch that is not a matter of precision
/// (NaN against a number, a wrong infinity or zero sign).
double ulps(float got, double want) {
  if (std::isnan(want) || std::isnan(got))
    return std::isnan(want) && std::isnan(got) ? 0 : -1;
  if (std::isinf(float(want)) && std::isinf(got)) // overflows either way
    return std::signbit(want) == std::signbit(got) ? 0 : -1;
  if (want == 0 && got == 0)
    return std::signbit(want) == std::signbit(got) ? 0 : -1;
  double g = std::isinf(got) ? std::copysign(0x1p128, got) : to_double(got);
  double w = std::isinf(want) ? std::copysign(0x1p128, want) : want;
  double a = std::fabs(w);
  double ulp = 0x1p-149;
  if (a >= 0x1p-126) {
    int e;
    std::frexp(a, &e);
    ulp = std::ldexp(1.0, e - 24);
  }
  return std::fabs(g - w) / ulp;
}

/// Whether flushing subnormals allows `got` for `want` (SYCL/OpenCL: a
/// subnormal result may be 0; the result for a flushed subnormal input
/// may be given).
bool flush_allows(float x, float got, double want, double (*ref)(double)) {
  if (!FlushSubnormals)
    return false;
  if (subnormal(want) && got == 0)
    return true;
  if (subnormal(to_double(x)) && ref) {
    double flushed = ref(std::copysign(0.0, x));
    double e = ulps(got, flushed);
    return e >= 0 && e <= 0.5;
  }
  return false;
}

struct Stats {
  const char *Name;
  double Limit;
  double Max = 0;
  std::string Where;
  uint64_t Count = 0, Bad = 0;
  std::string FirstBad;

  /// where: a function that describes the input (called only when its
  /// result is out of bounds or the largest error yet: formatting every
  /// input would take longer than the functions).
  template <typename Describe> void add(double err, Describe &&where) {
    ++Count;
    bool bad = err < 0 || err > Limit;
    if (!bad && !(err > Max))
      return;
    std::string w = where();
    if (bad && !Bad++)
      FirstBad = w + (err < 0 ? " (special value)" : "");
    if (err > Max) {
      Max = err;
      Where = w;
    }
  }
  bool report() const {
    std::printf("%-7s max %6.3f ulp (limit %4.1f) over %12" PRIu64 " inputs%s%s\n", Name, Max, Limit, Count,
                Where.empty() ? "" : ", at ", Where.c_str());
    if (Bad)
      std::printf("        FAIL: %" PRIu64 " results out of bounds, first: %s\n", Bad, FirstBad.c_str());
    return !Bad;
  }
};

std::string show1(float x, float got, double want) {
  char s[160];
  std::snprintf(s, sizeof s, "x=%a got %a want %.17g", double(x), double(got), want);
  return s;
}
std::string show2(float x, float y, float got, double want) {
  char s[200];
  std::snprintf(s, sizeof s, "x=%a y=%a got %a want %.17g", double(x), double(y), double(got), want);
  return s;
}

struct Unary {
  const char *Name;
  float (*Fn)(float);
  double (*Ref)(double);
  double Limit;
};

double ref_exp10(double x) { return std::pow(10.0, x); }

void check_unary(const Unary &U, uint32_t Step, Stats &S) {
  const float Specials[] = {0.0f, -0.0f, 1.0f, -1.0f, INFINITY, -INFINITY, NAN, FLT_MAX, -FLT_MAX, FLT_MIN,
                            -FLT_MIN, 0x1p-149f, -0x1p-149f, 0.5f, -0.5f, 2.0f, 1e-20f, -1e-20f,
                            252.898208f, 88.72283f, 88.7228394f, -87.33654f, -103.97207f, -103.972084f,
                            128.0f, -150.0f, -149.0f, 38.5318394f, -44.85f, 89.415985f, 9.1f, 1e6f, -1e6f,
                            0x1.fffffep127f, 0x1p100f, 6000.0f, 5999.9995f, 4096.0f};
  auto one = [&](float x) {
    float got = U.Fn(x);
    double want = U.Ref(to_double(x));
    double e = ulps(got, want);
    if ((e < 0 || e > U.Limit) && flush_allows(x, got, want, U.Ref))
      e = 0;
    S.add(e, [&] { return show1(x, got, want); });
  };
  for (float x : Specials)
    one(x);
  for (uint64_t b = 0; b <= 0xffffffffull; b += Step)
    one(from_bits(uint32_t(b)));
}

float random_float(std::mt19937_64 &R, int lo, int hi, bool negative) {
  int e = std::uniform_int_distribution<int>(lo, hi)(R);
  float m = std::uniform_real_distribution<float>(1.0f, 2.0f)(R);
  float x = std::ldexp(m, e);
  return negative ? -x : x;
}

void check_pow(uint64_t Pairs, std::mt19937_64 &R, Stats &S) {
  auto one = [&](float x, float y) {
    float got = __sporkle_vk_powf(x, y);
    double want = std::pow(double(x), double(y));
    double e = ulps(got, want);
    if ((e < 0 || e > S.Limit) && FlushSubnormals && (subnormal(want) && got == 0))
      e = 0;
    S.add(e, [&] { return show2(x, y, got, want); });
  };
  const float Sp[] = {0.0f, -0.0f, 1.0f, -1.0f, 2.0f, -2.0f, 0.5f, -0.5f, 3.0f, -3.0f, INFINITY, -INFINITY, NAN,
                      1.5f, -1.5f, 0x1p24f, -0x1p24f, 0x1p25f + 2, 1e-30f, 1e30f, 0x1.000002p0f, 0x1.fffffep-1f};
  for (float x : Sp)
    for (float y : Sp)
      one(x, y);
  std::uniform_real_distribution<float> U01(0.0f, 1.0f);
  for (uint64_t i = 0; i < Pairs; ++i) {
    // Any x > 0, y such that |y log2 x| < 160: results from subnormal to overflow.
    float x = random_float(R, -149, 127, false);
    double l = std::fabs(std::log2(double(x)));
    double ymax = l > 0 ? 160.0 / l : 1e30;
    float y = float((2 * U01(R) - 1) * ymax);
    one(x, y);
    // x near 1, large y: the log2 must be precise.
    float xn = std::nextafter(1.0f, 2.0f);
    xn = from_bits(0x3f800000u + uint32_t(std::uniform_int_distribution<int>(-2000, 2000)(R)));
    double ln = std::fabs(std::log2(double(xn)));
    one(xn, float((2 * U01(R) - 1) * (ln > 0 ? 150.0 / ln : 1e6)));
    // Negative x, integer y.
    float xneg = random_float(R, -10, 10, true);
    float yi = float(std::uniform_int_distribution<int>(-40, 40)(R));
    one(xneg, yi);
    // Small y.
    one(random_float(R, -126, 127, false), random_float(R, -30, 0, U01(R) < 0.5f));
  }
}

void check_pown(uint64_t Pairs, std::mt19937_64 &R, Stats &S) {
  auto one = [&](float x, int n) {
    float got = __sporkle_vk_powif(x, n);
    double want = std::pow(double(x), double(n));
    double e = ulps(got, want);
    if ((e < 0 || e > S.Limit) && FlushSubnormals && subnormal(want) && got == 0)
      e = 0;
    S.add(e, [&] { return show2(x, float(n), got, want); });
  };
  for (float x : {0.0f, -0.0f, 1.0f, -1.0f, 2.0f, -2.0f, INFINITY, -INFINITY, NAN})
    for (int n : {0, 1, -1, 2, -2, 3, -3, 127, -127})
      one(x, n);
  for (uint64_t i = 0; i < Pairs; ++i) {
    float x = random_float(R, -8, 8, std::uniform_int_distribution<int>(0, 1)(R));
    int n = std::uniform_int_distribution<int>(-60, 60)(R);
    one(x, n);
  }
}

void check_atan2(uint64_t Pairs, std::mt19937_64 &R, Stats &S) {
  auto one = [&](float y, float x) {
    float got = __sporkle_vk_atan2f(y, x);
    double want = std::atan2(double(y), double(x));
    double e = ulps(got, want);
    if ((e < 0 || e > S.Limit) && FlushSubnormals && (subnormal(want) || subnormal(x) || subnormal(y)))
      e = 0;
    S.add(e, [&] { return show2(y, x, got, want); });
  };
  const float Sp[] = {0.0f, -0.0f, 1.0f, -1.0f, INFINITY, -INFINITY, NAN, FLT_MAX, -FLT_MAX, 0x1p-149f, 3.0f};
  for (float y : Sp)
    for (float x : Sp)
      one(y, x);
  for (uint64_t i = 0; i < Pairs; ++i) {
    bool sy = std::uniform_int_distribution<int>(0, 1)(R), sx = std::uniform_int_distribution<int>(0, 1)(R);
    one(random_float(R, -20, 20, sy), random_float(R, -20, 20, sx));
    one(random_float(R, -126, 127, sy), random_float(R, -126, 127, sx));
  }
}

/// Monotonic integers for floats (-0 just below +0): the distance of two
/// results in ulps.
int64_t ordered(float x) {
  uint32_t b;
  std::memcpy(&b, &x, 4);
  return (b >> 31) ? -int64_t(b & 0x7fffffffu) - 1 : int64_t(b);
}
int64_t ordered(double x) {
  uint64_t b;
  std::memcpy(&b, &x, 8);
  return (b >> 63) ? -int64_t(b & 0x7fffffffffffffffull) - 1 : int64_t(b);
}
/// The error of an exactly specified result (fmod, ldexp), in ulps; -1 for
/// a wrong NaN, infinity or sign of zero.
template <typename T> double exact_ulps(T got, T want) {
  if (std::isnan(want) || std::isnan(got))
    return std::isnan(want) && std::isnan(got) ? 0 : -1;
  if (got == want)
    return std::signbit(got) == std::signbit(want) ? 0 : -1;
  if (std::isinf(got) || std::isinf(want) || std::signbit(got) != std::signbit(want))
    return -1;
  return double(std::llabs(ordered(got) - ordered(want)));
}

std::string show_any(const char *x, const char *y, double got, double want) {
  char s[200];
  std::snprintf(s, sizeof s, "x=%s y=%s got %a want %a", x, y, got, want);
  return s;
}
template <typename T> std::string hex(T v) {
  char s[40];
  std::snprintf(s, sizeof s, "%a", double(v));
  return s;
}

/// A 64-bit mix of n (splitmix64's finalizer): per-input pseudo-random choices
/// that do not depend on the step.
uint64_t mix(uint64_t n) {
  n += 0x9e3779b97f4a7c15ull;
  n = (n ^ (n >> 30)) * 0xbf58476d1ce4e5b9ull;
  n = (n ^ (n >> 27)) * 0x94d049bb133111ebull;
  return n ^ (n >> 31);
}
/// A finite float from h: sign, biased exponent in [elo, ehi] (0: subnormal),
/// significand, all from h's bits.
float float_from(uint64_t h, int elo, int ehi) {
  uint32_t e = uint32_t(elo + int((h >> 32) % uint32_t(ehi - elo + 1)));
  uint32_t b = ((h >> 63) ? 0x80000000u : 0) | (e << 23) | (uint32_t(h) & 0x7fffffu);
  if (e == 0 && (b & 0x7fffffffu) == 0)
    b |= 1;
  return from_bits(b);
}
uint32_t bits_of(float x) {
  uint32_t b;
  std::memcpy(&b, &x, 4);
  return b;
}

/// fmod over every step-th x, each with a divisor of one of four kinds (by a
/// hash of x): any finite float (quotients up to 2^277 and below 2^-277), one
/// at most 30 binades below x (the usual quotients), x / n rounded for a
/// random n below 2^24 (remainders near 0 or near y), a subnormal; random
/// signs. Exact: the reference is x87's fprem (fmodl), which MXCSR's DAZ does
/// not touch.
void check_fmod(uint32_t Step, Stats &S) {
  auto one = [&](float x, float y) {
    float got = __sporkle_vk_fmodf(x, y);
    float want = float(fmodl((long double)x, (long double)y));
    S.add(exact_ulps(got, want), [&] { return show_any(hex(x).c_str(), hex(y).c_str(), got, want); });
  };
  const float Sp[] = {0.0f, -0.0f, 1.0f, -1.0f, 3.0f, -3.0f, 0.75f, INFINITY, -INFINITY, NAN, FLT_MAX, -FLT_MAX,
                      FLT_MIN, 0x1p-149f, -0x1p-149f, 0x1.fffffcp-127f, 0x1p100f, 3.14159274f, 0x1.fffffep23f};
  for (float x : Sp)
    for (float y : Sp)
      one(x, y);
  for (uint64_t b = 0; b <= 0xffffffffull; b += Step) {
    float x = from_bits(uint32_t(b));
    if (!std::isfinite(x))
      continue;
    uint64_t h = mix(b);
    int ex = int((bits_of(x) >> 23) & 0xff);
    float y;
    switch (h & 3) {
    case 0: y = float_from(h >> 2, 0, 254); break;
    case 1: y = float_from(h >> 2, std::max(0, ex - 30), std::max(0, ex)); break;
    case 2: {
      long double n = (long double)(1 + ((h >> 2) & 0xffffff));
      y = float((long double)x / n);
      y = y == 0 ? 0x1p-149f : y;
      break;
    }
    default: y = float_from(h >> 2, 0, 0); break;
    }
    y = (h >> 40) & 1 ? -y : y;
    one(x, y);
  }
}

/// ldexp over every step-th x, n by a hash of x: in [-30, 30], [-300, 300],
/// or what takes x to the subnormal range or the overflow threshold.
void check_ldexp(uint32_t Step, Stats &S) {
  auto one = [&](float x, int n) {
    float got = __sporkle_vk_ldexpf(x, n);
    float want = float(ldexpl((long double)x, n)); // x87: one rounding
    S.add(exact_ulps(got, want), [&] { return show_any(hex(x).c_str(), std::to_string(n).c_str(), got, want); });
  };
  const float Sp[] = {0.0f, -0.0f, 1.0f, -1.5f, INFINITY, -INFINITY, NAN, FLT_MAX, FLT_MIN, 0x1p-149f, 0x1.8p-149f,
                      0x1.fffffep-1f};
  for (float x : Sp)
    for (int n : {0, 1, -1, 24, -24, 127, 128, -126, -127, -149, -150, -151, 254, -277, 300, -300, 2147483647,
                  -2147483647 - 1})
      one(x, n);
  for (uint64_t b = 0; b <= 0xffffffffull; b += Step) {
    float x = from_bits(uint32_t(b));
    uint64_t h = mix(b);
    int ex = int((bits_of(x) >> 23) & 0xff);
    int n;
    switch (h & 3) {
    case 0: n = int((h >> 8) % 61) - 30; break;
    case 1: n = int((h >> 8) % 601) - 300; break;
    case 2: n = -ex - int((h >> 8) % 26) + 2; break; // the result's exponent near the subnormals'
    default: n = 254 - ex + int((h >> 8) % 3) - 1; break; // near overflow
    }
    one(x, n);
  }
}

/// The double versions over random pairs (bit patterns of every exponent).
void check_double(uint64_t Pairs, std::mt19937_64 &R, Stats &Fmod, Stats &Ldexp) {
  auto any = [&](int elo, int ehi) {
    uint64_t h = R();
    uint64_t e = uint64_t(std::uniform_int_distribution<int>(elo, ehi)(R));
    uint64_t b = (h & 0x800fffffffffffffull) | (e << 52);
    double x;
    std::memcpy(&x, &b, 8);
    return x == 0 ? 0x1p-1074 : x;
  };
  for (uint64_t i = 0; i < Pairs; ++i) {
    double x = any(0, 2046), y;
    int ex = int((ordered(std::fabs(x)) >> 52));
    switch (i & 3) {
    case 0: y = any(0, 2046); break;
    case 1: y = any(std::max(0, ex - 60), ex); break;
    case 2: y = x / double(1 + (R() & 0xffffffffffull)); y = y == 0 ? 0x1p-1074 : y; break;
    default: y = any(0, 0); break;
    }
    double got = __sporkle_vk_fmod(x, y);
    double want = double(fmodl((long double)x, (long double)y));
    Fmod.add(exact_ulps(got, want), [&] { return show_any(hex(x).c_str(), hex(y).c_str(), got, want); });
    int n = (i & 1) ? std::uniform_int_distribution<int>(-2200, 2200)(R)
                    : -ex - std::uniform_int_distribution<int>(0, 55)(R) + 2;
    got = __sporkle_vk_ldexp(x, n);
    want = double(ldexpl((long double)x, n));
    Ldexp.add(exact_ulps(got, want),
              [&] { return show_any(hex(x).c_str(), std::to_string(n).c_str(), got, want); });
  }
  const double Sp[] = {0.0, -0.0, INFINITY, -INFINITY, NAN, 1.0, -3.0, DBL_MAX, 0x1p-1074, 0x1.8p-1022};
  for (double x : Sp)
    for (double y : Sp) {
      double got = __sporkle_vk_fmod(x, y), want = double(fmodl((long double)x, (long double)y));
      Fmod.add(exact_ulps(got, want), [&] { return show_any(hex(x).c_str(), hex(y).c_str(), got, want); });
    }
}

void check_hypot(uint64_t Pairs, std::mt19937_64 &R, Stats &S) {
  auto one = [&](float x, float y) {
    float got = __sporkle_vk_hypotf(x, y);
    double want = double(hypotl((long double)x, (long double)y));
    double e = ulps(got, want);
    if ((e < 0 || e > S.Limit) && FlushSubnormals &&
        (subnormal(want) || subnormal(to_double(x)) || subnormal(to_double(y))))
      e = 0;
    S.add(e, [&] { return show2(x, y, got, want); });
  };
  const float Sp[] = {0.0f, -0.0f, 1.0f, -1.0f, INFINITY, -INFINITY, NAN, FLT_MAX, -FLT_MAX, FLT_MIN, 0x1p-149f,
                      3.0f, 4.0f, 0x1.fffffep127f, 0x1p-75f, 0x1p64f};
  for (float y : Sp)
    for (float x : Sp)
      one(x, y);
  for (uint64_t i = 0; i < Pairs; ++i) {
    uint64_t h = R();
    float x = float_from(h, 0, 254);
    int ex = int((bits_of(x) >> 23) & 0xff);
    // Near x's size (both count), far below (x alone), anything.
    float y = (i % 3 == 0)   ? float_from(R(), std::max(0, ex - 13), std::min(254, ex + 1))
              : (i % 3 == 1) ? float_from(R(), std::max(0, ex - 40), std::max(0, ex - 10))
                             : float_from(R(), 0, 254);
    one(x, y);
  }
}

// ---- double ------------------------------------------------------------------

double from_bits64(uint64_t b) {
  double x;
  std::memcpy(&x, &b, 8);
  return x;
}
bool subnormal64(long double x) { return x != 0 && fabsl(x) < DBL_MIN; }
/// On the bits: with --ftz (DAZ) the compiler's double comparisons would
/// see a subnormal as 0.
bool subnormal_input(double x) {
  uint64_t b;
  std::memcpy(&b, &x, 8);
  b &= 0x7fffffffffffffffull;
  return b != 0 && b < 0x0010000000000000ull;
}
double flushed(double x) { return subnormal_input(x) ? std::copysign(0.0, x) : x; }

/// The error of `got` in ulps of the double nearest `want` (the reference in
/// long double: 64 significand bits, effectively exact); infinities count as
/// 2^1024; -1 for a wrong NaN, infinity or sign of zero.
double ulps64(double got, long double want) {
  if (std::isnan(want) || std::isnan(got))
    return std::isnan(want) && std::isnan(got) ? 0 : -1;
  if (std::isinf(double(want)) && std::isinf(got))
    return std::signbit(want) == std::signbit(got) ? 0 : -1;
  if (want == 0 && got == 0)
    return std::signbit(want) == std::signbit(got) ? 0 : -1;
  long double g = std::isinf(got) ? copysignl(0x1p1024L, got) : got;
  long double w = std::isinf(want) ? copysignl(0x1p1024L, want) : want;
  long double a = fabsl(w), ulp = 0x1p-1074L;
  if (a >= 0x1p-1022L) {
    int e;
    frexpl(a, &e);
    ulp = ldexpl(1.0L, e - 53);
  }
  return double(fabsl(g - w) / ulp);
}

using Ref64 = long double (*)(long double);

/// Flushed subnormals (--ftz): a subnormal result may be 0, a subnormal
/// input may give the result for 0.
bool flush_allows64(double x, double got, long double want, Ref64 ref, double limit) {
  if (!FlushSubnormals)
    return false;
  if (subnormal64(want) && got == 0)
    return true;
  if (subnormal_input(x) && ref) {
    double e = ulps64(got, ref(flushed(x)));
    return e >= 0 && e <= limit;
  }
  return false;
}

std::string show64(double x, double got, long double want) {
  char s[200];
  std::snprintf(s, sizeof s, "x=%a got %a want %.21Lg", x, got, want);
  return s;
}
std::string show64(double x, double y, double got, long double want) {
  char s[240];
  std::snprintf(s, sizeof s, "x=%a y=%a got %a want %.21Lg", x, y, got, want);
  return s;
}

/// A random double: any bit pattern (every exponent alike), or one of
/// magnitude 2^[elo, ehi] (normal or subnormal), sign by `neg`.
double any64(std::mt19937_64 &R) { return from_bits64(R()); }
double binade64(std::mt19937_64 &R, int elo, int ehi, bool neg) {
  int e = std::uniform_int_distribution<int>(elo, ehi)(R);
  uint64_t m = R() & 0xfffffffffffffull;
  double x = e < -1022 ? from_bits64(m >> std::min(52, -1022 - e)) : from_bits64(uint64_t(e + 1023) << 52 | m);
  return neg ? -x : x;
}
/// x moved by up to `n` ulps.
double near64(std::mt19937_64 &R, double x, int n) {
  uint64_t b;
  std::memcpy(&b, &x, 8);
  return from_bits64(b + uint64_t(int64_t(std::uniform_int_distribution<int>(-n, n)(R))));
}

struct Unary64 {
  const char *Name;
  double (*Fn)(double);
  Ref64 Ref;
  double Limit;
  double Lo, Hi; // the interesting range: uniform samples there, and binades up to it
  std::vector<double> Edges; // points with samples a few ulps around them
};

/// N inputs: any bit patterns, uniform in [Lo, Hi], every binade up to
/// max(|Lo|, |Hi|), near the edges; and the special values.
void check_unary64(const Unary64 &U, uint64_t N, std::mt19937_64 &R, Stats &S) {
  auto one = [&](double x) {
    double got = U.Fn(x);
    long double want = U.Ref(x);
    double e = ulps64(got, want);
    if ((e < 0 || e > U.Limit) && flush_allows64(x, got, want, U.Ref, U.Limit))
      e = 0;
    S.add(e, [&] { return show64(x, got, want); });
  };
  for (double x : std::initializer_list<double>{0.0, -0.0, 1.0, -1.0, INFINITY, -INFINITY, NAN, DBL_MAX, -DBL_MAX, DBL_MIN, -DBL_MIN,
                   0x1p-1074, -0x1p-1074, 0.5, -0.5, 2.0, 1e-300, -1e-300, 0x1p-30, 1e300, -1e300})
    one(x);
  for (double x : U.Edges) {
    one(x);
    one(-x);
  }
  std::uniform_real_distribution<double> Uniform(U.Lo, U.Hi);
  int top = std::ilogb(std::max(std::fabs(U.Lo), std::fabs(U.Hi)));
  for (uint64_t i = 0; i < N; ++i) {
    switch (i & 3) {
    case 0: one(any64(R)); break;
    case 1: one(Uniform(R)); break;
    case 2: {
      double x = binade64(R, -1074, top, U.Lo < 0 && (R() & 1));
      one(x >= U.Lo && x <= U.Hi ? x : Uniform(R));
      break;
    }
    default:
      if (!U.Edges.empty()) {
        double x = U.Edges[R() % U.Edges.size()];
        one(near64(R, (R() & 1) ? -x : x, 1 << (R() % 24)));
      }
      break;
    }
  }
}

/// Doubles nearest k pi/2 for random k (|k| < 2^40), the hardest cases of
/// the reduction: a few ulps around them.
void check_trig64(double (*Fn)(double), Ref64 Ref, uint64_t N, std::mt19937_64 &R, Stats &S) {
  for (uint64_t i = 0; i < N / 4; ++i) {
    long double k = (long double)(R() >> (24 + R() % 40));
    double x = near64(R, double(k * 1.57079632679489661923132169163975144L), 4);
    double got = Fn(x);
    long double want = Ref(x);
    S.add(ulps64(got, want), [&] { return show64(x, got, want); });
  }
}

/// Pairs with every exponent and every gap between the two exponents (so
/// that squaring (hypot) or dividing (atan2) would overflow or underflow), and
/// the special values (hypot(inf, NaN) is inf; atan2's signed zeros).
void check_pairs64(double (*Fn)(double, double), long double (*Ref)(long double, long double), uint64_t Pairs,
                   std::mt19937_64 &R, Stats &S) {
  auto one = [&](double x, double y) {
    double got = Fn(x, y);
    long double want = Ref(x, y);
    double e = ulps64(got, want);
    if ((e < 0 || e > S.Limit) && FlushSubnormals) {
      double f = ulps64(got, Ref(flushed(x), flushed(y)));
      if ((subnormal64(want) && got == 0) || (f >= 0 && f <= S.Limit))
        e = 0;
    }
    S.add(e, [&] { return show64(x, y, got, want); });
  };
  const double Sp[] = {0.0, -0.0, 1.0, -3.0, INFINITY, -INFINITY, NAN, DBL_MAX, DBL_MIN, 0x1p-1074};
  for (double x : Sp)
    for (double y : Sp)
      one(x, y);
  for (uint64_t i = 0; i < Pairs; ++i) {
    double x = binade64(R, -1074, 1023, R() & 1);
    int gap = std::uniform_int_distribution<int>(-70, 70)(R);
    double y = (i & 1) ? std::ldexp(binade64(R, 0, 0, R() & 1), std::ilogb(x) + gap) : any64(R);
    one(x, y);
  }
}

void check_pow64(uint64_t Pairs, std::mt19937_64 &R, Stats &S, bool pown) {
  auto one = [&](double x, double y) {
    double got = pown ? __sporkle_vk_powi(x, int(y)) : __sporkle_vk_pow(x, y);
    long double want = powl(x, y);
    double e = ulps64(got, want);
    if ((e < 0 || e > S.Limit) && FlushSubnormals) {
      double f = ulps64(got, powl(flushed(x), flushed(y)));
      if ((subnormal64(want) && got == 0) || (f >= 0 && f <= S.Limit))
        e = 0;
    }
    S.add(e, [&] { return show64(x, y, got, want); });
  };
  std::uniform_real_distribution<double> U01(0.0, 1.0);
  if (pown) {
    for (double x : std::initializer_list<double>{0.0, -0.0, 1.0, -1.0, 2.0, -2.0, INFINITY, -INFINITY, NAN, DBL_MAX, 0x1p-1074})
      for (int n : {0, 1, -1, 2, -2, 3, -3, 1023, -1023, 1075, -1075, 2147483647, -2147483647 - 1})
        one(x, n);
    for (uint64_t i = 0; i < Pairs; ++i) {
      int n = std::uniform_int_distribution<int>(-600, 600)(R);
      double x = (i & 1) ? binade64(R, -8, 8, R() & 1) : near64(R, 1.0, 1 << 20);
      one(x, n);
    }
    return;
  }
  const double Sp[] = {0.0, -0.0, 1.0, -1.0, 2.0, -2.0, 0.5, -0.5, 3.0, -3.0, INFINITY, -INFINITY, NAN,
                       1.5, -1.5, 0x1p53, -0x1p53, 0x1p54 + 2, 1e-300, 1e300, 0x1.0000000000001p0,
                       0x1.fffffffffffffp-1, DBL_MAX, 0x1p-1074, -0x1p-1074};
  for (double x : Sp)
    for (double y : Sp)
      one(x, y);
  for (uint64_t i = 0; i < Pairs; ++i) {
    // Any x > 0, y with |y log2 x| < 1100: results from 0 through the
    // subnormals to overflow.
    double x = binade64(R, -1074, 1023, false);
    double l = std::fabs(std::log2(x));
    one(x, (2 * U01(R) - 1) * (l > 0 ? 1100.0 / l : 1e300));
    // x near 1, large y: log2 x must be precise.
    double xn = near64(R, 1.0, 1 << (R() % 30));
    double ln = std::fabs(std::log2(xn));
    one(xn, (2 * U01(R) - 1) * (ln > 0 ? 1080.0 / ln : 1e300));
    // Negative x, integer y; small y.
    one(binade64(R, -20, 20, true), double(std::uniform_int_distribution<int>(-60, 60)(R)));
    one(binade64(R, -1022, 1023, false), binade64(R, -60, 0, R() & 1));
  }
}

} // namespace

int main(int argc, char **argv) {
  uint32_t Step = 4099;
  uint64_t Pairs = 200000, Seed = 1, Doubles = 400000;
  std::vector<std::string> Only;
  for (int i = 1; i < argc; ++i) {
    std::string A = argv[i];
    if (A == "--step" && i + 1 < argc)
      Step = uint32_t(std::strtoul(argv[++i], nullptr, 0));
    else if (A == "--pairs" && i + 1 < argc)
      Pairs = std::strtoull(argv[++i], nullptr, 0);
    else if (A == "--doubles" && i + 1 < argc)
      Doubles = std::strtoull(argv[++i], nullptr, 0);
    else if (A == "--seed" && i + 1 < argc)
      Seed = std::strtoull(argv[++i], nullptr, 0);
    else if (A == "--ftz")
      FlushSubnormals = true;
    else if (A[0] != '-')
      Only.push_back(A);
    else {
      std::fprintf(stderr, "usage: %s [--step N] [--pairs N] [--doubles N] [--seed S] [--ftz] [function...]\n", argv[0]);
      return 2;
    }
  }
  if (FlushSubnormals)
    _mm_setcsr(_mm_getcsr() | 0x8040); // FTZ | DAZ
  auto wanted = [&](const char *Name) {
    if (Only.empty())
      return true;
    for (auto &O : Only)
      if (O == Name)
        return true;
    return false;
  };

  // SYCL 2020 = OpenCL 1.2 full profile, single precision.
  const Unary Functions[] = {
      {"sin", __sporkle_vk_sinf, [](double x) { return std::sin(x); }, 4},
      {"cos", __sporkle_vk_cosf, [](double x) { return std::cos(x); }, 4},
      {"tan", __sporkle_vk_tanf, [](double x) { return std::tan(x); }, 5},
      {"exp", __sporkle_vk_expf, [](double x) { return std::exp(x); }, 3},
      {"exp2", __sporkle_vk_exp2f, [](double x) { return std::exp2(x); }, 3},
      {"exp10", __sporkle_vk_exp10f, ref_exp10, 3},
      {"log", __sporkle_vk_logf, [](double x) { return std::log(x); }, 3},
      {"log2", __sporkle_vk_log2f, [](double x) { return std::log2(x); }, 3},
      {"log10", __sporkle_vk_log10f, [](double x) { return std::log10(x); }, 3},
      {"sqrt", __sporkle_vk_sqrtf, [](double x) { return std::sqrt(x); }, 3},
      {"asin", __sporkle_vk_asinf, [](double x) { return std::asin(x); }, 4},
      {"acos", __sporkle_vk_acosf, [](double x) { return std::acos(x); }, 4},
      {"atan", __sporkle_vk_atanf, [](double x) { return std::atan(x); }, 5},
      {"sinh", __sporkle_vk_sinhf, [](double x) { return std::sinh(x); }, 4},
      {"cosh", __sporkle_vk_coshf, [](double x) { return std::cosh(x); }, 4},
      {"tanh", __sporkle_vk_tanhf, [](double x) { return std::tanh(x); }, 5},
      {"cbrt", __sporkle_vk_cbrtf, [](double x) { return std::cbrt(x); }, 2},
  };
  bool Ok = true;
  for (const Unary &U : Functions) {
    if (!wanted(U.Name))
      continue;
    Stats S{U.Name, U.Limit};
    check_unary(U, Step, S);
    Ok &= S.report();
    std::fflush(stdout);
  }
  std::mt19937_64 R(Seed);
  if (wanted("pow")) {
    Stats S{"pow", 16};
    check_pow(Pairs, R, S);
    Ok &= S.report();
  }
  if (wanted("pown")) {
    Stats S{"pown", 16};
    check_pown(Pairs, R, S);
    Ok &= S.report();
  }
  if (wanted("atan2")) {
    Stats S{"atan2", 6};
    check_atan2(Pairs, R, S);
    Ok &= S.report();
  }
  if (wanted("hypot")) {
    Stats S{"hypot", 4};
    check_hypot(Pairs, R, S);
    Ok &= S.report();
  }
  if (wanted("fmod")) {
    Stats S{"fmod", 0};
    check_fmod(Step, S);
    Ok &= S.report();
    std::fflush(stdout);
  }
  if (wanted("ldexp")) {
    Stats S{"ldexp", 0};
    check_ldexp(Step, S);
    Ok &= S.report();
  }
  if (wanted("fmod64") || wanted("ldexp64")) {
    Stats F{"fmod64", 0}, L{"ldexp64", 0};
    check_double(Pairs, R, F, L);
    if (wanted("fmod64"))
      Ok &= F.report();
    if (wanted("ldexp64"))
      Ok &= L.report();
  }

  // SYCL 2020 = OpenCL 1.2 full profile, double precision; the long double
  // libm as the reference.
  const double Pio2 = 1.5707963267948966;
  const Unary64 Functions64[] = {
      {"sin64", __sporkle_vk_sin, sinl, 4, -10, 10, {Pio2, 0x1p20, 0x1.6ac5b262ca1ffp+849, 0x1p1023}},
      {"cos64", __sporkle_vk_cos, cosl, 4, -10, 10, {Pio2, 0x1p20, 0x1.6ac5b262ca1ffp+849, 0x1p1023}},
      {"tan64", __sporkle_vk_tan, tanl, 5, -10, 10, {Pio2, 0x1p20, 0x1.6ac5b262ca1ffp+849, 0x1p1023}},
      {"exp64", __sporkle_vk_exp, expl, 3, -746, 710, {709.782712893384, 745.13321910194122, 708.39641853226412}},
      {"exp2_64", __sporkle_vk_exp2, exp2l, 3, -1076, 1025, {1024, 1074, 1022, 1075}},
      {"exp10_64", __sporkle_vk_exp10, exp10l, 3, -325, 309, {308.25471555991675, 323.3062153431158, 307.6526555685888}},
      {"log64", __sporkle_vk_log, logl, 3, 0, 4, {1, 0x1.6a09e667f3bcdp0, 0x1.6a09e667f3bcdp-1}},
      {"log2_64", __sporkle_vk_log2, log2l, 3, 0, 4, {1, 0x1.6a09e667f3bcdp0, 0x1.6a09e667f3bcdp-1}},
      {"log10_64", __sporkle_vk_log10, log10l, 3, 0, 4, {1, 10, 0x1.6a09e667f3bcdp0, 0x1.6a09e667f3bcdp-1}},
      {"sinh64", __sporkle_vk_sinh, sinhl, 4, -712, 712, {0x1p-28, 22, 709.78271289338397, 710.47586007394386}},
      {"cosh64", __sporkle_vk_cosh, coshl, 4, -712, 712, {0x1p-28, 22, 709.78271289338397, 710.47586007394386}},
      {"tanh64", __sporkle_vk_tanh, tanhl, 5, -23, 23, {0x1p-28, 0.55, 22}},
      {"cbrt64", __sporkle_vk_cbrt, cbrtl, 2, -10, 10, {1, 8, 0x1p-1022, DBL_MAX}},
      {"asin64", __sporkle_vk_asin, asinl, 4, -1, 1, {1, 0.5, 0x1p-27}},
      {"acos64", __sporkle_vk_acos, acosl, 4, -1, 1, {1, 0.5, 0x1p-27}},
      {"atan64", __sporkle_vk_atan, atanl, 5, -20, 20, {1, 0.0625, 0x1p-27, 0x1p27}},
  };
  for (const Unary64 &U : Functions64) {
    if (!wanted(U.Name))
      continue;
    Stats S{U.Name, U.Limit};
    check_unary64(U, Doubles, R, S);
    if (U.Fn == __sporkle_vk_sin || U.Fn == __sporkle_vk_cos || U.Fn == __sporkle_vk_tan)
      check_trig64(U.Fn, U.Ref, Doubles, R, S);
    Ok &= S.report();
    std::fflush(stdout);
  }
  if (wanted("hypot64")) {
    Stats S{"hypot64", 4};
    check_pairs64(__sporkle_vk_hypot, hypotl, Pairs, R, S);
    Ok &= S.report();
  }
  if (wanted("atan2_64")) {
    Stats S{"atan2_64", 6};
    check_pairs64(__sporkle_vk_atan2, atan2l, Pairs, R, S);
    Ok &= S.report();
  }
  if (wanted("pow64")) {
    Stats S{"pow64", 16};
    check_pow64(Pairs, R, S, false);
    Ok &= S.report();
  }
  if (wanted("pown64")) {
    Stats S{"pown64", 16};
    check_pow64(Pairs, R, S, true);
    Ok &= S.report();
  }
  std::printf("%s\n", Ok ? "PASS" : "FAIL");
  return Ok ? 0 : 1;
}
