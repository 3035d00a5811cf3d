//===- Resources.h - where sporkle-cc finds headers, runtime and Clang ----===//
//
// sporkle-cc runs from a build tree (<build>/bin) or an installed prefix
// (<prefix>/bin). The SYCL headers, libsporkle and the Clang installation it
// drives are found from the executable's own location, so a relocated install
// keeps working; the build tree falls back to paths fixed at configure time.
//
//===----------------------------------------------------------------------===//
#ifndef SPORKLE_COMPILER_RESOURCES_H
#define SPORKLE_COMPILER_RESOURCES_H

#include "llvm/Support/raw_ostream.h"
#include <string>

namespace sporkle {

struct Resources {
  std::string Executable;      // this sporkle-cc
  std::string IncludeDir;      // holds sycl/sycl.hpp, CL/sycl.hpp, sporkle/*.h
  std::string LibDir;          // holds libsporkle.so
  std::string ClangDriverPath; // the clang++ whose installation Clang's Driver models
  std::string ClangResourceDir;
  std::string HostTriple;

  /// Locates everything relative to \p Argv0 (and the running binary).
  static Resources locate(const char *Argv0);

  /// Human-readable dump for `sporkle-cc --print-resource-dirs`.
  void print(llvm::raw_ostream &OS) const;
};

/// "sporkle-cc version X (Clang/LLVM Y)".
std::string sporkleVersionLine();

} // namespace sporkle

#endif
