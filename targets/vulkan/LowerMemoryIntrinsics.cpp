//===- LowerMemoryIntrinsics.cpp - memcpy and memset as loads and stores --===//
//
// SPIR-V has OpCopyMemorySized only with the Addresses capability, which
// Vulkan does not allow, yet kernels meet llvm.memcpy and llvm.memset all the
// time: LLVM's loop-idiom pass makes them of copy and fill loops, and Clang of
// struct copies. This turns each into a loop of loads and stores before the
// clean-up pipeline, which fully unrolls the short constant ones. A copy or
// fill whose length is a multiple of 4 bytes at 4-byte aligned addresses
// moves 32-bit words (private arrays and local memory are made of words);
// others move bytes. memmove keeps its direction: forward when the
// destination is below the source, else backward.
//
//===----------------------------------------------------------------------===//
#include "VulkanTarget.h"

#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"

using namespace llvm;

namespace sporkle::vulkan {

namespace {

/// The element a copy or fill of \p Length bytes at \p Align moves: i32 when
/// whole aligned words, else i8.
Type *elementFor(Value *Length, Align Alignment, LLVMContext &Ctx) {
  auto *C = dyn_cast<ConstantInt>(Length);
  if (C && Alignment.value() >= 4 && C->getZExtValue() % 4 == 0)
    return Type::getInt32Ty(Ctx);
  return Type::getInt8Ty(Ctx);
}

Align alignOf(MaybeAlign A) { return A.valueOrOne(); }

/// Emits `for (i = 0; i < Count; ++i) Body(i)` before \p Before; with
/// \p Backward, i runs from Count - 1 down to 0.
void emitLoop(Instruction *Before, Value *Count, bool Backward, function_ref<void(IRBuilder<> &, Value *)> Body) {
  if (auto *C = dyn_cast<ConstantInt>(Count); C && C->isZero())
    return;
  if (!isa<Constant>(Count)) // the loop below runs at least once
    Before = SplitBlockAndInsertIfThen(IRBuilder<>(Before).CreateIsNotNull(Count), Before->getIterator(), false);
  auto [BodyStart, Index] = SplitBlockAndInsertSimpleForLoop(Count, Before->getIterator());
  IRBuilder<> B(&*BodyStart);
  Value *I = Backward ? B.CreateSub(B.CreateSub(Count, ConstantInt::get(Count->getType(), 1)), Index) : Index;
  Body(B, I);
}

void lowerTransfer(MemTransferInst &MT) {
  LLVMContext &Ctx = MT.getContext();
  Align Alignment = std::min(alignOf(MT.getDestAlign()), alignOf(MT.getSourceAlign()));
  Type *Elt = elementFor(MT.getLength(), Alignment, Ctx);
  uint64_t Size = Elt->getIntegerBitWidth() / 8;
  Value *Length = MT.getLength();
  IRBuilder<> B(&MT);
  Value *Count = Size == 1 ? Length : B.CreateUDiv(Length, ConstantInt::get(Length->getType(), Size));
  Value *Dst = MT.getRawDest(), *Src = MT.getRawSource();
  Align EltAlign = commonAlignment(Alignment, Size);
  auto Copy = [&](IRBuilder<> &LB, Value *I) {
    Value *From = LB.CreateInBoundsGEP(Elt, Src, I), *To = LB.CreateInBoundsGEP(Elt, Dst, I);
    LB.CreateAlignedStore(LB.CreateAlignedLoad(Elt, From, EltAlign, MT.isVolatile()), To, EltAlign, MT.isVolatile());
  };
  if (!isa<MemMoveInst>(MT)) {
    emitLoop(&MT, Count, /*Backward=*/false, Copy);
    return;
  }
  // memmove: compare the addresses (as integers: they may lie in different
  // address spaces only when they cannot overlap, and then either way works).
  Value *Below = B.CreateICmpULT(B.CreatePtrToInt(Dst, B.getInt64Ty()), B.CreatePtrToInt(Src, B.getInt64Ty()));
  Instruction *ThenTerm = nullptr, *ElseTerm = nullptr;
  SplitBlockAndInsertIfThenElse(Below, MT.getIterator(), &ThenTerm, &ElseTerm);
  emitLoop(ThenTerm, Count, /*Backward=*/false, Copy);
  emitLoop(ElseTerm, Count, /*Backward=*/true, Copy);
}

void lowerSet(MemSetInst &MS) {
  LLVMContext &Ctx = MS.getContext();
  Align Alignment = alignOf(MS.getDestAlign());
  Type *Elt = elementFor(MS.getLength(), Alignment, Ctx);
  uint64_t Size = Elt->getIntegerBitWidth() / 8;
  IRBuilder<> B(&MS);
  Value *Length = MS.getLength();
  Value *Count = Size == 1 ? Length : B.CreateUDiv(Length, ConstantInt::get(Length->getType(), Size));
  Value *Byte = MS.getValue();
  Value *Pattern = Size == 1 ? Byte : B.CreateMul(B.CreateZExt(Byte, Elt), ConstantInt::get(Elt, 0x01010101));
  Align EltAlign = commonAlignment(Alignment, Size);
  emitLoop(&MS, Count, /*Backward=*/false, [&](IRBuilder<> &LB, Value *I) {
    LB.CreateAlignedStore(Pattern, LB.CreateInBoundsGEP(Elt, MS.getRawDest(), I), EltAlign, MS.isVolatile());
  });
}

} // namespace

bool lowerMemoryIntrinsics(Module &M) {
  SmallVector<MemIntrinsic *, 8> Calls;
  for (Function &F : M)
    for (Instruction &I : instructions(F))
      if (auto *MI = dyn_cast<MemIntrinsic>(&I))
        Calls.push_back(MI);
  bool Changed = false;
  for (MemIntrinsic *MI : Calls) {
    if (auto *MT = dyn_cast<MemTransferInst>(MI))
      lowerTransfer(*MT);
    else if (auto *MS = dyn_cast<MemSetInst>(MI))
      lowerSet(*MS);
    else
      continue; // left for the emitter to name
    MI->eraseFromParent();
    Changed = true;
  }
  return Changed;
}

PreservedAnalyses LowerMemoryIntrinsicsPass::run(Module &M, ModuleAnalysisManager &) {
  return lowerMemoryIntrinsics(M) ? PreservedAnalyses::none() : PreservedAnalyses::all();
}

} // namespace sporkle::vulkan
