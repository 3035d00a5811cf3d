// The image table: how device code built by sporkle-cc reaches the runtime.
//
// At link time sporkle-cc builds every kernel for every requested target and
// emits one registration object holding a sporkle_image_table. A constructor in
// that object calls __sporkle_register_images() before main(); a destructor
// calls __sporkle_unregister_images(). The runtime finds a kernel by its name,
// the string __builtin_sycl_unique_stable_name gives the host for the kernel's
// name type (the device IR names the kernel function the same).
#ifndef SPORKLE_IMAGE_TABLE_H
#define SPORKLE_IMAGE_TABLE_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SPORKLE_IMAGE_TABLE_VERSION 2u

typedef enum sporkle_target_kind {
  SPORKLE_TARGET_CPU = 1,    /* entry: sporkle_cpu_wg_fn linked into the executable */
  SPORKLE_TARGET_VULKAN = 2, /* image: a SPIR-V module; entry_name: its entry point */
  SPORKLE_TARGET_AMDGPU = 3, /* image: an AMDGPU code object; entry_name: kernel symbol */
} sporkle_target_kind;

enum {
  SPORKLE_KERNEL_USES_BARRIER = 1u << 0,
  SPORKLE_KERNEL_VECTORIZED = 1u << 1,
};

/* A launch constant (vulkan): bytes of the argument block that the kernel
 * uses only to address local memory (local accessors' offsets and ranges).
 * The SPIR-V reads the i-th as 32-bit specialization constant
 * SPORKLE_VK_SPEC_LAUNCH_CONSTANT_BASE + i (zero-extended for an 8-byte
 * field) when SPORKLE_VK_SPEC_LAUNCH_CONSTANTS is true, so the runtime may
 * build a pipeline for the values at hand (all below 2^32). */
typedef struct sporkle_launch_constant {
  uint32_t offset; /* in the argument block */
  uint32_t size;   /* 4 or 8 bytes */
} sporkle_launch_constant;

typedef struct sporkle_kernel_desc {
  const char *name;       /* "_ZTS..." kernel name, as the host spells it */
  const char *entry_name; /* symbol inside the image (vulkan/amdgpu), or NULL */
  const void *entry;      /* cpu: sporkle_cpu_wg_fn; others NULL */
  uint32_t flags;         /* SPORKLE_KERNEL_* */
  uint32_t vector_width;  /* work-items one entry step covers along x (1 = scalar) */
  uint64_t static_local_mem; /* bytes of local memory the kernel declares itself */
  uint64_t args_size;        /* size of the argument block (the functor) */
  uint32_t reqd_local_size[3]; /* hardware dims; 0 = none required */
  uint32_t num_launch_constants;
  const sporkle_launch_constant *launch_constants; /* vulkan; NULL when none */
} sporkle_kernel_desc;

typedef struct sporkle_image {
  uint32_t target;             /* sporkle_target_kind */
  uint32_t num_kernels;
  const char *target_triple;   /* e.g. "x86_64-pc-linux-gnu", "spirv-vulkan1.3" */
  const char *target_features; /* cpu: the CPU the image was built for */
  const void *data;            /* vulkan/amdgpu: the binary; cpu: NULL */
  uint64_t size;
  const sporkle_kernel_desc *kernels;
} sporkle_image;

typedef struct sporkle_image_table {
  uint32_t version; /* SPORKLE_IMAGE_TABLE_VERSION */
  uint32_t num_images;
  const sporkle_image *images;
} sporkle_image_table;

void __sporkle_register_images(const sporkle_image_table *table);
void __sporkle_unregister_images(const sporkle_image_table *table);

#ifdef __cplusplus
}
#endif
#endif
