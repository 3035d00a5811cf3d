//===- SpirvToGlsl.cpp - a Vulkan module shown as GLSL (SPIRV-Cross) ------===//
//
// `sporkle-cc --emit=glsl`: what the Vulkan target made of each kernel, as
// GLSL 4.60 with Vulkan semantics, one entry point after the other. Only for
// reading; the runtime always uses the SPIR-V. SPIRV-Cross's C API (Debian's
// libspirv-cross-c-shared) keeps its own copy of spirv.h out of the emitter.
//
//===----------------------------------------------------------------------===//
#include "VulkanTarget.h"

#include <spirv_cross/spirv_cross_c.h>

using namespace llvm;

namespace sporkle::vulkan {

Expected<std::string> spirvToGlsl(const SpirvImage &Image) {
  spvc_context Context = nullptr;
  if (spvc_context_create(&Context) != SPVC_SUCCESS)
    return createStringError(inconvertibleErrorCode(), "error: SPIRV-Cross could not start");
  auto Fail = [&](StringRef What) {
    std::string Message = ("error: SPIRV-Cross cannot show the module as GLSL (" + What + "): " +
                           spvc_context_get_last_error_string(Context))
                              .str();
    spvc_context_destroy(Context);
    return createStringError(inconvertibleErrorCode(), Message);
  };
  spvc_parsed_ir IR = nullptr;
  if (spvc_context_parse_spirv(Context, Image.Words.data(), Image.Words.size(), &IR) != SPVC_SUCCESS)
    return Fail("parse");
  std::string Text;
  for (const SpirvKernelInfo &Kernel : Image.Kernels) {
    spvc_compiler Compiler = nullptr;
    if (spvc_context_create_compiler(Context, SPVC_BACKEND_GLSL, IR, SPVC_CAPTURE_MODE_COPY, &Compiler) !=
        SPVC_SUCCESS)
      return Fail("compiler");
    spvc_compiler_options Options = nullptr;
    spvc_compiler_create_compiler_options(Compiler, &Options);
    spvc_compiler_options_set_uint(Options, SPVC_COMPILER_OPTION_GLSL_VERSION, 460);
    spvc_compiler_options_set_bool(Options, SPVC_COMPILER_OPTION_GLSL_VULKAN_SEMANTICS, SPVC_TRUE);
    spvc_compiler_install_compiler_options(Compiler, Options);
    if (spvc_compiler_set_entry_point(Compiler, Kernel.EntryName.c_str(), SpvExecutionModelGLCompute) !=
        SPVC_SUCCESS)
      return Fail("entry point " + Kernel.EntryName);
    const char *Source = nullptr;
    if (spvc_compiler_compile(Compiler, &Source) != SPVC_SUCCESS)
      return Fail("kernel " + Kernel.Name);
    Text += "// kernel " + Kernel.Name + "\n" + Source + "\n";
  }
  spvc_context_destroy(Context);
  return Text;
}

} // namespace sporkle::vulkan
