//===- Vectorizer.cpp - the sporkle-vectorize pass ------------------------===//
//
// For each work-group function: clone it, bring the clone's CFG into the
// structured form masking needs (only when some branch is divergent: a kernel
// whose control flow is uniform keeps its CFG exactly), analyse lane shapes,
// check that every construct can be vectorized, and only then rewrite the
// clone (KernelVectorizer). The original stays untouched until the clone is
// done, so a refusal leaves the scalar kernel as it was. Vectorizer.h says how
// the result is handed to the work-item loops.
//
// CFG preparation: LLVM's own structurizing passes (StructurizePasses.h, as
// the AMDGPU backend uses them before its own execution masks), then LCSSA
// (values leaving a loop go through phis in its exit block).
//
//===----------------------------------------------------------------------===//
#include "Vectorizer.h"
#include "KernelVectorizer.h"
#include "SporkleDiagnostics.h"
#include "SporklePasses.h"
#include "StructurizePasses.h"
#include "VectorShapes.h"
#include "WorkItemMarkers.h"

#include "llvm/Analysis/LoopInfo.h"
#include "llvm/Analysis/OptimizationRemarkEmitter.h"
#include "llvm/Analysis/PostDominators.h"
#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/Transforms/Utils/Cloning.h"
#include "llvm/Transforms/Utils/LCSSA.h"

using namespace llvm;

namespace sporkle {

using vectorizer::KernelVectorizer;
using vectorizer::Refusal;
using vectorizer::VectorShapes;

unsigned vectorBodyWidth(const Function &F) {
  unsigned Width = 1;
  if (F.hasFnAttribute(VectorBodyWidthAttr))
    F.getFnAttribute(VectorBodyWidthAttr).getValueAsString().getAsInteger(10, Width);
  return Width;
}

namespace {

bool hasBarrier(Function &F) {
  for (Instruction &I : instructions(F))
    if (auto *Call = dyn_cast<CallInst>(&I))
      if (Call->getCalledFunction() && Call->getCalledFunction()->getName() == BarrierBuiltinName)
        return true;
  return false;
}

/// Analyses of one function, recomputed whenever its CFG changed.
struct FunctionAnalyses {
  DominatorTree DT;
  PostDominatorTree PDT;
  LoopInfo LI;
  explicit FunctionAnalyses(Function &F) : DT(F), PDT(F), LI(DT) {}
};

void prepareControlFlow(Function &F, FunctionAnalysisManager &FAM) {
  FunctionPassManager FPM;
  addStructurizePasses(FPM);
  FPM.addPass(LCSSAPass());
  FPM.run(F, FAM);
  FAM.invalidate(F, PreservedAnalyses::none());
}

std::string kernelDisplayName(const Function &F) {
  if (F.hasFnAttribute(WorkGroupFunctionAttr))
    return quotedName(F.getFnAttribute(WorkGroupFunctionAttr).getValueAsString());
  return quotedName(F.getName());
}

void remarkMissed(Function &Kernel, const Refusal &Why) {
  OptimizationRemarkEmitter ORE(&Kernel);
  DebugLoc Loc = Why.At ? Why.At->getDebugLoc() : DebugLoc();
  // Report against the original kernel (the clone is gone by then); its
  // instruction's location still points at the user's source.
  OptimizationRemarkMissed Remark(VectorizeRemarkName.data(), "NotVectorized",
                                  Loc ? DiagnosticLocation(Loc) : DiagnosticLocation(Kernel.getSubprogram()),
                                  &Kernel.getEntryBlock());
  Remark << "kernel " << kernelDisplayName(Kernel) << " not vectorized: " << Why.Reason
         << "; it runs one work-item at a time";
  ORE.emit(Remark);
}

void remarkVectorized(Function &Kernel, const KernelVectorizer &KV, unsigned Width, bool Predicated) {
  OptimizationRemarkEmitter ORE(&Kernel);
  OptimizationRemark Remark(VectorizeRemarkName.data(), "Vectorized", DiagnosticLocation(Kernel.getSubprogram()),
                            &Kernel.getEntryBlock());
  Remark << "kernel " << kernelDisplayName(Kernel) << " vectorized: " << std::to_string(Width)
         << " work-items per step";
  if (Predicated)
    Remark << " (predicated: it has barriers)";
  if (KV.NumDivergentBranches || KV.NumDivergentLoops)
    Remark << ", " << std::to_string(KV.NumDivergentBranches) << " divergent branches and "
           << std::to_string(KV.NumDivergentLoops) << " divergent loops masked";
  if (KV.NumGathers || KV.NumScatters)
    Remark << ", " << std::to_string(KV.NumGathers) << " gathers and " << std::to_string(KV.NumScatters)
           << " scatters (addresses not consecutive across work-items)";
  if (KV.NumPerLane)
    Remark << ", " << std::to_string(KV.NumPerLane) << " operations run once per work-item";
  ORE.emit(Remark);
}

/// Vectorizes one work-group function. Returns false when it stays scalar.
bool vectorizeWorkGroupFunction(Function &WG, unsigned Width, FunctionAnalysisManager &FAM) {
  bool Predicated = hasBarrier(WG);
  ValueToValueMapTy VMap;
  Function *Body = CloneFunction(&WG, VMap);
  Body->setName(WG.getName() + ".vec");

  auto Refuse = [&](const Refusal &Why) {
    // Point the remark at the original instruction, not the clone's.
    Refusal Original = Why;
    Original.At = nullptr;
    if (Why.At && Why.At->getDebugLoc())
      Original.At = Why.At; // debug locations are shared with the original
    remarkMissed(WG, Original);
    Body->eraseFromParent();
    return false;
  };

  {
    FunctionAnalyses Before(*Body);
    VectorShapes Shapes(*Body, Before.DT, Before.PDT, Before.LI);
    if (Shapes.hasDivergentBranches())
      prepareControlFlow(*Body, FAM);
  }
  FunctionAnalyses A(*Body);
  VectorShapes Shapes(*Body, A.DT, A.PDT, A.LI);
  KernelVectorizer KV(*Body, Width, Predicated, Shapes, A.DT, A.PDT, A.LI);
  if (std::optional<Refusal> Why = KV.check())
    return Refuse(*Why);
  bool Consistent = KV.run();
  std::string Broken;
  raw_string_ostream OS(Broken);
  if (!Consistent || verifyFunction(*Body, &OS)) {
    // Never ship a broken vector body: say so and keep the scalar kernel.
    reportDeviceWarning(WG, "internal error in the vectorizer, the kernel runs unvectorized (please report)" +
                                (Broken.empty() ? std::string() : ": " + Broken.substr(0, Broken.find('\n'))));
    return Refuse({"internal error in the vectorizer (please report)" +
                       (Broken.empty() ? std::string() : ": " + Broken.substr(0, Broken.find('\n'))),
                   nullptr});
  }

  remarkVectorized(WG, KV, Width, Predicated);
  Body->addFnAttr(VectorBodyWidthAttr, std::to_string(Width));
  if (Predicated) {
    // The vector body replaces the kernel: lanes past the local size are off.
    Body->addFnAttr(VectorPredicatedAttr);
    Body->addFnAttr(VectorizedWidthAttr, std::to_string(Width));
    std::string Name = WG.getName().str();
    WG.eraseFromParent();
    Body->setName(Name);
  } else {
    Body->setLinkage(GlobalValue::InternalLinkage);
    Body->setVisibility(GlobalValue::DefaultVisibility);
    WG.addFnAttr(VectorTwinAttr, Body->getName());
    WG.addFnAttr(VectorizedWidthAttr, std::to_string(Width));
  }
  return true;
}

} // namespace

PreservedAnalyses VectorizeKernelsPass::run(Module &M, ModuleAnalysisManager &MAM) {
  if (Width <= 1)
    return PreservedAnalyses::all();
  FunctionAnalysisManager &FAM = MAM.getResult<FunctionAnalysisManagerModuleProxy>(M).getManager();
  SmallVector<Function *, 8> Kernels;
  for (Function &F : M)
    if (isWorkGroupFunction(F) && !F.isDeclaration() && !F.hasFnAttribute(VectorBodyWidthAttr) &&
        !F.hasFnAttribute(VectorTwinAttr) && !F.hasFnAttribute(WorkItemLoopsDoneAttr))
      Kernels.push_back(&F);
  for (Function *F : Kernels)
    vectorizeWorkGroupFunction(*F, Width, FAM);
  return Kernels.empty() ? PreservedAnalyses::all() : PreservedAnalyses::none();
}

} // namespace sporkle
