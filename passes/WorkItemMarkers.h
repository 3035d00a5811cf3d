//===- WorkItemMarkers.h - the contract between kernel-ABI lowering and WIL -===//
//
// A target's kernel-ABI pass turns each kernel into a *work-group function*
// whose body still describes a single work-item: uniform builtins are lowered
// to the target's own storage, but the per-work-item position is left as
//
//   %id = call i64 @sporkle.wi.local_id(i32 <0|1|2>)      ; constant dim only
//
// and the function's entry block holds exactly one
//
//   call void @sporkle.wg.local_size(i64 %x, i64 %y, i64 %z)
//
// naming the run-time local size. Barriers stay `__sporkle_barrier` calls.
// Everything between the ABI pass and the work-item-loops pass (the
// whole-function vectorizer, vectorizer/) sees work-item ids only through the
// local-id marker: that is where its lane-shape analysis is seeded. The
// work-item-loops pass (WorkItemLoops.cpp) consumes all three.
//
//===----------------------------------------------------------------------===//
#ifndef SPORKLE_PASSES_WORKITEMMARKERS_H
#define SPORKLE_PASSES_WORKITEMMARKERS_H

#include "llvm/ADT/StringRef.h"

namespace llvm {
class Function;
class Module;
} // namespace llvm

namespace sporkle {

inline constexpr llvm::StringLiteral LocalIdMarkerName = "sporkle.wi.local_id";
inline constexpr llvm::StringLiteral LocalSizeMarkerName = "sporkle.wg.local_size";
inline constexpr llvm::StringLiteral BarrierBuiltinName = "__sporkle_barrier";

/// Function attribute marking a work-group function; its value is the name of
/// the SYCL kernel it implements ("_ZTS...").
inline constexpr llvm::StringLiteral WorkGroupFunctionAttr = "sporkle-work-group-function";
/// Set by WorkItemLoops on work-group functions whose kernel has barriers.
inline constexpr llvm::StringLiteral UsesBarrierAttr = "sporkle-uses-barrier";
/// Set by WorkItemLoops once a work-group function runs all its work-items.
inline constexpr llvm::StringLiteral WorkItemLoopsDoneAttr = "sporkle-work-item-loops";

/// `i64 @sporkle.wi.local_id(i32)`: memory(none), so optimizations may move or
/// merge it freely (an id is constant for a work-item).
llvm::Function *getOrCreateLocalIdMarker(llvm::Module &M);
/// `void @sporkle.wg.local_size(i64, i64, i64)`: has an inaccessible side
/// effect so nothing deletes it before WorkItemLoops reads it.
llvm::Function *getOrCreateLocalSizeMarker(llvm::Module &M);

bool isWorkGroupFunction(const llvm::Function &F);

} // namespace sporkle

#endif
