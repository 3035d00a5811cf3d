//===- DeviceLinker.cpp - device code of all objects -> per-target images -===//
#include "DeviceLinker.h"
#include "KernelNames.h"
#ifdef SPORKLE_HAVE_VULKAN_TARGET
#include "VulkanTarget.h"
#endif

#include "llvm/BinaryFormat/Magic.h"
#include "llvm/Bitcode/BitcodeReader.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/IR/DiagnosticPrinter.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Linker/Linker.h"
#include "llvm/Object/Archive.h"
#include "llvm/Object/OffloadBinary.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Transforms/Utils/Cloning.h"

#include "passes/DevicePipeline.h"
#include "targets/cpu/CpuTarget.h"

using namespace llvm;

namespace sporkle {

namespace {
/// Device bitcode found in one input, named for messages ("a.o", "lib.a(b.o)").
struct DeviceBitcode {
  std::string Origin;
  std::unique_ptr<MemoryBuffer> Bitcode;
};
} // namespace

/// One error line, clang-style: "<Where>: error: <Message>" ("sporkle-cc"
/// when there is no source location), with optional further lines (notes).
static Error linkError(const Twine &Message, StringRef Where = "sporkle-cc",
                       const Twine &Notes = "") {
  std::string Text = (Where + ": error: " + Message).str();
  std::string More = Notes.str();
  if (!More.empty())
    Text += "\n" + More;
  return createStringError(inconvertibleErrorCode(), Text);
}

static Error deviceLinkError(const Twine &Message) { return linkError("device link: " + Message); }

/// Appends the SYCL device bitcode embedded in one relocatable object.
static Error collectFromObject(MemoryBufferRef Object, StringRef Origin,
                               std::vector<DeviceBitcode> &Out) {
  SmallVector<object::OffloadFile> Files;
  if (Error E = object::extractOffloadBinaries(Object, Files))
    return linkError("'" + Origin + "' is not a valid object file: " + toString(std::move(E)));
  for (const object::OffloadFile &File : Files) {
    const object::OffloadBinary &Binary = *File.getBinary();
    if (Binary.getOffloadKind() != object::OFK_SYCL || Binary.getImageKind() != object::IMG_Bitcode)
      continue; // another offloading model's code: not ours to link
    if (!StringRef(Binary.getTriple()).starts_with("spirv64"))
      return linkError("'" + Origin + "' holds SYCL device code for '" + Binary.getTriple() +
                       "'; sporkle expects spirv64 device bitcode (was it built by sporkle-cc?)");
    Out.push_back({Origin.str(), MemoryBuffer::getMemBufferCopy(Binary.getImage(), Origin)});
  }
  return Error::success();
}

/// Appends the device bitcode of one link input: an object, or every member
/// of a static archive. Shared libraries, linker scripts and missing files
/// are left to the system linker; a file named like an object whose contents
/// are no object is an error here, where it can be said plainly (the system
/// linker would try to read it as a linker script).
static Error collectFromInput(const DeviceLinkInput &Input, std::vector<DeviceBitcode> &Out) {
  ErrorOr<std::unique_ptr<MemoryBuffer>> Buffer =
      MemoryBuffer::getFile(Input.Path, /*IsText=*/false, /*RequiresNullTerminator=*/false);
  if (!Buffer) {
    if (Buffer.getError() == std::errc::no_such_file_or_directory)
      return Error::success();
    return linkError("cannot read '" + Input.Name + "': " + Buffer.getError().message());
  }
  MemoryBufferRef Ref = (*Buffer)->getMemBufferRef();
  file_magic Magic = identify_magic(Ref.getBuffer());
  switch (Magic) {
  case file_magic::elf_relocatable:
    return collectFromObject(Ref, Input.Name, Out);
  case file_magic::archive: {
    Expected<std::unique_ptr<object::Archive>> Archive = object::Archive::create(Ref);
    if (!Archive)
      return linkError("cannot read archive '" + Input.Name + "': " + toString(Archive.takeError()));
    Error Err = Error::success();
    for (const object::Archive::Child &Member : (*Archive)->children(Err)) {
      Expected<MemoryBufferRef> MemberRef = Member.getMemoryBufferRef();
      Expected<StringRef> MemberName = Member.getName();
      if (!MemberRef || !MemberName) {
        consumeError(MemberRef.takeError());
        consumeError(MemberName.takeError());
        continue;
      }
      if (identify_magic(MemberRef->getBuffer()) != file_magic::elf_relocatable)
        continue;
      std::string Origin = (Input.Name + "(" + *MemberName + ")").str();
      if (Error E = collectFromObject(*MemberRef, Origin, Out)) {
        consumeError(std::move(Err));
        return E;
      }
    }
    if (Err)
      return linkError("cannot read archive '" + Input.Name + "': " + toString(std::move(Err)));
    return Error::success();
  }
  case file_magic::unknown: {
    StringRef Ext = sys::path::extension(Input.Path);
    if (Ext == ".o" || Ext == ".obj")
      return linkError("'" + Input.Name + "' is not an object file" +
                       (Ref.getBufferSize() == 0 ? " (it is empty)" : " (its contents are not ELF)"));
    return Error::success();
  }
  default:
    return Error::success();
  }
}

/// "file:line" of a function's definition, or "" without debug info.
static std::string definitionLocation(const GlobalValue &GV) {
  const auto *F = dyn_cast<Function>(&GV);
  const DISubprogram *SP = F ? F->getSubprogram() : nullptr;
  if (!SP)
    return "";
  std::string File = SP->getFilename().str();
  if (!SP->getDirectory().empty() && !File.empty() && File[0] != '/')
    File = (SP->getDirectory() + "/" + File).str();
  return File + ":" + std::to_string(SP->getLine());
}

static bool isKernelDefinition(const GlobalValue &GV) {
  const auto *F = dyn_cast<Function>(&GV);
  return F && !F->isDeclaration() && F->getCallingConv() == CallingConv::SPIR_KERNEL;
}

/// Bytes of a kernel's argument block (its functor, passed byval).
static uint64_t argumentBlockSize(const Function &Kernel) {
  if (Kernel.arg_size() != 1 || !Kernel.getArg(0)->hasByValAttr())
    return ~uint64_t(0);
  return Kernel.getDataLayout().getTypeAllocSize(Kernel.getArg(0)->getParamByValType());
}

namespace {
/// The strong definitions seen so far, to report duplicates in the words of
/// the source rather than the IR linker's ("symbol multiply defined!").
class DefinitionTable {
public:
  /// Checks \p M's definitions against the earlier inputs' and records them.
  /// Kernels become weak_odr so copies from several objects merge.
  Error add(Module &M, StringRef Origin) {
    for (GlobalValue &GV : M.global_values()) {
      if (GV.isDeclarationForLinker() || GV.hasLocalLinkage() || !GV.hasName())
        continue;
      if (isKernelDefinition(GV)) {
        auto &Kernel = cast<Function>(GV);
        uint64_t Size = argumentBlockSize(Kernel);
        auto [It, New] = Kernels.try_emplace(GV.getName(), Seen{Origin.str(), "", Size});
        if (!New && It->second.ArgumentBlockSize != Size)
          return linkError("SYCL kernel " + describeKernelSymbol(GV.getName()) +
                           " has different definitions in '" + It->second.Origin + "' and '" +
                           Origin + "' (their arguments differ); two kernels cannot share a name");
        if (GV.getLinkage() == GlobalValue::ExternalLinkage)
          GV.setLinkage(GlobalValue::WeakODRLinkage);
        continue;
      }
      if (GV.isWeakForLinker())
        continue; // inline, template and tentative definitions merge
      std::string Location = definitionLocation(GV);
      auto [It, New] = Strong.try_emplace(GV.getName(), Seen{Origin.str(), Location, 0});
      if (New)
        continue;
      std::string What = isa<Function>(GV) ? "function" : "variable";
      std::string Note;
      if (!It->second.Location.empty())
        Note = It->second.Location + ": note: the other definition is here";
      return linkError("device " + What + " " + describeKernelSymbol(GV.getName()) +
                           " is defined in both '" + It->second.Origin + "' and '" + Origin +
                           "'; define it in one file only (SYCL_EXTERNAL functions are "
                           "declared in the others)",
                       Location.empty() ? StringRef("sporkle-cc") : StringRef(Location), Note);
    }
    return Error::success();
  }

private:
  struct Seen {
    std::string Origin;
    std::string Location;
    uint64_t ArgumentBlockSize;
  };
  StringMap<Seen> Strong, Kernels;
};
} // namespace

/// Links all device bitcode into one module. Linker diagnostics (mismatched
/// module flags and the like) become the returned error.
static Expected<std::unique_ptr<Module>> linkBitcode(std::vector<DeviceBitcode> &Inputs,
                                                     LLVMContext &Ctx) {
  std::string Diagnostics;
  raw_string_ostream DiagOS(Diagnostics);
  Ctx.setDiagnosticHandlerCallBack(
      [](const DiagnosticInfo *DI, void *Context) {
        if (DI->getSeverity() != DS_Error)
          return;
        auto &OS = *static_cast<raw_string_ostream *>(Context);
        DiagnosticPrinterRawOStream Printer(OS);
        DI->print(Printer);
        OS << "\n";
      },
      &DiagOS);

  DefinitionTable Definitions;
  std::unique_ptr<Module> Linked;
  for (DeviceBitcode &Input : Inputs) {
    Expected<std::unique_ptr<Module>> M = parseBitcodeFile(Input.Bitcode->getMemBufferRef(), Ctx);
    if (!M)
      return linkError("cannot read the device code of '" + Input.Origin +
                       "': " + toString(M.takeError()));
    if (Error E = Definitions.add(**M, Input.Origin))
      return std::move(E);
    if (!Linked) {
      Linked = std::move(*M);
      Linked->setModuleIdentifier("sporkle-device-link");
      continue;
    }
    if (Linker::linkModules(*Linked, std::move(*M)))
      return deviceLinkError("linking the device code of '" + Input.Origin + "' failed:\n" +
                             StringRef(Diagnostics).rtrim());
  }
  // One copy of each kernel is left; the targets expect them external.
  for (Function &F : *Linked)
    if (isKernelDefinition(F) && F.getLinkage() == GlobalValue::WeakODRLinkage)
      F.setLinkage(GlobalValue::ExternalLinkage);
  return Linked;
}

static Expected<TargetImage> buildCpu(std::unique_ptr<Module> M, const DeviceBuildOptions &Opts) {
  cpu::CpuTargetOptions CpuOpts;
  CpuOpts.OptLevel = Opts.OptLevel;
  CpuOpts.CPU = Opts.TargetCPU;
  CpuOpts.DebugInfo = Opts.DebugInfo;
  CpuOpts.VectorWidth = Opts.VectorWidth;
  CpuOpts.LoopVectorize = Opts.LoopVectorize;
  CpuOpts.SLPVectorize = Opts.SLPVectorize;
  Expected<cpu::CpuImage> Built = cpu::buildCpuImage(std::move(M), CpuOpts);
  if (!Built)
    return Built.takeError();
  TargetImage Image{DeviceTarget::Cpu, Built->Triple, Built->CPU, {}, std::move(Built->Object)};
  Image.LinkLibraries = std::move(Built->LinkLibraries);
  for (const cpu::CpuKernelInfo &K : Built->Kernels)
    Image.Kernels.push_back({K.Name, K.Symbol, K.Flags, K.VectorWidth, K.ArgsSize, K.StaticLocalMem});
  return Image;
}

static Expected<TargetImage> buildVulkan(std::unique_ptr<Module> M) {
#ifdef SPORKLE_HAVE_VULKAN_TARGET
  Expected<vulkan::SpirvImage> Built = vulkan::emitSpirv(*M);
  if (!Built)
    return Built.takeError();
  TargetImage Image{DeviceTarget::Vulkan, "spirv64-unknown-vulkan1.2", "", {}, {}};
  const char *Bytes = reinterpret_cast<const char *>(Built->Words.data());
  Image.Object.append(Bytes, Bytes + Built->Words.size() * sizeof(uint32_t));
  for (const vulkan::SpirvKernelInfo &K : Built->Kernels)
    Image.Kernels.push_back(
        {K.Name, K.EntryName, K.Flags, /*VectorWidth=*/1, K.ArgsSize, /*StaticLocalMem=*/0, K.LaunchConstants});
  return Image;
#else
  (void)M;
  return deviceLinkError("this sporkle-cc was built without the Vulkan target");
#endif
}

static Expected<TargetImage> buildForTarget(DeviceTarget Target, std::unique_ptr<Module> M,
                                            const DeviceBuildOptions &Opts) {
  switch (Target) {
  case DeviceTarget::Cpu:
    return buildCpu(std::move(M), Opts);
  case DeviceTarget::Vulkan:
    return buildVulkan(std::move(M));
  }
  return deviceLinkError("unknown device target");
}

Expected<std::vector<TargetImage>> buildDeviceImages(ArrayRef<DeviceLinkInput> Inputs,
                                                     const DeviceBuildOptions &Opts,
                                                     DeviceInputSummary *Summary) {
  std::vector<DeviceBitcode> Bitcode;
  unsigned FilesWithDeviceCode = 0;
  for (const DeviceLinkInput &Input : Inputs) {
    size_t Before = Bitcode.size();
    if (Error E = collectFromInput(Input, Bitcode))
      return E;
    FilesWithDeviceCode += Bitcode.size() != Before;
  }
  if (Summary)
    *Summary = {FilesWithDeviceCode, static_cast<unsigned>(Bitcode.size())};
  std::vector<TargetImage> Images;
  if (Bitcode.empty())
    return Images;

  LLVMContext Ctx;
  Expected<std::unique_ptr<Module>> Linked = linkBitcode(Bitcode, Ctx);
  if (!Linked)
    return Linked.takeError();
  Module &M = **Linked;

  if (kernelNames(M).empty())
    return Images; // device functions but no kernel: nothing to run
  DeviceLinkOptions PipelineOpts;
  PipelineOpts.OptLevel = Opts.OptLevel;
  // The line tables stay until each target has reported what it cannot
  // compile (file:line); the CPU target strips them after its own passes
  // unless -g, the Vulkan target never writes them into SPIR-V.
  PipelineOpts.DebugInfo = true;
  if (Error E = prepareDeviceModule(M, PipelineOpts))
    return E;

  // Each target consumes a module; all but the last get a copy.
  for (size_t I = 0; I < Opts.Targets.size(); ++I) {
    bool Last = I + 1 == Opts.Targets.size();
    std::unique_ptr<Module> ForTarget = Last ? std::move(*Linked) : CloneModule(M);
    Expected<TargetImage> Image = buildForTarget(Opts.Targets[I], std::move(ForTarget), Opts);
    if (!Image)
      return Image.takeError();
    Images.push_back(std::move(*Image));
  }
  return Images;
}

} // namespace sporkle
