//===- DeviceLinker.cpp - device code of all objects -> per-target images -===//
#include "DeviceLinker.h"

#include "llvm/BinaryFormat/Magic.h"
#include "llvm/Bitcode/BitcodeReader.h"
#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/IR/DiagnosticPrinter.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Linker/Linker.h"
#include "llvm/Object/Archive.h"
#include "llvm/Object/OffloadBinary.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Transforms/Utils/Cloning.h"

#ifdef SPORKLE_HAVE_DEVICE_PASSES
#include "passes/DevicePipeline.h"
#endif
#ifdef SPORKLE_HAVE_CPU_TARGET
#include "targets/cpu/CpuTarget.h"
#endif

using namespace llvm;

namespace sporkle {

namespace {
/// Device bitcode found in one input, named for messages ("a.o", "lib.a(b.o)").
struct DeviceBitcode {
  std::string Origin;
  std::unique_ptr<MemoryBuffer> Bitcode;
};
} // namespace

static Error deviceLinkError(const Twine &Message) {
  return createStringError(inconvertibleErrorCode(), "device link: " + Message);
}

/// Appends the SYCL device bitcode embedded in one relocatable object.
static Error collectFromObject(MemoryBufferRef Object, StringRef Origin,
                               std::vector<DeviceBitcode> &Out) {
  SmallVector<object::OffloadFile> Files;
  if (Error E = object::extractOffloadBinaries(Object, Files))
    return deviceLinkError("cannot read the device code in '" + Origin + "': " +
                           toString(std::move(E)));
  for (const object::OffloadFile &File : Files) {
    const object::OffloadBinary &Binary = *File.getBinary();
    if (Binary.getOffloadKind() != object::OFK_SYCL || Binary.getImageKind() != object::IMG_Bitcode)
      continue; // another offloading model's code: not ours to link
    if (!StringRef(Binary.getTriple()).starts_with("spirv64"))
      return deviceLinkError("'" + Origin + "' holds SYCL device code for '" + Binary.getTriple() +
                             "'; sporkle expects spirv64 device bitcode (was it built by sporkle-cc?)");
    Out.push_back({Origin.str(), MemoryBuffer::getMemBufferCopy(Binary.getImage(), Origin)});
  }
  return Error::success();
}

/// Appends the device bitcode of one link input: an object, or every member
/// of a static archive. Shared libraries, linker scripts and missing files
/// are left to the system linker.
static Error collectFromInput(StringRef Path, std::vector<DeviceBitcode> &Out) {
  ErrorOr<std::unique_ptr<MemoryBuffer>> Buffer =
      MemoryBuffer::getFile(Path, /*IsText=*/false, /*RequiresNullTerminator=*/false);
  if (!Buffer)
    return Error::success();
  MemoryBufferRef Ref = (*Buffer)->getMemBufferRef();
  switch (identify_magic(Ref.getBuffer())) {
  case file_magic::elf_relocatable:
    return collectFromObject(Ref, Path, Out);
  case file_magic::archive: {
    Expected<std::unique_ptr<object::Archive>> Archive = object::Archive::create(Ref);
    if (!Archive)
      return deviceLinkError("cannot read archive '" + Path + "': " + toString(Archive.takeError()));
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
      std::string Origin = (Path + "(" + *MemberName + ")").str();
      if (Error E = collectFromObject(*MemberRef, Origin, Out))
        return E;
    }
    if (Err)
      return deviceLinkError("cannot read archive '" + Path + "': " + toString(std::move(Err)));
    return Error::success();
  }
  default:
    return Error::success();
  }
}

/// Links all device bitcode into one module. Linker diagnostics (duplicate
/// definitions, mismatched module flags) become the returned error.
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

  std::unique_ptr<Module> Linked;
  for (DeviceBitcode &Input : Inputs) {
    Expected<std::unique_ptr<Module>> M = parseBitcodeFile(Input.Bitcode->getMemBufferRef(), Ctx);
    if (!M)
      return deviceLinkError("cannot read the device bitcode of '" + Input.Origin +
                             "': " + toString(M.takeError()));
    if (!Linked) {
      Linked = std::move(*M);
      Linked->setModuleIdentifier("sporkle-device-link");
      continue;
    }
    if (Linker::linkModules(*Linked, std::move(*M)))
      return deviceLinkError("linking the device code of '" + Input.Origin + "' failed:\n" +
                             StringRef(Diagnostics).rtrim());
  }
  return Linked;
}

#ifdef SPORKLE_HAVE_CPU_TARGET
static Expected<TargetImage> buildCpu(std::unique_ptr<Module> M, const DeviceBuildOptions &Opts) {
  cpu::CpuTargetOptions CpuOpts;
  CpuOpts.OptLevel = Opts.OptLevel;
  CpuOpts.CPU = Opts.TargetCPU;
  CpuOpts.DebugInfo = Opts.DebugInfo;
  CpuOpts.VectorWidth = Opts.VectorWidth;
  Expected<cpu::CpuImage> Built = cpu::buildCpuImage(std::move(M), CpuOpts);
  if (!Built)
    return Built.takeError();
  TargetImage Image{DeviceTarget::Cpu, Built->Triple, Built->CPU, {}, std::move(Built->Object)};
  for (const cpu::CpuKernelInfo &K : Built->Kernels)
    Image.Kernels.push_back({K.Name, K.Symbol, K.Flags, K.VectorWidth, K.ArgsSize, K.StaticLocalMem});
  return Image;
}
#endif

static Expected<TargetImage> buildForTarget(DeviceTarget Target, std::unique_ptr<Module> M,
                                            const DeviceBuildOptions &Opts) {
  switch (Target) {
  case DeviceTarget::Cpu:
#ifdef SPORKLE_HAVE_CPU_TARGET
    return buildCpu(std::move(M), Opts);
#else
    return deviceLinkError("this sporkle-cc was built without the cpu target library");
#endif
  }
  return deviceLinkError("unknown device target");
}

Expected<std::vector<TargetImage>> buildDeviceImages(ArrayRef<std::string> Inputs,
                                                     const DeviceBuildOptions &Opts,
                                                     DeviceInputSummary *Summary) {
  std::vector<DeviceBitcode> Bitcode;
  unsigned FilesWithDeviceCode = 0;
  for (const std::string &Input : Inputs) {
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

#ifdef SPORKLE_HAVE_DEVICE_PASSES
  if (kernelNames(M).empty())
    return Images; // device functions but no kernel: nothing to run
  DeviceLinkOptions PipelineOpts;
  PipelineOpts.OptLevel = Opts.OptLevel;
  PipelineOpts.DebugInfo = Opts.DebugInfo;
  if (Error E = prepareDeviceModule(M, PipelineOpts))
    return E;
#else
  return deviceLinkError("this sporkle-cc was built without the device pass library");
#endif

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
