//===- DevicePipeline.h - passes every target runs on device IR ----------===//
//
// The device linker (compiler/) links the device bitcode of every object into
// one module and hands it here before any target sees it. These passes are
// target-neutral: they check what device code may not do at link time
// (functions with no device definition), inline everything into the kernels,
// and normalise builtins, so each target starts from the same clean IR.
//
//===----------------------------------------------------------------------===//
#ifndef SPORKLE_PASSES_DEVICEPIPELINE_H
#define SPORKLE_PASSES_DEVICEPIPELINE_H

#include "llvm/Support/Error.h"
#include <string>
#include <vector>

namespace llvm {
class Module;
}

namespace sporkle {

struct DeviceLinkOptions {
  unsigned OptLevel = 2; // the user's -O level
  bool DebugInfo = false; // keep debug info (-g); otherwise it is stripped after checks
};

/// Names of the SYCL kernels in a device module (spir_kernel functions).
std::vector<std::string> kernelNames(const llvm::Module &M);

/// Runs the common device passes in place. Returns an error whose message is
/// ready to print (one "file:line:col: error: ..." line per problem, as far
/// as debug locations allow) when device code calls a function that no device
/// module defines.
llvm::Error prepareDeviceModule(llvm::Module &M, const DeviceLinkOptions &Opts);

} // namespace sporkle

#endif
