// Submission and completion for one VkQueue.
//
// submit() records a command into the open command buffer and returns at once.
// The open buffer goes to the device (one vkQueueSubmit, a timeline-semaphore
// signal) straight away while fewer than two submissions are in flight, so a
// lone command starts without delay; while the device is busy, later commands
// collect in it and are submitted together when an earlier submission
// finishes, or when the buffer holds max_batch commands. Work is thus always
// queued behind what runs, and a stream of small commands costs one submit per
// batch rather than one each. No command waits for a flush the host must ask
// for: whatever is held back is submitted as soon as something in flight
// completes.
//
// A waiter thread waits on the semaphore and runs each command's completion
// (copy-back from staging, frees, the scheduler's callback) in submission
// order. Every command is followed by a memory barrier from compute and
// transfer writes to compute, transfer and host access, so the next command,
// on the device or on the host, sees what this one wrote: the scheduler relies
// on that to hand a command over while the commands it depends on still run
// (device_backend::executes_in_order). Command buffers are recycled; the pool
// is only touched under the lock.
//
// SPORKLE_VULKAN_BATCH=<n> sets max_batch (default 256; 1 submits every
// command on its own).
#ifndef SPORKLE_RUNTIME_VULKAN_SUBMISSION_QUEUE_H
#define SPORKLE_RUNTIME_VULKAN_SUBMISSION_QUEUE_H

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "vulkan_api.h"

namespace sporkle::rt::vk {

class submission_queue {
public:
  /// Runs once the command finished on the device (`error` null), or with why
  /// it never will (its batch could not be submitted).
  using completion_fn = std::function<void(const char *error)>;

  /// Creates the command pool, the semaphore and the waiter thread; `ok()` says
  /// whether that worked (`error()` says why not).
  submission_queue(const vulkan_api &api, VkDevice device, VkQueue queue, uint32_t family);
  /// finish(), then frees the pool and the semaphore.
  ~submission_queue();
  /// Submits what is held back, waits for everything, runs every completion
  /// (including those of commands they submit) and stops the waiter.
  void finish();

  bool ok() const { return error_.empty(); }
  const std::string &error() const { return error_; }

  /// Records with `record` (called before submit returns) and queues the
  /// command. false if it could not even be recorded: `error` says why, and
  /// `on_complete` never runs. Otherwise `on_complete` runs exactly once.
  bool submit(const std::function<void(VkCommandBuffer)> &record, completion_fn on_complete,
              std::string &error);

  struct counts {
    uint64_t commands = 0;
    uint64_t submits = 0;
  };
  counts statistics() const;

private:
  struct batch {
    VkCommandBuffer commands = VK_NULL_HANDLE;
    std::vector<completion_fn> completions;
    uint64_t value = 0; // timeline value signalled when done
  };
  /// Submits the open batch (lock held). On failure the batch's completions
  /// are moved to `failed` for the caller to run, unlocked, with `error`.
  void flush_locked(std::vector<completion_fn> &failed, std::string &error);
  static void fail_all(std::vector<completion_fn> &failed, const std::string &error);
  void wait_loop();

  static constexpr size_t max_in_flight = 2;
  size_t max_batch_ = 256;
  const vulkan_api &api_;
  VkDevice device_;
  VkQueue queue_;
  VkCommandPool pool_ = VK_NULL_HANDLE;
  VkSemaphore timeline_ = VK_NULL_HANDLE;
  std::string error_;

  mutable std::mutex mutex_; // guards everything below, the pool and the queue
  std::condition_variable work_cv_;
  uint64_t next_value_ = 1;
  batch open_; // recording; commands == VK_NULL_HANDLE when none
  std::deque<batch> in_flight_;
  std::vector<VkCommandBuffer> free_commands_;
  counts counts_;
  bool stopping_ = false;
  std::thread waiter_;
};

} // namespace sporkle::rt::vk

#endif
