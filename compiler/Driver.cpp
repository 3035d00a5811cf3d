//===- Driver.cpp - sporkle-cc: a clang-compatible SYCL compiler driver ---===//
//
// The user's command line is parsed with Clang's own option table, only to
// classify it: which inputs are sources, which mode (compile, link, or a mode
// with no object such as -E), which flags matter to the link. Every actual
// job is then built by Clang's Driver from the user's flags plus a few that
// sporkle adds (-fsycl and the device pass's extras), so sporkle-cc accepts
// what clang++ accepts and spells errors the way clang does.
//
// Sources are compiled one Driver run each: that keeps C sources out of SYCL
// mode, gives each C++ source its own device/pack/host job triple, and lets a
// compile-and-link command route objects to temporary files like clang does.
//
//===----------------------------------------------------------------------===//
#include "Driver.h"
#include "DeviceLinker.h"
#ifdef SPORKLE_HAVE_VULKAN_TARGET
#include "VulkanTarget.h"
#endif
#include "DriverOptions.h"
#include "FrontendJobs.h"
#include "RegistrationObject.h"
#include "Resources.h"

#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/DiagnosticOptions.h"
#include "clang/Basic/Version.h"
#include "clang/Basic/DiagnosticDriver.h"
#include "clang/Driver/Compilation.h"
#include "clang/Driver/Driver.h"
#include "clang/Driver/Job.h"
#include "clang/Driver/Tool.h"
#include "clang/Driver/Types.h"
#include "clang/Frontend/CompilerInvocation.h"
#include "clang/Frontend/TextDiagnosticPrinter.h"
#include "clang/Options/Options.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Option/ArgList.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/StringSaver.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

using namespace clang;
using namespace clang::driver;
using namespace llvm;
using namespace llvm::opt;

namespace sporkle {
namespace {

constexpr const char *ProgramName = "sporkle-cc";

/// One source the compile step compiles, with the language it is compiled as.
struct SourceInput {
  const Arg *InputArg;  // the OPT_INPUT argument
  std::string Language; // the -x in effect ("" = by extension)
  types::ID Type;
  std::string Object;   // where its object goes (link mode: a temporary)
};

enum class Mode {
  NoObject,      // -E, -S, -fsyntax-only, -M, -fsycl-device-only, no inputs, ...
  CompileOnly,   // -c
  CompileAndLink // sources and/or objects -> executable or shared library
};

class Session {
public:
  explicit Session(const char *Argv0) : Res(Resources::locate(Argv0)), Saver(Alloc) {}
  int run(int Argc, const char **Argv);

private:
  // Setup.
  bool parseCommandLine();
  Mode chooseMode() const;
  void printVersion(raw_ostream &OS) const;

  // Building and running Clang Driver compilations.
  std::unique_ptr<Driver> makeDriver(bool CheckInputsExist = true);
  void addSyclCompileFlags(ArgStringList &Args, bool CXXSource, bool HasDevicePass = true) const;
  int runCompilation(Driver &D, ArrayRef<const char *> Args);
  int executeJobs(Compilation &C);

  // The modes.
  int runNoObjectMode();
  int compileSource(SourceInput &Source, bool PartOfLink, bool UserNamedOutput);
  int runCompileOnly();
  int runCompileAndLink();
  int emitDeviceModule();

  // The link step's helpers.
  std::vector<DeviceLinkInput> deviceLinkInputs() const;
  bool checkInputsAndOutput(Mode M);
  DeviceBuildOptions deviceBuildOptions() const;
  void enableDeviceRemarks() const;
  int buildDeviceCode(ArgStringList &ExtraLinkInputs);
  void addRuntimeLibraries(ArgStringList &LinkArgs, bool HasImages);

  // Temporary files: removed at exit unless -save-temps.
  std::string makeTempFile(StringRef Stem, StringRef Extension);
  void cleanupTempFiles();

  bool error(const Twine &Message) const {
    WithColor::error(errs(), ProgramName) << Message << "\n";
    return false;
  }
  void note(const Twine &Message) const { errs() << "# " << ProgramName << " (in-process): " << Message << "\n"; }
  const char *save(const Twine &S) { return Saver.save(S).data(); }

  Resources Res;
  DriverOptions Opts;
  BumpPtrAllocator Alloc;
  StringSaver Saver;
  SmallVector<const char *, 64> RawArgs; // after response files, without sporkle's options
  std::unique_ptr<InputArgList> Parsed;
  std::vector<SourceInput> Sources;
  bool HasCXXSource = false;
  std::vector<std::string> TempFiles;

  std::unique_ptr<DiagnosticOptions> DiagOpts;
  IntrusiveRefCntPtr<DiagnosticsEngine> Diags;
};

//===----------------------------------------------------------------------===//
// Setup
//===----------------------------------------------------------------------===//

bool Session::parseCommandLine() {
  unsigned MissingIndex = 0, MissingCount = 0;
  Parsed = std::make_unique<InputArgList>(getDriverOptTable().ParseArgs(
      RawArgs, MissingIndex, MissingCount, llvm::opt::Visibility(options::ClangOption)));
  // Missing values and unknown options are left for Clang's Driver to report
  // in its own words; classification only needs what parsed.
  std::string Language;
  for (const Arg *A : *Parsed) {
    if (A->getOption().matches(options::OPT_x)) {
      Language = A->getValue();
      if (Language == "none")
        Language.clear();
      continue;
    }
    if (!A->getOption().matches(options::OPT_INPUT))
      continue;
    StringRef Path = A->getValue();
    types::ID Type = types::TY_INVALID;
    if (!Language.empty())
      Type = types::lookupTypeForTypeSpecifier(Language.c_str());
    else if (Path != "-")
      Type = types::lookupTypeForExtension(sys::path::extension(Path).drop_front());
    // Unknown extensions (.a, .so, ...) are linker inputs, as in clang.
    if (Type == types::TY_INVALID || Type == types::TY_Object)
      continue;
    Sources.push_back({A, Language, Type, ""});
    HasCXXSource |= types::isCXX(Type);
  }
  return true;
}

Mode Session::chooseMode() const {
  using namespace options;
  bool HasInputs = Parsed->hasArg(OPT_INPUT);
  if (!HasInputs || Parsed->hasArg(OPT_E, OPT_S, OPT_fsyntax_only, OPT_M, OPT_MM, OPT_emit_llvm,
                                   OPT__precompile, OPT_emit_ast, OPT_offload_device_only,
                                   OPT_offload_host_only, OPT__analyze, OPT_fdriver_only))
    return Mode::NoObject;
  if (Parsed->hasArg(OPT_c))
    return Mode::CompileOnly;
  return Mode::CompileAndLink;
}

void Session::printVersion(raw_ostream &OS) const {
  OS << sporkleVersionLine() << "\n"
     << "based on " << getClangFullVersion() << "\n"
     << "Target: " << Res.HostTriple << "\n"
     << "Thread model: posix\n"
     << "InstalledDir: " << sys::path::parent_path(Res.Executable) << "\n";
}

//===----------------------------------------------------------------------===//
// Clang Driver runs
//===----------------------------------------------------------------------===//

std::unique_ptr<Driver> Session::makeDriver(bool CheckInputsExist) {
  // The Driver models the Clang installation sporkle was built against: from
  // its clang++ path it finds the GCC toolchain, C++ headers and linker.
  auto D = std::make_unique<Driver>(Res.ClangDriverPath, Res.HostTriple, *Diags, "sporkle-cc");
  D->ResourceDir = Res.ClangResourceDir;
  D->CC1Main = runCC1InProcess;
  D->setCheckInputsExist(CheckInputsExist);
  return D;
}

/// What sporkle adds to a compile of one source: SYCL mode for C++ (device
/// pass + host pass), and for the device pass no errno (math builtins become
/// LLVM intrinsics) and line tables (so the device linker can name file:line;
/// it strips them unless -g).
void Session::addSyclCompileFlags(ArgStringList &Args, bool CXXSource, bool HasDevicePass) const {
  if (!Opts.SyclEnabled)
    return;
  Args.push_back("-isystem");
  Args.push_back(Res.IncludeDir.c_str());
  if (!CXXSource)
    return;
  Args.push_back("-fsycl");
  if (Opts.Verbose)
    Args.append({"-Xclang", "-v"}); // cc1's header search report, as clang -v gives
  if (!HasDevicePass)
    return;
  Args.append({"-Xarch_device", "-fno-math-errno"});
  const Arg *LastG = Parsed->getLastArg(options::OPT_g_Group);
  if (!LastG || LastG->getOption().matches(options::OPT_g0))
    Args.append({"-Xarch_device", "-gline-tables-only"});
}

int Session::runCompilation(Driver &D, ArrayRef<const char *> Args) {
  std::unique_ptr<Compilation> C(D.BuildCompilation(Args));
  // Argument errors (unknown flags, missing inputs) are reported through the
  // diagnostics engine; a compilation built despite them must not run.
  if (!C || C->containsError() || Diags->hasErrorOccurred())
    return 1;
  return executeJobs(*C);
}

int Session::executeJobs(Compilation &C) {
  // Clang's Driver only runs cc1 in-process when a compilation has one job
  // (it reverts to spawning for more, see Command::InProcess). sporkle-cc's
  // compilations have three and must not spawn clang, so opt back in; the
  // cc1 runner frees each pass's memory, which is what the limit guards.
  for (Command &Job : C.getJobs())
    if (!Job.getArguments().empty() && StringRef(Job.getArguments().front()) == "-cc1")
      Job.InProcess = true;
  int Result = 0;
  for (const Command &Job : C.getJobs()) {
    if (Opts.DryRun) {
      Job.Print(errs(), "\n", /*Quote=*/true);
      continue;
    }
    if (Opts.Verbose)
      Job.Print(errs(), "\n", /*Quote=*/false);
    const Command *Failing = nullptr;
    Result = isOffloadPackagerJob(Job) ? runOffloadPackagerInProcess(Job)
                                       : C.ExecuteCommand(Job, Failing);
    if (Result == 0)
      continue;
    // Tools without their own diagnostics (the linker) get clang's summary.
    if (!Job.getCreator().hasGoodDiagnostics() || Result < 0)
      error(Twine(Job.getCreator().getShortName()) + " command failed " +
            (Result < 0 ? Twine("due to signal") : "with exit code " + Twine(Result)) +
            " (use -v to see invocation)");
    // No half-written outputs (objects, depfiles) after a failure.
    C.CleanupFileMap(C.getResultFiles(), nullptr, true);
    C.CleanupFileMap(C.getFailureResultFiles(), nullptr, true);
    Result = Result < 0 ? 1 : Result;
    break;
  }
  if (Opts.KeepTemps) {
    for (const char *Temp : C.getTempFiles())
      errs() << ProgramName << ": kept " << Temp << "\n";
    // ~Compilation removes what is still listed (clang's own -save-temps is
    // not in effect: sporkle-cc keeps the names it chose).
    C.getTempFiles().clear();
  } else {
    C.CleanupFileList(C.getTempFiles());
  }
  return Result;
}

//===----------------------------------------------------------------------===//
// Modes
//===----------------------------------------------------------------------===//

/// One Driver run with the user's arguments: the mode produces no object, so
/// there is nothing to link and no per-source routing to do.
int Session::runNoObjectMode() {
  using namespace options;
  ArgStringList Args{ProgramName, "--driver-mode=g++"};
  Args.append(RawArgs.begin(), RawArgs.end());
  if (HasCXXSource) {
    // Preprocessed output, assembly and IR are the host's unless the user
    // asked for the device pass; -fsyntax-only checks both passes.
    bool HostOnly = Parsed->hasArg(OPT_offload_host_only) ||
                    !Parsed->hasArg(OPT_offload_device_only, OPT_fsyntax_only);
    addSyclCompileFlags(Args, /*CXXSource=*/true, /*HasDevicePass=*/!HostOnly);
    if (Opts.SyclEnabled && HostOnly && !Parsed->hasArg(OPT_offload_host_only))
      Args.push_back("-fsycl-host-only");
  }
  if (Opts.Verbose && !HasCXXSource)
    Args.push_back("-v"); // no inputs: clang -v prints its search set-up
  std::unique_ptr<Driver> D = makeDriver();
  return runCompilation(*D, Args);
}

int Session::compileSource(SourceInput &Source, bool PartOfLink, bool UserNamedOutput) {
  using namespace options;
  ArgStringList Args{ProgramName, "--driver-mode=gcc"}; // .c stays C
  for (const Arg *A : *Parsed) {
    const Option &O = A->getOption();
    if (O.matches(OPT_INPUT) || O.matches(OPT_x) || O.matches(OPT_o) || O.matches(OPT_c))
      continue;
    // Linker inputs (-l, -Wl,...) have no business in a compile that is part
    // of a link; with -c, clang's own "unused" warnings are the right answer.
    if (PartOfLink && O.hasFlag(LinkerInput))
      continue;
    A->render(*Parsed, Args);
  }
  if (PartOfLink)
    Args.push_back("-Qunused-arguments");
  addSyclCompileFlags(Args, types::isCXX(Source.Type));
  Args.push_back("-c");
  if (PartOfLink || UserNamedOutput) {
    Args.push_back("-o");
    Args.push_back(Source.Object.c_str());
  }
  if (!Source.Language.empty())
    Args.append({"-x", Source.Language.c_str()});
  Args.push_back(Source.InputArg->getValue());
  std::unique_ptr<Driver> D = makeDriver();
  return runCompilation(*D, Args);
}

int Session::runCompileOnly() {
  const Arg *Output = Parsed->getLastArg(options::OPT_o);
  if (Output && Sources.size() > 1)
    return error("cannot specify -o when generating multiple output files"), 1;
  for (const Arg *A : Parsed->filtered(options::OPT_INPUT))
    if (none_of(Sources, [&](const SourceInput &S) { return S.InputArg == A; }))
      WithColor::warning(errs(), ProgramName) << A->getValue() << ": 'linker' input unused\n";
  for (SourceInput &Source : Sources) {
    if (Output)
      Source.Object = Output->getValue();
    if (int RC = compileSource(Source, /*PartOfLink=*/false, /*UserNamedOutput=*/Output != nullptr))
      return RC;
  }
  return 0;
}

std::vector<DeviceLinkInput> Session::deviceLinkInputs() const {
  std::vector<DeviceLinkInput> Inputs;
  std::vector<std::string> LibDirs;
  for (const Arg *A : Parsed->filtered(options::OPT_L))
    LibDirs.push_back(A->getValue());
  bool Static = Parsed->hasArg(options::OPT_static);
  for (const Arg *A : *Parsed) {
    if (A->getOption().matches(options::OPT_INPUT)) {
      auto Source = find_if(Sources, [&](const SourceInput &S) { return S.InputArg == A; });
      if (Source != Sources.end())
        Inputs.push_back({Source->Object, A->getValue()}); // messages name the source
      else
        Inputs.push_back({A->getValue(), A->getValue()});
      continue;
    }
    // -lname: a static archive in a user -L directory may carry device code;
    // a shared library found first cannot.
    if (!A->getOption().matches(options::OPT_l))
      continue;
    StringRef Name = A->getValue();
    for (const std::string &Dir : LibDirs) {
      SmallString<256> Shared(Dir), Archive(Dir);
      if (Name.starts_with(":")) {
        sys::path::append(Archive, Name.drop_front());
        if (sys::fs::exists(Archive)) {
          Inputs.push_back({std::string(Archive), std::string(Archive)});
          break;
        }
        continue;
      }
      sys::path::append(Shared, "lib" + Name + ".so");
      sys::path::append(Archive, "lib" + Name + ".a");
      if (!Static && sys::fs::exists(Shared))
        break;
      if (sys::fs::exists(Archive)) {
        Inputs.push_back({std::string(Archive), std::string(Archive)});
        break;
      }
    }
  }
  return Inputs;
}

DeviceBuildOptions Session::deviceBuildOptions() const {
  using namespace options;
  DeviceBuildOptions B;
  B.Targets = Opts.Targets;
  B.TargetCPU = Opts.TargetCPU;
  B.VectorWidth = Opts.VectorWidth;
  // Device code defaults to -O2: a kernel at -O0 is rarely what anyone wants,
  // and a debug build's host flags (-g alone) should not make kernels crawl.
  B.OptLevel = 2;
  if (const Arg *O = Parsed->getLastArg(OPT_O_Group)) {
    if (O->getOption().matches(OPT_O0))
      B.OptLevel = 0;
    else if (O->getOption().matches(OPT_O4) || O->getOption().matches(OPT_Ofast))
      B.OptLevel = 3;
    else if (O->getOption().matches(OPT_O)) {
      StringRef Level = O->getValue();
      unsigned N;
      if (Level == "fast")
        B.OptLevel = 3;
      else if (!Level.getAsInteger(10, N))
        B.OptLevel = std::min(N, 3u);
    }
  }
  const Arg *LastG = Parsed->getLastArg(OPT_g_Group);
  B.DebugInfo = LastG && !LastG->getOption().matches(OPT_g0);
  // Clang's own switches for LLVM's loop and SLP vectorizers apply to device
  // code too (benchmarks use them for the scalar baseline).
  B.LoopVectorize = Parsed->hasFlag(OPT_fvectorize, OPT_fno_vectorize, true);
  B.SLPVectorize = Parsed->hasFlag(OPT_fslp_vectorize, OPT_fno_slp_vectorize, true);
  return B;
}

/// -Rpass=, -Rpass-missed= and -Rpass-analysis= also select the remarks of
/// the device passes (e.g. -Rpass-missed=sporkle-vectorize for kernels the
/// vectorizer leaves scalar): handed to LLVM's -pass-remarks* options, which
/// the device pipeline's diagnostic handler consults.
void Session::enableDeviceRemarks() const {
  using namespace options;
  SmallVector<std::string, 4> Flags;
  for (const Arg *A : Parsed->filtered(OPT_Rpass_EQ, OPT_Rpass_missed_EQ, OPT_Rpass_analysis_EQ)) {
    const char *Option = A->getOption().matches(OPT_Rpass_EQ)          ? "-pass-remarks="
                         : A->getOption().matches(OPT_Rpass_missed_EQ) ? "-pass-remarks-missed="
                                                                       : "-pass-remarks-analysis=";
    Flags.push_back(Option + std::string(A->getValue()));
  }
  if (Flags.empty())
    return;
  SmallVector<const char *, 5> Argv{"sporkle-cc (device link)"};
  for (const std::string &F : Flags)
    Argv.push_back(F.c_str());
  cl::ParseCommandLineOptions(Argv.size(), Argv.data());
}

/// --emit=spirv|glsl: the Vulkan target's module for the inputs' kernels,
/// written to -o (default: a.spv / a.glsl) instead of a program.
int Session::emitDeviceModule() {
#ifdef SPORKLE_HAVE_VULKAN_TARGET
  DeviceBuildOptions BuildOpts = deviceBuildOptions();
  BuildOpts.Targets = {DeviceTarget::Vulkan};
  enableDeviceRemarks();
  Expected<std::vector<TargetImage>> Images = buildDeviceImages(deviceLinkInputs(), BuildOpts, nullptr);
  if (!Images) {
    errs() << toString(Images.takeError()) << "\n";
    return error("device code could not be compiled for Vulkan"), 1;
  }
  if (Images->empty())
    return error("no SYCL kernels in the input: nothing to emit"), 1;
  const TargetImage &Image = Images->front();
  bool Glsl = Opts.Emit == DeviceEmit::Glsl;
  std::string Path = Parsed->getLastArgValue(options::OPT_o, Glsl ? "a.glsl" : "a.spv").str();
  std::error_code EC;
  raw_fd_ostream OS(Path, EC, Glsl ? sys::fs::OF_Text : sys::fs::OF_None);
  if (EC)
    return error("cannot write '" + Path + "': " + EC.message()), 1;
  if (!Glsl) {
    OS.write(Image.Object.data(), Image.Object.size());
    return 0;
  }
  vulkan::SpirvImage Module;
  Module.Words.resize(Image.Object.size() / 4);
  memcpy(Module.Words.data(), Image.Object.data(), Module.Words.size() * 4);
  for (const KernelRecord &K : Image.Kernels)
    Module.Kernels.push_back({K.Name, K.Symbol, K.Flags, K.ArgsSize});
  Expected<std::string> Text = vulkan::spirvToGlsl(Module);
  if (!Text) {
    errs() << toString(Text.takeError()) << "\n";
    return 1;
  }
  OS << *Text;
  return 0;
#else
  return error("--emit=spirv/glsl: this sporkle-cc was built without the Vulkan target"), 1;
#endif
}

/// The device half of the link: returns the extra objects (target images and
/// the registration object) for the system link through \p ExtraLinkInputs.
int Session::buildDeviceCode(ArgStringList &ExtraLinkInputs) {
  std::vector<DeviceLinkInput> Inputs = deviceLinkInputs();
  DeviceBuildOptions BuildOpts = deviceBuildOptions();
  std::string TargetList = join(map_range(Opts.Targets, targetName), ",");
  if (Opts.Verbose || Opts.DryRun)
    note("device link of " +
         join(map_range(Inputs, [](const DeviceLinkInput &I) -> StringRef { return I.Path; }), " ") +
         " for " + TargetList + " (-O" +
         Twine(BuildOpts.OptLevel) + (BuildOpts.TargetCPU.empty() ? "" : ", cpu " + BuildOpts.TargetCPU) +
         ")");
  if (Opts.DryRun) {
    // Nothing is compiled in a dry run, so whether there is device code is
    // unknown: show the link as it would be with images.
    for (DeviceTarget T : Opts.Targets)
      ExtraLinkInputs.push_back(save(Twine("<") + targetName(T) + " image object>"));
    ExtraLinkInputs.push_back("<registration object>");
    return 0;
  }

  enableDeviceRemarks();
  DeviceInputSummary Summary;
  Expected<std::vector<TargetImage>> Images = buildDeviceImages(Inputs, BuildOpts, &Summary);
  if (!Images) {
    errs() << toString(Images.takeError()) << "\n";
    error("device code could not be linked");
    return 1;
  }
  if (Images->empty())
    return 0;

  for (TargetImage &Image : *Images) {
    if (Image.Target != DeviceTarget::Cpu)
      continue; // other targets are embedded by the registration object
    std::string Path = makeTempFile("sporkle-" + targetName(Image.Target).str(), "o");
    std::error_code EC;
    raw_fd_ostream OS(Path, EC, sys::fs::OF_None);
    if (EC)
      return error("cannot write '" + Path + "': " + EC.message()), 1;
    OS.write(Image.Object.data(), Image.Object.size());
    ExtraLinkInputs.push_back(save(Path));
    for (const std::string &Library : Image.LinkLibraries)
      ExtraLinkInputs.push_back(save("-l" + Library));
    if (Opts.Verbose)
      note(Twine(targetName(Image.Target)) + " image (" + Twine(Image.Kernels.size()) + (Image.Kernels.size() == 1 ? " kernel, " : " kernels, ") +
           Image.CPU + ") -> " + Path);
  }

  std::string Triple = Parsed->getLastArgValue(options::OPT_target, Res.HostTriple).str();
  Expected<SmallVector<char, 0>> Registration = buildRegistrationObject(*Images, Triple);
  if (!Registration) {
    error(toString(Registration.takeError()));
    return 1;
  }
  std::string Path = makeTempFile("sporkle-registration", "o");
  std::error_code EC;
  raw_fd_ostream OS(Path, EC, sys::fs::OF_None);
  if (EC)
    return error("cannot write '" + Path + "': " + EC.message()), 1;
  OS.write(Registration->data(), Registration->size());
  ExtraLinkInputs.push_back(save(Path));
  if (Opts.Verbose)
    note("registration object -> " + Path);
  return 0;
}

void Session::addRuntimeLibraries(ArgStringList &LinkArgs, bool HasImages) {
  using namespace options;
  if (Parsed->hasArg(OPT_nostdlib, OPT_nodefaultlibs))
    return;
  SmallString<256> Runtime(Res.LibDir);
  sys::path::append(Runtime, "libsporkle.so");
  bool RuntimePresent = sys::fs::exists(Runtime);
  // Programs without kernels (CMake's compiler checks, plain C++) link
  // without the runtime when it is absent, and never depend on it unless
  // they use it.
  if (RuntimePresent || HasImages) {
    LinkArgs.push_back(save("-L" + Res.LibDir));
    LinkArgs.push_back(save("-Wl,-rpath," + Res.LibDir));
    if (!HasImages)
      LinkArgs.push_back("-Wl,--push-state,--as-needed");
    LinkArgs.push_back("-lsporkle");
    if (!HasImages)
      LinkArgs.push_back("-Wl,--pop-state");
  }
  LinkArgs.append({"-lpthread", "-lm", "-ldl"});
}

int Session::runCompileAndLink() {
  using namespace options;
  for (SourceInput &Source : Sources) {
    Source.Object = makeTempFile(sys::path::stem(Source.InputArg->getValue()), "o");
    if (int RC = compileSource(Source, /*PartOfLink=*/true, /*UserNamedOutput=*/false))
      return RC;
  }

  if (Opts.Emit != DeviceEmit::Program)
    return emitDeviceModule();

  ArgStringList ExtraInputs;
  if (Opts.SyclEnabled)
    if (int RC = buildDeviceCode(ExtraInputs))
      return RC;
  bool HasImages = !ExtraInputs.empty();
  if (HasImages && !Opts.DryRun) {
    SmallString<256> Runtime(Res.LibDir);
    sys::path::append(Runtime, "libsporkle.so");
    if (!sys::fs::exists(Runtime))
      return error("the program has SYCL kernels but the sporkle runtime (" + Runtime +
                   ") is missing; build the sporkle_runtime target or check --print-resource-dirs"),
             1;
  }

  // The user's link line with each source replaced by its object, in place,
  // so -l and object order is kept; then the device objects and the runtime.
  ArgStringList LinkArgs{ProgramName, "--driver-mode=g++"};
  for (const Arg *A : *Parsed) {
    if (A->getOption().matches(OPT_x))
      continue;
    if (A->getOption().matches(OPT_INPUT)) {
      auto Source = find_if(Sources, [&](const SourceInput &S) { return S.InputArg == A; });
      LinkArgs.push_back(Source != Sources.end() ? Source->Object.c_str() : A->getValue());
      continue;
    }
    A->render(*Parsed, LinkArgs);
  }
  if (!Sources.empty())
    LinkArgs.push_back("-Qunused-arguments");
  LinkArgs.append(ExtraInputs.begin(), ExtraInputs.end());
  if (Opts.SyclEnabled)
    addRuntimeLibraries(LinkArgs, HasImages);

  std::unique_ptr<Driver> D = makeDriver(/*CheckInputsExist=*/!Opts.DryRun);
  return runCompilation(*D, LinkArgs);
}

//===----------------------------------------------------------------------===//
// Up-front checks
//===----------------------------------------------------------------------===//

/// Before any work: every input exists (all are reported, in clang's words,
/// and nothing is compiled when one is missing), and the output can be
/// created, so a long compile does not end in "cannot open output file".
bool Session::checkInputsAndOutput(Mode M) {
  if (M == Mode::NoObject || Opts.DryRun)
    return true;
  bool OK = true;
  for (const Arg *A : Parsed->filtered(options::OPT_INPUT)) {
    StringRef Path = A->getValue();
    if (Path == "-")
      continue;
    sys::fs::file_status Status;
    if (sys::fs::status(Path, Status)) {
      Diags->Report(diag::err_drv_no_such_file) << Path;
      OK = false;
    } else if (sys::fs::is_directory(Status)) {
      error("'" + Path + "' is a directory, not a source or object file");
      OK = false;
    }
  }
  if (!OK)
    return false;
  const Arg *Output = Parsed->getLastArg(options::OPT_o);
  if (!Output || StringRef(Output->getValue()) == "-")
    return true;
  StringRef Path = Output->getValue();
  if (sys::fs::is_directory(Path))
    return error("cannot write the output '" + Path + "': it is a directory");
  StringRef Dir = sys::path::parent_path(Path);
  if (Dir.empty())
    Dir = ".";
  if (!sys::fs::is_directory(Dir))
    return error("cannot write the output '" + Path + "': directory '" + Dir + "' does not exist");
  if (sys::fs::access(Dir, sys::fs::AccessMode::Write) ||
      (sys::fs::exists(Path) && sys::fs::access(Path, sys::fs::AccessMode::Write)))
    return error("cannot write the output '" + Path + "': permission denied");
  return true;
}

//===----------------------------------------------------------------------===//
// Temporary files
//===----------------------------------------------------------------------===//

std::string Session::makeTempFile(StringRef Stem, StringRef Extension) {
  SmallString<256> Path;
  std::string Prefix = Stem.empty() ? std::string("sporkle") : Stem.str();
  if (Opts.DryRun) {
    // A dry run creates nothing.
    sys::fs::getPotentiallyUniqueTempFileName(Prefix, Extension, Path);
    return std::string(Path);
  }
  if (std::error_code EC = sys::fs::createTemporaryFile(Prefix, Extension, Path)) {
    error("cannot create a temporary file: " + EC.message());
    return Prefix + "." + Extension.str();
  }
  TempFiles.push_back(std::string(Path));
  return std::string(Path);
}

void Session::cleanupTempFiles() {
  for (const std::string &Path : TempFiles) {
    if (Opts.KeepTemps)
      errs() << ProgramName << ": kept " << Path << "\n";
    else
      sys::fs::remove(Path);
  }
  TempFiles.clear();
}

//===----------------------------------------------------------------------===//
// Entry
//===----------------------------------------------------------------------===//

int Session::run(int Argc, const char **Argv) {
  std::vector<const char *> Args(Argv + 1, Argv + Argc);
  {
    // @file arguments (CMake uses them for long command lines).
    SmallVector<const char *, 64> Expanded(Args.begin(), Args.end());
    cl::ExpansionContext Expansion(Alloc, cl::TokenizeGNUCommandLine);
    if (Error E = Expansion.expandResponseFiles(Expanded))
      return error(toString(std::move(E))), 1;
    Args.assign(Expanded.begin(), Expanded.end());
  }
  if (!extractDriverOptions(Args, Opts))
    return 1;
  // -v and -### are sporkle-cc's to act on: it prints the jobs it runs itself.
  for (const char *A : Args)
    if (StringRef(A) != "-v" && StringRef(A) != "-###")
      RawArgs.push_back(A);

  if (Opts.PrintHelp) {
    printDriverHelp(ProgramName);
    return 0;
  }
  if (Opts.PrintVersion) {
    printVersion(outs());
    return 0;
  }
  if (Opts.PrintResourceDirs) {
    Res.print(outs());
    return 0;
  }

  SmallVector<const char *, 64> DiagArgs{ProgramName};
  DiagArgs.append(RawArgs.begin(), RawArgs.end());
  DiagOpts = CreateAndPopulateDiagOpts(DiagArgs);
  auto *Printer = new TextDiagnosticPrinter(errs(), *DiagOpts);
  Printer->setPrefix(ProgramName);
  Diags = new DiagnosticsEngine(DiagnosticIDs::create(), *DiagOpts, Printer);
  ProcessWarningOptions(*Diags, *DiagOpts, *vfs::getRealFileSystem(), /*ReportDiags=*/false);

  if (!parseCommandLine())
    return 1;
  if (Opts.Verbose || Opts.DryRun)
    printVersion(errs());
  if (Opts.Verbose && RawArgs.empty())
    return 0; // `sporkle-cc -v`: the version is all there is

  Mode M = chooseMode();
  if (!checkInputsAndOutput(M))
    return 1;
  int Result;
  switch (M) {
  case Mode::NoObject:
    Result = runNoObjectMode();
    break;
  case Mode::CompileOnly:
    Result = runCompileOnly();
    break;
  case Mode::CompileAndLink:
    Result = runCompileAndLink();
    break;
  }
  cleanupTempFiles();
  return Result;
}

} // namespace

int runDriver(int Argc, const char **Argv) {
  Session S(Argv[0]);
  return S.run(Argc, Argv);
}

} // namespace sporkle
