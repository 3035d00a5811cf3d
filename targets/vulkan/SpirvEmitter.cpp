//===- SpirvEmitter.cpp - device IR to Vulkan SPIR-V ----------------------===//
//
// One GLCompute entry point per kernel (include/sporkle/vulkan_abi.h):
//   * memory: global memory through buffer device addresses -- a global
//     pointer is a 64-bit integer, converted to a PhysicalStorageBuffer
//     pointer of the accessed type at each load and store (LLVM's pointers
//     are untyped, SPIR-V's are not); the argument block (push constants) and
//     local memory (a Workgroup array) are arrays of 32-bit words, addressed
//     by byte offsets, so any type at any 4-byte-aligned offset can be read;
//     each pointer's word index is derived at its definition, in whole words
//     where the GEPs allow (recordWordIndex), so drivers see base + constant;
//   * every pointer's address space is inferred (argument block, global,
//     local); a pointer that could be more than one is an error;
//   * builtins come from WorkgroupId, LocalInvocationId, the WorkgroupSize
//     spec constants and the push-constant header;
//   * control flow is structured first (StructuredControlFlow.cpp).
// Status (in progress): scalar and short-vector arithmetic; global, local
// and private memory; the argument block inline or by address; builtins;
// barriers; integer atomics and float add; structured control flow;
// GLSL.std.450 math (where it is less precise than SYCL asks,
// VulkanPreciseMath.cpp has already put the precise library in its place);
// fma exact on drivers whose Fma is not fused (ExactFma.h); 8- and 16-bit
// stores to local memory as atomic and/or on their word.
// Debugging: SPORKLE_DUMP_INVALID_SPIRV=file writes a module that fails
// validation there (for spirv-dis / spirv-val) before the error is reported.
//
//===----------------------------------------------------------------------===//
#include "ExactFma.h"
#include "SpirvBuilder.h"
#include "VulkanTarget.h"

#include "SporkleDiagnostics.h"
#include "SporklePasses.h"

#include "sporkle/image_table.h"
#include "sporkle/vulkan_abi.h"

#include "llvm/ADT/PostOrderIterator.h"
#include "llvm/IR/GetElementPtrTypeIterator.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/PatternMatch.h"
#include "llvm/Support/DivisionByConstantInfo.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/raw_ostream.h"

#include <spirv-tools/libspirv.hpp>
#include <spirv-tools/optimizer.hpp>
#include <spirv/unified1/GLSL.std.450.h>

using namespace llvm;
using namespace llvm::PatternMatch;

namespace sporkle::vulkan {

namespace {

enum class Space { Unknown, Args, Global, Local, Private };

constexpr unsigned HeaderWords = sizeof(sporkle_vk_push_header) / 4;

/// Objects every entry point shares.
struct ModuleObjects {
  SpirvId PushConstants = 0, PushStruct = 0;
  SpirvId WorkgroupId = 0, LocalInvocationId = 0;
  SpirvId WorkgroupSize = 0;
  SpirvId LocalWords = 0;
  SpirvId FusedFma = 0; // the bool spec constant, declared by the first fma
  // Launch constants (findLaunchConstants): the bool saying they hold values,
  // and the i-th 32-bit constant, shared by the module's kernels.
  SpirvId LaunchSpecialized = 0;
  std::vector<SpirvId> LaunchConstants;
};

class KernelEmitter {
public:
  KernelEmitter(SpirvBuilder &B, ModuleObjects &Objects, Function &K)
      : B(B), O(Objects), K(K), DL(K.getDataLayout()) {}

  /// Emits the entry point; returns false after reporting an error.
  bool run(SpirvKernelInfo &Info);

private:
  bool fail(const Instruction *At, const Twine &Why);
  bool inferSpaces();
  Space spaceOf(const Value *V) const { return Spaces.lookup(V); }
  SpirvId type(Type *Ty);
  /// The type of \p V's SPIR-V value: pointers are byte offsets (32-bit) into
  /// the argument block or local memory, or 64-bit device addresses.
  SpirvId typeOf(const Value *V);
  SpirvId value(Value *V);
  SpirvId u32(uint64_t C) { return B.constantInt(32, C); }
  SpirvId u64(uint64_t C) { return B.constantInt(64, C); }
  bool emitInstruction(Instruction &I);
  bool emitTerminator(BasicBlock &BB);
  bool emitCall(CallInst &Call, SpirvId Result);
  bool emitFma(CallInst &Call, ArrayRef<uint32_t> Operands, SpirvId Result);
  bool emitLoad(LoadInst &Load, SpirvId Result);
  bool emitStore(StoreInst &Store);
  bool emitAtomic(Instruction &I, SpirvId Result);
  /// The SPIR-V pointer an atomic needs: a PhysicalStorageBuffer pointer for
  /// global memory, the local-memory word for local memory.
  SpirvId atomicPointer(Value *Ptr, Type *Ty, const Instruction &At);
  uint32_t atomicSemantics(AtomicOrdering Ordering, Space S);
  SpirvId byteOffsetGEP(GetElementPtrInst &GEP, bool Wide);
  /// Private: the array a pointer points into (one per alloca).
  SpirvId privateArrayOf(const Value *Ptr) { return PrivateArrays.lookup(PrivateRoots.lookup(Ptr)); }
  SpirvId loadWords(Space S, SpirvId ByteOffset, Type *Ty, const Instruction &At, SpirvId Array = 0,
                    SpirvId WordIndex = 0);
  void storeWords(Space S, SpirvId ByteOffset, Value *V, SpirvId Array, SpirvId WordIndex = 0);
  /// Local and private pointers: records the 32-bit word index of the byte
  /// \p Ptr (just emitted) points to, derived from its base's in whole words
  /// where it can be (base + constant words + index * words per element), so
  /// that drivers see immediate offsets; else the byte offset shifted once,
  /// here at the definition rather than at every access.
  void recordWordIndex(Instruction &Ptr);
  /// \p Bytes / 4 as a 32-bit value when the expression shows it is a whole
  /// number of words (a multiple of 4, x * 4k, x << 2+, sums of those), else 0.
  SpirvId wordsIn(Value *Bytes, unsigned Depth = 0);
  /// For a scalar 64-bit udiv or urem by a constant: the quotient, by a
  /// multiply with the divisor's magic number; else 0.
  SpirvId divideByConstant64(Instruction &I);
  /// The high 64 bits of the unsigned product N * M, from 32-bit halves.
  SpirvId mulHighU64(SpirvId N, uint64_t M);
  SpirvId wordPointer(Space S, SpirvId WordIndex, SpirvId Array = 0);
  SpirvId builtin(StringRef Name, unsigned Dim);
  SpirvId headerWord(unsigned Index);

  SpirvBuilder &B;
  ModuleObjects &O;
  Function &K;
  const DataLayout &DL;
  StructuredRegions Regions;
  DenseMap<const Value *, Space> Spaces;
  DenseMap<const Value *, SpirvId> Values;
  DenseMap<const BasicBlock *, SpirvId> Labels;
  DenseMap<const StructType *, SpirvId> StructTypes;
  DenseMap<const Value *, const AllocaInst *> PrivateRoots; // private pointer -> its alloca
  DenseMap<const AllocaInst *, SpirvId> PrivateArrays;      // alloca -> Function variable
  DenseMap<const Value *, SpirvId> WordIndices;             // recordWordIndex
  SpirvId ArgsBase = 0; // Args: byte offset 0 (inline); by address: the u64 address
  bool ArgsByAddress = false;
  /// Argument-block loads used only to address local memory, and the launch
  /// constant each reads (findLaunchConstants).
  DenseMap<const LoadInst *, unsigned> LaunchLoads;
  void findLaunchConstants(SpirvKernelInfo &Info);
  bool addressesLocalMemoryOnly(const Value *V, SmallPtrSetImpl<const Value *> &Seen) const;
  SpirvId launchConstant(unsigned Index);
  bool Failed = false;
};

/// \p I, or when it has no source location (values the optimizer merged
/// have none) the nearest user that has one: the line a user should look at.
static const Instruction *locatable(const Instruction *I) {
  SmallVector<const Instruction *, 8> Worklist{I};
  SmallPtrSet<const Instruction *, 16> Seen;
  while (!Worklist.empty()) {
    const Instruction *Next = Worklist.pop_back_val();
    if (Next->getDebugLoc())
      return Next;
    for (const User *U : Next->users())
      if (auto *UI = dyn_cast<Instruction>(U); UI && Seen.insert(UI).second)
        Worklist.insert(Worklist.begin(), UI);
  }
  return I;
}

bool KernelEmitter::fail(const Instruction *At, const Twine &Why) {
  if (At)
    At = locatable(At);
  if (!Failed) {
    if (At)
      reportDeviceError(*At, "the Vulkan target cannot express " + Why);
    else
      reportDeviceError(K, "the Vulkan target cannot express " + Why);
  }
  Failed = true;
  return false;
}

SpirvId KernelEmitter::type(Type *Ty) {
  if (Ty->isVoidTy())
    return B.typeVoid();
  if (auto *ST = dyn_cast<StructType>(Ty)) { // cmpxchg's {T, i1}, kept in registers only
    if (SpirvId Known = StructTypes.lookup(ST))
      return Known;
    SmallVector<SpirvId, 2> Members;
    for (Type *Member : ST->elements())
      Members.push_back(type(Member));
    return StructTypes[ST] = B.typeStruct(Members);
  }
  if (Ty->isIntegerTy(1))
    return B.typeBool();
  if (auto *IT = dyn_cast<IntegerType>(Ty)) {
    unsigned Bits = IT->getBitWidth();
    return Bits == 8 || Bits == 16 || Bits == 32 || Bits == 64 ? B.typeInt(Bits) : 0;
  }
  if (Ty->isHalfTy())
    return B.typeFloat(16);
  if (Ty->isFloatTy())
    return B.typeFloat(32);
  if (Ty->isDoubleTy())
    return B.typeFloat(64);
  if (Ty->isPointerTy())
    return B.typeInt(Ty->getPointerAddressSpace() == 3 ? 32 : 64);
  if (auto *VT = dyn_cast<FixedVectorType>(Ty); VT && VT->getNumElements() >= 2 && VT->getNumElements() <= 4)
    return B.typeVector(type(VT->getElementType()), VT->getNumElements());
  return 0;
}

SpirvId KernelEmitter::typeOf(const Value *V) {
  if (!V->getType()->isPointerTy())
    return type(V->getType());
  Space S = spaceOf(V);
  if (S == Space::Unknown)
    S = V->getType()->getPointerAddressSpace() == 3 ? Space::Local : Space::Global;
  return B.typeInt(S == Space::Global ? 64 : 32);
}

bool KernelEmitter::inferSpaces() {
  // Roots, then propagation to a fixpoint (phis may see their inputs late).
  Argument *Functor = K.arg_empty() ? nullptr : K.getArg(0);
  if (Functor)
    Spaces[Functor] = ArgsByAddress ? Space::Global : Space::Args;
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (Instruction &I : instructions(K)) {
      if (!I.getType()->isPointerTy())
        continue;
      Space S = Space::Unknown;
      if (isa<LoadInst>(I) || isa<IntToPtrInst>(I)) {
        S = I.getType()->getPointerAddressSpace() == 3 ? Space::Local : Space::Global;
      } else if (auto *Call = dyn_cast<CallInst>(&I)) {
        Function *Callee = Call->getCalledFunction();
        if (Callee && Callee->getName() == "__sporkle_local_base")
          S = Space::Local;
      } else if (auto *AI = dyn_cast<AllocaInst>(&I)) {
        if (!AI->isStaticAlloca())
          return fail(&I, "a variable-length private array");
        S = Space::Private;
        PrivateRoots[AI] = AI;
      } else {
        // GEP, casts, phi, select, freeze: the operands' space, all the same.
        for (Value *Op : I.operands()) {
          if (!Op->getType()->isPointerTy())
            continue;
          Space OpSpace = Spaces.lookup(Op);
          if (auto *C = dyn_cast<Constant>(Op); C && C->isNullValue())
            continue; // a null pointer fits every space
          if (OpSpace == Space::Unknown)
            continue;
          if (S != Space::Unknown && S != OpSpace)
            return fail(&I, "a pointer that may point to more than one address space (e.g. local or global)");
          S = OpSpace;
          if (const AllocaInst *Root = PrivateRoots.lookup(Op)) {
            const AllocaInst *Known = PrivateRoots.lookup(&I);
            if (Known && Known != Root)
              return fail(&I, "a pointer that may point into different private arrays (not supported yet)");
            PrivateRoots[&I] = Root;
          }
        }
      }
      if (S != Space::Unknown && Spaces.lookup(&I) != S) {
        if (Spaces.lookup(&I) != Space::Unknown)
          return fail(&I, "a pointer that may point to more than one address space (e.g. local or global)");
        Spaces[&I] = S;
        Changed = true;
      }
    }
  }
  return true;
}

SpirvId KernelEmitter::value(Value *V) {
  if (SpirvId Known = Values.lookup(V))
    return Known;
  if (auto *CI = dyn_cast<ConstantInt>(V)) {
    if (CI->getBitWidth() == 1)
      return B.constantBool(CI->isOne());
    return B.constantInt(CI->getBitWidth(), CI->getZExtValue());
  }
  if (auto *CF = dyn_cast<ConstantFP>(V))
    return B.constantFloat(CF->getType()->getPrimitiveSizeInBits(),
                           CF->getValueAPF().bitcastToAPInt().getZExtValue());
  if (isa<ConstantPointerNull>(V))
    return V->getType()->getPointerAddressSpace() == 3 ? u32(0) : u64(0);
  if (isa<UndefValue>(V))
    return B.undef(type(V->getType()));
  if (auto *CV = dyn_cast<ConstantDataVector>(V)) {
    SmallVector<SpirvId, 4> Elements;
    for (unsigned E = 0; E < CV->getNumElements(); ++E)
      Elements.push_back(value(CV->getElementAsConstant(E)));
    return B.constantComposite(type(V->getType()), Elements);
  }
  if (auto *C = dyn_cast<Constant>(V); C && C->isNullValue())
    return B.constantNull(type(V->getType()));
  fail(nullptr, "a constant of this kind (global variables and constant expressions are not supported yet)");
  return B.undef(B.typeInt(32));
}

SpirvId KernelEmitter::headerWord(unsigned Index) {
  SpirvId Ptr = B.op(spv::Op::OpAccessChain, B.typePointer(spv::StorageClass::PushConstant, B.typeInt(32)),
                     {O.PushConstants, u32(0), u32(Index)});
  return B.op(spv::Op::OpLoad, B.typeInt(32), {Ptr});
}

SpirvId KernelEmitter::builtin(StringRef Name, unsigned Dim) {
  SpirvId U32 = B.typeInt(32);
  auto Input = [&](SpirvId Var) {
    SpirvId Vec = B.op(spv::Op::OpLoad, B.typeVector(U32, 3), {Var});
    return B.op(spv::Op::OpCompositeExtract, U32, {Vec, Dim});
  };
  auto LocalSize = [&] { return B.op(spv::Op::OpCompositeExtract, U32, {O.WorkgroupSize, Dim}); };
  SpirvId Result;
  if (Name == "local_id")
    Result = Input(O.LocalInvocationId);
  else if (Name == "group_id")
    Result = Input(O.WorkgroupId);
  else if (Name == "local_size")
    Result = LocalSize();
  else if (Name == "num_groups")
    Result = headerWord(3 + Dim);
  else if (Name == "global_offset")
    Result = headerWord(Dim);
  else if (Name == "global_size")
    Result = B.op(spv::Op::OpIMul, U32, {headerWord(3 + Dim), LocalSize()});
  else if (Name == "global_id") {
    SpirvId Base = B.op(spv::Op::OpIMul, U32, {Input(O.WorkgroupId), LocalSize()});
    SpirvId InGroup = B.op(spv::Op::OpIAdd, U32, {Base, Input(O.LocalInvocationId)});
    Result = B.op(spv::Op::OpIAdd, U32, {InGroup, headerWord(Dim)});
  } else
    return 0;
  return B.op(spv::Op::OpUConvert, B.typeInt(64), {Result});
}

SpirvId KernelEmitter::wordPointer(Space S, SpirvId WordIndex, SpirvId Array) {
  if (S == Space::Private)
    return B.op(spv::Op::OpAccessChain, B.typePointer(spv::StorageClass::Function, B.typeInt(32)),
                {Array, WordIndex});
  if (S == Space::Args)
    return B.op(spv::Op::OpAccessChain, B.typePointer(spv::StorageClass::PushConstant, B.typeInt(32)),
                {O.PushConstants, u32(0), WordIndex});
  return B.op(spv::Op::OpAccessChain, B.typePointer(spv::StorageClass::Workgroup, B.typeInt(32)),
              {O.LocalWords, WordIndex});
}

/// A value of type \p Ty read from 32-bit words at \p ByteOffset (Args: from
/// the start of the argument block; Local: of local memory).
SpirvId KernelEmitter::loadWords(Space S, SpirvId ByteOffset, Type *Ty, const Instruction &At, SpirvId Array,
                                 SpirvId WordIndex) {
  SpirvId U32 = B.typeInt(32);
  if (S == Space::Args)
    ByteOffset = B.op(spv::Op::OpIAdd, U32, {ByteOffset, u32(HeaderWords * 4)});
  SpirvId Word = !WordIndex     ? B.op(spv::Op::OpShiftRightLogical, U32, {ByteOffset, u32(2)})
                 : S == Space::Args ? B.op(spv::Op::OpIAdd, U32, {WordIndex, u32(HeaderWords)})
                                    : WordIndex;
  unsigned Bits = DL.getTypeSizeInBits(Ty);
  auto LoadWord = [&](unsigned K) {
    SpirvId Index = K ? B.op(spv::Op::OpIAdd, U32, {Word, u32(K)}) : Word;
    return B.op(spv::Op::OpLoad, U32, {wordPointer(S, Index, Array)});
  };
  if (Bits < 32 && (Ty->isIntegerTy(8) || Ty->isIntegerTy(16) || Ty->isHalfTy())) {
    SpirvId Shift = B.op(spv::Op::OpShiftLeftLogical, U32,
                         {B.op(spv::Op::OpBitwiseAnd, U32, {ByteOffset, u32(3)}), u32(3)});
    SpirvId Shifted = B.op(spv::Op::OpShiftRightLogical, U32, {LoadWord(0), Shift});
    if (!Ty->isHalfTy())
      return B.op(spv::Op::OpUConvert, type(Ty), {Shifted});
    return B.op(spv::Op::OpBitcast, type(Ty), {B.op(spv::Op::OpUConvert, B.typeInt(16), {Shifted})});
  }
  if (Bits % 32 || Ty->isIntegerTy(1)) {
    fail(&At, "a " + std::to_string(Bits) + "-bit value in the argument block or local memory");
    return B.undef(U32);
  }
  unsigned Words = Bits / 32;
  if (Words == 1)
    return Ty->isIntegerTy(32) ? LoadWord(0) : B.op(spv::Op::OpBitcast, type(Ty), {LoadWord(0)});
  SmallVector<uint32_t, 8> Parts;
  for (unsigned K = 0; K < Words; ++K)
    Parts.push_back(LoadWord(K));
  SpirvId Composite = B.op(spv::Op::OpCompositeConstruct, B.typeVector(U32, Words), Parts);
  return B.op(spv::Op::OpBitcast, type(Ty), {Composite});
}

SpirvId KernelEmitter::byteOffsetGEP(GetElementPtrInst &GEP, bool Wide) {
  unsigned Width = Wide ? 64 : 32;
  SpirvId IntTy = B.typeInt(Width);
  SpirvId Offset = value(GEP.getPointerOperand());
  for (gep_type_iterator GTI = gep_type_begin(GEP), E = gep_type_end(GEP); GTI != E; ++GTI) {
    Value *Index = GTI.getOperand();
    uint64_t Step;
    if (StructType *ST = GTI.getStructTypeOrNull()) {
      Step = DL.getStructLayout(ST)->getElementOffset(cast<ConstantInt>(Index)->getZExtValue());
      if (Step)
        Offset = B.op(spv::Op::OpIAdd, IntTy, {Offset, B.constantInt(Width, Step)});
      continue;
    }
    Step = GTI.getSequentialElementStride(DL).getFixedValue();
    if (auto *C = dyn_cast<ConstantInt>(Index)) {
      if (!C->isZero())
        Offset = B.op(spv::Op::OpIAdd, IntTy, {Offset, B.constantInt(Width, C->getSExtValue() * Step)});
      continue;
    }
    SpirvId I = value(Index);
    unsigned IndexWidth = Index->getType()->getIntegerBitWidth();
    if (IndexWidth != Width)
      I = B.op(IndexWidth < Width ? spv::Op::OpSConvert : spv::Op::OpUConvert, IntTy, {I});
    SpirvId Scaled = Step == 1 ? I : B.op(spv::Op::OpIMul, IntTy, {I, B.constantInt(Width, Step)});
    Offset = B.op(spv::Op::OpIAdd, IntTy, {Offset, Scaled});
  }
  return Offset;
}

/// NVIDIA's driver (580) merged 64-bit OpUDiv/OpUMod by the same constant of
/// different dividends in one loop (two remainders by 192 gave the same
/// value: test/e2e/local_accessor_shapes.cpp), so sporkle divides by 64-bit
/// constants itself, as LLVM's backends do (signed ones too, by the same
/// reasoning): unsigned q = mulhu(x >> pre, magic), plus the add-and-halve
/// fix-up where the magic needs 65 bits, then >> post; signed as in Hacker's
/// Delight 10-1. The high half of a 64 x 64 product comes from four
/// 32 x 32 products.
SpirvId KernelEmitter::mulHighU64(SpirvId N, uint64_t M) {
  SpirvId U64 = B.typeInt(64);
  auto K = [&](uint64_t V) { return B.constantInt(64, V); };
  auto Shr = [&](SpirvId V) { return B.op(spv::Op::OpShiftRightLogical, U64, {V, K(32)}); };
  auto Lo = [&](SpirvId V) { return B.op(spv::Op::OpBitwiseAnd, U64, {V, K(0xffffffffu)}); };
  auto Mul = [&](SpirvId A, SpirvId C) { return B.op(spv::Op::OpIMul, U64, {A, C}); };
  auto Add = [&](SpirvId A, SpirvId C) { return B.op(spv::Op::OpIAdd, U64, {A, C}); };
  SpirvId NL = Lo(N), NH = Shr(N), ML = K(M & 0xffffffffu), MH = K(M >> 32);
  SpirvId LL = Mul(NL, ML), LH = Mul(NL, MH), HL = Mul(NH, ML), HH = Mul(NH, MH);
  SpirvId Mid = Add(Add(Shr(LL), Lo(LH)), Lo(HL));
  return Add(Add(Add(HH, Shr(LH)), Shr(HL)), Shr(Mid));
}

SpirvId KernelEmitter::divideByConstant64(Instruction &I) {
  auto *C = dyn_cast<ConstantInt>(I.getOperand(1));
  if (!C || !I.getType()->isIntegerTy(64))
    return 0;
  SpirvId U64 = B.typeInt(64);
  auto K = [&](uint64_t V) { return B.constantInt(64, V); };
  auto Shr = [&](SpirvId V, unsigned N) { return N ? B.op(spv::Op::OpShiftRightLogical, U64, {V, K(N)}) : V; };
  SpirvId X = value(I.getOperand(0));
  const APInt &D = C->getValue();
  bool Signed = I.getOpcode() == Instruction::SDiv || I.getOpcode() == Instruction::SRem;
  if (!Signed) {
    if (D.ule(1) || D.isPowerOf2())
      return 0;
    UnsignedDivisionByConstantInfo Magic = UnsignedDivisionByConstantInfo::get(D);
    SpirvId Q = mulHighU64(Shr(X, Magic.PreShift), Magic.Magic.getZExtValue());
    if (Magic.IsAdd)
      Q = B.op(spv::Op::OpIAdd, U64, {Shr(B.op(spv::Op::OpISub, U64, {X, Q}), 1), Q});
    return Shr(Q, Magic.PostShift);
  }
  // Signed: the high half of x * magic as signed numbers, corrected by
  // x when the magic's sign differs from the divisor's, shifted
  // arithmetically, plus one for a negative quotient (truncation to zero).
  if (D.isZero() || D.isOne() || D.isAllOnes())
    return 0;
  SignedDivisionByConstantInfo Magic = SignedDivisionByConstantInfo::get(D);
  uint64_t M = Magic.Magic.getZExtValue();
  SpirvId Q = mulHighU64(X, M);
  SpirvId Negative = B.op(spv::Op::OpSLessThan, B.typeBool(), {X, K(0)});
  Q = B.op(spv::Op::OpISub, U64, {Q, B.op(spv::Op::OpSelect, U64, {Negative, K(M), K(0)})});
  if (Magic.Magic.isNegative())
    Q = B.op(spv::Op::OpISub, U64, {Q, X});
  if (D.isStrictlyPositive() && Magic.Magic.isNegative())
    Q = B.op(spv::Op::OpIAdd, U64, {Q, X});
  if (D.isNegative() && Magic.Magic.isStrictlyPositive())
    Q = B.op(spv::Op::OpISub, U64, {Q, X});
  if (Magic.ShiftAmount)
    Q = B.op(spv::Op::OpShiftRightArithmetic, U64, {Q, K(Magic.ShiftAmount)});
  return B.op(spv::Op::OpIAdd, U64, {Q, Shr(Q, 63)});
}

SpirvId KernelEmitter::wordsIn(Value *Bytes, unsigned Depth) {
  SpirvId U32 = B.typeInt(32);
  if (auto *C = dyn_cast<ConstantInt>(Bytes))
    return C->getSExtValue() % 4 ? 0 : u32(uint32_t(C->getSExtValue() / 4));
  auto *I = dyn_cast<Instruction>(Bytes);
  if (!I || Depth > 4 || !I->getType()->isIntegerTy())
    return 0;
  auto As32 = [&](Value *V) {
    SpirvId Id = value(V);
    unsigned Width = V->getType()->getIntegerBitWidth();
    return Width == 32 ? Id : B.op(Width < 32 ? spv::Op::OpSConvert : spv::Op::OpUConvert, U32, {Id});
  };
  switch (I->getOpcode()) {
  case Instruction::Mul:
    for (unsigned K = 0; K < 2; ++K)
      if (auto *C = dyn_cast<ConstantInt>(I->getOperand(K)); C && C->getSExtValue() % 4 == 0) {
        SpirvId X = As32(I->getOperand(1 - K));
        int64_t Factor = C->getSExtValue() / 4;
        return Factor == 1 ? X : B.op(spv::Op::OpIMul, U32, {X, u32(uint32_t(Factor))});
      }
    return 0;
  case Instruction::Shl:
    if (auto *C = dyn_cast<ConstantInt>(I->getOperand(1)); C && C->getZExtValue() >= 2 && C->getZExtValue() < 34) {
      SpirvId X = As32(I->getOperand(0));
      return C->getZExtValue() == 2 ? X : B.op(spv::Op::OpShiftLeftLogical, U32, {X, u32(uint32_t(C->getZExtValue() - 2))});
    }
    return 0;
  case Instruction::Add:
  case Instruction::Sub: {
    SpirvId L = wordsIn(I->getOperand(0), Depth + 1);
    SpirvId R = L ? wordsIn(I->getOperand(1), Depth + 1) : 0;
    if (!R)
      return 0;
    return B.op(I->getOpcode() == Instruction::Add ? spv::Op::OpIAdd : spv::Op::OpISub, U32, {L, R});
  }
  case Instruction::SExt:
  case Instruction::ZExt:
  case Instruction::Trunc:
    return wordsIn(I->getOperand(0), Depth + 1);
  default:
    return 0;
  }
}

void KernelEmitter::recordWordIndex(Instruction &Ptr) {
  Space S = spaceOf(&Ptr);
  if (S != Space::Local && S != Space::Private && S != Space::Args)
    return;
  SpirvId U32 = B.typeInt(32);
  auto Shifted = [&] { return B.op(spv::Op::OpShiftRightLogical, U32, {value(&Ptr), u32(2)}); };
  if (isa<AllocaInst>(Ptr)) {
    WordIndices[&Ptr] = u32(0);
    return;
  }
  if (isa<CastInst>(Ptr) || isa<FreezeInst>(Ptr)) {
    SpirvId Known = WordIndices.lookup(Ptr.getOperand(0));
    WordIndices[&Ptr] = Known ? Known : Shifted();
    return;
  }
  auto *GEP = dyn_cast<GetElementPtrInst>(&Ptr);
  if (!GEP) {
    WordIndices[&Ptr] = Shifted();
    return;
  }
  SpirvId Word = WordIndices.lookup(GEP->getPointerOperand());
  if (!Word)
    Word = B.op(spv::Op::OpShiftRightLogical, U32, {value(GEP->getPointerOperand()), u32(2)});
  for (gep_type_iterator GTI = gep_type_begin(*GEP), E = gep_type_end(*GEP); GTI != E; ++GTI) {
    // This index's share of the offset in whole words; 0: not derivable.
    Value *Index = GTI.getOperand();
    SpirvId Words = 0;
    if (StructType *ST = GTI.getStructTypeOrNull()) {
      uint64_t Bytes = DL.getStructLayout(ST)->getElementOffset(cast<ConstantInt>(Index)->getZExtValue());
      if (Bytes == 0)
        continue;
      Words = Bytes % 4 ? 0 : u32(uint32_t(Bytes / 4));
    } else if (uint64_t Step = GTI.getSequentialElementStride(DL).getFixedValue(); auto *C = dyn_cast<ConstantInt>(Index)) {
      int64_t Bytes = C->getSExtValue() * int64_t(Step);
      if (Bytes == 0)
        continue;
      Words = Bytes % 4 ? 0 : u32(uint32_t(Bytes / 4));
    } else if (Step % 4 == 0) {
      unsigned Width = Index->getType()->getIntegerBitWidth();
      SpirvId I = value(Index);
      if (Width != 32)
        I = B.op(Width < 32 ? spv::Op::OpSConvert : spv::Op::OpUConvert, U32, {I});
      Words = Step == 4 ? I : B.op(spv::Op::OpIMul, U32, {I, u32(uint32_t(Step / 4))});
    } else if (Step == 1) {
      Words = wordsIn(Index); // gep i8, p, x*4k (LLVM's canonical form)
    }
    if (!Words) {
      WordIndices[&Ptr] = Shifted();
      return;
    }
    Word = B.op(spv::Op::OpIAdd, U32, {Word, Words});
  }
  WordIndices[&Ptr] = Word;
}

bool KernelEmitter::emitLoad(LoadInst &Load, SpirvId Result) {
  Space S = spaceOf(Load.getPointerOperand());
  Type *Ty = Load.getType();
  if (Load.isAtomic() || Load.isVolatile())
    return fail(&Load, "an atomic or volatile load (not supported yet)");
  if (S == Space::Global) {
    SpirvId Ptr = B.op(spv::Op::OpConvertUToPtr, B.typePointer(spv::StorageClass::PhysicalStorageBuffer, type(Ty)),
                       {value(Load.getPointerOperand())});
    B.opWithId(spv::Op::OpLoad, type(Ty), Result,
               {Ptr, static_cast<uint32_t>(spv::MemoryAccessMask::Aligned), static_cast<uint32_t>(Load.getAlign().value())});
    return true;
  }
  if (S == Space::Args || S == Space::Local || S == Space::Private) {
    SpirvId Loaded = loadWords(S, value(Load.getPointerOperand()), Ty, Load,
                               S == Space::Private ? privateArrayOf(Load.getPointerOperand()) : 0,
                               WordIndices.lookup(Load.getPointerOperand()));
    if (auto It = LaunchLoads.find(&Load); It != LaunchLoads.end()) {
      // 32-bit constants (drivers handle those best; the runtime specializes
      // only values below 2^32), widened for a 64-bit field.
      SpirvId Constant = launchConstant(It->second);
      if (Ty->getIntegerBitWidth() == 64)
        Constant = B.op(spv::Op::OpUConvert, B.typeInt(64), {Constant});
      B.opWithId(spv::Op::OpSelect, typeOf(&Load), Result, {O.LaunchSpecialized, Constant, Loaded});
      return !Failed;
    }
    B.opWithId(spv::Op::OpCopyObject, typeOf(&Load), Result, {Loaded});
    return !Failed;
  }
  return fail(&Load, "a load through a pointer of unknown address space");
}

void KernelEmitter::storeWords(Space S, SpirvId ByteOffset, Value *V, SpirvId Array, SpirvId WordIndex) {
  SpirvId U32 = B.typeInt(32);
  Type *Ty = V->getType();
  unsigned Bits = DL.getTypeSizeInBits(Ty);
  SpirvId Word = WordIndex ? WordIndex : B.op(spv::Op::OpShiftRightLogical, U32, {ByteOffset, u32(2)});
  if (Bits < 32) {
    SpirvId Pointer = wordPointer(S, Word, Array);
    SpirvId Shift = B.op(spv::Op::OpShiftLeftLogical, U32, {B.op(spv::Op::OpBitwiseAnd, U32, {ByteOffset, u32(3)}), u32(3)});
    SpirvId Mask = B.op(spv::Op::OpShiftLeftLogical, U32, {u32((1u << Bits) - 1), Shift});
    SpirvId Narrow = Ty->isHalfTy() ? B.op(spv::Op::OpBitcast, B.typeInt(16), {value(V)}) : value(V);
    if (S == Space::Local) {
      // Other work-items may store the word's other bytes at the same time:
      // clear ours and set it with two relaxed atomics on the word (a data-
      // race-free program reads our byte only after a barrier).
      SpirvId Scope = u32(static_cast<uint32_t>(spv::Scope::Workgroup)), Relaxed = u32(0);
      B.op(spv::Op::OpAtomicAnd, U32, {Pointer, Scope, Relaxed, B.op(spv::Op::OpNot, U32, {Mask})});
      B.op(spv::Op::OpAtomicOr, U32,
           {Pointer, Scope, Relaxed, B.op(spv::Op::OpShiftLeftLogical, U32, {B.op(spv::Op::OpUConvert, U32, {Narrow}), Shift})});
      return;
    }
    // Private memory: a read-modify-write of the word that holds it.
    SpirvId Old = B.op(spv::Op::OpLoad, U32, {Pointer});
    SpirvId Kept = B.op(spv::Op::OpBitwiseAnd, U32, {Old, B.op(spv::Op::OpNot, U32, {Mask})});
    SpirvId New = B.op(spv::Op::OpShiftLeftLogical, U32, {B.op(spv::Op::OpUConvert, U32, {Narrow}), Shift});
    B.opVoid(spv::Op::OpStore, {Pointer, B.op(spv::Op::OpBitwiseOr, U32, {Kept, New})});
    return;
  }
  unsigned Words = Bits / 32;
  SpirvId AsWords = Words == 1 ? (Ty->isIntegerTy(32) ? value(V) : B.op(spv::Op::OpBitcast, U32, {value(V)}))
                               : B.op(spv::Op::OpBitcast, B.typeVector(U32, Words), {value(V)});
  for (unsigned K = 0; K < Words; ++K) {
    SpirvId Part = Words == 1 ? AsWords : B.op(spv::Op::OpCompositeExtract, U32, {AsWords, K});
    SpirvId Index = K ? B.op(spv::Op::OpIAdd, U32, {Word, u32(K)}) : Word;
    B.opVoid(spv::Op::OpStore, {wordPointer(S, Index, Array), Part});
  }
}

bool KernelEmitter::emitStore(StoreInst &Store) {
  Space S = spaceOf(Store.getPointerOperand());
  Value *V = Store.getValueOperand();
  Type *Ty = V->getType();
  if (Store.isAtomic() || Store.isVolatile())
    return fail(&Store, "an atomic or volatile store (not supported yet)");
  if (S == Space::Global) {
    SpirvId Ptr = B.op(spv::Op::OpConvertUToPtr, B.typePointer(spv::StorageClass::PhysicalStorageBuffer, type(Ty)),
                       {value(Store.getPointerOperand())});
    B.opVoid(spv::Op::OpStore, {Ptr, value(V), static_cast<uint32_t>(spv::MemoryAccessMask::Aligned),
                                static_cast<uint32_t>(Store.getAlign().value())});
    return true;
  }
  if (S == Space::Local || S == Space::Private) {
    unsigned Bits = DL.getTypeSizeInBits(Ty);
    bool SubWord = Ty->isIntegerTy(8) || Ty->isIntegerTy(16) || Ty->isHalfTy();
    if ((Bits % 32 && !SubWord) || Ty->isIntegerTy(1))
      return fail(&Store, "a store of a " + Twine(Bits) + "-bit value to local or private memory");
    storeWords(S, value(Store.getPointerOperand()), V,
               S == Space::Private ? privateArrayOf(Store.getPointerOperand()) : 0,
               WordIndices.lookup(Store.getPointerOperand()));
    return true;
  }
  if (S == Space::Args)
    return fail(&Store, "a store to the kernel's argument block (kernels are const)");
  return fail(&Store, "a store through a pointer of unknown address space");
}

uint32_t KernelEmitter::atomicSemantics(AtomicOrdering Ordering, Space S) {
  if (Ordering == AtomicOrdering::Monotonic || Ordering == AtomicOrdering::Unordered)
    return static_cast<uint32_t>(spv::MemorySemanticsMask::MaskNone);
  uint32_t Order = Ordering == AtomicOrdering::Acquire   ? static_cast<uint32_t>(spv::MemorySemanticsMask::Acquire)
                   : Ordering == AtomicOrdering::Release ? static_cast<uint32_t>(spv::MemorySemanticsMask::Release)
                                                          : static_cast<uint32_t>(spv::MemorySemanticsMask::AcquireRelease);
  return Order | static_cast<uint32_t>(S == Space::Local ? spv::MemorySemanticsMask::WorkgroupMemory
                                                         : spv::MemorySemanticsMask::UniformMemory);
}

SpirvId KernelEmitter::atomicPointer(Value *Ptr, Type *Ty, const Instruction &At) {
  Space S = spaceOf(Ptr);
  if (S == Space::Global) {
    if (Ty->isIntegerTy(64))
      B.capability(spv::Capability::Int64Atomics);
    return B.op(spv::Op::OpConvertUToPtr, B.typePointer(spv::StorageClass::PhysicalStorageBuffer, type(Ty)),
                {value(Ptr)});
  }
  if (S == Space::Local && DL.getTypeSizeInBits(Ty) == 32 && Ty->isIntegerTy()) {
    SpirvId Word = WordIndices.lookup(Ptr);
    if (!Word)
      Word = B.op(spv::Op::OpShiftRightLogical, B.typeInt(32), {value(Ptr), u32(2)});
    return wordPointer(S, Word);
  }
  fail(&At, S == Space::Local ? "an atomic on local memory that is not a 32-bit integer (not supported yet)"
                              : "an atomic through a pointer of unknown address space");
  return 0;
}

bool KernelEmitter::emitAtomic(Instruction &I, SpirvId Result) {
  Value *Ptr = getLoadStorePointerOperand(&I) ? getLoadStorePointerOperand(&I) : I.getOperand(0);
  Space S = spaceOf(Ptr);
  uint32_t Scope = u32(static_cast<uint32_t>(S == Space::Local ? spv::Scope::Workgroup : spv::Scope::Device));
  if (auto *CmpXchg = dyn_cast<AtomicCmpXchgInst>(&I)) {
    Type *Ty = CmpXchg->getCompareOperand()->getType();
    if (!Ty->isIntegerTy())
      return fail(&I, "a compare-exchange on a non-integer value (not supported yet)");
    SpirvId P = atomicPointer(CmpXchg->getPointerOperand(), Ty, I);
    if (!P)
      return false;
    SpirvId Expected = value(CmpXchg->getCompareOperand());
    SpirvId Old = B.op(spv::Op::OpAtomicCompareExchange, type(Ty),
                       {P, Scope, u32(atomicSemantics(CmpXchg->getSuccessOrdering(), S)),
                        u32(atomicSemantics(CmpXchg->getFailureOrdering(), S)), value(CmpXchg->getNewValOperand()),
                        Expected});
    SpirvId Success = B.op(spv::Op::OpIEqual, B.typeBool(), {Old, Expected});
    B.opWithId(spv::Op::OpCompositeConstruct, type(I.getType()), Result, {Old, Success});
    return true;
  }
  auto &RMW = cast<AtomicRMWInst>(I);
  Type *Ty = RMW.getType();
  using Op = AtomicRMWInst::BinOp;
  spv::Op Opcode;
  switch (RMW.getOperation()) {
  case Op::Add: Opcode = spv::Op::OpAtomicIAdd; break;
  case Op::Sub: Opcode = spv::Op::OpAtomicISub; break;
  case Op::And: Opcode = spv::Op::OpAtomicAnd; break;
  case Op::Or: Opcode = spv::Op::OpAtomicOr; break;
  case Op::Xor: Opcode = spv::Op::OpAtomicXor; break;
  case Op::Xchg: Opcode = spv::Op::OpAtomicExchange; break;
  case Op::Max: Opcode = spv::Op::OpAtomicSMax; break;
  case Op::Min: Opcode = spv::Op::OpAtomicSMin; break;
  case Op::UMax: Opcode = spv::Op::OpAtomicUMax; break;
  case Op::UMin: Opcode = spv::Op::OpAtomicUMin; break;
  case Op::FAdd:
    if (!Ty->isFloatTy() || S != Space::Global)
      return fail(&I, "a floating-point atomic add other than on a float in global memory (not supported yet)");
    B.capability(spv::Capability::AtomicFloat32AddEXT);
    B.extension("SPV_EXT_shader_atomic_float_add");
    Opcode = spv::Op::OpAtomicFAddEXT;
    break;
  default:
    return fail(&I, "this atomic operation (not supported yet)");
  }
  if (Ty->isFloatingPointTy() && Opcode == spv::Op::OpAtomicExchange)
    return fail(&I, "an atomic exchange of a floating-point value (not supported yet)");
  SpirvId P = atomicPointer(RMW.getPointerOperand(), Ty, I);
  if (!P)
    return false;
  B.opWithId(Opcode, type(Ty), Result, {P, Scope, u32(atomicSemantics(RMW.getOrdering(), S)), value(RMW.getValOperand())});
  return true;
}

bool KernelEmitter::emitCall(CallInst &Call, SpirvId Result) {
  Function *Callee = Call.getCalledFunction();
  if (!Callee)
    return fail(&Call, "a call through a function pointer");
  StringRef Name = Callee->getName();
  if (Name.consume_front("__sporkle_")) {
    if (Name == "barrier") {
      auto *Fence = dyn_cast<ConstantInt>(Call.getArgOperand(0));
      uint32_t Semantics = static_cast<uint32_t>(spv::MemorySemanticsMask::AcquireRelease) |
                           static_cast<uint32_t>(spv::MemorySemanticsMask::WorkgroupMemory);
      if (!Fence || (Fence->getZExtValue() & 2))
        Semantics |= static_cast<uint32_t>(spv::MemorySemanticsMask::UniformMemory);
      B.opVoid(spv::Op::OpControlBarrier, {u32(static_cast<uint32_t>(spv::Scope::Workgroup)),
                                           u32(static_cast<uint32_t>(spv::Scope::Workgroup)), u32(Semantics)});
      return true;
    }
    if (Name == "vk_mul_hi_u64" || Name == "vk_mul_hi_s64") {
      SpirvId Ty = type(Call.getType());
      SpirvId Both = B.op(Name == "vk_mul_hi_u64" ? spv::Op::OpUMulExtended : spv::Op::OpSMulExtended,
                          B.typeStruct({Ty, Ty}), {value(Call.getArgOperand(0)), value(Call.getArgOperand(1))});
      B.opWithId(spv::Op::OpCompositeExtract, Ty, Result, {Both, 1});
      return true;
    }
    if (Name == "local_base") {
      B.opWithId(spv::Op::OpCopyObject, B.typeInt(32), Result, {u32(0)});
      WordIndices[&Call] = u32(0);
      return true;
    }
    auto *Dim = dyn_cast<ConstantInt>(Call.getArgOperand(0));
    if (!Dim || Dim->getZExtValue() > 2)
      return fail(&Call, "a work-item builtin with a dimension that is not a constant 0..2");
    SpirvId V = builtin(Name, Dim->getZExtValue());
    if (!V)
      return fail(&Call, "the device builtin '" + Callee->getName() + "'");
    SpirvId Ty = type(Call.getType());
    if (Call.getType()->isIntegerTy(64))
      B.opWithId(spv::Op::OpCopyObject, Ty, Result, {V});
    else
      B.opWithId(spv::Op::OpUConvert, Ty, Result, {V});
    return true;
  }
  // Math: GLSL.std.450. Calls whose precision there is below SYCL's are
  // left only where they allow approximation (afn): VulkanPreciseMath.cpp
  // replaced the others with the precise library.
  static const std::pair<Intrinsic::ID, GLSLstd450> Math[] = {
      {Intrinsic::fabs, GLSLstd450FAbs},   {Intrinsic::sqrt, GLSLstd450Sqrt},   {Intrinsic::floor, GLSLstd450Floor},
      {Intrinsic::ceil, GLSLstd450Ceil},   {Intrinsic::trunc, GLSLstd450Trunc}, {Intrinsic::round, GLSLstd450Round},
      {Intrinsic::rint, GLSLstd450RoundEven}, {Intrinsic::sin, GLSLstd450Sin},  {Intrinsic::cos, GLSLstd450Cos},
      {Intrinsic::tan, GLSLstd450Tan},     {Intrinsic::exp, GLSLstd450Exp},     {Intrinsic::exp2, GLSLstd450Exp2},
      {Intrinsic::log, GLSLstd450Log},     {Intrinsic::log2, GLSLstd450Log2},   {Intrinsic::pow, GLSLstd450Pow},
      {Intrinsic::fma, GLSLstd450Fma},     {Intrinsic::fmuladd, GLSLstd450Fma}, {Intrinsic::minnum, GLSLstd450NMin},
      {Intrinsic::maxnum, GLSLstd450NMax}, {Intrinsic::smin, GLSLstd450SMin},   {Intrinsic::smax, GLSLstd450SMax},
      {Intrinsic::umin, GLSLstd450UMin},   {Intrinsic::umax, GLSLstd450UMax},   {Intrinsic::tanh, GLSLstd450Tanh},
      {Intrinsic::atan2, GLSLstd450Atan2}, {Intrinsic::asin, GLSLstd450Asin},   {Intrinsic::acos, GLSLstd450Acos},
      {Intrinsic::atan, GLSLstd450Atan},   {Intrinsic::sinh, GLSLstd450Sinh},   {Intrinsic::cosh, GLSLstd450Cosh},
  };
  Intrinsic::ID ID = Call.getIntrinsicID();
  // 32-bit bit counting (LowerIntegerIntrinsics.cpp brings other widths to
  // it). FindUMsb and FindILsb give -1 for 0: 31 - (-1) is ctlz's 32, and
  // as unsigned, min(-1, 32) is cttz's.
  if ((ID == Intrinsic::ctpop || ID == Intrinsic::bitreverse || ID == Intrinsic::ctlz || ID == Intrinsic::cttz) &&
      Call.getType()->getScalarType()->isIntegerTy(32)) {
    SpirvId Ty = type(Call.getType()), X = value(Call.getArgOperand(0));
    auto Splat = [&](uint32_t C) { return value(ConstantInt::get(Call.getType(), C)); };
    switch (ID) {
    case Intrinsic::ctpop:
      B.opWithId(spv::Op::OpBitCount, Ty, Result, {X});
      return true;
    case Intrinsic::bitreverse:
      B.opWithId(spv::Op::OpBitReverse, Ty, Result, {X});
      return true;
    case Intrinsic::ctlz: {
      SpirvId Msb = B.op(spv::Op::OpExtInst, Ty, {B.glslStd450(), GLSLstd450FindUMsb, X});
      B.opWithId(spv::Op::OpISub, Ty, Result, {Splat(31), Msb});
      return true;
    }
    default: {
      SpirvId Lsb = B.op(spv::Op::OpExtInst, Ty, {B.glslStd450(), GLSLstd450FindILsb, X});
      B.opWithId(spv::Op::OpExtInst, Ty, Result, {B.glslStd450(), GLSLstd450UMin, Lsb, Splat(32)});
      return true;
    }
    }
  }
  for (auto &[Intrinsic, Glsl] : Math) {
    if (Intrinsic != ID)
      continue;
    SmallVector<uint32_t, 4> Operands{B.glslStd450(), static_cast<uint32_t>(Glsl)};
    for (Value *Arg : Call.args())
      Operands.push_back(value(Arg));
    Type *Scalar = Call.getType()->getScalarType();
    if (ID == Intrinsic::fma && (Scalar->isFloatTy() || Scalar->isDoubleTy()))
      return emitFma(Call, Operands, Result);
    B.opWithId(spv::Op::OpExtInst, type(Call.getType()), Result, Operands);
    // Only a NoContraction Fma is one operation (a fused multiply-add, as
    // sycl::fma requires; half has no exact fallback yet); fmuladd leaves
    // the choice to the driver.
    if (ID == Intrinsic::fma)
      B.decorate(Result, spv::Decoration::NoContraction);
    return true;
  }
  if (auto *II = dyn_cast<IntrinsicInst>(&Call); II && (II->isAssumeLikeIntrinsic() || II->isLifetimeStartOrEnd()))
    return true;
  return fail(&Call, "a call to '" + Name + "'");
}

/// llvm.fma: the driver's Fma (NoContraction: one operation) where its Fma is
/// fused, otherwise an exact emulation (ExactFma.h); the spec constant
/// SPORKLE_VK_SPEC_FUSED_FMA says which, and a driver that fuses folds the
/// emulation away.
bool KernelEmitter::emitFma(CallInst &Call, ArrayRef<uint32_t> Operands, SpirvId Result) {
  SpirvId Ty = type(Call.getType());
  SpirvId Driver = B.op(spv::Op::OpExtInst, Ty, Operands);
  B.decorate(Driver, spv::Decoration::NoContraction);
  auto *VT = dyn_cast<FixedVectorType>(Call.getType());
  SpirvId Exact = emitExactFma(B, Call.getType()->getScalarSizeInBits(), VT ? VT->getNumElements() : 1,
                               Operands[2], Operands[3], Operands[4], Driver);
  if (!O.FusedFma) {
    O.FusedFma = B.specConstantBool(SPORKLE_VK_SPEC_FUSED_FMA, true);
    B.name(O.FusedFma, "sporkle.fused_fma");
  }
  B.opWithId(spv::Op::OpSelect, Ty, Result, {O.FusedFma, Driver, Exact});
  return true;
}

bool KernelEmitter::emitInstruction(Instruction &I) {
  SpirvId Result = Values.lookup(&I);
  SpirvId Ty = I.getType()->isVoidTy() ? 0 : typeOf(&I);
  if (!I.getType()->isVoidTy() && !Ty) {
    if (auto *IT = dyn_cast<IntegerType>(I.getType()->getScalarType()))
      return fail(&I, Twine(IT->getBitWidth()) + "-bit integer arithmetic (SPIR-V integers have 8 to 64 bits; "
                                                  "of 128-bit products only mul_hi's high half is supported)");
    return fail(&I, "a value of type that has no SPIR-V form here");
  }
  auto Binary = [&](spv::Op Opcode) {
    B.opWithId(Opcode, Ty, Result, {value(I.getOperand(0)), value(I.getOperand(1))});
    return true;
  };
  auto Logical = [&](spv::Op Opcode, Value *Other) {
    B.opWithId(Opcode, Ty, Result, {value(I.getOperand(0)), value(Other)});
    return true;
  };
  // Vulkan drivers fuse a multiply into a later add unless told not to; LLVM
  // allows that only where the IR says `contract` (fmuladd is emitted as Fma).
  auto FloatArith = [&](spv::Op Opcode) {
    if (!I.hasAllowContract())
      B.decorate(Result, spv::Decoration::NoContraction);
    return Binary(Opcode);
  };
  // Signed division on signed types, as glslang emits it. The Vulkan
  // environment leaves OpSRem and OpSMod undefined when an operand is
  // negative (without VK_KHR_maintenance8), and NVIDIA's driver does compute
  // an unsigned remainder there, so srem is a - b * (a / b) with OpSDiv, which
  // is defined for every operand C allows.
  auto SignedDivision = [&](bool Remainder) {
    if (SpirvId Q = divideByConstant64(I)) {
      SpirvId S = Remainder ? B.op(spv::Op::OpISub, Ty, {value(I.getOperand(0)), B.op(spv::Op::OpIMul, Ty, {value(I.getOperand(1)), Q})})
                            : Q;
      B.opWithId(spv::Op::OpCopyObject, Ty, Result, {S});
      return true;
    }
    Type *T = I.getType();
    unsigned Width = T->getScalarSizeInBits();
    SpirvId Signed = B.typeInt(Width, /*Signed=*/true);
    if (auto *V = dyn_cast<FixedVectorType>(T))
      Signed = B.typeVector(Signed, V->getNumElements());
    SpirvId L = B.op(spv::Op::OpBitcast, Signed, {value(I.getOperand(0))});
    SpirvId R = B.op(spv::Op::OpBitcast, Signed, {value(I.getOperand(1))});
    SpirvId S = B.op(spv::Op::OpSDiv, Signed, {L, R});
    if (Remainder)
      S = B.op(spv::Op::OpISub, Signed, {L, B.op(spv::Op::OpIMul, Signed, {R, S})});
    B.opWithId(spv::Op::OpBitcast, Ty, Result, {S});
    return true;
  };
  bool IsBool = I.getType()->getScalarType()->isIntegerTy(1);
  switch (I.getOpcode()) {
  case Instruction::Add: return Binary(spv::Op::OpIAdd);
  case Instruction::Sub: return Binary(spv::Op::OpISub);
  case Instruction::Mul: return Binary(spv::Op::OpIMul);
  case Instruction::UDiv:
    if (SpirvId Q = divideByConstant64(I)) {
      B.opWithId(spv::Op::OpCopyObject, Ty, Result, {Q});
      return true;
    }
    return Binary(spv::Op::OpUDiv);
  case Instruction::SDiv: return SignedDivision(/*Remainder=*/false);
  case Instruction::URem:
    if (SpirvId Q = divideByConstant64(I)) {
      SpirvId X = value(I.getOperand(0));
      B.opWithId(spv::Op::OpISub, Ty, Result, {X, B.op(spv::Op::OpIMul, Ty, {value(I.getOperand(1)), Q})});
      return true;
    }
    return Binary(spv::Op::OpUMod);
  case Instruction::SRem: return SignedDivision(/*Remainder=*/true);
  case Instruction::Shl: return Binary(spv::Op::OpShiftLeftLogical);
  case Instruction::LShr: return Binary(spv::Op::OpShiftRightLogical);
  case Instruction::AShr: return Binary(spv::Op::OpShiftRightArithmetic);
  case Instruction::And: return Binary(IsBool ? spv::Op::OpLogicalAnd : spv::Op::OpBitwiseAnd);
  case Instruction::Or: return Binary(IsBool ? spv::Op::OpLogicalOr : spv::Op::OpBitwiseOr);
  case Instruction::Xor: return Binary(IsBool ? spv::Op::OpLogicalNotEqual : spv::Op::OpBitwiseXor);
  case Instruction::FAdd: return FloatArith(spv::Op::OpFAdd);
  case Instruction::FSub: return FloatArith(spv::Op::OpFSub);
  case Instruction::FMul: return FloatArith(spv::Op::OpFMul);
  case Instruction::FDiv: return FloatArith(spv::Op::OpFDiv);
  case Instruction::FRem: return Binary(spv::Op::OpFRem);
  case Instruction::FNeg:
    B.opWithId(spv::Op::OpFNegate, Ty, Result, {value(I.getOperand(0))});
    return true;
  case Instruction::ICmp:
  case Instruction::FCmp: {
    using P = CmpInst::Predicate;
    static const std::pair<P, spv::Op> Ops[] = {
        {P::ICMP_EQ, spv::Op::OpIEqual},           {P::ICMP_NE, spv::Op::OpINotEqual},
        {P::ICMP_UGT, spv::Op::OpUGreaterThan},     {P::ICMP_UGE, spv::Op::OpUGreaterThanEqual},
        {P::ICMP_ULT, spv::Op::OpULessThan},        {P::ICMP_ULE, spv::Op::OpULessThanEqual},
        {P::ICMP_SGT, spv::Op::OpSGreaterThan},     {P::ICMP_SGE, spv::Op::OpSGreaterThanEqual},
        {P::ICMP_SLT, spv::Op::OpSLessThan},        {P::ICMP_SLE, spv::Op::OpSLessThanEqual},
        {P::FCMP_OEQ, spv::Op::OpFOrdEqual},        {P::FCMP_ONE, spv::Op::OpFOrdNotEqual},
        {P::FCMP_OGT, spv::Op::OpFOrdGreaterThan},  {P::FCMP_OGE, spv::Op::OpFOrdGreaterThanEqual},
        {P::FCMP_OLT, spv::Op::OpFOrdLessThan},     {P::FCMP_OLE, spv::Op::OpFOrdLessThanEqual},
        {P::FCMP_UEQ, spv::Op::OpFUnordEqual},      {P::FCMP_UNE, spv::Op::OpFUnordNotEqual},
        {P::FCMP_UGT, spv::Op::OpFUnordGreaterThan}, {P::FCMP_UGE, spv::Op::OpFUnordGreaterThanEqual},
        {P::FCMP_ULT, spv::Op::OpFUnordLessThan},   {P::FCMP_ULE, spv::Op::OpFUnordLessThanEqual},
    };
    P Pred = cast<CmpInst>(I).getPredicate();
    if (Pred == P::FCMP_ORD || Pred == P::FCMP_UNO) {
      // OpOrdered/OpUnordered need the Kernel capability: IsNan on each side.
      SpirvId NanL = B.op(spv::Op::OpIsNan, Ty, {value(I.getOperand(0))});
      SpirvId NanR = B.op(spv::Op::OpIsNan, Ty, {value(I.getOperand(1))});
      SpirvId AnyNan = B.op(spv::Op::OpLogicalOr, Ty, {NanL, NanR});
      if (Pred == P::FCMP_UNO)
        B.opWithId(spv::Op::OpCopyObject, Ty, Result, {AnyNan});
      else
        B.opWithId(spv::Op::OpLogicalNot, Ty, Result, {AnyNan});
      return true;
    }
    if (I.getOperand(0)->getType()->getScalarType()->isIntegerTy(1) && (Pred == P::ICMP_EQ || Pred == P::ICMP_NE))
      return Binary(Pred == P::ICMP_EQ ? spv::Op::OpLogicalEqual : spv::Op::OpLogicalNotEqual);
    for (auto &[Predicate, Opcode] : Ops)
      if (Predicate == Pred)
        return Binary(Opcode);
    return fail(&I, "this comparison");
  }
  case Instruction::Select:
    // `a && b` and `a || b` as LLVM writes them (select keeps b's poison
    // from leaking); SPIR-V has no poison, so the logical ops say it plainly.
    if (I.getType()->getScalarType()->isIntegerTy(1)) {
      if (match(I.getOperand(2), m_Zero()))
        return Logical(spv::Op::OpLogicalAnd, I.getOperand(1));
      if (match(I.getOperand(1), m_One()))
        return Logical(spv::Op::OpLogicalOr, I.getOperand(2));
    }
    B.opWithId(spv::Op::OpSelect, Ty, Result,
               {value(I.getOperand(0)), value(I.getOperand(1)), value(I.getOperand(2))});
    return true;
  case Instruction::ZExt:
  case Instruction::SExt:
  case Instruction::Trunc: {
    Value *Src = I.getOperand(0);
    if (Src->getType()->isIntegerTy(1)) {
      uint64_t One = I.getOpcode() == Instruction::SExt ? ~uint64_t(0) : 1;
      unsigned Width = I.getType()->getIntegerBitWidth();
      B.opWithId(spv::Op::OpSelect, Ty, Result,
                 {value(Src), B.constantInt(Width, One), B.constantInt(Width, 0)});
      return true;
    }
    if (I.getType()->isIntegerTy(1)) {
      SpirvId Low = B.op(spv::Op::OpBitwiseAnd, type(Src->getType()),
                         {value(Src), B.constantInt(Src->getType()->getIntegerBitWidth(), 1)});
      B.opWithId(spv::Op::OpINotEqual, Ty, Result, {Low, B.constantInt(Src->getType()->getIntegerBitWidth(), 0)});
      return true;
    }
    B.opWithId(I.getOpcode() == Instruction::SExt ? spv::Op::OpSConvert : spv::Op::OpUConvert, Ty, Result,
               {value(Src)});
    return true;
  }
  case Instruction::FPToUI: B.opWithId(spv::Op::OpConvertFToU, Ty, Result, {value(I.getOperand(0))}); return true;
  case Instruction::FPToSI: B.opWithId(spv::Op::OpConvertFToS, Ty, Result, {value(I.getOperand(0))}); return true;
  case Instruction::UIToFP:
  case Instruction::SIToFP: {
    bool Signed = I.getOpcode() == Instruction::SIToFP;
    if (I.getOperand(0)->getType()->getScalarType()->isIntegerTy(1)) {
      // SPIR-V converts integers only; a bool is 1 (-1 when signed) or 0.
      Constant *True = ConstantFP::get(I.getType(), Signed ? -1.0 : 1.0);
      B.opWithId(spv::Op::OpSelect, Ty, Result,
                 {value(I.getOperand(0)), value(True), value(Constant::getNullValue(I.getType()))});
      return true;
    }
    B.opWithId(Signed ? spv::Op::OpConvertSToF : spv::Op::OpConvertUToF, Ty, Result, {value(I.getOperand(0))});
    return true;
  }
  case Instruction::FPExt:
  case Instruction::FPTrunc: B.opWithId(spv::Op::OpFConvert, Ty, Result, {value(I.getOperand(0))}); return true;
  case Instruction::BitCast:
  case Instruction::AddrSpaceCast:
  case Instruction::PtrToInt:
  case Instruction::IntToPtr:
  case Instruction::Freeze: {
    SpirvId Src = value(I.getOperand(0));
    SpirvId SrcTy = typeOf(I.getOperand(0));
    if (SrcTy == Ty)
      B.opWithId(spv::Op::OpCopyObject, Ty, Result, {Src});
    else if (I.getType()->isIntegerTy() && I.getOperand(0)->getType()->isPointerTy())
      B.opWithId(spv::Op::OpUConvert, Ty, Result, {Src});
    else if (I.getType()->isPointerTy() && I.getOperand(0)->getType()->isIntegerTy())
      B.opWithId(spv::Op::OpUConvert, Ty, Result, {Src});
    else if (I.getType()->isPointerTy())
      return fail(&I, "a cast between pointers of different sizes");
    else
      B.opWithId(spv::Op::OpBitcast, Ty, Result, {Src});
    if (I.getType()->isPointerTy())
      recordWordIndex(I);
    return true;
  }
  case Instruction::GetElementPtr: {
    Space S = spaceOf(&I);
    SpirvId Offset = byteOffsetGEP(cast<GetElementPtrInst>(I), S == Space::Global);
    B.opWithId(spv::Op::OpCopyObject, Ty, Result, {Offset});
    recordWordIndex(I);
    return true;
  }
  case Instruction::ExtractElement:
    if (auto *C = dyn_cast<ConstantInt>(I.getOperand(1))) {
      B.opWithId(spv::Op::OpCompositeExtract, Ty, Result, {value(I.getOperand(0)), static_cast<uint32_t>(C->getZExtValue())});
      return true;
    }
    B.opWithId(spv::Op::OpVectorExtractDynamic, Ty, Result, {value(I.getOperand(0)), value(I.getOperand(1))});
    return true;
  case Instruction::InsertElement:
    if (auto *C = dyn_cast<ConstantInt>(I.getOperand(2))) {
      B.opWithId(spv::Op::OpCompositeInsert, Ty, Result,
                 {value(I.getOperand(1)), value(I.getOperand(0)), static_cast<uint32_t>(C->getZExtValue())});
      return true;
    }
    B.opWithId(spv::Op::OpVectorInsertDynamic, Ty, Result,
               {value(I.getOperand(0)), value(I.getOperand(1)), value(I.getOperand(2))});
    return true;
  case Instruction::ShuffleVector: {
    SmallVector<uint32_t, 8> Operands{value(I.getOperand(0)), value(I.getOperand(1))};
    for (int Element : cast<ShuffleVectorInst>(I).getShuffleMask())
      Operands.push_back(Element < 0 ? 0xFFFFFFFFu : static_cast<uint32_t>(Element));
    B.opWithId(spv::Op::OpVectorShuffle, Ty, Result, Operands);
    return true;
  }
  case Instruction::Alloca: // a private array starts at byte 0 of its own variable
    B.opWithId(spv::Op::OpCopyObject, Ty, Result, {u32(0)});
    recordWordIndex(I);
    return true;
  case Instruction::Load:
    return emitLoad(cast<LoadInst>(I), Result);
  case Instruction::AtomicRMW:
  case Instruction::AtomicCmpXchg:
    return emitAtomic(I, Result);
  case Instruction::ExtractValue: {
    SmallVector<uint32_t, 4> Operands{value(I.getOperand(0))};
    for (unsigned Index : cast<ExtractValueInst>(I).indices())
      Operands.push_back(Index);
    B.opWithId(spv::Op::OpCompositeExtract, Ty, Result, Operands);
    return true;
  }
  case Instruction::Fence:
    B.opVoid(spv::Op::OpMemoryBarrier,
             {u32(static_cast<uint32_t>(spv::Scope::Device)),
              u32(atomicSemantics(cast<FenceInst>(I).getOrdering(), Space::Global) |
                  static_cast<uint32_t>(spv::MemorySemanticsMask::WorkgroupMemory))});
    return true;
  case Instruction::Store:
    return emitStore(cast<StoreInst>(I));
  case Instruction::Call:
    return emitCall(cast<CallInst>(I), Result);
  case Instruction::PHI: {
    auto &Phi = cast<PHINode>(I);
    SmallVector<uint32_t, 8> Operands;
    for (unsigned K = 0; K < Phi.getNumIncomingValues(); ++K) {
      // An undefined pointer takes the phi's form (a 32-bit offset for
      // local memory), which its own type cannot tell.
      Value *In = Phi.getIncomingValue(K);
      Operands.push_back(isa<UndefValue>(In) ? B.undef(Ty) : value(In));
      Operands.push_back(Labels.lookup(Phi.getIncomingBlock(K)));
    }
    B.opWithId(spv::Op::OpPhi, Ty, Result, Operands);
    return true;
  }
  default:
    return fail(&I, std::string("the instruction '") + I.getOpcodeName() + "' (not supported yet)");
  }
}

bool KernelEmitter::emitTerminator(BasicBlock &BB) {
  Instruction *Term = BB.getTerminator();
  if (auto It = Regions.Loops.find(&BB); It != Regions.Loops.end())
    B.opVoid(spv::Op::OpLoopMerge, {Labels.lookup(It->second.Merge), Labels.lookup(It->second.Continue),
                                    static_cast<uint32_t>(spv::LoopControlMask::MaskNone)});
  if (auto *Br = dyn_cast<BranchInst>(Term)) {
    if (Br->isUnconditional()) {
      B.opVoid(spv::Op::OpBranch, {Labels.lookup(Br->getSuccessor(0))});
      return true;
    }
    if (auto It = Regions.Selections.find(&BB); It != Regions.Selections.end())
      B.opVoid(spv::Op::OpSelectionMerge,
               {Labels.lookup(It->second), static_cast<uint32_t>(spv::SelectionControlMask::MaskNone)});
    B.opVoid(spv::Op::OpBranchConditional, {value(Br->getCondition()), Labels.lookup(Br->getSuccessor(0)),
                                            Labels.lookup(Br->getSuccessor(1))});
    return true;
  }
  if (isa<ReturnInst>(Term)) {
    B.opVoid(spv::Op::OpReturn, {});
    return true;
  }
  if (isa<UnreachableInst>(Term)) {
    B.opVoid(spv::Op::OpUnreachable, {});
    return true;
  }
  return fail(Term, std::string("the terminator '") + Term->getOpcodeName() + "'");
}

/// Local accessors carry their offset into local memory and their range in
/// the argument block, so a driver sees run-time strides and bases and can
/// neither fold offsets into its shared-memory instructions nor merge
/// neighbouring elements into vector loads. Argument-block integers used for
/// nothing but local addresses become launch constants: the runtime may pass
/// their values as specialization constants (a pipeline per set of values,
/// which are stable for local accessors), and the kernel selects them when
/// SPORKLE_VK_SPEC_LAUNCH_CONSTANTS says so; otherwise it reads the push
/// constants as before.
void KernelEmitter::findLaunchConstants(SpirvKernelInfo &Info) {
  constexpr unsigned MaxLaunchConstants = 8;
  if (ArgsByAddress || K.arg_empty())
    return;
  for (Instruction &I : instructions(K)) {
    auto *Load = dyn_cast<LoadInst>(&I);
    if (!Load || spaceOf(Load->getPointerOperand()) != Space::Args)
      continue;
    unsigned Bits = Load->getType()->isIntegerTy() ? Load->getType()->getIntegerBitWidth() : 0;
    if (Bits != 32 && Bits != 64)
      continue;
    APInt Offset(DL.getIndexTypeSizeInBits(Load->getPointerOperand()->getType()), 0);
    const Value *Base = Load->getPointerOperand()->stripAndAccumulateConstantOffsets(DL, Offset, true);
    SmallPtrSet<const Value *, 16> Seen;
    if (Base != K.getArg(0) || Offset.isNegative() || !addressesLocalMemoryOnly(Load, Seen))
      continue;
    std::pair<uint32_t, uint32_t> Field{uint32_t(Offset.getZExtValue()), Bits / 8};
    auto Known = llvm::find(Info.LaunchConstants, Field);
    if (Known == Info.LaunchConstants.end() && Info.LaunchConstants.size() == MaxLaunchConstants)
      continue;
    LaunchLoads[Load] = Known - Info.LaunchConstants.begin();
    if (Known == Info.LaunchConstants.end())
      Info.LaunchConstants.push_back(Field);
  }
}

bool KernelEmitter::addressesLocalMemoryOnly(const Value *V, SmallPtrSetImpl<const Value *> &Seen) const {
  if (!Seen.insert(V).second)
    return true; // (a phi cycle: its other users are being checked)
  if (Seen.size() > 64 || V->use_empty())
    return false;
  for (const User *U : V->users()) {
    auto *I = dyn_cast<Instruction>(U);
    if (!I)
      return false;
    if (auto *GEP = dyn_cast<GetElementPtrInst>(I)) {
      if (GEP->getPointerOperand() == V || spaceOf(GEP) != Space::Local)
        return false;
      continue;
    }
    switch (I->getOpcode()) {
    case Instruction::IntToPtr:
      if (spaceOf(I) != Space::Local)
        return false;
      continue;
    case Instruction::Select:
      if (I->getOperand(0) == V)
        return false;
      [[fallthrough]];
    case Instruction::PHI: // (structured control flow merges values)
    case Instruction::Add:
    case Instruction::Sub:
    case Instruction::Mul:
    case Instruction::Shl:
    case Instruction::ZExt:
    case Instruction::SExt:
    case Instruction::Trunc:
      if (!addressesLocalMemoryOnly(I, Seen))
        return false;
      continue;
    default:
      return false;
    }
  }
  return true;
}

SpirvId KernelEmitter::launchConstant(unsigned Index) {
  if (!O.LaunchSpecialized) {
    O.LaunchSpecialized = B.specConstantBool(SPORKLE_VK_SPEC_LAUNCH_CONSTANTS, false);
    B.name(O.LaunchSpecialized, "sporkle.launch_constants");
  }
  while (O.LaunchConstants.size() <= Index)
    O.LaunchConstants.push_back(B.specConstantU32(SPORKLE_VK_SPEC_LAUNCH_CONSTANT_BASE + O.LaunchConstants.size(), 0));
  return O.LaunchConstants[Index];
}

bool KernelEmitter::run(SpirvKernelInfo &Info) {
  Info.Name = K.getName().str();
  Info.EntryName = K.getName().str();
  if (K.arg_size() == 1 && K.getArg(0)->hasByValAttr())
    Info.ArgsSize = DL.getTypeAllocSize(K.getArg(0)->getParamByValType()).getFixedValue();
  else if (!K.arg_empty())
    return fail(nullptr, "a kernel that does not take its functor by value");
  ArgsByAddress = Info.ArgsSize > SPORKLE_VK_MAX_INLINE_ARGS;
  if (ArgsByAddress)
    Info.Flags |= SPORKLE_KERNEL_ARGS_BY_ADDRESS;

  Regions = structureControlFlow(K);
  if (!Regions.Error.empty())
    return fail(K.getEntryBlock().getTerminator(), Regions.Error);
  if (!inferSpaces())
    return false;
  findLaunchConstants(Info);

  SpirvId Entry = B.newId();
  B.name(Entry, K.getName());
  for (BasicBlock &BB : K) {
    Labels[&BB] = B.newId();
    for (Instruction &I : BB)
      if (!I.getType()->isVoidTy())
        Values[&I] = B.newId();
  }
  B.beginFunction(Entry, B.typeVoid(), B.typeFunction(B.typeVoid(), {}));
  ReversePostOrderTraversal<Function *> RPOT(&K);
  bool First = true;
  for (BasicBlock *BB : RPOT) {
    B.label(Labels.lookup(BB));
    if (First) {
      // Private arrays: Function variables of 32-bit words, declared first.
      for (Instruction &I : K.getEntryBlock())
        if (auto *AI = dyn_cast<AllocaInst>(&I)) {
          uint64_t Bytes = AI->getAllocationSize(DL).value_or(TypeSize::getFixed(4)).getFixedValue();
          SpirvId Array = B.typeArray(B.typeInt(32), u32(std::max<uint64_t>(1, (Bytes + 3) / 4)));
          SpirvId Var = B.op(spv::Op::OpVariable, B.typePointer(spv::StorageClass::Function, Array),
                             {static_cast<uint32_t>(spv::StorageClass::Function)});
          PrivateArrays[AI] = Var;
        }
    }
    if (First && !K.arg_empty()) {
      // The functor: inline in the push constants (byte offsets from 0), or
      // their address right after the header.
      Values[K.getArg(0)] = ArgsByAddress
                                ? B.op(spv::Op::OpBitcast, B.typeInt(64),
                                       {B.op(spv::Op::OpCompositeConstruct, B.typeVector(B.typeInt(32), 2),
                                             {headerWord(HeaderWords), headerWord(HeaderWords + 1)})})
                                : u32(0);
      if (!ArgsByAddress)
        WordIndices[K.getArg(0)] = u32(0);
    }
    First = false;
    for (Instruction &I : *BB)
      if (!I.isTerminator() && !emitInstruction(I))
        return false;
    if (!emitTerminator(*BB))
      return false;
  }
  B.endFunction();
  B.entryPoint(Entry, Info.EntryName, {O.PushConstants, O.WorkgroupId, O.LocalInvocationId, O.LocalWords});
  B.executionModeId(Entry, spv::ExecutionMode::LocalSize, {1, 1, 1});
  return !Failed;
}

void createModuleObjects(SpirvBuilder &B, ModuleObjects &O) {
  B.capability(spv::Capability::Shader);
  B.capability(spv::Capability::PhysicalStorageBufferAddresses);
  B.capability(spv::Capability::Int64);
  B.memoryModel(spv::AddressingModel::PhysicalStorageBuffer64, spv::MemoryModel::GLSL450);
  SpirvId U32 = B.typeInt(32);
  SpirvId UVec3 = B.typeVector(U32, 3);

  SpirvId Words = B.typeArray(U32, B.constantInt(32, SPORKLE_VK_PUSH_CONSTANT_BYTES / 4));
  B.decorate(Words, spv::Decoration::ArrayStride, {4});
  O.PushStruct = B.typeStruct({Words});
  B.decorate(O.PushStruct, spv::Decoration::Block);
  B.memberDecorate(O.PushStruct, 0, spv::Decoration::Offset, {0});
  O.PushConstants = B.globalVariable(B.typePointer(spv::StorageClass::PushConstant, O.PushStruct),
                                     spv::StorageClass::PushConstant);
  B.name(O.PushConstants, "sporkle.push");

  O.WorkgroupId = B.globalVariable(B.typePointer(spv::StorageClass::Input, UVec3), spv::StorageClass::Input);
  B.decorate(O.WorkgroupId, spv::Decoration::BuiltIn, {static_cast<uint32_t>(spv::BuiltIn::WorkgroupId)});
  O.LocalInvocationId = B.globalVariable(B.typePointer(spv::StorageClass::Input, UVec3), spv::StorageClass::Input);
  B.decorate(O.LocalInvocationId, spv::Decoration::BuiltIn,
             {static_cast<uint32_t>(spv::BuiltIn::LocalInvocationId)});

  SpirvId Sizes[3];
  for (unsigned D = 0; D < 3; ++D)
    Sizes[D] = B.specConstantU32(SPORKLE_VK_SPEC_LOCAL_SIZE_X + D, 1);
  O.WorkgroupSize = B.specConstantComposite(UVec3, {Sizes[0], Sizes[1], Sizes[2]});
  B.decorate(O.WorkgroupSize, spv::Decoration::BuiltIn, {static_cast<uint32_t>(spv::BuiltIn::WorkgroupSize)});

  SpirvId LocalLength = B.specConstantU32(SPORKLE_VK_SPEC_LOCAL_WORDS, 1);
  SpirvId LocalArray = B.typeArray(U32, LocalLength);
  O.LocalWords = B.globalVariable(B.typePointer(spv::StorageClass::Workgroup, LocalArray),
                                  spv::StorageClass::Workgroup);
  B.name(O.LocalWords, "sporkle.local");
}

} // namespace

Expected<SpirvImage> emitSpirv(Module &M, bool Optimize) {
  if (Error E = usePreciseMath(M))
    return std::move(E);
  lowerMemoryIntrinsics(M);
  cleanUpKernels(M);
  lowerFloatBitIntrinsics(M); // after instcombine, which makes them
  lowerIntegerIntrinsics(M);  // after instcombine, which would remake them
  for (Function &F : M)
    if (!F.isDeclaration())
      splitPointerSelects(F); // last: instcombine would undo it
  DeviceDiagnosticCollector Diagnostics(M.getContext());
  SpirvBuilder B;
  ModuleObjects Objects;
  createModuleObjects(B, Objects);
  SpirvImage Image;
  for (Function &F : M) {
    if (!isKernel(F))
      continue;
    SpirvKernelInfo Info;
    if (KernelEmitter(B, Objects, F).run(Info))
      Image.Kernels.push_back(std::move(Info));
  }
  if (Diagnostics.hasErrors())
    return Diagnostics.takeError();
  if (Image.Kernels.empty())
    return std::move(Image); // no kernels, no module
  Image.Words = B.finish();

  std::string Messages;
  spvtools::SpirvTools Tools(SPV_ENV_VULKAN_1_2);
  Tools.SetMessageConsumer([&](spv_message_level_t, const char *, const spv_position_t &, const char *Message) {
    Messages += std::string(Messages.empty() ? "" : "\n") + Message;
  });
  if (!Tools.Validate(Image.Words)) {
    if (const char *Dump = getenv("SPORKLE_DUMP_INVALID_SPIRV")) {
      std::error_code EC;
      raw_fd_ostream OS(Dump, EC);
      OS.write(reinterpret_cast<const char *>(Image.Words.data()), Image.Words.size() * 4);
    }
    return createStringError(inconvertibleErrorCode(),
                             "error: internal error: the Vulkan target produced invalid SPIR-V:\n" + Messages);
  }

  if (!Optimize)
    return std::move(Image);
  // SPIRV-Tools' performance recipe (the one spirv-opt -O runs): the emitter
  // writes plain code -- every word of the argument block loaded where it is
  // used, copies for renamed values -- and leaves the clean-up to it.
  spvtools::Optimizer Optimizer(SPV_ENV_VULKAN_1_2);
  Optimizer.SetMessageConsumer([&](spv_message_level_t, const char *, const spv_position_t &, const char *Message) {
    Messages += std::string(Messages.empty() ? "" : "\n") + Message;
  });
  Optimizer.RegisterPerformancePasses();
  std::vector<uint32_t> Optimized;
  if (!Optimizer.Run(Image.Words.data(), Image.Words.size(), &Optimized) || !Tools.Validate(Optimized))
    return createStringError(inconvertibleErrorCode(),
                             "error: internal error: SPIRV-Tools' optimizer failed on the Vulkan module:\n" +
                                 Messages);
  Image.Words = std::move(Optimized);
  return std::move(Image);
}

} // namespace sporkle::vulkan
