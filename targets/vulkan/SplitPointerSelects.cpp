//===- SplitPointerSelects.cpp - one memory space per SPIR-V pointer ------===//
//
// SPIR-V gives every pointer one storage class, and the emitter gives each
// of sporkle's memories its own form: the argument block is a word offset
// into push constants, each private array a Function variable, global
// memory a 64-bit address. InstCombine, though, turns `c ? a.x : g[i]`
// (a kernel argument or a global element) into one load through
// `select c, &a.x, &g[i]`, and `c ? p[k] : q[k]` over two private arrays
// into a load through a select of the two arrays: pointers the emitter
// cannot express. This undoes that for loads and stores whose address is
// such a select (through GEPs): each side gets its own access in its own
// branch, and a phi joins loaded values. Branches rather than two loads and
// a select, so that the side not taken is never touched, as in the source.
// A phi of two such pointers becomes such a select first. Selects whose
// sides live in the same memory are left alone. emitSpirv runs
// it last, after the clean-up pipeline: InstCombine would fold the two
// loads back into one.
//
//===----------------------------------------------------------------------===//
#include "VulkanTarget.h"

#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"
#include "llvm/Transforms/Utils/Local.h"

using namespace llvm;

namespace sporkle::vulkan {

namespace {

/// Which of the emitter's memories \p Ptr points into: the object itself for
/// kernel arguments and private arrays (each its own), else the address
/// space of the object the pointer derives from (a generic pointer cast
/// from local memory is local). Null fits every memory.
const void *memoryOf(Value *Ptr) {
  const Value *Root = getUnderlyingObject(Ptr);
  // A phi with one value and poison otherwise (selectsForPointerPhis makes
  // them) points where that value does.
  if (auto *Phi = dyn_cast<PHINode>(Root)) {
    Value *Only = nullptr;
    unsigned Values = 0;
    for (Value *In : Phi->incoming_values())
      if (!isa<PoisonValue>(In) && In != Only)
        Only = In, ++Values;
    if (Values == 1)
      return memoryOf(Only);
  }
  if (isa<ConstantPointerNull>(Root))
    return nullptr;
  if (isa<Argument>(Root) || isa<AllocaInst>(Root))
    return Root;
  return reinterpret_cast<const void *>(uintptr_t(Root->getType()->getPointerAddressSpace() + 1));
}

/// The select at the root of \p Ptr (through GEPs) whose sides point into
/// different memories, and the GEPs from it to \p Ptr (outermost last).
SelectInst *mixedSelect(Value *Ptr, SmallVectorImpl<GetElementPtrInst *> &Path) {
  while (auto *GEP = dyn_cast<GetElementPtrInst>(Ptr)) {
    Path.push_back(GEP);
    Ptr = GEP->getPointerOperand();
  }
  std::reverse(Path.begin(), Path.end());
  auto *Sel = dyn_cast<SelectInst>(Ptr);
  if (!Sel || !Sel->getType()->isPointerTy())
    return nullptr;
  const void *True = memoryOf(Sel->getTrueValue()), *False = memoryOf(Sel->getFalseValue());
  return True && False && True != False ? Sel : nullptr;
}

/// \p Path rebuilt on \p Base before \p Before.
Value *rebase(Value *Base, ArrayRef<GetElementPtrInst *> Path, Instruction *Before) {
  for (GetElementPtrInst *GEP : Path) {
    auto *Copy = cast<GetElementPtrInst>(GEP->clone());
    Copy->setOperand(0, Base);
    Copy->insertBefore(Before->getIterator());
    Base = Copy;
  }
  return Base;
}

bool split(Instruction &Access) {
  Value *Ptr = isa<LoadInst>(Access) ? cast<LoadInst>(Access).getPointerOperand()
                                     : cast<StoreInst>(Access).getPointerOperand();
  SmallVector<GetElementPtrInst *, 4> Path;
  SelectInst *Sel = mixedSelect(Ptr, Path);
  if (!Sel)
    return false;
  Instruction *ThenTerm = nullptr, *ElseTerm = nullptr;
  SplitBlockAndInsertIfThenElse(Sel->getCondition(), Access.getIterator(), &ThenTerm, &ElseTerm);
  Instruction *OnTrue = Access.clone(), *OnFalse = Access.clone();
  OnTrue->insertBefore(ThenTerm->getIterator());
  OnFalse->insertBefore(ElseTerm->getIterator());
  unsigned PtrIndex = isa<LoadInst>(Access) ? LoadInst::getPointerOperandIndex() : StoreInst::getPointerOperandIndex();
  OnTrue->setOperand(PtrIndex, rebase(Sel->getTrueValue(), Path, OnTrue));
  OnFalse->setOperand(PtrIndex, rebase(Sel->getFalseValue(), Path, OnFalse));
  if (isa<LoadInst>(Access)) {
    PHINode *Joined = PHINode::Create(Access.getType(), 2, "", Access.getIterator());
    Joined->addIncoming(OnTrue, OnTrue->getParent());
    Joined->addIncoming(OnFalse, OnFalse->getParent());
    Joined->takeName(&Access);
    Access.replaceAllUsesWith(Joined);
  }
  Access.eraseFromParent();
  RecursivelyDeleteTriviallyDeadInstructions(Ptr); // the select, unless used elsewhere
  return true;
}

} // namespace

/// A phi of two pointers into different memories (`c ? lm[i] : g[j]` after
/// SimplifyCFG made branches of it) as a select on which way the block was
/// entered, for split() to take apart: which = phi i1 [true, A], [false, B],
/// each pointer through its own phi (poison from the other side), then
/// select which, pa, pb. Loop headers' phis (carried pointers) stay.
bool selectsForPointerPhis(Function &F) {
  DominatorTree DT(F);
  SmallVector<PHINode *, 4> Mixed;
  for (BasicBlock &BB : F)
    for (PHINode &Phi : BB.phis()) {
      if (!Phi.getType()->isPointerTy() || Phi.getNumIncomingValues() != 2 ||
          DT.dominates(&BB, Phi.getIncomingBlock(0)) || DT.dominates(&BB, Phi.getIncomingBlock(1)))
        continue;
      const void *A = memoryOf(Phi.getIncomingValue(0)), *B = memoryOf(Phi.getIncomingValue(1));
      if (A && B && A != B)
        Mixed.push_back(&Phi);
    }
  for (PHINode *Phi : Mixed) {
    BasicBlock *From[2] = {Phi->getIncomingBlock(0), Phi->getIncomingBlock(1)};
    auto *Which = PHINode::Create(Type::getInt1Ty(F.getContext()), 2, "which", Phi->getIterator());
    Which->addIncoming(ConstantInt::getTrue(F.getContext()), From[0]);
    Which->addIncoming(ConstantInt::getFalse(F.getContext()), From[1]);
    Value *Side[2];
    for (unsigned I = 0; I < 2; ++I) {
      auto *One = PHINode::Create(Phi->getType(), 2, Phi->getName() + ".side", Phi->getIterator());
      for (unsigned J = 0; J < 2; ++J)
        One->addIncoming(I == J ? Phi->getIncomingValue(J) : PoisonValue::get(Phi->getType()), From[J]);
      Side[I] = One;
    }
    auto *Sel = SelectInst::Create(Which, Side[0], Side[1], "", Phi->getParent()->getFirstInsertionPt());
    Sel->takeName(Phi);
    Phi->replaceAllUsesWith(Sel);
    Phi->eraseFromParent();
  }
  return !Mixed.empty();
}

bool splitPointerSelects(Function &F) {
  bool PhisChanged = selectsForPointerPhis(F);
  SmallVector<Instruction *, 8> Accesses;
  for (Instruction &I : instructions(F))
    if (isa<LoadInst>(I) || isa<StoreInst>(I))
      Accesses.push_back(&I);
  bool Changed = PhisChanged;
  for (Instruction *I : Accesses)
    Changed |= split(*I);
  return Changed;
}

PreservedAnalyses SplitPointerSelectsPass::run(Function &F, FunctionAnalysisManager &) {
  return splitPointerSelects(F) ? PreservedAnalyses::none() : PreservedAnalyses::all();
}

} // namespace sporkle::vulkan
