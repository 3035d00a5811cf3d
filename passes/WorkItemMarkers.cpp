//===- WorkItemMarkers.cpp - declarations of the work-item markers --------===//
#include "WorkItemMarkers.h"

#include "llvm/IR/Attributes.h"
#include "llvm/IR/DerivedTypes.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/Module.h"

using namespace llvm;

namespace sporkle {

Function *getOrCreateLocalIdMarker(Module &M) {
  LLVMContext &Ctx = M.getContext();
  auto *Ty = FunctionType::get(Type::getInt64Ty(Ctx), {Type::getInt32Ty(Ctx)}, false);
  auto *F = cast<Function>(M.getOrInsertFunction(LocalIdMarkerName, Ty).getCallee());
  F->setDoesNotAccessMemory();
  F->setDoesNotThrow();
  F->setWillReturn();
  F->addFnAttr(Attribute::Speculatable);
  F->addFnAttr(Attribute::NoSync);
  F->addFnAttr(Attribute::NoFree);
  return F;
}

Function *getOrCreateLocalSizeMarker(Module &M) {
  LLVMContext &Ctx = M.getContext();
  Type *I64 = Type::getInt64Ty(Ctx);
  auto *Ty = FunctionType::get(Type::getVoidTy(Ctx), {I64, I64, I64}, false);
  auto *F = cast<Function>(M.getOrInsertFunction(LocalSizeMarkerName, Ty).getCallee());
  F->setOnlyAccessesInaccessibleMemory();
  F->setDoesNotThrow();
  F->setWillReturn();
  return F;
}

bool isWorkGroupFunction(const Function &F) {
  return !F.isDeclaration() && F.hasFnAttribute(WorkGroupFunctionAttr);
}

} // namespace sporkle
