//===- WorkItemLoops.cpp - run every work-item of a group in one call ------===//
//
// Input: work-group functions (WorkItemMarkers.h) whose body is the code of
// one work-item: ids through @sporkle.wi.local_id, the local size through
// @sporkle.wg.local_size, barriers as __sporkle_barrier calls, everything
// inlined. Output: the same functions running all work-items of the group.
//
// Without barriers (the fast path) the body is wrapped in one loop nest over
// the local ids z/y/x, x (hardware dimension 0) innermost.
//
// With barriers the body is cut into *regions* (continuation-based
// synchronisation, as in Karrenberg & Hack, CC'12): a region is the
// barrier-free sub-CFG reachable from the entry or from the block after one
// barrier, up to the next barriers or the return. Blocks reachable from
// several barriers are cloned into each such region. Each region gets its own
// loop nest over all work-items; when the loops end, the group continues at
// the region after the barrier its work-items reached (SYCL requires every
// work-item to reach the same barrier, so the last one's choice is all
// work-items' choice). Barriers inside loops and uniform ifs therefore need
// nothing special: the choice of the next region is ordinary control flow.
//
// State that crosses a barrier is kept per work-item:
//   * SSA values live into a barrier (liveness over the CFG) get a slot array
//     indexed by the linear local id: stored after the definition, reloaded
//     at the start of each region that needs them (SSAUpdater merges the
//     reload with in-region definitions). Values computed only from kernel
//     arguments, invariant loads (the argument block, the context) and local
//     ids are recomputed instead of stored: the same for every work-item.
//   * private allocas (those SROA could not promote) get one copy per
//     work-item, in a dynamic alloca sized by the run-time local size (the
//     runtime gives worker threads >= 16 MiB stacks). Without barriers the
//     copies are per x position only: the y/z loops run sequentially.
//
// The x loop of every region carries llvm.loop.parallel_accesses, and every
// memory access in it the matching llvm.access.group: work-items between two
// barriers are unordered in SYCL, so LLVM's loop vectorizer may run them in
// SIMD lanes without proving independence: the baseline for kernels the
// whole-function vectorizer (which runs before this pass) leaves scalar.
//
// Vectorized kernels (vectorizer/Vectorizer.h): a vector body's x loop steps
// by its width W, its local-id marker naming the first of W work-items. A
// kernel with a vector twin runs the twin for the full steps (x < Lx - Lx%W)
// and its own scalar body for the remainder; a predicated vector body (one
// with barriers) covers all of x in ceil(Lx / W) steps, and its per-work-item
// slots are per step. Loops that are vector code already, or a remainder of
// fewer than W work-items, get llvm.loop.vectorize.width 1: LLVM's loop
// vectorizer may interleave them but not widen them again. So do the scalar
// loops of a kernel where one work-item writes memory that it may access
// again later: LLVM's interleaved-access groups move loads up and stores down
// past such accesses, trusting a dependence check that it skips for loops
// annotated parallel (seen: an interleaved store group sank the first of two
// stores to one local slot below the second, conditional, one).
//
// Refused with an error: barriers outside work-group functions (a call that
// was not inlined), dynamic allocas (VLAs), malformed markers.
//
//===----------------------------------------------------------------------===//
#include "SporkleDiagnostics.h"
#include "SporklePasses.h"
#include "WorkItemMarkers.h"
#include "vectorizer/Vectorizer.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/Analysis/AliasAnalysis.h"
#include "llvm/Analysis/LoopInfo.h"
#include "llvm/Analysis/MemoryLocation.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/Analysis/VectorUtils.h"
#include "llvm/IR/CFG.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/MDBuilder.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"
#include "llvm/Transforms/Utils/Cloning.h"
#include "llvm/Transforms/Utils/Local.h"
#include "llvm/Transforms/Utils/SSAUpdater.h"
#include "llvm/Transforms/Utils/ValueMapper.h"

using namespace llvm;

namespace sporkle {

namespace {

constexpr unsigned NumDims = 3;
constexpr unsigned ReturnTarget = ~0u; // a region exit that leaves the function

bool isBarrierCall(const Instruction &I) {
  auto *CB = dyn_cast<CallBase>(&I);
  Function *Callee = CB ? CB->getCalledFunction() : nullptr;
  return Callee && Callee->getName() == BarrierBuiltinName;
}

bool isLocalIdMarker(const Value *V) {
  auto *CB = dyn_cast<CallBase>(V);
  Function *Callee = CB ? CB->getCalledFunction() : nullptr;
  return Callee && Callee->getName() == LocalIdMarkerName;
}

struct Region {
  BasicBlock *Entry = nullptr;
  SmallVector<BasicBlock *, 16> Blocks;   // original blocks, in function order
  SmallVector<BasicBlock *, 4> ExitEdges; // distinct barrier blocks / the exit block it leaves to
  SmallVector<unsigned, 4> ExitTargets;   // region index per exit edge, or ReturnTarget
  // The loop nest built for it.
  BasicBlock *ZHeader = nullptr, *YHeader = nullptr, *XHeader = nullptr;
  BasicBlock *XLatch = nullptr, *YLatch = nullptr, *ZLatch = nullptr, *Done = nullptr;
  PHINode *LocalId[NumDims] = {};
  PHINode *ExitId = nullptr;
  Value *SlotIndex = nullptr;
  SmallVector<BasicBlock *, 16> Clones; // body blocks inside the x loop
};

/// Whether a work-item of \p F may write memory and access it again before
/// the next barrier (a store followed by a load or store that may alias it):
/// LLVM's loop vectorizer must not widen such an x loop (see the header).
/// Accesses inside the kernel's own loops compare by underlying object only,
/// since each runs many times per work-item.
bool writesMemoryItRevisits(Function &F, AAResults &AA, LoopInfo &LI) {
  constexpr unsigned MaxAccesses = 256; // beyond it, assume the worst
  auto IsAccess = [](const Instruction &I) {
    if (!I.mayReadOrWriteMemory() || isa<AssumeInst>(I) || I.isLifetimeStartOrEnd() || isLocalIdMarker(&I))
      return false;
    const auto *CB = dyn_cast<CallBase>(&I);
    return !CB || !CB->getCalledFunction() || CB->getCalledFunction()->getName() != LocalSizeMarkerName;
  };
  DenseMap<const Instruction *, std::optional<MemoryLocation>> Locations;
  for (Instruction &I : instructions(F)) {
    if (isBarrierCall(I) || !IsAccess(I))
      continue;
    std::optional<MemoryLocation> Loc = MemoryLocation::getOrNone(&I);
    if (Loc && LI.getLoopFor(I.getParent()))
      Loc = Loc->getWithNewSize(LocationSize::beforeOrAfterPointer());
    Locations[&I] = Loc;
  }
  if (Locations.size() > MaxAccesses)
    return true;
  for (const auto &[W, WrittenLoc] : Locations) {
    if (!W->mayWriteToMemory())
      continue;
    auto MayAlias = [&](const std::optional<MemoryLocation> &Loc) {
      return !WrittenLoc || !Loc || !AA.isNoAlias(*WrittenLoc, *Loc);
    };
    // Every access reachable from W before a barrier: from just after W,
    // then through successors (W's own block again if a loop leads back).
    SmallVector<std::pair<BasicBlock::const_iterator, const BasicBlock *>, 16> Work{
        {std::next(W->getIterator()), W->getParent()}};
    SmallPtrSet<const BasicBlock *, 16> Entered;
    while (!Work.empty()) {
      auto [It, BB] = Work.pop_back_val();
      bool Blocked = false;
      for (; It != BB->end() && !Blocked; ++It) {
        Blocked = isBarrierCall(*It);
        if (auto Access = Locations.find(&*It); !Blocked && Access != Locations.end() && MayAlias(Access->second))
          return true;
      }
      if (Blocked)
        continue;
      for (const BasicBlock *Succ : successors(BB))
        if (Entered.insert(Succ).second)
          Work.push_back({Succ->begin(), Succ});
    }
  }
  return false;
}

class WorkItemLoopsBuilder {
public:
  /// \p MayWiden: LLVM's loop vectorizer may widen scalar x loops.
  WorkItemLoopsBuilder(Function &F, bool MayWiden)
      : F(F), M(*F.getParent()), Ctx(F.getContext()), MayWiden(MayWiden) {}

  /// Returns false (after reporting) when the function cannot be handled.
  bool run();

private:
  bool readLocalSize();
  bool chooseXRange();
  bool collectRootsAndBarriers();
  void normaliseCFG();
  void computeCrossBarrierValues();
  bool isRecomputable(Value *V, unsigned Depth = 0) const;
  Value *recompute(Value *V, Region &R, IRBuilder<> &B, DenseMap<Value *, Value *> &Done);
  void formRegions();
  unsigned regionFor(BasicBlock *BarrierOrExit);
  void createSlots();
  void buildLoopNest(Region &R, unsigned Index);
  void cloneBody(Region &R, unsigned Index);
  bool hoistIntoEntry(Value *V);
  void repairCrossBarrierValues(Region &R);
  void wireDispatch(Region &R);
  void annotateParallelAccesses(Region &R);
  Value *rootValueInRegion(Value *Root, Region &R);

  Function &F;
  Module &M;
  LLVMContext &Ctx;
  bool MayWiden;
  Type *I64 = Type::getInt64Ty(Ctx);
  Type *I32 = Type::getInt32Ty(Ctx);

  Value *LocalSize[NumDims] = {};
  // The x loop: [XBegin, XEnd) in steps of XStep; XSlots slots per row.
  unsigned XStep = 1;
  Value *XBegin = nullptr, *XEnd = nullptr, *XSlots = nullptr;
  bool XMayBeEmpty = false;
  bool VectorCode = false;       // the x loop needs no more vectorizing
  Function *VectorTwin = nullptr; // runs the full vector steps first
  BasicBlock *WGEntry = nullptr;  // new entry: slots, local size
  BasicBlock *ExitBlock = nullptr; // the one `ret void` of the original body
  BasicBlock *ReturnBlock = nullptr;
  Value *NumSlots = nullptr;

  SmallVector<CallInst *, 8> Barriers;
  SmallPtrSet<BasicBlock *, 8> BarrierBlocks;
  SmallVector<CallInst *, 8> LocalIdMarkers;
  SmallVector<AllocaInst *, 8> PrivateAllocas;
  MapVector<AllocaInst *, AllocaInst *> AllocaSlots;

  // Values live into some barrier, stored per work-item...
  MapVector<Instruction *, AllocaInst *> ValueSlots;
  // ...or recomputed at each region entry that needs them.
  SetVector<Instruction *> Recomputed;
  // Blocks at whose start each cross-barrier value is live.
  DenseMap<Instruction *, SmallPtrSet<BasicBlock *, 8>> LiveInBlocks;

  SmallVector<BasicBlock *, 32> OriginalBlocks;
  std::vector<Region> Regions;
  DenseMap<BasicBlock *, unsigned> RegionOfEntry;
  // Per region being built: the clone of each cross-barrier value defined in it.
  DenseMap<Instruction *, Instruction *> CloneInRegion;
};

/// The x loop's range and step, and how many slots a row of x needs.
bool WorkItemLoopsBuilder::chooseXRange() {
  IRBuilder<> B(WGEntry);
  XBegin = ConstantInt::get(I64, 0);
  XEnd = XSlots = LocalSize[0];
  unsigned Width = vectorBodyWidth(F);
  if (Width > 1) {
    XStep = Width;
    VectorCode = true;
    if (F.hasFnAttribute(VectorPredicatedAttr)) {
      // ceil(Lx / W) steps; lanes past Lx are off inside the body.
      XSlots = B.CreateLShr(B.CreateAdd(LocalSize[0], ConstantInt::get(I64, Width - 1)), Log2_32(Width),
                            "wi.x.steps");
    } else {
      // Only full steps; the scalar kernel runs the remainder.
      XEnd = B.CreateAnd(LocalSize[0], ConstantInt::get(I64, ~uint64_t(Width - 1)), "wi.x.vector.end");
      XSlots = B.CreateLShr(LocalSize[0], Log2_32(Width), "wi.x.steps");
      XMayBeEmpty = true;
    }
    return true;
  }
  if (!F.hasFnAttribute(VectorTwinAttr))
    return true;
  VectorTwin = M.getFunction(F.getFnAttribute(VectorTwinAttr).getValueAsString());
  if (!VectorTwin || !VectorTwin->hasFnAttribute(WorkItemLoopsDoneAttr)) {
    reportDeviceError(F, "internal error: the vector body of '" + F.getName() + "' is missing");
    return false;
  }
  Width = vectorBodyWidth(*VectorTwin);
  XBegin = B.CreateAnd(LocalSize[0], ConstantInt::get(I64, ~uint64_t(Width - 1)), "wi.x.remainder");
  XMayBeEmpty = true;
  VectorCode = true; // fewer than W work-items: nothing for the loop vectorizer
  return true;
}

bool WorkItemLoopsBuilder::readLocalSize() {
  CallInst *Marker = nullptr;
  for (Instruction &I : F.getEntryBlock())
    if (auto *CB = dyn_cast<CallInst>(&I))
      if (CB->getCalledFunction() && CB->getCalledFunction()->getName() == LocalSizeMarkerName)
        Marker = CB;
  if (!Marker) {
    reportDeviceError(F, "work-group function '" + F.getName() +
                             "' has no @" + LocalSizeMarkerName +
                             " call in its entry block (run the target's kernel-ABI pass first)");
    return false;
  }
  for (unsigned D = 0; D < NumDims; ++D)
    LocalSize[D] = Marker->getArgOperand(D);
  Marker->eraseFromParent();
  return true;
}

bool WorkItemLoopsBuilder::collectRootsAndBarriers() {
  bool OK = true;
  for (Instruction &I : instructions(F)) {
    if (isBarrierCall(I)) {
      Barriers.push_back(cast<CallInst>(&I));
    } else if (isLocalIdMarker(&I)) {
      auto *Dim = dyn_cast<ConstantInt>(cast<CallInst>(I).getArgOperand(0));
      if (!Dim || Dim->getZExtValue() >= NumDims) {
        reportDeviceError(I, "@" + LocalIdMarkerName + " needs a constant dimension 0..2");
        OK = false;
      }
      LocalIdMarkers.push_back(cast<CallInst>(&I));
    } else if (auto *AI = dyn_cast<AllocaInst>(&I)) {
      if (AI->getParent() != &F.getEntryBlock() || !AI->isStaticAlloca()) {
        reportDeviceError(I, "variable-length arrays and dynamic allocas are not supported in kernels");
        OK = false;
      }
      PrivateAllocas.push_back(AI);
    }
  }
  return OK;
}

/// One `ret void` block; every barrier alone in its own block.
void WorkItemLoopsBuilder::normaliseCFG() {
  ExitBlock = BasicBlock::Create(Ctx, "wi.exit", &F);
  ReturnInst::Create(Ctx, ExitBlock);
  for (BasicBlock &BB : F) {
    if (&BB == ExitBlock)
      continue;
    if (auto *Ret = dyn_cast<ReturnInst>(BB.getTerminator())) {
      BranchInst::Create(ExitBlock, Ret->getIterator());
      Ret->eraseFromParent();
    }
  }

  for (CallInst *Barrier : Barriers) {
    BasicBlock *BarrierBlock = Barrier->getParent()->splitBasicBlock(Barrier, "barrier");
    BarrierBlock->splitBasicBlock(Barrier->getNextNode(), "after.barrier");
    BarrierBlocks.insert(BarrierBlock);
  }

  // Lifetime markers would name the private allocas, which become per-work-item
  // slots (not allocas); they carry no meaning across work-item loops anyway.
  for (AllocaInst *AI : PrivateAllocas)
    for (User *U : make_early_inc_range(AI->users()))
      if (auto *II = dyn_cast<IntrinsicInst>(U); II && II->isLifetimeStartOrEnd())
        II->eraseFromParent();

  for (BasicBlock &BB : F)
    OriginalBlocks.push_back(&BB);
}

/// Whether \p V is the same for every work-item of the group, or a function of
/// the local id only, and can be recomputed at a region's start: built from
/// arguments, constants, local ids, invariant loads and side-effect-free
/// operations that are safe to execute speculatively.
bool WorkItemLoopsBuilder::isRecomputable(Value *V, unsigned Depth) const {
  if (isa<Constant>(V) || isa<Argument>(V))
    return true;
  auto *I = dyn_cast<Instruction>(V);
  if (!I || Depth > 8)
    return false;
  if (isLocalIdMarker(I))
    return true;
  if (I->getParent() == WGEntry)
    return true; // hoisted uniform code (the local size)
  if (auto *LI = dyn_cast<LoadInst>(I)) {
    if (!LI->hasMetadata(LLVMContext::MD_invariant_load) || LI->isVolatile() || LI->isAtomic())
      return false;
  } else if (!isa<CastInst>(I) && !isa<BinaryOperator>(I) && !isa<GetElementPtrInst>(I) &&
             !isa<CmpInst>(I) && !isa<SelectInst>(I) && !isa<InsertElementInst>(I) &&
             !isa<ShuffleVectorInst>(I) && !isa<ExtractElementInst>(I)) {
    return false;
  } else if (!isSafeToSpeculativelyExecute(I)) {
    return false;
  }
  for (Value *Op : I->operands())
    if (!isRecomputable(Op, Depth + 1))
      return false;
  return true;
}

Value *WorkItemLoopsBuilder::recompute(Value *V, Region &R, IRBuilder<> &B,
                                       DenseMap<Value *, Value *> &Done) {
  auto *I = dyn_cast<Instruction>(V);
  if (!I || I->getParent() == WGEntry)
    return V;
  if (isLocalIdMarker(I))
    return rootValueInRegion(I, R);
  if (Value *Known = Done.lookup(I))
    return Known;
  Instruction *Copy = I->clone();
  for (Use &Op : Copy->operands())
    Op.set(recompute(Op.get(), R, B, Done));
  B.Insert(Copy, I->hasName() ? I->getName() + ".re" : "");
  Done[I] = Copy;
  return Copy;
}

/// Per-value liveness: walk backwards from each use to the definition and
/// note the blocks the value is live into. A value live into a barrier block
/// crosses that barrier.
void WorkItemLoopsBuilder::computeCrossBarrierValues() {
  for (BasicBlock *BB : OriginalBlocks) {
    for (Instruction &I : *BB) {
      if (I.getType()->isVoidTy() || isLocalIdMarker(&I) || isa<AllocaInst>(&I))
        continue; // roots: the region's own local ids and slots stand in for them
      SmallPtrSet<BasicBlock *, 8> LiveIn;
      SmallVector<BasicBlock *, 16> Worklist;
      auto MarkLiveIn = [&](BasicBlock *Block) {
        if (Block != BB && LiveIn.insert(Block).second)
          Worklist.push_back(Block);
      };
      for (Use &U : I.uses()) {
        auto *User = cast<Instruction>(U.getUser());
        if (auto *Phi = dyn_cast<PHINode>(User)) {
          // Used at the end of the incoming block: live into it unless defined there.
          BasicBlock *Incoming = Phi->getIncomingBlock(U);
          if (Incoming != BB)
            MarkLiveIn(Incoming);
        } else if (User->getParent() != BB) {
          MarkLiveIn(User->getParent());
        }
      }
      while (!Worklist.empty()) {
        BasicBlock *Block = Worklist.pop_back_val();
        for (BasicBlock *Pred : predecessors(Block))
          MarkLiveIn(Pred);
      }
      bool CrossesBarrier = any_of(LiveIn, [&](BasicBlock *B) { return BarrierBlocks.contains(B); });
      if (!CrossesBarrier)
        continue;
      if (isRecomputable(&I))
        Recomputed.insert(&I);
      else
        ValueSlots[&I] = nullptr;
      LiveInBlocks[&I] = std::move(LiveIn);
    }
  }
}

unsigned WorkItemLoopsBuilder::regionFor(BasicBlock *Target) {
  // Consecutive barriers are one barrier; a barrier right before the return
  // is no barrier at all.
  SmallPtrSet<BasicBlock *, 4> Seen;
  while (BarrierBlocks.contains(Target) && Seen.insert(Target).second)
    Target = Target->getSingleSuccessor();
  if (Target == ExitBlock)
    return ReturnTarget;
  auto [It, Inserted] = RegionOfEntry.try_emplace(Target, Regions.size());
  if (Inserted) {
    Regions.emplace_back();
    Regions.back().Entry = Target;
  }
  return It->second;
}

void WorkItemLoopsBuilder::formRegions() {
  for (unsigned Index = 0; Index < Regions.size(); ++Index) {
    SmallPtrSet<BasicBlock *, 32> InRegion;
    SmallVector<BasicBlock *, 16> Worklist{Regions[Index].Entry};
    SmallVector<BasicBlock *, 4> Exits;
    InRegion.insert(Regions[Index].Entry);
    while (!Worklist.empty()) {
      BasicBlock *BB = Worklist.pop_back_val();
      for (BasicBlock *Succ : successors(BB)) {
        if (BarrierBlocks.contains(Succ) || Succ == ExitBlock) {
          if (!is_contained(Exits, Succ))
            Exits.push_back(Succ);
        } else if (InRegion.insert(Succ).second) {
          Worklist.push_back(Succ);
        }
      }
    }
    for (BasicBlock *BB : OriginalBlocks)
      if (InRegion.contains(BB))
        Regions[Index].Blocks.push_back(BB);
    // regionFor may grow Regions: index it afresh each time.
    for (BasicBlock *Exit : Exits) {
      unsigned Target = regionFor(Exit);
      Regions[Index].ExitEdges.push_back(Exit);
      Regions[Index].ExitTargets.push_back(Target);
    }
  }
}

void WorkItemLoopsBuilder::createSlots() {
  IRBuilder<> B(WGEntry);
  if (Barriers.empty())
    NumSlots = XSlots;
  else
    NumSlots = B.CreateMul(B.CreateMul(XSlots, LocalSize[1], "", true, true), LocalSize[2],
                           "wg.size", true, true);
  const DataLayout &DL = M.getDataLayout();
  for (AllocaInst *AI : PrivateAllocas) {
    Type *Ty = AI->getAllocatedType();
    if (auto *Count = cast<ConstantInt>(AI->getArraySize()); !Count->isOne())
      Ty = ArrayType::get(Ty, Count->getZExtValue());
    AllocaInst *Slots = B.CreateAlloca(Ty, AI->getAddressSpace(), NumSlots, AI->getName() + ".wi");
    Slots->setAlignment(std::max(AI->getAlign(), DL.getPrefTypeAlign(Ty)));
    AllocaSlots[AI] = Slots;
  }
  for (auto &[V, Slot] : ValueSlots) {
    Slot = B.CreateAlloca(V->getType(), DL.getAllocaAddrSpace(), NumSlots, V->getName() + ".wi");
  }
}

Value *WorkItemLoopsBuilder::rootValueInRegion(Value *Root, Region &R) {
  if (auto *Marker = dyn_cast<CallInst>(Root); Marker && isLocalIdMarker(Marker))
    return R.LocalId[cast<ConstantInt>(Marker->getArgOperand(0))->getZExtValue()];
  auto *AI = cast<AllocaInst>(Root);
  AllocaInst *Slots = AllocaSlots.lookup(AI);
  IRBuilder<> B(R.XHeader->getTerminator());
  return B.CreateInBoundsGEP(Slots->getAllocatedType(), Slots, R.SlotIndex, AI->getName());
}

/// z { y { x { body } } }, each a do-while loop (a local size is never 0).
void WorkItemLoopsBuilder::buildLoopNest(Region &R, unsigned Index) {
  std::string Prefix = "r" + std::to_string(Index) + ".";
  BasicBlock *InsertBefore = ReturnBlock; // keeps the nests in region order
  auto NewBlock = [&](const char *Name) {
    return BasicBlock::Create(Ctx, Prefix + Name, &F, InsertBefore);
  };
  R.ZHeader = NewBlock("wi.z");
  R.YHeader = NewBlock("wi.y");
  R.XHeader = NewBlock("wi.x");
  R.XLatch = NewBlock("wi.x.latch");
  R.YLatch = NewBlock("wi.y.latch");
  R.ZLatch = NewBlock("wi.z.latch");
  R.Done = NewBlock("done");
  // Body clones go between XHeader and XLatch.

  static const char *IdNames[NumDims] = {"lid.x", "lid.y", "lid.z"};
  BasicBlock *Headers[NumDims] = {R.XHeader, R.YHeader, R.ZHeader};
  BasicBlock *Latches[NumDims] = {R.XLatch, R.YLatch, R.ZLatch};
  BasicBlock *Inner[NumDims] = {nullptr, R.XHeader, R.YHeader};
  for (unsigned D = 0; D < NumDims; ++D) {
    IRBuilder<> B(Headers[D]);
    R.LocalId[D] = B.CreatePHI(I64, 2, IdNames[D]);
    if (Inner[D])
      B.CreateBr(Inner[D]);
  }
  for (unsigned D = 0; D < NumDims; ++D) {
    IRBuilder<> B(Latches[D]);
    Value *Next = B.CreateAdd(R.LocalId[D], ConstantInt::get(I64, D == 0 ? XStep : 1),
                              std::string(IdNames[D]) + ".next", /*HasNUW=*/true, /*HasNSW=*/true);
    Value *More = B.CreateICmpULT(Next, D == 0 ? XEnd : LocalSize[D], std::string(IdNames[D]) + ".more");
    B.CreateCondBr(More, Headers[D], D + 1 < NumDims ? Latches[D + 1] : R.Done);
    R.LocalId[D]->addIncoming(Next, Latches[D]);
    if (D + 1 < NumDims)
      R.LocalId[D]->addIncoming(D == 0 ? XBegin : ConstantInt::get(I64, 0), Headers[D + 1]);
  }
  if (XMayBeEmpty) {
    R.YHeader->getTerminator()->eraseFromParent();
    IRBuilder<> YB(R.YHeader);
    YB.CreateCondBr(YB.CreateICmpULT(XBegin, XEnd, "wi.x.any"), R.XHeader, R.YLatch);
  }

  IRBuilder<> B(R.XHeader);
  Value *XIndex = R.LocalId[0];
  if (XStep > 1)
    XIndex = B.CreateLShr(XIndex, Log2_32(XStep), "wi.step", /*isExact=*/true);
  if (Barriers.empty()) {
    R.SlotIndex = XIndex;
  } else {
    Value *ZY = B.CreateAdd(B.CreateMul(R.LocalId[2], LocalSize[1], "", true, true), R.LocalId[1], "",
                            true, true);
    R.SlotIndex = B.CreateAdd(B.CreateMul(ZY, XSlots, "", true, true), XIndex, "wi.linear", true, true);
  }
  B.CreateUnreachable(); // replaced by the branch into the body once it is cloned
  if (R.ExitEdges.size() > 1) {
    IRBuilder<> LB(R.XLatch, R.XLatch->begin());
    R.ExitId = LB.CreatePHI(I32, R.ExitEdges.size(), "next.region");
  }
}

void WorkItemLoopsBuilder::cloneBody(Region &R, unsigned Index) {
  std::string Suffix = ".r" + std::to_string(Index);
  ValueToValueMapTy VMap;
  for (BasicBlock *BB : R.Blocks) {
    BasicBlock *Clone = CloneBasicBlock(BB, VMap, Suffix, &F);
    Clone->moveBefore(R.XLatch->getIterator());
    VMap[BB] = Clone;
    R.Clones.push_back(Clone);
  }
  // Exits: one block per distinct target, so the x latch can tell them apart.
  for (unsigned E = 0; E < R.ExitEdges.size(); ++E) {
    BasicBlock *Exit = BasicBlock::Create(
        Ctx, Suffix.substr(1) + (R.ExitTargets[E] == ReturnTarget ? ".to.return" : ".to.barrier"), &F,
        R.XLatch);
    BranchInst::Create(R.XLatch, Exit);
    if (R.ExitId)
      R.ExitId->addIncoming(ConstantInt::get(I32, E), Exit);
    VMap[R.ExitEdges[E]] = Exit;
    R.Clones.push_back(Exit);
  }

  // Local ids and private allocas: the region's own per-work-item values.
  SmallVector<Instruction *, 16> ClonedRoots;
  for (CallInst *Marker : LocalIdMarkers) {
    if (Value *Clone = VMap.lookup(Marker))
      ClonedRoots.push_back(cast<Instruction>(Clone));
    VMap[Marker] = rootValueInRegion(Marker, R);
  }
  for (AllocaInst *AI : PrivateAllocas) {
    if (Value *Clone = VMap.lookup(AI))
      ClonedRoots.push_back(cast<Instruction>(Clone));
    VMap[AI] = rootValueInRegion(AI, R);
  }

  SmallPtrSet<BasicBlock *, 32> InRegion(R.Blocks.begin(), R.Blocks.end());
  for (BasicBlock *Clone : R.Clones) {
    for (Instruction &I : *Clone) {
      // Incoming edges from blocks outside the region do not exist in it.
      if (auto *Phi = dyn_cast<PHINode>(&I))
        for (unsigned In = Phi->getNumIncomingValues(); In-- > 0;)
          if (!InRegion.contains(Phi->getIncomingBlock(In)))
            Phi->removeIncomingValue(In, /*DeletePHIIfEmpty=*/false);
      RemapInstruction(&I, VMap, RF_NoModuleLevelChanges | RF_IgnoreMissingLocals);
    }
  }
  for (Instruction *Root : ClonedRoots)
    Root->eraseFromParent();

  R.XHeader->getTerminator()->eraseFromParent();
  BranchInst::Create(cast<BasicBlock>(VMap[R.Entry]), R.XHeader);

  // Store each cross-barrier value defined here in its slot, right after it.
  for (auto &[V, Slot] : ValueSlots) {
    auto *Clone = cast_or_null<Instruction>(VMap.lookup(V));
    if (!Clone)
      continue;
    IRBuilder<> B(Clone->getParent(), Clone->getParent()->getFirstInsertionPt());
    if (!isa<PHINode>(Clone))
      B.SetInsertPoint(Clone->getNextNode());
    Value *Addr = B.CreateInBoundsGEP(V->getType(), Slot, R.SlotIndex, V->getName() + ".wi.addr");
    B.CreateStore(Clone, Addr);
  }

  for (auto &Entry : LiveInBlocks)
    if (Value *Clone = VMap.lookup(Entry.first))
      CloneInRegion[Entry.first] = cast<Instruction>(Clone);
}

/// Rewrites the uses, inside region \p R, of every value that crosses a
/// barrier: at the region's start the value comes from its slot (or is
/// recomputed); inside, from the region's clone of its definition; SSAUpdater
/// places the phis where the two meet (e.g. a definition in a loop).
void WorkItemLoopsBuilder::repairCrossBarrierValues(Region &R) {
  SmallPtrSet<BasicBlock *, 32> Body(R.Clones.begin(), R.Clones.end());
  DenseMap<Value *, Value *> RecomputedHere;
  for (auto &[V, LiveIn] : LiveInBlocks) {
    Instruction *Clone = CloneInRegion.lookup(V);
    SmallVector<Use *, 8> ToRewrite;
    for (Use &U : V->uses())
      if (auto *User = dyn_cast<Instruction>(U.getUser()); User && Body.contains(User->getParent()))
        ToRewrite.push_back(&U);
    if (Clone)
      for (Use &U : Clone->uses()) {
        auto *User = cast<Instruction>(U.getUser());
        // A non-phi use in the defining block comes after the definition.
        if (Body.contains(User->getParent()) && (User->getParent() != Clone->getParent() || isa<PHINode>(User)))
          ToRewrite.push_back(&U);
      }
    if (ToRewrite.empty())
      continue;

    SSAUpdater SSA;
    SSA.Initialize(V->getType(), V->getName());
    if (LiveIn.contains(R.Entry)) {
      IRBuilder<> B(R.XHeader->getTerminator());
      Value *AtEntry;
      if (AllocaInst *Slot = ValueSlots.lookup(V))
        AtEntry = B.CreateLoad(V->getType(), B.CreateInBoundsGEP(V->getType(), Slot, R.SlotIndex),
                               V->getName() + ".reload");
      else
        AtEntry = recompute(V, R, B, RecomputedHere);
      SSA.AddAvailableValue(R.XHeader, AtEntry);
    } else if (!Clone) {
      reportDeviceError(*V, "internal error: value used across a barrier without a definition");
      continue;
    }
    if (Clone)
      SSA.AddAvailableValue(Clone->getParent(), Clone);
    for (Use *U : ToRewrite)
      SSA.RewriteUse(*U);
  }
}

void WorkItemLoopsBuilder::wireDispatch(Region &R) {
  auto Destination = [&](unsigned Target) {
    return Target == ReturnTarget ? ReturnBlock : Regions[Target].ZHeader;
  };
  IRBuilder<> B(R.Done);
  Instruction *Term;
  bool AllSame = all_of(R.ExitTargets, [&](unsigned T) { return T == R.ExitTargets.front(); });
  if (R.ExitTargets.empty()) {
    Term = B.CreateUnreachable(); // the body never finishes (e.g. an endless loop)
  } else if (AllSame) {
    Term = B.CreateBr(Destination(R.ExitTargets.front()));
  } else {
    SwitchInst *Switch = B.CreateSwitch(R.ExitId, Destination(R.ExitTargets.front()), R.ExitTargets.size());
    for (unsigned E = 1; E < R.ExitTargets.size(); ++E)
      Switch->addCase(ConstantInt::get(cast<IntegerType>(I32), E), Destination(R.ExitTargets[E]));
    Term = Switch;
  }
  for (BasicBlock *Succ : successors(Term))
    for (Region &Next : Regions)
      if (Succ == Next.ZHeader)
        Next.LocalId[2]->addIncoming(ConstantInt::get(I64, 0), R.Done);
}

void WorkItemLoopsBuilder::annotateParallelAccesses(Region &R) {
  MDNode *AccessGroup = MDNode::getDistinct(Ctx, {});
  auto Annotate = [&](Instruction &I) {
    if (!I.mayReadOrWriteMemory())
      return;
    MDNode *Groups = uniteAccessGroups(I.getMetadata(LLVMContext::MD_access_group), AccessGroup);
    I.setMetadata(LLVMContext::MD_access_group, Groups);
  };
  for (Instruction &I : *R.XHeader)
    Annotate(I);
  for (BasicBlock *BB : R.Clones)
    for (Instruction &I : *BB)
      Annotate(I);
  MDNode *Parallel = MDNode::get(Ctx, {MDString::get(Ctx, "llvm.loop.parallel_accesses"), AccessGroup});
  SmallVector<Metadata *, 3> Properties{nullptr, Parallel};
  // Vector code already, or not to be widened: LLVM may interleave it only.
  if (VectorCode || !MayWiden)
    Properties.push_back(MDNode::get(
        Ctx, {MDString::get(Ctx, "llvm.loop.vectorize.width"), ConstantAsMetadata::get(ConstantInt::get(I32, 1))}));
  MDNode *LoopID = MDNode::getDistinct(Ctx, Properties);
  LoopID->replaceOperandWith(0, LoopID);
  R.XLatch->getTerminator()->setMetadata(LLVMContext::MD_loop, LoopID);
}

/// Moves the computation of \p V (the local size: loads from the context)
/// into the new entry block, ahead of every loop nest.
bool WorkItemLoopsBuilder::hoistIntoEntry(Value *V) {
  auto *I = dyn_cast<Instruction>(V);
  if (!I || I->getParent() == WGEntry)
    return true;
  if (isa<PHINode>(I) || I->mayHaveSideEffects() || isLocalIdMarker(I) || isa<AllocaInst>(I) ||
      I->getParent() != OriginalBlocks.front())
    return false;
  for (Value *Op : I->operands())
    if (!hoistIntoEntry(Op))
      return false;
  I->moveBefore(*WGEntry, WGEntry->end());
  return true;
}

bool WorkItemLoopsBuilder::run() {
  removeUnreachableBlocks(F);
  if (!readLocalSize() || !collectRootsAndBarriers())
    return false;
  normaliseCFG();

  WGEntry = BasicBlock::Create(Ctx, "wg.entry", &F, &F.getEntryBlock());
  for (Value *Size : LocalSize)
    if (!hoistIntoEntry(Size)) {
      reportDeviceError(F, "the local size of '" + F.getName() +
                               "' must be computed in its entry block from arguments only");
      return false;
    }
  if (!chooseXRange())
    return false;
  if (!Barriers.empty())
    computeCrossBarrierValues();
  regionFor(OriginalBlocks.front());
  formRegions();

  ReturnBlock = BasicBlock::Create(Ctx, "wg.return", &F);
  ReturnInst::Create(Ctx, ReturnBlock);
  createSlots();
  for (unsigned Index = 0; Index < Regions.size(); ++Index)
    buildLoopNest(Regions[Index], Index);
  for (unsigned Index = 0; Index < Regions.size(); ++Index) {
    CloneInRegion.clear();
    cloneBody(Regions[Index], Index);
    repairCrossBarrierValues(Regions[Index]);
  }
  for (Region &R : Regions)
    wireDispatch(R);
  CallInst *TwinCall = nullptr;
  if (VectorTwin)
    TwinCall = CallInst::Create(VectorTwin, {F.getArg(0), F.getArg(1)}, "", WGEntry);
  BranchInst::Create(Regions.front().ZHeader, WGEntry);
  Regions.front().LocalId[2]->addIncoming(ConstantInt::get(I64, 0), WGEntry);

  // The single-work-item body is now dead.
  for (BasicBlock *BB : OriginalBlocks)
    BB->dropAllReferences();
  for (BasicBlock *BB : OriginalBlocks) {
    for (Instruction &I : *BB)
      if (!I.use_empty()) {
        reportDeviceError(F, "internal error: work-item loops left a use of '" + I.getName() + "'");
        I.replaceAllUsesWith(PoisonValue::get(I.getType()));
      }
    BB->eraseFromParent();
  }

  for (Region &R : Regions)
    annotateParallelAccesses(R);
  if (TwinCall) {
    // The twin's loops run first, in this function.
    InlineFunctionInfo IFI;
    InlineResult Inlined = InlineFunction(*TwinCall, IFI);
    if (!Inlined.isSuccess())
      reportDeviceError(F, "internal error: cannot inline the vector body of '" + F.getName() +
                               "': " + Inlined.getFailureReason());
    if (VectorTwin->use_empty())
      VectorTwin->eraseFromParent();
  }
  F.addFnAttr(WorkItemLoopsDoneAttr);
  if (!Barriers.empty())
    F.addFnAttr(UsesBarrierAttr);
  return true;
}

} // namespace

PreservedAnalyses WorkItemLoopsPass::run(Module &M, ModuleAnalysisManager &MAM) {
  SmallVector<Function *, 8> WorkGroupFunctions;
  bool HasKernels = false;
  for (Function &F : M) {
    if (isWorkGroupFunction(F)) {
      if (!F.hasFnAttribute(WorkItemLoopsDoneAttr))
        WorkGroupFunctions.push_back(&F);
      continue;
    }
    HasKernels |= isKernel(F);
    if (F.isDeclaration())
      continue;
    for (Instruction &I : instructions(F))
      if (isBarrierCall(I))
        reportDeviceError(I, "barrier in " + quotedName(F.getName()) +
                                 ", which is not inlined into a kernel: barriers must be in the "
                                 "kernel body (recursion or an indirect call prevented inlining?)");
  }
  if (HasKernels && WorkGroupFunctions.empty())
    for (Function &F : M)
      if (isKernel(F))
        reportDeviceError(F, "sporkle-work-item-loops: kernel '" + F.getName() +
                                 "' has no work-group function; run the target's kernel-ABI pass "
                                 "(e.g. sporkle-cpu-kernel-abi) first");

  // Vector twins first: their kernels inline them once they have loops.
  std::stable_partition(WorkGroupFunctions.begin(), WorkGroupFunctions.end(),
                        [](Function *F) { return F->hasFnAttribute(VectorBodyWidthAttr); });
  // Asked before any function changes (analyses of scalar bodies only).
  FunctionAnalysisManager &FAM = MAM.getResult<FunctionAnalysisManagerModuleProxy>(M).getManager();
  SmallPtrSet<Function *, 8> Widenable;
  for (Function *F : WorkGroupFunctions)
    if (vectorBodyWidth(*F) == 1 && !F->hasFnAttribute(VectorTwinAttr) &&
        !writesMemoryItRevisits(*F, FAM.getResult<AAManager>(*F), FAM.getResult<LoopAnalysis>(*F)))
      Widenable.insert(F);
  for (Function *F : WorkGroupFunctions) {
    FAM.clear(*F, F->getName());
    WorkItemLoopsBuilder(*F, Widenable.contains(F)).run();
  }

  for (StringRef Marker : {StringRef(LocalIdMarkerName), StringRef(LocalSizeMarkerName)})
    if (Function *Decl = M.getFunction(Marker); Decl && Decl->use_empty())
      Decl->eraseFromParent();
  return WorkGroupFunctions.empty() ? PreservedAnalyses::all() : PreservedAnalyses::none();
}

} // namespace sporkle
