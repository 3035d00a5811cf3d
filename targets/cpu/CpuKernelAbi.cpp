//===- CpuKernelAbi.cpp - kernels become work-group functions -------------===//
//
// Turns each SYCL kernel `spir_kernel void @K(ptr byval(%functor))` into the
// CPU ABI's work-group function (include/sporkle/cpu_abi.h)
//
//   void @__sporkle_cpu_wg.K(ptr noalias readonly %args, ptr noalias readonly %ctx)
//
// still describing one work-item; WorkItemLoops makes it run the whole group.
//   * %args is the runtime's copy of the functor and replaces the byval
//     argument. Kernels only read it (SYCL kernels are const), so its loads are
//     marked !invariant.load, which lets later passes hoist them and lets
//     WorkItemLoops recompute, rather than store per work-item, values derived
//     from them. A kernel that may write to its functor gets a private copy.
//   * builtins that are uniform over the group become loads from %ctx:
//     global/local size, number of groups, offset, group id, local memory base;
//     global_id(d) = group_id(d) * local_size(d) + local_id(d) + offset(d);
//   * local_id(d) becomes the @sporkle.wi.local_id marker, and the entry block
//     gets @sporkle.wg.local_size (WorkItemMarkers.h): the interface to the
//     work-item loops and to the vectorizer's lane-shape analysis.
// Dimension arguments may be run-time values; outside 0..2 an id reads 0 and
// a size 1, as device_builtins.h says. Barriers are left for WorkItemLoops.
// The symbol is hidden and prefixed so it never clashes with a host symbol;
// the driver's registration object refers to it (CpuKernelInfo::Symbol).
//
//===----------------------------------------------------------------------===//
#include "CpuPasses.h"
#include "SporkleDiagnostics.h"
#include "SporklePasses.h"
#include "WorkItemMarkers.h"

#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"
#include "llvm/TargetParser/Triple.h"

#include "sporkle/cpu_abi.h"

#include <cstddef>

using namespace llvm;

namespace sporkle::cpu {

namespace {

enum class CtxField : unsigned {
  GlobalSize = offsetof(sporkle_cpu_wg_context, global_size),
  LocalSize = offsetof(sporkle_cpu_wg_context, local_size),
  NumGroups = offsetof(sporkle_cpu_wg_context, num_groups),
  GlobalOffset = offsetof(sporkle_cpu_wg_context, global_offset),
  GroupId = offsetof(sporkle_cpu_wg_context, group_id),
  LocalMem = offsetof(sporkle_cpu_wg_context, local_mem),
};

std::string symbolFor(StringRef KernelName) {
  std::string Symbol = WorkGroupSymbolPrefix.str();
  for (char C : KernelName)
    Symbol += isAlnum(C) || C == '_' ? C : '_';
  return Symbol;
}

class KernelLowering {
public:
  KernelLowering(Function &WG, Argument *Ctx) : WG(WG), M(*WG.getParent()), CtxArg(Ctx) {}

  /// Lowers every builtin call in the work-group function.
  bool lowerBuiltins();
  void emitLocalSizeMarker();

private:
  Value *loadField(IRBuilder<> &B, CtxField Field, Value *Dim, uint64_t OutOfRange);
  Value *localId(IRBuilder<> &B, Value *Dim);
  Value *lower(CallInst &Call, StringRef Builtin, IRBuilder<> &B);

  Function &WG;
  Module &M;
  Argument *CtxArg;
  Type *I64 = Type::getInt64Ty(M.getContext());
};

LoadInst *invariantLoad(IRBuilder<> &B, Type *Ty, Value *Ptr, const Twine &Name) {
  LoadInst *Load = B.CreateAlignedLoad(Ty, Ptr, Align(8), Name);
  Load->setMetadata(LLVMContext::MD_invariant_load, MDNode::get(B.getContext(), {}));
  return Load;
}

/// ctx->field[dim]; \p OutOfRange for a dimension outside 0..2.
Value *KernelLowering::loadField(IRBuilder<> &B, CtxField Field, Value *Dim, uint64_t OutOfRange) {
  static const char *Names[] = {"global_size", "local_size", "num_groups", "global_offset", "group_id"};
  const char *Name = Names[static_cast<unsigned>(Field) / 24];
  unsigned Offset = static_cast<unsigned>(Field);
  if (auto *C = dyn_cast<ConstantInt>(Dim)) {
    if (C->getZExtValue() >= 3)
      return ConstantInt::get(I64, OutOfRange);
    Value *Ptr = B.CreateConstInBoundsGEP1_64(B.getInt8Ty(), CtxArg, Offset + 8 * C->getZExtValue());
    return invariantLoad(B, I64, Ptr, Twine(Name) + "." + Twine(C->getZExtValue()));
  }
  Value *Base = B.CreateConstInBoundsGEP1_64(B.getInt8Ty(), CtxArg, Offset);
  Value *InRange = B.CreateICmpULT(Dim, ConstantInt::get(Dim->getType(), 3));
  Value *Safe = B.CreateSelect(InRange, B.CreateZExt(Dim, I64), ConstantInt::get(I64, 0));
  Value *Loaded = invariantLoad(B, I64, B.CreateInBoundsGEP(I64, Base, Safe), Name);
  return B.CreateSelect(InRange, Loaded, ConstantInt::get(I64, OutOfRange));
}

Value *KernelLowering::localId(IRBuilder<> &B, Value *Dim) {
  Function *Marker = getOrCreateLocalIdMarker(M);
  if (auto *C = dyn_cast<ConstantInt>(Dim)) {
    if (C->getZExtValue() >= 3)
      return ConstantInt::get(I64, 0);
    return B.CreateCall(Marker, {B.getInt32(C->getZExtValue())}, "lid");
  }
  // Markers take constant dimensions only, so that every later pass can tell
  // the dimension of an id statically.
  Value *Result = ConstantInt::get(I64, 0);
  for (unsigned D = 3; D-- > 0;) {
    Value *Is = B.CreateICmpEQ(Dim, ConstantInt::get(Dim->getType(), D));
    Result = B.CreateSelect(Is, B.CreateCall(Marker, {B.getInt32(D)}, "lid"), Result);
  }
  return Result;
}

Value *KernelLowering::lower(CallInst &Call, StringRef Builtin, IRBuilder<> &B) {
  Value *Dim = Call.arg_size() == 1 ? Call.getArgOperand(0) : nullptr;
  if (Builtin == "global_size" && Dim)
    return loadField(B, CtxField::GlobalSize, Dim, 1);
  if (Builtin == "local_size" && Dim)
    return loadField(B, CtxField::LocalSize, Dim, 1);
  if (Builtin == "num_groups" && Dim)
    return loadField(B, CtxField::NumGroups, Dim, 1);
  if (Builtin == "global_offset" && Dim)
    return loadField(B, CtxField::GlobalOffset, Dim, 0);
  if (Builtin == "group_id" && Dim)
    return loadField(B, CtxField::GroupId, Dim, 0);
  if (Builtin == "local_id" && Dim)
    return localId(B, Dim);
  if (Builtin == "global_id" && Dim) {
    // One statement per step: the IR order must not depend on the order in
    // which the C++ compiler evaluates call arguments.
    Value *Group = loadField(B, CtxField::GroupId, Dim, 0);
    Value *Size = loadField(B, CtxField::LocalSize, Dim, 1);
    Value *GroupBase = B.CreateMul(Group, Size, "", true, true);
    Value *InGroup = B.CreateAdd(GroupBase, localId(B, Dim), "", true, true);
    Value *Offset = loadField(B, CtxField::GlobalOffset, Dim, 0);
    return B.CreateAdd(InGroup, Offset, "gid", true, true);
  }
  if (Builtin == "local_base" && !Dim) {
    Value *Ptr = B.CreateConstInBoundsGEP1_64(B.getInt8Ty(), CtxArg, static_cast<unsigned>(CtxField::LocalMem));
    Value *Base = invariantLoad(B, B.getPtrTy(), Ptr, "local_mem");
    return B.CreateAddrSpaceCast(Base, Call.getType(), "local_base");
  }
  return nullptr;
}

bool KernelLowering::lowerBuiltins() {
  bool OK = true;
  SmallVector<CallInst *, 16> Calls;
  for (Instruction &I : instructions(WG))
    if (auto *Call = dyn_cast<CallInst>(&I))
      if (Function *Callee = Call->getCalledFunction(); Callee && isDeviceBuiltin(*Callee))
        Calls.push_back(Call);
  for (CallInst *Call : Calls) {
    StringRef Builtin = Call->getCalledFunction()->getName().drop_front(strlen("__sporkle_"));
    if (Builtin == "barrier")
      continue; // WorkItemLoops' business
    IRBuilder<> B(Call);
    Value *Lowered = lower(*Call, Builtin, B);
    if (!Lowered) {
      reportDeviceError(*Call, "unknown sporkle device builtin '" + Call->getCalledFunction()->getName() + "'");
      OK = false;
      continue;
    }
    if (Lowered->getType() != Call->getType())
      Lowered = B.CreateZExtOrTrunc(Lowered, Call->getType());
    Call->replaceAllUsesWith(Lowered);
    Call->eraseFromParent();
  }
  return OK;
}

void KernelLowering::emitLocalSizeMarker() {
  IRBuilder<> B(&*WG.getEntryBlock().getFirstInsertionPt());
  Value *Sizes[3];
  for (unsigned D = 0; D < 3; ++D)
    Sizes[D] = loadField(B, CtxField::LocalSize, B.getInt32(D), 1);
  B.CreateCall(getOrCreateLocalSizeMarker(M), Sizes);
}

/// Marks every load through \p Args (read-only for the kernel's lifetime) as
/// invariant. Returns false if the kernel may write through it.
bool markArgumentLoadsInvariant(Argument &Args) {
  SmallVector<Value *, 8> Worklist{&Args};
  SmallVector<LoadInst *, 16> Loads;
  SmallPtrSet<Value *, 16> Seen;
  while (!Worklist.empty()) {
    Value *Ptr = Worklist.pop_back_val();
    for (User *U : Ptr->users()) {
      if (auto *Load = dyn_cast<LoadInst>(U)) {
        if (Load->isVolatile() || Load->isAtomic())
          return false;
        Loads.push_back(Load);
      } else if (isa<GetElementPtrInst>(U) || isa<AddrSpaceCastInst>(U) || isa<BitCastInst>(U)) {
        if (Seen.insert(U).second)
          Worklist.push_back(U);
      } else {
        return false; // stored, passed to a call, compared...: be conservative
      }
    }
  }
  for (LoadInst *Load : Loads)
    Load->setMetadata(LLVMContext::MD_invariant_load, MDNode::get(Args.getContext(), {}));
  return true;
}

bool lowerKernel(Function &Kernel) {
  Module &M = *Kernel.getParent();
  LLVMContext &Ctx = M.getContext();
  const DataLayout &DL = M.getDataLayout();

  Type *FunctorTy = nullptr;
  if (Kernel.arg_size() > 1 || (Kernel.arg_size() == 1 && !Kernel.getArg(0)->hasByValAttr())) {
    reportDeviceError(Kernel, "kernel " + quotedName(Kernel.getName()) +
                                  " must take its functor as its only argument, by value");
    return false;
  }
  if (Kernel.arg_size() == 1)
    FunctorTy = Kernel.getArg(0)->getParamByValType();

  PointerType *Ptr = PointerType::get(Ctx, 0);
  auto *WGTy = FunctionType::get(Type::getVoidTy(Ctx), {Ptr, Ptr}, false);
  Function *WG = Function::Create(WGTy, GlobalValue::ExternalLinkage, symbolFor(Kernel.getName()), M);
  WG->setVisibility(GlobalValue::HiddenVisibility);
  WG->setDSOLocal(true);
  WG->setCallingConv(CallingConv::C);
  // The kernel's function attributes still hold (nounwind, no-trapping-math...).
  WG->setAttributes(AttributeList::get(Ctx, Kernel.getAttributes().getFnAttrs(), {}, {}));
  WG->addFnAttr(WorkGroupFunctionAttr, Kernel.getName());
  WG->addFnAttr(ArgsSizeAttr, std::to_string(FunctorTy ? DL.getTypeAllocSize(FunctorTy).getFixedValue() : 0));
  Argument *Args = WG->getArg(0), *CtxArg = WG->getArg(1);
  Args->setName("args");
  CtxArg->setName("ctx");
  for (Argument *A : {Args, CtxArg}) {
    WG->addParamAttr(A->getArgNo(), Attribute::NoAlias);
    WG->addParamAttr(A->getArgNo(), Attribute::ReadOnly);
    WG->addParamAttr(A->getArgNo(), Attribute::NoUndef);
    WG->addParamAttr(A->getArgNo(), Attribute::getWithCaptureInfo(Ctx, CaptureInfo::none()));
  }
  WG->addParamAttr(0, Attribute::getWithAlignment(Ctx, Align(16)));
  WG->addParamAttr(1, Attribute::getWithAlignment(Ctx, Align(8)));
  WG->addDereferenceableParamAttr(1, sizeof(sporkle_cpu_wg_context));
  if (FunctorTy)
    WG->addDereferenceableParamAttr(0, DL.getTypeAllocSize(FunctorTy).getFixedValue());

  WG->splice(WG->begin(), &Kernel);
  if (FunctorTy) {
    Argument *Functor = Kernel.getArg(0);
    if (Functor->onlyReadsMemory() || !Functor->hasByValAttr()) {
      Functor->replaceAllUsesWith(Args);
      markArgumentLoadsInvariant(*Args);
    } else {
      // The kernel may write to its by-value functor: give it its own copy.
      IRBuilder<> B(&*WG->getEntryBlock().getFirstInsertionPt());
      AllocaInst *Copy = B.CreateAlloca(FunctorTy, DL.getAllocaAddrSpace(), nullptr, "functor");
      Copy->setAlignment(Kernel.getParamAlign(0).valueOrOne());
      B.CreateMemCpy(Copy, Copy->getAlign(), Args, Align(16), DL.getTypeAllocSize(FunctorTy).getFixedValue());
      Functor->replaceAllUsesWith(Copy);
    }
  }

  KernelLowering Lowering(*WG, CtxArg);
  bool OK = Lowering.lowerBuiltins();
  Lowering.emitLocalSizeMarker();
  Kernel.eraseFromParent();
  return OK;
}

} // namespace

PreservedAnalyses CpuKernelAbiPass::run(Module &M, ModuleAnalysisManager &) {
  if (M.getTargetTriple().isSPIRV()) {
    for (Function &F : M)
      if (isKernel(F)) {
        reportDeviceError(F, "sporkle-cpu-kernel-abi needs a module retargeted to the CPU "
                             "(run sporkle-cpu-retarget first; the triple is " +
                                 M.getTargetTriple().str() + ")");
        break;
      }
    return PreservedAnalyses::all();
  }
  for (GlobalVariable &GV : M.globals())
    if (GV.getAddressSpace() == 3)
      reportDeviceError(*M.begin(), "module-level local memory variable '" + GV.getName() +
                                        "' is not supported; use local_accessor");

  SmallVector<Function *, 8> Kernels;
  for (Function &F : M)
    if (isKernel(F))
      Kernels.push_back(&F);
  for (Function *Kernel : Kernels) {
    for (Use &U : Kernel->uses())
      if (auto *CB = dyn_cast<CallBase>(U.getUser()); CB && CB->isCallee(&U)) {
        reportDeviceError(*CB, "a kernel cannot be called from device code");
        return PreservedAnalyses::all();
      }
    lowerKernel(*Kernel);
  }
  return Kernels.empty() ? PreservedAnalyses::all() : PreservedAnalyses::none();
}

} // namespace sporkle::cpu
