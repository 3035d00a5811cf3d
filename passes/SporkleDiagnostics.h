//===- SporkleDiagnostics.h - user-facing errors from sporkle passes ------===//
//
// Passes of the new pass manager cannot return errors, so sporkle's passes
// report what they refuse through the LLVMContext's diagnostic handler, as
// LLVM's backends do. Each diagnostic carries a message already formatted
// clang-style ("file:line:col: error: ..." when the IR has a debug location).
// DeviceDiagnosticCollector installs a handler for the duration of a pipeline
// and turns what it collected into one llvm::Error.
//
//===----------------------------------------------------------------------===//
#ifndef SPORKLE_PASSES_SPORKLEDIAGNOSTICS_H
#define SPORKLE_PASSES_SPORKLEDIAGNOSTICS_H

#include "llvm/ADT/Twine.h"
#include "llvm/IR/DiagnosticHandler.h"
#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/Support/Error.h"
#include <memory>
#include <string>
#include <vector>

namespace llvm {
class DebugLoc;
class Function;
class Instruction;
class LLVMContext;
} // namespace llvm

namespace sporkle {

/// A diagnostic whose text is final ("<loc>: error: <what>").
class DiagnosticInfoSporkle : public llvm::DiagnosticInfo {
public:
  DiagnosticInfoSporkle(std::string Message, llvm::DiagnosticSeverity Severity = llvm::DS_Error);
  void print(llvm::DiagnosticPrinter &DP) const override;
  const std::string &message() const { return Message; }
  static bool classof(const llvm::DiagnosticInfo *DI);
  static int kindId();

private:
  std::string Message;
};

/// Reports an error at \p Where (its debug location if it has one, otherwise
/// the function it is in).
void reportDeviceError(const llvm::Instruction &Where, const llvm::Twine &What);
/// Reports an error about function \p F as a whole.
void reportDeviceError(const llvm::Function &F, const llvm::Twine &What);
/// A warning about \p F that is always shown (e.g. an optimization that
/// had to be dropped because of an internal error).
void reportDeviceWarning(const llvm::Function &F, const llvm::Twine &What);

/// "file:line:col" for a debug location, or "" when it has none.
std::string formatLocation(const llvm::DebugLoc &DL);

/// A symbol as a message shows it, quoted: demangled, and for a kernel the
/// user's kernel name (KernelSymbolNames.h).
std::string quotedName(llvm::StringRef Symbol);

/// While alive, collects every error diagnostic raised on \p Ctx (sporkle's
/// and LLVM's own) instead of letting the context print them and exit. The
/// previous handler is restored on destruction.
class DeviceDiagnosticCollector {
public:
  explicit DeviceDiagnosticCollector(llvm::LLVMContext &Ctx);
  ~DeviceDiagnosticCollector();
  DeviceDiagnosticCollector(const DeviceDiagnosticCollector &) = delete;
  DeviceDiagnosticCollector &operator=(const DeviceDiagnosticCollector &) = delete;

  bool hasErrors() const { return !Errors->empty(); }
  /// The collected errors as one message (one line each), then clears them.
  llvm::Error takeError();

private:
  llvm::LLVMContext &Ctx;
  std::unique_ptr<llvm::DiagnosticHandler> Previous;
  bool PreviousRespectsFilters;
  std::shared_ptr<std::vector<std::string>> Errors;
};

} // namespace sporkle

#endif
