//===- NarrowInductionVariables.cpp - 32-bit loop counters for GPUs -------===//
//
// The device IR carries the spirv64 data layout, in which 64-bit integers
// are native, so LLVM's IndVarSimplify widens `for (int k = 0; k < n; ++k)`
// to a 64-bit counter (it saves the sign extension in `p[k]`). GPUs have
// 32-bit integer units: on NVIDIA every 64-bit add, compare and shift is two
// or more instructions, while `p + sext(k32) * 4` is a single wide
// multiply-add. The same loop written in GLSL counts in 32 bits, and a
// conv2d kernel ran about 20% slower than its GLSL twin for this.
//
// This pass narrows a 64-bit header phi of a loop back to 32 bits when
// ScalarEvolution proves that the counter and its step (the latch value)
// both stay in the signed 32-bit range: `phi i64 [s, %pre], [%k.next, %latch]`
// with `%k.next = add i64 %k, C` becomes `phi i32 [trunc s], [%k32.next]`
// and every use of the old values reads `sext` of the new ones. InstCombine,
// which runs next, folds the casts into the compares and truncations around
// them. Counters SCEV cannot bound (a size_t bound read from memory) stay
// 64-bit: the source asked for them.
//
//===----------------------------------------------------------------------===//
#include "VulkanTarget.h"

#include "llvm/Analysis/LoopInfo.h"
#include "llvm/Analysis/ScalarEvolution.h"
#include "llvm/Analysis/ScalarEvolutionExpressions.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/PatternMatch.h"

#include <optional>

using namespace llvm;
using namespace llvm::PatternMatch;

namespace sporkle::vulkan {

namespace {

struct NarrowableCounter {
  PHINode *Phi;
  BinaryOperator *Step; // Phi + Increment, the latch's incoming value
  Value *Increment;     // loop-invariant
  BasicBlock *Preheader, *Latch;
  bool NonNegative; // all three stay in [0, INT32_MAX]: the add is nuw too
};

bool fitsInInt32(const ConstantRange &R) {
  return R.getSignedMin().sge(INT32_MIN) && R.getSignedMax().sle(INT32_MAX);
}

/// The signed bounds of the values a counter's Step (Phi + Inc, Inc >= 1)
/// takes, read off the latch's exit test, for what SCEV's ranges miss: a
/// start and a bound it cannot relate (`for (int k = lo; k < hi; ++k)`,
/// grid-stride loops). The loop continues while Step < B (or <=, or != B
/// with Inc = 1), so the last Step is below B + Inc; a run that would pass
/// the bound instead overflows the nsw add first, which is undefined. The
/// ranges involved are about 2^32 wide, so no sum here wraps in 64 bits.
std::optional<std::pair<ConstantRange, ConstantRange>> rangesFromExitTest(Loop &L, PHINode &Phi, BinaryOperator &Step,
                                                                          Value &Inc, ScalarEvolution &SE) {
  BasicBlock *Latch = L.getLoopLatch();
  auto *Br = dyn_cast<BranchInst>(Latch->getTerminator());
  if (!Step.hasNoSignedWrap() || L.getExitingBlock() != Latch || !Br || !Br->isConditional())
    return std::nullopt;
  CmpPredicate Pred;
  Value *Bound = nullptr;
  if (!match(Br->getCondition(), m_c_ICmp(Pred, m_Specific(&Step), m_Value(Bound))) || !L.isLoopInvariant(Bound))
    return std::nullopt;
  if (cast<ICmpInst>(Br->getCondition())->getOperand(0) != &Step)
    Pred = ICmpInst::getSwappedCmpPredicate(Pred);
  if (Br->getSuccessor(0) != L.getHeader())
    Pred = ICmpInst::getInverseCmpPredicate(Pred);

  Value *Start = Phi.getIncomingValueForBlock(L.getLoopPreheader());
  ConstantRange S = SE.getSignedRange(SE.getSCEV(Start));
  ConstantRange I = SE.getSignedRange(SE.getSCEV(&Inc)), Bnd = SE.getSignedRange(SE.getSCEV(Bound));
  if (!fitsInInt32(S) || !fitsInInt32(I) || !fitsInInt32(Bnd) || I.getSignedMin().slt(1))
    return std::nullopt;
  bool AllNonNegative = S.getSignedMin().isNonNegative() && Bnd.getSignedMin().isNonNegative();
  APInt LastAbove; // the most Step can exceed B's maximum by
  switch (Pred) {
  case ICmpInst::ICMP_ULT:
  case ICmpInst::ICMP_ULE:
    if (!AllNonNegative) // then unsigned and signed order agree
      return std::nullopt;
    [[fallthrough]];
  case ICmpInst::ICMP_SLT:
  case ICmpInst::ICMP_SLE:
    LastAbove = I.getSignedMax() - (ICmpInst::isLT(Pred) ? 1 : 0);
    break;
  case ICmpInst::ICMP_NE:
    if (!match(&Inc, m_One()))
      return std::nullopt;
    LastAbove = APInt(64, 0);
    break;
  default:
    return std::nullopt;
  }
  // The first Step is below B + Inc as well when the loop is entered only
  // with start < B (the guard in front of a rotated loop); else it is
  // bounded by the start's range alone.
  bool EnteredBelowBound =
      SE.isLoopEntryGuardedByCond(&L, ICmpInst::ICMP_SLT, SE.getSCEV(Start), SE.getSCEV(Bound)) ||
      (AllNonNegative && SE.isLoopEntryGuardedByCond(&L, ICmpInst::ICMP_ULT, SE.getSCEV(Start), SE.getSCEV(Bound)));
  APInt MaxStep = Bnd.getSignedMax() + LastAbove;
  if (!EnteredBelowBound)
    MaxStep = APIntOps::smax(MaxStep, S.getSignedMax() + I.getSignedMax());
  APInt MinStep = S.getSignedMin() + I.getSignedMin();
  return std::make_pair(ConstantRange::getNonEmpty(S.getSignedMin(), MaxStep + 1),
                        ConstantRange::getNonEmpty(MinStep, MaxStep + 1));
}

/// The 64-bit counters of \p L that can count in 32 bits (see the header).
void collectNarrowable(Loop &L, ScalarEvolution &SE, SmallVectorImpl<NarrowableCounter> &Out) {
  BasicBlock *Preheader = L.getLoopPreheader(), *Latch = L.getLoopLatch();
  if (!Preheader || !Latch)
    return;
  for (PHINode &Phi : L.getHeader()->phis()) {
    if (!Phi.getType()->isIntegerTy(64) || Phi.getNumIncomingValues() != 2)
      continue;
    auto *Step = dyn_cast<BinaryOperator>(Phi.getIncomingValueForBlock(Latch));
    Value *Inc = nullptr;
    if (!Step || !L.contains(Step) || !match(Step, m_c_Add(m_Specific(&Phi), m_Value(Inc))) ||
        !L.isLoopInvariant(Inc))
      continue;
    ConstantRange IncRange = SE.getSignedRange(SE.getSCEV(Inc));
    if (!fitsInInt32(IncRange))
      continue;
    // SCEV's ranges come from the trip count of the affine recurrence.
    const auto *AR = dyn_cast<SCEVAddRecExpr>(SE.getSCEV(&Phi));
    if (!AR || AR->getLoop() != &L)
      continue;
    ConstantRange PhiRange = SE.getSignedRange(AR), StepRange = SE.getSignedRange(SE.getSCEV(Step));
    if (!fitsInInt32(PhiRange) || !fitsInInt32(StepRange)) {
      auto FromExit = rangesFromExitTest(L, Phi, *Step, *Inc, SE);
      if (!FromExit)
        continue;
      PhiRange = PhiRange.intersectWith(FromExit->first, ConstantRange::Signed);
      StepRange = StepRange.intersectWith(FromExit->second, ConstantRange::Signed);
      if (!fitsInInt32(PhiRange) || !fitsInInt32(StepRange))
        continue;
    }
    // nuw too when nothing is negative, the increment included (adding a
    // negative one wraps as unsigned).
    bool NonNegative = PhiRange.getSignedMin().isNonNegative() && StepRange.getSignedMin().isNonNegative() &&
                       IncRange.getSignedMin().isNonNegative();
    Out.push_back({&Phi, Step, Inc, Preheader, Latch, NonNegative});
  }
}

void narrow(const NarrowableCounter &N) {
  Type *I32 = Type::getInt32Ty(N.Phi->getContext());

  IRBuilder<> B(N.Preheader->getTerminator());
  Value *Start = B.CreateTrunc(N.Phi->getIncomingValueForBlock(N.Preheader), I32, N.Phi->getName() + ".start32");
  Value *Increment = B.CreateTrunc(N.Increment, I32, N.Step->getName() + ".inc32");

  PHINode *Phi32 = PHINode::Create(I32, 2, N.Phi->getName() + ".i32");
  Phi32->insertBefore(N.Phi->getIterator());
  B.SetInsertPoint(N.Step);
  // Both values lie in the int32 range, so the add cannot wrap there.
  Value *Step32 = B.CreateAdd(Phi32, Increment, N.Step->getName() + ".i32",
                              /*HasNUW=*/N.NonNegative, /*HasNSW=*/true);
  Phi32->addIncoming(Start, N.Preheader);
  Phi32->addIncoming(Step32, N.Latch);

  B.SetInsertPoint(N.Phi->getParent(), N.Phi->getParent()->getFirstInsertionPt());
  N.Phi->replaceAllUsesWith(B.CreateSExt(Phi32, N.Phi->getType(), N.Phi->getName() + ".wide"));
  B.SetInsertPoint(N.Step->getNextNode());
  N.Step->replaceAllUsesWith(B.CreateSExt(Step32, N.Step->getType(), N.Step->getName() + ".wide"));
  N.Step->eraseFromParent();
  N.Phi->eraseFromParent();
}

} // namespace

PreservedAnalyses NarrowInductionVariablesPass::run(Function &F, FunctionAnalysisManager &AM) {
  auto &LI = AM.getResult<LoopAnalysis>(F);
  auto &SE = AM.getResult<ScalarEvolutionAnalysis>(F);
  // Every range is taken from the unchanged function first; each narrowing
  // keeps the values it replaces, so the others' facts still hold.
  SmallVector<NarrowableCounter, 8> Counters;
  for (Loop *L : LI.getLoopsInPreorder())
    collectNarrowable(*L, SE, Counters);
  if (Counters.empty())
    return PreservedAnalyses::all();
  for (const NarrowableCounter &N : Counters)
    narrow(N);
  PreservedAnalyses PA;
  PA.preserveSet<CFGAnalyses>();
  return PA;
}

} // namespace sporkle::vulkan
