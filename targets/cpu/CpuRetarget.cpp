//===- CpuRetarget.cpp - SPIR-flavoured device IR to the host target ------===//
//
// The device pass compiles for spirv64 so that every target starts from the
// same IR (DevicePipeline.h). The CPU runs that IR natively after a
// relabelling, which this pass does:
//   * target triple and data layout of the host TargetMachine. Safe because
//     spirv64's layout agrees with x86-64's on every type device code shares
//     with the host (64-bit pointers, naturally aligned i64 and double), so
//     the functor's bytes mean the same on both sides; struct types in the IR
//     are already laid out by Clang and keep their field offsets;
//   * spir_func calling convention -> C, on functions and call sites
//     (spir_kernel stays: CpuKernelAbi finds kernels by it and replaces them).
// Address spaces are kept as they are. On x86-64 every address space below
// 256 is the same flat memory (X86TargetMachine::isNoopAddrSpaceCast), so
// private (0), global (1), local (3) and generic (4) pointers and the casts
// between them lower to nothing; rewriting every pointer type in the module
// to addrspace(0) would buy nothing but risk. The one cost, that LLVM treats
// null in a non-zero address space as possibly valid, is small: kernels
// barely compare pointers with null. Alias analysis does not use address
// spaces on x86 (local and generic pointers may alias, as they must here).
//
//===----------------------------------------------------------------------===//
#include "CpuPasses.h"

#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"
#include "llvm/Target/TargetMachine.h"

using namespace llvm;

namespace sporkle::cpu {

PreservedAnalyses CpuRetargetPass::run(Module &M, ModuleAnalysisManager &) {
  if (M.getTargetTriple() == TM.getTargetTriple() &&
      M.getDataLayout() == TM.createDataLayout())
    return PreservedAnalyses::all();
  M.setTargetTriple(TM.getTargetTriple());
  M.setDataLayout(TM.createDataLayout());
  for (Function &F : M) {
    if (F.getCallingConv() == CallingConv::SPIR_FUNC)
      F.setCallingConv(CallingConv::C);
    for (BasicBlock &BB : F)
      for (Instruction &I : BB)
        if (auto *CB = dyn_cast<CallBase>(&I); CB && CB->getCallingConv() == CallingConv::SPIR_FUNC)
          CB->setCallingConv(CallingConv::C);
  }
  return PreservedAnalyses::none();
}

} // namespace sporkle::cpu
