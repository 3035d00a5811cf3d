// The CPU target's kernel ABI, shared by targets/cpu (which emits it) and
// runtime/cpu (which calls it).
//
// Every SYCL kernel becomes one *work-group function*: it runs all
// work-items of one work-group, looping over local ids (passes/WorkItemLoops).
// The runtime's worker threads call it once per work-group.
#ifndef SPORKLE_CPU_ABI_H
#define SPORKLE_CPU_ABI_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Indexed by hardware dimension (0 = fastest, see device_builtins.h). Unused
   dimensions have size 1 and id 0. */
typedef struct sporkle_cpu_wg_context {
  uint64_t global_size[3];
  uint64_t local_size[3];
  uint64_t num_groups[3];
  uint64_t global_offset[3];
  uint64_t group_id[3];
  void *local_mem; /* this group's local memory, 64-byte aligned, >= local_mem_size bytes */
  uint64_t local_mem_size;
} sporkle_cpu_wg_context;

/* `args` points to a copy of the kernel functor (the argument block),
   aligned to at least 16 bytes; kernels only read it. */
typedef void (*sporkle_cpu_wg_fn)(const void *args, const sporkle_cpu_wg_context *ctx);

#ifdef __cplusplus
}
#endif
#endif
