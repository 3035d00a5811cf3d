//===- sporkle-cc.cpp - the sporkle compiler driver's main() --------------===//
//
// All of the work is in compiler/ (SporkleCompiler); this file only sets up
// LLVM's process state (signal handlers, stack traces, targets, crash
// recovery) first.
//
//===----------------------------------------------------------------------===//
#include "Driver.h"

#include "llvm/Support/CrashRecoveryContext.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/TargetSelect.h"

int main(int Argc, const char **Argv) {
  llvm::InitLLVM X(Argc, Argv);
  // The device pass targets spirv64, the host pass and the registration
  // object the host; the CPU target needs the host's code generator too.
  llvm::InitializeAllTargets();
  llvm::InitializeAllTargetMCs();
  llvm::InitializeAllAsmPrinters();
  llvm::InitializeAllAsmParsers();
  // A crash inside an in-process cc1 job becomes that job's failure
  // ("... failed due to signal"), as with clang's integrated cc1.
  llvm::CrashRecoveryContext::Enable();
  return sporkle::runDriver(Argc, Argv);
}
