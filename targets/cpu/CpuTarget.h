//===- CpuTarget.h - device IR to a native work-group-function object ----===//
//
// The CPU target turns a prepared device module (passes/DevicePipeline.h)
// into an x86-64 object file holding one work-group function per kernel
// (include/sporkle/cpu_abi.h). Every other symbol of the device module is made
// internal, so device copies of inline functions never clash with the host's.
//
//===----------------------------------------------------------------------===//
#ifndef SPORKLE_TARGETS_CPU_CPUTARGET_H
#define SPORKLE_TARGETS_CPU_CPUTARGET_H

#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Error.h"
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace llvm {
class Module;
}

namespace sporkle::cpu {

struct CpuTargetOptions {
  unsigned OptLevel = 2;
  std::string CPU;      // e.g. "x86-64-v3", "native"; empty = the build machine's CPU
  std::string Features; // extra subtarget features, LLVM syntax ("+avx2,...")
  bool DebugInfo = false;
  unsigned VectorWidth = 0; // 0 = chosen from the CPU; 1 = no whole-function vectorizer
  bool LoopVectorize = true; // LLVM's loop vectorizer on the work-item loops
  bool SLPVectorize = true;
};

struct CpuKernelInfo {
  std::string Name;   // the kernel name as the host spells it ("_ZTS...")
  std::string Symbol; // the work-group function's symbol in the object (hidden visibility)
  uint32_t Flags = 0; // SPORKLE_KERNEL_* (include/sporkle/image_table.h)
  uint32_t VectorWidth = 1;
  uint64_t ArgsSize = 0;       // size of the argument block under the host layout
  uint64_t StaticLocalMem = 0; // local memory the kernel itself needs
};

struct CpuImage {
  llvm::SmallVector<char, 0> Object; // ELF relocatable object
  std::vector<CpuKernelInfo> Kernels;
  std::string Triple;
  std::string CPU;
  std::vector<std::string> LinkLibraries; // e.g. "sleef": -l<name> for the executable
};

/// Compiles \p M (consumed) for the CPU.
llvm::Expected<CpuImage> buildCpuImage(std::unique_ptr<llvm::Module> M, const CpuTargetOptions &Opts);

} // namespace sporkle::cpu

#endif
