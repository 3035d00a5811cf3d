//===- CpuPassRegistry.cpp - the CPU target's passes by name --------------===//
#include "CpuPasses.h"
#include "SporklePasses.h"

#include "llvm/Passes/PassBuilder.h"

using namespace llvm;

namespace sporkle::cpu {

void registerCpuPasses(PassBuilder &PB, TargetMachine &TM) {
  PB.registerPipelineParsingCallback(
      [&TM](StringRef Name, ModulePassManager &MPM, ArrayRef<PassBuilder::PipelineElement>) {
        if (Name == "sporkle-cpu-retarget") {
          MPM.addPass(CpuRetargetPass(TM));
          return true;
        }
        if (Name == "sporkle-cpu-kernel-abi") {
          MPM.addPass(CpuKernelAbiPass());
          return true;
        }
        if (Name == "sporkle-cpu-vector-math") {
          MPM.addPass(CpuVectorMathPass(TM));
          return true;
        }
        if (Name == "sporkle-cpu-finalize") {
          MPM.addPass(CpuFinalizePass());
          return true;
        }
        if (Name == "sporkle-cpu-lower") {
          MPM.addPass(CpuRetargetPass(TM));
          MPM.addPass(CpuKernelAbiPass());
          MPM.addPass(WorkItemLoopsPass());
          MPM.addPass(CpuFinalizePass());
          return true;
        }
        return false;
      });
}

} // namespace sporkle::cpu
