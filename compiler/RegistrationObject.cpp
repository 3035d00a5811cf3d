//===- RegistrationObject.cpp - the object that hands images to the runtime ===//
//
// The LLVM types below mirror the C structs of include/sporkle/image_table.h;
// buildRegistrationObject checks their sizes against the header's under the
// host data layout, so the two cannot drift apart silently.
//
//===----------------------------------------------------------------------===//
#include "RegistrationObject.h"
#include "sporkle/image_table.h"

#include "llvm/IR/Constants.h"
#include "llvm/IR/DerivedTypes.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Target/TargetOptions.h"
#include "llvm/Transforms/Utils/ModuleUtils.h"

using namespace llvm;

namespace sporkle {

namespace {
// Registration runs before user-level static constructors (priority 65535 by
// default), so kernels may be launched from those.
constexpr int RegistrationPriority = 101;

struct TableTypes {
  StructType *KernelDesc, *Image, *Table;

  explicit TableTypes(LLVMContext &Ctx) {
    Type *Ptr = PointerType::getUnqual(Ctx);
    Type *I32 = Type::getInt32Ty(Ctx), *I64 = Type::getInt64Ty(Ctx);
    KernelDesc = StructType::create(Ctx,
                                    {Ptr, Ptr, Ptr, I32, I32, I64, I64, ArrayType::get(I32, 3), I32, Ptr},
                                    "struct.sporkle_kernel_desc");
    Image = StructType::create(Ctx, {I32, I32, Ptr, Ptr, Ptr, I64, Ptr}, "struct.sporkle_image");
    Table = StructType::create(Ctx, {I32, I32, Ptr}, "struct.sporkle_image_table");
  }
};

class RegistrationBuilder {
public:
  RegistrationBuilder(Module &M) : M(M), Ctx(M.getContext()), Types(Ctx) {}

  void build(ArrayRef<TargetImage> Images) {
    SmallVector<Constant *> ImageInits;
    for (const TargetImage &Image : Images)
      ImageInits.push_back(imageDesc(Image));
    ArrayType *ImagesTy = ArrayType::get(Types.Image, ImageInits.size());
    auto *ImageArray = internalConstant(ConstantArray::get(ImagesTy, ImageInits), "sporkle.images");
    auto *Table = internalConstant(
        ConstantStruct::get(Types.Table, {i32(SPORKLE_IMAGE_TABLE_VERSION), i32(ImageInits.size()),
                                          ImageArray}),
        "sporkle.image_table");
    addCallAtStartup("sporkle.register_images", "__sporkle_register_images", Table, /*AtExit=*/false);
    addCallAtStartup("sporkle.unregister_images", "__sporkle_unregister_images", Table, /*AtExit=*/true);
  }

private:
  Constant *i32(uint64_t V) { return ConstantInt::get(Type::getInt32Ty(Ctx), V); }
  Constant *i64(uint64_t V) { return ConstantInt::get(Type::getInt64Ty(Ctx), V); }
  Constant *null() { return ConstantPointerNull::get(PointerType::getUnqual(Ctx)); }

  GlobalVariable *internalConstant(Constant *Init, const Twine &Name) {
    return new GlobalVariable(M, Init->getType(), /*isConstant=*/true, GlobalValue::InternalLinkage,
                              Init, Name);
  }

  Constant *string(StringRef S) {
    auto *GV = internalConstant(ConstantDataArray::getString(Ctx, S), "sporkle.str");
    GV->setUnnamedAddr(GlobalValue::UnnamedAddr::Global);
    return GV;
  }

  uint32_t targetKind(DeviceTarget T) {
    switch (T) {
    case DeviceTarget::Cpu:
      return SPORKLE_TARGET_CPU;
    case DeviceTarget::Vulkan:
      return SPORKLE_TARGET_VULKAN;
    }
    return 0;
  }

  Constant *kernelDesc(const TargetImage &Image, const KernelRecord &K) {
    Constant *Entry = null();
    if (Image.Target == DeviceTarget::Cpu) {
      // The work-group function lives in the CPU image's object, linked into
      // the same executable with hidden visibility.
      FunctionType *WgFnTy = FunctionType::get(Type::getVoidTy(Ctx),
                                               {PointerType::getUnqual(Ctx), PointerType::getUnqual(Ctx)},
                                               /*isVarArg=*/false);
      Function *Fn = M.getFunction(K.Symbol);
      if (!Fn) {
        Fn = Function::Create(WgFnTy, GlobalValue::ExternalLinkage, K.Symbol, M);
        Fn->setVisibility(GlobalValue::HiddenVisibility);
      }
      Entry = Fn;
    }
    Constant *NoLocalSize = ConstantArray::get(ArrayType::get(Type::getInt32Ty(Ctx), 3), {i32(0), i32(0), i32(0)});
    Constant *LaunchConstants = null();
    if (!K.LaunchConstants.empty()) {
      SmallVector<Constant *> Words;
      for (auto [Offset, Size] : K.LaunchConstants) {
        Words.push_back(i32(Offset));
        Words.push_back(i32(Size));
      }
      LaunchConstants = internalConstant(
          ConstantArray::get(ArrayType::get(Type::getInt32Ty(Ctx), Words.size()), Words), "sporkle.launch_constants");
    }
    return ConstantStruct::get(Types.KernelDesc,
                               {string(K.Name), Image.Target == DeviceTarget::Cpu ? null() : string(K.Symbol), Entry,
                                i32(K.Flags), i32(K.VectorWidth), i64(K.StaticLocalMem), i64(K.ArgsSize),
                                NoLocalSize, i32(uint32_t(K.LaunchConstants.size())), LaunchConstants});
  }

  Constant *imageDesc(const TargetImage &Image) {
    SmallVector<Constant *> Kernels;
    for (const KernelRecord &K : Image.Kernels)
      Kernels.push_back(kernelDesc(Image, K));
    auto *KernelArray = internalConstant(
        ConstantArray::get(ArrayType::get(Types.KernelDesc, Kernels.size()), Kernels), "sporkle.kernels");
    // CPU code is linked in; other targets' binaries will be embedded here.
    Constant *Data = null();
    uint64_t Size = 0;
    if (Image.Target != DeviceTarget::Cpu && !Image.Object.empty()) {
      auto *Blob = internalConstant(ConstantDataArray::getRaw(StringRef(Image.Object.data(), Image.Object.size()),
                                                              Image.Object.size(), Type::getInt8Ty(Ctx)),
                                    "sporkle.image_data");
      Blob->setAlignment(Align(16));
      Data = Blob;
      Size = Image.Object.size();
    }
    return ConstantStruct::get(Types.Image,
                               {i32(targetKind(Image.Target)), i32(Kernels.size()), string(Image.Triple),
                                string(Image.CPU), Data, i64(Size), KernelArray});
  }

  void addCallAtStartup(StringRef Name, StringRef Callee, GlobalVariable *Table, bool AtExit) {
    FunctionType *VoidFn = FunctionType::get(Type::getVoidTy(Ctx), false);
    FunctionCallee Target = M.getOrInsertFunction(
        Callee, FunctionType::get(Type::getVoidTy(Ctx), {PointerType::getUnqual(Ctx)}, false));
    Function *Fn = Function::Create(VoidFn, GlobalValue::InternalLinkage, Name, M);
    IRBuilder<> B(BasicBlock::Create(Ctx, "entry", Fn));
    B.CreateCall(Target, {Table});
    B.CreateRetVoid();
    if (AtExit)
      appendToGlobalDtors(M, Fn, RegistrationPriority);
    else
      appendToGlobalCtors(M, Fn, RegistrationPriority);
  }

  Module &M;
  LLVMContext &Ctx;
  TableTypes Types;
};
} // namespace

std::unique_ptr<Module> buildRegistrationModule(ArrayRef<TargetImage> Images, StringRef HostTriple,
                                                LLVMContext &Ctx) {
  auto M = std::make_unique<Module>("sporkle-registration", Ctx);
  M->setTargetTriple(Triple(HostTriple));
  RegistrationBuilder(*M).build(Images);
  return M;
}

static Error registrationError(const Twine &Message) {
  return createStringError(inconvertibleErrorCode(), "registration object: " + Message);
}

Expected<SmallVector<char, 0>> buildRegistrationObject(ArrayRef<TargetImage> Images,
                                                       StringRef HostTriple) {
  InitializeNativeTarget();
  InitializeNativeTargetAsmPrinter();
  std::string LookupError;
  Triple TT(HostTriple);
  const Target *TheTarget = TargetRegistry::lookupTarget(TT, LookupError);
  if (!TheTarget)
    return registrationError("no code generator for '" + HostTriple + "': " + LookupError);
  std::unique_ptr<TargetMachine> TM(
      TheTarget->createTargetMachine(TT, "generic", "", TargetOptions(), Reloc::PIC_));
  if (!TM)
    return registrationError("cannot create a target machine for '" + HostTriple + "'");

  LLVMContext Ctx;
  std::unique_ptr<Module> M = buildRegistrationModule(Images, HostTriple, Ctx);
  M->setDataLayout(TM->createDataLayout());

  // The generated table must have the C header's layout exactly.
  const DataLayout &DL = M->getDataLayout();
  TableTypes Types(Ctx);
  if (DL.getTypeAllocSize(Types.KernelDesc) != sizeof(sporkle_kernel_desc) ||
      DL.getTypeAllocSize(Types.Image) != sizeof(sporkle_image) ||
      DL.getTypeAllocSize(Types.Table) != sizeof(sporkle_image_table))
    return registrationError("the image table layout does not match include/sporkle/image_table.h "
                             "for '" + HostTriple + "'");

  std::string VerifierMessages;
  raw_string_ostream VerifierOS(VerifierMessages);
  if (verifyModule(*M, &VerifierOS))
    return registrationError("generated invalid IR: " + VerifierMessages);

  SmallVector<char, 0> Object;
  raw_svector_ostream OS(Object);
  legacy::PassManager PM;
  if (TM->addPassesToEmitFile(PM, OS, nullptr, CodeGenFileType::ObjectFile))
    return registrationError("the host code generator cannot emit objects");
  PM.run(*M);
  return Object;
}

} // namespace sporkle
