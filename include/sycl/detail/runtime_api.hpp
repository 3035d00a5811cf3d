// The ABI between sycl.hpp and libsporkle.
//
// sycl.hpp is a thin, header-light veneer: everything stateful (devices,
// queues, events, the scheduler, buffers, USM, the kernel registry) lives in
// libsporkle behind these plain functions on opaque, reference-counted
// handles. Only fixed-size structs, raw pointers and C strings cross this
// boundary, so the header needs no containers and the runtime may change its
// insides freely. Functions that can fail throw sycl::exception.
//
// Conventions: every `*_create` / `queue_submit` returns a handle holding one
// reference for the caller; `retain`/`release` adjust it. Ranges are in
// *hardware* dimension order (0 = fastest-varying = SYCL's last dimension).
#ifndef SYCL_DETAIL_RUNTIME_API_HPP
#define SYCL_DETAIL_RUNTIME_API_HPP

#include <cstddef>
#include <cstdint>
#include <exception>

#include "exception.hpp"

namespace sporkle {
namespace rt {

struct device_impl;
struct queue_impl;
struct event_impl;
struct buffer_impl;

// ---- platforms and devices (devices live for the whole process) -----------
enum class device_kind : uint32_t { cpu = 1, gpu = 2, accelerator = 4 };

struct device_info {
  const char *name;
  const char *vendor;
  const char *driver_version;
  const char *version;
  const char *selector; // SPORKLE_DEVICE spelling, e.g. "cpu", "vulkan:0"
  device_kind kind;
  uint32_t platform_index;
  uint32_t max_compute_units;
  uint32_t preferred_vector_width; // float lanes the device likes along x
  uint64_t max_work_group_size;
  uint64_t max_work_item_sizes[3]; // hardware order
  uint64_t local_mem_size;
  uint64_t global_mem_size;
  uint64_t max_mem_alloc_size;
  uint32_t mem_base_addr_align; // bits, as OpenCL
  bool host_unified_memory;
  // malloc_host / malloc_shared work: the host's pointer is the device's.
  bool usm_host_shared;
};

struct platform_info {
  const char *name;
  const char *vendor;
  const char *version;
};

SPORKLE_RT_API size_t device_count() noexcept;
SPORKLE_RT_API device_impl *device_get(size_t index) noexcept;
SPORKLE_RT_API const device_info &device_get_info(const device_impl *dev) noexcept;
/// The device the default selector picks: SPORKLE_DEVICE if set (throws
/// errc::runtime listing the devices present if it names none), else the best.
SPORKLE_RT_API device_impl *default_device();
SPORKLE_RT_API size_t platform_count() noexcept;
SPORKLE_RT_API const platform_info &platform_get_info(size_t index) noexcept;

/// A device a backend found but cannot use (sporkle-info lists them). An
/// empty name means the whole kind is missing, e.g. no Vulkan driver.
struct unusable_device_info {
  const char *platform;
  const char *name;
  const char *reason;
};
SPORKLE_RT_API size_t unusable_device_count() noexcept;
SPORKLE_RT_API const unusable_device_info &unusable_device_get(size_t index) noexcept;

// ---- queues -----------------------------------------------------------------
/// queue_has_async_handler: the user gave the queue an async_handler. Errors
/// nobody asked for before the queue goes away are then only printed;
/// without one they go to SYCL's default handler (printed, then terminate).
enum queue_flags : uint32_t { queue_in_order = 1u, queue_profiling = 2u, queue_has_async_handler = 4u };

SPORKLE_RT_API queue_impl *queue_create(device_impl *dev, uint32_t flags);
SPORKLE_RT_API void retain(queue_impl *q) noexcept;
SPORKLE_RT_API void release(queue_impl *q) noexcept;
SPORKLE_RT_API device_impl *queue_get_device(const queue_impl *q) noexcept;
SPORKLE_RT_API uint32_t queue_get_flags(const queue_impl *q) noexcept;
/// Waits for every command submitted to `q` so far.
SPORKLE_RT_API void queue_wait(queue_impl *q);
/// Hands each asynchronous error collected for `q` to `sink` and forgets it.
SPORKLE_RT_API void queue_take_async_errors(queue_impl *q,
                                            void (*sink)(void *ctx, std::exception_ptr),
                                            void *ctx);
/// SYCL's default async_handler: prints each error to stderr, then
/// std::terminate().
[[noreturn]] SPORKLE_RT_API void default_async_handler(const std::exception_ptr *errors, size_t count) noexcept;

// ---- commands ---------------------------------------------------------------
enum class access : uint32_t { read = 1, write = 2, read_write = 3 };

/// A buffer a command group uses, for dependency tracking and data placement.
struct requirement {
  buffer_impl *buffer;
  access mode;
};

enum class command_kind : uint32_t { kernel, copy, fill, barrier };

struct kernel_launch {
  const char *name;      // __builtin_sycl_unique_stable_name of the kernel tag
  const void *args;      // the kernel functor; copied at submit
  uint64_t args_size;
  uint32_t args_align;
  uint32_t dims;         // 1..3
  bool nd_range;         // local[] given by the user (else the runtime picks)
  uint64_t global[3];    // hardware order; unused dims 1
  uint64_t local[3];
  uint64_t offset[3];
  uint64_t local_mem_size; // bytes of local_accessor memory per work-group
};

struct command {
  command_kind kind;
  kernel_launch kernel;     // kind == kernel
  void *dst;                // copy, fill
  const void *src;          // copy
  uint64_t bytes;           // copy, fill (total)
  const void *pattern;      // fill: `bytes / pattern_size` repetitions
  uint32_t pattern_size;
  event_impl *const *deps;  // explicit dependencies (depends_on)
  size_t num_deps;
  const requirement *reqs;  // buffers the command group accesses
  size_t num_reqs;
};

/// Validates and schedules `cmd`; returns its event. Throws on invalid input
/// (errc::nd_range, errc::kernel_not_supported, ...), never runs a wrong launch.
SPORKLE_RT_API event_impl *queue_submit(queue_impl *q, const command &cmd);

// ---- events -----------------------------------------------------------------
enum class event_status : uint32_t { submitted = 0, running = 1, complete = 2 };
enum class profiling_point : uint32_t { submit = 0, start = 1, end = 2 };

SPORKLE_RT_API void retain(event_impl *e) noexcept;
SPORKLE_RT_API void release(event_impl *e) noexcept;
SPORKLE_RT_API void event_wait(event_impl *e);
SPORKLE_RT_API event_status event_get_status(const event_impl *e) noexcept;
/// Nanoseconds (steady clock). Throws errc::invalid unless the queue had
/// enable_profiling.
SPORKLE_RT_API uint64_t event_get_profiling(event_impl *e, profiling_point p);

// ---- USM --------------------------------------------------------------------
enum class usm_kind : uint32_t { host = 0, device = 1, shared = 2, unknown = 3 };

/// nullptr on failure (SYCL 2020 4.8.3); align 0 = the device's default.
SPORKLE_RT_API void *usm_alloc(device_impl *dev, uint64_t bytes, uint64_t align,
                               usm_kind kind) noexcept;
SPORKLE_RT_API void usm_free(void *ptr) noexcept;
SPORKLE_RT_API usm_kind usm_get_kind(const void *ptr) noexcept;
SPORKLE_RT_API device_impl *usm_get_device(const void *ptr) noexcept;

// ---- buffers ----------------------------------------------------------------
/// Throws errc::memory_allocation. `init` (may be null) is copied in.
SPORKLE_RT_API buffer_impl *buffer_create(uint64_t bytes, const void *init);
SPORKLE_RT_API void retain(buffer_impl *b) noexcept;
/// Dropping the last user reference waits for every command using the
/// buffer and copies it to the final-data pointer, if one is set.
SPORKLE_RT_API void release(buffer_impl *b) noexcept;
SPORKLE_RT_API void buffer_set_final_data(buffer_impl *b, void *host_ptr) noexcept;
/// The buffer's storage as `dev` addresses it (allocated on first use).
SPORKLE_RT_API void *buffer_device_pointer(buffer_impl *b, device_impl *dev);
/// Host access: waits for the commands `mode` conflicts with and returns the
/// host copy; later commands wait until `buffer_host_end(token)`.
SPORKLE_RT_API void *buffer_host_begin(buffer_impl *b, access mode, event_impl **token);
SPORKLE_RT_API void buffer_host_end(event_impl *token) noexcept;

} // namespace rt
} // namespace sporkle

#endif
