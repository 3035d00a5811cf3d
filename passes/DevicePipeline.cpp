//===- DevicePipeline.cpp - the common, target-neutral device pipeline ----===//
//
// prepareDeviceModule (DevicePipeline.h) runs, in order:
//   0. NativeMath: sycl::native calls become intrinsics marked afn;
//   1. CheckDeviceCode: reject what no target can run, with source locations;
//      stop here on any error, before inlining blurs the locations;
//   2. InlineIntoKernels: one self-contained function per kernel;
//   3. clean-up (SROA, EarlyCSE, InstCombine, SimplifyCFG, GlobalDCE): the
//      inlined code still passes the functor and every helper's locals
//      through memory; promoting them here leaves the targets' passes (the
//      work-item loops above all, which must keep per-work-item copies of what
//      stays in memory across a barrier) far less to carry;
//   4. debug info is stripped unless the user asked for it (-g): it was
//      only there for step 1's messages.
// Nothing here knows about any target: the module keeps its SPIR flavour
// (spirv64 triple, address spaces, spir_kernel).
//
//===----------------------------------------------------------------------===//
#include "DevicePipeline.h"
#include "AnalysisManagers.h"
#include "SporkleDiagnostics.h"
#include "SporklePasses.h"

#include "llvm/IR/DebugInfo.h"
#include "llvm/IR/DiagnosticHandler.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Transforms/IPO/GlobalDCE.h"
#include "llvm/Transforms/InstCombine/InstCombine.h"
#include "llvm/Transforms/Scalar/EarlyCSE.h"
#include "llvm/Transforms/Scalar/SROA.h"
#include "llvm/Transforms/Scalar/SimplifyCFG.h"

using namespace llvm;

namespace sporkle {

std::vector<std::string> kernelNames(const Module &M) {
  std::vector<std::string> Names;
  for (const Function &F : M)
    if (isKernel(F))
      Names.push_back(F.getName().str());
  return Names;
}

static bool contextHasErrors(const LLVMContext &Ctx) {
  const DiagnosticHandler *DH = Ctx.getDiagHandlerPtr();
  return DH && DH->HasErrors;
}

PreservedAnalyses PrepareDeviceModulePass::run(Module &M, ModuleAnalysisManager &AM) {
  bool HadErrors = contextHasErrors(M.getContext());
  NativeMathPass().run(M, AM);
  CheckDeviceCodePass().run(M, AM);
  if (!HadErrors && contextHasErrors(M.getContext()))
    return PreservedAnalyses::all(); // the checks failed: leave the module as it was

  InlineIntoKernelsPass().run(M, AM);
  AM.invalidate(M, PreservedAnalyses::none());

  FunctionPassManager Cleanup;
  Cleanup.addPass(SROAPass(SROAOptions::ModifyCFG));
  Cleanup.addPass(EarlyCSEPass(/*UseMemorySSA=*/false));
  if (OptLevel > 0)
    Cleanup.addPass(InstCombinePass());
  Cleanup.addPass(SimplifyCFGPass());
  ModulePassManager MPM;
  MPM.addPass(createModuleToFunctionPassAdaptor(std::move(Cleanup)));
  MPM.addPass(GlobalDCEPass());
  MPM.run(M, AM);

  if (!KeepDebugInfo)
    StripDebugInfo(M);
  return PreservedAnalyses::none();
}

Error prepareDeviceModule(Module &M, const DeviceLinkOptions &Opts) {
  DeviceDiagnosticCollector Diagnostics(M.getContext());

  PassBuilder PB;
  AnalysisManagers AM(PB);

  PrepareDeviceModulePass Prepare;
  Prepare.OptLevel = Opts.OptLevel;
  Prepare.KeepDebugInfo = Opts.DebugInfo;
  ModulePassManager MPM;
  MPM.addPass(std::move(Prepare));
  MPM.run(M, AM.MAM);
  return Diagnostics.takeError();
}

} // namespace sporkle
