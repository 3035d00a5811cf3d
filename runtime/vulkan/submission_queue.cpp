// Batched submission, timeline semaphore and the completion thread (see
// submission_queue.h).
#include "submission_queue.h"

#include <cstdlib>

namespace sporkle::rt::vk {

submission_queue::submission_queue(const vulkan_api &api, VkDevice device, VkQueue queue,
                                   uint32_t family)
    : api_(api), device_(device), queue_(queue) {
  if (const char *e = std::getenv("SPORKLE_VULKAN_BATCH"); e && *e) {
    long n = std::strtol(e, nullptr, 10);
    if (n >= 1)
      max_batch_ = size_t(n);
  }
  VkCommandPoolCreateInfo pool_info{VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO};
  pool_info.flags = VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT;
  pool_info.queueFamilyIndex = family;
  VkResult r = api_.vkCreateCommandPool(device_, &pool_info, nullptr, &pool_);
  if (r != VK_SUCCESS) {
    error_ = std::string("vkCreateCommandPool: ") + result_name(r);
    return;
  }
  VkSemaphoreTypeCreateInfo type_info{VK_STRUCTURE_TYPE_SEMAPHORE_TYPE_CREATE_INFO};
  type_info.semaphoreType = VK_SEMAPHORE_TYPE_TIMELINE;
  type_info.initialValue = 0;
  VkSemaphoreCreateInfo semaphore_info{VK_STRUCTURE_TYPE_SEMAPHORE_CREATE_INFO, &type_info};
  r = api_.vkCreateSemaphore(device_, &semaphore_info, nullptr, &timeline_);
  if (r != VK_SUCCESS) {
    error_ = std::string("vkCreateSemaphore (timeline): ") + result_name(r);
    return;
  }
  waiter_ = std::thread([this] { wait_loop(); });
}

submission_queue::~submission_queue() {
  finish();
  if (timeline_)
    api_.vkDestroySemaphore(device_, timeline_, nullptr);
  if (pool_)
    api_.vkDestroyCommandPool(device_, pool_, nullptr); // frees the command buffers
}

void submission_queue::finish() {
  if (waiter_.joinable()) {
    std::vector<completion_fn> failed;
    std::string error;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (open_.commands)
        flush_locked(failed, error);
      stopping_ = true;
    }
    fail_all(failed, error);
    work_cv_.notify_all();
    waiter_.join(); // drains in_flight_ first
  }
}

submission_queue::counts submission_queue::statistics() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return counts_;
}

void submission_queue::fail_all(std::vector<completion_fn> &failed, const std::string &error) {
  for (completion_fn &f : failed)
    f(error.c_str());
  failed.clear();
}

bool submission_queue::submit(const std::function<void(VkCommandBuffer)> &record,
                              completion_fn on_complete, std::string &error) {
  std::unique_lock<std::mutex> lock(mutex_);
  if (!open_.commands) {
    VkCommandBuffer commands = VK_NULL_HANDLE;
    VkResult r = VK_SUCCESS;
    if (!free_commands_.empty()) {
      commands = free_commands_.back();
      free_commands_.pop_back();
    } else {
      VkCommandBufferAllocateInfo alloc{VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO};
      alloc.commandPool = pool_;
      alloc.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
      alloc.commandBufferCount = 1;
      r = api_.vkAllocateCommandBuffers(device_, &alloc, &commands);
    }
    VkCommandBufferBeginInfo begin{VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO};
    begin.flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT;
    if (r == VK_SUCCESS)
      r = api_.vkBeginCommandBuffer(commands, &begin); // resets a recycled one
    if (r != VK_SUCCESS) {
      if (commands)
        free_commands_.push_back(commands);
      error = std::string("cannot record a Vulkan command buffer: ") + result_name(r);
      return false;
    }
    open_.commands = commands;
  }
  record(open_.commands);
  VkMemoryBarrier barrier{VK_STRUCTURE_TYPE_MEMORY_BARRIER};
  barrier.srcAccessMask = VK_ACCESS_MEMORY_WRITE_BIT;
  barrier.dstAccessMask = VK_ACCESS_MEMORY_READ_BIT | VK_ACCESS_MEMORY_WRITE_BIT | VK_ACCESS_HOST_READ_BIT;
  const VkPipelineStageFlags stages = VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT | VK_PIPELINE_STAGE_TRANSFER_BIT;
  api_.vkCmdPipelineBarrier(open_.commands, stages, stages | VK_PIPELINE_STAGE_HOST_BIT, 0, 1, &barrier, 0,
                            nullptr, 0, nullptr);
  open_.completions.push_back(std::move(on_complete));
  ++counts_.commands;

  std::vector<completion_fn> failed;
  std::string flush_error;
  if (in_flight_.size() < max_in_flight || open_.completions.size() >= max_batch_)
    flush_locked(failed, flush_error);
  lock.unlock();
  fail_all(failed, flush_error);
  return true;
}

void submission_queue::flush_locked(std::vector<completion_fn> &failed, std::string &error) {
  batch b = std::move(open_);
  open_ = batch{};
  b.value = next_value_;
  VkResult r = api_.vkEndCommandBuffer(b.commands);
  if (r == VK_SUCCESS) {
    VkTimelineSemaphoreSubmitInfo timeline_info{VK_STRUCTURE_TYPE_TIMELINE_SEMAPHORE_SUBMIT_INFO};
    timeline_info.signalSemaphoreValueCount = 1;
    timeline_info.pSignalSemaphoreValues = &b.value;
    VkSubmitInfo submit{VK_STRUCTURE_TYPE_SUBMIT_INFO, &timeline_info};
    submit.commandBufferCount = 1;
    submit.pCommandBuffers = &b.commands;
    submit.signalSemaphoreCount = 1;
    submit.pSignalSemaphores = &timeline_;
    r = api_.vkQueueSubmit(queue_, 1, &submit, VK_NULL_HANDLE);
  }
  if (r != VK_SUCCESS) {
    free_commands_.push_back(b.commands);
    error = std::string("cannot submit to the Vulkan queue: ") + result_name(r);
    for (completion_fn &f : b.completions)
      failed.push_back(std::move(f));
    return;
  }
  ++next_value_;
  ++counts_.submits;
  in_flight_.push_back(std::move(b));
  work_cv_.notify_one();
}

void submission_queue::wait_loop() {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    // (A held-back batch implies a submission in flight: it is flushed below
    // when that one completes, so waiting for in_flight_ alone cannot stall.)
    work_cv_.wait(lock, [this] { return stopping_ || !in_flight_.empty(); });
    if (in_flight_.empty())
      return; // stopping, nothing left
    uint64_t target = in_flight_.front().value;
    lock.unlock();
    VkSemaphoreWaitInfo wait{VK_STRUCTURE_TYPE_SEMAPHORE_WAIT_INFO};
    wait.semaphoreCount = 1;
    wait.pSemaphores = &timeline_;
    wait.pValues = &target;
    VkResult r = api_.vkWaitSemaphores(device_, &wait, UINT64_MAX);
    uint64_t reached = 0;
    if (r == VK_SUCCESS)
      r = api_.vkGetSemaphoreCounterValue(device_, timeline_, &reached);
    // The device is lost: nothing will complete, so fail every waiter rather
    // than hang the program.
    std::string wait_error;
    if (r != VK_SUCCESS) {
      wait_error = std::string("waiting for the Vulkan device failed: ") + result_name(r);
      reached = UINT64_MAX;
    }
    lock.lock();
    std::vector<completion_fn> done;
    while (!in_flight_.empty() && in_flight_.front().value <= reached) {
      batch &b = in_flight_.front();
      free_commands_.push_back(b.commands);
      for (completion_fn &f : b.completions)
        done.push_back(std::move(f));
      in_flight_.pop_front();
    }
    std::vector<completion_fn> failed;
    std::string flush_error;
    if (open_.commands && in_flight_.size() < max_in_flight)
      flush_locked(failed, flush_error);
    lock.unlock();
    // Completions may submit more work (dependent commands): no lock held.
    for (completion_fn &f : done)
      f(wait_error.empty() ? nullptr : wait_error.c_str());
    fail_all(failed, flush_error);
    lock.lock();
  }
}

} // namespace sporkle::rt::vk
