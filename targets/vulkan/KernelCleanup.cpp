//===- KernelCleanup.cpp - the clean-up a kernel needs before SPIR-V ------===//
//
// Clang compiles SYCL device code with every function and call convergent, so
// the work-item queries (__sporkle_global_id, __sporkle_local_base, ...) stay
// where the source wrote them: inside loops, repeated, and as calls that keep
// LLVM from unrolling the loops around them. A kernel like a tiled matmul then
// reaches the driver with a 16-step inner loop that recomputes the local
// memory base and runs on a 64-bit counter, and drivers do not clean that up
// (NVIDIA's runs it about 30% slower than the same loop written in GLSL).
//
// The queries' answers are fixed for the work-item, and they synchronise
// nothing: this marks them (declarations and calls) as not convergent and
// without memory effects, then runs a short function pipeline (CSE, LICM,
// full unrolling of small constant-trip loops, 32-bit loop counters
// (NarrowInductionVariables.cpp), 128-bit products' high halves (MulHigh.cpp),
// instcombine, simplifycfg) so that what
// reaches the emitter is what a GLSL compiler would have produced.
//
//===----------------------------------------------------------------------===//
#include "VulkanTarget.h"

#include "AnalysisManagers.h"

#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"
#include "llvm/Passes/PassBuilder.h"

using namespace llvm;

namespace sporkle::vulkan {

static bool isWorkItemQuery(const Function &F) {
  static const char *const Names[] = {
      "__sporkle_global_id",  "__sporkle_local_id",   "__sporkle_group_id",      "__sporkle_global_size",
      "__sporkle_local_size", "__sporkle_num_groups", "__sporkle_global_offset", "__sporkle_local_base",
  };
  for (const char *N : Names)
    if (F.getName() == N)
      return true;
  return false;
}

void cleanUpKernels(Module &M) {
  for (Function &F : M) {
    if (!F.isDeclaration() || !isWorkItemQuery(F))
      continue;
    F.removeFnAttr(Attribute::Convergent);
    F.setDoesNotAccessMemory();
    F.setDoesNotThrow();
    F.setWillReturn();
    for (User *U : F.users())
      if (auto *Call = dyn_cast<CallInst>(U)) {
        Call->removeFnAttr(Attribute::Convergent);
        Call->setDoesNotAccessMemory();
      }
  }
  // (The pipeline pays off without queries too: small loops.)
  PassBuilder PB;
  registerVulkanPasses(PB);
  AnalysisManagers AM(PB);
  ModulePassManager MPM;
  if (Error E = PB.parsePassPipeline(MPM, "function(early-cse<memssa>,loop-mssa(licm),loop(loop-unroll-full),"
                                          "sporkle-vulkan-narrow-iv,sporkle-vulkan-mul-high,instcombine<no-verify-fixpoint>,simplifycfg,early-cse<memssa>)"))
    report_fatal_error(Twine("sporkle: the Vulkan clean-up pipeline: ") + toString(std::move(E)));
  MPM.run(M, AM.MAM);
}

} // namespace sporkle::vulkan
