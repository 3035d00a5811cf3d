//===- StructuredControlFlow.cpp - CFG shapes SPIR-V's rules accept -------===//
//
// Vulkan SPIR-V needs structured control flow: every conditional branch is a
// selection or loop header naming its merge block, every loop names its
// continue target, and no block merges two constructs. This brings a kernel
// into that shape with LLVM's own passes (passes/StructurizePasses.h: after
// them every conditional branch is an if-then or a loop's exit test at the
// latch) and then two small fixes of its own:
//   * a loop header holds only its phis and an unconditional branch into the
//     body, so the OpLoopMerge it carries is never next to a selection's
//     merge (a header that branches on a condition, valid SPIR-V, made
//     lavapipe's pipeline creation fail with VK_ERROR_UNKNOWN), and a
//     loop's latch only its back-edge branch (its continue construct), so
//     that what the body's if-thens merge into is inside the loop;
//   * a block that would merge two constructs (nested if-thens StructurizeCFG
//     joined at one block, or an if-then ending at a loop's exit) is split, so
//     that the innermost construct gets a merge block of its own.
// The result is summarized in StructuredRegions for the emitter.
//
//===----------------------------------------------------------------------===//
#include "VulkanTarget.h"

#include "AnalysisManagers.h"
#include "StructurizePasses.h"

#include "llvm/Analysis/LoopInfo.h"
#include "llvm/Analysis/PostDominators.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/Instructions.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"

using namespace llvm;

namespace sporkle::vulkan {

static void runStructurizer(Function &F) {
  PassBuilder PB;
  AnalysisManagers AM(PB);
  FunctionPassManager FPM;
  addStructurizePasses(FPM);
  FPM.run(F, AM.FAM);
}

StructuredRegions structureControlFlow(Function &F) {
  runStructurizer(F);

  // Loop headers: phis, then straight into the body. Latches: the back-edge
  // branch alone, entered from one block, so that constructs inside the loop
  // merge in the loop, not in its continue construct.
  {
    DominatorTree DT(F);
    LoopInfo LI(DT);
    for (Loop *L : LI.getLoopsInPreorder()) {
      BasicBlock *Header = L->getHeader();
      auto *Entry = dyn_cast<BranchInst>(Header->getTerminator());
      if (!Entry || Entry->isConditional() || Entry != &*Header->getFirstNonPHIIt())
        SplitBlock(Header, Header->getFirstNonPHIIt(), &DT, &LI, nullptr, Header->getName() + ".body");
      BasicBlock *Latch = L->getLoopLatch();
      if (Latch && (Latch->size() > 1 || !Latch->getSinglePredecessor()))
        SplitBlock(Latch, Latch->getTerminator(), &DT, &LI, nullptr, Latch->getName() + ".continue");
    }
  }

  DominatorTree DT(F);
  PostDominatorTree PDT(F);
  LoopInfo LI(DT);
  StructuredRegions Regions;
  SmallPtrSet<BasicBlock *, 16> Claimed;
  auto Claim = [&](BasicBlock *Header, BasicBlock *Merge) -> BasicBlock * {
    if (Claimed.insert(Merge).second)
      return Merge;
    // Merge already belongs to another (enclosing) construct: give this one
    // a block of its own in front of it, entered from this construct only.
    SmallVector<BasicBlock *, 4> Inner;
    for (BasicBlock *Pred : predecessors(Merge))
      if (DT.dominates(Header, Pred))
        Inner.push_back(Pred);
    BasicBlock *Own = SplitBlockPredecessors(Merge, Inner, ".merge", &DT, &LI);
    Claimed.insert(Own);
    return Own;
  };

  // Innermost constructs first (post-order of the dominator tree), so that the
  // outer construct keeps the original block and inner ones get new ones.
  SmallVector<BasicBlock *, 32> PostOrder;
  for (DomTreeNode *Node : post_order(DT.getRootNode()))
    PostOrder.push_back(Node->getBlock());
  for (BasicBlock *BB : PostOrder) {
    if (Loop *L = LI.getLoopFor(BB); L && L->getHeader() == BB) {
      BasicBlock *Exit = L->getUniqueExitBlock();
      BasicBlock *Latch = L->getLoopLatch();
      if (!Exit || !Latch) {
        Regions.Error = "a loop with several exits or back edges after structurization";
        return Regions;
      }
      Regions.Loops[BB] = {Claim(BB, Exit), Latch};
      continue;
    }
    auto *Br = dyn_cast<BranchInst>(BB->getTerminator());
    if (!Br || !Br->isConditional())
      continue;
    Loop *L = LI.getLoopFor(BB);
    if (L && L->getLoopLatch() == BB)
      continue; // the back-edge block: its loop's merge and continue cover it
    DomTreeNode *PostDom = PDT.getNode(BB)->getIDom();
    if (!PostDom || !PostDom->getBlock()) {
      Regions.Error = "a branch whose paths never meet again";
      return Regions;
    }
    Regions.Selections[BB] = Claim(BB, PostDom->getBlock());
  }
  return Regions;
}

} // namespace sporkle::vulkan
