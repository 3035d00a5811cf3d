//===- CpuTarget.cpp - prepared device IR to an x86-64 object -------------===//
//
// buildCpuImage (CpuTarget.h) = createCpuTargetMachine + lowerForCpu (the
// sporkle CPU passes, CpuPasses.h) + optimizeForCpu (LLVM's O2/O3 pipeline,
// whose loop vectorizer acts on the parallel work-item loops) + emitForCpu
// (TargetMachine codegen into memory; no llc process, no temporary file).
//
//===----------------------------------------------------------------------===//
#include "CpuPasses.h"
#include "AnalysisManagers.h"
#include "SporkleDiagnostics.h"
#include "SporklePasses.h"
#include "WorkItemMarkers.h"
#include "vectorizer/Vectorizer.h"

#include "llvm/MC/MCSubtargetInfo.h"

#include "llvm/IR/DebugInfo.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/SubtargetFeature.h"

#include "sporkle/image_table.h"

#include <mutex>

using namespace llvm;

namespace sporkle::cpu {

Expected<std::unique_ptr<TargetMachine>> createCpuTargetMachine(const CpuTargetOptions &Opts) {
  static std::once_flag Initialized;
  std::call_once(Initialized, [] {
    InitializeNativeTarget();
    InitializeNativeTargetAsmPrinter();
    InitializeNativeTargetAsmParser();
  });

  Triple TT(sys::getProcessTriple());
  std::string Error;
  const Target *T = TargetRegistry::lookupTarget(TT, Error);
  if (!T)
    return createStringError(inconvertibleErrorCode(), "error: no LLVM target for the CPU target " +
                                                           TT.str() + ": " + Error);

  std::string CPU = Opts.CPU;
  SubtargetFeatures Features;
  if (CPU.empty() || CPU == "native") {
    CPU = sys::getHostCPUName().str();
    for (const auto &Feature : sys::getHostCPUFeatures())
      Features.AddFeature(Feature.getKey(), Feature.getValue());
  }
  if (!Opts.Features.empty())
    Features.addFeaturesVector(SubtargetFeatures(Opts.Features).getFeatures());

  TargetOptions TO;
  std::optional<CodeGenOptLevel> Level = CodeGenOpt::getLevel(std::min(Opts.OptLevel, 3u));
  std::unique_ptr<TargetMachine> TM(
      T->createTargetMachine(TT, CPU, Features.getString(), TO, Reloc::PIC_, std::nullopt,
                             Level.value_or(CodeGenOptLevel::Default)));
  if (!TM)
    return createStringError(inconvertibleErrorCode(),
                             "error: cannot create a target machine for " + TT.str() + " (CPU '" + CPU + "')");
  return std::move(TM);
}

unsigned preferredVectorWidth(const TargetMachine &TM) {
  const MCSubtargetInfo *STI = TM.getMCSubtargetInfo();
  if (STI->checkFeatures("+avx512f"))
    return 16;
  if (STI->checkFeatures("+avx"))
    return 8;
  return 4;
}

Error lowerForCpu(Module &M, TargetMachine &TM, unsigned VectorWidth) {
  DeviceDiagnosticCollector Diagnostics(M.getContext());
  PassBuilder PB(&TM);
  AnalysisManagers AM(PB);
  // Each step assumes the previous one succeeded: stop at the first error.
  auto Step = [&](auto Pass) {
    if (Diagnostics.hasErrors())
      return;
    ModulePassManager MPM;
    MPM.addPass(std::move(Pass));
    MPM.run(M, AM.MAM);
  };
  Step(CpuRetargetPass(TM));
  Step(CpuKernelAbiPass());
  Step(VectorizeKernelsPass(VectorWidth ? VectorWidth : preferredVectorWidth(TM)));
  Step(WorkItemLoopsPass());
  Step(CpuFinalizePass());
  Step(CpuVectorMathPass(TM));
  if (!Diagnostics.hasErrors()) {
    std::string Broken;
    raw_string_ostream OS(Broken);
    if (verifyModule(M, &OS))
      return createStringError(inconvertibleErrorCode(),
                               "error: internal error: sporkle's CPU passes produced invalid IR:\n" + Broken);
  }
  return Diagnostics.takeError();
}

void optimizeForCpu(Module &M, TargetMachine &TM, unsigned OptLevel, bool LoopVectorize, bool SLPVectorize) {
  PipelineTuningOptions PTO;
  PTO.LoopVectorization = OptLevel >= 2 && LoopVectorize;
  PTO.SLPVectorization = OptLevel >= 2 && SLPVectorize;
  PTO.LoopUnrolling = OptLevel >= 2;
  PassBuilder PB(&TM, PTO);
  AnalysisManagers AM(PB);
  OptimizationLevel Level = OptLevel == 0   ? OptimizationLevel::O0
                            : OptLevel == 1 ? OptimizationLevel::O1
                            : OptLevel == 2 ? OptimizationLevel::O2
                                            : OptimizationLevel::O3;
  ModulePassManager MPM = OptLevel == 0 ? PB.buildO0DefaultPipeline(Level)
                                        : PB.buildPerModuleDefaultPipeline(Level);
  MPM.run(M, AM.MAM);
}

Expected<SmallVector<char, 0>> emitForCpu(Module &M, TargetMachine &TM, CodeGenFileType Type) {
  SmallVector<char, 0> Buffer;
  raw_svector_ostream OS(Buffer);
  legacy::PassManager CodeGen; // LLVM 22's codegen pipeline is still the legacy one
  if (TM.addPassesToEmitFile(CodeGen, OS, nullptr, Type))
    return createStringError(inconvertibleErrorCode(), "error: the CPU target cannot emit this file type");
  CodeGen.run(M);
  return std::move(Buffer);
}

std::vector<CpuKernelInfo> cpuKernelInfo(const Module &M) {
  std::vector<CpuKernelInfo> Kernels;
  for (const Function &F : M) {
    if (!isWorkGroupFunction(F))
      continue;
    CpuKernelInfo Info;
    Info.Name = F.getFnAttribute(WorkGroupFunctionAttr).getValueAsString().str();
    Info.Symbol = F.getName().str();
    if (F.hasFnAttribute(UsesBarrierAttr))
      Info.Flags |= SPORKLE_KERNEL_USES_BARRIER;
    Info.VectorWidth = 1;
    if (F.hasFnAttribute(VectorizedWidthAttr))
      F.getFnAttribute(VectorizedWidthAttr).getValueAsString().getAsInteger(10, Info.VectorWidth);
    F.getFnAttribute(ArgsSizeAttr).getValueAsString().getAsInteger(10, Info.ArgsSize);
    Info.StaticLocalMem = 0; // module-level local variables are refused (CpuKernelAbi)
    Kernels.push_back(std::move(Info));
  }
  return Kernels;
}

Expected<CpuImage> buildCpuImage(std::unique_ptr<Module> M, const CpuTargetOptions &Opts) {
  auto TM = createCpuTargetMachine(Opts);
  if (!TM)
    return TM.takeError();
  if (Error E = lowerForCpu(*M, **TM, Opts.VectorWidth))
    return std::move(E);
  if (!Opts.DebugInfo)
    StripDebugInfo(*M); // only kept for the messages of the passes above
  CpuImage Image;
  Image.Kernels = cpuKernelInfo(*M);
  if (usesSleef(*M))
    Image.LinkLibraries.push_back("sleef");
  optimizeForCpu(*M, **TM, Opts.OptLevel, Opts.LoopVectorize, Opts.SLPVectorize);
  auto Object = emitForCpu(*M, **TM, CodeGenFileType::ObjectFile);
  if (!Object)
    return Object.takeError();
  Image.Object = std::move(*Object);
  Image.Triple = (*TM)->getTargetTriple().str();
  Image.CPU = (*TM)->getTargetCPU().str();
  return std::move(Image);
}

} // namespace sporkle::cpu
