// The Vulkan backend's own kernels as an image (vulkan_builtin_kernels.h).
// The SPIR-V comes from targets/vulkan/CMakeLists.txt; kernels are found by
// their functor's name in the module's OpEntryPoint names.
#include "vulkan_builtin_kernels.h"

#include <cstring>
#include <string>
#include <vector>

namespace sporkle::rt::vk {

#ifdef SPORKLE_VK_BUILTIN_KERNELS // (set with the include path by targets/vulkan/CMakeLists.txt)
namespace {

alignas(4) const unsigned char copies_spirv[] = {
#include "vulkan_copies_spirv.inc"
};

/// The names of the module's entry points.
std::vector<std::string> entry_point_names(const unsigned char *bytes, size_t size) {
  const size_t words = size / 4, header_words = 5;
  const uint32_t op_entry_point = 15;
  auto word = [&](size_t i) {
    uint32_t w;
    std::memcpy(&w, bytes + 4 * i, 4);
    return w;
  };
  std::vector<std::string> names;
  for (size_t i = header_words; i < words;) {
    uint32_t count = word(i) >> 16, opcode = word(i) & 0xffff;
    if (count == 0 || i + count > words)
      break;
    if (opcode == op_entry_point && count > 3) { // model, function id, then the name
      const char *name = reinterpret_cast<const char *>(bytes + 4 * (i + 3));
      names.emplace_back(name, strnlen(name, 4 * (count - 3)));
    }
    i += count;
  }
  return names;
}

struct copies_image {
  std::vector<std::string> entries;
  sporkle_kernel_desc kernels[2] = {};
  sporkle_image image = {};
  bool complete = true;

  copies_image() : entries(entry_point_names(copies_spirv, sizeof copies_spirv)) {
    const char *functors[2] = {"sporkle_copy_words", "sporkle_copy_vec4"};
    const char *names[2] = {"sporkle's device copy (words)", "sporkle's device copy (16 bytes)"};
    for (int k = 0; k < 2; ++k) {
      const std::string *entry = nullptr;
      for (const std::string &e : entries)
        if (e.find(functors[k]) != std::string::npos)
          entry = &e;
      complete = complete && entry;
      kernels[k].name = names[k];
      kernels[k].entry_name = entry ? entry->c_str() : "";
      kernels[k].vector_width = 1;
      kernels[k].args_size = sizeof(copy_args);
    }
    image.target = SPORKLE_TARGET_VULKAN;
    image.num_kernels = 2;
    image.target_triple = "spirv64-unknown-vulkan1.2";
    image.data = copies_spirv;
    image.size = sizeof copies_spirv;
    image.kernels = kernels;
  }
};

} // namespace

copy_kernels builtin_copy_kernels() {
  static const copies_image copies;
  if (!copies.complete)
    return {};
  return {&copies.image, &copies.kernels[0], &copies.kernels[1]};
}
#else
copy_kernels builtin_copy_kernels() { return {}; }
#endif

} // namespace sporkle::rt::vk
