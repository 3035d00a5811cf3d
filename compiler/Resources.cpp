//===- Resources.cpp - locating headers, runtime and Clang ----------------===//
//
// Layout rules (bin/ is the directory holding sporkle-cc, prefix = bin/..):
//   headers:  prefix/<includedir> when it holds sporkle/image_table.h (an
//             install), otherwise the source tree's include/ (a build tree).
//   runtime:  prefix/<libdir> or prefix/lib, whichever holds libsporkle.so.
//   Clang:    the installation sporkle was configured against.
//
//===----------------------------------------------------------------------===//
#include "Resources.h"
#include "SporkleCompilerConfig.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/TargetParser/Host.h"

using namespace llvm;

namespace sporkle {

static std::string joinPath(StringRef A, StringRef B) {
  SmallString<256> P(A);
  sys::path::append(P, B);
  return std::string(P);
}

static bool exists(const std::string &Path) { return sys::fs::exists(Path); }

Resources Resources::locate(const char *Argv0) {
  Resources R;
  // getMainExecutable resolves symlinks and PATH lookups through /proc.
  static int Anchor;
  R.Executable = sys::fs::getMainExecutable(Argv0, &Anchor);
  if (R.Executable.empty())
    R.Executable = Argv0;
  StringRef BinDir = sys::path::parent_path(R.Executable);
  StringRef Prefix = sys::path::parent_path(BinDir);

  std::string InstalledInclude = joinPath(Prefix, SPORKLE_INSTALL_INCLUDEDIR);
  if (exists(joinPath(InstalledInclude, "sporkle/image_table.h")))
    R.IncludeDir = InstalledInclude;
  else
    R.IncludeDir = SPORKLE_SOURCE_INCLUDE_DIR;

  R.LibDir = joinPath(Prefix, "lib");
  for (StringRef LibDir : {StringRef(SPORKLE_INSTALL_LIBDIR), StringRef("lib")}) {
    std::string Candidate = joinPath(Prefix, LibDir);
    if (exists(joinPath(Candidate, "libsporkle.so"))) {
      R.LibDir = Candidate;
      break;
    }
  }

  R.ClangDriverPath = SPORKLE_CLANG_DRIVER_PATH;
  R.ClangResourceDir = SPORKLE_CLANG_RESOURCE_DIR;
  R.HostTriple = sys::getDefaultTargetTriple();
  return R;
}

void Resources::print(raw_ostream &OS) const {
  auto Line = [&](StringRef Key, const std::string &Path, bool Check) {
    OS << Key << ": " << Path;
    if (Check && !exists(Path))
      OS << " (missing)";
    OS << "\n";
  };
  Line("sporkle-cc", Executable, false);
  Line("include-dir", IncludeDir, true);
  Line("lib-dir", LibDir, true);
  Line("runtime-library", joinPath(LibDir, "libsporkle.so"), true);
  Line("clang-driver-path", ClangDriverPath, false);
  Line("clang-resource-dir", ClangResourceDir, true);
  Line("host-triple", HostTriple, false);
}

std::string sporkleVersionLine() {
  return std::string("sporkle-cc version ") + SPORKLE_VERSION_STRING +
         " (Clang/LLVM " + SPORKLE_LLVM_VERSION_STRING + ")";
}

} // namespace sporkle
