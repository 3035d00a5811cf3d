//===- VulkanTarget.h - prepared device IR to a Vulkan SPIR-V module ------===//
//
// The Vulkan target (work in progress, issue 4): emitSpirv() turns a prepared
// device module (passes/DevicePipeline.h) into one SPIR-V 1.5 module for
// Vulkan 1.2+ with one GLCompute entry point per kernel, following the ABI in
// include/sporkle/vulkan_abi.h. Constructs it cannot express are errors that
// name the construct and, with debug info, the source line. emitSpirv runs
// usePreciseMath() and cleanUpKernels() first.
//
//===----------------------------------------------------------------------===//
#ifndef SPORKLE_TARGETS_VULKAN_VULKANTARGET_H
#define SPORKLE_TARGETS_VULKAN_VULKANTARGET_H

#include "llvm/ADT/DenseMap.h"
#include "llvm/IR/PassManager.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>
#include <vector>

namespace llvm {
class BasicBlock;
class Function;
class Module;
class PassBuilder;
} // namespace llvm

namespace sporkle::vulkan {

/// Makes the work-item queries free of effects and runs the short clean-up
/// pipeline of KernelCleanup.cpp (CSE, LICM, full unrolling, 32-bit loop
/// counters, 128-bit mul-high, instcombine).
/// emitSpirv runs it first.
void cleanUpKernels(llvm::Module &M);

struct SpirvKernelInfo {
  std::string Name;      // the SYCL kernel name ("_ZTS...")
  std::string EntryName; // the entry point in the module
  uint32_t Flags = 0;    // SPORKLE_KERNEL_* (image_table.h, vulkan_abi.h)
  uint64_t ArgsSize = 0;
  /// Argument-block bytes used only to address local memory: spec constants
  /// SPORKLE_VK_SPEC_LAUNCH_CONSTANT_BASE + i (vulkan_abi.h).
  std::vector<std::pair<uint32_t, uint32_t>> LaunchConstants; // offset, size
};

struct SpirvImage {
  std::vector<uint32_t> Words;
  std::vector<SpirvKernelInfo> Kernels;
};

/// VulkanPreciseMath.cpp: math intrinsics whose GLSL.std.450 precision is
/// below SYCL's become calls to the precise library (lib/precise_math.cpp),
/// linked in and inlined; `afn` calls keep the driver's instruction. emitSpirv
/// runs it first; errors (double-precision sin, ...) are returned ready to
/// print.
llvm::Error usePreciseMath(llvm::Module &M);
struct PreciseMathPass : llvm::PassInfoMixin<PreciseMathPass> {
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &AM);
};
/// VulkanPreciseMath.cpp: llvm.is.fpclass (isnan, isinf, ...) and
/// llvm.copysign as integer operations on the bits (GLSL.std.450 has
/// neither), and llvm.fabs whose only users are bit casts to integers as the
/// mask (GLSL's FAbs flushes subnormals on NVIDIA). emitSpirv runs it after
/// its clean-up pipeline.
void lowerFloatBitIntrinsics(llvm::Module &M);
/// NarrowInductionVariables.cpp: 64-bit loop counters that ScalarEvolution
/// bounds to the int32 range count in 32 bits again (GPUs' integer units are
/// 32-bit). cleanUpKernels runs it.
struct NarrowInductionVariablesPass : llvm::PassInfoMixin<NarrowInductionVariablesPass> {
  llvm::PreservedAnalyses run(llvm::Function &F, llvm::FunctionAnalysisManager &AM);
};
/// MulHigh.cpp: the high half of a 128-bit product of two 64-bit values
/// (sycl::mul_hi) as a call __sporkle_vk_mul_hi_{u,s}64, which the emitter
/// writes as OpUMulExtended / OpSMulExtended. cleanUpKernels runs it.
struct MulHighPass : llvm::PassInfoMixin<MulHighPass> {
  llvm::PreservedAnalyses run(llvm::Function &F, llvm::FunctionAnalysisManager &AM);
};
/// LowerMemoryIntrinsics.cpp: llvm.memcpy, memmove and memset as loops of
/// loads and stores (Vulkan has no sized memory copy). emitSpirv runs it
/// before the clean-up pipeline.
bool lowerMemoryIntrinsics(llvm::Module &M);
struct LowerMemoryIntrinsicsPass : llvm::PassInfoMixin<LowerMemoryIntrinsicsPass> {
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &AM);
};
/// LowerIntegerIntrinsics.cpp: abs, the saturating adds and subtracts, funnel
/// shifts and bswap as plain operations; ctpop, ctlz, cttz and bitreverse
/// through their 32-bit forms (the emitter's). emitSpirv runs it after the
/// clean-up pipeline, whose InstCombine would form them again.
bool lowerIntegerIntrinsics(llvm::Module &M);
struct LowerIntegerIntrinsicsPass : llvm::PassInfoMixin<LowerIntegerIntrinsicsPass> {
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &AM);
};
/// SplitPointerSelects.cpp: a load or store through a select of pointers
/// into different memories (a kernel argument and global memory, two private
/// arrays) becomes one access per side, in branches. emitSpirv runs it last.
bool splitPointerSelects(llvm::Function &F);
struct SplitPointerSelectsPass : llvm::PassInfoMixin<SplitPointerSelectsPass> {
  llvm::PreservedAnalyses run(llvm::Function &F, llvm::FunctionAnalysisManager &AM);
};
/// The Vulkan target's passes by name, for sporkle-opt -passes=:
/// sporkle-vulkan-precise-math, sporkle-vulkan-narrow-iv, sporkle-vulkan-mul-high,
/// sporkle-vulkan-split-pointer-selects, sporkle-vulkan-lower-mem-intrinsics,
/// sporkle-vulkan-lower-int-intrinsics.
void registerVulkanPasses(llvm::PassBuilder &PB);

/// Emits the module and validates it with SPIRV-Tools for Vulkan 1.2; with
/// \p Optimize, SPIRV-Tools' performance passes run on it (and it is
/// validated again).
llvm::Expected<SpirvImage> emitSpirv(llvm::Module &M, bool Optimize = true);

/// SpirvToGlsl.cpp: the module as GLSL (SPIRV-Cross), every kernel in turn.
llvm::Expected<std::string> spirvToGlsl(const SpirvImage &Image);

/// Structured constructs of a function, as the emitter declares them.
struct StructuredRegions {
  struct LoopInfo {
    llvm::BasicBlock *Merge = nullptr, *Continue = nullptr;
  };
  llvm::DenseMap<llvm::BasicBlock *, llvm::BasicBlock *> Selections; // header -> merge
  llvm::DenseMap<llvm::BasicBlock *, LoopInfo> Loops;                 // header -> merge, continue
  std::string Error;                                                 // non-empty: cannot structure
};

/// StructuredControlFlow.cpp: rewrites \p F's CFG into SPIR-V's structured
/// form and names every construct's merge (and continue) block.
StructuredRegions structureControlFlow(llvm::Function &F);

} // namespace sporkle::vulkan

#endif
