//===- CheckDeviceCode.cpp - what linked device code may not do -----------===//
//
// Runs on the linked device module of the whole program, before inlining, so
// that every call still carries the debug location the device pass gave it.
// It reports, clang-style, for code reachable from a kernel:
//   * calls to functions that no device module defines (a host-only function,
//     a SYCL_EXTERNAL whose definition was not linked, __cxa_throw, ...),
//     except sporkle's builtins, LLVM intrinsics and the math functions every
//     target provides (isDeviceLibraryFunction);
//   * indirect calls (function pointers, virtual calls): no target has them;
//   * recursion: every target inlines everything into the kernel, and GPUs
//     have no usable stack. The driver checks recursion on the AST too; this
//     catches what only the linked program shows (recursion across files).
//
//===----------------------------------------------------------------------===//
#include "SporkleDiagnostics.h"
#include "SporklePasses.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"

#include <set>

using namespace llvm;

namespace sporkle {

bool isKernel(const Function &F) {
  return !F.isDeclaration() && F.getCallingConv() == CallingConv::SPIR_KERNEL;
}

bool isDeviceBuiltin(const Function &F) { return F.getName().starts_with("__sporkle_"); }

bool isDeviceLibraryFunction(StringRef Name) {
  // Math functions Clang keeps as libcalls even with -fno-math-errno (no LLVM
  // intrinsic, or one targets cannot all lower). Each target maps them to its
  // own library (libm on the CPU, GLSL.std.450 / device libraries on GPUs).
  static const StringSet<> Allowed = [] {
    StringSet<> S;
    for (const char *Base : {"tan", "asin", "acos", "atan", "atan2", "sinh", "cosh", "tanh", "asinh",
                             "acosh", "atanh", "expm1", "log1p", "cbrt", "hypot", "fmod", "erf",
                             "erfc", "exp10", "remainder"}) {
      S.insert(Base);
      S.insert((Twine(Base) + "f").str());
    }
    return S;
  }();
  return Allowed.contains(Name);
}

namespace {

class DeviceCodeChecker {
public:
  explicit DeviceCodeChecker(Module &M) : M(M) {}

  void run() {
    for (Function &F : M)
      if (isKernel(F))
        visit(F);
  }

private:
  enum class State { InProgress, Done };

  // Depth-first over direct calls; a call to a function still InProgress
  // closes a cycle, i.e. recursion.
  void visit(Function &F) {
    Status[&F] = State::InProgress;
    Stack.push_back(&F);
    for (Instruction &I : instructions(F)) {
      auto *CB = dyn_cast<CallBase>(&I);
      if (!CB || CB->isInlineAsm())
        continue;
      Function *Callee = CB->getCalledFunction();
      if (!Callee) {
        reportDeviceError(*CB, "indirect call in device code (function pointer or virtual call); "
                               "kernels may only call functions directly");
        continue;
      }
      if (Callee->isIntrinsic())
        continue;
      if (Callee->isDeclaration()) {
        if (!isDeviceBuiltin(*Callee) && !isDeviceLibraryFunction(Callee->getName()) &&
            ReportedMissing.insert({Callee, CB->getDebugLoc() ? CB->getDebugLoc().getLine() : 0}).second)
          reportDeviceError(*CB, "function " + quotedName(Callee->getName()) +
                                     " is called from device code but has no device definition");
        continue;
      }
      auto It = Status.find(Callee);
      if (It == Status.end()) {
        visit(*Callee);
      } else if (It->second == State::InProgress) {
        std::string Cycle;
        bool InCycle = false;
        for (Function *OnStack : Stack) {
          InCycle |= OnStack == Callee;
          if (InCycle)
            Cycle += quotedName(OnStack->getName()) + " -> ";
        }
        Cycle += quotedName(Callee->getName());
        reportDeviceError(*CB, "recursion is not allowed in device code: " + Cycle);
      }
    }
    Stack.pop_back();
    Status[&F] = State::Done;
  }

  Module &M;
  DenseMap<Function *, State> Status;
  SmallVector<Function *, 16> Stack;
  // One error per missing function and source line, not one per inlined copy.
  std::set<std::pair<Function *, unsigned>> ReportedMissing;
};

} // namespace

PreservedAnalyses CheckDeviceCodePass::run(Module &M, ModuleAnalysisManager &) {
  DeviceCodeChecker(M).run();
  return PreservedAnalyses::all();
}

} // namespace sporkle
