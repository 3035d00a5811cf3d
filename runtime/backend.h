// The device backend interface: what libsporkle asks of a kind of device.
//
// The generic runtime (scheduler, buffers, USM, registry) is written against
// this interface only; runtime/cpu/ implements it today, Vulkan and AMDGPU
// backends add their own. A backend executes commands whose dependencies are
// already satisfied and reports completion through a callback; ordering,
// events and data placement are the scheduler's job.
#ifndef SPORKLE_RUNTIME_BACKEND_H
#define SPORKLE_RUNTIME_BACKEND_H

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sporkle/image_table.h"
#include "sycl/detail/runtime_api.hpp"

namespace sporkle::rt {

/// Exactly one of its two calls is made once, on any thread, when a command
/// has finished: operator() when it ran, fail() when the backend could not
/// run it (the error reaches the queue's async_handler as a sycl::exception).
/// A completion made without a failure handler treats a failure as done.
struct completion {
  void (*fn)(void *ctx) = nullptr;
  void *ctx = nullptr;
  void (*fail_fn)(void *ctx, sycl::errc code, const char *message) = nullptr;
  void operator()() const { fn(ctx); }
  void fail(sycl::errc code, const std::string &message) const {
    if (fail_fn)
      fail_fn(ctx, code, message.c_str());
    else
      fn(ctx);
  }
};

/// A kernel launch whose N-D range is final (validated, local size chosen).
struct launch_params {
  const sporkle_kernel_desc *kernel;
  const sporkle_image *image;
  const void *args; // argument block, alive until completion
  uint64_t args_size;
  uint64_t global[3], local[3], offset[3]; // hardware order
  uint64_t local_mem_size; // local_accessor bytes + the kernel's static local memory
};

enum class memory_kind { device, host, shared };

class device_backend {
public:
  virtual ~device_backend() = default;
  /// Filled once; `info.selector` is this device's SPORKLE_DEVICE spelling.
  virtual const device_info &info() const = 0;
  /// The image target this device runs (SPORKLE_TARGET_*).
  virtual sporkle_target_kind target() const = 0;

  /// nullptr on failure.
  virtual void *allocate(uint64_t bytes, uint64_t align, memory_kind kind) = 0;
  virtual void deallocate(void *ptr, memory_kind kind) = 0;

  virtual void copy(void *dst, const void *src, uint64_t bytes, completion done) = 0;
  virtual void fill(void *dst, const void *pattern, uint32_t pattern_size, uint64_t count,
                    completion done) = 0;
  virtual void launch(const launch_params &params, completion done) = 0;

  /// True when everything this backend accepts for the device runs in the
  /// order accepted, each command seeing the memory effects of those before
  /// it (one Vulkan queue with a barrier after each command). The scheduler
  /// then hands a command over as soon as the commands it depends on were
  /// handed over to the same device, instead of when they finish.
  virtual bool executes_in_order() const { return false; }
  /// With executes_in_order(): whether this command would be executed on the
  /// device's queue (true) or right away by the host thread that issues it
  /// (false: memory both sides can reach), which must wait for its
  /// dependencies to finish.
  virtual bool runs_on_device_queue(command_kind, void *dst, const void *src, uint64_t bytes) {
    (void)dst, (void)src, (void)bytes;
    return true;
  }

  /// Lets a thread that waits for an event run some pending work itself.
  /// Returns false when it found nothing to do.
  virtual bool help() { return false; }
};

/// A device a backend found but cannot use, and why (sporkle-info lists it).
/// An empty `name` means the whole kind is missing (no loader, no driver).
struct unusable_device {
  std::string platform, name, reason;
};

/// Backend factories; each returns the devices of its kind present here.
std::vector<std::unique_ptr<device_backend>> create_cpu_devices();
/// Vulkan devices, best first, reporting as platform `platform_index`; what
/// it cannot use goes to `unusable`. Empty, never an error, without Vulkan.
std::vector<std::unique_ptr<device_backend>>
create_vulkan_devices(uint32_t platform_index, std::vector<unusable_device> &unusable);

} // namespace sporkle::rt

#endif
