// SYCL math functions for float and double.
//
// Each maps to a __builtin_* that, with -fno-math-errno (sporkle's device
// pass), becomes an LLVM intrinsic: device code then calls nothing a target
// would have to link. Functions with no intrinsic are library calls every
// target provides (cbrt, hypot, fmod: passes/CheckDeviceCode.cpp's list) or
// written in terms of ones that have. On the host these are the libm calls.
#ifndef SYCL_DETAIL_MATH_HPP
#define SYCL_DETAIL_MATH_HPP

#include "defines.hpp"

namespace sycl {
inline namespace _V1 {

/// sycl::half: the 16-bit IEEE float Clang provides on the host and in
/// device code (arithmetic rounds each operation to half on devices; on the
/// host keep intermediate results in half variables for the same rounding).
using half = _Float16;

// half versions compute in float and round once.
#define SPORKLE_MATH_1(name, fbuiltin, dbuiltin)                                                  \
  inline float name(float x) { return fbuiltin(x); }                                              \
  inline double name(double x) { return dbuiltin(x); }                                            \
  inline half name(half x) { return half(fbuiltin(float(x))); }
#define SPORKLE_MATH_2(name, fbuiltin, dbuiltin)                                                  \
  inline float name(float x, float y) { return fbuiltin(x, y); }                                  \
  inline double name(double x, double y) { return dbuiltin(x, y); }                               \
  inline half name(half x, half y) { return half(fbuiltin(float(x), float(y))); }

SPORKLE_MATH_1(sqrt, __builtin_sqrtf, __builtin_sqrt)
SPORKLE_MATH_1(exp, __builtin_expf, __builtin_exp)
SPORKLE_MATH_1(exp2, __builtin_exp2f, __builtin_exp2)
SPORKLE_MATH_1(exp10, __builtin_exp10f, __builtin_exp10)
SPORKLE_MATH_1(log, __builtin_logf, __builtin_log)
SPORKLE_MATH_1(log2, __builtin_log2f, __builtin_log2)
SPORKLE_MATH_1(log10, __builtin_log10f, __builtin_log10)
SPORKLE_MATH_1(sin, __builtin_sinf, __builtin_sin)
SPORKLE_MATH_1(cos, __builtin_cosf, __builtin_cos)
SPORKLE_MATH_1(tan, __builtin_tanf, __builtin_tan)
SPORKLE_MATH_1(asin, __builtin_asinf, __builtin_asin)
SPORKLE_MATH_1(acos, __builtin_acosf, __builtin_acos)
SPORKLE_MATH_1(atan, __builtin_atanf, __builtin_atan)
SPORKLE_MATH_1(sinh, __builtin_sinhf, __builtin_sinh)
SPORKLE_MATH_1(cosh, __builtin_coshf, __builtin_cosh)
SPORKLE_MATH_1(tanh, __builtin_tanhf, __builtin_tanh)
SPORKLE_MATH_1(fabs, __builtin_fabsf, __builtin_fabs)
SPORKLE_MATH_1(floor, __builtin_floorf, __builtin_floor)
SPORKLE_MATH_1(ceil, __builtin_ceilf, __builtin_ceil)
SPORKLE_MATH_1(trunc, __builtin_truncf, __builtin_trunc)
SPORKLE_MATH_1(round, __builtin_roundf, __builtin_round)
SPORKLE_MATH_1(rint, __builtin_rintf, __builtin_rint)
SPORKLE_MATH_2(pow, __builtin_powf, __builtin_pow)
SPORKLE_MATH_2(atan2, __builtin_atan2f, __builtin_atan2)
SPORKLE_MATH_2(fmin, __builtin_fminf, __builtin_fmin)
SPORKLE_MATH_2(fmax, __builtin_fmaxf, __builtin_fmax)
SPORKLE_MATH_2(copysign, __builtin_copysignf, __builtin_copysign)
#undef SPORKLE_MATH_1
#undef SPORKLE_MATH_2

inline float rsqrt(float x) { return 1.0f / __builtin_sqrtf(x); }
inline double rsqrt(double x) { return 1.0 / __builtin_sqrt(x); }
inline float fma(float a, float b, float c) { return __builtin_fmaf(a, b, c); }
inline double fma(double a, double b, double c) { return __builtin_fma(a, b, c); }
/// mad may fuse or not; the fused form is exact and as fast.
inline float mad(float a, float b, float c) { return __builtin_fmaf(a, b, c); }
inline double mad(double a, double b, double c) { return __builtin_fma(a, b, c); }
/// frem is an LLVM instruction, not a libm call.
inline float fmod(float x, float y) { return __builtin_fmodf(x, y); }
inline double fmod(double x, double y) { return __builtin_fmod(x, y); }
inline float fdim(float x, float y) { return x > y ? x - y : 0.0f; }
inline double fdim(double x, double y) { return x > y ? x - y : 0.0; }
/// cbrt and hypot are library calls every target provides (libm on the CPU,
/// the Vulkan target's precise library): pow(|x|, 1/3) was ~15 ulp off.
inline float cbrt(float x) { return __builtin_cbrtf(x); }
inline double cbrt(double x) { return __builtin_cbrt(x); }
namespace detail {
/// powr is pow for x >= 0 (-0 as +0), with NaN where pow's conventions would
/// give a number: x < 0, 0^0, inf^0, 1^inf, and any NaN operand.
template <typename T> bool powr_is_nan(T x, T y) {
  return !(x >= T(0)) || y != y || (y == T(0) && (x == T(0) || x == T(__builtin_inf()))) ||
         (x == T(1) && __builtin_isinf(y));
}
} // namespace detail
inline float powr(float x, float y) {
  return detail::powr_is_nan(x, y) ? __builtin_nanf("") : __builtin_powf(x == 0.0f ? 0.0f : x, y);
}
inline double powr(double x, double y) {
  return detail::powr_is_nan(x, y) ? __builtin_nan("") : __builtin_pow(x == 0.0 ? 0.0 : x, y);
}
/// The library call (a formula's lo / hi was 0 / 0 with flushed subnormals on
/// NVIDIA, and NaN for hypot(inf, NaN), which is inf).
inline float hypot(float x, float y) { return __builtin_hypotf(x, y); }
inline double hypot(double x, double y) { return __builtin_hypot(x, y); }
inline float pown(float x, int n) { return __builtin_powif(x, n); }
inline double pown(double x, int n) { return __builtin_powi(x, n); }
inline float ldexp(float x, int n) { return __builtin_ldexpf(x, n); }
inline double ldexp(double x, int n) { return __builtin_ldexp(x, n); }

// half: computed in float, rounded once.
inline half rsqrt(half x) { return half(rsqrt(float(x))); }
inline half fma(half a, half b, half c) { return half(__builtin_fmaf(float(a), float(b), float(c))); }
inline half mad(half a, half b, half c) { return fma(a, b, c); }
inline half fmod(half x, half y) { return half(__builtin_fmodf(float(x), float(y))); }
inline half fdim(half x, half y) { return x > y ? half(x - y) : half(0.0f); }
inline half cbrt(half x) { return half(cbrt(float(x))); }
inline half powr(half x, half y) { return half(powr(float(x), float(y))); }
inline half hypot(half x, half y) { return half(hypot(float(x), float(y))); }
inline half pown(half x, int n) { return half(__builtin_powif(float(x), n)); }
inline half ldexp(half x, int n) { return half(__builtin_ldexpf(float(x), n)); }

inline float degrees(float r) { return r * 57.295779513082320876f; }
inline double degrees(double r) { return r * 57.295779513082320876; }
inline float radians(float d) { return d * 0.017453292519943295f; }
inline double radians(double d) { return d * 0.017453292519943295; }
inline float mix(float x, float y, float a) { return x + (y - x) * a; }
inline double mix(double x, double y, double a) { return x + (y - x) * a; }
inline float step(float edge, float x) { return x < edge ? 0.0f : 1.0f; }
inline double step(double edge, double x) { return x < edge ? 0.0 : 1.0; }
inline float sign(float x) { return x > 0.0f ? 1.0f : x < 0.0f ? -1.0f : x; }
inline double sign(double x) { return x > 0.0 ? 1.0 : x < 0.0 ? -1.0 : x; }
inline bool isnan(float x) { return __builtin_isnan(x); }
inline bool isnan(double x) { return __builtin_isnan(x); }
inline bool isinf(float x) { return __builtin_isinf(x); }
inline bool isinf(double x) { return __builtin_isinf(x); }
inline bool isfinite(float x) { return __builtin_isfinite(x); }
inline bool isfinite(double x) { return __builtin_isfinite(x); }
inline bool signbit(float x) { return __builtin_signbit(x); }
inline bool signbit(double x) { return __builtin_signbit(x); }

/// min/max/clamp: integers compare; floating point follows fmin/fmax.
template <typename T> std::enable_if_t<std::is_arithmetic_v<T>, T> min(T x, T y) {
  if constexpr (std::is_floating_point_v<T>)
    return sycl::fmin(x, y);
  else
    return y < x ? y : x;
}
template <typename T> std::enable_if_t<std::is_arithmetic_v<T>, T> max(T x, T y) {
  if constexpr (std::is_floating_point_v<T>)
    return sycl::fmax(x, y);
  else
    return x < y ? y : x;
}
template <typename T> std::enable_if_t<std::is_arithmetic_v<T>, T> clamp(T x, T lo, T hi) {
  return sycl::min(sycl::max(x, lo), hi);
}
template <typename T> std::enable_if_t<std::is_integral_v<T>, std::make_unsigned_t<T>> abs(T x) {
  return std::make_unsigned_t<T>(x < 0 ? -x : x);
}
template <typename T> std::enable_if_t<std::is_integral_v<T>, T> mul_hi(T a, T b) {
  using wide = std::conditional_t<std::is_signed_v<T>, __int128, unsigned __int128>;
  return T((wide(a) * wide(b)) >> (8 * sizeof(T)));
}
// Bit counting: Clang's generic builtins (llvm.ctpop, ctlz, cttz); clz and
// ctz of 0 are the width, as SYCL says.
template <typename T> std::enable_if_t<std::is_integral_v<T>, T> popcount(T x) {
  return T(__builtin_popcountg(std::make_unsigned_t<T>(x)));
}
template <typename T> std::enable_if_t<std::is_integral_v<T>, T> clz(T x) {
  return T(__builtin_clzg(std::make_unsigned_t<T>(x), int(8 * sizeof(T))));
}
template <typename T> std::enable_if_t<std::is_integral_v<T>, T> ctz(T x) {
  return T(__builtin_ctzg(std::make_unsigned_t<T>(x), int(8 * sizeof(T))));
}
/// x rotated left by n modulo its width (llvm.fshl).
template <typename T> std::enable_if_t<std::is_integral_v<T>, T> rotate(T x, T n) {
  using U = std::make_unsigned_t<T>;
  constexpr unsigned bits = 8 * sizeof(T);
  const unsigned s = unsigned(U(n) % bits);
  return T(s == 0 ? U(x) : U(U(U(x) << s) | U(U(x) >> (bits - s))));
}
template <typename T> std::enable_if_t<std::is_integral_v<T>, T> add_sat(T a, T b) {
  return __builtin_elementwise_add_sat(a, b);
}
template <typename T> std::enable_if_t<std::is_integral_v<T>, T> sub_sat(T a, T b) {
  return __builtin_elementwise_sub_sat(a, b);
}

namespace native {
// Speed over precision. In device code the calls are __sporkle_native_<f>,
// which sporkle's device pipeline turns into LLVM intrinsics marked afn
// (passes/NativeMath.cpp): a GPU target keeps its fast instruction. On the
// host they are plain libm calls.
#ifdef __SYCL_DEVICE_ONLY__
#define SPORKLE_NATIVE_MATH(name, libm)                                                              \
  extern "C" float __sporkle_native_##libm(float);                                                  \
  inline float name(float x) { return __sporkle_native_##libm(x); }
#else
#define SPORKLE_NATIVE_MATH(name, libm)                                                              \
  inline float name(float x) { return __builtin_##libm(x); }
#endif
SPORKLE_NATIVE_MATH(sqrt, sqrtf)
SPORKLE_NATIVE_MATH(exp, expf)
SPORKLE_NATIVE_MATH(exp2, exp2f)
SPORKLE_NATIVE_MATH(exp10, exp10f)
SPORKLE_NATIVE_MATH(log, logf)
SPORKLE_NATIVE_MATH(log2, log2f)
SPORKLE_NATIVE_MATH(log10, log10f)
SPORKLE_NATIVE_MATH(sin, sinf)
SPORKLE_NATIVE_MATH(cos, cosf)
SPORKLE_NATIVE_MATH(tan, tanf)
#undef SPORKLE_NATIVE_MATH
#ifdef __SYCL_DEVICE_ONLY__
extern "C" float __sporkle_native_powf(float, float);
inline float powr(float x, float y) { return __sporkle_native_powf(x, y); }
#else
inline float powr(float x, float y) { return __builtin_powf(x, y); }
#endif
inline float rsqrt(float x) { return 1.0f / native::sqrt(x); }
inline float recip(float x) { return 1.0f / x; }
inline float divide(float x, float y) { return x / y; }
} // namespace native
namespace half_precision = native;

} // namespace _V1
} // namespace sycl

#endif
