// N-D range decisions: the local size for a plain range, and the checks an
// nd_range must pass before a launch. Pure functions, unit-tested directly.
#ifndef SPORKLE_RUNTIME_NDRANGE_H
#define SPORKLE_RUNTIME_NDRANGE_H

#include <cstdint>
#include <string>

namespace sporkle::rt {

struct local_size_request {
  uint64_t global[3] = {1, 1, 1}; // hardware order, unused dims 1
  uint32_t vector_width = 1;      // work-items one kernel step covers along x
  uint32_t threads = 1;           // workers that should all get work
  uint64_t max_work_group_size = 4096;
  uint64_t max_local_size[3] = {4096, 4096, 4096};
};

/// Picks a local size for a launch the user gave only a global size for.
/// Every chosen size divides the global size (kernels have no bounds check),
/// x is preferred large and a multiple of the vector width where the global
/// size allows, and there are enough work-groups to keep every thread busy.
void choose_local_size(const local_size_request &req, uint64_t local[3]);

/// Empty when `local` is valid for `global` on a device with these limits;
/// otherwise a message for errc::nd_range. `dims` names SYCL dimensions in
/// the message (hardware dim d is SYCL dim dims-1-d).
std::string validate_nd_range(unsigned dims, const uint64_t global[3], const uint64_t local[3],
                              uint64_t max_work_group_size, const uint64_t max_local_size[3],
                              const uint32_t reqd_local_size[3]);

} // namespace sporkle::rt

#endif
