//===- DeviceLinker.h - device code of all objects -> per-target images ---===//
//
// The link step's device half (the role clang-linker-wrapper plays upstream):
// gather the SYCL device bitcode that the compile step embedded in every input
// object (and in the members of static archives), link it into one module so
// SYCL_EXTERNAL functions resolve across files, run the common device passes
// and build an image for each requested target.
//
//===----------------------------------------------------------------------===//
#ifndef SPORKLE_COMPILER_DEVICELINKER_H
#define SPORKLE_COMPILER_DEVICELINKER_H

#include "DriverOptions.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Error.h"
#include <cstdint>
#include <string>
#include <vector>

namespace sporkle {

struct DeviceBuildOptions {
  std::vector<DeviceTarget> Targets;
  unsigned OptLevel = 2;
  bool DebugInfo = false;
  std::string TargetCPU; // "" = the host CPU
  unsigned VectorWidth = 0;
  bool LoopVectorize = true; // LLVM's loop vectorizer (-fno-vectorize)
  bool SLPVectorize = true;  // LLVM's SLP vectorizer (-fno-slp-vectorize)
};

/// One kernel of a target image, as the image table describes it.
struct KernelRecord {
  std::string Name;   // "_ZTS..." as the host spells it
  std::string Symbol; // cpu: the work-group function linked into the executable
  uint32_t Flags = 0;
  uint32_t VectorWidth = 1;
  uint64_t ArgsSize = 0;
  uint64_t StaticLocalMem = 0;
  std::vector<std::pair<uint32_t, uint32_t>> LaunchConstants; // vulkan: offset, size
};

/// The device code of the whole program for one target.
struct TargetImage {
  DeviceTarget Target;
  std::string Triple;
  std::string CPU;
  std::vector<KernelRecord> Kernels;
  /// cpu: a relocatable object linked into the executable. Targets whose code
  /// is loaded at run time will carry their binary here, embedded by the
  /// registration object instead.
  llvm::SmallVector<char, 0> Object;
  /// Libraries the executable must link for this image's code (-l<name>).
  std::vector<std::string> LinkLibraries;
};

/// Where a device image came from, for messages.
struct DeviceInputSummary {
  unsigned Files = 0;  // inputs that carried device code
  unsigned Images = 0; // device bitcode modules found
};

/// One input of the link step.
struct DeviceLinkInput {
  std::string Path; // the file to read
  std::string Name; // how messages name it ("a.cpp" for the temporary object of a.cpp)
};

/// Builds the device images of \p Inputs (objects and archives; shared
/// libraries, linker scripts and missing files are left to the system
/// linker). Returns no images when no input carries device code or no kernel
/// survives linking. Errors are ready to print, one clang-style line each
/// ("file:line: error: ..." or "sporkle-cc: error: ...").
///
/// Device definitions follow the rules of the host link: a function or
/// variable defined with external linkage in two inputs is an error; inline
/// and template code (linkonce_odr) is merged. Kernels are merged too, as
/// kernels in inline functions and templates are compiled into every object
/// that launches them; two kernels of one name whose argument blocks differ
/// are an error (two kernels given the same name).
llvm::Expected<std::vector<TargetImage>> buildDeviceImages(llvm::ArrayRef<DeviceLinkInput> Inputs,
                                                           const DeviceBuildOptions &Opts,
                                                           DeviceInputSummary *Summary = nullptr);

} // namespace sporkle

#endif
