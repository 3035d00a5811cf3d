//===- DriverOptions.cpp - sporkle-cc's own command-line options ---------===//
#include "DriverOptions.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace sporkle {

namespace {
// Every name --sporkle-targets knows. Targets not built in are named so the
// message can say they are planned rather than misspelt.
struct TargetEntry {
  StringRef Name;
  bool BuiltIn;
  DeviceTarget Target;
  StringRef Description;
};
constexpr TargetEntry KnownTargets[] = {
    {"cpu", true, DeviceTarget::Cpu, "the host CPU (work-group functions run by a thread pool)"},
#ifdef SPORKLE_HAVE_VULKAN_TARGET
    {"vulkan", true, DeviceTarget::Vulkan, "SPIR-V for Vulkan 1.2 devices (buffer device addresses)"},
#else
    {"vulkan", false, DeviceTarget::Vulkan, "SPIR-V for Vulkan (this sporkle-cc was built without SPIRV-Tools)"},
#endif
    {"amdgpu", false, DeviceTarget::Cpu, "AMD GPUs through PM4 submission"},
};
} // namespace

static bool error(const Twine &Message) {
  WithColor::error(errs(), "sporkle-cc") << Message << "\n";
  return false;
}

StringRef targetName(DeviceTarget T) {
  switch (T) {
  case DeviceTarget::Cpu:
    return "cpu";
  case DeviceTarget::Vulkan:
    return "vulkan";
  }
  return "unknown";
}

static std::string builtInTargetList() {
  SmallVector<StringRef> Names;
  for (const TargetEntry &E : KnownTargets)
    if (E.BuiltIn)
      Names.push_back(E.Name);
  return join(Names, ", ");
}

static bool parseTargets(StringRef List, DriverOptions &Opts) {
  SmallVector<StringRef> Names;
  List.split(Names, ',', /*MaxSplit=*/-1, /*KeepEmpty=*/false);
  if (Names.empty())
    return error("--sporkle-targets= needs at least one target (valid targets: " +
                 builtInTargetList() + ")");
  Opts.Targets.clear();
  for (StringRef Name : Names) {
    Name = Name.trim();
    const TargetEntry *Entry = find_if(KnownTargets, [&](const TargetEntry &E) { return E.Name == Name; });
    if (Entry == std::end(KnownTargets))
      return error("unknown device target '" + Name + "' in --sporkle-targets (valid targets: " +
                   builtInTargetList() + ")");
    if (!Entry->BuiltIn)
      return error("device target '" + Name + "' (" + Entry->Description +
                   ") is not built into this sporkle-cc yet (valid targets: " + builtInTargetList() + ")");
    if (!is_contained(Opts.Targets, Entry->Target))
      Opts.Targets.push_back(Entry->Target);
  }
  return true;
}

static bool parseVectorWidth(StringRef Value, DriverOptions &Opts) {
  unsigned Width;
  if (Value.getAsInteger(10, Width) || (Width != 0 && (!isPowerOf2_32(Width) || Width > 64)))
    return error("-fsporkle-vector-width= expects 0 (automatic) or a power of two up to 64, got '" +
                 Value + "'");
  Opts.VectorWidth = Width;
  return true;
}

bool extractDriverOptions(std::vector<const char *> &Args, DriverOptions &Opts) {
  std::vector<const char *> Kept;
  Kept.reserve(Args.size());
  std::string MArch, MCpu;
  for (size_t I = 0; I < Args.size(); ++I) {
    StringRef A = Args[I];
    if (A.consume_front("--sporkle-targets=")) {
      if (!parseTargets(A, Opts))
        return false;
      continue;
    }
    if (A == "--sporkle-targets")
      return error("--sporkle-targets needs a value: --sporkle-targets=" + builtInTargetList());
    if (A.consume_front("-fsporkle-vector-width=")) {
      if (!parseVectorWidth(A, Opts))
        return false;
      continue;
    }
    if (A.consume_front("-mcpu=")) {
      // Clang rejects -mcpu= for x86 hosts; it only names the device CPU here.
      MCpu = A.str();
      continue;
    }
    if (A.consume_front("--emit=")) {
      if (A == "spirv")
        Opts.Emit = DeviceEmit::Spirv;
      else if (A == "glsl")
        Opts.Emit = DeviceEmit::Glsl;
      else
        return error("--emit= expects spirv or glsl, got '" + A + "'");
      continue;
    }
    if (A == "--print-resource-dirs") {
      Opts.PrintResourceDirs = true;
      continue;
    }
    // SYCL mode is sporkle-cc's default; sporkle-cc adds -fsycl itself where a
    // job needs it (C++ sources), never where it would mean clang's own
    // offload link (clang-linker-wrapper).
    if (A == "-fsycl")
      continue;
    if (A == "-fno-sycl") {
      Opts.SyclEnabled = false;
      continue;
    }
    if (A == "-v")
      Opts.Verbose = true;
    else if (A == "-###")
      Opts.DryRun = true;
    else if (A == "-save-temps" || A.starts_with("-save-temps=")) {
      // Clang's -save-temps splits a compile into separate preprocess,
      // compile and assemble jobs; sporkle-cc keeps its own temporaries instead.
      Opts.KeepTemps = true;
      continue;
    } else if (A == "--version")
      Opts.PrintVersion = true;
    else if (A == "--help" || A == "-help")
      Opts.PrintHelp = true;
    else if (A.starts_with("-march="))
      MArch = A.drop_front(strlen("-march=")).str();
    Kept.push_back(Args[I]);
  }
  Opts.TargetCPU = !MCpu.empty() ? MCpu : MArch;
  Args = std::move(Kept);
  return true;
}

void printDriverHelp(StringRef ProgramName) {
  outs() << "OVERVIEW: sporkle-cc, a single-source SYCL 2020 compiler built on Clang\n\n"
         << "USAGE: " << ProgramName << " [clang options] file...\n\n"
         << "sporkle-cc takes Clang's options (see `clang++ --help`); device code is\n"
         << "compiled with every C++ source and built for the device targets at link time.\n\n"
         << "SPORKLE OPTIONS:\n"
         << "  --sporkle-targets=<t,...>   Device targets to build (default: cpu). Valid: "
         << builtInTargetList() << "\n";
  for (const TargetEntry &E : KnownTargets)
    outs() << "      " << E.Name << ": " << E.Description << (E.BuiltIn ? "" : " (not built in yet)") << "\n";
  outs() << "  -fsporkle-vector-width=<n>  CPU target: work-items per vector step (0 = from the CPU, 1 = scalar)\n"
         << "  -march=<cpu>, -mcpu=<cpu>   CPU the device code is built for at link time (-mcpu= wins;\n"
         << "                              -march= also applies to host code)\n"
         << "  -fsycl                      Accepted and ignored (SYCL is always on); -fno-sycl: plain clang++\n"
         << "  -save-temps                 Keep sporkle-cc's intermediate files and print their names\n"
         << "  --emit=spirv|glsl           Write the kernels' Vulkan SPIR-V module (or it as GLSL) to -o\n"
         << "  --print-resource-dirs       Print where headers, runtime and Clang were found\n";
}

} // namespace sporkle
