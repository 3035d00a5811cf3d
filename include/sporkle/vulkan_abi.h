/* The Vulkan kernel ABI: how the runtime's Vulkan backend (runtime/vulkan/)
 * launches a compute entry point of a SPIR-V module the Vulkan target
 * (targets/vulkan/) emitted.
 *
 * Module: SPIR-V 1.5 for Vulkan 1.2+ (logical addressing for everything but
 * global memory, which is PhysicalStorageBuffer64: every USM pointer and
 * every accessor's pointer in the argument block is a buffer device
 * address). One GLCompute entry point per kernel, named by
 * sporkle_kernel_desc::entry_name. No descriptor sets.
 *
 * Work-group size: the WorkgroupSize built-in is a spec-constant composite
 * of the constants SPORKLE_VK_SPEC_LOCAL_SIZE_X/Y/Z (hardware dims, x
 * fastest), so one module serves every local size the runtime picks. Local
 * memory the kernel asks for at run time (local_accessor) is a Workgroup
 * array of 32-bit words whose length is SPORKLE_VK_SPEC_LOCAL_WORDS.
 *
 * Fused multiply-add: SPORKLE_VK_SPEC_FUSED_FMA is a bool spec constant
 * (default true), declared only by modules that use fma (sycl::fma, on float
 * or double). True: the driver's GLSL.std.450 Fma (decorated NoContraction)
 * is fused, and the kernel uses it; false: the kernel uses an exact
 * emulation from separately rounded operations instead
 * (targets/vulkan/ExactFma.h), for drivers that compute Fma as a multiply and
 * an add (lavapipe). The runtime sets it per device (pipeline_store.h).
 *
 * Push constants (one range, offset 0, stage COMPUTE): a
 * sporkle_vk_push_header, then either the argument block itself (when
 * args_size <= SPORKLE_VK_MAX_INLINE_ARGS) or, when the kernel's flags have
 * SPORKLE_KERNEL_ARGS_BY_ADDRESS, the 64-bit device address of a copy of
 * the argument block in device memory.
 *
 * A launch may be split into several dispatches (vkCmdDispatchBase) when it
 * has more groups than the device's maxComputeWorkGroupCount: WorkgroupId
 * then already includes the base, and the header carries the whole launch's
 * group count, which NumWorkgroups would not.
 */
#ifndef SPORKLE_VULKAN_ABI_H
#define SPORKLE_VULKAN_ABI_H

#include <stdint.h>

#define SPORKLE_VK_SPEC_LOCAL_SIZE_X 0u
#define SPORKLE_VK_SPEC_LOCAL_SIZE_Y 1u
#define SPORKLE_VK_SPEC_LOCAL_SIZE_Z 2u
#define SPORKLE_VK_SPEC_LOCAL_WORDS 3u
#define SPORKLE_VK_SPEC_FUSED_FMA 4u
/* Launch constants (sporkle_launch_constant): a bool that says whether the
 * 32-bit constants from LAUNCH_CONSTANT_BASE on hold the argument block's
 * values; false: the kernel reads them from the push constants. */
#define SPORKLE_VK_SPEC_LAUNCH_CONSTANTS 5u
#define SPORKLE_VK_SPEC_LAUNCH_CONSTANT_BASE 16u

/* Push constants Vulkan guarantees: 128 bytes. */
#define SPORKLE_VK_PUSH_CONSTANT_BYTES 128u

typedef struct sporkle_vk_push_header {
  uint32_t global_offset[3]; /* hardware dims */
  uint32_t num_groups[3];    /* of the whole launch */
} sporkle_vk_push_header;

#define SPORKLE_VK_MAX_INLINE_ARGS (SPORKLE_VK_PUSH_CONSTANT_BYTES - sizeof(sporkle_vk_push_header))

/* sporkle_kernel_desc::flags bit: push constants hold the argument block's
 * device address (8 bytes, 8-aligned, right after the header). */
#define SPORKLE_KERNEL_ARGS_BY_ADDRESS (1u << 8)

#endif
