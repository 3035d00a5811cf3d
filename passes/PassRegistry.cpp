//===- PassRegistry.cpp - sporkle's common passes by name -----------------===//
#include "SporklePasses.h"

#include "llvm/Passes/PassBuilder.h"

using namespace llvm;

namespace sporkle {

void registerSporklePasses(PassBuilder &PB) {
  PB.registerPipelineParsingCallback(
      [](StringRef Name, ModulePassManager &MPM, ArrayRef<PassBuilder::PipelineElement>) {
        if (Name == "sporkle-check-device-code") {
          MPM.addPass(CheckDeviceCodePass());
          return true;
        }
        if (Name == "sporkle-inline-kernels") {
          MPM.addPass(InlineIntoKernelsPass());
          return true;
        }
        if (Name == "sporkle-prepare" || Name == "sporkle-prepare<keep-debug-info>") {
          PrepareDeviceModulePass P;
          P.KeepDebugInfo = Name.ends_with("<keep-debug-info>");
          MPM.addPass(std::move(P));
          return true;
        }
        if (Name == "sporkle-work-item-loops") {
          MPM.addPass(WorkItemLoopsPass());
          return true;
        }
        return false;
      });
}

} // namespace sporkle
