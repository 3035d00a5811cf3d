//===- KernelSymbolNames.h - kernel symbols shown as the user named them ---===//
//
// A kernel's symbol is "_ZTS" + the mangled name of its tag type,
// sycl::detail::kernel_tag<Name, Kind, Dims> (include/sycl/detail/handler.hpp).
// Messages from the device linker and the passes unwrap the tag and show the
// user's name: "'ns::MyKernel'", or "(lambda in 'main()')" for an unnamed one.
// The tag is recognised on the demangler's tree, not by string surgery.
//
//===----------------------------------------------------------------------===//
#ifndef SPORKLE_PASSES_KERNELSYMBOLNAMES_H
#define SPORKLE_PASSES_KERNELSYMBOLNAMES_H

#include "llvm/ADT/StringRef.h"
#include <string>

namespace sporkle {

/// Whether \p Symbol is a kernel's symbol ("_ZTS" + a mangled type).
bool isKernelSymbol(llvm::StringRef Symbol);

/// For a kernel symbol, the user's kernel name in quotes, or "(lambda in
/// 'scope')"; for any other symbol, its demangled name in quotes.
std::string describeKernelSymbol(llvm::StringRef Symbol);

} // namespace sporkle

#endif
