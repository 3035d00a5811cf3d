//===- ulp_check.cpp - precise_math.cpp's errors against the host's libm ---===//
//
// Runs the Vulkan target's math library (precise_math.cpp, compiled for the
// host with -ffp-contract=off: float operations round as a Vulkan driver's
// do) over sampled or all float inputs and compares each result with the
// host's double-precision libm, in ulps of the float result. Prints the
// largest error per function and where it is, and fails when one is above
// SYCL 2020's limit (OpenCL 1.2's full profile) or a special value (NaN,
// infinities, signed zeros) differs.
//
//   sporkle-vk-math-ulp [--step N] [--pairs N] [--seed S] [--ftz]
//     --step N   every N-th float bit pattern of each unary function's
//                domain (default 4099; 1: every float)
//     --pairs N  random argument pairs per range for pow, pown and atan2
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
#endif

namespace {

float from_bits(uint32_t b) {
  float x;
  std::memcpy(&x, &b, 4);
  return x;
}

bool FlushSubnormals = false;

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
  double g = std::isinf(got) ? std::copysign(0x1p128, got) : got;
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
  if (subnormal(x) && ref) {
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

  void add(double err, const std::string &where) {
    ++Count;
    if (err < 0 || err > Limit) {
      if (!Bad++)
        FirstBad = where + (err < 0 ? " (special value)" : "");
    }
    if (err > Max) {
      Max = err;
      Where = where;
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
    double want = U.Ref(double(x));
    double e = ulps(got, want);
    if ((e < 0 || e > U.Limit) && flush_allows(x, got, want, U.Ref))
      e = 0;
    S.add(e, show1(x, got, want));
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
    S.add(e, show2(x, y, got, want));
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
    S.add(e, show2(x, float(n), got, want));
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
    S.add(e, show2(y, x, got, want));
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

} // namespace

int main(int argc, char **argv) {
  uint32_t Step = 4099;
  uint64_t Pairs = 200000, Seed = 1;
  std::vector<std::string> Only;
  for (int i = 1; i < argc; ++i) {
    std::string A = argv[i];
    if (A == "--step" && i + 1 < argc)
      Step = uint32_t(std::strtoul(argv[++i], nullptr, 0));
    else if (A == "--pairs" && i + 1 < argc)
      Pairs = std::strtoull(argv[++i], nullptr, 0);
    else if (A == "--seed" && i + 1 < argc)
      Seed = std::strtoull(argv[++i], nullptr, 0);
    else if (A == "--ftz")
      FlushSubnormals = true;
    else if (A[0] != '-')
      Only.push_back(A);
    else {
      std::fprintf(stderr, "usage: %s [--step N] [--pairs N] [--seed S] [--ftz] [function...]\n", argv[0]);
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
  std::printf("%s\n", Ok ? "PASS" : "FAIL");
  return Ok ? 0 : 1;
}
