//===- KernelNames.cpp - kernels named the way the user wrote them --------===//
#include "KernelNames.h"

#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/PrettyPrinter.h"

using namespace clang;
using namespace llvm;

namespace sporkle {

static constexpr StringRef TagName = "kernel_tag";

//===----------------------------------------------------------------------===//
// AST
//===----------------------------------------------------------------------===//

/// The namespace \p DC is in once inline namespaces (sycl::_V1) are skipped.
static const DeclContext *skipInlineNamespaces(const DeclContext *DC) {
  while (DC) {
    const auto *NS = dyn_cast<NamespaceDecl>(DC);
    if (!NS || !NS->isInline())
      return DC;
    DC = NS->getDeclContext();
  }
  return DC;
}

static const NamespaceDecl *namespaceNamed(const DeclContext *DC, StringRef Name) {
  const auto *NS = dyn_cast_or_null<NamespaceDecl>(skipInlineNamespaces(DC));
  return NS && NS->getIdentifier() && NS->getName() == Name ? NS : nullptr;
}

/// Whether \p Template is sycl::detail::kernel_tag.
static bool isKernelTagTemplate(const ClassTemplateDecl *Template) {
  if (!Template || !Template->getIdentifier() || Template->getName() != TagName)
    return false;
  const NamespaceDecl *Detail = namespaceNamed(Template->getDeclContext(), "detail");
  const NamespaceDecl *Sycl = Detail ? namespaceNamed(Detail->getDeclContext(), "sycl") : nullptr;
  return Sycl && isa<TranslationUnitDecl>(skipInlineNamespaces(Sycl->getDeclContext()));
}

QualType userKernelName(QualType KernelNameType) {
  const auto *Spec =
      dyn_cast_or_null<ClassTemplateSpecializationDecl>(KernelNameType->getAsCXXRecordDecl());
  if (!Spec || !isKernelTagTemplate(Spec->getSpecializedTemplate()))
    return KernelNameType;
  const TemplateArgumentList &Args = Spec->getTemplateArgs();
  if (Args.size() == 0 || Args[0].getKind() != TemplateArgument::Type)
    return KernelNameType;
  return Args[0].getAsType();
}

std::string describeKernel(QualType KernelNameType, const PrintingPolicy &Policy) {
  QualType Name = userKernelName(KernelNameType);
  std::string Printed = Name.getAsString(Policy);
  if (const CXXRecordDecl *Record = Name->getAsCXXRecordDecl(); Record && Record->isLambda())
    return Printed; // Clang spells it "(lambda at file:line:col)"
  return "'" + Printed + "'";
}

} // namespace sporkle
