//===- CpuVectorMath.cpp - vector math intrinsics to SLEEF calls ----------===//
//
// The vectorizer leaves math on vectors as LLVM intrinsics (llvm.sin.v16f32,
// llvm.pow.v8f64, ...). x86 has no instructions for them, and LLVM's x86
// backend would split each into one libm call per lane, giving back much of
// what vectorizing won. This pass calls SLEEF's vector functions instead
// (Debian's libsleef; the 1.0-ULP "_u10" variants, well inside SYCL's error
// bounds): Sleef_sinf16_u10 for AVX-512, ...f8_u10 for AVX, ...f4_u10 for SSE
// (SLEEF picks the best implementation for the running CPU within a width). A
// vector wider than the CPU's registers is split into register-sized chunks;
// one narrower than 128 bits is left to LLVM. The executable then links
// libsleef (CpuImage::LinkLibraries).
// One scalar libm call goes to SLEEF too: glibc's double cbrt is up to 3 ulp
// off (measured by test/e2e/math_precision.cpp), SYCL allows 2; calls of
// cbrt become Sleef_cbrt_u10.
//
//===----------------------------------------------------------------------===//
#include "CpuPasses.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/Target/TargetMachine.h"

using namespace llvm;

namespace sporkle::cpu {

namespace {

/// SLEEF's name for each math intrinsic.
const char *sleefBaseName(Intrinsic::ID ID) {
  switch (ID) {
  case Intrinsic::sin: return "sin";
  case Intrinsic::cos: return "cos";
  case Intrinsic::tan: return "tan";
  case Intrinsic::asin: return "asin";
  case Intrinsic::acos: return "acos";
  case Intrinsic::atan: return "atan";
  case Intrinsic::atan2: return "atan2";
  case Intrinsic::sinh: return "sinh";
  case Intrinsic::cosh: return "cosh";
  case Intrinsic::tanh: return "tanh";
  case Intrinsic::exp: return "exp";
  case Intrinsic::exp2: return "exp2";
  case Intrinsic::exp10: return "exp10";
  case Intrinsic::log: return "log";
  case Intrinsic::log2: return "log2";
  case Intrinsic::log10: return "log10";
  case Intrinsic::pow: return "pow";
  default: return nullptr;
  }
}

class VectorMathLowering {
public:
  VectorMathLowering(Module &M, const TargetMachine &TM) : M(M) {
    const MCSubtargetInfo *STI = TM.getMCSubtargetInfo();
    MaxBits = STI->checkFeatures("+avx512f") ? 512 : STI->checkFeatures("+avx") ? 256 : 128;
  }

  bool run() {
    SmallVector<IntrinsicInst *, 16> Calls;
    for (Function &F : M)
      for (Instruction &I : instructions(F))
        if (auto *II = dyn_cast<IntrinsicInst>(&I); II && sleefBaseName(II->getIntrinsicID()) &&
                                                     isa<FixedVectorType>(II->getType()))
          Calls.push_back(II);
    bool Changed = false;
    for (IntrinsicInst *II : Calls)
      Changed |= lower(*II);
    return redirectScalarCbrt() || Changed;
  }

private:
  bool redirectScalarCbrt() {
    Function *Cbrt = M.getFunction("cbrt");
    Type *Double = Type::getDoubleTy(M.getContext());
    if (!Cbrt || !Cbrt->isDeclaration() || Cbrt->use_empty() ||
        Cbrt->getFunctionType() != FunctionType::get(Double, {Double}, false))
      return false;
    FunctionCallee Sleef = M.getOrInsertFunction("Sleef_cbrt_u10", Cbrt->getFunctionType());
    if (auto *Decl = dyn_cast<Function>(Sleef.getCallee())) {
      Decl->setDoesNotAccessMemory();
      Decl->setDoesNotThrow();
      Decl->setWillReturn();
    }
    Cbrt->replaceAllUsesWith(Sleef.getCallee());
    return true;
  }

  bool lower(IntrinsicInst &II) {
    auto *VT = cast<FixedVectorType>(II.getType());
    Type *Element = VT->getElementType();
    if (!Element->isFloatTy() && !Element->isDoubleTy())
      return false;
    unsigned ElementBits = Element->getPrimitiveSizeInBits();
    unsigned Lanes = VT->getNumElements();
    unsigned Chunk = std::min(Lanes, MaxBits / ElementBits);
    if (Chunk * ElementBits < 128 || Lanes % Chunk || !isPowerOf2_32(Lanes / Chunk))
      return false;
    std::string Name = ("Sleef_" + Twine(sleefBaseName(II.getIntrinsicID())) + (Element->isFloatTy() ? "f" : "d") +
                        Twine(Chunk) + "_u10")
                           .str();
    auto *ChunkTy = FixedVectorType::get(Element, Chunk);
    SmallVector<Type *, 2> Params(II.arg_size(), ChunkTy);
    FunctionCallee Sleef = M.getOrInsertFunction(Name, FunctionType::get(ChunkTy, Params, false));
    if (auto *Decl = dyn_cast<Function>(Sleef.getCallee())) {
      Decl->setDoesNotAccessMemory();
      Decl->setDoesNotThrow();
      Decl->setWillReturn();
    }

    IRBuilder<> B(&II);
    Value *Result = nullptr;
    SmallVector<Value *, 8> Parts;
    for (unsigned Start = 0; Start < Lanes; Start += Chunk) {
      SmallVector<int, 16> Pick;
      for (unsigned K = 0; K < Chunk; ++K)
        Pick.push_back(static_cast<int>(Start + K));
      SmallVector<Value *, 2> Args;
      for (Value *Arg : II.args())
        Args.push_back(Chunk == Lanes ? Arg : B.CreateShuffleVector(Arg, Pick));
      CallInst *Call = B.CreateCall(Sleef, Args);
      Call->setFastMathFlags(II.getFastMathFlags());
      Parts.push_back(Call);
    }
    // Concatenate the chunks back into the original vector.
    while (Parts.size() > 1) {
      SmallVector<Value *, 8> Joined;
      for (unsigned K = 0; K + 1 < Parts.size(); K += 2) {
        unsigned Width = cast<FixedVectorType>(Parts[K]->getType())->getNumElements();
        SmallVector<int, 64> Both;
        for (unsigned E = 0; E < 2 * Width; ++E)
          Both.push_back(static_cast<int>(E));
        Joined.push_back(B.CreateShuffleVector(Parts[K], Parts[K + 1], Both));
      }
      Parts = std::move(Joined);
    }
    Result = Parts.front();
    II.replaceAllUsesWith(Result);
    II.eraseFromParent();
    return true;
  }

  Module &M;
  unsigned MaxBits;
};

} // namespace

PreservedAnalyses CpuVectorMathPass::run(Module &M, ModuleAnalysisManager &) {
  return VectorMathLowering(M, TM).run() ? PreservedAnalyses::none() : PreservedAnalyses::all();
}

bool usesSleef(const Module &M) {
  for (const Function &F : M)
    if (F.isDeclaration() && F.getName().starts_with("Sleef_") && !F.use_empty())
      return true;
  return false;
}

} // namespace sporkle::cpu
