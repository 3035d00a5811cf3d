//===- FrontendJobs.cpp - the compile step's jobs, run in-process ---------===//
#include "FrontendJobs.h"
#include "DeviceCodeChecker.h"

#include "clang/Basic/DiagnosticOptions.h"
#include "clang/CodeGen/ObjectFilePCHContainerWriter.h"
#include "clang/Driver/Job.h"
#include "clang/Driver/Tool.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/CompilerInvocation.h"
#include "clang/Frontend/TextDiagnosticBuffer.h"
#include "clang/FrontendTool/Utils.h"
#include "clang/Serialization/ObjectFilePCHContainerReader.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Object/OffloadBinary.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

using namespace clang;
using namespace llvm;

namespace sporkle {

/// The device pass: the action cc1 would run (EmitBC, or SyntaxOnly for
/// -fsyntax-only), behind the device-code checks.
static bool executeDevicePass(CompilerInstance &Clang) {
  // -mllvm options, as ExecuteCompilerInvocation would apply them.
  const std::vector<std::string> &LLVMArgs = Clang.getFrontendOpts().LLVMArgs;
  if (!LLVMArgs.empty()) {
    SmallVector<const char *> Args{"sporkle-cc (device pass)"};
    for (const std::string &A : LLVMArgs)
      Args.push_back(A.c_str());
    cl::ParseCommandLineOptions(Args.size(), Args.data());
  }
  std::unique_ptr<FrontendAction> Action = CreateFrontendAction(Clang);
  if (!Action)
    return false;
  DeviceCheckingAction Checked(std::move(Action));
  return Clang.ExecuteAction(Checked);
}

int runCC1InProcess(SmallVectorImpl<const char *> &Argv) {
  if (Argv.size() < 2 || StringRef(Argv[1]) != "-cc1") {
    WithColor::error(errs(), "sporkle-cc")
        << "cannot run '" << (Argv.size() > 1 ? Argv[1] : "") << "' in-process"
        << "; sporkle-cc compiles C and C++ sources (assemble .s/.S files with another tool)\n";
    return 1;
  }
  ArrayRef<const char *> Args = ArrayRef(Argv).drop_front(2);

  auto PCHOps = std::make_shared<PCHContainerOperations>();
  PCHOps->registerWriter(std::make_unique<ObjectFilePCHContainerWriter>());
  PCHOps->registerReader(std::make_unique<ObjectFilePCHContainerReader>());

  // Argument errors are buffered until the real diagnostics engine (with the
  // invocation's own options: colours, -Werror, ...) exists.
  DiagnosticOptions BufferDiagOpts;
  auto *Buffer = new TextDiagnosticBuffer;
  DiagnosticsEngine BufferDiags(DiagnosticIDs::create(), BufferDiagOpts, Buffer);
  auto Invocation = std::make_shared<CompilerInvocation>();
  bool Parsed = CompilerInvocation::CreateFromArgs(*Invocation, Args, BufferDiags, Argv[0]);

  auto Clang = std::make_unique<CompilerInstance>(std::move(Invocation), std::move(PCHOps));
  Clang->createVirtualFileSystem(vfs::getRealFileSystem(), Buffer);
  Clang->createDiagnostics();
  Buffer->FlushDiagnostics(Clang->getDiagnostics());
  if (!Parsed) {
    Clang->getDiagnosticClient().finish();
    return 1;
  }
  // cc1 normally leaks its AST at exit for speed (-disable-free); one
  // sporkle-cc process runs several passes, so free as we go.
  Clang->getFrontendOpts().DisableFree = false;

  bool Success = Clang->getLangOpts().SYCLIsDevice ? executeDevicePass(*Clang)
                                                   : ExecuteCompilerInvocation(Clang.get());
  return Success ? 0 : 1;
}

bool isOffloadPackagerJob(const clang::driver::Command &Job) {
  return StringRef(Job.getCreator().getName()) == "Offload::Packager";
}

static int packagerError(const Twine &Message) {
  WithColor::error(errs(), "sporkle-cc") << "packing device code: " << Message << "\n";
  return 1;
}

int runOffloadPackagerInProcess(const clang::driver::Command &Job) {
  StringRef OutputPath;
  SmallVector<StringRef> ImageSpecs;
  const auto &Args = Job.getArguments();
  for (size_t I = 0; I < Args.size(); ++I) {
    StringRef A = Args[I];
    if (A == "-o" && I + 1 < Args.size())
      OutputPath = Args[++I];
    else if (A.consume_front("--image="))
      ImageSpecs.push_back(A);
  }
  if (OutputPath.empty())
    return packagerError("the packaging job names no output");

  SmallString<0> Packed;
  for (StringRef Spec : ImageSpecs) {
    object::OffloadBinary::OffloadingImage Image;
    SmallVector<StringRef> Fields;
    Spec.split(Fields, ',');
    for (StringRef Field : Fields) {
      auto [Key, Value] = Field.split('=');
      if (Key == "file") {
        ErrorOr<std::unique_ptr<MemoryBuffer>> File = MemoryBuffer::getFile(Value);
        if (!File)
          return packagerError("cannot read '" + Value + "': " + File.getError().message());
        Image.Image = std::move(*File);
        Image.TheImageKind = object::getImageKind(sys::path::extension(Value).drop_front());
      } else if (Key == "kind") {
        Image.TheOffloadKind = object::getOffloadKind(Value);
      } else {
        Image.StringData[Key] = Value;
      }
    }
    if (!Image.Image)
      return packagerError("image '" + Spec + "' names no file");
    Packed.append(object::OffloadBinary::write(Image));
    Packed.resize(alignTo(Packed.size(), object::OffloadBinary::getAlignment()));
  }

  std::error_code EC;
  raw_fd_ostream Out(OutputPath, EC, sys::fs::OF_None);
  if (EC)
    return packagerError("cannot write '" + OutputPath + "': " + EC.message());
  Out << Packed;
  return 0;
}

} // namespace sporkle
