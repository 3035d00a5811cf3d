//===- VulkanPassRegistry.cpp - the Vulkan target's passes by name --------===//
//
// For sporkle-opt -passes= (lit tests) and for KernelCleanup.cpp's pipeline
// string.
//
//===----------------------------------------------------------------------===//
#include "VulkanTarget.h"

#include "llvm/Passes/PassBuilder.h"

using namespace llvm;

namespace sporkle::vulkan {

void registerVulkanPasses(PassBuilder &PB) {
  PB.registerPipelineParsingCallback([](StringRef Name, ModulePassManager &MPM, ArrayRef<PassBuilder::PipelineElement>) {
    if (Name == "sporkle-vulkan-precise-math")
      MPM.addPass(PreciseMathPass());
    else if (Name == "sporkle-vulkan-lower-mem-intrinsics")
      MPM.addPass(LowerMemoryIntrinsicsPass());
    else if (Name == "sporkle-vulkan-lower-int-intrinsics")
      MPM.addPass(LowerIntegerIntrinsicsPass());
    else
      return false;
    return true;
  });
  PB.registerPipelineParsingCallback([](StringRef Name, FunctionPassManager &FPM, ArrayRef<PassBuilder::PipelineElement>) {
    if (Name == "sporkle-vulkan-narrow-iv")
      FPM.addPass(NarrowInductionVariablesPass());
    else if (Name == "sporkle-vulkan-mul-high")
      FPM.addPass(MulHighPass());
    else if (Name == "sporkle-vulkan-split-pointer-selects")
      FPM.addPass(SplitPointerSelectsPass());
    else
      return false;
    return true;
  });
}

} // namespace sporkle::vulkan
