//===- SporklePasses.h - sporkle's target-neutral device passes -----------===//
//
// One class per pass; each is implemented in its own file, whose header
// comment says what the pass does and why. Registered by name for
// sporkle-opt through registerSporklePasses().
//
//===----------------------------------------------------------------------===//
#ifndef SPORKLE_PASSES_SPORKLEPASSES_H
#define SPORKLE_PASSES_SPORKLEPASSES_H

#include "llvm/IR/PassManager.h"

namespace llvm {
class CallBase;
class Function;
class PassBuilder;
} // namespace llvm

namespace sporkle {

/// True for the SYCL kernels of a device module (defined spir_kernel functions).
bool isKernel(const llvm::Function &F);

/// True for `__sporkle_*` device builtins (include/sporkle/device_builtins.h).
bool isDeviceBuiltin(const llvm::Function &F);

/// True for the math library functions every target provides to device code
/// (those Clang does not turn into LLVM intrinsics, e.g. tanhf, atan2f).
bool isDeviceLibraryFunction(llvm::StringRef Name);

/// NativeMath.cpp: sycl::native math (__sporkle_native_<f> calls) becomes
/// LLVM intrinsics marked afn.
struct NativeMathPass : llvm::PassInfoMixin<NativeMathPass> {
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &AM);
  static bool isRequired() { return true; }
};

/// CheckDeviceCode.cpp: reports calls to functions no device module defines,
/// indirect calls and recursion reachable from kernels.
struct CheckDeviceCodePass : llvm::PassInfoMixin<CheckDeviceCodePass> {
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &AM);
  static bool isRequired() { return true; }
};

/// InlineIntoKernels.cpp: inlines every device function into the kernels and
/// deletes the functions nothing calls any more.
struct InlineIntoKernelsPass : llvm::PassInfoMixin<InlineIntoKernelsPass> {
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &AM);
  static bool isRequired() { return true; }
};

/// DevicePipeline.cpp: the whole common pipeline (checks, inlining, clean-up)
/// as one pass, for sporkle-opt's `-passes=sporkle-prepare`.
struct PrepareDeviceModulePass : llvm::PassInfoMixin<PrepareDeviceModulePass> {
  unsigned OptLevel = 2;
  bool KeepDebugInfo = false;
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &AM);
  static bool isRequired() { return true; }
};

/// WorkItemLoops.cpp: turns a work-group function whose body is written for
/// one work-item into one that runs every work-item of the group.
struct WorkItemLoopsPass : llvm::PassInfoMixin<WorkItemLoopsPass> {
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &AM);
  static bool isRequired() { return true; }
};

/// Registers the passes above by name: sporkle-check-device-code,
/// sporkle-inline-kernels, sporkle-prepare, sporkle-work-item-loops.
void registerSporklePasses(llvm::PassBuilder &PB);

} // namespace sporkle

#endif
