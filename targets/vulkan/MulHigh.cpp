//===- MulHigh.cpp - 128-bit products to the high half of a 64-bit one ----===//
//
// sycl::mul_hi on 64-bit integers (and any `(unsigned __int128)a * b >> 64`)
// reaches the Vulkan target as a 128-bit multiply of two extended 64-bit
// values, shifted right by 64 and truncated. SPIR-V has no 128-bit integers,
// but OpUMulExtended / OpSMulExtended give both halves of a 64x64-bit
// product. This rewrites `trunc(shr(mul(ext a, ext b), 64))` into a call to
// __sporkle_vk_mul_hi_{u,s}64(a, b), which the emitter turns into those
// instructions. Operands must be extended the same way (or be constants that
// read the same either way); other 128-bit arithmetic is left for the
// emitter to refuse.
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

/// The call that replaces \p Trunc, or null if it is not a 64-bit mul-high.
Value *mulHighCall(TruncInst &Trunc, Module &M) {
  Value *L = nullptr, *R = nullptr;
  if (!Trunc.getType()->isIntegerTy(64) || !Trunc.getSrcTy()->isIntegerTy(128) ||
      !match(Trunc.getOperand(0), m_Shr(m_Mul(m_Value(L), m_Value(R)), m_SpecificInt(64))))
    return nullptr;
  for (Extension Kind : {Extension::Zero, Extension::Sign}) {
    Value *A = extendedFrom(L, Kind), *C = extendedFrom(R, Kind);
    if (!A || !C)
      continue;
    IRBuilder<> B(&Trunc);
    Type *I64 = B.getInt64Ty();
    bool Signed = Kind == Extension::Sign;
    FunctionCallee Callee =
        M.getOrInsertFunction(Signed ? "__sporkle_vk_mul_hi_s64" : "__sporkle_vk_mul_hi_u64", I64, I64, I64);
    if (auto *F = dyn_cast<Function>(Callee.getCallee()))
      F->setDoesNotAccessMemory();
    // (The shift's kind does not matter: the truncation keeps bits 64..127.)
    return B.CreateCall(Callee, {B.CreateIntCast(A, I64, Signed), B.CreateIntCast(C, I64, Signed)});
  }
  return nullptr;
}

} // namespace

bool lowerMulHigh(Module &M) {
  bool Changed = false;
  for (Function &F : M) {
    SmallVector<TruncInst *, 4> Truncs;
    for (Instruction &I : instructions(F))
      if (auto *T = dyn_cast<TruncInst>(&I))
        Truncs.push_back(T);
    for (TruncInst *T : Truncs) {
      Value *Call = mulHighCall(*T, M);
      if (!Call)
        continue;
      Call->takeName(T);
      T->replaceAllUsesWith(Call);
      RecursivelyDeleteTriviallyDeadInstructions(T);
      Changed = true;
    }
  }
  return Changed;
}

PreservedAnalyses MulHighPass::run(Module &M, ModuleAnalysisManager &) {
  return lowerMulHigh(M) ? PreservedAnalyses::none() : PreservedAnalyses::all();
}

} // namespace sporkle::vulkan
