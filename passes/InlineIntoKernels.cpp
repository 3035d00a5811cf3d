//===- InlineIntoKernels.cpp - one function per kernel --------------------===//
//
// Inlines every call to a defined device function into the kernels, however
// large, then deletes the functions nothing calls any more. Why all of it:
//   * barriers must end up in the kernel body, where the work-item-loops pass
//     (and the vectorizer before them) can see and split at them;
//   * kernel-ABI lowering then sees every builtin call in the kernel itself;
//   * GPU targets have no real stack for calls anyway.
// Inlining is forced against noinline/optnone (a user's -O0 build still has
// to be split at barriers). Functions taking part in recursion are left alone
// (CheckDeviceCode has reported them), so this pass always terminates.
//
//===----------------------------------------------------------------------===//
#include "SporkleDiagnostics.h"
#include "SporklePasses.h"

#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/Cloning.h"

using namespace llvm;

namespace sporkle {

namespace {

/// Functions that can reach themselves through direct calls.
SmallPtrSet<Function *, 8> findRecursiveFunctions(Module &M) {
  SmallPtrSet<Function *, 8> Recursive;
  for (Function &Start : M) {
    if (Start.isDeclaration())
      continue;
    SmallVector<Function *, 16> Worklist{&Start};
    SmallPtrSet<Function *, 16> Seen;
    while (!Worklist.empty()) {
      Function *F = Worklist.pop_back_val();
      for (Instruction &I : instructions(*F))
        if (auto *CB = dyn_cast<CallBase>(&I))
          if (Function *Callee = CB->getCalledFunction(); Callee && !Callee->isDeclaration()) {
            if (Callee == &Start) {
              Recursive.insert(&Start);
              Worklist.clear();
              break;
            }
            if (Seen.insert(Callee).second)
              Worklist.push_back(Callee);
          }
    }
  }
  return Recursive;
}

} // namespace

PreservedAnalyses InlineIntoKernelsPass::run(Module &M, ModuleAnalysisManager &) {
  SmallPtrSet<Function *, 8> Recursive = findRecursiveFunctions(M);
  bool Changed = false;

  for (Function &F : M) {
    if (F.isDeclaration())
      continue;
    F.removeFnAttr(Attribute::NoInline);
    F.removeFnAttr(Attribute::OptimizeNone);
  }

  for (Function &Kernel : M) {
    if (!isKernel(Kernel))
      continue;
    // Inlining a call may expose more calls; repeat until none is left.
    for (bool Progress = true; Progress;) {
      Progress = false;
      SmallVector<CallBase *, 16> Calls;
      for (Instruction &I : instructions(Kernel))
        if (auto *CB = dyn_cast<CallBase>(&I))
          if (Function *Callee = CB->getCalledFunction();
              Callee && !Callee->isDeclaration() && !isKernel(*Callee) && !Recursive.contains(Callee))
            Calls.push_back(CB);
      for (CallBase *CB : Calls) {
        Function *Callee = CB->getCalledFunction();
        InlineFunctionInfo IFI;
        InlineResult Result = InlineFunction(*CB, IFI);
        if (!Result.isSuccess()) {
          reportDeviceError(*CB, "cannot inline " + quotedName(Callee->getName()) +
                                     " into kernel: " + Result.getFailureReason());
          continue;
        }
        Progress = Changed = true;
      }
    }
  }

  // The device module is the whole program and only kernels are entered from
  // outside, so any other function without users is dead.
  for (bool Erased = true; Erased;) {
    Erased = false;
    for (Function &F : make_early_inc_range(M)) {
      if (F.isDeclaration() || isKernel(F))
        continue;
      F.removeDeadConstantUsers();
      if (F.use_empty()) {
        F.eraseFromParent();
        Erased = Changed = true;
      }
    }
  }
  return Changed ? PreservedAnalyses::none() : PreservedAnalyses::all();
}

} // namespace sporkle
