// sporkle device builtins: the only way device code learns where it runs.
//
// sycl.hpp calls these from kernels; every target lowers them (passes/ for the
// common part, targets/<t>/ for the rest). They are declared, never defined, in
// device code, so the device IR keeps them as calls a pass can find by name.
//
// Dimensions are *hardware* dimensions: 0 is the fastest-varying one (x), as in
// OpenCL and Vulkan. sycl.hpp maps SYCL dimension d of an N-dimensional range
// to hardware dimension N-1-d (SYCL's last dimension is the contiguous one).
// A dimension outside 0..2 reads as 0 for ids and 1 for sizes.
#ifndef SPORKLE_DEVICE_BUILTINS_H
#define SPORKLE_DEVICE_BUILTINS_H

#include <stddef.h>

#if defined(__SYCL_DEVICE_ONLY__)
#define SPORKLE_DEVICE_BUILTIN extern "C" [[clang::sycl_external]]
#define SPORKLE_LOCAL_AS __attribute__((opencl_local))
#else
#define SPORKLE_DEVICE_BUILTIN extern "C"
#define SPORKLE_LOCAL_AS
#endif

/* Work-item position and N-D range shape. */
SPORKLE_DEVICE_BUILTIN size_t __sporkle_global_id(unsigned dim);
SPORKLE_DEVICE_BUILTIN size_t __sporkle_local_id(unsigned dim);
SPORKLE_DEVICE_BUILTIN size_t __sporkle_group_id(unsigned dim);
SPORKLE_DEVICE_BUILTIN size_t __sporkle_global_size(unsigned dim);
SPORKLE_DEVICE_BUILTIN size_t __sporkle_local_size(unsigned dim);
SPORKLE_DEVICE_BUILTIN size_t __sporkle_num_groups(unsigned dim);
SPORKLE_DEVICE_BUILTIN size_t __sporkle_global_offset(unsigned dim);

/* Work-group barrier. Every work-item of the group must reach the same
   barrier call (SYCL's rule); `fence` says which memory is made visible. */
enum {
  SPORKLE_FENCE_LOCAL = 1u,  /* work-group local memory */
  SPORKLE_FENCE_GLOBAL = 2u, /* global (USM/buffer) memory */
};
SPORKLE_DEVICE_BUILTIN void __sporkle_barrier(unsigned fence);

/* Base of this work-group's local memory. The handler lays every
   local_accessor of a command group out in one block and gives each its
   byte offset; the base is 64-byte aligned. */
SPORKLE_DEVICE_BUILTIN SPORKLE_LOCAL_AS unsigned char *__sporkle_local_base(void);

#endif
