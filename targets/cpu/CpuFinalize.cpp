//===- CpuFinalize.cpp - close the device module before optimization ------===//
//
// After the work-item loops, the only entry points of the device module are
// the work-group functions. This pass
//   * internalizes every other definition (functions and device globals), so
//     device copies of inline functions or globals never clash with the
//     host's symbols when the object is linked into the program, and so the
//     optimizer sees a closed world;
//   * drops `convergent`: it only protected barriers and builtins from code
//     motion while they existed; left in place it would block unswitching,
//     jump threading and other transforms the CPU code wants;
//   * drops the frame-pointer request the SPIR device pass put on every
//     function (kernel code needs no frame pointer, and the register helps).
//
//===----------------------------------------------------------------------===//
#include "CpuPasses.h"
#include "SporkleDiagnostics.h"
#include "SporklePasses.h"
#include "WorkItemMarkers.h"

#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"

using namespace llvm;

namespace sporkle::cpu {

PreservedAnalyses CpuFinalizePass::run(Module &M, ModuleAnalysisManager &) {
  for (Function &F : M) {
    if (isKernel(F)) {
      reportDeviceError(F, "sporkle-cpu-finalize: kernel '" + F.getName() +
                               "' was not lowered (run sporkle-cpu-kernel-abi and "
                               "sporkle-work-item-loops first)");
      return PreservedAnalyses::all();
    }
    if (isWorkGroupFunction(F) && !F.hasFnAttribute(WorkItemLoopsDoneAttr)) {
      reportDeviceError(F, "sporkle-cpu-finalize: '" + F.getName() +
                               "' has no work-item loops yet (run sporkle-work-item-loops first)");
      return PreservedAnalyses::all();
    }
  }

  for (Function &F : M) {
    F.removeFnAttr(Attribute::Convergent);
    F.removeFnAttr("frame-pointer");
    if (F.isDeclaration())
      continue;
    if (!isWorkGroupFunction(F)) {
      F.setComdat(nullptr);
      F.setLinkage(GlobalValue::InternalLinkage);
      F.setVisibility(GlobalValue::DefaultVisibility);
    }
    for (Instruction &I : instructions(F))
      if (auto *CB = dyn_cast<CallBase>(&I))
        CB->removeFnAttr(Attribute::Convergent);
  }
  for (GlobalVariable &GV : M.globals())
    if (!GV.isDeclaration()) {
      GV.setComdat(nullptr);
      GV.setLinkage(GlobalValue::InternalLinkage);
      GV.setVisibility(GlobalValue::DefaultVisibility);
    }
  for (GlobalAlias &GA : M.aliases()) {
    GA.setLinkage(GlobalValue::InternalLinkage);
    GA.setVisibility(GlobalValue::DefaultVisibility);
  }
  if (M.getModuleFlag("frame-pointer"))
    M.setModuleFlag(Module::Max, "frame-pointer", 0u);
  return PreservedAnalyses::none();
}

} // namespace sporkle::cpu
