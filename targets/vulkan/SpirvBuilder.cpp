//===- SpirvBuilder.cpp - a SPIR-V module, word by word -------------------===//
#include "SpirvBuilder.h"

using namespace llvm;

namespace sporkle::vulkan {

SpirvBuilder::SpirvBuilder() = default;

void SpirvBuilder::emit(std::vector<uint32_t> &Section, spv::Op Opcode, ArrayRef<uint32_t> Operands) {
  Section.push_back(static_cast<uint32_t>((Operands.size() + 1) << spv::WordCountShift) |
                    static_cast<uint32_t>(Opcode));
  Section.insert(Section.end(), Operands.begin(), Operands.end());
}

void SpirvBuilder::appendString(std::vector<uint32_t> &Words, StringRef S) {
  // Little-endian bytes in each word, at least one nul, padded with nuls.
  for (size_t I = 0; I <= S.size(); I += 4) {
    uint32_t Word = 0;
    for (size_t B = 0; B < 4 && I + B < S.size(); ++B)
      Word |= static_cast<uint32_t>(static_cast<unsigned char>(S[I + B])) << (8 * B);
    Words.push_back(Word);
  }
}

void SpirvBuilder::capability(spv::Capability C) { Capabilities.insert(static_cast<uint32_t>(C)); }

void SpirvBuilder::extension(StringRef Name) {
  if (!llvm::is_contained(Extensions, Name.str()))
    Extensions.push_back(Name.str());
}

SpirvId SpirvBuilder::glslStd450() {
  if (!GlslStd450)
    GlslStd450 = newId();
  return GlslStd450;
}

void SpirvBuilder::memoryModel(spv::AddressingModel A, spv::MemoryModel M) {
  Addressing = static_cast<uint32_t>(A);
  Memory = static_cast<uint32_t>(M);
}

void SpirvBuilder::entryPoint(SpirvId Function, StringRef Name, ArrayRef<SpirvId> Interface) {
  std::vector<uint32_t> Operands{static_cast<uint32_t>(spv::ExecutionModel::GLCompute), Function};
  appendString(Operands, Name);
  Operands.insert(Operands.end(), Interface.begin(), Interface.end());
  emit(EntryPoints, spv::Op::OpEntryPoint, Operands);
}

void SpirvBuilder::executionModeId(SpirvId Function, spv::ExecutionMode Mode, ArrayRef<uint32_t> Operands) {
  std::vector<uint32_t> All{Function, static_cast<uint32_t>(Mode)};
  All.insert(All.end(), Operands.begin(), Operands.end());
  emit(ExecutionModes, spv::Op::OpExecutionMode, All);
}

void SpirvBuilder::name(SpirvId Id, StringRef Name) {
  std::vector<uint32_t> Operands{Id};
  appendString(Operands, Name);
  emit(Debug, spv::Op::OpName, Operands);
}

void SpirvBuilder::decorate(SpirvId Id, spv::Decoration D, ArrayRef<uint32_t> Operands) {
  std::vector<uint32_t> All{Id, static_cast<uint32_t>(D)};
  All.insert(All.end(), Operands.begin(), Operands.end());
  emit(Annotations, spv::Op::OpDecorate, All);
}

void SpirvBuilder::memberDecorate(SpirvId Struct, uint32_t Member, spv::Decoration D, ArrayRef<uint32_t> Operands) {
  std::vector<uint32_t> All{Struct, Member, static_cast<uint32_t>(D)};
  All.insert(All.end(), Operands.begin(), Operands.end());
  emit(Annotations, spv::Op::OpMemberDecorate, All);
}

SpirvId SpirvBuilder::typeOnce(const std::vector<uint32_t> &Key, spv::Op Opcode, ArrayRef<uint32_t> Operands,
                               bool HasResultType) {
  auto [It, Inserted] = Uniqued.try_emplace(Key, 0);
  if (!Inserted)
    return It->second;
  SpirvId Id = newId();
  It->second = Id;
  std::vector<uint32_t> All;
  if (HasResultType) {
    All.push_back(Operands.front());
    Operands = Operands.drop_front();
  }
  All.push_back(Id);
  All.insert(All.end(), Operands.begin(), Operands.end());
  emit(Globals, Opcode, All);
  return Id;
}

static std::vector<uint32_t> key(spv::Op Opcode, ArrayRef<uint32_t> Operands) {
  std::vector<uint32_t> Key{static_cast<uint32_t>(Opcode)};
  Key.insert(Key.end(), Operands.begin(), Operands.end());
  return Key;
}

SpirvId SpirvBuilder::typeVoid() { return typeOnce(key(spv::Op::OpTypeVoid, {}), spv::Op::OpTypeVoid, {}); }
SpirvId SpirvBuilder::typeBool() { return typeOnce(key(spv::Op::OpTypeBool, {}), spv::Op::OpTypeBool, {}); }

SpirvId SpirvBuilder::typeInt(unsigned Width, bool Signed) {
  if (Width == 8)
    capability(spv::Capability::Int8);
  else if (Width == 16)
    capability(spv::Capability::Int16);
  else if (Width == 64)
    capability(spv::Capability::Int64);
  // Signedness lives in the instructions; integer types are unsigned except
  // around the operations some drivers read the operand type's signedness
  // for (see KernelEmitter's signed operations).
  uint32_t Signedness = Signed ? 1 : 0;
  return typeOnce(key(spv::Op::OpTypeInt, {Width, Signedness}), spv::Op::OpTypeInt, {Width, Signedness});
}

SpirvId SpirvBuilder::typeFloat(unsigned Width) {
  if (Width == 16)
    capability(spv::Capability::Float16);
  else if (Width == 64)
    capability(spv::Capability::Float64);
  return typeOnce(key(spv::Op::OpTypeFloat, {Width}), spv::Op::OpTypeFloat, {Width});
}

SpirvId SpirvBuilder::typeVector(SpirvId Element, unsigned Count) {
  return typeOnce(key(spv::Op::OpTypeVector, {Element, Count}), spv::Op::OpTypeVector, {Element, Count});
}

SpirvId SpirvBuilder::typeArray(SpirvId Element, SpirvId Length) {
  return typeOnce(key(spv::Op::OpTypeArray, {Element, Length}), spv::Op::OpTypeArray, {Element, Length});
}

SpirvId SpirvBuilder::typeStruct(ArrayRef<SpirvId> Members) {
  SpirvId Id = newId();
  std::vector<uint32_t> All{Id};
  All.insert(All.end(), Members.begin(), Members.end());
  emit(Globals, spv::Op::OpTypeStruct, All);
  return Id;
}

SpirvId SpirvBuilder::typePointer(spv::StorageClass Storage, SpirvId Pointee) {
  uint32_t S = static_cast<uint32_t>(Storage);
  return typeOnce(key(spv::Op::OpTypePointer, {S, Pointee}), spv::Op::OpTypePointer, {S, Pointee});
}

SpirvId SpirvBuilder::typeFunction(SpirvId Result, ArrayRef<SpirvId> Params) {
  std::vector<uint32_t> Operands{Result};
  Operands.insert(Operands.end(), Params.begin(), Params.end());
  return typeOnce(key(spv::Op::OpTypeFunction, Operands), spv::Op::OpTypeFunction, Operands);
}

SpirvId SpirvBuilder::constantInt(unsigned Width, uint64_t Value) {
  SpirvId Type = typeInt(Width);
  if (Width < 64)
    Value &= (uint64_t(1) << Width) - 1;
  std::vector<uint32_t> Operands{Type, static_cast<uint32_t>(Value)};
  if (Width == 64)
    Operands.push_back(static_cast<uint32_t>(Value >> 32));
  return typeOnce(key(spv::Op::OpConstant, Operands), spv::Op::OpConstant, Operands, true);
}

SpirvId SpirvBuilder::constantFloat(unsigned Width, uint64_t Bits) {
  SpirvId Type = typeFloat(Width);
  std::vector<uint32_t> Operands{Type, static_cast<uint32_t>(Bits)};
  if (Width == 64)
    Operands.push_back(static_cast<uint32_t>(Bits >> 32));
  return typeOnce(key(spv::Op::OpConstant, Operands), spv::Op::OpConstant, Operands, true);
}

SpirvId SpirvBuilder::constantBool(bool Value) {
  spv::Op Opcode = Value ? spv::Op::OpConstantTrue : spv::Op::OpConstantFalse;
  return typeOnce(key(Opcode, {typeBool()}), Opcode, {typeBool()}, true);
}

SpirvId SpirvBuilder::constantNull(SpirvId Type) {
  return typeOnce(key(spv::Op::OpConstantNull, {Type}), spv::Op::OpConstantNull, {Type}, true);
}

SpirvId SpirvBuilder::constantComposite(SpirvId Type, ArrayRef<SpirvId> Elements) {
  std::vector<uint32_t> Operands{Type};
  Operands.insert(Operands.end(), Elements.begin(), Elements.end());
  return typeOnce(key(spv::Op::OpConstantComposite, Operands), spv::Op::OpConstantComposite, Operands, true);
}

SpirvId SpirvBuilder::specConstantU32(uint32_t SpecId, uint32_t Default) {
  SpirvId Id = newId();
  emit(Globals, spv::Op::OpSpecConstant, {typeInt(32), Id, Default});
  decorate(Id, spv::Decoration::SpecId, {SpecId});
  return Id;
}

SpirvId SpirvBuilder::specConstantBool(uint32_t SpecId, bool Default) {
  SpirvId Id = newId();
  emit(Globals, Default ? spv::Op::OpSpecConstantTrue : spv::Op::OpSpecConstantFalse, {typeBool(), Id});
  decorate(Id, spv::Decoration::SpecId, {SpecId});
  return Id;
}

SpirvId SpirvBuilder::specConstantComposite(SpirvId Type, ArrayRef<SpirvId> Elements) {
  SpirvId Id = newId();
  std::vector<uint32_t> Operands{Type, Id};
  Operands.insert(Operands.end(), Elements.begin(), Elements.end());
  emit(Globals, spv::Op::OpSpecConstantComposite, Operands);
  return Id;
}

SpirvId SpirvBuilder::globalVariable(SpirvId PointerType, spv::StorageClass Storage) {
  SpirvId Id = newId();
  emit(Globals, spv::Op::OpVariable, {PointerType, Id, static_cast<uint32_t>(Storage)});
  return Id;
}

SpirvId SpirvBuilder::undef(SpirvId Type) {
  return typeOnce(key(spv::Op::OpUndef, {Type}), spv::Op::OpUndef, {Type}, true);
}

void SpirvBuilder::beginFunction(SpirvId Function, SpirvId ResultType, SpirvId FunctionType) {
  emit(Functions, spv::Op::OpFunction,
       {ResultType, Function, static_cast<uint32_t>(spv::FunctionControlMask::MaskNone), FunctionType});
}

void SpirvBuilder::label(SpirvId Label) { emit(Functions, spv::Op::OpLabel, {Label}); }

void SpirvBuilder::endFunction() { emit(Functions, spv::Op::OpFunctionEnd, {}); }

SpirvId SpirvBuilder::op(spv::Op Opcode, SpirvId ResultType, ArrayRef<uint32_t> Operands) {
  SpirvId Id = newId();
  opWithId(Opcode, ResultType, Id, Operands);
  return Id;
}

void SpirvBuilder::opWithId(spv::Op Opcode, SpirvId ResultType, SpirvId Result, ArrayRef<uint32_t> Operands) {
  std::vector<uint32_t> All{ResultType, Result};
  All.insert(All.end(), Operands.begin(), Operands.end());
  emit(Functions, Opcode, All);
}

void SpirvBuilder::opVoid(spv::Op Opcode, ArrayRef<uint32_t> Operands) { emit(Functions, Opcode, Operands); }

std::vector<uint32_t> SpirvBuilder::finish() const {
  std::vector<uint32_t> Words{spv::MagicNumber, 0x00010500 /* SPIR-V 1.5 */, 0 /* generator */, NextId, 0};
  for (uint32_t C : Capabilities)
    emit(Words, spv::Op::OpCapability, {C});
  for (const std::string &E : Extensions) {
    std::vector<uint32_t> Operands;
    appendString(Operands, E);
    emit(Words, spv::Op::OpExtension, Operands);
  }
  if (GlslStd450) {
    std::vector<uint32_t> Operands{GlslStd450};
    appendString(Operands, "GLSL.std.450");
    emit(Words, spv::Op::OpExtInstImport, Operands);
  }
  emit(Words, spv::Op::OpMemoryModel, {Addressing, Memory});
  for (const std::vector<uint32_t> *Section : {&EntryPoints, &ExecutionModes, &Debug, &Annotations, &Globals, &Functions})
    Words.insert(Words.end(), Section->begin(), Section->end());
  return Words;
}

} // namespace sporkle::vulkan
