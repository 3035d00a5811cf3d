//===- VectorShapes.cpp - uniform / linear / varying analysis -------------===//
//
// A forward data-flow fixpoint over the instructions in reverse post-order:
// every value starts uniform and only ever moves up the lattice
// uniform < linear(stride) < varying, so the iteration terminates. Divergent
// branches feed back into it through the join phis, hence the outer loop.
// See VectorShapes.h for the rules.
//
//===----------------------------------------------------------------------===//
#include "VectorShapes.h"
#include "WorkItemMarkers.h"

#include "llvm/ADT/PostOrderIterator.h"
#include "llvm/Analysis/LoopInfo.h"
#include "llvm/Analysis/PostDominators.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/GetElementPtrTypeIterator.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Operator.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace sporkle::vectorizer {

LaneShape LaneShape::join(LaneShape A, LaneShape B) {
  if (A == B)
    return A;
  return varying();
}

bool runsPerLane(const Instruction &I) {
  if (isa<AtomicRMWInst>(I) || isa<AtomicCmpXchgInst>(I))
    return true;
  if (auto *LI = dyn_cast<LoadInst>(&I))
    return LI->isVolatile() || LI->isAtomic();
  if (auto *SI = dyn_cast<StoreInst>(&I))
    return SI->isVolatile() || SI->isAtomic();
  if (auto *Call = dyn_cast<CallBase>(&I)) {
    Function *Callee = Call->getCalledFunction();
    if (Callee && (Callee->getName() == LocalIdMarkerName || Callee->getName() == LocalSizeMarkerName ||
                   Callee->getName() == BarrierBuiltinName))
      return false;
    if (auto *II = dyn_cast<IntrinsicInst>(Call))
      if (II->isAssumeLikeIntrinsic() || II->isLifetimeStartOrEnd())
        return false;
    return !Call->doesNotAccessMemory() || !Call->willReturn();
  }
  return false;
}

VectorShapes::VectorShapes(Function &F, const DominatorTree &DT, const PostDominatorTree &PDT,
                           const LoopInfo &LI)
    : F(F), DT(DT), PDT(PDT), LI(LI) {
  ReversePostOrderTraversal<Function *> RPOT(&F);
  // Each round recomputes every instruction from its operands' shapes; a
  // round that changes nothing ends the fixpoint. Shapes only rise, so the
  // number of rounds is bounded by the lattice height times the values.
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (BasicBlock *BB : RPOT) {
      for (Instruction &I : *BB) {
        LaneShape Old = shape(&I), New = compute(I);
        // Never move down: a value once linear or varying stays so.
        if (Shapes.contains(&I) && (New.K < Old.K || (New.isLinear() && Old.isLinear())))
          New = New == Old ? Old : Old.isLinear() && New.isLinear() ? LaneShape::varying() : Old;
        if (!Shapes.contains(&I) || New != Old) {
          Changed |= New != Old;
          Shapes[&I] = New;
        }
      }
      const Instruction *Term = BB->getTerminator();
      bool Divergent = false;
      if (auto *Br = dyn_cast<BranchInst>(Term); Br && Br->isConditional())
        Divergent = !isUniform(Br->getCondition());
      else if (auto *Switch = dyn_cast<SwitchInst>(Term))
        Divergent = !isUniform(Switch->getCondition());
      else if (isa<IndirectBrInst>(Term))
        Divergent = !isUniform(Term->getOperand(0));
      if (Divergent && DivergentBranches.insert(BB).second)
        Changed = true;
    }
  }
}

LaneShape VectorShapes::shape(const Value *V) const {
  if (isa<Constant>(V) || isa<Argument>(V) || isa<BasicBlock>(V) || isa<MetadataAsValue>(V))
    return LaneShape::uniform();
  auto It = Shapes.find(V);
  return It == Shapes.end() ? LaneShape::uniform() : It->second;
}

bool VectorShapes::isDivergentLoop(const Loop *L) const {
  SmallVector<BasicBlock *, 4> Exiting;
  L->getExitingBlocks(Exiting);
  return any_of(Exiting, [&](BasicBlock *BB) { return isDivergentBranch(BB); });
}

bool VectorShapes::isDivergentJoin(const BasicBlock *Join) const {
  for (const BasicBlock *Branch : DivergentBranches) {
    const DomTreeNode *Node = PDT.getNode(Branch);
    if (Node && Node->getIDom() && Node->getIDom()->getBlock() == Join)
      return true;
  }
  return false;
}

bool VectorShapes::isConsecutiveAccess(const Value *Ptr, Type *AccessTy) const {
  LaneShape S = shape(Ptr);
  return S.isLinear() &&
         S.Stride == static_cast<int64_t>(F.getDataLayout().getTypeAllocSize(AccessTy).getFixedValue()) &&
         F.getDataLayout().getTypeAllocSize(AccessTy) == F.getDataLayout().getTypeStoreSize(AccessTy);
}

static bool isLocalIdMarkerCall(const Instruction &I) {
  auto *Call = dyn_cast<CallInst>(&I);
  return Call && Call->getCalledFunction() && Call->getCalledFunction()->getName() == LocalIdMarkerName;
}

LaneShape VectorShapes::compute(const Instruction &I) const {
  const DataLayout &DL = F.getDataLayout();
  auto AllUniform = [&] {
    return all_of(I.operands(), [&](const Use &U) { return isUniform(U.get()); });
  };
  auto UniformOrVarying = [&] { return AllUniform() ? LaneShape::uniform() : LaneShape::varying(); };

  if (isLocalIdMarkerCall(I)) {
    auto *Dim = dyn_cast<ConstantInt>(cast<CallInst>(I).getArgOperand(0));
    return Dim && Dim->isZero() ? LaneShape::linear(1) : LaneShape::uniform();
  }
  if (runsPerLane(I))
    return LaneShape::varying();
  if (auto *II = dyn_cast<IntrinsicInst>(&I); II && (II->isAssumeLikeIntrinsic() || II->isLifetimeStartOrEnd()))
    return LaneShape::uniform(); // no value, no effect on other lanes
  if (auto *AI = dyn_cast<AllocaInst>(&I)) {
    // Each lane has its own copy; the vectorizer lays them out side by side.
    std::optional<TypeSize> Size = AI->getAllocationSize(DL);
    return Size && !Size->isScalable() ? LaneShape::linear(Size->getFixedValue()) : LaneShape::varying();
  }
  if (auto *Load = dyn_cast<LoadInst>(&I))
    return isUniform(Load->getPointerOperand()) ? LaneShape::uniform() : LaneShape::varying();
  if (auto *Phi = dyn_cast<PHINode>(&I)) {
    if (isDivergentJoin(Phi->getParent()))
      return LaneShape::varying();
    std::optional<LaneShape> Result;
    for (const Value *In : Phi->incoming_values()) {
      // Poison matches any shape; a self-reference adds nothing; a value not
      // reached yet (a loop's back edge in the first round) is no information.
      if (isa<UndefValue>(In) || In == Phi || (isa<Instruction>(In) && !Shapes.contains(In)))
        continue;
      Result = Result ? LaneShape::join(*Result, shape(In)) : shape(In);
    }
    return Result.value_or(LaneShape::uniform());
  }
  if (I.getType()->isVectorTy() && !AllUniform())
    return LaneShape::varying(); // short vectors: no linear form

  if (auto *BO = dyn_cast<BinaryOperator>(&I)) {
    LaneShape A = shape(BO->getOperand(0)), B = shape(BO->getOperand(1));
    if (A.isUniform() && B.isUniform())
      return LaneShape::uniform();
    if (A.isVarying() || B.isVarying() || !BO->getType()->isIntegerTy())
      return LaneShape::varying();
    auto *C = dyn_cast<ConstantInt>(BO->getOperand(1));
    switch (BO->getOpcode()) {
    case Instruction::Add:
      return LaneShape::linear(A.Stride + B.Stride);
    case Instruction::Sub:
      return LaneShape::linear(A.Stride - B.Stride);
    case Instruction::Or:
      if (cast<PossiblyDisjointInst>(BO)->isDisjoint())
        return LaneShape::linear(A.Stride + B.Stride);
      return LaneShape::varying();
    case Instruction::Mul: {
      auto *C0 = dyn_cast<ConstantInt>(BO->getOperand(0));
      if (C && C->getBitWidth() <= 64)
        return LaneShape::linear(A.Stride * C->getSExtValue());
      if (C0 && C0->getBitWidth() <= 64)
        return LaneShape::linear(B.Stride * C0->getSExtValue());
      return LaneShape::varying();
    }
    case Instruction::Shl:
      if (C && C->getZExtValue() < 62)
        return LaneShape::linear(A.Stride * (int64_t(1) << C->getZExtValue()));
      return LaneShape::varying();
    default:
      return LaneShape::varying();
    }
  }
  if (auto *Cast = dyn_cast<CastInst>(&I)) {
    LaneShape S = shape(Cast->getOperand(0));
    if (!S.isLinear())
      return S;
    switch (Cast->getOpcode()) {
    case Instruction::Trunc:
    case Instruction::ZExt:
    case Instruction::SExt:
    case Instruction::PtrToInt:
    case Instruction::IntToPtr:
    case Instruction::BitCast:
    case Instruction::AddrSpaceCast:
      return S;
    default:
      return LaneShape::varying();
    }
  }
  if (auto *GEP = dyn_cast<GetElementPtrInst>(&I)) {
    LaneShape Base = shape(GEP->getPointerOperand());
    if (Base.isVarying())
      return Base;
    int64_t Stride = Base.Stride;
    for (gep_type_iterator GTI = gep_type_begin(GEP), E = gep_type_end(GEP); GTI != E; ++GTI) {
      LaneShape Index = shape(GTI.getOperand());
      if (Index.isUniform())
        continue;
      if (Index.isVarying() || GTI.isStruct() || GTI.getIndexedType()->isScalableTy())
        return LaneShape::varying();
      Stride += Index.Stride * static_cast<int64_t>(GTI.getSequentialElementStride(DL).getFixedValue());
    }
    return LaneShape::linear(Stride);
  }
  if (auto *Select = dyn_cast<SelectInst>(&I)) {
    if (!isUniform(Select->getCondition()))
      return LaneShape::varying();
    return LaneShape::join(shape(Select->getTrueValue()), shape(Select->getFalseValue()));
  }
  if (auto *Freeze = dyn_cast<FreezeInst>(&I))
    return shape(Freeze->getOperand(0));
  return UniformOrVarying();
}

void VectorShapes::print(raw_ostream &OS) const {
  auto Describe = [](LaneShape S) -> std::string {
    switch (S.K) {
    case LaneShape::Uniform:
      return "uniform";
    case LaneShape::Linear:
      return "linear(" + std::to_string(S.Stride) + ")";
    case LaneShape::Varying:
      return "varying";
    }
    return "";
  };
  OS << "vector shapes of '" << F.getName() << "':\n";
  for (BasicBlock &BB : F) {
    OS << BB.getName() << ":";
    if (isDivergentBranch(&BB))
      OS << " divergent branch";
    if (const Loop *L = LI.getLoopFor(&BB); L && L->getHeader() == &BB)
      OS << (isDivergentLoop(L) ? " divergent loop" : " uniform loop");
    OS << "\n";
    for (Instruction &I : BB) {
      if (I.getType()->isVoidTy() && !isa<StoreInst>(I) && !isa<CallBase>(I))
        continue;
      std::string What = Describe(shape(&I));
      if (auto *Store = dyn_cast<StoreInst>(&I))
        What = isUniform(Store->getPointerOperand()) && isUniform(Store->getValueOperand()) ? "uniform"
               : isConsecutiveAccess(Store->getPointerOperand(), Store->getValueOperand()->getType())
                   ? "consecutive"
                   : "scatter";
      OS << "  " << What << ":";
      I.print(OS);
      OS << "\n";
    }
  }
}

PreservedAnalyses PrintVectorShapesPass::run(Function &F, FunctionAnalysisManager &AM) {
  bool HasMarker = any_of(instructions(F), [](Instruction &I) { return isLocalIdMarkerCall(I); });
  if (F.isDeclaration() || (!isWorkGroupFunction(F) && !HasMarker))
    return PreservedAnalyses::all();
  VectorShapes Shapes(F, AM.getResult<DominatorTreeAnalysis>(F), AM.getResult<PostDominatorTreeAnalysis>(F),
                      AM.getResult<LoopAnalysis>(F));
  Shapes.print(OS);
  return PreservedAnalyses::all();
}

} // namespace sporkle::vectorizer
