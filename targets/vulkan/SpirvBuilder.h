//===- SpirvBuilder.h - a SPIR-V module, word by word ---------------------===//
//
// The Vulkan target writes SPIR-V itself (LLVM 22's SPIR-V backend cannot put
// USM pointers in the PhysicalStorageBuffer storage class; DESIGN.md). This
// is the module under construction: result ids, the logical layout's
// sections (SPIR-V 2.4: capabilities ... functions) filled in any order and
// concatenated by finish(), types and constants created once each, and
// capabilities and extensions declared once, only when something uses them.
//
//===----------------------------------------------------------------------===//
#ifndef SPORKLE_TARGETS_VULKAN_SPIRVBUILDER_H
#define SPORKLE_TARGETS_VULKAN_SPIRVBUILDER_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/StringRef.h"

#include <spirv/unified1/spirv.hpp11>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace sporkle::vulkan {

using SpirvId = uint32_t;

class SpirvBuilder {
public:
  SpirvBuilder();

  SpirvId newId() { return NextId++; }

  // --- module-level declarations ---
  void capability(spv::Capability C);
  void extension(llvm::StringRef Name);
  SpirvId glslStd450();
  void memoryModel(spv::AddressingModel Addressing, spv::MemoryModel Memory);
  void entryPoint(SpirvId Function, llvm::StringRef Name, llvm::ArrayRef<SpirvId> Interface);
  void executionModeId(SpirvId Function, spv::ExecutionMode Mode, llvm::ArrayRef<uint32_t> Operands);
  void name(SpirvId Id, llvm::StringRef Name);
  void decorate(SpirvId Id, spv::Decoration D, llvm::ArrayRef<uint32_t> Operands = {});
  void memberDecorate(SpirvId Struct, uint32_t Member, spv::Decoration D, llvm::ArrayRef<uint32_t> Operands = {});

  // --- types (each created once) ---
  SpirvId typeVoid();
  SpirvId typeBool();
  SpirvId typeInt(unsigned Width, bool Signed = false);
  SpirvId typeFloat(unsigned Width);
  SpirvId typeVector(SpirvId Element, unsigned Count);
  SpirvId typeArray(SpirvId Element, SpirvId LengthConstant);
  /// A new struct each call (structs carry decorations of their own).
  SpirvId typeStruct(llvm::ArrayRef<SpirvId> Members);
  SpirvId typePointer(spv::StorageClass Storage, SpirvId Pointee);
  SpirvId typeFunction(SpirvId Result, llvm::ArrayRef<SpirvId> Params);

  // --- constants (each created once) ---
  SpirvId constantInt(unsigned Width, uint64_t Value);
  SpirvId constantFloat(unsigned Width, uint64_t Bits);
  SpirvId constantBool(bool Value);
  SpirvId constantNull(SpirvId Type);
  SpirvId constantComposite(SpirvId Type, llvm::ArrayRef<SpirvId> Elements);
  /// A 32-bit unsigned spec constant with SpecId \p SpecId.
  SpirvId specConstantU32(uint32_t SpecId, uint32_t Default);
  /// A boolean spec constant (OpSpecConstantTrue/False) with SpecId \p SpecId.
  SpirvId specConstantBool(uint32_t SpecId, bool Default);
  SpirvId specConstantComposite(SpirvId Type, llvm::ArrayRef<SpirvId> Elements);
  SpirvId globalVariable(SpirvId PointerType, spv::StorageClass Storage);
  SpirvId undef(SpirvId Type);

  // --- function bodies ---
  void beginFunction(SpirvId Function, SpirvId ResultType, SpirvId FunctionType);
  void label(SpirvId Label);
  void endFunction();
  /// An instruction with a result: returns the new id.
  SpirvId op(spv::Op Opcode, SpirvId ResultType, llvm::ArrayRef<uint32_t> Operands);
  /// An instruction with a result id the caller chose (phis, forward uses).
  void opWithId(spv::Op Opcode, SpirvId ResultType, SpirvId Result, llvm::ArrayRef<uint32_t> Operands);
  /// An instruction without a result.
  void opVoid(spv::Op Opcode, llvm::ArrayRef<uint32_t> Operands);

  /// The finished module.
  std::vector<uint32_t> finish() const;

  /// SPIR-V's literal string encoding (nul-terminated, padded to words).
  static void appendString(std::vector<uint32_t> &Words, llvm::StringRef S);

private:
  static void emit(std::vector<uint32_t> &Section, spv::Op Opcode, llvm::ArrayRef<uint32_t> Operands);
  /// A type (result id first) or, with \p HasResultType, a constant (result
  /// type first, then the result id), created once per opcode and operands.
  SpirvId typeOnce(const std::vector<uint32_t> &Key, spv::Op Opcode, llvm::ArrayRef<uint32_t> Operands,
                   bool HasResultType = false);

  SpirvId NextId = 1;
  llvm::SetVector<uint32_t> Capabilities;
  std::vector<std::string> Extensions; // in first-use order, each once
  SpirvId GlslStd450 = 0;
  uint32_t Addressing = 0, Memory = 0;
  std::vector<uint32_t> EntryPoints, ExecutionModes, Debug, Annotations, Globals, Functions;
  std::map<std::vector<uint32_t>, SpirvId> Uniqued; // opcode + operands -> id
};

} // namespace sporkle::vulkan

#endif
