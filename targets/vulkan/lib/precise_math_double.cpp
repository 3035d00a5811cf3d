//===- precise_math_double.cpp - SYCL-precision double math for Vulkan ----===//
//
// The double functions of the Vulkan target's math library, #included at the
// end of precise_math.cpp (one bitcode; its header comment says what a driver
// guarantees and lists the techniques). The same algorithms as the float
// ones where they carry over, with double-doubles (hi + lo) where the float
// code has double-floats; Dekker's product splits its operands with
// Veltkamp's 2^27 + 1 (26-bit halves; exact since add, subtract and multiply
// round correctly).
//
//===----------------------------------------------------------------------===//

namespace {

INLINE u64 bits(double x) { return __builtin_bit_cast(u64, x); }
INLINE double dbl(u64 b) { return __builtin_bit_cast(double, b); }
INLINE double fabs_(double x) { return __builtin_fabs(x); }
INLINE double rint_(double x) { return __builtin_rint(x); }
constexpr u64 kSign = 0x8000000000000000ull, kExpMask = 0x7ff0000000000000ull;
INLINE double xor_sign(double x, double s) { return dbl(bits(x) ^ (bits(s) & kSign)); }
INLINE double copysign_(double x, double s) { return dbl((bits(x) & ~kSign) | (bits(s) & kSign)); }
INLINE bool is_nan(double x) { return (bits(x) & ~kSign) > kExpMask; }
INLINE bool is_inf(double x) { return (bits(x) & ~kSign) == kExpMask; }
INLINE bool is_finite(double x) { return (bits(x) & ~kSign) < kExpMask; }

#ifdef SPORKLE_VK_MATH_INEXACT_DRIVER
} // namespace
double driver_div(double a, double b);
namespace {
#else
INLINE double driver_div(double a, double b) { return a / b; }
#endif

constexpr double kInf64 = __builtin_inf();
constexpr double kNaN64 = __builtin_nan("");

/// 2^k for k in [-1022, 1023].
INLINE double pow2i64(i32 k) { return dbl(u64(k + 1023) << 52); }
/// p * 2^k for k in [-2044, 2046], a subnormal result rounded once.
INLINE double scale(double p, i32 k) {
  i32 k1 = k >> 1;
  return p * pow2i64(k1) * pow2i64(k - k1);
}
/// Clamps x to [lo, hi], NaN to 0 (see the float clamp_).
INLINE double clamp_(double x, double lo, double hi) {
  double c = x < lo ? lo : x;
  c = c > hi ? hi : c;
  return is_nan(x) ? 0.0 : c;
}

// ---- double-doubles ----------------------------------------------------------

struct DD {
  double hi, lo;
};

INLINE DD two_sum(double a, double b) {
  double s = a + b;
  double bb = s - a;
  return {s, (a - (s - bb)) + (b - bb)};
}
/// |a| >= |b| (or a == 0).
INLINE DD fast_two_sum(double a, double b) {
  double s = a + b;
  return {s, b - (s - a)};
}
/// a = hi + lo, each of at most 26 significant bits (Veltkamp); |a| < 2^995.
INLINE DD split(double a) {
  double c = a * 0x1.0000002p+27; // 2^27 + 1
  double hi = c - (c - a);
  return {hi, a - hi};
}
/// p + e == a * b exactly, unless the product under- or overflows (Dekker).
INLINE DD two_prod(double a, double b) {
  double p = a * b;
  DD x = split(a), y = split(b);
  return {p, ((x.hi * y.hi - p) + x.hi * y.lo + x.lo * y.hi) + x.lo * y.lo};
}
/// a * (bh + bl), to about 2^-104 relative.
INLINE DD dd_mul(DD a, double bh, double bl) {
  DD p = two_prod(a.hi, bh);
  p.lo = p.lo + (a.hi * bl + a.lo * bh);
  return p;
}

/// a / b to about half an ulp from the driver's division (see the float one).
INLINE double div_cr(double a, double b) {
  double q = driver_div(a, b);
  DD p = two_prod(q, b);
  return q + driver_div((a - p.hi) - p.lo, b);
}

// ---- exp, exp2, exp10 (and pow, sinh, cosh, tanh) ---------------------------

/// e^(h + l) - 1 for |h| <= ln2/2 (+ a little), |l| <= 2^-40 |h| (or tiny):
/// h + h^2 P(h) + l (1 + h), P minimax (relative error of e^h 2^-60).
INLINE double expm1_kernel(double h, double l) {
  double p = 0x1.1e3d15034afd5p-29;
  p = 0x1.af6c0b98054d6p-26 + h * p;
  p = 0x1.27e5b4788953ap-22 + h * p;
  p = 0x1.71ddf00cb5a4p-19 + h * p;
  p = 0x1.a01a013664702p-16 + h * p;
  p = 0x1.a01a01b38617dp-13 + h * p;
  p = 0x1.6c16c16c3056bp-10 + h * p;
  p = 0x1.111111110ec49p-7 + h * p;
  p = 0x1.5555555555503p-5 + h * p;
  p = 0x1.555555555555bp-3 + h * p;
  p = 0.5 + h * p;
  return h + (h * h * p + l * (1.0 + h));
}

/// x = k ln2 + (r.hi + r.lo), Cody-Waite: ln2's first part has 42 bits, so
/// k times it is exact for |k| < 2^11 and so is x minus that (Sterbenz).
struct ExpArg {
  DD r;
  i32 k;
};
INLINE ExpArg exp_arg(double x) { // |x| <= 760
  double k = rint_(x * 0x1.71547652b82fep+0);
  DD r = two_sum(x - k * 0x1.62e42fefa38p-1, -(k * 0x1.ef35793c7673p-45));
  return {r, i32(k)};
}

/// 2^(t.hi + t.lo) for |t.hi| <= 1100 (the exponent rounded once).
INLINE double exp2_dd(DD t) {
  double k = rint_(t.hi);
  DD r = fast_two_sum(t.hi - k, t.lo);
  DD a = dd_mul(r, 0x1.62e42fefa39efp-1, 0x1.abc9e3b39803fp-56); // ln2
  return scale(1.0 + expm1_kernel(a.hi, a.lo), i32(k));
}

} // namespace

extern "C" {

double __sporkle_vk_exp(double x) {
  ExpArg a = exp_arg(clamp_(x, -746.0, 710.0));
  double v = scale(1.0 + expm1_kernel(a.r.hi, a.r.lo), a.k);
  return is_nan(x) ? x + x : v;
}

double __sporkle_vk_exp2(double x) {
  double xc = clamp_(x, -1076.0, 1025.0);
  double v = exp2_dd({xc, 0.0});
  return is_nan(x) ? x + x : v;
}

double __sporkle_vk_exp10(double x) {
  double xc = clamp_(x, -325.0, 309.0);
  // x = k log10(2) + r (Cody-Waite as in exp_arg), 10^r = e^(r ln10).
  double k = rint_(xc * 0x1.a934f0979a371p+1);
  DD r = two_sum(xc - k * 0x1.34413509f78p-2, -(k * 0x1.fef311f12b358p-46));
  DD a = dd_mul(r, 0x1.26bb1bbb55516p+1, -0x1.f48ad494ea3e9p-53);
  double v = scale(1.0 + expm1_kernel(a.hi, a.lo), i32(k));
  return is_nan(x) ? x + x : v;
}

} // extern "C"

namespace {

// ---- log, log2, log10, pow -----------------------------------------------------

struct LogDD {
  double e; // log(x) = e ln2 + m
  DD m;
};

/// x > 0 finite (subnormal too): x = 2^e (1 + f), 1 + f in [sqrt(1/2),
/// sqrt(2)); m = log(1 + f) = 2s (1 + T), s = f / (2 + f) a double-double
/// (the driver's division and an exact residual), T = atanh(s)/s - 1 =
/// z/3 + z^2 Q(z), z = s^2, z/3 a double-double; relative error about 2^-64.
INLINE LogDD log_dd(double x) {
  bool sub = x < 0x1p-1022;
  u64 ix = bits(sub ? x * 0x1p54 : x);
  i32 e = i32(ix >> 52) - 1023 - (sub ? 54 : 0);
  u64 mb = (ix & 0xfffffffffffffull) | 0x3ff0000000000000ull;
  bool big = mb > 0x3ff6a09e667f3bcdull; // > sqrt(2)
  mb = big ? mb - (1ull << 52) : mb;
  e += big ? 1 : 0;
  double f = dbl(mb) - 1.0;
  DD d = fast_two_sum(2.0, f);
  double sh = driver_div(f, d.hi);
  DD p = two_prod(sh, d.hi);
  double sl = driver_div(((f - p.hi) - p.lo) - sh * d.lo, d.hi);
  DD z = two_prod(sh, sh);
  z.lo = z.lo + (sh + sh) * sl;
  double zh = z.hi;
  double q = 0x1.eb176d30aecc4p-5;
  q = 0x1.de32af2d758f4p-5 + zh * q;
  q = 0x1.1120ba65a6346p-4 + zh * q;
  q = 0x1.3b1362965357bp-4 + zh * q;
  q = 0x1.745d1832c9c31p-4 + zh * q;
  q = 0x1.c71c71c57f702p-4 + zh * q;
  q = 0x1.249249249303dp-3 + zh * q;
  q = 0x1.9999999999996p-3 + zh * q;
  DD t = dd_mul(z, 0x1.5555555555555p-2, 0x1.5555555555555p-56); // z/3
  t = fast_two_sum(t.hi, t.lo + zh * zh * q);
  DD a = dd_mul(t, sh, sl);
  DD u = fast_two_sum(sh, a.hi);
  u.lo = u.lo + (sl + a.lo);
  return {double(e), {2.0 * u.hi, 2.0 * u.lo}};
}

/// log2(x) = e + m / ln2 as a double-double.
INLINE DD log2_dd(const LogDD &l) {
  DD a = dd_mul(l.m, 0x1.71547652b82fep+0, 0x1.777d0ffda0d24p-56);
  DD s = two_sum(l.e, a.hi);
  return fast_two_sum(s.hi, s.lo + a.lo);
}

INLINE double log_special(double x, double v) {
  v = x == 0.0 ? -kInf64 : v;
  v = x < 0.0 ? kNaN64 : v;
  return is_finite(x) ? v : x + (x < 0.0 ? kNaN64 : 0.0);
}

/// x^y (see the float pow_impl): 2^(y log2|x|), the product a double-double.
INLINE double pow_impl(double x, double y, bool y_int, bool y_odd) {
  double ax = fabs_(x);
  DD l2 = log2_dd(log_dd(is_finite(ax) && ax > 0.0 ? ax : 1.0));
  // Beyond +-1100 the result is inf or 0. (Dekker's split of y overflows
  // from 2^995: such y give big unless |x| = 1, whose result is +-1.)
  double t0 = y * l2.hi;
  bool big = !(fabs_(t0) < 1100.0);
  double yc = big || !(fabs_(y) < 0x1p900) ? 0.0 : y;
  DD t = two_prod(yc, l2.hi);
  t.lo = t.lo + yc * l2.lo;
  double v = exp2_dd(t);
  v = big ? (t0 > 0.0 ? kInf64 : 0.0) : v;
  v = (x < 0.0 && y_odd) ? -v : v;

  // Special cases (C99 F.9.4.4, OpenCL's pow/pown), as for float.
  double ay = fabs_(y);
  bool y_neg = y < 0.0;
  v = (x < 0.0 && !y_int) ? kNaN64 : v;
  double zero_v = y_neg ? kInf64 : 0.0;
  zero_v = y_odd ? copysign_(zero_v, x) : zero_v;
  v = x == 0.0 ? zero_v : v;
  double inf_v = y_neg ? 0.0 : kInf64;
  inf_v = (x < 0.0 && y_odd) ? -inf_v : inf_v;
  v = is_inf(x) ? inf_v : v;
  double yinf_v = ((ax < 1.0) == y_neg) ? kInf64 : 0.0;
  yinf_v = ax == 1.0 ? 1.0 : yinf_v;
  v = is_inf(y) ? yinf_v : v;
  v = (is_nan(x) || is_nan(y)) ? kNaN64 : v;
  v = (x == 1.0 || ay == 0.0) ? 1.0 : v;
  return v;
}

} // namespace

extern "C" {

double __sporkle_vk_log(double x) {
  LogDD l = log_dd(x > 0.0 && is_finite(x) ? x : 1.0);
  // e ln2 (its 42-bit first part times e exact) + m.
  DD s = two_sum(l.e * 0x1.62e42fefa38p-1, l.m.hi);
  double v = s.hi + (s.lo + (l.m.lo + l.e * 0x1.ef35793c7673p-45));
  return log_special(x, v);
}

double __sporkle_vk_log2(double x) {
  DD v = log2_dd(log_dd(x > 0.0 && is_finite(x) ? x : 1.0));
  return log_special(x, v.hi);
}

double __sporkle_vk_log10(double x) {
  LogDD l = log_dd(x > 0.0 && is_finite(x) ? x : 1.0);
  // e log10(2) (Cody-Waite) + m / ln10.
  DD a = dd_mul(l.m, 0x1.bcb7b1526e50ep-2, 0x1.95355baaafad3p-57);
  DD s = two_sum(l.e * 0x1.34413509f78p-2, a.hi);
  double v = s.hi + (s.lo + (a.lo + l.e * 0x1.fef311f12b358p-46));
  return log_special(x, v);
}

double __sporkle_vk_pow(double x, double y) {
  double ay = fabs_(y);
  bool y_int = ay >= 0x1p53 || rint_(y) == y;
  bool y_odd = ay < 0x1p53 && y_int && (i64(ay < 0x1p53 ? y : 0.0) & 1);
  return pow_impl(x, y, y_int, y_odd);
}

double __sporkle_vk_powi(double x, i32 n) { return pow_impl(x, double(n), true, n & 1); }

} // extern "C"

namespace {

// ---- sin, cos, tan -----------------------------------------------------------

struct Reduced64 {
  DD r; // x - q pi/2, |r| <= pi/4 (+ a little)
  i32 q;
};

/// Cody-Waite, 0 <= ax < 2^20: k < 2^20 and pi/2's first four parts have 33
/// bits, so k times each is exact, and so is ax - k P1 (Sterbenz); the rest
/// is summed exactly (TwoSum) down to k P4 + k P5 (< 2^-80 < |r|).
INLINE Reduced64 reduce_cody_waite(double ax) {
  double k = rint_(ax * 0x1.45f306dc9c883p-1); // 2/pi
  DD s2 = two_sum(ax - k * 0x1.921fb544p+0, -(k * 0x1.0b4611a6p-34));
  DD s3 = two_sum(s2.hi, -(k * 0x1.3198a2ep-69));
  double t = ((s2.lo + s3.lo) - k * 0x1.b839a252p-104) - k * 0x1.27044533e63ap-142;
  return {fast_two_sum(s3.hi, t), i32(k)};
}

/// 2/pi's bits, 64 a word, after a zero word: word i (i in [0, 19]) holds
/// bits 64(i-1)+1 to 64i (bit 1 has weight 1/2). Selects, not a table.
INLINE u64 two_over_pi_word(i32 i) {
  u64 w = 0;
  w = i == 1 ? 0xa2f9836e4e441529ull : w;
  w = i == 2 ? 0xfc2757d1f534ddc0ull : w;
  w = i == 3 ? 0xdb6295993c439041ull : w;
  w = i == 4 ? 0xfe5163abdebbc561ull : w;
  w = i == 5 ? 0xb7246e3a424dd2e0ull : w;
  w = i == 6 ? 0x06492eea09d1921cull : w;
  w = i == 7 ? 0xfe1deb1cb129a73eull : w;
  w = i == 8 ? 0xe88235f52ebb4484ull : w;
  w = i == 9 ? 0xe99c7026b45f7e41ull : w;
  w = i == 10 ? 0x3991d639835339f4ull : w;
  w = i == 11 ? 0x9c845f8bbdf9283bull : w;
  w = i == 12 ? 0x1ff897ffde05980full : w;
  w = i == 13 ? 0xef2f118b5a0a6d1full : w;
  w = i == 14 ? 0x6d367ecf27cb09b7ull : w;
  w = i == 15 ? 0x4f463f669e5fea2dull : w;
  w = i == 16 ? 0x7527bac7ebe5f17bull : w;
  w = i == 17 ? 0x3d0739f78a5292eaull : w;
  w = i == 18 ? 0x6bfb5fb11f8d5d08ull : w;
  w = i == 19 ? 0x56033046fc7b6babull : w;
  return w;
}

struct U128 {
  u64 hi, lo;
};
/// a * b, 128 bits, from 32-bit halves.
INLINE U128 mul_wide(u64 a, u64 b) {
  u64 a0 = a & 0xffffffffu, a1 = a >> 32, b0 = b & 0xffffffffu, b1 = b >> 32;
  u64 p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0;
  u64 mid = (p00 >> 32) + (p01 & 0xffffffffu) + (p10 & 0xffffffffu);
  return {a1 * b1 + (p01 >> 32) + (p10 >> 32) + (mid >> 32), (mid << 32) | (p00 & 0xffffffffu)};
}

/// Payne-Hanek, ax >= 2^20 finite: ax = m 2^L with a 53-bit m, L = e - 52;
/// with G = 2/pi's bits from weight 2^(1-L) on, 192 of them, as g0:g1:g2
/// (first bit weight 2^1), ax * 2/pi = m G mod 4. R = m G's top 128 bits
/// mod 4 (m g0 mod 2^64, m g1, the high half of m g2): 2 integer bits
/// and 126 fraction bits, off by less than 2^-125 (|r| >= 2^-61 for every
/// double, so 60 or more good bits).
INLINE Reduced64 reduce_payne_hanek(double ax) {
  u64 ix = bits(ax);
  i32 e = i32(ix >> 52) - 1023;
  u64 m = (ix & 0xfffffffffffffull) | (1ull << 52);
  // G's first bit, 2/pi's bit L - 1, counted from the zero word: L + 62.
  i32 start = e + 10;
  i32 j = start >> 6, sh = start & 63;
  u64 w0 = two_over_pi_word(j), w1 = two_over_pi_word(j + 1), w2 = two_over_pi_word(j + 2),
      w3 = two_over_pi_word(j + 3);
  u64 g0 = (w0 << sh) | ((w1 >> 1) >> (63 - sh));
  u64 g1 = (w1 << sh) | ((w2 >> 1) >> (63 - sh));
  u64 g2 = (w2 << sh) | ((w3 >> 1) >> (63 - sh));
  U128 p1 = mul_wide(m, g1), p2 = mul_wide(m, g2);
  u64 mid = p1.lo + p2.hi;
  u64 top = m * g0 + p1.hi + (mid < p1.lo ? 1 : 0);
  // Nearest quadrant; the signed fraction is frac + mid 2^-64, in units of
  // 2^-62, made a double-double exactly but for its last rounding: frac as
  // f.hi + f.lo from two exact conversions (not frac - i64(double(frac)),
  // which lavapipe folds to 0), f.lo an integer below 2^9, so adding mid's
  // high half is exact too.
  u64 rounded = top + (1ull << 61);
  i32 q = i32(rounded >> 62);
  i64 frac = i64(rounded & ((1ull << 62) - 1)) - (i64(1) << 61);
  DD f = two_sum(double(frac >> 32) * 0x1p32, double(frac & 0xffffffff));
  DD v = two_sum(f.hi, f.lo + double(i64(mid >> 32)) * 0x1p-32);
  v = fast_two_sum(v.hi, v.lo + double(i64(mid & 0xffffffffu)) * 0x1p-64);
  v = {v.hi * 0x1p-62, v.lo * 0x1p-62};
  return {dd_mul(v, 0x1.921fb54442d18p+0, 0x1.1a62633145c07p-54), q}; // pi/2
}

INLINE Reduced64 reduce_pio2(double ax) {
  if (ax < 0x1p20)
    return reduce_cody_waite(ax);
  return reduce_payne_hanek(ax);
}

/// sin(h + l), |h| <= pi/4 (+ a little): h + h^3 S(h^2) + l cos(h).
INLINE double sin_kernel(double h, double l) {
  double z = h * h;
  double s = -0x1.aaa209ac7dd61p-41;
  s = 0x1.61208bcdc538ep-33 + z * s;
  s = -0x1.ae64528cc1be7p-26 + z * s;
  s = 0x1.71de3a532ffdp-19 + z * s;
  s = -0x1.a01a01a018a66p-13 + z * s;
  s = 0x1.111111111110bp-7 + z * s;
  s = -0x1.5555555555555p-3 + z * s;
  return h + (h * z * s + (l - 0.5 * z * l));
}

/// cos(h + l): 1 - h^2/2 (h^2 exact, the difference a double-double) +
/// h^4 C(h^2) - l sin(h).
INLINE double cos_kernel(double h, double l) {
  DD z = two_prod(h, h);
  DD w = fast_two_sum(1.0, -0.5 * z.hi);
  double c = 0x1.aabcdc515b585p-45;
  c = -0x1.9393239999876p-37 + z.hi * c;
  c = 0x1.1eed8c9056095p-29 + z.hi * c;
  c = -0x1.27e4fb75eb248p-22 + z.hi * c;
  c = 0x1.a01a01a018cc4p-16 + z.hi * c;
  c = -0x1.6c16c16c16c0fp-10 + z.hi * c;
  c = 0x1.5555555555555p-5 + z.hi * c;
  return w.hi + (w.lo + ((z.hi * z.hi * c - 0.5 * z.lo) - l * h));
}

} // namespace

extern "C" {

double __sporkle_vk_sin(double x) {
  Reduced64 r = reduce_pio2(is_finite(x) ? fabs_(x) : 0.0);
  double s = sin_kernel(r.r.hi, r.r.lo), c = cos_kernel(r.r.hi, r.r.lo);
  double v = (r.q & 1) ? c : s;
  v = (r.q & 2) ? -v : v;
  v = xor_sign(v, x);
  return is_finite(x) ? v : x - x;
}

double __sporkle_vk_cos(double x) {
  Reduced64 r = reduce_pio2(is_finite(x) ? fabs_(x) : 0.0);
  double s = sin_kernel(r.r.hi, r.r.lo), c = cos_kernel(r.r.hi, r.r.lo);
  double v = (r.q & 1) ? -s : c;
  v = (r.q & 2) ? -v : v;
  return is_finite(x) ? v : x - x;
}

double __sporkle_vk_tan(double x) {
  Reduced64 r = reduce_pio2(is_finite(x) ? fabs_(x) : 0.0);
  double s = sin_kernel(r.r.hi, r.r.lo), c = cos_kernel(r.r.hi, r.r.lo);
  bool odd = r.q & 1;
  double v = xor_sign(div_cr(odd ? -c : s, odd ? s : c), x);
  return is_finite(x) ? v : x - x;
}

} // extern "C"

// ---- sinh, cosh, tanh, cbrt, hypot ------------------------------------------

namespace {

/// e^x - 1 for |x| <= 45: the exp kernel's e^r - 1 scaled by 2^k, the -1
/// exact ((2^k - 1) needs at most 53 bits below k = 54, and rounds harmlessly
/// above), so the sum rounds once.
INLINE double expm1_(double x) {
  ExpArg a = exp_arg(x);
  double m = expm1_kernel(a.r.hi, a.r.lo);
  if (a.k == 0)
    return m;
  double p = pow2i64(a.k);
  return (p - 1.0) + p * m;
}

/// e^|x| / 2 for 22 <= |x|, without overflowing before the result does
/// (cosh and sinh reach DBL_MAX at 710.475..., e^x at 709.78...): e^(|x|/2),
/// halved, times itself.
INLINE double half_exp_large(double ax) {
  ExpArg a = exp_arg(clamp_(ax, 0.0, 712.0) * 0.5);
  double h = scale(1.0 + expm1_kernel(a.r.hi, a.r.lo), a.k);
  return (0.5 * h) * h;
}

} // namespace

extern "C" {

double __sporkle_vk_sinh(double x) {
  double ax = fabs_(x);
  double v;
  if (ax < 0x1p-28) {
    v = ax; // sinh x = x (1 + x^2/6): below half an ulp
  } else if (ax < 22.0) {
    // (e^x - e^-x) / 2 = (E + E / (E + 1)) / 2, E = e^x - 1: no cancellation.
    double e = expm1_(ax);
    v = 0.5 * (e + div_cr(e, e + 1.0));
  } else {
    v = half_exp_large(ax);
  }
  return is_nan(x) ? x + x : copysign_(v, x);
}

double __sporkle_vk_cosh(double x) {
  double ax = fabs_(x);
  double v;
  if (ax < 22.0) {
    ExpArg a = exp_arg(ax);
    double t = scale(1.0 + expm1_kernel(a.r.hi, a.r.lo), a.k);
    v = 0.5 * t + div_cr(0.5, t);
  } else {
    v = half_exp_large(ax);
  }
  return is_nan(x) ? x + x : v;
}

double __sporkle_vk_tanh(double x) {
  double ax = fabs_(x);
  double v;
  if (ax < 0x1p-28) {
    v = ax; // tanh x = x (1 - x^2/3)
  } else if (ax < 22.0) {
    // E / (E + 2), E = e^(2x) - 1; at 22 tanh rounds to 1.
    double e = expm1_(2.0 * ax);
    v = div_cr(e, e + 2.0);
  } else {
    v = 1.0;
  }
  return is_nan(x) ? x + x : copysign_(v, x);
}

double __sporkle_vk_cbrt(double x) {
  double ax = fabs_(x);
  if (!is_finite(x) || ax == 0.0)
    return x + x; // NaN (quieted), infinities and zeros are their own roots
  // ax = t 2^(3q), t in [1, 8) (subnormals scaled by 2^54 first).
  i32 pre = 0;
  if (ax < 0x1p-1022) {
    ax *= 0x1p54;
    pre = -18;
  }
  i32 e = i32(bits(ax) >> 52) - 1023;
  i32 q = (e >= 0 ? e : e - 2) / 3; // floor(e / 3)
  double t = dbl((bits(ax) & ~kExpMask) | (u64(e - 3 * q + 1023) << 52));
  // The float library's root (< 1 ulp of float), two Newton steps in double,
  // then one on the double-double residual t - y^3.
  double y = double(__sporkle_vk_cbrtf(float(t)));
  y = y - driver_div(y * y * y - t, 3.0 * y * y);
  y = y - driver_div(y * y * y - t, 3.0 * y * y);
  DD y2 = two_prod(y, y);
  DD y3 = dd_mul(y2, y, 0.0);
  double r = (t - y3.hi) - y3.lo;
  y = y + driver_div(r, 3.0 * y2.hi);
  return copysign_(scale(y, q + pre), x);
}

double __sporkle_vk_hypot(double x, double y) {
  double ax = fabs_(x), ay = fabs_(y);
  if (is_inf(x) || is_inf(y))
    return kInf64; // even with a NaN (C's Annex F)
  if (is_nan(x) || is_nan(y))
    return x + y;
  double big = ax > ay ? ax : ay, small = ax > ay ? ay : ax;
  if (small == 0.0)
    return big;
  // big = b 2^e, b in [1, 2); below 2^-60 relative, small cannot move the
  // rounded result.
  i32 pre = 0;
  if (big < 0x1p-1000) {
    big *= 0x1p600;
    small *= 0x1p600;
    pre = -600;
  }
  i32 e = i32(bits(big) >> 52) - 1023;
  if (i32(bits(small) >> 52) - 1023 < e - 60)
    return scale(big, pre);
  double b = scale(big, -e), s = scale(small, -e);
  // b^2 + s^2 as a double-double, its square root, one correction step.
  DD bb = two_prod(b, b), ss = two_prod(s, s);
  DD sum = two_sum(bb.hi, ss.hi);
  DD q = fast_two_sum(sum.hi, sum.lo + bb.lo + ss.lo);
  double h = __builtin_sqrt(q.hi);
  DD hh = two_prod(h, h);
  h = h + driver_div(((q.hi - hh.hi) - hh.lo) + q.lo, 2.0 * h);
  return scale(h, e + pre);
}

} // extern "C"

// ---- atan, atan2, asin, acos -------------------------------------------------

namespace {

constexpr DD kPio2 = {0x1.921fb54442d18p+0, 0x1.1a62633145c07p-54};
constexpr DD kPi = {0x1.921fb54442d18p+1, 0x1.1a62633145c07p-53};
/// atan(k/8) for k = 0..8, the reduction's centres (selects, as
/// two_over_pi_word: the emitter has no constant arrays).
INLINE DD atan_eighths(i32 k) {
  DD a = {0.0, 0.0};
  a = k == 1 ? DD{0x1.fd5ba9aac2f6ep-4, -0x1.cd37686760c17p-59} : a;
  a = k == 2 ? DD{0x1.f5b75f92c80ddp-3, 0x1.8ab6e3cf7afbdp-57} : a;
  a = k == 3 ? DD{0x1.6f61941e4def1p-2, -0x1.c63aae6f6e918p-56} : a;
  a = k == 4 ? DD{0x1.dac670561bb4fp-2, 0x1.a2b7f222f65e2p-56} : a;
  a = k == 5 ? DD{0x1.1e00babdefeb4p-1, -0x1.928df287a668fp-58} : a;
  a = k == 6 ? DD{0x1.4978fa3269ee1p-1, 0x1.2419a87f2a458p-56} : a;
  a = k == 7 ? DD{0x1.700a7c5784634p-1, -0x1.8c34d25aadef6p-56} : a;
  a = k == 8 ? DD{0x1.921fb54442d18p-1, 0x1.1a62633145c07p-55} : a;
  return a;
}

INLINE DD dd_sub(DD a, DD b) {
  DD s = two_sum(a.hi, -b.hi);
  return fast_two_sum(s.hi, s.lo + (a.lo - b.lo));
}

/// atan(t) for 0 <= t <= 1: atan(c) + atan(u), c = k/8 nearest t,
/// u = (t - c) / (1 + t c), |u| <= 1/16; atan(u) by its series to u^17.
INLINE DD atan_reduced(double t) {
  double k = rint_(clamp_(t * 8.0, 0.0, 8.0)); // (a NaN t: index 0, NaN out)
  double c = k * 0.125;
  double u = div_cr(t - c, 1.0 + t * c); // t - c exact (Sterbenz, or c = 0)
  double z = u * u;
  double p = -1.0 / 17;
  p = 1.0 / 15 + z * p;
  p = -1.0 / 13 + z * p;
  p = 1.0 / 11 + z * p;
  p = -1.0 / 9 + z * p;
  p = 1.0 / 7 + z * p;
  p = -1.0 / 5 + z * p;
  p = 1.0 / 3 + z * p;
  double tail = -(u * z * p); // atan(u) - u = -u^3/3 + u^5/5 - ...
  DD a = atan_eighths(i32(k));
  return two_sum(a.hi, u + (tail + a.lo));
}

/// atan(a / b) in [0, pi/2] for a, b >= 0 (not NaN; a = b = 0 gives 0):
/// the smaller over the larger, scaled away from the ends of the range so
/// that the division's exact residual (Veltkamp's split multiplies by 2^27)
/// neither overflows nor underflows.
INLINE DD atan_ratio(double a, double b) {
  bool swap = a > b;
  double lo = swap ? b : a, hi = swap ? a : b;
  if (hi > 0x1p900 && !is_inf(hi)) {
    lo *= 0x1p-200;
    hi *= 0x1p-200;
  }
  if (lo < 0x1p-900) {
    bool scalable = hi < 0x1p300; // else lo / hi < 2^-1200: zero
    lo = scalable ? lo * 0x1p600 : 0.0;
    hi = scalable ? hi * 0x1p600 : hi;
  }
  double t = lo == 0.0 ? 0.0 : lo == hi ? 1.0 : is_inf(hi) ? 0.0 : div_cr(lo, hi);
  DD r = atan_reduced(t);
  return swap ? dd_sub(kPio2, r) : r;
}

/// sqrt((1 - x)(1 + x)) for 0 <= x <= 1, one Newton step on the driver's
/// square root with an exact residual (Vulkan's double Sqrt is not promised
/// to round correctly).
INLINE double sqrt_one_minus_square(double x) {
  double q = x < 0.5 ? __builtin_fma(-x, x, 1.0) : (1.0 - x) * (1.0 + x);
  if (q == 0.0)
    return 0.0;
  double h = __builtin_sqrt(q);
  DD hh = two_prod(h, h);
  return h + driver_div((q - hh.hi) - hh.lo, 2.0 * h);
}

} // namespace

extern "C" {

double __sporkle_vk_atan(double x) {
  DD r = atan_ratio(fabs_(x), 1.0);
  return is_nan(x) ? x + x : copysign_(r.hi + r.lo, x);
}

double __sporkle_vk_atan2(double y, double x) {
  if (is_nan(x) || is_nan(y))
    return x + y;
  DD r = atan_ratio(fabs_(y), fabs_(x));
  if (bits(x) & kSign) // x < 0 or -0: the left half-plane
    r = dd_sub(kPi, r);
  return copysign_(r.hi + r.lo, y);
}

double __sporkle_vk_asin(double x) {
  double ax = fabs_(x);
  if (!(ax <= 1.0))
    return is_nan(x) ? x + x : kNaN64;
  DD r = atan_ratio(ax, sqrt_one_minus_square(ax));
  return copysign_(r.hi + r.lo, x);
}

double __sporkle_vk_acos(double x) {
  double ax = fabs_(x);
  if (!(ax <= 1.0))
    return is_nan(x) ? x + x : kNaN64;
  DD r = atan_ratio(sqrt_one_minus_square(ax), ax);
  if (x < 0.0)
    r = dd_sub(kPi, r);
  return r.hi + r.lo;
}

} // extern "C"
