//===- VectorShapes.h - how each value varies across SIMD lanes -----------===//
//
// The whole-function vectorizer runs W consecutive work-items (along the
// hardware x dimension) in the W lanes of one vector. VectorShapes tells, for
// every value of the single-work-item body, how it varies across those lanes:
//
//   uniform   the same in every lane (kernel arguments, y/z ids, loads from a
//             uniform address, arithmetic on uniform values);
//   linear    lane i holds lane0 + i * Stride, Stride a constant (in units of
//             the value's type: elements for integers, bytes for pointers) —
//             the x local id (stride 1) and what add/mul/shl/GEP/casts make of
//             it; memory accessed through a linear pointer whose stride is the
//             access size is *consecutive*;
//   varying   anything else (values loaded through non-uniform addresses,
//             atomics' results, calls run per lane, blends at divergent joins).
//
// A branch is divergent when its condition is not uniform; a loop is divergent
// when its exit branch is. Phis where the paths of a divergent branch meet
// (the branch's immediate post-dominator) and values leaving a divergent loop
// (LCSSA phis in its exit block) are varying: lanes arrive there from
// different paths or iterations. Those two rules are exact on the structured
// CFG the vectorizer builds (StructurizeCFG: every divergent branch is an
// if-then whose join is a successor, every loop exits once, from its latch);
// on other CFGs the analysis is only used to ask whether any branch is
// divergent at all, which it answers exactly.
//
// Linear values stay scalar in vectorized code (they compute lane 0), so the
// vectorizer needs no vector for an address it can load contiguously.
// Assumption, as in other SPMD vectorizers: sign/zero extension of a linear
// index does not wrap between the W lanes of one step.
//
//===----------------------------------------------------------------------===//
#ifndef SPORKLE_PASSES_VECTORIZER_VECTORSHAPES_H
#define SPORKLE_PASSES_VECTORIZER_VECTORSHAPES_H

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/IR/PassManager.h"
#include <cstdint>

namespace llvm {
class BasicBlock;
class DataLayout;
class DominatorTree;
class Function;
class Instruction;
class Loop;
class LoopInfo;
class PHINode;
class PostDominatorTree;
class Type;
class Value;
class raw_ostream;
} // namespace llvm

namespace sporkle::vectorizer {

struct LaneShape {
  enum Kind : uint8_t { Uniform, Linear, Varying };
  Kind K = Uniform;
  int64_t Stride = 0; // Linear only

  static LaneShape uniform() { return {Uniform, 0}; }
  static LaneShape linear(int64_t Stride) { return Stride == 0 ? uniform() : LaneShape{Linear, Stride}; }
  static LaneShape varying() { return {Varying, 0}; }
  bool isUniform() const { return K == Uniform; }
  bool isLinear() const { return K == Linear; }
  bool isVarying() const { return K == Varying; }
  bool operator==(const LaneShape &O) const { return K == O.K && Stride == O.Stride; }
  bool operator!=(const LaneShape &O) const { return !(*this == O); }
  /// The least shape that describes both (the lattice join).
  static LaneShape join(LaneShape A, LaneShape B);
};

class VectorShapes {
public:
  VectorShapes(llvm::Function &F, const llvm::DominatorTree &DT, const llvm::PostDominatorTree &PDT,
               const llvm::LoopInfo &LI);

  LaneShape shape(const llvm::Value *V) const;
  bool isUniform(const llvm::Value *V) const { return shape(V).isUniform(); }
  /// A conditional branch or switch whose lanes may go different ways.
  bool isDivergentBranch(const llvm::BasicBlock *BB) const { return DivergentBranches.contains(BB); }
  bool hasDivergentBranches() const { return !DivergentBranches.empty(); }
  /// A loop some of whose lanes may leave before others.
  bool isDivergentLoop(const llvm::Loop *L) const;
  /// Where the paths of a divergent branch meet again (its post-dominator).
  bool isDivergentJoin(const llvm::BasicBlock *BB) const;
  /// Whether a load or store through \p Ptr of \p AccessTy is contiguous across lanes.
  bool isConsecutiveAccess(const llvm::Value *Ptr, llvm::Type *AccessTy) const;

  void print(llvm::raw_ostream &OS) const;

private:
  LaneShape compute(const llvm::Instruction &I) const;

  llvm::Function &F;
  const llvm::DominatorTree &DT;
  const llvm::PostDominatorTree &PDT;
  const llvm::LoopInfo &LI;
  llvm::DenseMap<const llvm::Value *, LaneShape> Shapes;
  llvm::SmallPtrSet<const llvm::BasicBlock *, 8> DivergentBranches;
};

/// Whether \p I must run once per active lane whatever its operands: calls
/// with side effects, atomics, volatile accesses.
bool runsPerLane(const llvm::Instruction &I);

/// sporkle-opt's `sporkle-print-vector-shapes`: prints the shape of every
/// instruction and the divergent branches and loops of each work-group
/// function (or each function with a local-id marker).
struct PrintVectorShapesPass : llvm::PassInfoMixin<PrintVectorShapesPass> {
  explicit PrintVectorShapesPass(llvm::raw_ostream &OS) : OS(OS) {}
  llvm::PreservedAnalyses run(llvm::Function &F, llvm::FunctionAnalysisManager &AM);
  static bool isRequired() { return true; }
  llvm::raw_ostream &OS;
};

} // namespace sporkle::vectorizer

#endif
