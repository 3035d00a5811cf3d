//===- CpuPasses.h - the CPU target's passes and pipeline pieces ----------===//
//
// Internal to sporkle (the contract is CpuTarget.h); sporkle-opt uses these to
// run each step on its own. The CPU pipeline, in order:
//   sporkle-cpu-retarget     (CpuRetarget.cpp)   spirv64 IR -> host triple/layout
//   sporkle-cpu-kernel-abi   (CpuKernelAbi.cpp)  kernels -> work-group functions
//   sporkle-vectorize        (passes/vectorizer/) W work-items per step
//   sporkle-work-item-loops  (passes/WorkItemLoops.cpp)
//   sporkle-cpu-finalize     (CpuFinalize.cpp)   internalize, drop SPIR leftovers
//   sporkle-cpu-vector-math  (CpuVectorMath.cpp) vector math intrinsics -> SLEEF
//   LLVM's O2/O3 pipeline, then codegen to an ELF object.
//
//===----------------------------------------------------------------------===//
#ifndef SPORKLE_TARGETS_CPU_CPUPASSES_H
#define SPORKLE_TARGETS_CPU_CPUPASSES_H

#include "CpuTarget.h"

#include "llvm/IR/PassManager.h"
#include "llvm/Support/CodeGen.h"
#include <string>

namespace llvm {
class PassBuilder;
class TargetMachine;
} // namespace llvm

namespace sporkle::cpu {

/// Prefix of every work-group function symbol (hidden visibility).
inline constexpr llvm::StringLiteral WorkGroupSymbolPrefix = "__sporkle_cpu_wg.";
/// Function attribute holding the argument block size under the host layout.
inline constexpr llvm::StringLiteral ArgsSizeAttr = "sporkle-args-size";

struct CpuRetargetPass : llvm::PassInfoMixin<CpuRetargetPass> {
  explicit CpuRetargetPass(const llvm::TargetMachine &TM) : TM(TM) {}
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &AM);
  static bool isRequired() { return true; }
  const llvm::TargetMachine &TM;
};

struct CpuKernelAbiPass : llvm::PassInfoMixin<CpuKernelAbiPass> {
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &AM);
  static bool isRequired() { return true; }
};

struct CpuVectorMathPass : llvm::PassInfoMixin<CpuVectorMathPass> {
  explicit CpuVectorMathPass(const llvm::TargetMachine &TM) : TM(TM) {}
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &AM);
  static bool isRequired() { return true; }
  const llvm::TargetMachine &TM;
};

/// Whether \p M calls SLEEF (the executable must then link libsleef).
bool usesSleef(const llvm::Module &M);

struct CpuFinalizePass : llvm::PassInfoMixin<CpuFinalizePass> {
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &AM);
  static bool isRequired() { return true; }
};

/// Registers sporkle-cpu-retarget, sporkle-cpu-kernel-abi, sporkle-cpu-finalize
/// and sporkle-cpu-lower (all four CPU steps) for \p TM.
void registerCpuPasses(llvm::PassBuilder &PB, llvm::TargetMachine &TM);

/// The TargetMachine for \p Opts: the host triple; Opts.CPU, or the host CPU
/// and its features when empty or "native"; PIC.
llvm::Expected<std::unique_ptr<llvm::TargetMachine>> createCpuTargetMachine(const CpuTargetOptions &Opts);

/// Lanes per vector step for \p TM's CPU: 16 with AVX-512, 8 with AVX, else 4.
unsigned preferredVectorWidth(const llvm::TargetMachine &TM);

/// Retarget, kernel ABI, vectorizer (\p VectorWidth lanes; 0 = the CPU's
/// preferred width, 1 = off), work-item loops, finalize. Errors are ready to print.
llvm::Error lowerForCpu(llvm::Module &M, llvm::TargetMachine &TM, unsigned VectorWidth = 1);

/// LLVM's default O0..O3 pipeline for \p TM (loop and SLP vectorizers on at O2+).
/// \p LoopVectorize / \p SLPVectorize = false keep LLVM's vectorizers off.
void optimizeForCpu(llvm::Module &M, llvm::TargetMachine &TM, unsigned OptLevel, bool LoopVectorize = true,
                    bool SLPVectorize = true);

/// Code generation into memory.
llvm::Expected<llvm::SmallVector<char, 0>> emitForCpu(llvm::Module &M, llvm::TargetMachine &TM,
                                                      llvm::CodeGenFileType Type);

/// CpuKernelInfo of every work-group function of a lowered module.
std::vector<CpuKernelInfo> cpuKernelInfo(const llvm::Module &M);

} // namespace sporkle::cpu

#endif
