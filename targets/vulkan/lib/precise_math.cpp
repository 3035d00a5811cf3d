//===- precise_math.cpp - SYCL-precision float math for the Vulkan target -===//
//
// Vulkan's GLSL.std.450 functions are far less precise than SYCL 2020 asks
// (OpenCL 1.2's full-profile limits): Vulkan promises sin and cos an absolute
// error of 2^-11 inside [-pi, pi] and nothing outside, exp 3 + 2|x| ulp, log
// an absolute 2^-21 near 1, and pow, asin, atan, sinh... only what their
// formulas inherit; drivers use fast hardware approximations. These functions
// meet SYCL's limits (sin, cos 4 ulp; tan 5; exp, exp2, exp10, log, log2,
// log10 3; pow 16; asin, acos 4; atan 5; atan2 6; sinh, cosh 4; tanh 5;
// sqrt 3; cbrt 2; hypot 4; fmod and ldexp exact, ldexp correctly rounded
// into the subnormals) on any conformant Vulkan driver. VulkanPreciseMath.cpp
// calls them in place of the intrinsics (and of frem, which Vulkan's OpFRem
// computes as x - y trunc(x/y)) and inlines them.
//
// What a driver does exactly, and so all that this code relies on:
//   * float add, subtract, multiply: correctly rounded (Vulkan's rule), each
//     rounded on its own: the library is compiled with -ffp-contract=off, so
//     no LLVM instruction carries `contract` and the emitter decorates every
//     one NoContraction;
//   * integer arithmetic, conversions, bit casts, comparisons, selects;
//   * divide (2.5 ulp) and sqrt (~4.5 ulp, "inherited from 1/inversesqrt")
//     only where their error is damped or corrected: div_cr and sqrt_df
//     recover a nearly correctly rounded result from them with an exact
//     residual;
//   * rint (GLSL RoundEven) and fabs, which are exact.
// No fma (the driver's Fma may not be fused; lavapipe's is not, and the
// exact emulation in ExactFma.cpp costs more than Dekker's product here), no
// tables in memory (the emitter has no constant data: Payne-Hanek's bits of
// 2/pi come from selects), no recursion, and one loop only (fmod's long
// division, one step for quotients below 2^40); no ctlz either (the emitter
// takes none; a leading bit comes from an exact integer-to-float
// conversion). Subnormals may be flushed by the driver; the code keeps its
// intermediate values normal wherever the result is, so flushing only
// touches subnormal inputs and results (which SYCL allows); fmod and ldexp
// work on the bits with integers, so even that does not reach them.
//
// Techniques (Muller et al., "Handbook of Floating-Point Arithmetic"):
//   * double-floats (hi + lo) from Knuth's TwoSum and Dekker's product, the
//     operands split on their bits into 12-bit halves;
//   * sin/cos/tan: Cody-Waite reduction by pi/2 in four 12-bit parts (k times
//     each exact for k < 2^12, |x| < 6000) and a fifth, Payne-Hanek with
//     64-bit integers beyond (x's 24-bit significand times a 96-bit window of
//     2/pi, 62 fraction bits kept); minimax kernels on [-pi/4, pi/4];
//   * exp, exp2, exp10: x = k ln2 + r (Cody-Waite), 2^k * p(r);
//   * log, log2, log10, pow: x = 2^e m, m in [sqrt(1/2), sqrt(2)),
//     log(m) = 2 atanh(s), s = (m-1)/(m+1); for pow a double-float good to
//     about 2^-35, and pow = exp2(y * log2|x|) with the product a
//     double-float;
//   * asin/acos: a minimax kernel on [0, 1/2], asin(x) = pi/2 - 2 asin(sqrt((1-x)/2))
//     beyond; atan: reductions at 7/16, 11/16, 19/16, 39/16 to |u| <= 7/16;
//   * cbrt: |x| = t 2^3k, t in [1, 8); Newton's iteration for t^(-1/3) (no
//     division) from a guess on the bits, then one step for t^(1/3) with an
//     exact residual; hypot: the larger operand's exponent taken out exactly,
//     the sum of squares a double-float, sqrt corrected as for sqrt;
//   * fmod: long division of the integer significands (x - trunc(x/y) y is
//     exact, only its quotient is large); ldexp: the exponent field moved,
//     a subnormal result rounded to nearest even on the integer significand.
//     Both also for double.
// Double (precise_math_double.cpp, #included at the end; SYCL's double
// limits are the float ones): the same schemes with double-doubles
// (Dekker's product on Veltkamp's 26-bit halves), max ulp measured by
// ulp_check (host; lavapipe's results are bit for bit the same):
//   * sin, cos, tan (0.76, 0.78, 2.1): Cody-Waite by pi/2 in four 33-bit
//     parts and a fifth for |x| < 2^20, Payne-Hanek beyond (x's 53-bit
//     significand times a 192-bit window of 2/pi in 64-bit integers, 126
//     fraction bits kept; the nearest double to a multiple of pi/2 is 2^-61
//     off); kernels on [-pi/4, pi/4] taking r as a double-double;
//   * exp, exp2, exp10 (0.80 each): k ln2 + r with r a double-double,
//     2^k (1 + r + r^2 P(r)), P of degree 10;
//   * log, log2, log10 (0.50 each): log_parts' scheme carried to about
//     2^-64 (s = f/(2+f) a double-double, z/3 + z^2 Q(z)); pow (0.80; 16
//     allowed) and powi (0.82): 2^(y log2|x|) with log2|x| and the product
//     double-doubles, so that |y log2 x| up to 1100 loses nothing;
//   * atan, atan2, asin, acos (1.8, 1.9, 2.1, 1.8): atan(k/8) + atan(u) with
//     |u| <= 1/16 by its Taylor series; the others through the ratio of
//     their legs (scaled, divided with an exact residual) and a corrected
//     sqrt(1 - x^2);
//   * sinh, cosh, tanh (2.4, 2.4, 2.0): from e^x - 1 (the exp kernel), and
//     e^(x/2) squared up to the overflow threshold; cbrt (0.50): the float
//     root, two Newton steps and one on a double-double residual; hypot
//     (0.62): scaled, the sum of squares as a double-double, one corrected
//     square root.
// The polynomial coefficients are minimax fits (remez.py in this folder, which
// also prints the split constants; the double ones from its remez() at
// higher precision, rounded to double); ulp_check.cpp measures every function
// against the host's double-precision libm (long double for double).
//
// Built twice: to LLVM bitcode for spirv64 (CMakeLists.txt; embedded in the
// Vulkan target) and natively for ulp_check. Names: __sporkle_vk_<libm name>.
//
//===----------------------------------------------------------------------===//

// Helpers are inlined into each public function, so that the bitcode holds
// one flat function per math function (no struct returns through memory).
#define INLINE inline __attribute__((always_inline))

namespace {

using u32 = unsigned int;
using i32 = int;
using u64 = unsigned long long;
using i64 = long long;

INLINE u32 bits(float x) { return __builtin_bit_cast(u32, x); }
INLINE float from_bits(u32 b) { return __builtin_bit_cast(float, b); }
INLINE float fabs_(float x) { return __builtin_fabsf(x); }
INLINE float rint_(float x) { return __builtin_rintf(x); }
/// x with the sign bit of s flipped into it (x ^ sign(s)).
INLINE float xor_sign(float x, float s) { return from_bits(bits(x) ^ (bits(s) & 0x80000000u)); }
INLINE float copysign_(float x, float s) { return from_bits((bits(x) & 0x7fffffffu) | (bits(s) & 0x80000000u)); }
INLINE bool is_nan(float x) { return (bits(x) & 0x7fffffffu) > 0x7f800000u; }
INLINE bool is_inf(float x) { return (bits(x) & 0x7fffffffu) == 0x7f800000u; }
INLINE bool is_finite(float x) { return (bits(x) & 0x7fffffffu) < 0x7f800000u; }

// The driver's divide and sqrt, which may be a few ulp off. ulp_check builds
// with SPORKLE_VK_MATH_INEXACT_DRIVER to make them so on the host, as a
// driver may (Vulkan: 2.5 ulp; sqrt ~4.5).
#ifdef SPORKLE_VK_MATH_INEXACT_DRIVER
} // namespace
float driver_div(float a, float b);
float driver_sqrt(float x);
namespace {
#else
INLINE float driver_div(float a, float b) { return a / b; }
INLINE float driver_sqrt(float x) { return __builtin_sqrtf(x); }
#endif

constexpr float kInf = __builtin_inff();
constexpr float kNaN = __builtin_nanf("");

/// 2^k for k in [-126, 127].
INLINE float pow2i(i32 k) { return from_bits(u32(k + 127) << 23); }
/// p * 2^k for k in [-252, 254]: two exact steps, so that a subnormal result
/// is rounded once.
INLINE float scale(float p, i32 k) {
  i32 k1 = k >> 1;
  return p * pow2i(k1) * pow2i(k - k1);
}

// ---- double-floats ---------------------------------------------------------

struct DF {
  float hi, lo;
};

/// s + e == a + b exactly (Knuth).
INLINE DF two_sum(float a, float b) {
  float s = a + b;
  float bb = s - a;
  float e = (a - (s - bb)) + (b - bb);
  return {s, e};
}
/// The same when |a| >= |b| (or a == 0) (Dekker).
INLINE DF fast_two_sum(float a, float b) {
  float s = a + b;
  return {s, b - (s - a)};
}
/// The high 12 significand bits of a (truncated); a - hi12(a) is exact and
/// fits 12 bits, so the halves' products are exact.
INLINE float hi12(float a) { return from_bits(bits(a) & 0xfffff000u); }
/// p + e == a * b exactly, unless the product under- or overflows (Dekker).
INLINE DF two_prod(float a, float b) {
  float p = a * b;
  float ah = hi12(a), al = a - ah;
  float bh = hi12(b), bl = b - bh;
  float e = ((ah * bh - p) + ah * bl + al * bh) + al * bl;
  return {p, e};
}

/// a / b to about half an ulp from the driver's division (2.5 ulp): the
/// residual a - q*b is exact (Dekker's product; a - q*b.hi by Sterbenz).
/// Finite, nonzero b; a/b neither over- nor underflowing.
INLINE float div_cr(float a, float b) {
  float q = driver_div(a, b);
  DF p = two_prod(q, b);
  float r = (a - p.hi) - p.lo;
  return q + driver_div(r, b);
}

/// sqrt(x) as hi + lo, good to about 2^-44, from the driver's sqrt and one
/// Newton step with an exact residual; x in [2^-90, 2^128) or 0.
INLINE DF sqrt_df(float x) {
  float s = driver_sqrt(x);
  DF p = two_prod(s, s);
  float d = (x - p.hi) - p.lo;
  float c = driver_div(0.5f * d, s);
  return {s, s > 0.0f ? c : 0.0f};
}

// ---- sin, cos, tan -----------------------------------------------------------

struct Reduced {
  float hi, lo; // r = x - q * pi/2, |r| <= pi/4 (a little more)
  i32 q;
};

/// Cody-Waite, 0 <= ax < 6000: k < 2^12, so k times each 12-bit part of
/// pi/2 is exact, and so are the first two subtractions (Sterbenz, then a
/// result that fits 24 bits); the rest is carried as a double-float.
INLINE Reduced reduce_cody_waite(float ax) {
  float k = rint_(ax * 0x1.45f306p-1f); // 2/pi
  float y = ax - k * 0x1.922p+0f;
  y = y - k * -0x1.2aep-18f;
  DF s3 = two_sum(y, -(k * -0x1.deap-31f));
  DF s4 = two_sum(s3.hi, -(k * 0x1.184p-44f));
  float t = (s3.lo + s4.lo) - k * 0x1.a62634p-58f;
  DF r = fast_two_sum(s4.hi, t);
  return {r.hi, r.lo, i32(k)};
}

/// The two 32-bit words of 2/pi from word i on, i in [0, 6]; word 0 is the
/// zero integer part. (Selects, not a table: the emitter has no constant data.)
INLINE u64 two_over_pi_pair(i32 i) {
  u64 w = 0x00000000a2f9836eull;
  w = i == 1 ? 0xa2f9836e4e441529ull : w;
  w = i == 2 ? 0x4e441529fc2757d1ull : w;
  w = i == 3 ? 0xfc2757d1f534ddc0ull : w;
  w = i == 4 ? 0xf534ddc0db629599ull : w;
  w = i == 5 ? 0xdb6295993c439041ull : w;
  w = i == 6 ? 0x3c439041fe5163abull : w;
  return w;
}

/// Payne-Hanek, ax >= 2^12 finite: ax = m 2^(e-23) with a 24-bit m;
/// F = m * G mod 2^64 with G = 2/pi * 2^(e+39) is ax * 2/pi in fixed point
/// with 62 fraction bits (the bits of G above 2^63 only add multiples of 4).
/// G is taken 96 bits deep, down to 2^-32; what is dropped changes F by
/// less than 2 units of 2^-62.
INLINE Reduced reduce_payne_hanek(float ax) {
  u32 ix = bits(ax);
  i32 e = i32(ix >> 23) - 127;
  u64 m = (ix & 0x7fffffu) | 0x800000u;
  // G's top bit, weight 2^63, is bit e-24 of 2/pi (bit 1 has weight 1/2);
  // counted from the start of the zero word in front: e + 7.
  i32 start = e + 7;
  i32 j = start >> 5, sh = start & 31;
  u64 a = two_over_pi_pair(j), b = two_over_pi_pair(j + 2);
  u64 top = (a << sh) | ((b >> 1) >> (63 - sh)); // G's integer part, mod 2^64
  u64 low = (b << sh) >> 32;                     // G's next 32 bits
  u64 f = ((m * (top >> 32)) << 32) + m * (top & 0xffffffffu) + ((m * low) >> 32);
  // Nearest quadrant, and the signed fraction in units of 2^-62.
  u64 rounded = f + (1ull << 61);
  i32 q = i32(rounded >> 62);
  i64 frac = i64(rounded & ((1ull << 62) - 1)) - (i64(1) << 61);
  // Its top 48 bits as fh + fl, from two exact conversions (not
  // frac - i64(float(frac)), which lavapipe folds to 0).
  DF fs = two_sum(float(frac >> 38) * 0x1p38f, float((frac >> 14) & 0xffffff) * 0x1p14f);
  float fh = fs.hi, fl = fs.lo;
  // r = frac * 2^-62 * pi/2.
  DF r = two_prod(fh, 0x1.921fb6p-62f);
  r.lo = r.lo + (fh * -0x1.777a5cp-87f + fl * 0x1.921fb6p-62f);
  r = fast_two_sum(r.hi, r.lo);
  return {r.hi, r.lo, q};
}

INLINE Reduced reduce_pio2(float ax) {
  if (ax < 6000.0f)
    return reduce_cody_waite(ax);
  return reduce_payne_hanek(ax);
}

/// sin(h + l), |h| <= pi/4 + a little: h + h^3 S(h^2) + l cos(h).
INLINE float sin_kernel(float h, float l) {
  float z = h * h;
  float s = -0x1.555556p-3f + z * (0x1.111174p-7f + z * (-0x1.a0594cp-13f + z * 0x1.7c284p-19f));
  return h + (h * z * s + (l - 0.5f * z * l));
}

/// cos(h + l): (1 - h^2/2) as a double-float, + h^4 C(h^2) - l sin(h).
INLINE float cos_kernel(float h, float l) {
  float z = h * h;
  float hz = 0.5f * z;
  DF w = fast_two_sum(1.0f, -hz);
  float c = 0x1.555556p-5f + z * (-0x1.6c175cp-10f + z * (0x1.a06f9p-16f + z * -0x1.35851cp-22f));
  return w.hi + (w.lo + (z * z * c - l * h));
}

} // namespace

extern "C" {

float __sporkle_vk_sinf(float x) {
  Reduced r = reduce_pio2(fabs_(x));
  float s = sin_kernel(r.hi, r.lo), c = cos_kernel(r.hi, r.lo);
  float v = (r.q & 1) ? c : s;
  v = (r.q & 2) ? -v : v;
  v = xor_sign(v, x);
  return is_finite(x) ? v : x - x;
}

float __sporkle_vk_cosf(float x) {
  Reduced r = reduce_pio2(fabs_(x));
  float s = sin_kernel(r.hi, r.lo), c = cos_kernel(r.hi, r.lo);
  float v = (r.q & 1) ? -s : c;
  v = (r.q & 2) ? -v : v;
  return is_finite(x) ? v : x - x;
}

float __sporkle_vk_tanf(float x) {
  Reduced r = reduce_pio2(fabs_(x));
  float s = sin_kernel(r.hi, r.lo), c = cos_kernel(r.hi, r.lo);
  // tan(r) or -cot(r); |s|, |c| <= 1 and the larger >= 0.7.
  bool odd = r.q & 1;
  float v = div_cr(odd ? -c : s, odd ? s : c);
  v = xor_sign(v, x);
  return is_finite(x) ? v : x - x;
}

} // extern "C"

namespace {

// ---- exp, exp2, exp10 ------------------------------------------------------

/// e^r, |r| <= ln2/2 (+ a little): 1 + r + r^2 P(r).
INLINE float exp_kernel(float r) {
  float p = 0x1.fffffcp-2f + r * (0x1.55548cp-3f + r * (0x1.555858p-5f + r * (0x1.123dep-7f + r * 0x1.6ac74ep-10f)));
  return 1.0f + (r + r * r * p);
}

struct ExpParts {
  float p, pm; // e^x = p 2^k, e^-x = pm 2^-k
  i32 k;
};
/// |x| <= 90 (not NaN).
INLINE ExpParts exp_parts(float x) {
  float k = rint_(x * 0x1.715476p+0f);                 // log2(e)
  float r = (x - k * 0x1.62e4p-1f) - k * 0x1.7f7d1cp-20f; // ln2 in two parts; k * the first exact
  return {exp_kernel(r), exp_kernel(-r), i32(k)};
}

/// 2^r, |r| <= 1/2 (+ a little): 1 + r (ln2 + r P(r)), ln2 a double-float.
INLINE float exp2_kernel(float r) {
  float p = 0x1.ebfbdcp-3f + r * (0x1.c6af84p-5f + r * (0x1.3b2dbp-7f + r * (0x1.5f06a2p-10f + r * 0x1.41a43ep-13f)));
  return 1.0f + (r * 0x1.62e43p-1f + r * (-0x1.05c61p-29f + r * p));
}

/// 10^r, |r| <= log10(2)/2 (+ a little).
INLINE float exp10_kernel(float r) {
  float p = 0x1.53524ap+1f + r * (0x1.046fbcp+1f + r * (0x1.2bd99ep+0f + r * (0x1.155da8p-1f + r * 0x1.a6fa26p-3f)));
  return 1.0f + (r * 0x1.26bb1cp+1f + r * (-0x1.12aabap-25f + r * p));
}

/// Clamps x to [lo, hi], NaN to 0 (float-to-int conversions of NaN or out
/// of range values are poison in LLVM).
INLINE float clamp_(float x, float lo, float hi) {
  float c = x < lo ? lo : x;
  c = c > hi ? hi : c;
  return is_nan(x) ? 0.0f : c;
}

} // namespace

extern "C" {

float __sporkle_vk_expf(float x) {
  ExpParts e = exp_parts(clamp_(x, -104.0f, 89.0f));
  return is_nan(x) ? x + x : scale(e.p, e.k);
}

float __sporkle_vk_exp2f(float x) {
  float xc = clamp_(x, -152.0f, 129.0f);
  float k = rint_(xc);
  float v = scale(exp2_kernel(xc - k), i32(k));
  return is_nan(x) ? x + x : v;
}

float __sporkle_vk_exp10f(float x) {
  float xc = clamp_(x, -46.0f, 39.0f);
  float k = rint_(xc * 0x1.a934fp+1f);                      // log2(10)
  float r = (xc - k * 0x1.3442p-2f) - k * -0x1.95ec1p-19f;  // log10(2) in two parts
  float v = scale(exp10_kernel(r), i32(k));
  return is_nan(x) ? x + x : v;
}

} // extern "C"

namespace {

// ---- log, log2, log10, pow -------------------------------------------------

/// x > 0 finite (subnormal too) as 2^e (1 + f), 1 + f in [sqrt(1/2),
/// sqrt(2)): the reduction log_parts and log1p_parts share (f is exact).
struct LogReduced {
  i32 e;
  float f;
};
INLINE LogReduced log_reduce(float x) {
  bool sub = x < 0x1p-126f;
  float xn = sub ? x * 0x1p24f : x;
  u32 ix = bits(xn);
  i32 e = i32(ix >> 23) - 127 - (sub ? 24 : 0);
  u32 mb = (ix & 0x7fffffu) | 0x3f800000u;
  bool big = mb > 0x3fb504f3u; // > sqrt(2)
  mb = big ? mb - 0x00800000u : mb;
  e += big ? 1 : 0;
  float f = from_bits(mb) - 1.0f;
  return {e, f};
}

struct LogParts {
  float e; // log(x) = e ln2 + m
  DF m;
};

/// x > 0 finite (subnormal too). m = log(x 2^-e) with x 2^-e in
/// [sqrt(1/2), sqrt(2)), relative error about 2^-35:
/// f = m - 1 (exact), s = f / (2 + f) as a double-float,
/// log = 2s + 2s T, T = s^2/3 + s^4 (1/5 + s^2/7 + ... + s^8/13),
/// T's first term a double-float, the rest (< 0.02 T) in float.
INLINE LogParts log_parts(float x) {
  LogReduced r = log_reduce(x);
  float f = r.f;
  DF d = fast_two_sum(2.0f, f);
  float sh = driver_div(f, d.hi);
  DF p = two_prod(sh, d.hi);
  float sl = driver_div(((f - p.hi) - p.lo) - sh * d.lo, d.hi);
  DF z = two_prod(sh, sh);
  z.lo = z.lo + (sh + sh) * sl;
  float zh = z.hi;
  float t2 = zh * zh * (0x1.99999ap-3f + zh * (0x1.24924ap-3f + zh * (0x1.c71c72p-4f + zh * (0x1.745d18p-4f + zh * 0x1.3b13b2p-4f))));
  DF t1 = two_prod(zh, 0x1.555556p-2f);
  t1.lo = t1.lo + (zh * -0x1.555556p-27f + z.lo * 0x1.555556p-2f);
  DF t = fast_two_sum(t1.hi, t1.lo + t2);
  DF a = two_prod(sh, t.hi);
  a.lo = a.lo + (sh * t.lo + sl * t.hi);
  DF u = two_sum(sh, a.hi);
  u.lo = u.lo + (sl + a.lo);
  return {float(r.e), {2.0f * u.hi, 2.0f * u.lo}};
}

struct Log1p {
  float e, f, t; // log(x) = e ln2 + f + t
};

/// x > 0 finite (subnormal too): log(x 2^-e) = log(1 + f) with x 2^-e in
/// [sqrt(1/2), sqrt(2)), to about 1 ulp: with s = f / (2 + f),
/// log(1 + f) = 2 atanh(s) = f - f^2/2 + s (f^2/2 + R(s^2)), R(z) = z P(z)
/// (minimax); the division's error only reaches the small last term.
INLINE Log1p log1p_parts(float x) {
  LogReduced red = log_reduce(x);
  float f = red.f;
  float s = driver_div(f, 2.0f + f);
  float z = s * s;
  float r = z * (0x1.555554p-1f + z * (0x1.999c26p-2f + z * (0x1.23d3ep-2f + z * 0x1.f13b22p-3f)));
  float hfsq = 0.5f * f * f;
  return {float(red.e), f, s * (hfsq + r) - hfsq};
}

/// log2(x) = e + m / ln2 as a double-float.
INLINE DF log2_df(const LogParts &l) {
  DF a = two_prod(l.m.hi, 0x1.715476p+0f);
  a.lo = a.lo + (l.m.hi * 0x1.4ae0cp-26f + l.m.lo * 0x1.715476p+0f);
  DF s = two_sum(l.e, a.hi);
  return fast_two_sum(s.hi, s.lo + a.lo);
}

/// The special cases of log, log2, log10: x < 0 or NaN -> NaN, 0 -> -inf,
/// +inf -> +inf; v otherwise.
INLINE float log_special(float x, float v) {
  v = x == 0.0f ? -kInf : v;
  v = x < 0.0f ? kNaN : v;
  return is_finite(x) ? v : x + (x < 0.0f ? kNaN : 0.0f);
}

/// x^y given whether y is an integer and odd (pow and pown share it).
INLINE float pow_impl(float x, float y, bool y_int, bool y_odd) {
  float ax = fabs_(x);
  LogParts l = log_parts(is_finite(ax) && ax > 0.0f ? ax : 1.0f);
  DF l2 = log2_df(l);
  DF t = two_prod(y, l2.hi);
  t.lo = t.lo + y * l2.lo;
  // exp2(t.hi + t.lo): beyond +-200 the result is inf or 0 (and the
  // double-float may have overflowed).
  bool big = !(fabs_(t.hi) < 200.0f);
  float th = big ? 0.0f : t.hi;
  float k = rint_(th);
  float r = (th - k) + (big ? 0.0f : t.lo);
  float v = scale(exp2_kernel(r), i32(k));
  v = big ? (t.hi > 0.0f ? kInf : 0.0f) : v;
  v = (x < 0.0f && y_odd) ? -v : v;

  // Special cases (C99 F.9.4.4, OpenCL's pow/pown).
  float ay = fabs_(y);
  bool y_neg = y < 0.0f;
  v = (x < 0.0f && !y_int) ? kNaN : v;
  // x = +-0: y odd keeps the sign of 0 (-0^-3 = -inf).
  float zero_v = y_neg ? kInf : 0.0f;
  zero_v = y_odd ? copysign_(zero_v, x) : zero_v;
  v = x == 0.0f ? zero_v : v;
  // x = +-inf.
  float inf_v = y_neg ? 0.0f : kInf;
  inf_v = (x < 0.0f && y_odd) ? -inf_v : inf_v;
  v = is_inf(x) ? inf_v : v;
  // y = +-inf: |x| = 1 gives 1; otherwise inf or 0 by |x| < 1 and the sign of y.
  float yinf_v = ((ax < 1.0f) == y_neg) ? kInf : 0.0f;
  yinf_v = ax == 1.0f ? 1.0f : yinf_v;
  v = is_inf(y) ? yinf_v : v;
  v = (is_nan(x) || is_nan(y)) ? kNaN : v;
  v = (x == 1.0f || ay == 0.0f) ? 1.0f : v;
  return v;
}

} // namespace

extern "C" {

float __sporkle_vk_logf(float x) {
  Log1p l = log1p_parts(x > 0.0f && is_finite(x) ? x : 1.0f);
  // e ln2 (its first part times e exact) + f + t.
  float v = l.e * 0x1.62e4p-1f + (l.f + (l.t + l.e * 0x1.7f7d1cp-20f));
  return log_special(x, v);
}

float __sporkle_vk_log2f(float x) {
  Log1p l = log1p_parts(x > 0.0f && is_finite(x) ? x : 1.0f);
  // (f + t) / ln2 = fh / ln2's 12-bit first part (exact) + the rest.
  float fh = hi12(l.f);
  float ph = fh * 0x1.716p+0f;
  float pl = fh * -0x1.7135a8p-13f + ((l.f - fh) + l.t) * 0x1.715476p+0f;
  DF w = fast_two_sum(l.e, ph); // |e| >= |ph| unless e == 0
  float v = w.hi + (w.lo + pl);
  return log_special(x, v);
}

float __sporkle_vk_log10f(float x) {
  Log1p l = log1p_parts(x > 0.0f && is_finite(x) ? x : 1.0f);
  // e log10(2) + (f + t) / ln10, the first parts' products exact.
  float fh = hi12(l.f);
  float ph = fh * 0x1.bccp-2f;
  float pl = fh * -0x1.09d5b2p-15f + ((l.f - fh) + l.t) * 0x1.bcb7b2p-2f;
  DF w = two_sum(l.e * 0x1.3442p-2f, ph);
  float v = w.hi + (w.lo + (pl + l.e * -0x1.95ec1p-19f));
  return log_special(x, v);
}

float __sporkle_vk_powf(float x, float y) {
  float ay = fabs_(y);
  bool y_int = ay >= 0x1p24f || rint_(y) == y;
  bool y_odd = ay < 0x1p24f && y_int && (i32(ay < 0x1p24f ? y : 0.0f) & 1);
  return pow_impl(x, y, y_int, y_odd);
}

/// llvm.powi: x^n, n an int.
float __sporkle_vk_powif(float x, i32 n) { return pow_impl(x, float(n), true, n & 1); }

/// sqrt to about half an ulp (the driver's is "inherited from 1/inversesqrt",
/// about 4.5 ulp by Vulkan's rules, SYCL asks 3).
float __sporkle_vk_sqrtf(float x) {
  bool tiny = x < 0x1p-90f; // (the residual's products stay normal)
  DF s = sqrt_df(tiny ? x * 0x1p64f : x);
  float v = s.hi + s.lo;
  v = tiny ? v * 0x1p-32f : v;
  // 0, -0, +inf, negatives, NaN: the driver's sqrt is exact there.
  return (x > 0.0f && x < kInf) ? v : driver_sqrt(x);
}

} // extern "C"

namespace {

// ---- asin, acos, atan, atan2 -----------------------------------------------

/// asin(x) - x for |x| <= 1/2, z = x^2: x^3 B(x^2).
INLINE float asin_tail(float x, float z) {
  float b = 0x1.555556p-3f + z * (0x1.3332acp-4f + z * (0x1.6dda8ap-5f + z * (0x1.ed5ee4p-6f + z * (0x1.932418p-6f + z * (0x1.eb561p-8f + z * 0x1.1c0404p-5f)))));
  return x * z * b;
}

/// atan(u) - u for |u| <= 7/16.
INLINE float atan_tail(float u) {
  float z = u * u;
  float a = -0x1.555556p-2f + z * (0x1.999a1ap-3f + z * (-0x1.24a236p-3f + z * (0x1.c8e1dep-4f + z * (-0x1.804c64p-4f + z * (0x1.59d3d6p-4f + z * -0x1.e5c7c2p-5f)))));
  return u * z * a;
}

/// atan(t) for 0 <= t <= 2^26, as a double-float: atan(t) = base + atan(u),
/// u = (t - c)/(1 + c t) for c = 0, 1/2, 1, 3/2, and -1/t beyond 39/16
/// (numerators exact by Sterbenz; |u| <= 7/16).
INLINE DF atan_df(float t) {
  float num = t, den = 1.0f, bh = 0.0f, bl = 0.0f;
  if (t >= 0x1.cp-2f) { // 7/16
    if (t < 0x1.6p-1f) { // 11/16: atan(1/2) + atan((2t-1)/(2+t))
      num = 2.0f * t - 1.0f;
      den = 2.0f + t;
      bh = 0x1.dac67p-2f;
      bl = 0x1.586ed4p-28f;
    } else if (t < 0x1.3p+0f) { // 19/16: pi/4 + atan((t-1)/(t+1))
      num = t - 1.0f;
      den = t + 1.0f;
      bh = 0x1.921fb6p-1f;
      bl = -0x1.777a5cp-26f;
    } else if (t < 0x1.38p+1f) { // 39/16: atan(3/2) + atan((t-3/2)/(1+3t/2))
      num = t - 1.5f;
      den = 1.0f + 1.5f * t;
      bh = 0x1.f730bep-1f;
      bl = -0x1.afc12cp-26f;
    } else { // pi/2 - atan(1/t)
      num = -1.0f;
      den = t;
      bh = 0x1.921fb6p+0f;
      bl = -0x1.777a5cp-25f;
    }
  }
  float u = t < 0x1.cp-2f ? t : div_cr(num, den);
  DF s = two_sum(bh, u);
  s.lo = s.lo + (bl + atan_tail(u));
  return s;
}

/// x = m 2^e, m in [1, 2); x > 0 finite (subnormal too).
struct Split {
  float m;
  i32 e;
};
INLINE Split split_(float x) {
  bool sub = x < 0x1p-100f;
  u32 b = bits(sub ? x * 0x1p32f : x);
  return {from_bits((b & 0x7fffffu) | 0x3f800000u), i32(b >> 23) - 127 - (sub ? 32 : 0)};
}

/// c - a for double-floats.
INLINE DF df_sub(float ch, float cl, DF a) {
  DF s = two_sum(ch, -a.hi);
  return {s.hi, s.lo + (cl - a.lo)};
}

} // namespace

extern "C" {

float __sporkle_vk_asinf(float x) {
  float ax = fabs_(x);
  float v;
  if (ax <= 0.5f) {
    v = x + asin_tail(x, x * x);
  } else {
    // pi/2 - 2 asin(s), s = sqrt((1-|x|)/2) as a double-float.
    float z = 0.5f * (1.0f - ax);
    DF s = sqrt_df(z);
    float tail = asin_tail(s.hi, z) + s.lo;
    DF r = df_sub(0x1.921fb6p+0f, -0x1.777a5cp-25f, {2.0f * s.hi, 2.0f * tail});
    v = copysign_(r.hi + r.lo, x);
  }
  return ax <= 1.0f ? v : kNaN + x;
}

float __sporkle_vk_acosf(float x) {
  float ax = fabs_(x);
  DF r;
  if (ax <= 0.5f) {
    r = df_sub(0x1.921fb6p+0f, -0x1.777a5cp-25f, {x, asin_tail(x, x * x)});
  } else {
    // acos(|x|) = 2 asin(s), s = sqrt((1-|x|)/2); acos(-|x|) = pi - that.
    float z = 0.5f * (1.0f - ax);
    DF s = sqrt_df(z);
    DF a = {2.0f * s.hi, 2.0f * (asin_tail(s.hi, z) + s.lo)};
    r = x < 0.0f ? df_sub(0x1.921fb6p+1f, -0x1.777a5cp-24f, a) : a;
  }
  return ax <= 1.0f ? r.hi + r.lo : kNaN + x;
}

float __sporkle_vk_atanf(float x) {
  float ax = fabs_(x);
  DF a = atan_df(ax < 0x1p26f ? ax : 0.0f);
  float v = ax < 0x1p26f ? a.hi + a.lo : 0x1.921fb6p+0f; // pi/2 - 1/x rounds to pi/2
  v = copysign_(v, x);
  return is_nan(x) ? x + x : v;
}

float __sporkle_vk_atan2f(float y, float x) {
  float ax = fabs_(x), ay = fabs_(y);
  bool swap = ay > ax;
  float num = swap ? ax : ay, den = swap ? ay : ax;
  // Both infinite: the angle of (1, 1); den infinite or zero otherwise: t = 0.
  bool both_inf = is_inf(ax) && is_inf(ay);
  num = both_inf ? 1.0f : num;
  den = both_inf ? 1.0f : den;
  bool degenerate = !(num > 0.0f) || !(den > 0.0f) || is_inf(den);
  // num / den as (nm / dm) 2^(ne - de), the significands in [1, 2): the
  // division and its residual stay far from over- and underflow, and a
  // subnormal ratio is rounded once.
  Split n = split_(degenerate ? 1.0f : num), d = split_(degenerate ? 1.0f : den);
  i32 k = n.e - d.e;
  float t = degenerate ? 0.0f : scale(div_cr(n.m, d.m), k < -252 ? -252 : k);
  DF a = atan_df(t);
  a = swap ? df_sub(0x1.921fb6p+0f, -0x1.777a5cp-25f, a) : a;
  a = (bits(x) >> 31) ? df_sub(0x1.921fb6p+1f, -0x1.777a5cp-24f, a) : a;
  float v = copysign_(a.hi + a.lo, y);
  return (is_nan(x) || is_nan(y)) ? x + y : v;
}

// ---- sinh, cosh, tanh ------------------------------------------------------

float __sporkle_vk_sinhf(float x) {
  float ax = fabs_(x);
  float v;
  if (ax < 1.0f) {
    float z = x * x;
    float h = 0x1.555556p-3f + z * (0x1.1110a8p-7f + z * (0x1.a069fep-13f + z * (0x1.59f09ap-19f + z * 0x1.a777acp-24f)));
    v = x + x * z * h;
  } else {
    // (e^ax - e^-ax) / 2 = (p - pm 2^-2k) 2^(k-1), k >= 1.
    ExpParts e = exp_parts(clamp_(ax, 0.0f, 90.0f));
    i32 k2 = e.k < 60 ? e.k : 60;
    v = copysign_(scale(e.p - e.pm * pow2i(-2 * k2), e.k - 1), x);
  }
  return is_nan(x) ? x + x : v;
}

float __sporkle_vk_coshf(float x) {
  float ax = fabs_(x);
  ExpParts e = exp_parts(clamp_(ax, 0.0f, 90.0f));
  i32 k2 = e.k < 60 ? e.k : 60;
  float v = scale(e.p + e.pm * pow2i(-2 * k2), e.k - 1);
  return is_nan(x) ? x + x : v;
}

float __sporkle_vk_tanhf(float x) {
  float ax = fabs_(x);
  float v;
  if (ax < 0.55f) {
    float z = x * x;
    float h = -0x1.555554p-2f + z * (0x1.111082p-3f + z * (-0x1.b9f392p-5f + z * (0x1.63b824p-6f + z * (-0x1.0c81eap-7f + z * 0x1.1933dep-9f))));
    v = copysign_(x + x * z * h, x); // (keeps -0)
  } else {
    // 1 - 2 / (e^2ax + 1); 1 from 9.1 on.
    ExpParts e = exp_parts(clamp_(2.0f * ax, 0.0f, 18.2f));
    float q = div_cr(2.0f, scale(e.p, e.k) + 1.0f);
    v = copysign_(ax < 9.1f ? 1.0f - q : 1.0f, x);
  }
  return is_nan(x) ? x + x : v;
}

} // extern "C"

namespace {

// ---- fmod, ldexp: exact, on the integer significands -------------------------

/// The bit layout of float and double, for the integer algorithms below.
template <typename T> struct Layout;
template <> struct Layout<float> {
  using Bits = u32;
  static constexpr i32 Mant = 23, MaxExp = 255;
  // fmod's long division: the remainder (< 2^24) shifted by at most this
  // many bits fits 64.
  static constexpr i32 Step = 40;
};
template <> struct Layout<double> {
  using Bits = u64;
  static constexpr i32 Mant = 52, MaxExp = 2047;
  static constexpr i32 Step = 11;
};

/// The position of the highest set bit of r, 0 < r < 2^53, from its
/// conversion to float (exact below 2^24; above, it may round up to the
/// next power of two, which the test undoes). No ctlz: GLSL.std.450's
/// FindUMsb is 32-bit only, and the emitter takes none.
INLINE i32 msb(u64 r) {
  i32 p = i32(bits(float(r)) >> 23) - 127;
  return (r >> p) == 0 ? p - 1 : p;
}

/// |x| = m 2^(e - bias - Mant) with the biased exponent e >= 1 and m below
/// 2^(Mant+1) (a subnormal has e = 1 and no implicit bit).
template <typename T> struct Unpacked {
  u64 m;
  i32 e;
};
template <typename T> INLINE Unpacked<T> unpack(u64 a) {
  constexpr i32 Mant = Layout<T>::Mant;
  constexpr u64 Implicit = u64(1) << Mant;
  bool sub = a < Implicit;
  return {sub ? a : (a & (Implicit - 1)) | Implicit, sub ? 1 : i32(a >> Mant)};
}

/// The bits of r 2^(e - bias - Mant), e >= 1, r < 2^(Mant+1): exact, as
/// fmod's result always is; normal when its leading bit can reach the
/// implicit bit's place, subnormal (r shifted up by e - 1 only) otherwise.
template <typename T> INLINE u64 pack_exact(u64 r, i32 e) {
  constexpr i32 Mant = Layout<T>::Mant;
  i32 up = Mant - msb(r | 1);
  up = up < e - 1 ? up : e - 1;
  return r == 0 ? 0 : (r << up) + (u64(e - 1 - up) << Mant);
}

/// fmod(x, y) on the bits: x - n y with n = trunc(x / y), which is exact.
/// With |x| >= |y| finite, |x| = mx 2^(ex - k), |y| = my 2^(ey - k) and
/// ex >= ey: the remainder is (mx 2^(ex - ey) mod my) 2^(ey - k), computed
/// by long division, Step bits of the dividend at a time (one integer
/// remainder each: exact, and the loop runs once for quotients below 2^Step).
/// Returns the magnitude's bits; the caller handles |x| < |y|, zeros,
/// infinities and NaNs.
template <typename T> INLINE u64 fmod_magnitude(u64 ax, u64 ay) {
  Unpacked<T> x = unpack<T>(ax), y = unpack<T>(ay);
  u64 r = x.m % y.m;
  for (i32 d = x.e - y.e; d > 0;) {
    i32 s = d < Layout<T>::Step ? d : Layout<T>::Step;
    r = (r << s) % y.m;
    d -= s;
  }
  return pack_exact<T>(r, y.e);
}

/// ldexp on the bits: |x| 2^n for finite nonzero x (bits ax), correctly
/// rounded (to nearest even) where the result is subnormal, infinite above
/// the largest finite value. Exact integer arithmetic throughout, so a
/// driver that flushes subnormals cannot disturb it.
template <typename T> INLINE u64 ldexp_magnitude(u64 ax, i32 n) {
  constexpr i32 Mant = Layout<T>::Mant, Max = Layout<T>::MaxExp;
  constexpr u64 Implicit = u64(1) << Mant;
  // |x| 2^n = sig 2^(e - bias - Mant) with sig in [2^Mant, 2^(Mant+1)):
  // the bits of a normal result when e is in [1, Max).
  Unpacked<T> u = unpack<T>(ax);
  i32 up = Mant - msb(u.m);
  u64 sig = u.m << up;
  // Past these bounds the result is 0 or infinite for every x.
  i32 nc = n < -3 * Max ? -3 * Max : (n > 3 * Max ? 3 * Max : n);
  i32 e = u.e - up + nc;
  // e < 1: sig 2^(e - 1) units of the smallest subnormal, rounded.
  i32 sh = 1 - e;
  sh = sh < 1 ? 1 : (sh > Mant + 2 ? Mant + 2 : sh);
  u64 q = sig >> sh, rem = sig & ((u64(1) << sh) - 1), half = u64(1) << (sh - 1);
  q += (rem > half || (rem == half && (q & 1))) ? 1 : 0; // (a carry into 2^Mant is the smallest normal)
  u64 v = e >= 1 ? (u64(e) << Mant) + (sig - Implicit) : q;
  return e >= Max ? u64(Max) << Mant : v;
}

} // namespace

extern "C" {

/// fmod, exact (C99's fmodf: the sign of x; NaN for an infinite x, y = 0 or a
/// NaN; x for an infinite y).
float __sporkle_vk_fmodf(float x, float y) {
  u32 ax = bits(x) & 0x7fffffffu, ay = bits(y) & 0x7fffffffu;
  bool special = ax >= 0x7f800000u || ay > 0x7f800000u || ay == 0;
  bool small = ax < ay; // (y infinite, or x = 0, included)
  bool divide = !special && !small;
  u32 m = u32(fmod_magnitude<float>(divide ? ax : 1u, divide ? ay : 1u));
  float v = from_bits(m | (bits(x) & 0x80000000u));
  v = small ? x : v;
  return special ? ((is_nan(x) || is_nan(y)) ? x + y : kNaN) : v;
}

/// ldexp, exact where the result is normal, correctly rounded where it is
/// subnormal.
float __sporkle_vk_ldexpf(float x, i32 n) {
  u32 ax = bits(x) & 0x7fffffffu;
  bool keep = ax == 0 || ax >= 0x7f800000u; // zeros, infinities, NaNs
  u32 m = u32(ldexp_magnitude<float>(keep ? 1u : ax, n));
  return keep ? x : from_bits(m | (bits(x) & 0x80000000u));
}

/// The double versions: the same algorithms on 64-bit integers (the long
/// division takes 11 bits a step, up to 190 steps for the largest quotients).
double __sporkle_vk_fmod(double x, double y) {
  u64 bx = __builtin_bit_cast(u64, x), by = __builtin_bit_cast(u64, y);
  u64 ax = bx & 0x7fffffffffffffffull, ay = by & 0x7fffffffffffffffull;
  constexpr u64 Inf = 0x7ff0000000000000ull;
  bool special = ax >= Inf || ay > Inf || ay == 0;
  bool small = ax < ay;
  bool divide = !special && !small;
  u64 m = fmod_magnitude<double>(divide ? ax : 1u, divide ? ay : 1u);
  double v = __builtin_bit_cast(double, m | (bx & 0x8000000000000000ull));
  v = small ? x : v;
  bool nan = ax > Inf || ay > Inf;
  return special ? (nan ? x + y : __builtin_nan("")) : v;
}

double __sporkle_vk_ldexp(double x, i32 n) {
  u64 bx = __builtin_bit_cast(u64, x);
  u64 ax = bx & 0x7fffffffffffffffull;
  bool keep = ax == 0 || ax >= 0x7ff0000000000000ull;
  u64 m = ldexp_magnitude<double>(keep ? 1u : ax, n);
  return keep ? x : __builtin_bit_cast(double, m | (bx & 0x8000000000000000ull));
}

/// cbrt to about half an ulp: |x| = t 2^(3k), t in [1, 8); r ~ t^(-1/3)
/// from the bits and two Newton steps r += r (1 - t r^3) / 3 (no division);
/// y = t r^2, then one Newton step for y^3 = t with an exact residual
/// t - y^3 (Dekker's products) corrects y to nearly correct rounding.
float __sporkle_vk_cbrtf(float x) {
  u32 ax = bits(x) & 0x7fffffffu;
  bool keep = ax == 0 || ax >= 0x7f800000u; // zeros, infinities, NaNs
  Unpacked<float> u = unpack<float>(keep ? 0x3f800000u : ax);
  i32 up = 23 - msb(u.m);
  i32 e = u.e - up - 127; // |x| = m 2^e, m in [1, 2)
  float m = from_bits((u32(u.m << up) & 0x7fffffu) | 0x3f800000u);
  i32 k = i32(u32(e + 150) / 3u) - 50; // floor(e / 3), e in [-149, 127]
  float t = m * pow2i(e - 3 * k);
  float r = from_bits(0x54a23300u - bits(t) / 3u); // 3.5% off at most
  r = r + r * (1.0f - t * r * r * r) * 0x1.555556p-2f;
  r = r + r * (1.0f - t * r * r * r) * 0x1.555556p-2f;
  float y = t * r * r;
  DF y2 = two_prod(y, y);
  DF y3 = two_prod(y2.hi, y);
  float res = ((t - y3.hi) - y3.lo) - y2.lo * y; // t - y3.hi exact (Sterbenz)
  y = y + res * (r * r) * 0x1.555556p-2f;
  // The result is normal: 2^k is, and the product exact.
  return keep ? x + x : copysign_(y * pow2i(k), x);
}

/// hypot to about half an ulp, with no overflow or underflow on the way:
/// the larger magnitude hi = h 2^k with h in [1, 2) (exact, on the bits), the
/// smaller scaled by the same 2^-k; h^2 + l^2 as a double-float (Dekker's
/// products), its square root the driver's plus one Newton step with an
/// exact residual, then 2^k. C99: an infinity wins over a NaN.
float __sporkle_vk_hypotf(float x, float y) {
  u32 ax = bits(x) & 0x7fffffffu, ay = bits(y) & 0x7fffffffu;
  u32 hb = ax > ay ? ax : ay, lb = ax > ay ? ay : ax;
  bool inf = ax == 0x7f800000u || ay == 0x7f800000u;
  bool nan = !inf && hb > 0x7f800000u;
  bool zero = hb == 0;
  bool plain = !inf && !nan && !zero;
  hb = plain ? hb : 0x3f800000u;
  lb = plain ? lb : 0u;
  // hi = h 2^k exactly; l = lo 2^-k (rounded only where l^2 is far below
  // h^2's last bit).
  Unpacked<float> u = unpack<float>(hb);
  i32 up = 23 - msb(u.m);
  i32 k = u.e - up - 127;
  float h = from_bits((u32(u.m << up) & 0x7fffffu) | 0x3f800000u);
  float l = scale(from_bits(lb), -k);
  DF hh = two_prod(h, h), ll = two_prod(l, l);
  DF s = fast_two_sum(hh.hi, ll.hi);
  s = fast_two_sum(s.hi, s.lo + (hh.lo + ll.lo)); // s in [1, 8)
  float q = driver_sqrt(s.hi);
  DF q2 = two_prod(q, q);
  float d = ((s.hi - q2.hi) - q2.lo) + s.lo;
  float v = scale(q + driver_div(0.5f * d, q), k);
  v = zero ? 0.0f : v;
  v = nan ? x + y : v;
  return inf ? kInf : v;
}

} // extern "C"

// The double functions but fmod and ldexp (above).
#include "precise_math_double.cpp"
