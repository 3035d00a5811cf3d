//===- RegistrationObject.h - the object that hands images to the runtime -===//
//
// Every executable sporkle-cc links gets one registration object: a
// sporkle_image_table (include/sporkle/image_table.h) describing each target
// image and its kernels, a constructor that passes the table to
// __sporkle_register_images before main() runs, and a destructor that calls
// __sporkle_unregister_images. It is generated as an LLVM module and compiled
// in-process for the host.
//
//===----------------------------------------------------------------------===//
#ifndef SPORKLE_COMPILER_REGISTRATIONOBJECT_H
#define SPORKLE_COMPILER_REGISTRATIONOBJECT_H

#include "DeviceLinker.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Error.h"

namespace llvm {
class LLVMContext;
class Module;
} // namespace llvm

namespace sporkle {

/// The registration module for \p Images, for the host \p HostTriple.
std::unique_ptr<llvm::Module> buildRegistrationModule(llvm::ArrayRef<TargetImage> Images,
                                                      llvm::StringRef HostTriple,
                                                      llvm::LLVMContext &Ctx);

/// The registration module compiled to a relocatable, position-independent
/// object for \p HostTriple.
llvm::Expected<llvm::SmallVector<char, 0>>
buildRegistrationObject(llvm::ArrayRef<TargetImage> Images, llvm::StringRef HostTriple);

} // namespace sporkle

#endif
