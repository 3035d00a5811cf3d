//===- NativeMath.cpp - sycl::native math as fast intrinsics --------------===//
//
// sycl::native::sin and friends promise speed, not precision. In device code
// <sycl/sycl.hpp> calls them as __sporkle_native_<libm name> (e.g.
// __sporkle_native_sinf); this pass, the first of the common pipeline, turns
// each such call into the LLVM intrinsic marked `afn` (approximate functions
// allowed). Targets then treat them as they treat -fapprox-func code: the
// Vulkan target keeps the driver's GLSL.std.450 instruction where its precise
// library would otherwise replace it; the CPU target calls what the
// intrinsic lowers to. Clang has no per-call way to say `afn`, which is why
// the header names the functions rather than marking calls.
//
//===----------------------------------------------------------------------===//
#include "SporklePasses.h"

#include "llvm/ADT/StringSwitch.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Intrinsics.h"
#include "llvm/IR/Module.h"

using namespace llvm;

namespace sporkle {

namespace {

Intrinsic::ID nativeIntrinsic(StringRef LibmName) {
  return StringSwitch<Intrinsic::ID>(LibmName)
      .Cases({"sinf", "sin"}, Intrinsic::sin)
      .Cases({"cosf", "cos"}, Intrinsic::cos)
      .Cases({"tanf", "tan"}, Intrinsic::tan)
      .Cases({"expf", "exp"}, Intrinsic::exp)
      .Cases({"exp2f", "exp2"}, Intrinsic::exp2)
      .Cases({"exp10f", "exp10"}, Intrinsic::exp10)
      .Cases({"logf", "log"}, Intrinsic::log)
      .Cases({"log2f", "log2"}, Intrinsic::log2)
      .Cases({"log10f", "log10"}, Intrinsic::log10)
      .Cases({"powf", "pow"}, Intrinsic::pow)
      .Cases({"sqrtf", "sqrt"}, Intrinsic::sqrt)
      .Default(Intrinsic::not_intrinsic);
}

} // namespace

PreservedAnalyses NativeMathPass::run(Module &M, ModuleAnalysisManager &) {
  SmallVector<CallInst *, 16> Calls;
  for (Function &F : M) {
    StringRef Name = F.getName();
    if (!F.isDeclaration() || !Name.consume_front("__sporkle_native_") ||
        nativeIntrinsic(Name) == Intrinsic::not_intrinsic)
      continue;
    for (User *U : F.users())
      if (auto *Call = dyn_cast<CallInst>(U); Call && Call->getCalledFunction() == &F)
        Calls.push_back(Call);
  }
  for (CallInst *Call : Calls) {
    Intrinsic::ID ID = nativeIntrinsic(Call->getCalledFunction()->getName().drop_front(strlen("__sporkle_native_")));
    IRBuilder<> B(Call);
    SmallVector<Value *, 2> Args(Call->args());
    CallInst *Fast = B.CreateIntrinsic(ID, {Call->getType()}, Args);
    FastMathFlags FMF;
    FMF.setApproxFunc();
    Fast->setFastMathFlags(FMF);
    Fast->setDebugLoc(Call->getDebugLoc());
    Call->replaceAllUsesWith(Fast);
    Call->eraseFromParent();
  }
  for (Function &F : make_early_inc_range(M))
    if (F.isDeclaration() && F.getName().starts_with("__sporkle_native_") && F.use_empty())
      F.eraseFromParent();
  return Calls.empty() ? PreservedAnalyses::all() : PreservedAnalyses::none();
}

} // namespace sporkle
