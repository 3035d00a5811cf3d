//===- MulHigh.cpp - 128-bit products to the high half of a 64-bit one ----===//
//
// sycl::mul_hi on 64-bit integers (and any `(unsigned __int128)a * b >> 64`)
// reaches the Vulkan target as a 128-bit multiply of two extended 64-bit
// values, shifted right by 64 and truncated. SPIR-V has no 128-bit integers,
// but OpUMulExtended / OpSMulExtended give both halves of a 64x64-bit
// product. This rewrites a 128-bit multiply of two 64-bit values extended
// the same way (or constants that read the same either way): its right
// shifts by 64 to 127 read a call __sporkle_vk_mul_hi_{u,s}64(a, b), which
// the emitter writes as those instructions, and any other use (InstCombine
// turns `mul_hi(a, b) & 128` into a mask of the product) sees the product
// rebuilt as high << 64 | a * b. InstCombine, which runs next
// (KernelCleanup.cpp), folds the 128-bit casts, shifts and masks back into
// 64-bit ones. What still needs 128 bits after that (a division) is left
// for the emitter to refuse.
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

/// Rewrites \p Product, a 128-bit multiply, when both operands are 64-bit
/// values extended the same way (see the header). Returns whether it did.
bool rewriteProduct(BinaryOperator &Product) {
  for (Extension Kind : {Extension::Zero, Extension::Sign}) {
    Value *A = extendedFrom(Product.getOperand(0), Kind), *C = extendedFrom(Product.getOperand(1), Kind);
    if (!A || !C)
      continue;
    Module &M = *Product.getModule();
    IRBuilder<> B(&Product);
    Type *I64 = B.getInt64Ty(), *I128 = Product.getType();
    bool Signed = Kind == Extension::Sign;
    FunctionCallee Callee =
        M.getOrInsertFunction(Signed ? "__sporkle_vk_mul_hi_s64" : "__sporkle_vk_mul_hi_u64", I64, I64, I64);
    if (auto *F = dyn_cast<Function>(Callee.getCallee()))
      F->setDoesNotAccessMemory();
    A = B.CreateIntCast(A, I64, Signed);
    C = B.CreateIntCast(C, I64, Signed);
    Value *High = B.CreateCall(Callee, {A, C});

    // Right shifts by 64 to 127 read the high half alone: a 64-bit shift of
    // it by the rest, of the same kind, extended back (an lshr puts zeros
    // above bit 127, an ashr copies bit 127, the high half's sign bit).
    SmallVector<BinaryOperator *, 4> Shifts;
    for (User *U : Product.users())
      if (const APInt *Amount; match(U, m_Shr(m_Specific(&Product), m_APInt(Amount))) && Amount->uge(64) &&
                               Amount->ult(128))
        Shifts.push_back(cast<BinaryOperator>(U));
    for (BinaryOperator *Shift : Shifts) {
      B.SetInsertPoint(Shift);
      bool Arithmetic = Shift->getOpcode() == Instruction::AShr;
      uint64_t More = cast<ConstantInt>(Shift->getOperand(1))->getZExtValue() - 64;
      Value *Bits = More ? (Arithmetic ? B.CreateAShr(High, More) : B.CreateLShr(High, More)) : High;
      Value *Wide = Arithmetic ? B.CreateSExt(Bits, I128) : B.CreateZExt(Bits, I128);
      Wide->takeName(Shift);
      Shift->replaceAllUsesWith(Wide);
      Shift->eraseFromParent();
    }
    // Anything else (a mask of some high bits, the low half) gets the whole
    // product as high << 64 | low, which InstCombine takes apart again.
    if (!Product.use_empty()) {
      B.SetInsertPoint(&Product);
      Value *Low = B.CreateMul(A, C);
      Value *Whole = B.CreateOr(B.CreateShl(B.CreateZExt(High, I128), 64, "", /*HasNUW=*/true),
                                B.CreateZExt(Low, I128));
      cast<PossiblyDisjointInst>(Whole)->setIsDisjoint(true);
      Whole->takeName(&Product);
      Product.replaceAllUsesWith(Whole);
    }
    RecursivelyDeleteTriviallyDeadInstructions(&Product);
    return true;
  }
  return false;
}

} // namespace

PreservedAnalyses MulHighPass::run(Function &F, FunctionAnalysisManager &) {
  SmallVector<BinaryOperator *, 4> Products;
  for (Instruction &I : instructions(F))
    if (I.getOpcode() == Instruction::Mul && I.getType()->isIntegerTy(128))
      Products.push_back(cast<BinaryOperator>(&I));
  bool Changed = false;
  for (BinaryOperator *Product : Products)
    Changed |= rewriteProduct(*Product);
  if (!Changed)
    return PreservedAnalyses::all();
  PreservedAnalyses PA;
  PA.preserveSet<CFGAnalyses>();
  return PA;
}

} // namespace sporkle::vulkan
