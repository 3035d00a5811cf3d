// The Vulkan backend's own kernels as images (vulkan_builtin_kernels.h). The
// SPIR-V comes from targets/vulkan/CMakeLists.txt; each module has one entry
// point, whose name is read from its OpEntryPoint.
#include "vulkan_builtin_kernels.h"

#include <cstring>
#include <string>

namespace sporkle::rt::vk {

#ifdef SPORKLE_VK_BUILTIN_KERNELS // (set with the include path by targets/vulkan/CMakeLists.txt)
namespace {

alignas(4) const unsigned char copy_words_spirv[] = {
#include "vulkan_copy_words_spirv.inc"
};

/// The name of the module's (first) entry point.
std::string entry_point_name(const unsigned char *bytes, size_t size) {
  const size_t words = size / 4, header_words = 5;
  auto word = [&](size_t i) {
    uint32_t w;
    std::memcpy(&w, bytes + 4 * i, 4);
    return w;
  };
  const uint32_t op_entry_point = 15;
  for (size_t i = header_words; i < words;) {
    uint32_t count = word(i) >> 16, opcode = word(i) & 0xffff;
    if (count == 0 || i + count > words)
      break;
    if (opcode == op_entry_point && count > 3) // model, function id, then the name
      return std::string(reinterpret_cast<const char *>(bytes + 4 * (i + 3)),
                         strnlen(reinterpret_cast<const char *>(bytes + 4 * (i + 3)), 4 * (count - 3)));
    i += count;
  }
  return {};
}

} // namespace

builtin_kernel copy_words_kernel() {
  static const std::string entry = entry_point_name(copy_words_spirv, sizeof copy_words_spirv);
  static const sporkle_kernel_desc kernel = [] {
    sporkle_kernel_desc k{};
    k.name = "sporkle's device-to-device copy";
    k.entry_name = entry.c_str();
    k.vector_width = 1;
    k.args_size = sizeof(copy_words_args);
    return k;
  }();
  static const sporkle_image image = [] {
    sporkle_image i{};
    i.target = SPORKLE_TARGET_VULKAN;
    i.num_kernels = 1;
    i.target_triple = "spirv64-unknown-vulkan1.2";
    i.data = copy_words_spirv;
    i.size = sizeof copy_words_spirv;
    i.kernels = &kernel;
    return i;
  }();
  if (entry.empty())
    return {nullptr, nullptr};
  return {&image, &kernel};
}
#else
builtin_kernel copy_words_kernel() { return {nullptr, nullptr}; }
#endif

} // namespace sporkle::rt::vk
