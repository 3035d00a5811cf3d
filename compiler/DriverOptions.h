//===- DriverOptions.h - sporkle-cc's own command-line options -----------===//
//
// sporkle-cc takes Clang's command line plus a few options of its own. Those
// are taken out here, before Clang's option table sees the rest, so Clang
// never rejects them and they never reach a cc1 job:
//
//   --sporkle-targets=cpu[,...]   device targets to build (default: cpu)
//   -fsporkle-vector-width=N      CPU kernels: work-items per vector step
//   -mcpu=NAME                    CPU the device code is built for
//   --print-resource-dirs         where headers, runtime and Clang were found
//   -fsycl / -fno-sycl            accepted for other SYCL compilers' builds
//
// A few Clang options change how sporkle-cc itself works (-v, -###,
// -save-temps, --version, --help); they are recorded here too.
//
//===----------------------------------------------------------------------===//
#ifndef SPORKLE_COMPILER_DRIVEROPTIONS_H
#define SPORKLE_COMPILER_DRIVEROPTIONS_H

#include "llvm/ADT/StringRef.h"
#include <string>
#include <vector>

namespace sporkle {

enum class DeviceTarget { Cpu, Vulkan };

/// --emit=: write a device module instead of a program.
enum class DeviceEmit { Program, Spirv, Glsl };

struct DriverOptions {
  std::vector<DeviceTarget> Targets{DeviceTarget::Cpu};
  unsigned VectorWidth = 0;  // 0: the CPU target chooses
  std::string TargetCPU;     // -mcpu=, else -march=; empty: the host CPU
  bool SyclEnabled = true;   // -fno-sycl turns sporkle-cc into plain clang++
  bool Verbose = false;      // -v
  bool DryRun = false;       // -###
  bool KeepTemps = false;    // -save-temps
  bool PrintVersion = false; // --version
  bool PrintHelp = false;    // --help
  bool PrintResourceDirs = false;
  DeviceEmit Emit = DeviceEmit::Program; // --emit=spirv|glsl
};

/// Removes sporkle-cc's own options from \p Args (in place), records them and
/// the Clang options sporkle-cc handles itself. Prints an error and returns
/// false on a bad value.
bool extractDriverOptions(std::vector<const char *> &Args, DriverOptions &Opts);

/// Name of a target as --sporkle-targets spells it.
llvm::StringRef targetName(DeviceTarget T);

/// Help text for sporkle-cc's own options.
void printDriverHelp(llvm::StringRef ProgramName);

} // namespace sporkle

#endif
