// The Vulkan backend's own kernels (kernels/*.cpp), compiled to SPIR-V when
// libsporkle is built with sporkle's Vulkan target, as an image the pipeline
// store takes like a program's.
#ifndef SPORKLE_RUNTIME_VULKAN_BUILTIN_KERNELS_H
#define SPORKLE_RUNTIME_VULKAN_BUILTIN_KERNELS_H

#include "sporkle/image_table.h"

#include <cstdint>

namespace sporkle::rt::vk {

/// kernels/copies.cpp's argument block (both kernels).
struct copy_args {
  void *dst;
  const void *src;
  uint64_t count; // pieces: 32-bit words, or 16 bytes
};
static_assert(sizeof(copy_args) == 24, "the copy kernels' argument block");

struct copy_kernels {
  const sporkle_image *image;       // null: libsporkle was built without them
  const sporkle_kernel_desc *words; // 4-byte pieces
  const sporkle_kernel_desc *vec4;  // 16-byte pieces
};

copy_kernels builtin_copy_kernels();

} // namespace sporkle::rt::vk

#endif
