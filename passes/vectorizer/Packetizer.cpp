//===- Packetizer.cpp - scalar instructions to W-lane vector code ---------===//
//
// Walks the body in reverse post-order (so every operand is packetized before
// its users, phis aside) and replaces each varying instruction by vector code
// built in front of it:
//   * arithmetic, comparisons, casts, selects, GEPs: the same operation on
//     vectors (integer division gets 1 as divisor in lanes that are off, so
//     a lane that is off cannot trap);
//   * loads and stores: consecutive addresses (linear, stride = access size)
//     become one vector access from lane 0's address, masked when not every
//     lane is on; other addresses gather and scatter (lane order, so the last
//     lane wins when lanes store to one address, as a scalar loop would);
//   * intrinsics LLVM can vectorize (sqrt, fma, exp, sin, min/max, ...)
//     become their vector forms; short-vector operations (sycl::vec) stay
//     vector operations on the lane-major <W*N x T> layout;
//   * everything else -- calls with side effects, atomics, volatile
//     accesses, calls without a vector form -- runs once per lane, in lane
//     order, each guarded by its lane's mask bit when lanes may be off.
// Uniform and linear values stay scalar (a linear one computes lane 0);
// vectorOf() splats or steps them where vector code needs them.
//
//===----------------------------------------------------------------------===//
#include "KernelVectorizer.h"
#include "WorkItemMarkers.h"

#include "llvm/ADT/PostOrderIterator.h"
#include "llvm/Analysis/LoopInfo.h"
#include "llvm/Analysis/PostDominators.h"
#include "llvm/Analysis/VectorUtils.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"

using namespace llvm;

namespace sporkle::vectorizer {

KernelVectorizer::KernelVectorizer(Function &F, unsigned Width, bool Predicated, VectorShapes &Shapes,
                                   DominatorTree &DT, PostDominatorTree &PDT, LoopInfo &LI)
    : F(F), M(*F.getParent()), Ctx(F.getContext()), DL(F.getDataLayout()), W(Width), Predicated(Predicated),
      Shapes(Shapes), DT(DT), PDT(PDT), LI(LI) {}

Type *KernelVectorizer::widenedType(Type *Ty) const {
  if (auto *VT = dyn_cast<FixedVectorType>(Ty))
    return FixedVectorType::get(VT->getElementType(), VT->getNumElements() * W);
  if (Ty->isIntegerTy() || Ty->isFloatingPointTy() || Ty->isPointerTy())
    return FixedVectorType::get(Ty, W);
  return nullptr;
}

/// The exit block of a divergent loop, entered from its latch.
static bool isExitOfDivergentLoop(const BasicBlock *BB, const VectorShapes &Shapes, const LoopInfo &LI) {
  const BasicBlock *Pred = BB->getSinglePredecessor();
  const Loop *L = Pred ? LI.getLoopFor(Pred) : nullptr;
  for (; L; L = L->getParentLoop())
    if (L->getLoopLatch() == Pred && !L->contains(BB))
      return Shapes.isDivergentLoop(L);
  return false;
}

std::optional<Refusal> KernelVectorizer::checkInstruction(Instruction &I) {
  LaneShape S = Shapes.shape(&I);
  bool AnyVarying = !S.isUniform() || any_of(I.operands(), [&](Use &U) { return !Shapes.isUniform(U.get()); });
  if (!AnyVarying && !runsPerLane(I))
    return std::nullopt;
  if (isa<InvokeInst>(I) || isa<CallBrInst>(I) || isa<LandingPadInst>(I) || isa<VAArgInst>(I) ||
      isa<IndirectBrInst>(I))
    return Refusal{std::string("unsupported instruction '") + I.getOpcodeName() + "'", &I};
  if (auto *AI = dyn_cast<AllocaInst>(&I); AI && !AI->isStaticAlloca())
    return Refusal{"a variable-sized private array", &I};
  if (auto *Call = dyn_cast<CallBase>(&I); Call && !Call->getCalledFunction() && !Call->isInlineAsm() &&
                                           !Shapes.isUniform(Call->getCalledOperand()))
    return Refusal{"an indirect call through a function pointer that differs between work-items", &I};
  if (isa<CallBase>(I) && cast<CallBase>(I).isInlineAsm())
    return Refusal{"inline assembly", &I};
  Type *Ty = I.getType();
  bool PerLane = runsPerLane(I) || isa<ExtractValueInst>(I) || isa<InsertValueInst>(I) || isa<CallInst>(I);
  if (!Ty->isVoidTy() && !S.isUniform() && !widenedType(Ty) && !PerLane)
    return Refusal{"a value of aggregate type that differs between work-items", &I};
  if (auto *Phi = dyn_cast<PHINode>(&I); Phi && !S.isUniform() && !widenedType(Ty))
    return Refusal{"a value of aggregate type that differs between work-items", &I};
  if (auto *Load = dyn_cast<LoadInst>(&I); Load && !widenedType(Ty))
    return Refusal{"a load of an aggregate through an address that differs between work-items", &I};
  if (auto *Store = dyn_cast<StoreInst>(&I); Store && !widenedType(Store->getValueOperand()->getType()))
    return Refusal{"a store of an aggregate that differs between work-items", &I};
  return std::nullopt;
}

std::optional<Refusal> KernelVectorizer::check() {
  if (auto R = checkControlFlow())
    return R;
  for (BasicBlock &BB : F)
    for (Instruction &I : BB)
      if (auto R = checkInstruction(I))
        return R;
  return std::nullopt;
}

bool KernelVectorizer::run() {
  ReversePostOrderTraversal<Function *> RPOT(&F);
  SmallVector<BasicBlock *, 32> Order(RPOT.begin(), RPOT.end());
  createEntryMask();
  for (BasicBlock *BB : Order) {
    enterBlock(BB);
    SmallVector<Instruction *, 32> Body;
    for (Instruction &I : *BB)
      if (!I.isTerminator())
        Body.push_back(&I);
    for (Instruction *I : Body)
      packetize(*I);
    lowerTerminator(BB);
  }
  finishControlFlow();
  finishPhis();
  guardMaskedLanes();
  return eraseScalarOriginals();
}

IRBuilder<> KernelVectorizer::builderAfter(Value *V) {
  if (auto *I = dyn_cast<Instruction>(V)) {
    if (isa<PHINode>(I))
      return IRBuilder<>(I->getParent(), I->getParent()->getFirstInsertionPt());
    return IRBuilder<>(I->getNextNode());
  }
  BasicBlock &Entry = F.getEntryBlock();
  return IRBuilder<>(&Entry, Entry.getFirstInsertionPt());
}

static SmallVector<int, 64> repeatEachLane(unsigned Width, unsigned Times) {
  SmallVector<int, 64> Mask;
  for (unsigned Lane = 0; Lane < Width; ++Lane)
    Mask.append(Times, static_cast<int>(Lane));
  return Mask;
}

Value *KernelVectorizer::vectorOf(Value *V) {
  if (Value *Known = Vectors.lookup(V))
    return Known;
  Type *Ty = V->getType();
  Value *Result = nullptr;
  if (auto *C = dyn_cast<Constant>(V)) {
    if (auto *VT = dyn_cast<FixedVectorType>(Ty)) {
      SmallVector<Constant *, 64> Elements;
      for (unsigned Lane = 0; Lane < W; ++Lane)
        for (unsigned E = 0; E < VT->getNumElements(); ++E)
          Elements.push_back(C->getAggregateElement(E));
      Result = ConstantVector::get(Elements);
    } else {
      Result = ConstantVector::getSplat(ElementCount::getFixed(W), C);
    }
    return Vectors[V] = Result;
  }
  LaneShape S = Shapes.shape(V);
  assert(!S.isVarying() && "a varying value is used before it was packetized");
  if (S.isVarying()) // cannot happen in reverse post-order; keep release builds sane
    return PoisonValue::get(widenedType(Ty));
  IRBuilder<> B = builderAfter(V);
  if (auto *VT = dyn_cast<FixedVectorType>(Ty)) {
    Result = B.CreateShuffleVector(V, repeatEachLane(W, VT->getNumElements()), V->getName() + ".lanes");
  } else if (S.isUniform()) {
    Result = B.CreateVectorSplat(W, V, V->getName() + ".splat");
  } else if (Ty->isPointerTy()) {
    SmallVector<Constant *, 16> Offsets;
    for (unsigned Lane = 0; Lane < W; ++Lane)
      Offsets.push_back(B.getInt64(static_cast<int64_t>(Lane) * S.Stride));
    Result = B.CreateGEP(B.getInt8Ty(), V, ConstantVector::get(Offsets), V->getName() + ".lanes");
  } else {
    SmallVector<Constant *, 16> Steps;
    for (unsigned Lane = 0; Lane < W; ++Lane)
      Steps.push_back(ConstantInt::get(Ty, static_cast<int64_t>(Lane) * S.Stride, /*IsSigned=*/true));
    Result = B.CreateAdd(B.CreateVectorSplat(W, V), ConstantVector::get(Steps), V->getName() + ".lanes");
  }
  return Vectors[V] = Result;
}

Value *KernelVectorizer::laneOf(Value *V, unsigned Lane, IRBuilder<> &B) {
  if (isa<Constant>(V) || isa<BasicBlock>(V) || isa<MetadataAsValue>(V))
    return V;
  if (auto It = Lanes.find(V); It != Lanes.end())
    return It->second[Lane];
  LaneShape S = Shapes.shape(V);
  if (S.isUniform() && !Vectors.contains(V))
    return V;
  if (S.isLinear()) {
    int64_t Offset = static_cast<int64_t>(Lane) * S.Stride;
    if (V->getType()->isPointerTy())
      return B.CreateGEP(B.getInt8Ty(), V, B.getInt64(Offset));
    return B.CreateAdd(V, ConstantInt::get(V->getType(), Offset, /*IsSigned=*/true));
  }
  if (S.isUniform())
    return V;
  Value *Vec = vectorOf(V);
  if (auto *VT = dyn_cast<FixedVectorType>(V->getType())) {
    SmallVector<int, 16> Mask;
    for (unsigned E = 0; E < VT->getNumElements(); ++E)
      Mask.push_back(static_cast<int>(Lane * VT->getNumElements() + E));
    return B.CreateShuffleVector(Vec, Mask);
  }
  return B.CreateExtractElement(Vec, B.getInt64(Lane));
}

Value *KernelVectorizer::lanesToValue(ArrayRef<Value *> LaneValues, Type *ScalarTy, IRBuilder<> &B) {
  Value *Result = PoisonValue::get(widenedType(ScalarTy));
  if (auto *VT = dyn_cast<FixedVectorType>(ScalarTy)) {
    unsigned N = VT->getNumElements();
    for (unsigned Lane = 0; Lane < W; ++Lane)
      for (unsigned E = 0; E < N; ++E)
        Result = B.CreateInsertElement(Result, B.CreateExtractElement(LaneValues[Lane], B.getInt64(E)),
                                       B.getInt64(Lane * N + E));
    return Result;
  }
  for (unsigned Lane = 0; Lane < W; ++Lane)
    Result = B.CreateInsertElement(Result, LaneValues[Lane], B.getInt64(Lane));
  return Result;
}

Value *KernelVectorizer::elementMask(Value *Mask, Type *AccessTy, IRBuilder<> &B) {
  auto *VT = dyn_cast<FixedVectorType>(AccessTy);
  if (!VT || isa<Constant>(Mask) && cast<Constant>(Mask)->isAllOnesValue()) {
    if (VT)
      return Constant::getAllOnesValue(FixedVectorType::get(B.getInt1Ty(), W * VT->getNumElements()));
    return Mask;
  }
  return B.CreateShuffleVector(Mask, repeatEachLane(W, VT->getNumElements()));
}

Value *KernelVectorizer::elementPointers(Value *Ptr, Type *AccessTy, IRBuilder<> &B) {
  Value *Ptrs = vectorOf(Ptr);
  auto *VT = dyn_cast<FixedVectorType>(AccessTy);
  if (!VT)
    return Ptrs;
  unsigned N = VT->getNumElements();
  Value *Each = B.CreateShuffleVector(Ptrs, repeatEachLane(W, N));
  SmallVector<Constant *, 64> Index;
  for (unsigned Lane = 0; Lane < W; ++Lane)
    for (unsigned E = 0; E < N; ++E)
      Index.push_back(B.getInt64(E));
  return B.CreateGEP(VT->getElementType(), Each, ConstantVector::get(Index));
}

void KernelVectorizer::packetize(Instruction &I) {
  if (auto *Phi = dyn_cast<PHINode>(&I)) {
    if (Shapes.isUniform(Phi) || Shapes.shape(Phi).isLinear())
      return;
    if (isExitOfDivergentLoop(Phi->getParent(), Shapes, LI))
      Vectors[Phi] = liveOutOfDivergentLoop(*Phi);
    else if (Shapes.isDivergentJoin(Phi->getParent()))
      Vectors[Phi] = blendJoinPhi(*Phi);
    else
      return packetizePhi(*Phi);
    Replaced.push_back(Phi);
    return;
  }
  if (auto *AI = dyn_cast<AllocaInst>(&I))
    return widenAlloca(*AI);
  if (auto *II = dyn_cast<IntrinsicInst>(&I); II && II->isLifetimeStartOrEnd()) {
    // Still about the whole (widened) private array; anything else is dropped.
    if (!isa<AllocaInst>(II->getArgOperand(II->arg_size() - 1)->stripPointerCasts()))
      Replaced.push_back(II);
    return;
  }
  if (runsPerLane(I))
    return packetizePerLane(I, !isAllLanes(maskOf(I)));
  if (auto *Store = dyn_cast<StoreInst>(&I)) {
    if (!Shapes.isUniform(Store->getPointerOperand()) || !Shapes.isUniform(Store->getValueOperand()))
      packetizeStore(*Store);
    return;
  }
  LaneShape S = Shapes.shape(&I);
  if (!S.isVarying()) {
    if (auto *Assume = dyn_cast<AssumeInst>(&I); Assume && !Shapes.isUniform(Assume->getArgOperand(0)))
      Replaced.push_back(Assume); // a per-lane fact says nothing about the vector
    return;
  }
  if (auto *Load = dyn_cast<LoadInst>(&I))
    return packetizeLoad(*Load);
  if (auto *Call = dyn_cast<CallInst>(&I))
    return packetizeCall(*Call);
  if (isa<ExtractElementInst>(I) || isa<InsertElementInst>(I) || isa<ShuffleVectorInst>(I))
    return packetizeShortVectorOp(I);
  if (isa<ExtractValueInst>(I) || isa<InsertValueInst>(I))
    return packetizePerLane(I, false);

  IRBuilder<> B(&I);
  Value *Result = nullptr;
  auto Op = [&](unsigned Index) { return vectorOf(I.getOperand(Index)); };
  if (auto *BO = dyn_cast<BinaryOperator>(&I)) {
    Value *RHS = Op(1);
    switch (BO->getOpcode()) {
    case Instruction::SDiv:
    case Instruction::UDiv:
    case Instruction::SRem:
    case Instruction::URem:
      // Lanes that are off may hold a zero (or INT_MIN / -1) and must not trap.
      if (!isAllLanes(maskOf(I)))
        RHS = B.CreateSelect(elementMask(maskOf(I), I.getType(), B), RHS, ConstantInt::get(RHS->getType(), 1));
      break;
    default:
      break;
    }
    Result = B.CreateBinOp(BO->getOpcode(), Op(0), RHS, I.getName());
    cast<Instruction>(Result)->copyIRFlags(BO);
  } else if (auto *UO = dyn_cast<UnaryOperator>(&I)) {
    Result = B.CreateUnOp(UO->getOpcode(), Op(0), I.getName());
    cast<Instruction>(Result)->copyIRFlags(UO);
  } else if (auto *Cast = dyn_cast<CastInst>(&I)) {
    Result = B.CreateCast(Cast->getOpcode(), Op(0), widenedType(I.getType()), I.getName());
    if (auto *New = dyn_cast<Instruction>(Result))
      New->copyIRFlags(Cast);
  } else if (auto *Cmp = dyn_cast<CmpInst>(&I)) {
    Result = B.CreateCmp(Cmp->getPredicate(), Op(0), Op(1), I.getName());
    if (auto *New = dyn_cast<Instruction>(Result))
      New->copyIRFlags(Cmp);
  } else if (auto *Select = dyn_cast<SelectInst>(&I)) {
    Value *Cond = Select->getCondition();
    if (!Shapes.isUniform(Cond))
      Cond = elementMask(vectorOf(Cond), I.getType(), B);
    Result = B.CreateSelect(Cond, Op(1), Op(2), I.getName());
    if (auto *New = dyn_cast<Instruction>(Result))
      New->copyIRFlags(Select);
  } else if (auto *Freeze = dyn_cast<FreezeInst>(&I)) {
    Result = B.CreateFreeze(Op(0), Freeze->getName());
  } else if (auto *GEP = dyn_cast<GetElementPtrInst>(&I)) {
    Value *Base = GEP->getPointerOperand();
    Base = Shapes.isUniform(Base) ? Base : vectorOf(Base);
    SmallVector<Value *, 4> Indices;
    for (Use &Index : GEP->indices())
      Indices.push_back(Shapes.isUniform(Index.get()) ? Index.get() : vectorOf(Index.get()));
    Result = B.CreateGEP(GEP->getSourceElementType(), Base, Indices, I.getName(), GEP->getNoWrapFlags());
  } else {
    return packetizePerLane(I, false);
  }
  Vectors[&I] = Result;
  Replaced.push_back(&I);
}

void KernelVectorizer::packetizePhi(PHINode &Phi) {
  IRBuilder<> B(&Phi);
  PHINode *New = B.CreatePHI(widenedType(Phi.getType()), Phi.getNumIncomingValues(), Phi.getName());
  VectorPhis[&Phi] = New;
  Vectors[&Phi] = New;
  Replaced.push_back(&Phi);
}

void KernelVectorizer::finishPhis() {
  for (auto &[Phi, New] : VectorPhis)
    for (unsigned K = 0; K < Phi->getNumIncomingValues(); ++K)
      New->addIncoming(vectorOf(Phi->getIncomingValue(K)), Phi->getIncomingBlock(K));
}

void KernelVectorizer::packetizeLoad(LoadInst &Load) {
  IRBuilder<> B(&Load);
  Value *Ptr = Load.getPointerOperand();
  Type *Ty = Load.getType();
  Type *VecTy = widenedType(Ty);
  Value *Mask = maskOf(Load);
  Value *Result;
  if (Shapes.isConsecutiveAccess(Ptr, Ty)) {
    if (isAllLanes(Mask))
      Result = B.CreateAlignedLoad(VecTy, Ptr, Load.getAlign(), Load.getName());
    else
      Result = B.CreateMaskedLoad(VecTy, Ptr, Load.getAlign(), elementMask(Mask, Ty, B), nullptr, Load.getName());
  } else {
    Align ElementAlign = std::min(Load.getAlign(), DL.getABITypeAlign(Ty->getScalarType()));
    Result = B.CreateMaskedGather(VecTy, elementPointers(Ptr, Ty, B), ElementAlign, elementMask(Mask, Ty, B),
                                  nullptr, Load.getName());
    ++NumGathers;
  }
  if (auto *New = dyn_cast<Instruction>(Result))
    New->copyMetadata(Load, {LLVMContext::MD_tbaa, LLVMContext::MD_invariant_load, LLVMContext::MD_nontemporal});
  Vectors[&Load] = Result;
  Replaced.push_back(&Load);
}

void KernelVectorizer::packetizeStore(StoreInst &Store) {
  IRBuilder<> B(&Store);
  Value *Ptr = Store.getPointerOperand();
  Value *Val = Store.getValueOperand();
  Type *Ty = Val->getType();
  Value *Mask = maskOf(Store);
  Instruction *New;
  if (Shapes.isConsecutiveAccess(Ptr, Ty)) {
    if (isAllLanes(Mask))
      New = B.CreateAlignedStore(vectorOf(Val), Ptr, Store.getAlign());
    else
      New = B.CreateMaskedStore(vectorOf(Val), Ptr, Store.getAlign(), elementMask(Mask, Ty, B));
  } else {
    Align ElementAlign = std::min(Store.getAlign(), DL.getABITypeAlign(Ty->getScalarType()));
    New = B.CreateMaskedScatter(vectorOf(Val), elementPointers(Ptr, Ty, B), ElementAlign, elementMask(Mask, Ty, B));
    ++NumScatters;
  }
  New->copyMetadata(Store, {LLVMContext::MD_tbaa, LLVMContext::MD_nontemporal});
  Replaced.push_back(&Store);
}

/// The LLVM intrinsic that computes the C library function \p Callee (sinf,
/// tanh, powf, ...), so that it gets a vector form; not_intrinsic otherwise.
static Intrinsic::ID libraryIntrinsic(const CallInst &Call) {
  const Function *Callee = Call.getCalledFunction();
  Type *Ty = Call.getType();
  if (!Callee || !(Ty->isFloatTy() || Ty->isDoubleTy()) ||
      any_of(Call.args(), [&](const Use &Arg) { return Arg->getType() != Ty; }))
    return Intrinsic::not_intrinsic;
  StringRef Name = Callee->getName();
  if (Ty->isFloatTy() && !Name.consume_back("f"))
    return Intrinsic::not_intrinsic;
  static const std::pair<StringRef, Intrinsic::ID> Table[] = {
      {"sin", Intrinsic::sin},       {"cos", Intrinsic::cos},     {"tan", Intrinsic::tan},
      {"asin", Intrinsic::asin},     {"acos", Intrinsic::acos},   {"atan", Intrinsic::atan},
      {"atan2", Intrinsic::atan2},   {"sinh", Intrinsic::sinh},   {"cosh", Intrinsic::cosh},
      {"tanh", Intrinsic::tanh},     {"exp", Intrinsic::exp},     {"exp2", Intrinsic::exp2},
      {"exp10", Intrinsic::exp10},   {"log", Intrinsic::log},     {"log2", Intrinsic::log2},
      {"log10", Intrinsic::log10},   {"pow", Intrinsic::pow},     {"sqrt", Intrinsic::sqrt},
      {"fabs", Intrinsic::fabs},     {"floor", Intrinsic::floor}, {"ceil", Intrinsic::ceil},
      {"trunc", Intrinsic::trunc},   {"round", Intrinsic::round}, {"rint", Intrinsic::rint},
      {"fmin", Intrinsic::minnum},   {"fmax", Intrinsic::maxnum}, {"copysign", Intrinsic::copysign},
      {"fma", Intrinsic::fma},
  };
  for (auto &[Function, ID] : Table)
    if (Name == Function && Call.arg_size() == Intrinsic::getType(Call.getContext(), ID, {Ty})->getNumParams())
      return ID;
  return Intrinsic::not_intrinsic;
}

void KernelVectorizer::packetizeCall(CallInst &Call) {
  Intrinsic::ID ID = Call.getIntrinsicID();
  if (ID == Intrinsic::not_intrinsic)
    ID = libraryIntrinsic(Call);
  if (ID == Intrinsic::not_intrinsic || !isTriviallyVectorizable(ID))
    return packetizePerLane(Call, false); // pure: safe to run in lanes that are off
  SmallVector<Value *, 4> Args;
  SmallVector<Type *, 4> Overloads;
  if (isVectorIntrinsicWithOverloadTypeAtArg(ID, -1, nullptr))
    Overloads.push_back(widenedType(Call.getType()));
  for (unsigned K = 0; K < Call.arg_size(); ++K) {
    Value *Arg = Call.getArgOperand(K);
    if (isVectorIntrinsicWithScalarOpAtArg(ID, K, nullptr)) {
      if (!Shapes.isUniform(Arg))
        return packetizePerLane(Call, false);
      Args.push_back(Arg);
    } else {
      Args.push_back(vectorOf(Arg));
    }
    if (isVectorIntrinsicWithOverloadTypeAtArg(ID, K, nullptr))
      Overloads.push_back(Args.back()->getType());
  }
  IRBuilder<> B(&Call);
  Function *Decl = Intrinsic::getOrInsertDeclaration(&M, ID, Overloads);
  CallInst *New = B.CreateCall(Decl, Args, Call.getName());
  New->copyIRFlags(&Call);
  Vectors[&Call] = New;
  Replaced.push_back(&Call);
}

void KernelVectorizer::packetizeShortVectorOp(Instruction &I) {
  IRBuilder<> B(&I);
  Value *Result = nullptr;
  if (auto *Extract = dyn_cast<ExtractElementInst>(&I)) {
    auto *Index = dyn_cast<ConstantInt>(Extract->getIndexOperand());
    unsigned N = cast<FixedVectorType>(Extract->getVectorOperandType())->getNumElements();
    if (!Index || Index->getZExtValue() >= N)
      return packetizePerLane(I, false);
    SmallVector<int, 16> Mask;
    for (unsigned Lane = 0; Lane < W; ++Lane)
      Mask.push_back(static_cast<int>(Lane * N + Index->getZExtValue()));
    Result = B.CreateShuffleVector(vectorOf(Extract->getVectorOperand()), Mask, I.getName());
  } else if (auto *Insert = dyn_cast<InsertElementInst>(&I)) {
    auto *Index = dyn_cast<ConstantInt>(Insert->getOperand(2));
    unsigned N = cast<FixedVectorType>(Insert->getType())->getNumElements();
    if (!Index || Index->getZExtValue() >= N)
      return packetizePerLane(I, false);
    // Widen the W new elements to the packet's length, then interleave.
    SmallVector<int, 64> Widen, Mask;
    for (unsigned K = 0; K < W * N; ++K)
      Widen.push_back(K < W ? static_cast<int>(K) : PoisonMaskElem);
    Value *Elements = B.CreateShuffleVector(vectorOf(Insert->getOperand(1)), Widen);
    for (unsigned Lane = 0; Lane < W; ++Lane)
      for (unsigned E = 0; E < N; ++E)
        Mask.push_back(E == Index->getZExtValue() ? static_cast<int>(W * N + Lane) : static_cast<int>(Lane * N + E));
    Result = B.CreateShuffleVector(vectorOf(Insert->getOperand(0)), Elements, Mask, I.getName());
  } else {
    auto *Shuffle = cast<ShuffleVectorInst>(&I);
    unsigned N = cast<FixedVectorType>(Shuffle->getOperand(0)->getType())->getNumElements();
    SmallVector<int, 64> Mask;
    for (unsigned Lane = 0; Lane < W; ++Lane)
      for (int Element : Shuffle->getShuffleMask()) {
        if (Element == PoisonMaskElem)
          Mask.push_back(PoisonMaskElem);
        else if (static_cast<unsigned>(Element) < N)
          Mask.push_back(static_cast<int>(Lane * N + Element));
        else
          Mask.push_back(static_cast<int>(W * N + Lane * N + (Element - N)));
      }
    Result = B.CreateShuffleVector(vectorOf(Shuffle->getOperand(0)), vectorOf(Shuffle->getOperand(1)), Mask,
                                   I.getName());
  }
  Vectors[&I] = Result;
  Replaced.push_back(&I);
}

void KernelVectorizer::packetizePerLane(Instruction &I, bool Masked) {
  IRBuilder<> B(&I);
  SmallVector<Value *, 16> Results;
  Value *Mask = maskOf(I);
  for (unsigned Lane = 0; Lane < W; ++Lane) {
    Instruction *Clone = I.clone();
    for (Use &Op : Clone->operands())
      Op.set(laneOf(Op.get(), Lane, B));
    B.Insert(Clone, I.hasName() ? I.getName() + ".lane" + Twine(Lane) : "");
    if (Masked)
      GuardedLanes.push_back({Clone, Mask, Lane});
    Results.push_back(Clone);
  }
  ++NumPerLane;
  if (!I.getType()->isVoidTy()) {
    if (widenedType(I.getType()))
      Vectors[&I] = lanesToValue(Results, I.getType(), B);
    else
      Lanes[&I] = Results;
  }
  Replaced.push_back(&I);
}

void KernelVectorizer::widenAlloca(AllocaInst &Alloca) {
  // W private copies side by side: lane i's copy starts at i * size.
  Type *Ty = Alloca.getAllocatedType();
  if (auto *Count = dyn_cast<ConstantInt>(Alloca.getArraySize()); Count && !Count->isOne())
    Ty = ArrayType::get(Ty, Count->getZExtValue());
  Alloca.setAllocatedType(ArrayType::get(Ty, W));
  Alloca.setOperand(0, ConstantInt::get(Alloca.getArraySize()->getType(), 1));
}

void KernelVectorizer::guardMaskedLanes() {
  for (GuardedLane &G : GuardedLanes) {
    IRBuilder<> B(G.Clone);
    Value *On = B.CreateExtractElement(G.Mask, B.getInt64(G.Lane), "lane.on");
    BasicBlock *Head = G.Clone->getParent();
    Instruction *ThenTerm = SplitBlockAndInsertIfThen(On, G.Clone, /*Unreachable=*/false);
    BasicBlock *Tail = G.Clone->getParent();
    G.Clone->moveBefore(ThenTerm->getIterator());
    if (G.Clone->use_empty())
      continue;
    IRBuilder<> TB(Tail, Tail->begin());
    PHINode *Phi = TB.CreatePHI(G.Clone->getType(), 2);
    G.Clone->replaceAllUsesWith(Phi);
    Phi->addIncoming(G.Clone, ThenTerm->getParent());
    Phi->addIncoming(PoisonValue::get(G.Clone->getType()), Head);
  }
}

bool KernelVectorizer::eraseScalarOriginals() {
  // Every user of a replaced instruction was itself replaced; anything else
  // would be a hole in the shape analysis.
  SmallPtrSet<Instruction *, 32> Gone(Replaced.begin(), Replaced.end());
  bool Consistent = true;
  for (Instruction *I : Replaced)
    for (User *U : I->users())
      Consistent &= Gone.contains(cast<Instruction>(U));
  for (Instruction *I : reverse(Replaced)) {
    if (!I->use_empty())
      I->replaceAllUsesWith(PoisonValue::get(I->getType()));
    I->eraseFromParent();
  }
  return Consistent;
}

} // namespace sporkle::vectorizer
