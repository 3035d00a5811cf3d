//===- AnalysisManagers.h - the four analysis managers, wired together ----===//
//
// Every place that runs a new-pass-manager pipeline on its own (the CPU
// target, the Vulkan target, sporkle-opt) needs the loop, function, CGSCC
// and module analysis managers registered with one PassBuilder and proxied
// to each other. One struct instead of the same eight lines each time.
//
//===----------------------------------------------------------------------===//
#ifndef SPORKLE_PASSES_ANALYSISMANAGERS_H
#define SPORKLE_PASSES_ANALYSISMANAGERS_H

#include "llvm/Analysis/CGSCCPassManager.h"
#include "llvm/Analysis/LoopAnalysisManager.h"
#include "llvm/Passes/PassBuilder.h"

namespace sporkle {

struct AnalysisManagers {
  llvm::LoopAnalysisManager LAM;
  llvm::FunctionAnalysisManager FAM;
  llvm::CGSCCAnalysisManager CGAM;
  llvm::ModuleAnalysisManager MAM;
  explicit AnalysisManagers(llvm::PassBuilder &PB) {
    PB.registerModuleAnalyses(MAM);
    PB.registerCGSCCAnalyses(CGAM);
    PB.registerFunctionAnalyses(FAM);
    PB.registerLoopAnalyses(LAM);
    PB.crossRegisterProxies(LAM, FAM, CGAM, MAM);
  }
};

} // namespace sporkle

#endif
