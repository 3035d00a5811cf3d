//===- KernelNames.h - kernels named the way the user wrote them ----------===//
//
// sycl.hpp names every kernel entry point by a tag type,
// sycl::detail::kernel_tag<Name, Kind, Dims>: Name is the user's kernel name
// (or the functor type for an unnamed kernel), Kind and Dims tell a
// single_task, a range and an nd_range launch apart. The tag is an
// implementation detail, so messages unwrap it: they say "SYCL kernel
// 'MyKernel'" or "SYCL kernel (lambda at a.cpp:8:38)".
//
// The tag is recognised structurally (a class template named kernel_tag in
// namespace sycl::detail, inline namespaces allowed), on the AST in the
// compile step; passes/KernelSymbolNames.h does the same for the "_ZTS<type>"
// symbol at link time. A kernel named by anything else is shown as is.
//
//===----------------------------------------------------------------------===//
#ifndef SPORKLE_COMPILER_KERNELNAMES_H
#define SPORKLE_COMPILER_KERNELNAMES_H

#include "clang/AST/Type.h"
#include "KernelSymbolNames.h"
#include <string>

namespace clang {
struct PrintingPolicy;
}

namespace sporkle {

/// The user's kernel name type: the Name argument of a kernel_tag, else
/// \p KernelNameType itself.
clang::QualType userKernelName(clang::QualType KernelNameType);

/// "'ns::MyKernel'" for a named kernel (or a functor type), "(lambda at
/// file:line:col)" for a lambda; the tag is unwrapped first.
std::string describeKernel(clang::QualType KernelNameType, const clang::PrintingPolicy &Policy);

} // namespace sporkle

#endif
