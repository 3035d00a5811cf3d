// The kernel registry: kernel name -> the code each target has for it.
//
// Programs built by sporkle-cc register their image tables before main()
// (image_table.h); a launch looks its kernel up by the name the host got from
// __builtin_sycl_unique_stable_name. Thread-safe; lives for the whole process
// (tables may be unregistered by static destructors while the runtime runs).
#ifndef SPORKLE_RUNTIME_REGISTRY_H
#define SPORKLE_RUNTIME_REGISTRY_H

#include <cstddef>
#include <string>

#include "sporkle/image_table.h"

namespace sporkle::rt {

struct kernel_lookup {
  const sporkle_kernel_desc *kernel = nullptr; // null: no code for that target
  const sporkle_image *image = nullptr;
  bool name_known = false; // some target has this kernel
};

kernel_lookup find_kernel(const char *name, sporkle_target_kind target);
/// Number of kernels registered for `target` (sporkle-info, tests).
size_t registered_kernel_count(sporkle_target_kind target);
const char *target_name(sporkle_target_kind target);

} // namespace sporkle::rt

#endif
