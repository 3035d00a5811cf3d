//===- ExactFma.cpp - a correctly rounded fma from float adds and multiplies -===//
//
// See ExactFma.h for what is computed, why, and where it is not exact.
//
//===----------------------------------------------------------------------===//
#include "ExactFma.h"

#include "llvm/ADT/SmallVector.h"

namespace sporkle::vulkan {

SpirvId emitExactFma(SpirvBuilder &B, unsigned Width, unsigned Lanes, SpirvId A, SpirvId Bv, SpirvId C,
                     SpirvId Fallback) {
  auto VectorOf = [&](SpirvId Scalar) { return Lanes == 1 ? Scalar : B.typeVector(Scalar, Lanes); };
  SpirvId FloatTy = VectorOf(B.typeFloat(Width));
  SpirvId IntTy = VectorOf(B.typeInt(Width));
  SpirvId BoolTy = VectorOf(B.typeBool());
  auto Splat = [&](SpirvId Type, SpirvId Scalar) {
    if (Lanes == 1)
      return Scalar;
    llvm::SmallVector<SpirvId, 4> Elements(Lanes, Scalar);
    return B.constantComposite(Type, Elements);
  };
  auto Int = [&](uint64_t V) { return Splat(IntTy, B.constantInt(Width, V)); };
  SpirvId Zero = Splat(FloatTy, B.constantFloat(Width, 0));

  // Float arithmetic, each operation rounded on its own: the driver must not
  // fuse or reassociate any of it.
  auto Float = [&](spv::Op Opcode, SpirvId X, SpirvId Y) {
    SpirvId R = B.op(Opcode, FloatTy, {X, Y});
    B.decorate(R, spv::Decoration::NoContraction);
    return R;
  };
  auto Add = [&](SpirvId X, SpirvId Y) { return Float(spv::Op::OpFAdd, X, Y); };
  auto Sub = [&](SpirvId X, SpirvId Y) { return Float(spv::Op::OpFSub, X, Y); };
  auto Mul = [&](SpirvId X, SpirvId Y) { return Float(spv::Op::OpFMul, X, Y); };
  auto Bits = [&](SpirvId X) { return B.op(spv::Op::OpBitcast, IntTy, {X}); };
  auto Select = [&](SpirvId Cond, SpirvId X, SpirvId Y) { return B.op(spv::Op::OpSelect, FloatTy, {Cond, X, Y}); };
  // Knuth's TwoSum: S = RN(X + Y) and E with S + E == X + Y exactly.
  auto TwoSum = [&](SpirvId X, SpirvId Y, SpirvId &S, SpirvId &E) {
    S = Add(X, Y);
    SpirvId YPart = Sub(S, X);
    SpirvId XPart = Sub(S, YPart);
    SpirvId XError = Sub(X, XPart);
    E = Add(XError, Sub(Y, YPart));
  };
  // The high half of X, its low bits cleared: float keeps 12 significand
  // bits (truncated: both halves then fit 12 bits); double rounds to 26, so
  // that the low half, of either sign, fits 26 bits. Integer arithmetic on
  // the bits carries into the exponent as it should.
  auto HighHalf = [&](SpirvId X) {
    SpirvId Word = Bits(X);
    if (Width == 64)
      Word = B.op(spv::Op::OpIAdd, IntTy, {Word, Int(uint64_t(1) << 26)});
    uint64_t LowBits = Width == 64 ? (uint64_t(1) << 27) - 1 : (uint64_t(1) << 12) - 1;
    Word = B.op(spv::Op::OpBitwiseAnd, IntTy, {Word, Int(~LowBits)});
    return B.op(spv::Op::OpBitcast, FloatTy, {Word});
  };

  // Dekker's product: UH = RN(A * B), UL = A * B - UH exactly.
  SpirvId UH = Mul(A, Bv);
  SpirvId AH = HighHalf(A), AL = Sub(A, AH);
  SpirvId BH = HighHalf(Bv), BL = Sub(Bv, BH);
  // (Statements, not nested calls: the order of the emitted code does not
  // depend on the C++ compiler's order of evaluating arguments.)
  SpirvId UL = Sub(Mul(AH, BH), UH);
  UL = Add(UL, Mul(AH, BL));
  UL = Add(UL, Mul(AL, BH));
  UL = Add(UL, Mul(AL, BL));

  // C + UH = TH + TL exactly; then the small parts, TL + UL, rounded to odd.
  SpirvId TH, TL, SH, SL;
  TwoSum(C, UH, TH, TL);
  TwoSum(TL, UL, SH, SL);
  SpirvId SHBits = Bits(SH);
  SpirvId LastBit = B.op(spv::Op::OpBitwiseAnd, IntTy, {SHBits, Int(1)});
  SpirvId Even = B.op(spv::Op::OpIEqual, BoolTy, {LastBit, Int(0)});
  SpirvId Inexact = B.op(spv::Op::OpFOrdNotEqual, BoolTy, {SL, Zero});
  SpirvId NonZero = B.op(spv::Op::OpFOrdNotEqual, BoolTy, {SH, Zero});
  SpirvId Step = B.op(spv::Op::OpLogicalAnd, BoolTy, {Even, Inexact});
  Step = B.op(spv::Op::OpLogicalAnd, BoolTy, {Step, NonZero});
  // One ulp towards the error: up in magnitude when SL has SH's sign.
  SpirvId SignBits = B.op(spv::Op::OpBitwiseXor, IntTy, {SHBits, Bits(SL)});
  SignBits = B.op(spv::Op::OpShiftRightLogical, IntTy, {SignBits, Int(Width - 1)});
  SpirvId SignsDiffer = B.op(spv::Op::OpINotEqual, BoolTy, {SignBits, Int(0)});
  SpirvId Delta = B.op(spv::Op::OpSelect, IntTy, {SignsDiffer, Int(~uint64_t(0)), Int(1)});
  SpirvId Stepped = B.op(spv::Op::OpBitcast, FloatTy, {B.op(spv::Op::OpIAdd, IntTy, {SHBits, Delta})});
  SpirvId V = Select(Step, Stepped, SH);

  // RN(TH + V); TH alone when V is zero (TH + 0 would turn a -0 into +0).
  SpirvId VIsZero = B.op(spv::Op::OpFOrdEqual, BoolTy, {V, Zero});
  SpirvId Sum = Add(TH, V);
  SpirvId Exact = Select(VIsZero, TH, Sum);

  // Out of range (ExactFma.h): an infinite or NaN TH (from an operand, or an
  // overflowing product or sum) or a NaN UL (a double split that overflowed).
  SpirvId Exceptional = B.op(spv::Op::OpIsInf, BoolTy, {TH});
  Exceptional = B.op(spv::Op::OpLogicalOr, BoolTy, {Exceptional, B.op(spv::Op::OpIsNan, BoolTy, {TH})});
  Exceptional = B.op(spv::Op::OpLogicalOr, BoolTy, {Exceptional, B.op(spv::Op::OpIsNan, BoolTy, {UL})});
  return Select(Exceptional, Fallback, Exact);
}

} // namespace sporkle::vulkan
