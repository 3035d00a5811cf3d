//===- PassRegistry.cpp - sporkle's common passes by name -----------------===//
#include "SporklePasses.h"
#include "vectorizer/VectorShapes.h"
#include "vectorizer/Vectorizer.h"

#include "llvm/Passes/PassBuilder.h"

using namespace llvm;

namespace sporkle {

void registerSporklePasses(PassBuilder &PB) {
  PB.registerPipelineParsingCallback(
      [](StringRef Name, ModulePassManager &MPM, ArrayRef<PassBuilder::PipelineElement>) {
        if (Name == "sporkle-native-math") {
          MPM.addPass(NativeMathPass());
          return true;
        }
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
        // sporkle-vectorize<width=N> (default 8: a width that is never the
        // CPU's own choice by accident in tests).
        if (Name.consume_front("sporkle-vectorize")) {
          unsigned Width = 8;
          if (!Name.empty() && (!Name.consume_front("<width=") || !Name.consume_back(">") ||
                                Name.getAsInteger(10, Width) || !isPowerOf2_32(Width)))
            return false;
          MPM.addPass(VectorizeKernelsPass(Width));
          return true;
        }
        return false;
      });
  PB.registerPipelineParsingCallback(
      [](StringRef Name, FunctionPassManager &FPM, ArrayRef<PassBuilder::PipelineElement>) {
        if (Name == "sporkle-print-vector-shapes") {
          FPM.addPass(vectorizer::PrintVectorShapesPass(outs()));
          return true;
        }
        return false;
      });
}

} // namespace sporkle
