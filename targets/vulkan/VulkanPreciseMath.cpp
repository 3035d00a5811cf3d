//===- VulkanPreciseMath.cpp - SYCL-precision math for the Vulkan target --===//
//
// The SPIR-V emitter maps LLVM's math intrinsics to GLSL.std.450, whose
// precision Vulkan leaves far below what SYCL 2020 requires (OpenCL 1.2's
// full-profile ulp limits): sin and cos have an absolute error of 2^-11 in
// [-pi, pi] and no bound outside, exp 3 + 2|x| ulp, log an absolute 2^-21 near
// 1, and pow, asin, atan, sinh, sqrt ... only what their defining formulas
// inherit. Drivers use fast hardware approximations, so sin(1000.0f) can be
// wrong in every digit. This pass, run on the prepared device module before
// the emitter, keeps the precision SYCL promises:
//   * every call of sin, cos, tan, exp, exp2, exp10, log, log2, log10, pow,
//     powi, sqrt, asin, acos, atan, atan2, sinh, cosh, tanh, ldexp (the
//     intrinsic or the libm function), cbrtf and hypotf (libm calls: LLVM has
//     no intrinsics for them) on float becomes a call to the precise library,
//     lib/precise_math.cpp, compiled to spirv64 bitcode at build time and
//     embedded here; half is computed in float, vectors lane by lane;
//   * so does every frem instruction (sycl::fmod; C's fmodf calls too) on
//     float, half and double: Vulkan's OpFRem is "inherited from
//     x - y * trunc(x/y)", wrong in every bit once x/y passes 2^24 and off by
//     y near integer quotients, where fmod is exact; the library's is an
//     integer long division (a loop of 64-bit remainders, one step for
//     quotients below 2^40);
//   * ldexp is the library's too: GLSL's Ldexp leaves results past the
//     float range and exponents beyond +-128 undefined; the library's is
//     exact, rounds correctly into the subnormals and overflows to infinity;
//   * only the library functions the module calls are linked in
//     (Linker::LinkOnlyNeeded); they are made internal and always-inline and
//     inlined, as the emitter emits kernels only;
//   * a call or frem marked `afn` (-fapprox-func, -ffast-math) or in a
//     function with "approx-func-fp-math"="true" keeps the driver's fast
//     instruction (an frem its OpFRem: the user accepted the driver's
//     approximations, and OpFRem's is no worse in kind than Sin's beyond
//     [-pi, pi]); exp10, log10, powi, cbrtf and hypotf have none and take
//     the library's (expressed in others, they would be folded back by the
//     emitter's instcombine), and so does ldexp (GLSL's is not approximate
//     but undefined out of range);
//   * GLSL.std.450 stays for what Vulkan computes exactly or as precisely as
//     SYCL asks: fabs, floor, ceil, trunc, round, rint, fmin/fmax, fma (its
//     exact emulation is the emitter's, ExactFma.h); the divide (2.5 ulp) is
//     SYCL's own bound. sqrt is not: Vulkan's is "inherited from
//     1.0 / inversesqrt()" (2 + 2.5 ulp, about 4.5 in all), SYCL asks 3. The
//     library's is the driver's plus one Newton step with an exact residual
//     (half an ulp; about 3 times the driver's sqrt on an H100, whose own
//     measured 0.9 ulp, lavapipe's 0.5: the price of what Vulkan promises);
//   * <sycl/sycl.hpp> calls cbrtf and hypotf for sycl::cbrt and sycl::hypot
//     (half an ulp here) and writes sycl::powr as pow with powr's NaN cases;
//   * double: GLSL.std.450 has no 64-bit transcendental functions; the
//     library has every function above but sqrt on double too (the name
//     less its f), its own even when afn (GLSL has no double Sin...; an afn
//     fmod keeps OpFRem); 64-bit sqrt, fabs, ... are GLSL's;
//   * lowerFloatBitIntrinsics (here, run by emitSpirv after its clean-up
//     pipeline): llvm.is.fpclass (isnan, isinf, ...) and llvm.copysign, which
//     instcombine makes of the library's bit tests and <sycl/sycl.hpp> uses,
//     and which GLSL.std.450 lacks, become integer operations on the bits;
//     so does an llvm.fabs whose only users are bit casts to integers
//     (instcombine's form of `bits & 0x7fffffff`): GLSL's FAbs flushes a
//     subnormal on a driver that flushes (NVIDIA's), the mask keeps it.
//
//===----------------------------------------------------------------------===//
#include "VulkanTarget.h"

#include "AnalysisManagers.h"
#include "SporkleDiagnostics.h"

#include "llvm/Bitcode/BitcodeReader.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/Linker/Linker.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Transforms/IPO/AlwaysInliner.h"

#include <functional>

using namespace llvm;

namespace sporkle::vulkan {

namespace {

// The library's spirv64 bitcode (CMakeLists.txt: lib/precise_math.cpp).
const unsigned char LibraryBitcode[] = {
#include "precise_math_bitcode.inc"
};

/// A math function the library provides, by intrinsic and by libm name.
struct MathFunction {
  Intrinsic::ID ID; // not_intrinsic: a libm call only (cbrtf, ...), or frem (fmodf)
  const char *Name; // libm's float name; the library's is "__sporkle_vk_" + Name (on double, less its f)
  unsigned Args;
  bool HasFast;   // a fast instruction for the afn path: GLSL.std.450's, or OpFRem
  bool IntArg;    // the second argument is an integer (powi, ldexp)
};

const MathFunction Functions[] = {
    {Intrinsic::sin, "sinf", 1, true, false},
    {Intrinsic::cos, "cosf", 1, true, false},
    {Intrinsic::tan, "tanf", 1, true, false},
    {Intrinsic::exp, "expf", 1, true, false},
    {Intrinsic::exp2, "exp2f", 1, true, false},
    {Intrinsic::exp10, "exp10f", 1, false, false},
    {Intrinsic::log, "logf", 1, true, false},
    {Intrinsic::log2, "log2f", 1, true, false},
    {Intrinsic::log10, "log10f", 1, false, false},
    {Intrinsic::pow, "powf", 2, true, false},
    {Intrinsic::powi, "powif", 2, false, true},
    {Intrinsic::sqrt, "sqrtf", 1, true, false},
    {Intrinsic::asin, "asinf", 1, true, false},
    {Intrinsic::acos, "acosf", 1, true, false},
    {Intrinsic::atan, "atanf", 1, true, false},
    {Intrinsic::atan2, "atan2f", 2, true, false},
    {Intrinsic::sinh, "sinhf", 1, true, false},
    {Intrinsic::cosh, "coshf", 1, true, false},
    {Intrinsic::tanh, "tanhf", 1, true, false},
    {Intrinsic::ldexp, "ldexpf", 2, false, true},
    {Intrinsic::not_intrinsic, "fmodf", 2, true, false},
    {Intrinsic::not_intrinsic, "cbrtf", 1, false, false},
    {Intrinsic::not_intrinsic, "hypotf", 2, false, false},
};

const MathFunction &fmodFunction() {
  for (const MathFunction &F : Functions)
    if (StringRef(F.Name) == "fmodf")
      return F;
  llvm_unreachable("fmodf is in the table");
}
bool isFmod(const MathFunction &F) { return &F == &fmodFunction(); }

/// The math function \p Call computes, if any: an intrinsic, or a libm
/// function (declared, float or double name) with its usual signature.
const MathFunction *mathFunctionOf(const CallInst &Call) {
  Function *Callee = Call.getCalledFunction();
  if (!Callee)
    return nullptr;
  Intrinsic::ID ID = Callee->getIntrinsicID();
  for (const MathFunction &F : Functions) {
    if (ID != Intrinsic::not_intrinsic) {
      if (F.ID == ID)
        return &F;
      continue;
    }
    if (!Callee->isDeclaration() || F.ID == Intrinsic::powi)
      continue;
    StringRef Name = Callee->getName(), Float = F.Name;
    if ((Name == Float || Name == Float.drop_back()) && Call.arg_size() == F.Args &&
        Call.getType()->isFloatingPointTy())
      return &F;
  }
  return nullptr;
}

/// An frem on float, half or double (or vectors of them): fmod.
bool isFloatRemainder(const Instruction &I) {
  if (I.getOpcode() != Instruction::FRem)
    return false;
  Type *Scalar = I.getType()->getScalarType();
  return Scalar->isFloatTy() || Scalar->isHalfTy() || Scalar->isDoubleTy();
}

bool allowsApproximation(const Instruction &I) {
  if (isa<FPMathOperator>(I) && I.hasApproxFunc())
    return true;
  return I.getFunction()->getFnAttribute("approx-func-fp-math").getValueAsBool();
}

bool isLibraryFunction(const Function &F) { return F.getName().starts_with("__sporkle_vk_"); }

class PreciseMath {
public:
  explicit PreciseMath(Module &M) : M(M), Ctx(M.getContext()) {}

  bool run();

private:
  /// \p I: a call of F, or an frem (F = fmod).
  bool rewrite(Instruction &I, const MathFunction &F);
  /// An afn call of a function with a fast instruction: the intrinsic (or frem).
  bool keepFast(Instruction &I, const MathFunction &F);
  FunctionCallee library(const MathFunction &F, bool Double);
  bool linkAndInline();

  Module &M;
  LLVMContext &Ctx;
  SmallVector<Function *, 8> Declared;
};

bool PreciseMath::run() {
  SmallVector<std::pair<Instruction *, const MathFunction *>, 16> Uses;
  for (Function &F : M) {
    if (F.isDeclaration() || isLibraryFunction(F))
      continue;
    for (Instruction &I : instructions(F)) {
      if (auto *Call = dyn_cast<CallInst>(&I)) {
        if (const MathFunction *MF = mathFunctionOf(*Call))
          Uses.push_back({Call, MF});
      } else if (isFloatRemainder(I)) {
        Uses.push_back({&I, &fmodFunction()});
      }
    }
  }
  bool Changed = false;
  for (auto &[I, F] : Uses)
    Changed |= rewrite(*I, *F);
  if (!Declared.empty())
    Changed |= linkAndInline();
  return Changed;
}

FunctionCallee PreciseMath::library(const MathFunction &F, bool Double) {
  Type *FloatTy = Double ? Type::getDoubleTy(Ctx) : Type::getFloatTy(Ctx);
  SmallVector<Type *, 2> Params(F.Args, FloatTy);
  if (F.IntArg)
    Params[1] = Type::getInt32Ty(Ctx);
  StringRef Name = F.Name;
  std::string Full = ("__sporkle_vk_" + (Double ? Name.drop_back() : Name)).str();
  bool Known = M.getFunction(Full);
  FunctionCallee Callee = M.getOrInsertFunction(Full, FunctionType::get(FloatTy, Params, false));
  if (auto *Fn = dyn_cast<Function>(Callee.getCallee()); Fn && !Known) {
    Fn->setCallingConv(CallingConv::SPIR_FUNC); // the library's (spirv64 C++)
    Declared.push_back(Fn);
  }
  return Callee;
}

bool PreciseMath::rewrite(Instruction &I, const MathFunction &F) {
  auto *Call = dyn_cast<CallInst>(&I);
  SmallVector<Value *, 2> Operands;
  if (Call)
    Operands.append(Call->arg_begin(), Call->arg_end());
  else
    Operands = {I.getOperand(0), I.getOperand(1)};
  Type *Ty = I.getType();
  Type *Scalar = Ty->getScalarType();
  bool Double = Scalar->isDoubleTy();
  if (Double && F.ID == Intrinsic::sqrt)
    return keepFast(I, F); // GLSL's Sqrt takes double
  if (!Double && !Scalar->isFloatTy() && !Scalar->isHalfTy())
    return false;
  // (GLSL.std.450's instructions take no double: a double keeps only OpFRem.)
  if (F.HasFast && allowsApproximation(I) && (!Double || isFmod(F)))
    return keepFast(I, F);

  // Lane by lane; half in float (exact for fmod and ldexp, whose float
  // results are exact; one more rounding of a nearly correctly rounded
  // float for the others).
  FunctionCallee Lib = library(F, Double);
  IRBuilder<> B(&I);
  auto *VT = dyn_cast<FixedVectorType>(Ty);
  unsigned Lanes = VT ? VT->getNumElements() : 1;
  Value *Result = PoisonValue::get(Ty);
  for (unsigned L = 0; L < Lanes; ++L) {
    SmallVector<Value *, 2> Args;
    for (unsigned A = 0; A < Operands.size(); ++A) {
      Value *Arg = Operands[A];
      if (VT && Arg->getType()->isVectorTy())
        Arg = B.CreateExtractElement(Arg, B.getInt32(L));
      if (A == 1 && F.IntArg) {
        // ldexp's exponent may be wider: saturated (the result is then 0
        // or infinite either way).
        if (Arg->getType()->getIntegerBitWidth() > 32) {
          Arg = B.CreateBinaryIntrinsic(Intrinsic::smax, Arg, ConstantInt::get(Arg->getType(), INT32_MIN));
          Arg = B.CreateBinaryIntrinsic(Intrinsic::smin, Arg, ConstantInt::get(Arg->getType(), INT32_MAX));
        }
        Arg = B.CreateSExtOrTrunc(Arg, B.getInt32Ty());
      } else if (Arg->getType()->isHalfTy()) {
        Arg = B.CreateFPExt(Arg, B.getFloatTy());
      }
      Args.push_back(Arg);
    }
    CallInst *Lane = B.CreateCall(Lib, Args);
    Lane->setCallingConv(CallingConv::SPIR_FUNC);
    Lane->setDebugLoc(I.getDebugLoc());
    Value *V = Scalar->isHalfTy() ? B.CreateFPTrunc(Lane, Scalar) : static_cast<Value *>(Lane);
    Result = VT ? B.CreateInsertElement(Result, V, B.getInt32(L)) : V;
  }
  I.replaceAllUsesWith(Result);
  I.eraseFromParent();
  return true;
}

bool PreciseMath::keepFast(Instruction &I, const MathFunction &F) {
  auto *Call = dyn_cast<CallInst>(&I);
  if (!Call || Call->getCalledFunction()->isIntrinsic())
    return false; // an frem or an intrinsic: the emitter's as it is
  // A libm call: the intrinsic, which the emitter maps to GLSL.std.450, or
  // (fmodf) an frem, OpFRem.
  IRBuilder<> B(Call);
  SmallVector<Value *, 2> Args(Call->args());
  Instruction *Fast;
  if (isFmod(F))
    Fast = cast<Instruction>(B.CreateFRem(Args[0], Args[1]));
  else
    Fast = B.CreateIntrinsic(F.ID, {Call->getType()}, Args);
  Fast->copyFastMathFlags(Call);
  Fast->setDebugLoc(Call->getDebugLoc());
  Call->replaceAllUsesWith(Fast);
  Call->eraseFromParent();
  return true;
}

bool PreciseMath::linkAndInline() {
  Expected<std::unique_ptr<Module>> Library = parseBitcodeFile(
      MemoryBufferRef(StringRef(reinterpret_cast<const char *>(LibraryBitcode), sizeof(LibraryBitcode)),
                      "precise_math.bc"),
      Ctx);
  if (!Library) {
    reportDeviceError(*Declared.front(),
                      "internal error: the Vulkan math library cannot be read: " + toString(Library.takeError()));
    return false;
  }
  (*Library)->setDataLayout(M.getDataLayout());
  (*Library)->setTargetTriple(M.getTargetTriple());
  SmallVector<std::string, 8> DeclaredNames;
  for (Function *F : Declared)
    DeclaredNames.push_back(F->getName().str());
  Declared.clear(); // the linker may delete these declarations
  if (Linker::linkModules(M, std::move(*Library), Linker::LinkOnlyNeeded)) {
    Ctx.diagnose(DiagnosticInfoSporkle("error: internal error: linking the Vulkan math library failed"));
    return false;
  }
  SmallVector<std::string, 8> Linked;
  for (Function &F : M) {
    if (!isLibraryFunction(F) || F.isDeclaration())
      continue;
    F.setLinkage(GlobalValue::InternalLinkage);
    F.removeFnAttr(Attribute::NoInline);
    F.removeFnAttr(Attribute::OptimizeNone);
    F.addFnAttr(Attribute::AlwaysInline);
    // The library's own intrinsics (sqrt, rint, fabs) are the driver's on
    // purpose: marked afn, so that running this pass again keeps them.
    for (Instruction &I : instructions(F))
      if (auto *II = dyn_cast<IntrinsicInst>(&I); II && isa<FPMathOperator>(II))
        II->setHasApproxFunc(true);
    Linked.push_back(F.getName().str());
  }
  // (By name: the linker may have replaced the declarations it defined.)
  for (const std::string &Name : DeclaredNames)
    if (Function *F = M.getFunction(Name); F && F->isDeclaration())
      reportDeviceError(*F, "internal error: the Vulkan math library has no '" + Name + "'");

  PassBuilder PB;
  AnalysisManagers AM(PB);
  AlwaysInlinerPass(/*InsertLifetimeIntrinsics=*/false).run(M, AM.MAM);
  // (The inliner drops the functions it inlined everywhere.)
  for (const std::string &Name : Linked)
    if (Function *F = M.getFunction(Name); F && F->use_empty())
      F->eraseFromParent();
  return true;
}

} // namespace

void lowerFloatBitIntrinsics(Module &M) {
  SmallVector<IntrinsicInst *, 16> Work, Fabs;
  for (Function &F : M)
    for (Instruction &I : instructions(F))
      if (auto *II = dyn_cast<IntrinsicInst>(&I);
          II && (II->getIntrinsicID() == Intrinsic::is_fpclass || II->getIntrinsicID() == Intrinsic::copysign))
        Work.push_back(II);
      else if (II && II->getIntrinsicID() == Intrinsic::fabs && !II->use_empty() &&
               all_of(II->users(), [](User *U) { return isa<BitCastInst>(U) && U->getType()->isIntOrIntVectorTy(); }))
        Fabs.push_back(II);
  // instcombine writes a mask of the sign bit, (bits & 0x7fffffff), as
  // bitcast(fabs(x)); a driver that flushes subnormals flushes them in FAbs
  // too (NVIDIA's does), where the mask keeps every bit, as the library's
  // integer code (fmod, ldexp, ...) needs. Back to the mask.
  for (IntrinsicInst *II : Fabs) {
    for (User *U : make_early_inc_range(II->users())) {
      auto *Cast = cast<BitCastInst>(U);
      IRBuilder<> B(Cast);
      Type *IntTy = Cast->getType();
      Value *Bits = B.CreateBitCast(II->getArgOperand(0), IntTy);
      Value *Mask = ConstantInt::get(IntTy, APInt::getSignedMaxValue(IntTy->getScalarSizeInBits()));
      Cast->replaceAllUsesWith(B.CreateAnd(Bits, Mask));
      Cast->eraseFromParent();
    }
    II->eraseFromParent();
  }
  for (IntrinsicInst *II : Work) {
    IRBuilder<> B(II);
    Value *X = II->getArgOperand(0);
    Type *FloatTy = X->getType();
    const fltSemantics &Sem = FloatTy->getScalarType()->getFltSemantics();
    unsigned Width = FloatTy->getScalarSizeInBits();
    Type *IntTy = FloatTy->getWithNewType(B.getIntNTy(Width));
    APInt SignMask = APInt::getSignMask(Width);
    auto Int = [&](const APInt &V) { return ConstantInt::get(IntTy, V); };
    Value *Bits = B.CreateBitCast(X, IntTy);
    Value *Result;
    if (II->getIntrinsicID() == Intrinsic::copysign) {
      Value *Sign = B.CreateAnd(B.CreateBitCast(II->getArgOperand(1), IntTy), Int(SignMask));
      Result = B.CreateBitCast(B.CreateOr(B.CreateAnd(Bits, Int(~SignMask)), Sign), FloatTy);
    } else {
      unsigned Test = cast<ConstantInt>(II->getArgOperand(1))->getZExtValue();
      APInt Inf = APFloat::getInf(Sem).bitcastToAPInt();
      APInt Quiet = APFloat::getQNaN(Sem).bitcastToAPInt();
      APInt MinNormal = APFloat::getSmallestNormalized(Sem).bitcastToAPInt();
      Value *Abs = B.CreateAnd(Bits, Int(~SignMask));
      auto Neg = [&] { return B.CreateICmpSLT(Bits, ConstantInt::get(IntTy, 0)); };
      auto Pos = [&] { return B.CreateICmpSGE(Bits, ConstantInt::get(IntTy, 0)); };
      auto QNan = [&] { return B.CreateICmpUGE(Abs, Int(Quiet)); };
      auto SNan = [&] { return B.CreateAnd(B.CreateICmpUGT(Abs, Int(Inf)), B.CreateICmpULT(Abs, Int(Quiet))); };
      auto IsInf = [&] { return B.CreateICmpEQ(Abs, Int(Inf)); };
      auto Zero = [&] { return B.CreateICmpEQ(Abs, ConstantInt::get(IntTy, 0)); };
      auto Sub = [&] {
        return B.CreateAnd(B.CreateICmpNE(Abs, ConstantInt::get(IntTy, 0)), B.CreateICmpULT(Abs, Int(MinNormal)));
      };
      auto Normal = [&] { return B.CreateAnd(B.CreateICmpUGE(Abs, Int(MinNormal)), B.CreateICmpULT(Abs, Int(Inf))); };
      const std::pair<unsigned, std::function<Value *()>> Classes[] = {
          {fcSNan, SNan},
          {fcQNan, QNan},
          {fcNegInf, [&] { return B.CreateAnd(IsInf(), Neg()); }},
          {fcPosInf, [&] { return B.CreateAnd(IsInf(), Pos()); }},
          {fcNegNormal, [&] { return B.CreateAnd(Normal(), Neg()); }},
          {fcPosNormal, [&] { return B.CreateAnd(Normal(), Pos()); }},
          {fcNegSubnormal, [&] { return B.CreateAnd(Sub(), Neg()); }},
          {fcPosSubnormal, [&] { return B.CreateAnd(Sub(), Pos()); }},
          {fcNegZero, [&] { return B.CreateAnd(Zero(), Neg()); }},
          {fcPosZero, [&] { return B.CreateAnd(Zero(), Pos()); }},
      };
      // One test per class asked for (SPIRV-Tools folds the common parts).
      Result = ConstantInt::getFalse(II->getType());
      for (auto &[Class, Holds] : Classes)
        if (Test & Class)
          Result = B.CreateOr(Result, Holds());
    }
    II->replaceAllUsesWith(Result);
    II->eraseFromParent();
  }
}

PreservedAnalyses PreciseMathPass::run(Module &M, ModuleAnalysisManager &) {
  return PreciseMath(M).run() ? PreservedAnalyses::none() : PreservedAnalyses::all();
}

Error usePreciseMath(Module &M) {
  DeviceDiagnosticCollector Diagnostics(M.getContext());
  PreciseMath(M).run();
  return Diagnostics.takeError();
}

} // namespace sporkle::vulkan
