//===- StructurizePasses.h - LLVM's passes that structure a CFG -------===//
//
// Both consumers of divergence-aware code need the same CFG shape: the
// whole-function vectorizer (execution masks over if-thens and single-exit
// loops) and the Vulkan target (SPIR-V's structured control flow). This is
// the one list of LLVM passes that produce it, in order: one return block,
// switches lowered to branches, irreducible loops made reducible, one exit per
// loop, StructurizeCFG (every conditional branch an if-then or a loop's exit
// test at its latch), loop-simplify (preheaders, dedicated exits).
//
//===----------------------------------------------------------------------===//
#ifndef SPORKLE_PASSES_STRUCTURIZEPASSES_H
#define SPORKLE_PASSES_STRUCTURIZEPASSES_H

#include "llvm/IR/PassManager.h"

namespace sporkle {

/// Adds the passes above to \p FPM.
void addStructurizePasses(llvm::FunctionPassManager &FPM);

} // namespace sporkle

#endif
