//===- DeviceCodeChecker.h - AST checks of SYCL device code ---------------===//
//
// Upstream Clang compiles whatever a SYCL kernel reaches. sporkle's targets
// cannot run some of it, so the device pass checks, on the AST where it can
// still point at the source, everything reachable from each kernel entry
// point ([[clang::sycl_kernel_entry_point]] specializations) and from each
// SYCL_EXTERNAL function defined in the translation unit:
//
//   - recursion (a call cycle reachable from device code),
//   - 'throw' expressions and 'try' blocks,
//   - virtual calls that cannot be devirtualized,
//   - calls through function pointers or pointers to member functions,
//   - calls to functions defined nowhere in the translation unit, unless they
//     are SYCL_EXTERNAL ([[clang::sycl_external]], resolved by the device
//     linker), sporkle device builtins (__sporkle_*) or compiler builtins.
//
// Each problem is a Clang error at the construct, followed by notes for the
// call path that reaches it and the kernel it belongs to.
//
//===----------------------------------------------------------------------===//
#ifndef SPORKLE_COMPILER_DEVICECODECHECKER_H
#define SPORKLE_COMPILER_DEVICECODECHECKER_H

#include "clang/Frontend/FrontendAction.h"
#include <memory>

namespace clang {
class ASTConsumer;
class CompilerInstance;
} // namespace clang

namespace sporkle {

/// The consumer that runs the checks when the translation unit is complete.
std::unique_ptr<clang::ASTConsumer> createDeviceCodeChecker(clang::CompilerInstance &CI);

/// Runs \p Wrapped (normally the device pass's EmitBC action) with the checks
/// placed ahead of its consumer, so an error stops code generation.
class DeviceCheckingAction : public clang::WrapperFrontendAction {
public:
  explicit DeviceCheckingAction(std::unique_ptr<clang::FrontendAction> Wrapped)
      : WrapperFrontendAction(std::move(Wrapped)) {}

protected:
  std::unique_ptr<clang::ASTConsumer> CreateASTConsumer(clang::CompilerInstance &CI,
                                                        llvm::StringRef InFile) override;
};

} // namespace sporkle

#endif
