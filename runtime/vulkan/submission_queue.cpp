// Submission, timeline semaphore and the completion thread (see submission_queue.h).
#include "submission_queue.h"

#include <cstdio>

namespace sporkle::rt::vk {

submission_queue::submission_queue(const vulkan_api &api, VkDevice device, VkQueue queue,
                                   uint32_t family)
    : api_(api), device_(device), queue_(queue) {
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
  if (waiter_.joinable()) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    work_cv_.notify_all();
    waiter_.join(); // drains in_flight_ first
  }
  if (timeline_)
    api_.vkDestroySemaphore(device_, timeline_, nullptr);
  if (pool_)
    api_.vkDestroyCommandPool(device_, pool_, nullptr); // frees the command buffers
}

bool submission_queue::submit(const std::function<void(VkCommandBuffer)> &record,
                              std::function<void()> on_complete, std::string &error) {
  std::unique_lock<std::mutex> lock(mutex_);
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
  if (r == VK_SUCCESS) {
    record(commands);
    VkMemoryBarrier barrier{VK_STRUCTURE_TYPE_MEMORY_BARRIER};
    barrier.srcAccessMask = VK_ACCESS_MEMORY_WRITE_BIT;
    barrier.dstAccessMask =
        VK_ACCESS_MEMORY_READ_BIT | VK_ACCESS_MEMORY_WRITE_BIT | VK_ACCESS_HOST_READ_BIT;
    const VkPipelineStageFlags stages =
        VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT | VK_PIPELINE_STAGE_TRANSFER_BIT;
    api_.vkCmdPipelineBarrier(commands, stages, stages | VK_PIPELINE_STAGE_HOST_BIT, 0, 1,
                              &barrier, 0, nullptr, 0, nullptr);
    r = api_.vkEndCommandBuffer(commands);
  }
  uint64_t value = next_value_;
  if (r == VK_SUCCESS) {
    VkTimelineSemaphoreSubmitInfo timeline_info{VK_STRUCTURE_TYPE_TIMELINE_SEMAPHORE_SUBMIT_INFO};
    timeline_info.signalSemaphoreValueCount = 1;
    timeline_info.pSignalSemaphoreValues = &value;
    VkSubmitInfo submit{VK_STRUCTURE_TYPE_SUBMIT_INFO, &timeline_info};
    submit.commandBufferCount = 1;
    submit.pCommandBuffers = &commands;
    submit.signalSemaphoreCount = 1;
    submit.pSignalSemaphores = &timeline_;
    r = api_.vkQueueSubmit(queue_, 1, &submit, VK_NULL_HANDLE);
  }
  if (r != VK_SUCCESS) {
    if (commands)
      free_commands_.push_back(commands);
    lock.unlock();
    error = std::string("cannot submit to the Vulkan queue: ") + result_name(r);
    return false;
  }
  ++next_value_;
  in_flight_.push_back({value, commands, std::move(on_complete)});
  lock.unlock();
  work_cv_.notify_one();
  return true;
}

void submission_queue::wait_loop() {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
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
    if (r != VK_SUCCESS) {
      // The device is lost: nothing will complete, so release every waiter
      // rather than hang the program.
      std::fprintf(stderr, "sporkle: vulkan: waiting for the device failed: %s\n",
                   result_name(r));
      reached = UINT64_MAX;
    }
    lock.lock();
    std::vector<in_flight> done;
    while (!in_flight_.empty() && in_flight_.front().value <= reached) {
      done.push_back(std::move(in_flight_.front()));
      in_flight_.pop_front();
    }
    for (in_flight &f : done)
      free_commands_.push_back(f.commands);
    lock.unlock();
    // Completions may submit more work (dependent commands): no lock held.
    for (in_flight &f : done)
      f.on_complete();
    lock.lock();
  }
}

} // namespace sporkle::rt::vk
