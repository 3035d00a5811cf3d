//===- sporkle-opt.cpp - sporkle's passes on .ll/.bc, like opt ------------===//
//
//   sporkle-opt -passes='sporkle-prepare,sporkle-cpu-retarget,sporkle-cpu-kernel-abi,
//                        sporkle-work-item-loops' in.ll -S -o -
//       any mix of sporkle's passes (registered by name) and LLVM's own;
//   sporkle-opt --sporkle-cpu-pipeline [--emit=ll|asm|obj] [-O2] [--mcpu=CPU] in.ll -o out
//       the whole CPU path the driver takes (prepareDeviceModule, then
//       buildCpuImage's steps), printing the final IR, assembly or the object;
//       --print-kernel-info lists the kernels (CpuKernelInfo) on stderr;
//   sporkle-opt --sporkle-vulkan-pipeline [-sporkle-spirv-opt=false] in.bc -o out.spv
//       the Vulkan path (prepareDeviceModule, emitSpirv).
// Errors the passes report (clang-style) go to stderr; the exit status is 1.
//
//===----------------------------------------------------------------------===//
#include "CpuPasses.h"
#include "CpuTarget.h"
#include "AnalysisManagers.h"
#include "DevicePipeline.h"
#include "SporkleDiagnostics.h"
#include "SporklePasses.h"
#ifdef SPORKLE_HAVE_VULKAN_TARGET
#include "VulkanTarget.h"
#endif

#include "llvm/Bitcode/BitcodeWriter.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/IRReader/IRReader.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"

using namespace llvm;

static cl::OptionCategory Category("sporkle-opt options");
static cl::opt<std::string> InputFile(cl::Positional, cl::desc("<input .ll/.bc>"), cl::init("-"),
                                      cl::cat(Category));
static cl::opt<std::string> OutputFile("o", cl::desc("output file (default: stdout)"), cl::init("-"),
                                       cl::cat(Category));
static cl::opt<bool> TextOutput("S", cl::desc("write textual IR (default: bitcode)"), cl::cat(Category));
static cl::opt<std::string> Passes("passes", cl::desc("pass pipeline, as for opt; sporkle passes: "
                                                      "sporkle-check-device-code, sporkle-inline-kernels, "
                                                      "sporkle-prepare, sporkle-cpu-retarget, "
                                                      "sporkle-cpu-kernel-abi, sporkle-work-item-loops, "
                                                      "sporkle-cpu-finalize, sporkle-cpu-lower, "
                                                      "sporkle-vulkan-precise-math"),
                                   cl::cat(Category));
static cl::opt<bool> VulkanPipeline("sporkle-vulkan-pipeline",
                                    cl::desc("prepare, then emit a Vulkan SPIR-V module (binary) with the "
                                             "Vulkan target; its kernels are listed on stderr"),
                                    cl::cat(Category));
static cl::opt<bool> SpirvOpt("sporkle-spirv-opt",
                              cl::desc("--sporkle-vulkan-pipeline: run SPIRV-Tools' optimizer (default on)"),
                              cl::init(true), cl::cat(Category));
static cl::opt<bool> CpuPipeline("sporkle-cpu-pipeline",
                                 cl::desc("run the whole CPU pipeline (prepare, lower, optimize, codegen)"),
                                 cl::cat(Category));
enum class EmitKind { IR, Asm, Obj };
static cl::opt<EmitKind> Emit("emit", cl::desc("what --sporkle-cpu-pipeline writes"), cl::init(EmitKind::IR),
                              cl::values(clEnumValN(EmitKind::IR, "ll", "optimized LLVM IR"),
                                         clEnumValN(EmitKind::Asm, "asm", "assembly"),
                                         clEnumValN(EmitKind::Obj, "obj", "ELF object file")),
                              cl::cat(Category));
static cl::opt<unsigned> OptLevel("O", cl::desc("optimization level for --sporkle-cpu-pipeline"), cl::Prefix,
                                  cl::init(2), cl::cat(Category));
static cl::opt<std::string> MCPU("mcpu", cl::desc("CPU to build for ('native' = this machine)"),
                                 cl::init("x86-64"), cl::cat(Category));
static cl::opt<unsigned> VectorWidth("sporkle-vector-width",
                                    cl::desc("--sporkle-cpu-pipeline: work-items per vector step "
                                             "(0 = from the CPU, 1 = scalar)"),
                                    cl::init(1), cl::cat(Category));
static cl::opt<std::string> MAttr("mattr", cl::desc("extra subtarget features (+avx2,...)"), cl::init(""),
                                  cl::cat(Category));
static cl::opt<bool> KeepDebugInfo("g", cl::desc("keep debug info through sporkle-prepare"), cl::cat(Category));
static cl::opt<bool> PrintKernelInfo("print-kernel-info", cl::desc("list the CPU kernels on stderr"),
                                     cl::cat(Category));

static int fail(const Twine &Message) {
  errs() << Message << "\n";
  return 1;
}

static int failWith(Error E) {
  int Status = 0;
  handleAllErrors(std::move(E), [&](const ErrorInfoBase &Info) { Status = fail(Info.message()); });
  return Status;
}

static void printKernelInfo(const std::vector<sporkle::cpu::CpuKernelInfo> &Kernels) {
  for (const auto &K : Kernels)
    errs() << "kernel " << K.Name << " symbol=" << K.Symbol << " flags=" << K.Flags
           << " vector_width=" << K.VectorWidth << " args_size=" << K.ArgsSize
           << " static_local_mem=" << K.StaticLocalMem << "\n";
}

int main(int argc, char **argv) {
  InitLLVM X(argc, argv);
  cl::HideUnrelatedOptions(Category);
  cl::ParseCommandLineOptions(argc, argv, "sporkle-opt: sporkle's device passes on LLVM IR\n");

  LLVMContext Ctx;
  SMDiagnostic ParseError;
  std::unique_ptr<Module> M = parseIRFile(InputFile, ParseError, Ctx);
  if (!M) {
    ParseError.print("sporkle-opt", errs());
    return 1;
  }

  if (VulkanPipeline) {
#ifdef SPORKLE_HAVE_VULKAN_TARGET
    sporkle::DeviceLinkOptions LinkOpts;
    LinkOpts.OptLevel = OptLevel;
    LinkOpts.DebugInfo = KeepDebugInfo;
    if (Error E = sporkle::prepareDeviceModule(*M, LinkOpts))
      return failWith(std::move(E));
    auto Image = sporkle::vulkan::emitSpirv(*M, SpirvOpt);
    if (!Image)
      return failWith(Image.takeError());
    for (const auto &K : Image->Kernels) {
      errs() << "kernel " << K.Name << " entry=" << K.EntryName << " flags=" << K.Flags
             << " args_size=" << K.ArgsSize << " launch_constants=";
      for (auto [Offset, Size] : K.LaunchConstants)
        errs() << Offset << ":" << Size << ",";
      errs() << "\n";
    }
    std::error_code EC;
    ToolOutputFile Out(OutputFile, EC, sys::fs::OF_None);
    if (EC)
      return fail("error: cannot open " + OutputFile + ": " + EC.message());
    Out.os().write(reinterpret_cast<const char *>(Image->Words.data()), Image->Words.size() * 4);
    Out.keep();
    return 0;
#else
    return fail("error: this sporkle-opt was built without the Vulkan target (SPIRV-Tools missing)");
#endif
  }

  sporkle::cpu::CpuTargetOptions TargetOpts;
  TargetOpts.CPU = MCPU;
  TargetOpts.Features = MAttr;
  TargetOpts.OptLevel = OptLevel;
  auto TM = sporkle::cpu::createCpuTargetMachine(TargetOpts);
  if (!TM)
    return failWith(TM.takeError());

  std::error_code EC;
  bool Binary = CpuPipeline ? Emit == EmitKind::Obj : !TextOutput;
  ToolOutputFile Out(OutputFile, EC, Binary ? sys::fs::OF_None : sys::fs::OF_Text);
  if (EC)
    return fail("error: cannot open " + OutputFile + ": " + EC.message());

  if (CpuPipeline) {
    sporkle::DeviceLinkOptions LinkOpts;
    LinkOpts.OptLevel = OptLevel;
    LinkOpts.DebugInfo = KeepDebugInfo;
    if (Error E = sporkle::prepareDeviceModule(*M, LinkOpts))
      return failWith(std::move(E));
    if (Error E = sporkle::cpu::lowerForCpu(*M, **TM, VectorWidth))
      return failWith(std::move(E));
    if (PrintKernelInfo)
      printKernelInfo(sporkle::cpu::cpuKernelInfo(*M));
    sporkle::cpu::optimizeForCpu(*M, **TM, OptLevel);
    if (Emit == EmitKind::IR) {
      M->print(Out.os(), nullptr);
    } else {
      auto Code = sporkle::cpu::emitForCpu(
          *M, **TM, Emit == EmitKind::Asm ? CodeGenFileType::AssemblyFile : CodeGenFileType::ObjectFile);
      if (!Code)
        return failWith(Code.takeError());
      Out.os().write(Code->data(), Code->size());
    }
    Out.keep();
    return 0;
  }

  if (Passes.empty())
    return fail("error: give -passes=... or --sporkle-cpu-pipeline");

  sporkle::DeviceDiagnosticCollector Diagnostics(Ctx);
  PassBuilder PB(TM->get());
  sporkle::registerSporklePasses(PB);
  sporkle::cpu::registerCpuPasses(PB, **TM);
#ifdef SPORKLE_HAVE_VULKAN_TARGET
  sporkle::vulkan::registerVulkanPasses(PB);
#endif
  sporkle::AnalysisManagers AM(PB);
  ModulePassManager MPM;
  if (Error E = PB.parsePassPipeline(MPM, Passes))
    return fail("error: " + toString(std::move(E)));
  MPM.run(*M, AM.MAM);
  if (Diagnostics.hasErrors())
    return failWith(Diagnostics.takeError());

  std::string Broken;
  raw_string_ostream BrokenOS(Broken);
  if (verifyModule(*M, &BrokenOS))
    return fail("error: the passes produced invalid IR:\n" + Broken);
  if (TextOutput)
    M->print(Out.os(), nullptr);
  else
    WriteBitcodeToFile(*M, Out.os());
  Out.keep();
  return 0;
}
