//===- ControlFlow.cpp - masks for divergent branches and loops -----------===//
//
// The vectorizer keeps the CFG and gives every block a mask (<W x i1>, the
// lanes that are there), in the style of GPU execution masks:
//
//   * uniform branches stay as they are: all active lanes go the same way and
//     the mask follows them unchanged;
//   * a divergent branch is an if-then (StructurizeCFG's form): the lanes for
//     the then-side get mask & cond, and the branch becomes
//     `br any(mask & cond), then, join`, so a side no lane takes is skipped
//     and one some lanes take runs for all of them under its mask. At the
//     join every lane is back (the join's mask is the branch block's), and
//     its phis become blends: each lane takes the value of the edge it came
//     along (edge masks and values carried to the join with SSAUpdater);
//   * a divergent loop (its latch's exit test differs between lanes) keeps a
//     mask phi in its header: lanes that exit are dropped from it, and the
//     latch branches back while any lane is left. Values used after the loop
//     are tracked per lane: each lane keeps the value from the iteration in
//     which it left.
//
// Masks are only created where they differ from the entry mask, which is all
// lanes unless the kernel is predicated (barriers: lanes past the local size
// stay off all along).
//
//===----------------------------------------------------------------------===//
#include "KernelVectorizer.h"
#include "WorkItemMarkers.h"

#include "llvm/Analysis/LoopInfo.h"
#include "llvm/Analysis/PostDominators.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/SSAUpdater.h"

using namespace llvm;

namespace sporkle::vectorizer {

namespace {
bool isBarrier(const Instruction &I) {
  auto *Call = dyn_cast<CallInst>(&I);
  return Call && Call->getCalledFunction() && Call->getCalledFunction()->getName() == BarrierBuiltinName;
}

/// The loop \p L's exit block when \p L has the shape divergent loops need.
BasicBlock *singleLatchExit(const Loop &L) {
  BasicBlock *Latch = L.getLoopLatch();
  BasicBlock *Exit = L.getUniqueExitBlock();
  if (!Latch || !Exit || !L.getLoopPreheader() || L.getExitingBlock() != Latch ||
      Exit->getSinglePredecessor() != Latch)
    return nullptr;
  auto *Br = dyn_cast<BranchInst>(Latch->getTerminator());
  return Br && Br->isConditional() ? Exit : nullptr;
}
} // namespace

std::optional<Refusal> KernelVectorizer::checkControlFlow() {
  for (Loop *L : LI.getLoopsInPreorder()) {
    if (!Shapes.isDivergentLoop(L))
      continue;
    if (!singleLatchExit(*L))
      return Refusal{"a loop whose work-items leave it at different iterations has more than one exit "
                     "after structurization",
                     L->getHeader()->getTerminator()};
  }
  // Blocks under a divergent branch or in a divergent loop: no barrier there.
  SmallPtrSet<const BasicBlock *, 16> UnderMask;
  for (BasicBlock &BB : F) {
    if (!Shapes.isDivergentBranch(&BB))
      continue;
    Loop *L = LI.getLoopFor(&BB);
    if (L && L->getLoopLatch() == &BB && Shapes.isDivergentLoop(L)) {
      for (BasicBlock *InLoop : L->blocks())
        UnderMask.insert(InLoop);
      continue;
    }
    auto *Br = dyn_cast<BranchInst>(BB.getTerminator());
    if (!Br || !Br->isConditional())
      return Refusal{"a switch or indirect branch whose work-items go different ways", BB.getTerminator()};
    if (L && L->isLoopExiting(&BB))
      return Refusal{"a loop exit that work-items take at different iterations, away from the loop's latch",
                     Br};
    DomTreeNode *PostDom = PDT.getNode(&BB) ? PDT.getNode(&BB)->getIDom() : nullptr;
    BasicBlock *Join = PostDom ? PostDom->getBlock() : nullptr;
    BasicBlock *Then = Br->getSuccessor(0) == Join ? Br->getSuccessor(1) : Br->getSuccessor(0);
    if (!Join || (Br->getSuccessor(0) != Join && Br->getSuccessor(1) != Join) || Then == Join ||
        Then->getSinglePredecessor() != &BB || LI.isLoopHeader(Join))
      return Refusal{"a divergent branch that is not an if-then after structurization", Br};
    for (BasicBlock &Other : F)
      if (DT.dominates(Then, &Other))
        UnderMask.insert(&Other);
  }
  for (const BasicBlock *BB : UnderMask)
    for (const Instruction &I : *BB)
      if (isBarrier(I))
        return Refusal{"a barrier in control flow that work-items may not all take", &I};
  return std::nullopt;
}

bool KernelVectorizer::isAllLanes(Value *Mask) const {
  auto *C = dyn_cast<Constant>(Mask);
  return C && C->isAllOnesValue();
}

Value *KernelVectorizer::anyLane(IRBuilder<> &B, Value *Mask) {
  if (isAllLanes(Mask))
    return B.getTrue();
  return B.CreateOrReduce(Mask);
}

void KernelVectorizer::createEntryMask() {
  auto *MaskTy = FixedVectorType::get(Type::getInt1Ty(Ctx), W);
  if (!Predicated) {
    EntryMask = Constant::getAllOnesValue(MaskTy);
    return;
  }
  // Lane i runs work-item x0 + i, which exists while x0 + i < local size x.
  CallInst *LocalSize = nullptr;
  for (Instruction &I : F.getEntryBlock())
    if (auto *Call = dyn_cast<CallInst>(&I))
      if (Call->getCalledFunction() && Call->getCalledFunction()->getName() == LocalSizeMarkerName)
        LocalSize = Call;
  IRBuilder<> B(LocalSize ? LocalSize->getNextNode() : &*F.getEntryBlock().getFirstInsertionPt());
  Value *X0 = B.CreateCall(getOrCreateLocalIdMarker(M), {B.getInt32(0)}, "lane0.x");
  Value *SizeX = LocalSize ? LocalSize->getArgOperand(0) : ConstantInt::get(X0->getType(), W);
  SmallVector<Constant *, 16> Steps;
  for (unsigned Lane = 0; Lane < W; ++Lane)
    Steps.push_back(ConstantInt::get(X0->getType(), Lane));
  Value *LaneX = B.CreateAdd(B.CreateVectorSplat(W, X0), ConstantVector::get(Steps), "lane.x");
  EntryMask = B.CreateICmpULT(LaneX, B.CreateVectorSplat(W, SizeX), "lanes.in.group");
}

void KernelVectorizer::enterBlock(BasicBlock *BB) {
  if (BlockMask.contains(BB))
    return; // the then-side of a divergent branch: set by the branch
  if (BB == &F.getEntryBlock()) {
    BlockMask[BB] = EntryMask;
    return;
  }
  Loop *L = LI.getLoopFor(BB);
  if (L && L->getHeader() == BB && Shapes.isDivergentLoop(L)) {
    BasicBlock *Preheader = L->getLoopPreheader();
    IRBuilder<> B(BB, BB->begin());
    PHINode *Phi = B.CreatePHI(EntryMask->getType(), 2, BB->getName() + ".active");
    Phi->addIncoming(edgeMask(Preheader, BB), Preheader);
    LoopMaskPhi[L] = Phi;
    BlockMask[BB] = Phi;
    return;
  }
  // A loop's exit: every lane that entered the loop is back.
  if (BasicBlock *Pred = BB->getSinglePredecessor()) {
    Loop *Exited = LI.getLoopFor(Pred);
    if (Exited && !Exited->contains(BB)) {
      while (Exited->getParentLoop() && !Exited->getParentLoop()->contains(BB))
        Exited = Exited->getParentLoop();
      if (BasicBlock *Preheader = Exited->getLoopPreheader()) {
        BlockMask[BB] = BlockMask.lookup(Preheader);
        return;
      }
    }
  }
  BlockMask[BB] = BlockMask.lookup(DT.getNode(BB)->getIDom()->getBlock());
}

Value *KernelVectorizer::edgeMask(BasicBlock *From, BasicBlock *To) {
  if (Value *Known = EdgeMasks.lookup({From, To}))
    return Known;
  Value *Mask = BlockMask.lookup(From);
  Instruction *Term = From->getTerminator();
  IRBuilder<> B(Term);
  Value *Zero = Constant::getNullValue(Mask->getType());
  Value *Taken = nullptr; // scalar: whether the uniform terminator goes to To
  if (auto *Br = dyn_cast<BranchInst>(Term); Br && Br->isConditional() && Br->getSuccessor(0) != Br->getSuccessor(1))
    Taken = Br->getSuccessor(0) == To ? Br->getCondition() : B.CreateNot(Br->getCondition());
  else if (auto *Switch = dyn_cast<SwitchInst>(Term)) {
    Value *Any = B.getFalse(), *AnyCase = B.getFalse();
    for (auto &Case : Switch->cases()) {
      Value *Is = B.CreateICmpEQ(Switch->getCondition(), Case.getCaseValue());
      AnyCase = B.CreateOr(AnyCase, Is);
      if (Case.getCaseSuccessor() == To)
        Any = B.CreateOr(Any, Is);
    }
    if (Switch->getDefaultDest() == To)
      Any = B.CreateOr(Any, B.CreateNot(AnyCase));
    Taken = Any;
  }
  Value *Result = Taken ? B.CreateSelect(Taken, Mask, Zero, From->getName() + ".to." + To->getName()) : Mask;
  EdgeMasks[{From, To}] = Result;
  return Result;
}

void KernelVectorizer::lowerTerminator(BasicBlock *BB) {
  if (!Shapes.isDivergentBranch(BB))
    return;
  auto *Br = cast<BranchInst>(BB->getTerminator());
  Value *Mask = BlockMask.lookup(BB);
  IRBuilder<> B(Br);
  Value *Cond = vectorOf(Br->getCondition());
  Value *OnTrue = B.CreateAnd(Mask, Cond, BB->getName() + ".true.lanes");
  Value *OnFalse = B.CreateAnd(Mask, B.CreateNot(Cond), BB->getName() + ".false.lanes");
  BasicBlock *TrueBB = Br->getSuccessor(0), *FalseBB = Br->getSuccessor(1);
  EdgeMasks[{BB, TrueBB}] = OnTrue;
  EdgeMasks[{BB, FalseBB}] = OnFalse;

  Loop *L = LI.getLoopFor(BB);
  if (L && L->getLoopLatch() == BB && Shapes.isDivergentLoop(L)) {
    // Go round again while any lane stays in the loop.
    BasicBlock *Header = L->getHeader();
    BasicBlock *Exit = TrueBB == Header ? FalseBB : TrueBB;
    Value *Stay = TrueBB == Header ? OnTrue : OnFalse;
    B.CreateCondBr(anyLane(B, Stay), Header, Exit);
    ++NumDivergentLoops;
  } else {
    BasicBlock *Join = PDT.getNode(BB)->getIDom()->getBlock();
    BasicBlock *Then = TrueBB == Join ? FalseBB : TrueBB;
    Value *ThenMask = TrueBB == Join ? OnFalse : OnTrue;
    BlockMask[Then] = ThenMask;
    B.CreateCondBr(anyLane(B, ThenMask), Then, Join);
    ++NumDivergentBranches;
  }
  Br->eraseFromParent();
}

Value *KernelVectorizer::blendJoinPhi(PHINode &Phi) {
  BasicBlock *Join = Phi.getParent();
  BasicBlock *Dom = DT.getNode(Join)->getIDom()->getBlock();
  Type *Ty = widenedType(Phi.getType());
  SmallVector<std::pair<Value *, Value *>, 4> Incoming; // (mask, value) as seen in the join
  SmallPtrSet<BasicBlock *, 4> Seen;
  for (unsigned K = 0; K < Phi.getNumIncomingValues(); ++K) {
    BasicBlock *From = Phi.getIncomingBlock(K);
    Value *In = Phi.getIncomingValue(K);
    if (!Seen.insert(From).second || isa<PoisonValue>(In))
      continue;
    Value *V = vectorOf(In);
    Value *Mask = edgeMask(From, Join);
    if (From != Dom) {
      // Carry the value and the mask of this edge to the join; on paths
      // that did not pass From, nobody came along the edge.
      SSAUpdater CarryValue, CarryMask;
      CarryValue.Initialize(Ty, Phi.getName());
      CarryValue.AddAvailableValue(Dom, PoisonValue::get(Ty));
      CarryValue.AddAvailableValue(From, V);
      CarryMask.Initialize(Mask->getType(), (From->getName() + ".joined").str());
      CarryMask.AddAvailableValue(Dom, Constant::getNullValue(Mask->getType()));
      CarryMask.AddAvailableValue(From, Mask);
      V = CarryValue.GetValueInMiddleOfBlock(Join);
      Mask = CarryMask.GetValueInMiddleOfBlock(Join);
    }
    Incoming.push_back({Mask, V});
  }
  if (Incoming.empty())
    return PoisonValue::get(Ty);
  IRBuilder<> B(Join, Join->getFirstInsertionPt());
  Value *Result = Incoming.back().second;
  for (auto It = std::next(Incoming.rbegin()); It != Incoming.rend(); ++It)
    Result = B.CreateSelect(elementMask(It->first, Phi.getType(), B), It->second, Result, Phi.getName() + ".blend");
  return Result;
}

Value *KernelVectorizer::liveOutOfDivergentLoop(PHINode &Phi) {
  BasicBlock *Latch = Phi.getIncomingBlock(0);
  Loop *L = LI.getLoopFor(Latch);
  while (L->getLoopLatch() != Latch)
    L = L->getParentLoop();
  Type *Ty = widenedType(Phi.getType());
  BasicBlock *Header = L->getHeader();
  // The value each lane had in the iteration it left in.
  IRBuilder<> HB(Header, Header->begin());
  PHINode *Kept = HB.CreatePHI(Ty, 2, Phi.getName() + ".kept");
  IRBuilder<> LB(Latch->getTerminator());
  Value *Leaving = edgeMask(Latch, Phi.getParent());
  Value *Next = LB.CreateSelect(elementMask(Leaving, Phi.getType(), LB), vectorOf(Phi.getIncomingValue(0)), Kept,
                                Phi.getName() + ".kept.next");
  Kept->addIncoming(PoisonValue::get(Ty), L->getLoopPreheader());
  Kept->addIncoming(Next, Latch);
  return Next;
}

void KernelVectorizer::finishControlFlow() {
  for (auto &[L, Phi] : LoopMaskPhi)
    Phi->addIncoming(edgeMask(L->getLoopLatch(), L->getHeader()), L->getLoopLatch());
}

} // namespace sporkle::vectorizer
