// libsporkle's shared internals: the objects behind the opaque handles of
// sycl/detail/runtime_api.hpp, and the scheduler entry points memory.cpp uses.
#ifndef SPORKLE_RUNTIME_INTERNAL_H
#define SPORKLE_RUNTIME_INTERNAL_H

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "backend.h"

namespace sporkle::rt {

[[noreturn]] void throw_error(sycl::errc code, const std::string &message);
/// Prints `why` and each error's what() to stderr.
void print_async_errors(const char *why, const std::exception_ptr *errors, size_t count) noexcept;

struct device_impl {
  std::unique_ptr<device_backend> backend;
};

/// A scheduled command (or a host-access token) and its completion state.
struct event_impl {
  std::atomic<uint32_t> refs{1};
  std::atomic<event_status> status{event_status::submitted};
  std::atomic<uint32_t> pending_deps{1}; // +1 guard until submission is wired up
  device_impl *device = nullptr;         // executes it; null for host tokens
  bool profiling = false;
  /// The device executes in order and this command goes to its queue (see
  /// device_backend::executes_in_order), so commands after it on the same
  /// device need not wait for it to finish...
  bool device_queued_kind = false;
  /// ...only for it to have been handed to the device (guarded by mutex).
  bool handed_to_device = false;
  /// Why the backend could not run it; reported by its queue's
  /// wait_and_throw / throw_asynchronous.
  std::exception_ptr error;
  uint64_t time_submit = 0, time_start = 0, time_end = 0;

  std::mutex mutex; // guards dependents, sleepers
  std::condition_variable completed_cv;
  uint32_t sleepers = 0;
  std::vector<event_impl *> dependents; // each holds a reference

  // The command itself, kept until it completes.
  command_kind kind = command_kind::barrier;
  launch_params launch{};
  void *dst = nullptr;
  const void *src = nullptr;
  uint64_t bytes = 0;
  uint32_t pattern_size = 0;
  std::unique_ptr<unsigned char[]> pattern;
  void *heap_args = nullptr; // args that do not fit inline_args
  std::vector<buffer_impl *> buffers; // internal references, dropped on completion
  std::vector<access> buffer_modes;   // how the command uses each of `buffers`
  alignas(64) unsigned char inline_args[192];

  ~event_impl();
};

/// Before `ev` runs on a device without unified memory: brings that device's
/// copy of each buffer `ev` uses up to date (a host-to-device copy queued
/// ahead of it) and forgets other devices' copies of the buffers it writes.
void stage_buffers(event_impl *ev);
/// After `ev` ran: copies the buffers it wrote on a device without unified
/// memory back to the host, then calls complete_event(ev). Returns false
/// (and does nothing) when there is nothing to copy back.
bool write_back_buffers(event_impl *ev);

/// Records `ev` as using `reqs` and returns (with references) the events it
/// must wait for: read-after-write, write-after-read, write-after-write.
void track_buffer_access(event_impl *ev, const requirement *reqs, size_t n,
                         std::vector<event_impl *> &deps);
/// Marks a command (or host token) complete and releases what waits on it.
void complete_event(event_impl *ev);
/// Drops (and releases) the events of \p events that have completed.
void release_completed(std::vector<event_impl *> &events);
void wait_event(event_impl *ev);
uint64_t now_ns();

} // namespace sporkle::rt

#endif
