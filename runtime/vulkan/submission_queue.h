// Submission and completion for one VkQueue.
//
// submit() records a command buffer, submits it with a timeline-semaphore
// signal and returns at once; a waiter thread waits on the semaphore and runs
// each submission's completion (copy-back from staging, frees, the scheduler's
// callback) in submission order. Command buffers are recycled; the command
// pool is only touched under the submit lock. Every command buffer ends with a
// memory barrier from compute and transfer writes to compute, transfer and
// host access, so the next command, on the device or on the host, sees what
// this one wrote: the scheduler relies on that to hand a command over while
// the commands it depends on still run (device_backend::executes_in_order).
// One command per submit; batching several per submit can go behind the
// same interface.
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
  /// Creates the command pool, the semaphore and the waiter thread; `ok()` says
  /// whether that worked (`error()` says why not).
  submission_queue(const vulkan_api &api, VkDevice device, VkQueue queue, uint32_t family);
  /// Waits for every submission, runs its completion, stops the waiter.
  ~submission_queue();

  bool ok() const { return error_.empty(); }
  const std::string &error() const { return error_; }

  /// Records with `record` and submits; `on_complete` runs on the waiter
  /// thread once the device is done. On failure submit returns false, `error`
  /// says why, and `on_complete` never runs.
  bool submit(const std::function<void(VkCommandBuffer)> &record,
              std::function<void()> on_complete, std::string &error);

private:
  struct in_flight {
    uint64_t value; // timeline value signalled when done
    VkCommandBuffer commands;
    std::function<void()> on_complete;
  };
  void wait_loop();

  const vulkan_api &api_;
  VkDevice device_;
  VkQueue queue_;
  VkCommandPool pool_ = VK_NULL_HANDLE;
  VkSemaphore timeline_ = VK_NULL_HANDLE;
  std::string error_;

  std::mutex mutex_; // guards everything below, the pool and the queue
  std::condition_variable work_cv_;
  uint64_t next_value_ = 1;
  std::deque<in_flight> in_flight_;
  std::vector<VkCommandBuffer> free_commands_;
  bool stopping_ = false;
  std::thread waiter_;
};

} // namespace sporkle::rt::vk

#endif
