//===- KernelSymbolNames.cpp - kernel symbols shown as the user named them -===//
#include "KernelSymbolNames.h"

#include "llvm/Demangle/Demangle.h"
#include "llvm/Demangle/ItaniumDemangle.h"
#include "llvm/Support/Allocator.h"

#include <cstdlib>

using namespace llvm;

namespace sporkle {

namespace {
namespace id = llvm::itanium_demangle;

/// The node allocator ItaniumDemangle.h's parser expects.
class NodeAllocator {
public:
  void reset() { Alloc.Reset(); }
  template <typename T, typename... Args> T *makeNode(Args &&...A) {
    return new (Alloc.Allocate(sizeof(T), alignof(T))) T(std::forward<Args>(A)...);
  }
  void *allocateNodeArray(size_t N) {
    return Alloc.Allocate(sizeof(id::Node *) * N, alignof(id::Node *));
  }

private:
  BumpPtrAllocator Alloc;
};

using Parser = id::ManglingParser<NodeAllocator>;

std::string print(const id::Node *N) {
  id::OutputBuffer OB;
  N->print(OB);
  std::string S(OB.getBuffer(), OB.getCurrentPosition());
  std::free(OB.getBuffer());
  return S;
}

/// The plain name a node ends in ("detail" for NestedName sycl::_V1::detail).
std::string_view lastName(const id::Node *N) {
  if (!N)
    return {};
  if (N->getKind() == id::Node::KNestedName)
    return lastName(static_cast<const id::NestedName *>(N)->Name);
  if (N->getKind() == id::Node::KNameType)
    return N->getBaseName();
  return {};
}

/// Whether \p Qual is sycl::detail, possibly with inline namespaces between.
/// The mangling does not say which namespaces are inline, so any single
/// namespace between sycl and detail is taken to be one (sycl::_V1::detail).
bool isSyclDetail(const id::Node *Qual) {
  if (lastName(Qual) != "detail" || Qual->getKind() != id::Node::KNestedName)
    return false;
  const id::Node *Outer = static_cast<const id::NestedName *>(Qual)->Qual;
  if (Outer->getKind() == id::Node::KNestedName) {
    const auto *Inline = static_cast<const id::NestedName *>(Outer);
    if (Inline->Qual->getKind() != id::Node::KNameType)
      return false;
    Outer = Inline->Qual;
  }
  return Outer->getKind() == id::Node::KNameType && Outer->getBaseName() == "sycl";
}

/// The Name argument if \p Type is sycl::detail::kernel_tag<Name, Kind, Dims>.
id::Node *unwrapKernelTag(id::Node *Type) {
  if (Type->getKind() != id::Node::KNameWithTemplateArgs)
    return nullptr;
  auto *Named = static_cast<id::NameWithTemplateArgs *>(Type);
  if (Named->Name->getKind() != id::Node::KNestedName ||
      Named->TemplateArgs->getKind() != id::Node::KTemplateArgs)
    return nullptr;
  auto *Qualified = static_cast<id::NestedName *>(Named->Name);
  if (lastName(Qualified->Name) != std::string_view("kernel_tag") || !isSyclDetail(Qualified->Qual))
    return nullptr;
  id::NodeArray Args = static_cast<id::TemplateArgs *>(Named->TemplateArgs)->getParams();
  return Args.size() == 3 ? Args[0] : nullptr;
}

/// "(lambda in 'scope')" for a closure type, "" for anything else.
std::string describeClosure(const id::Node *Type) {
  const id::Node *Scope = nullptr, *Entity = Type;
  if (Type->getKind() == id::Node::KLocalName) {
    Scope = static_cast<const id::LocalName *>(Type)->Encoding;
    Entity = static_cast<const id::LocalName *>(Type)->Entity;
  } else if (Type->getKind() == id::Node::KNestedName) {
    Scope = static_cast<const id::NestedName *>(Type)->Qual;
    Entity = static_cast<const id::NestedName *>(Type)->Name;
  }
  if (Entity->getKind() != id::Node::KClosureTypeName)
    return "";
  return Scope ? "(lambda in '" + print(Scope) + "')" : "(lambda)";
}
} // namespace

bool isKernelSymbol(StringRef Symbol) { return Symbol.starts_with("_ZTS") && Symbol.size() > 4; }

std::string describeKernelSymbol(StringRef Symbol) {
  if (!isKernelSymbol(Symbol))
    return "'" + demangle(Symbol) + "'";
  StringRef Mangled = Symbol.drop_front(4);
  Parser P(Mangled.begin(), Mangled.end());
  id::Node *Type = P.parseType();
  if (!Type || P.numLeft() != 0)
    return "'" + Symbol.str() + "'";
  if (id::Node *UserName = unwrapKernelTag(Type))
    Type = UserName;
  std::string Closure = describeClosure(Type);
  return Closure.empty() ? "'" + print(Type) + "'" : Closure;
}

} // namespace sporkle
