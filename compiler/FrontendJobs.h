//===- FrontendJobs.h - the compile step's jobs, run in-process -----------===//
//
// Clang's Driver turns `-fsycl -c a.cpp` into three jobs: a device cc1
// (spirv64, -fsycl-is-device) writing bitcode, llvm-offload-binary packing it,
// and a host cc1 embedding the package (-fembed-offload-object). sporkle-cc
// runs all three in its own process: the cc1 jobs through the hook Clang's
// Driver provides for that (Driver::CC1Main), with the device-code checks
// attached to the device pass; the packaging with llvm::object::OffloadBinary.
//
//===----------------------------------------------------------------------===//
#ifndef SPORKLE_COMPILER_FRONTENDJOBS_H
#define SPORKLE_COMPILER_FRONTENDJOBS_H

#include "llvm/ADT/SmallVector.h"

namespace clang::driver {
class Command;
}

namespace sporkle {

/// Runs one cc1 command line (Argv[0]: the clang executable Clang's Driver
/// names, Argv[1]: "-cc1") in this process. A device pass (-fsycl-is-device)
/// also runs the device-code checks. Returns the exit status cc1 would have.
int runCC1InProcess(llvm::SmallVectorImpl<const char *> &Argv);

/// Whether \p Job is the Driver's offload packaging step (llvm-offload-binary).
bool isOffloadPackagerJob(const clang::driver::Command &Job);

/// Does what llvm-offload-binary would for \p Job: reads each
/// --image=file=...,triple=...,arch=...,kind=... and writes the images to the
/// -o file as a sequence of OffloadBinary entries.
int runOffloadPackagerInProcess(const clang::driver::Command &Job);

} // namespace sporkle

#endif
