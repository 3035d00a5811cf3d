//===- SporkleDiagnostics.cpp - user-facing errors from sporkle passes ----===//
#include "SporkleDiagnostics.h"
#include "KernelSymbolNames.h"

#include "llvm/Demangle/Demangle.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/DebugLoc.h"
#include "llvm/IR/DiagnosticPrinter.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/Instruction.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace sporkle {

int DiagnosticInfoSporkle::kindId() {
  static const int Kind = getNextAvailablePluginDiagnosticKind();
  return Kind;
}

DiagnosticInfoSporkle::DiagnosticInfoSporkle(std::string Message, DiagnosticSeverity Severity)
    : DiagnosticInfo(kindId(), Severity), Message(std::move(Message)) {}

void DiagnosticInfoSporkle::print(DiagnosticPrinter &DP) const { DP << Message; }

bool DiagnosticInfoSporkle::classof(const DiagnosticInfo *DI) { return DI->getKind() == kindId(); }

std::string formatLocation(const DebugLoc &DL) {
  if (!DL)
    return "";
  auto *Scope = cast<DIScope>(DL.getScope());
  std::string File = Scope->getFilename().str();
  StringRef Dir = Scope->getDirectory();
  if (!Dir.empty() && !File.empty() && File[0] != '/')
    File = (Dir + "/" + File).str();
  return File + ":" + std::to_string(DL.getLine()) + ":" + std::to_string(DL.getCol());
}

std::string quotedName(StringRef Symbol) { return describeKernelSymbol(Symbol); }

static void emit(LLVMContext &Ctx, const std::string &Where, const Twine &What) {
  std::string Text = (Where.empty() ? "" : Where + ": ") + "error: " + What.str();
  DiagnosticInfoSporkle Diag(std::move(Text));
  Ctx.diagnose(Diag);
}

/// The line a user should look at for \p DL: code inlined from the SYCL
/// headers (sycl::mul_hi, sycl::sin, ...) is reported where it was called.
static DebugLoc userLocation(const DebugLoc &DL) {
  const DILocation *Loc = DL.get();
  auto InSyclHeader = [](const DILocation *L) {
    StringRef File = L->getFilename();
    return File.contains("/sycl/") || File.starts_with("sycl/");
  };
  while (Loc && InSyclHeader(Loc) && Loc->getInlinedAt())
    Loc = Loc->getInlinedAt();
  return DebugLoc(Loc);
}

void reportDeviceError(const Instruction &Where, const Twine &What) {
  std::string Loc = formatLocation(userLocation(Where.getDebugLoc()));
  if (Loc.empty()) {
    const Function *F = Where.getFunction();
    emit(Where.getContext(), "", What + " (in " + quotedName(F->getName()) + ")");
    return;
  }
  emit(Where.getContext(), Loc, What);
}

void reportDeviceError(const Function &F, const Twine &What) {
  std::string Loc;
  if (const DISubprogram *SP = F.getSubprogram()) {
    Loc = SP->getFilename().str() + ":" + std::to_string(SP->getLine());
    if (!SP->getDirectory().empty() && !Loc.empty() && Loc[0] != '/')
      Loc = (SP->getDirectory() + "/" + Loc).str();
  }
  emit(F.getContext(), Loc, What);
}

void reportDeviceWarning(const Function &F, const Twine &What) {
  DiagnosticInfoSporkle Diag("warning: " + What.str() + " (in " + quotedName(F.getName()) + ")", DS_Warning);
  F.getContext().diagnose(Diag);
}

namespace {
void printRemark(const DiagnosticInfoOptimizationBase &Remark) {
  const char *Flag = Remark.getKind() == DK_OptimizationRemark         ? "-Rpass="
                     : Remark.getKind() == DK_OptimizationRemarkMissed ? "-Rpass-missed="
                                                                       : "-Rpass-analysis=";
  std::string Loc;
  if (auto *IR = dyn_cast<DiagnosticInfoIROptimization>(&Remark); IR && IR->isLocationAvailable())
    Loc = IR->getLocationStr() + ": ";
  errs() << Loc << "remark: " << Remark.getMsg() << " [" << Flag << Remark.getPassName() << "]\n";
}

struct CollectingHandler : DiagnosticHandler {
  std::shared_ptr<std::vector<std::string>> Errors;
  explicit CollectingHandler(std::shared_ptr<std::vector<std::string>> Errors) : Errors(std::move(Errors)) {}
  bool handleDiagnostics(const DiagnosticInfo &DI) override {
    if (auto *Remark = dyn_cast<DiagnosticInfoOptimizationBase>(&DI)) {
      // Shown when asked for (-Rpass=, -Rpass-missed=, -Rpass-analysis= in
      // sporkle-cc; LLVM's -pass-remarks* in sporkle-opt), clang-style.
      if (Remark->isEnabled())
        printRemark(*Remark);
      return true;
    }
    if (DI.getSeverity() != DS_Error) {
      if (auto *SD = dyn_cast<DiagnosticInfoSporkle>(&DI))
        errs() << SD->message() << "\n";
      return true; // warnings of LLVM's own passes are not ours to show
    }
    if (auto *SD = dyn_cast<DiagnosticInfoSporkle>(&DI)) {
      Errors->push_back(SD->message());
      return true;
    }
    std::string Text;
    raw_string_ostream OS(Text);
    DiagnosticPrinterRawOStream DP(OS);
    DI.print(DP);
    Errors->push_back("error: " + Text);
    return true;
  }
};
} // namespace

DeviceDiagnosticCollector::DeviceDiagnosticCollector(LLVMContext &Ctx)
    : Ctx(Ctx), Errors(std::make_shared<std::vector<std::string>>()) {
  // LLVMContext offers no getter for the old handler's filter flag; sporkle's
  // tools install unfiltered handlers, so restoring it unfiltered is exact.
  PreviousRespectsFilters = false;
  Previous = Ctx.getDiagnosticHandler();
  Ctx.setDiagnosticHandler(std::make_unique<CollectingHandler>(Errors));
}

DeviceDiagnosticCollector::~DeviceDiagnosticCollector() {
  Ctx.setDiagnosticHandler(std::move(Previous), PreviousRespectsFilters);
}

Error DeviceDiagnosticCollector::takeError() {
  if (Errors->empty())
    return Error::success();
  std::string All;
  for (const std::string &E : *Errors)
    All += (All.empty() ? "" : "\n") + E;
  Errors->clear();
  return createStringError(inconvertibleErrorCode(), All);
}

} // namespace sporkle
