//===- Vectorizer.h - sporkle's whole-function (SPMD) vectorizer ----------===//
//
// Runs between a target's kernel-ABI pass and the work-item-loops pass: each
// work-group function, still written for one work-item, gets a body that runs
// W consecutive work-items (along x) in the lanes of W-wide vectors. The
// work-item loops then step x by W. See docs/architecture.md and the headers
// of the files in this folder.
//
// Contract with WorkItemLoops (attributes):
//   * a kernel without barriers keeps its scalar body and gains a vector twin
//     (VectorTwinAttr names it): full vector steps run the twin, the x
//     remainder (local size x mod W) runs the scalar body;
//   * a kernel with barriers is replaced by its vector body, predicated:
//     lanes past the local size are off, so x steps cover ceil(size / W);
//   * VectorBodyWidthAttr marks a vectorized body with its width,
//     VectorPredicatedAttr a predicated one; VectorizedWidthAttr on the
//     kernel's work-group function records the width for the runtime.
// A kernel the vectorizer cannot handle stays scalar, with a missed remark
// (pass name "sporkle-vectorize") that says why and where.
//
//===----------------------------------------------------------------------===//
#ifndef SPORKLE_PASSES_VECTORIZER_VECTORIZER_H
#define SPORKLE_PASSES_VECTORIZER_VECTORIZER_H

#include "llvm/ADT/StringRef.h"
#include "llvm/IR/PassManager.h"

namespace sporkle {

inline constexpr llvm::StringLiteral VectorTwinAttr = "sporkle-vector-twin";
inline constexpr llvm::StringLiteral VectorBodyWidthAttr = "sporkle-vector-body-width";
inline constexpr llvm::StringLiteral VectorPredicatedAttr = "sporkle-vector-predicated";
inline constexpr llvm::StringLiteral VectorizedWidthAttr = "sporkle-vectorized-width";
inline constexpr llvm::StringLiteral VectorizeRemarkName = "sporkle-vectorize";

/// The width a vectorized body of \p F was built for (1 when scalar).
unsigned vectorBodyWidth(const llvm::Function &F);

struct VectorizeKernelsPass : llvm::PassInfoMixin<VectorizeKernelsPass> {
  /// \p Width: lanes per vector step, a power of two; 1 does nothing.
  explicit VectorizeKernelsPass(unsigned Width) : Width(Width) {}
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &AM);
  static bool isRequired() { return true; }
  unsigned Width;
};

} // namespace sporkle

#endif
