//===- DeviceCodeChecker.cpp - AST checks of SYCL device code -------------===//
//
// Two steps. First every function that device code reaches is summarised
// once: the calls it makes (direct calls, operators, constructors and the
// destructors that run implicitly) and the constructs it may not contain.
// Then a depth-first walk from each device root follows the summaries,
// reporting each problem once, with the call path that reached it. The walk
// uses an explicit stack so deep call graphs cannot overflow ours.
//
// Only code that is evaluated counts: unevaluated operands (sizeof, decltype,
// noexcept, ...), constant expressions and types are not walked, and a lambda
// body is walked when something calls the lambda, not where it is written.
//
//===----------------------------------------------------------------------===//
#include "DeviceCodeChecker.h"
#include "KernelNames.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DynamicRecursiveASTVisitor.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/MultiplexConsumer.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallVector.h"

using namespace clang;

namespace sporkle {
namespace {

enum class ProblemKind { Throw, Try, VirtualCall, IndirectCall };

struct Problem {
  ProblemKind Kind;
  SourceLocation Loc;
  const NamedDecl *Subject = nullptr; // the virtual function, if any
};

struct CallSite {
  const FunctionDecl *Callee;
  SourceLocation Loc;
};

/// What one function does that matters to the checks.
struct FunctionSummary {
  llvm::SmallVector<CallSite, 8> Calls;
  llvm::SmallVector<Problem, 2> Problems;
};

/// A device root: a kernel entry point or a SYCL_EXTERNAL definition.
struct DeviceRoot {
  const FunctionDecl *Function;
  bool IsKernel;
};

static const FunctionDecl *canonical(const FunctionDecl *FD) { return FD->getCanonicalDecl(); }

static bool isSyclExternal(const FunctionDecl *FD) {
  for (const FunctionDecl *Redecl : FD->redecls())
    if (Redecl->hasAttr<SYCLExternalAttr>())
      return true;
  return false;
}

static const CXXDestructorDecl *nonTrivialDestructor(QualType T) {
  T = T.getCanonicalType();
  while (const auto *Array = dyn_cast<ArrayType>(T.getTypePtr()))
    T = Array->getElementType().getCanonicalType();
  const auto *Record = T->getAsCXXRecordDecl();
  if (!Record || !Record->hasDefinition() || Record->hasTrivialDestructor())
    return nullptr;
  return Record->getDestructor();
}

/// Collects the summary of one function body.
class BodyScanner : public DynamicRecursiveASTVisitor {
public:
  BodyScanner(ASTContext &Ctx, FunctionSummary &Out) : Ctx(Ctx), Out(Out) {
    ShouldVisitImplicitCode = true; // default arguments, implicit member initializers
    ShouldVisitLambdaBody = false;  // walked when the lambda is called
  }

  void scan(const FunctionDecl *FD) {
    auto *F = const_cast<FunctionDecl *>(FD);
    if (auto *Ctor = dyn_cast<CXXConstructorDecl>(F))
      for (CXXCtorInitializer *Init : Ctor->inits())
        if (Init->getInit())
          TraverseStmt(Init->getInit());
    if (Stmt *Body = F->getBody())
      TraverseStmt(Body);
    if (auto *Dtor = dyn_cast<CXXDestructorDecl>(F))
      addImplicitMemberDestructors(Dtor);
  }

  // Nothing in types, unevaluated operands or constant expressions runs.
  bool TraverseTypeLoc(TypeLoc, bool) override { return true; }
  bool TraverseType(QualType, bool) override { return true; }
  bool TraverseNestedNameSpecifierLoc(NestedNameSpecifierLoc) override { return true; }
  bool TraverseUnaryExprOrTypeTraitExpr(UnaryExprOrTypeTraitExpr *) override { return true; }
  bool TraverseCXXNoexceptExpr(CXXNoexceptExpr *) override { return true; }
  bool TraverseRequiresExpr(RequiresExpr *) override { return true; }
  bool TraverseConstantExpr(ConstantExpr *) override { return true; }
  bool TraverseCXXTypeidExpr(CXXTypeidExpr *E) override {
    return E->isPotentiallyEvaluated() ? DynamicRecursiveASTVisitor::TraverseCXXTypeidExpr(E) : true;
  }
  // Local classes and functions are walked only if device code calls them.
  bool TraverseCXXRecordDecl(CXXRecordDecl *) override { return true; }
  bool TraverseRecordDecl(RecordDecl *) override { return true; }
  bool TraverseFunctionDecl(FunctionDecl *) override { return true; }

  bool VisitCXXThrowExpr(CXXThrowExpr *E) override {
    Out.Problems.push_back({ProblemKind::Throw, E->getThrowLoc()});
    return true;
  }
  bool VisitCXXTryStmt(CXXTryStmt *S) override {
    Out.Problems.push_back({ProblemKind::Try, S->getTryLoc()});
    return true;
  }

  bool VisitCallExpr(CallExpr *CE) override {
    const Expr *Callee = CE->getCallee() ? CE->getCallee()->IgnoreParenImpCasts() : nullptr;
    if (Callee && isa<CXXPseudoDestructorExpr>(Callee))
      return true; // `p->~int()`: no code
    FunctionDecl *FD = CE->getDirectCallee();
    if (!FD) {
      Out.Problems.push_back({ProblemKind::IndirectCall, CE->getExprLoc()});
      return true;
    }
    if (const auto *MD = dyn_cast<CXXMethodDecl>(FD); MD && MD->isVirtual()) {
      const Expr *Base = nullptr;
      bool Dispatches = false;
      if (const auto *MemberCall = dyn_cast<CXXMemberCallExpr>(CE)) {
        if (const auto *ME = dyn_cast_or_null<MemberExpr>(Callee)) {
          Base = ME->getBase();
          Dispatches = ME->performsVirtualDispatch(Ctx.getLangOpts());
        }
        (void)MemberCall;
      } else if (isa<CXXOperatorCallExpr>(CE) && CE->getNumArgs() > 0) {
        Base = CE->getArg(0);
        Dispatches = true;
      }
      if (Dispatches) {
        const CXXMethodDecl *Final =
            Base ? MD->getDevirtualizedMethod(Base, Ctx.getLangOpts().AppleKext) : nullptr;
        if (!Final) {
          Out.Problems.push_back({ProblemKind::VirtualCall, CE->getExprLoc(), MD});
          return true;
        }
        FD = const_cast<CXXMethodDecl *>(Final);
      }
    }
    addCall(FD, CE->getExprLoc());
    return true;
  }

  bool VisitCXXConstructExpr(CXXConstructExpr *E) override {
    addCall(E->getConstructor(), E->getLocation());
    return true;
  }
  bool VisitCXXInheritedCtorInitExpr(CXXInheritedCtorInitExpr *E) override {
    addCall(E->getConstructor(), E->getLocation());
    return true;
  }
  bool VisitCXXBindTemporaryExpr(CXXBindTemporaryExpr *E) override {
    if (const CXXTemporary *Temp = E->getTemporary())
      addCall(Temp->getDestructor(), E->getExprLoc());
    return true;
  }
  bool VisitVarDecl(VarDecl *VD) override {
    if (isa<ParmVarDecl>(VD) || !VD->hasLocalStorage())
      return true;
    if (const CXXDestructorDecl *Dtor = nonTrivialDestructor(VD->getType()))
      addCall(Dtor, VD->getLocation());
    return true;
  }
  bool VisitCXXNewExpr(CXXNewExpr *E) override {
    if (FunctionDecl *New = E->getOperatorNew(); New && !New->isReservedGlobalPlacementOperator())
      addCall(New, E->getBeginLoc());
    return true;
  }
  bool VisitCXXDeleteExpr(CXXDeleteExpr *E) override {
    if (const CXXDestructorDecl *Dtor = nonTrivialDestructor(E->getDestroyedType())) {
      if (Dtor->isVirtual() && !Dtor->getParent()->hasAttr<FinalAttr>() && !Dtor->hasAttr<FinalAttr>())
        Out.Problems.push_back({ProblemKind::VirtualCall, E->getBeginLoc(), Dtor});
      else
        addCall(Dtor, E->getBeginLoc());
    }
    if (FunctionDecl *Delete = E->getOperatorDelete())
      addCall(Delete, E->getBeginLoc());
    return true;
  }

private:
  void addCall(const FunctionDecl *FD, SourceLocation Loc) {
    if (FD)
      Out.Calls.push_back({FD, Loc});
  }

  // A destructor also runs its members' and bases' destructors.
  void addImplicitMemberDestructors(const CXXDestructorDecl *Dtor) {
    const CXXRecordDecl *Record = Dtor->getParent();
    SourceLocation Loc = Dtor->getLocation();
    for (const FieldDecl *Field : Record->fields())
      if (const CXXDestructorDecl *D = nonTrivialDestructor(Field->getType()))
        addCall(D, Loc);
    for (const CXXBaseSpecifier &Base : Record->bases())
      if (const CXXDestructorDecl *D = nonTrivialDestructor(Base.getType()))
        addCall(D, Loc);
  }

  ASTContext &Ctx;
  FunctionSummary &Out;
};

/// Finds the device roots of a translation unit.
class RootFinder : public DynamicRecursiveASTVisitor {
public:
  RootFinder() { ShouldVisitTemplateInstantiations = true; }

  bool VisitFunctionDecl(FunctionDecl *FD) override {
    if (FD->isDependentContext() || !FD->doesThisDeclarationHaveABody() || FD->isInvalidDecl())
      return true;
    if (const auto *Entry = FD->getAttr<SYCLKernelEntryPointAttr>()) {
      if (!Entry->isInvalidAttr())
        Roots.push_back({FD, /*IsKernel=*/true});
      return true;
    }
    if (isSyclExternal(FD))
      Roots.push_back({FD, /*IsKernel=*/false});
    return true;
  }

  std::vector<DeviceRoot> Roots;
};

class DeviceCodeCheckerConsumer : public ASTConsumer {
public:
  explicit DeviceCodeCheckerConsumer(CompilerInstance &CI) : Diags(CI.getDiagnostics()) {
    ErrThrow = Diags.getCustomDiagID(DiagnosticsEngine::Error,
                                     "'throw' is not allowed in SYCL device code");
    ErrTry = Diags.getCustomDiagID(DiagnosticsEngine::Error,
                                   "'try' block is not allowed in SYCL device code");
    ErrVirtual = Diags.getCustomDiagID(DiagnosticsEngine::Error,
                                       "virtual call to '%0' is not allowed in SYCL device code");
    ErrIndirect = Diags.getCustomDiagID(
        DiagnosticsEngine::Error,
        "indirect call through a function pointer is not allowed in SYCL device code");
    ErrRecursion = Diags.getCustomDiagID(
        DiagnosticsEngine::Error,
        "recursion is not allowed in SYCL device code: this call to '%0' makes it recursive");
    ErrUndefined = Diags.getCustomDiagID(
        DiagnosticsEngine::Error,
        "SYCL device code calls '%0', which has no definition in this translation unit; define "
        "it here or declare it SYCL_EXTERNAL");
    NoteCalledBy = Diags.getCustomDiagID(DiagnosticsEngine::Note, "called by %0 here");
    NoteCalledByLambda = Diags.getCustomDiagID(DiagnosticsEngine::Note, "called by a lambda here");
    NoteKernel = Diags.getCustomDiagID(DiagnosticsEngine::Note, "in SYCL kernel %0");
    NoteExternal = Diags.getCustomDiagID(DiagnosticsEngine::Note,
                                         "in SYCL_EXTERNAL function %0 declared here");
    NoteMorePath = Diags.getCustomDiagID(DiagnosticsEngine::Note,
                                         "(%0 more calls on the path from the kernel)");
  }

  void HandleTranslationUnit(ASTContext &Context) override {
    // Sema errors already stop code generation; a broken AST is no place to
    // look for more.
    if (Diags.hasErrorOccurred())
      return;
    Ctx = &Context;
    RootFinder Finder;
    Finder.TraverseAST(Context);
    for (const DeviceRoot &Root : Finder.Roots)
      walkFrom(Root);
  }

private:
  const FunctionSummary &summaryOf(const FunctionDecl *Definition) {
    auto [It, Inserted] = Summaries.try_emplace(canonical(Definition));
    if (Inserted) {
      BodyScanner Scanner(*Ctx, It->second);
      Scanner.scan(Definition);
    }
    return It->second;
  }

  /// Whether a call to \p FD needs no definition in this translation unit.
  static bool needsNoDefinition(const FunctionDecl *FD) {
    if (FD->isTrivial() || isSyclExternal(FD) || FD->getBuiltinID() != 0)
      return true;
    if (const IdentifierInfo *Name = FD->getIdentifier())
      if (Name->getName().starts_with("__sporkle_"))
        return true;
    return false;
  }

  struct Frame {
    const FunctionDecl *Function; // the definition being walked
    SourceLocation CalledAt;      // where the caller called it
    unsigned NextCall = 0;
  };

  void walkFrom(const DeviceRoot &Root) {
    enum Color : uint8_t { OnPath = 1, Done = 2 };
    llvm::DenseMap<const FunctionDecl *, uint8_t> Colors;
    llvm::SmallVector<Frame, 32> Path;

    auto enter = [&](const FunctionDecl *Definition, SourceLocation CalledAt) {
      Colors[canonical(Definition)] = OnPath;
      Path.push_back({Definition, CalledAt});
      for (const Problem &P : summaryOf(Definition).Problems)
        reportProblem(P, Root, Path);
    };

    enter(Root.Function, SourceLocation());
    while (!Path.empty()) {
      Frame &Top = Path.back();
      const FunctionSummary &Summary = summaryOf(Top.Function);
      if (Top.NextCall == Summary.Calls.size()) {
        Colors[canonical(Top.Function)] = Done;
        Path.pop_back();
        continue;
      }
      const CallSite &Call = Summary.Calls[Top.NextCall++];
      const FunctionDecl *Definition = nullptr;
      if (!Call.Callee->hasBody(Definition)) {
        if (!needsNoDefinition(Call.Callee))
          report(ErrUndefined, Call.Loc, Call.Callee, Root, Path);
        continue;
      }
      uint8_t State = Colors.lookup(canonical(Definition));
      if (State == OnPath) {
        report(ErrRecursion, Call.Loc, Definition, Root, Path);
        continue;
      }
      if (State == Done)
        continue;
      enter(Definition, Call.Loc);
    }
  }

  void reportProblem(const Problem &P, const DeviceRoot &Root, llvm::ArrayRef<Frame> Path) {
    switch (P.Kind) {
    case ProblemKind::Throw:
      return report(ErrThrow, P.Loc, nullptr, Root, Path);
    case ProblemKind::Try:
      return report(ErrTry, P.Loc, nullptr, Root, Path);
    case ProblemKind::VirtualCall:
      return report(ErrVirtual, P.Loc, P.Subject, Root, Path);
    case ProblemKind::IndirectCall:
      return report(ErrIndirect, P.Loc, nullptr, Root, Path);
    }
  }

  /// Reports one problem (once per location and kind, whichever kernel
  /// reaches it first), then the call path back to the root. Calls made
  /// inside system headers (sycl.hpp's kernel launch) are left out of the
  /// path: the user did not write them.
  void report(unsigned DiagID, SourceLocation Loc, const NamedDecl *Subject, const DeviceRoot &Root,
              llvm::ArrayRef<Frame> Path) {
    if (!Reported.insert({DiagID, Loc.getRawEncoding()}).second)
      return;
    {
      // Qualified names: 'std::__throw_bad_alloc' says more than '__throw_bad_alloc'.
      DiagnosticBuilder Builder = Diags.Report(Loc, DiagID);
      if (Subject)
        Builder << Subject->getQualifiedNameAsString();
    }
    const SourceManager &SM = Ctx->getSourceManager();
    constexpr unsigned MaxPathNotes = 6;
    unsigned Shown = 0, Hidden = 0;
    // Path[0] is the root; a kernel entry point's own call of the kernel
    // function object is library code, and the kernel note covers it.
    for (size_t I = Path.size(); I-- > 1;) {
      const Frame &Callee = Path[I];
      const FunctionDecl *Caller = Path[I - 1].Function;
      if (Callee.CalledAt.isInvalid() || (I == 1 && Root.IsKernel) ||
          SM.isInSystemHeader(SM.getExpansionLoc(Callee.CalledAt)))
        continue;
      if (Shown == MaxPathNotes) {
        ++Hidden;
        continue;
      }
      const auto *Method = dyn_cast<CXXMethodDecl>(Caller);
      if (Method && Method->getParent()->isLambda())
        Diags.Report(Callee.CalledAt, NoteCalledByLambda);
      else
        Diags.Report(Callee.CalledAt, NoteCalledBy) << Caller;
      ++Shown;
    }
    if (Hidden)
      Diags.Report(Root.Function->getLocation(), NoteMorePath) << Hidden;
    reportRoot(Root);
  }

  void reportRoot(const DeviceRoot &Root) {
    if (!Root.IsKernel) {
      Diags.Report(Root.Function->getLocation(), NoteExternal) << Root.Function;
      return;
    }
    // Name the kernel as the user wrote it (sycl.hpp's kernel_tag wrapper
    // unwrapped: 'MyKernel', or (lambda at f.cpp:8:38)) and point at the
    // kernel function object (the user's lambda or functor).
    const auto *Entry = Root.Function->getAttr<SYCLKernelEntryPointAttr>();
    std::string KernelName = describeKernel(Entry->getKernelName(), Ctx->getPrintingPolicy());
    SourceLocation Where = Root.Function->getPointOfInstantiation();
    for (const ParmVarDecl *Param : Root.Function->parameters())
      if (const CXXRecordDecl *Functor = Param->getType()->getAsCXXRecordDecl()) {
        Where = Functor->getLocation();
        break;
      }
    if (Where.isInvalid())
      Where = Root.Function->getLocation();
    Diags.Report(Where, NoteKernel) << KernelName;
  }

  DiagnosticsEngine &Diags;
  ASTContext *Ctx = nullptr;
  llvm::DenseMap<const FunctionDecl *, FunctionSummary> Summaries;
  llvm::DenseSet<std::pair<unsigned, SourceLocation::UIntTy>> Reported;
  unsigned ErrThrow, ErrTry, ErrVirtual, ErrIndirect, ErrRecursion, ErrUndefined;
  unsigned NoteCalledBy, NoteCalledByLambda, NoteKernel, NoteExternal, NoteMorePath;
};

} // namespace

std::unique_ptr<ASTConsumer> createDeviceCodeChecker(CompilerInstance &CI) {
  return std::make_unique<DeviceCodeCheckerConsumer>(CI);
}

std::unique_ptr<ASTConsumer> DeviceCheckingAction::CreateASTConsumer(CompilerInstance &CI,
                                                                     StringRef InFile) {
  std::unique_ptr<ASTConsumer> Wrapped = WrapperFrontendAction::CreateASTConsumer(CI, InFile);
  if (!Wrapped)
    return nullptr;
  std::vector<std::unique_ptr<ASTConsumer>> Consumers;
  Consumers.push_back(createDeviceCodeChecker(CI)); // first: errors stop code generation
  Consumers.push_back(std::move(Wrapped));
  return std::make_unique<MultiplexConsumer>(std::move(Consumers));
}

} // namespace sporkle
