//===- KernelVectorizer.h - one work-group function, W lanes at a time ----===//
//
// Internal to the vectorizer (passes/vectorizer/). KernelVectorizer rewrites
// a single-work-item work-group body (already cloned, its CFG prepared by
// Vectorizer.cpp) into a body that runs W consecutive work-items along x:
//
//   ControlFlow.cpp  block masks, divergent branches (skipped when no lane
//                    takes them), divergent loops (run until every lane has
//                    left, per-lane live-out values), blends at joins;
//   Packetizer.cpp   instructions: uniform and linear values stay scalar,
//                    varying ones become vector code (vector ops, contiguous
//                    or gathered/scattered memory, vector intrinsics, per-lane
//                    calls and atomics under their lane's mask bit).
//
// Value representation: a varying value of scalar type T is a <W x T>; of
// short vector type <N x T>, a <W*N x T> holding lane 0's N elements, then
// lane 1's, ... (the layout W consecutive work-items' data has in memory); of
// an aggregate type, one scalar value per lane. Masks are <W x i1>.
//
//===----------------------------------------------------------------------===//
#ifndef SPORKLE_PASSES_VECTORIZER_KERNELVECTORIZER_H
#define SPORKLE_PASSES_VECTORIZER_KERNELVECTORIZER_H

#include "VectorShapes.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/IRBuilder.h"
#include <string>

namespace llvm {
class DominatorTree;
class Loop;
class LoopInfo;
class PostDominatorTree;
} // namespace llvm

namespace sporkle::vectorizer {

/// What the vectorizer could not do, and where (for the missed remark).
struct Refusal {
  std::string Reason;
  const llvm::Instruction *At = nullptr;
};

class KernelVectorizer {
public:
  /// \p Predicated: lanes past the local size (x + lane >= local size x) are
  /// off from the start (kernels with barriers, where no scalar remainder
  /// loop can run separately); otherwise every lane runs.
  KernelVectorizer(llvm::Function &F, unsigned Width, bool Predicated, VectorShapes &Shapes,
                   llvm::DominatorTree &DT, llvm::PostDominatorTree &PDT, llvm::LoopInfo &LI);

  /// Checks that every construct of the body can be vectorized; nothing is
  /// changed when it returns a refusal.
  std::optional<Refusal> check();
  /// Rewrites the function. Only call after check() returned nothing.
  /// Returns false on an internal inconsistency (the function is then junk).
  bool run();

  /// Counters for the success remark.
  unsigned NumGathers = 0, NumScatters = 0, NumPerLane = 0, NumDivergentBranches = 0, NumDivergentLoops = 0;

private:
  // --- ControlFlow.cpp ---
  std::optional<Refusal> checkControlFlow();
  void createEntryMask();
  void enterBlock(llvm::BasicBlock *BB);
  void lowerTerminator(llvm::BasicBlock *BB);
  void finishControlFlow();
  llvm::Value *edgeMask(llvm::BasicBlock *From, llvm::BasicBlock *To);
  llvm::Value *blendJoinPhi(llvm::PHINode &Phi);
  llvm::Value *liveOutOfDivergentLoop(llvm::PHINode &Phi);
  llvm::Value *anyLane(llvm::IRBuilder<> &B, llvm::Value *Mask);
  bool isAllLanes(llvm::Value *Mask) const;

  // --- Packetizer.cpp ---
  std::optional<Refusal> checkInstruction(llvm::Instruction &I);
  void packetize(llvm::Instruction &I);
  void packetizePhi(llvm::PHINode &Phi);
  void packetizeLoad(llvm::LoadInst &Load);
  void packetizeStore(llvm::StoreInst &Store);
  void packetizeCall(llvm::CallInst &Call);
  void packetizeShortVectorOp(llvm::Instruction &I);
  void packetizePerLane(llvm::Instruction &I, bool Masked);
  void widenAlloca(llvm::AllocaInst &Alloca);
  void finishPhis();
  void guardMaskedLanes();
  bool eraseScalarOriginals();

  /// The vector form of \p V (see the file comment), created once, right
  /// after V's definition for uniform and linear values.
  llvm::Value *vectorOf(llvm::Value *V);
  /// Lane \p Lane's scalar value of \p V, computed at \p B's insertion point.
  llvm::Value *laneOf(llvm::Value *V, unsigned Lane, llvm::IRBuilder<> &B);
  /// The packetized type of \p Ty.
  llvm::Type *widenedType(llvm::Type *Ty) const;
  /// Pointers to each element each lane accesses through \p Ptr (a <W*N x ptr>
  /// for an access of <N x T>).
  llvm::Value *elementPointers(llvm::Value *Ptr, llvm::Type *AccessTy, llvm::IRBuilder<> &B);
  /// \p Mask (<W x i1>) repeated per element of \p AccessTy.
  llvm::Value *elementMask(llvm::Value *Mask, llvm::Type *AccessTy, llvm::IRBuilder<> &B);
  llvm::Value *maskOf(llvm::Instruction &I) const { return BlockMask.lookup(I.getParent()); }
  llvm::Value *lanesToValue(llvm::ArrayRef<llvm::Value *> Lanes, llvm::Type *ScalarTy, llvm::IRBuilder<> &B);
  llvm::IRBuilder<> builderAfter(llvm::Value *V);

  llvm::Function &F;
  llvm::Module &M;
  llvm::LLVMContext &Ctx;
  const llvm::DataLayout &DL;
  unsigned W;
  bool Predicated;
  VectorShapes &Shapes;
  llvm::DominatorTree &DT;
  llvm::PostDominatorTree &PDT;
  llvm::LoopInfo &LI;

  llvm::DenseMap<const llvm::BasicBlock *, llvm::Value *> BlockMask;
  llvm::Value *EntryMask = nullptr;
  /// Edge masks created when the source's terminator was lowered.
  llvm::DenseMap<std::pair<llvm::BasicBlock *, llvm::BasicBlock *>, llvm::Value *> EdgeMasks;
  /// The mask phi of each divergent loop's header, and its live-out trackers.
  llvm::DenseMap<const llvm::Loop *, llvm::PHINode *> LoopMaskPhi;
  llvm::DenseMap<llvm::PHINode *, llvm::Value *> LiveOutValue;

  /// Vector (or short-vector AoS) form of each varying value and of each
  /// uniform/linear value some vector code needed.
  llvm::DenseMap<llvm::Value *, llvm::Value *> Vectors;
  /// Per-lane scalars of varying aggregate values (cmpxchg results...).
  llvm::DenseMap<llvm::Value *, llvm::SmallVector<llvm::Value *, 16>> Lanes;
  /// Original phi -> its vector phi (incoming values filled at the end).
  llvm::MapVector<llvm::PHINode *, llvm::PHINode *> VectorPhis;
  /// Join phis whose blend is built once all blocks are done.
  llvm::SmallVector<std::pair<llvm::PHINode *, llvm::Instruction *>, 8> PendingBlends;
  /// Per-lane clones that must only run when their lane's mask bit is set.
  struct GuardedLane {
    llvm::Instruction *Clone;
    llvm::Value *Mask;
    unsigned Lane;
  };
  llvm::SmallVector<GuardedLane, 16> GuardedLanes;
  /// Scalar instructions replaced by vector code, erased at the end.
  llvm::SmallVector<llvm::Instruction *, 64> Replaced;
};

} // namespace sporkle::vectorizer

#endif
