//===- ExactFma.h - a correctly rounded fma from float adds and multiplies -===//
//
// sycl::fma must be one fused multiply-add: a*b+c rounded once. The Vulkan
// target emits GLSL.std.450 Fma decorated NoContraction for it, but Vulkan
// does not promise that Fma is fused, and some drivers compute it as a
// multiply and an add, each rounded (lavapipe: float and double). For them
// the emitter also emits this exact emulation and picks one of the two with
// the spec constant SPORKLE_VK_SPEC_FUSED_FMA (include/sporkle/vulkan_abi.h),
// so one module serves both kinds of driver and a driver that fuses folds the
// emulation away.
//
// The emulation uses only float adds, subtracts and multiplies of the
// operands' own type (no wider type: double needs none), each decorated
// NoContraction, plus integer operations on their bits:
//   (uh, ul) = the product exactly, uh + ul == a*b (Dekker's product: the
//              operands are split into halves whose products are exact;
//              the split is done on the bits: float keeps the top 12 of its
//              24 significand bits (truncated), double rounds to 26 of its
//              53 (so that the low half fits 26 bits and a sign));
//   (th, tl) = TwoSum(c, uh)   th = RN(c + uh), th + tl == c + uh exactly;
//   v        = RO(tl + ul)     the small parts' sum rounded to odd: TwoSum,
//              then, when the sum is inexact and its last significand bit
//              even, its bits stepped one ulp towards the rounding error;
//   result   = RN(th + v)      (th itself when v is zero, so that zeros keep
//              their IEEE sign).
// Rounding to odd keeps the bits the second rounding needs (S. Boldo and
// G. Melquiond, "Emulation of FMA and correctly rounded sums: proved
// algorithms using rounding to odd", IEEE Trans. Computers 57(4), 2008).
//
// Exact for every finite a, b, c except where underflow or overflow takes
// bits away:
//   * a product below about 2^-102 (float; 2^-969 double) in magnitude, or
//     a subnormal result: the product's low part or the final sum loses
//     bits to gradual underflow (and drivers may flush subnormals anyway);
//   * a product that overflows (a*b rounds to infinity) while a*b+c is
//     finite, and a c + a*b whose rounding overflows: the result is the
//     fallback's (the driver's Fma, i.e. a*b+c as the driver computes it);
//   * (double) an operand of magnitude (2 - 2^-26) * 2^1023 or more, whose
//     high half rounds to infinity: the fallback's result too.
// Infinite and NaN operands take the fallback too, which gives the IEEE
// result for them.
//
//===----------------------------------------------------------------------===//
#ifndef SPORKLE_TARGETS_VULKAN_EXACTFMA_H
#define SPORKLE_TARGETS_VULKAN_EXACTFMA_H

#include "SpirvBuilder.h"

namespace sporkle::vulkan {

/// Emits, at the builder's current position in a function, the correctly
/// rounded fma of \p A, \p Bv, \p C: scalars or vectors of \p Lanes (1-4)
/// floats of \p Width bits (32 or 64). Where the emulation is not exact for
/// want of range (see above) the result is \p Fallback, of the same type.
SpirvId emitExactFma(SpirvBuilder &B, unsigned Width, unsigned Lanes, SpirvId A, SpirvId Bv, SpirvId C,
                     SpirvId Fallback);

} // namespace sporkle::vulkan

#endif
