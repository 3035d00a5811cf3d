// The Vulkan backend's copy kernels, compiled to SPIR-V at build time by
// Clang's SYCL device pass and sporkle-opt's Vulkan pipeline
// (targets/vulkan/CMakeLists.txt) and embedded in libsporkle
// (vulkan_builtin_kernels.cpp). NVIDIA's vkCmdCopyBuffer runs on a copy
// engine at under a third of what the SMs move (0.84 against 2.7 TB/s on the
// H100), so copies between device allocations run this instead.
#include <sycl/sycl.hpp>

// Both take vulkan_builtin_kernels.h's copy_args as their argument block,
// member for member, and stride over the pieces.
struct sporkle_copy_words {
  uint32_t *dst;
  const uint32_t *src;
  uint64_t count; // 32-bit words

  void operator()(sycl::nd_item<1> it) const {
    const uint64_t stride = it.get_global_range(0);
    for (uint64_t i = it.get_global_id(0); i < count; i += stride)
      dst[i] = src[i];
  }
};

// The same in 16-byte pieces, for 16-byte aligned copies: a quarter of the
// loads, stores and loop steps, each a 128-bit access.
typedef uint32_t sporkle_u32x4 __attribute__((ext_vector_type(4)));
struct sporkle_copy_vec4 {
  sporkle_u32x4 *dst;
  const sporkle_u32x4 *src;
  uint64_t count; // 16-byte pieces

  void operator()(sycl::nd_item<1> it) const {
    const uint64_t stride = it.get_global_range(0);
    for (uint64_t i = it.get_global_id(0); i < count; i += stride)
      dst[i] = src[i];
  }
};

void sporkle_instantiate_copies(sycl::queue &q) {
  q.parallel_for(sycl::nd_range<1>(256, 256), sporkle_copy_words{});
  q.parallel_for(sycl::nd_range<1>(256, 256), sporkle_copy_vec4{});
}
