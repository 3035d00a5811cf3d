//===- StructurizePasses.cpp - LLVM's passes that structure a CFG -----===//
#include "StructurizePasses.h"

#include "llvm/Transforms/Scalar/StructurizeCFG.h"
#include "llvm/Transforms/Utils/FixIrreducible.h"
#include "llvm/Transforms/Utils/LoopSimplify.h"
#include "llvm/Transforms/Utils/LowerSwitch.h"
#include "llvm/Transforms/Utils/UnifyFunctionExitNodes.h"
#include "llvm/Transforms/Utils/UnifyLoopExits.h"

using namespace llvm;

namespace sporkle {

void addStructurizePasses(FunctionPassManager &FPM) {
  FPM.addPass(UnifyFunctionExitNodesPass());
  FPM.addPass(LowerSwitchPass());
  FPM.addPass(FixIrreduciblePass());
  FPM.addPass(UnifyLoopExitsPass());
  FPM.addPass(LoopSimplifyPass());
  FPM.addPass(StructurizeCFGPass());
  FPM.addPass(LoopSimplifyPass());
}

} // namespace sporkle
