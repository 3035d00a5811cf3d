//===- LowerIntegerIntrinsics.cpp - LLVM's integer intrinsics for Vulkan --===//
//
// LLVM forms llvm.abs, the saturating adds and subtracts, funnel shifts
// (rotates) and bswap from plain code, and sycl::popcount, clz and ctz call
// llvm.ctpop, ctlz and cttz. SPIR-V has counterparts only for some, and
// Vulkan allows OpBitCount, OpBitReverse and GLSL's FindUMsb / FindILsb on
// 32-bit integers only. This rewrites them before the clean-up pipeline:
//   * abs, the saturating operations, funnel shifts and bswap as plain
//     integer operations and selects (the driver sees what it would from
//     GLSL);
//   * ctpop, ctlz, cttz and bitreverse of other widths through their 32-bit
//     forms (zero-extended, or the two halves of a 64-bit value), which the
//     emitter writes as OpBitCount, FindUMsb, FindILsb and OpBitReverse.
// Vectors are done lane by lane.
//
//===----------------------------------------------------------------------===//
#include "VulkanTarget.h"

#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"

using namespace llvm;

namespace sporkle::vulkan {

namespace {

bool isBitCountingIntrinsic(Intrinsic::ID ID) {
  return ID == Intrinsic::ctpop || ID == Intrinsic::ctlz || ID == Intrinsic::cttz || ID == Intrinsic::bitreverse;
}

bool handled(Intrinsic::ID ID) {
  switch (ID) {
  case Intrinsic::abs:
  case Intrinsic::uadd_sat:
  case Intrinsic::usub_sat:
  case Intrinsic::sadd_sat:
  case Intrinsic::ssub_sat:
  case Intrinsic::fshl:
  case Intrinsic::fshr:
  case Intrinsic::bswap:
    return true;
  default:
    return isBitCountingIntrinsic(ID);
  }
}

/// The 32-bit form of a bit-counting intrinsic, which the emitter takes.
Value *call32(IRBuilder<> &B, Intrinsic::ID ID, Value *X) {
  if (ID == Intrinsic::ctlz || ID == Intrinsic::cttz)
    return B.CreateBinaryIntrinsic(ID, X, B.getFalse()); // defined for 0
  return B.CreateUnaryIntrinsic(ID, X);
}

/// A bit-counting intrinsic on \p X of any width, from 32-bit ones.
Value *bitCounting(IRBuilder<> &B, Intrinsic::ID ID, Value *X) {
  unsigned W = X->getType()->getIntegerBitWidth();
  Type *I32 = B.getInt32Ty(), *Ty = X->getType();
  if (W == 32)
    return call32(B, ID, X);
  if (W < 32) {
    Value *Wide = B.CreateZExt(X, I32);
    switch (ID) {
    case Intrinsic::ctpop:
      return B.CreateTrunc(call32(B, ID, Wide), Ty);
    case Intrinsic::ctlz: // 32 - W leading zeros come from the extension
      return B.CreateTrunc(B.CreateSub(call32(B, ID, Wide), B.getInt32(32 - W)), Ty);
    case Intrinsic::cttz: // a bit just above X's stops the count at W
      return B.CreateTrunc(call32(B, ID, B.CreateOr(Wide, B.getInt32(1u << W))), Ty);
    default: // bitreverse: X's bits end up at the top
      return B.CreateTrunc(B.CreateLShr(call32(B, ID, Wide), 32 - W), Ty);
    }
  }
  // 64 bits: the two halves.
  Value *Lo = B.CreateTrunc(X, I32), *Hi = B.CreateTrunc(B.CreateLShr(X, 32), I32);
  auto Wide = [&](Value *V) { return B.CreateZExt(V, Ty); };
  switch (ID) {
  case Intrinsic::ctpop:
    return Wide(B.CreateAdd(call32(B, ID, Lo), call32(B, ID, Hi)));
  case Intrinsic::ctlz:
    return Wide(B.CreateSelect(B.CreateIsNotNull(Hi), call32(B, ID, Hi), B.CreateAdd(call32(B, ID, Lo), B.getInt32(32))));
  case Intrinsic::cttz:
    return Wide(B.CreateSelect(B.CreateIsNotNull(Lo), call32(B, ID, Lo), B.CreateAdd(call32(B, ID, Hi), B.getInt32(32))));
  default: // bitreverse
    return B.CreateOr(B.CreateShl(Wide(call32(B, ID, Lo)), 32), Wide(call32(B, ID, Hi)));
  }
}

/// \p II (scalar) as plain operations, or bit-counting intrinsics of 32 bits.
Value *expandScalar(IRBuilder<> &B, Intrinsic::ID ID, ArrayRef<Value *> Args) {
  Value *A = Args[0];
  Type *Ty = A->getType();
  unsigned W = Ty->getIntegerBitWidth();
  Constant *Zero = ConstantInt::get(Ty, 0);
  switch (ID) {
  case Intrinsic::abs:
    return B.CreateSelect(B.CreateICmpSLT(A, Zero), B.CreateNeg(A), A);
  case Intrinsic::uadd_sat: {
    Value *Sum = B.CreateAdd(A, Args[1]);
    return B.CreateSelect(B.CreateICmpULT(Sum, A), ConstantInt::getAllOnesValue(Ty), Sum);
  }
  case Intrinsic::usub_sat:
    return B.CreateSelect(B.CreateICmpUGT(A, Args[1]), B.CreateSub(A, Args[1]), Zero);
  case Intrinsic::sadd_sat:
  case Intrinsic::ssub_sat: {
    // Overflow when the result's sign differs from both operands' (add) or
    // from the first's while the operands' differ (sub); the result is then
    // the bound on the first operand's side.
    bool Add = ID == Intrinsic::sadd_sat;
    Value *R = Add ? B.CreateAdd(A, Args[1]) : B.CreateSub(A, Args[1]);
    Value *Flip = Add ? B.CreateAnd(B.CreateXor(A, R), B.CreateXor(Args[1], R))
                      : B.CreateAnd(B.CreateXor(A, Args[1]), B.CreateXor(A, R));
    Value *Bound = B.CreateSelect(B.CreateICmpSLT(A, Zero), ConstantInt::get(Ty, APInt::getSignedMinValue(W)),
                                  ConstantInt::get(Ty, APInt::getSignedMaxValue(W)));
    return B.CreateSelect(B.CreateICmpSLT(Flip, Zero), Bound, R);
  }
  case Intrinsic::fshl:
  case Intrinsic::fshr: {
    // fshl(a, b, s): the top W bits of a:b << s % W; fshr: the bottom W of
    // a:b >> s % W. A shift of 0 is the whole of a (b), not a shift by W.
    Value *S = B.CreateURem(Args[2], ConstantInt::get(Ty, W));
    Value *Back = B.CreateSub(ConstantInt::get(Ty, W), S);
    Value *Mixed = ID == Intrinsic::fshl ? B.CreateOr(B.CreateShl(A, S), B.CreateLShr(Args[1], Back))
                                         : B.CreateOr(B.CreateShl(A, Back), B.CreateLShr(Args[1], S));
    return B.CreateSelect(B.CreateIsNull(S), ID == Intrinsic::fshl ? A : Args[1], Mixed);
  }
  case Intrinsic::bswap: {
    Value *R = Zero;
    for (unsigned Byte = 0; Byte < W / 8; ++Byte) {
      Value *Piece = B.CreateAnd(B.CreateLShr(A, Byte * 8), ConstantInt::get(Ty, 0xff));
      R = B.CreateOr(R, B.CreateShl(Piece, W - 8 - Byte * 8));
    }
    return R;
  }
  default:
    return bitCounting(B, ID, A);
  }
}

bool lower(IntrinsicInst &II) {
  Intrinsic::ID ID = II.getIntrinsicID();
  if (!handled(ID) || !II.getType()->getScalarType()->isIntegerTy())
    return false;
  if (isBitCountingIntrinsic(ID) && II.getType()->isIntegerTy(32)) {
    // Already the emitter's; ctlz/cttz with `zero is poison` keep it.
    return false;
  }
  IRBuilder<> B(&II);
  unsigned Operands = (ID == Intrinsic::abs || ID == Intrinsic::ctlz || ID == Intrinsic::cttz) ? 1 : II.arg_size();
  auto *VT = dyn_cast<FixedVectorType>(II.getType());
  Value *Result = PoisonValue::get(II.getType());
  for (unsigned Lane = 0, Lanes = VT ? VT->getNumElements() : 1; Lane < Lanes; ++Lane) {
    SmallVector<Value *, 3> Args;
    for (unsigned Op = 0; Op < Operands; ++Op)
      Args.push_back(VT ? B.CreateExtractElement(II.getArgOperand(Op), Lane) : II.getArgOperand(Op));
    Value *V = expandScalar(B, ID, Args);
    Result = VT ? B.CreateInsertElement(Result, V, Lane) : V;
  }
  Result->takeName(&II);
  II.replaceAllUsesWith(Result);
  II.eraseFromParent();
  return true;
}

} // namespace

bool lowerIntegerIntrinsics(Module &M) {
  SmallVector<IntrinsicInst *, 8> Calls;
  for (Function &F : M)
    for (Instruction &I : instructions(F))
      if (auto *II = dyn_cast<IntrinsicInst>(&I))
        Calls.push_back(II);
  bool Changed = false;
  for (IntrinsicInst *II : Calls)
    Changed |= lower(*II);
  return Changed;
}

PreservedAnalyses LowerIntegerIntrinsicsPass::run(Module &M, ModuleAnalysisManager &) {
  return lowerIntegerIntrinsics(M) ? PreservedAnalyses::none() : PreservedAnalyses::all();
}

} // namespace sporkle::vulkan
