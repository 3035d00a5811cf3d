//===- MulHigh.cpp - 128-bit products to the high half of a 64-bit one ----===//
//
// sycl::mul_hi on 64-bit integers (and any `(unsigned __int128)a * b >> 64`)
// reaches the Vulkan target as a 128-bit multiply of two extended 64-bit
// values, shifted right by 64 and truncated. SPIR-V has no 128-bit integers,
// but OpUMulExtended / OpSMulExtended give both halves of a 64x64-bit
// product. This rewrites `shr(mul(ext a, ext b), 64 + k)` into a call to
// __sporkle_vk_mul_hi_{u,s}64(a, b), which the emitter turns into those
// instructions, shifted by k and extended back to 128 bits; InstCombine,
// which runs next (KernelCleanup.cpp), folds the extension into the
// truncation or compare that used it. Operands must be extended the same way
// (or be constants that read the same either way); other 128-bit arithmetic
// is left for the emitter to refuse.
//
//===----------------------------------------------------------------------===//
#include "VulkanTarget.h"

#include "llvm/IR/Constants.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/PatternMatch.h"
#include "llvm/Transforms/Utils/Local.h"

using namespace llvm;
using namespace llvm::PatternMatch;

namespace sporkle::vulkan {

namespace {

enum class Extension { Zero, Sign };

/// What \p V was extended (\p Kind) to 128 bits from: a value of at most 64
/// bits, or a 64-bit constant; null if it was not.
Value *extendedFrom(Value *V, Extension Kind) {
  Value *Src = nullptr;
  if ((Kind == Extension::Zero ? match(V, m_ZExt(m_Value(Src))) : match(V, m_SExt(m_Value(Src)))) &&
      Src->getType()->getIntegerBitWidth() <= 64)
    return Src;
  if (auto *C = dyn_cast<ConstantInt>(V);
      C && (Kind == Extension::Zero ? C->getValue().isIntN(64) : C->getValue().isSignedIntN(64)))
    return ConstantInt::get(Type::getInt64Ty(V->getContext()), C->getValue().trunc(64));
  return nullptr;
}

/// What replaces \p Shifted, a 128-bit product of extended 64-bit values
/// shifted right by 64 to 127, or null if it is not one: the high half from
/// a call, shifted by the rest and extended back to 128 bits. InstCombine
/// then folds the extension into its users (a truncation, a compare with 0).
Value *fromMulHigh(BinaryOperator &Shifted, Module &M) {
  Value *L = nullptr, *R = nullptr;
  const APInt *Shift = nullptr;
  if (!Shifted.getType()->isIntegerTy(128) ||
      !match(&Shifted, m_Shr(m_Mul(m_Value(L), m_Value(R)), m_APInt(Shift))) || Shift->ult(64) || Shift->uge(128))
    return nullptr;
  bool Arithmetic = Shifted.getOpcode() == Instruction::AShr;
  for (Extension Kind : {Extension::Zero, Extension::Sign}) {
    Value *A = extendedFrom(L, Kind), *C = extendedFrom(R, Kind);
    if (!A || !C)
      continue;
    IRBuilder<> B(&Shifted);
    Type *I64 = B.getInt64Ty();
    bool Signed = Kind == Extension::Sign;
    FunctionCallee Callee =
        M.getOrInsertFunction(Signed ? "__sporkle_vk_mul_hi_s64" : "__sporkle_vk_mul_hi_u64", I64, I64, I64);
    if (auto *F = dyn_cast<Function>(Callee.getCallee()))
      F->setDoesNotAccessMemory();
    Value *High = B.CreateCall(Callee, {B.CreateIntCast(A, I64, Signed), B.CreateIntCast(C, I64, Signed)});
    // An unsigned product's high half has no sign to shift in; a signed one
    // shifted logically gets zeros above bit 127, as the 128-bit lshr did.
    uint64_t More = Shift->getZExtValue() - 64;
    if (More)
      High = Arithmetic ? B.CreateAShr(High, More) : B.CreateLShr(High, More);
    return Arithmetic ? B.CreateSExt(High, Shifted.getType()) : B.CreateZExt(High, Shifted.getType());
  }
  return nullptr;
}

} // namespace

PreservedAnalyses MulHighPass::run(Function &F, FunctionAnalysisManager &) {
  SmallVector<BinaryOperator *, 4> Shifts;
  for (Instruction &I : instructions(F))
    if (I.getOpcode() == Instruction::LShr || I.getOpcode() == Instruction::AShr)
      Shifts.push_back(cast<BinaryOperator>(&I));
  bool Changed = false;
  for (BinaryOperator *Shift : Shifts) {
    Value *Replacement = fromMulHigh(*Shift, *F.getParent());
    if (!Replacement)
      continue;
    Replacement->takeName(Shift);
    Shift->replaceAllUsesWith(Replacement);
    RecursivelyDeleteTriviallyDeadInstructions(Shift);
    Changed = true;
  }
  if (!Changed)
    return PreservedAnalyses::all();
  PreservedAnalyses PA;
  PA.preserveSet<CFGAnalyses>();
  return PA;
}

} // namespace sporkle::vulkan
