// The Vulkan backend's own kernels (kernels/*.cpp), compiled to SPIR-V when
// libsporkle is built with sporkle's Vulkan target, as images the pipeline
// store takes like a program's.
#ifndef SPORKLE_RUNTIME_VULKAN_BUILTIN_KERNELS_H
#define SPORKLE_RUNTIME_VULKAN_BUILTIN_KERNELS_H

#include "sporkle/image_table.h"

#include <cstdint>

namespace sporkle::rt::vk {

/// kernels/copy_words.cpp's argument block.
struct copy_words_args {
  void *dst;
  const void *src;
  uint64_t count; // 32-bit words
};
static_assert(sizeof(copy_words_args) == 24, "the copy kernel's argument block");

struct builtin_kernel {
  const sporkle_image *image; // null: libsporkle was built without them
  const sporkle_kernel_desc *kernel;
};

/// The word copy kernel, or {nullptr, nullptr}.
builtin_kernel copy_words_kernel();

} // namespace sporkle::rt::vk

#endif
