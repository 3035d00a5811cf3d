// The Vulkan backend: one usable Vulkan physical device as a sporkle device.
//
// Memory is buffers with device addresses (vulkan_memory.h); kernels are
// SPIR-V compute pipelines launched per include/sporkle/vulkan_abi.h
// (pipeline_store.h); commands are batched into submits whose completions run
// on the waiter thread (submission_queue.h), so the issuing thread never waits
// for the device.
//
// Device type: GPUs (discrete, integrated, virtual) are device_kind::gpu; a
// CPU driver (lavapipe) reports device_kind::cpu, so gpu_selector_v never
// picks a CPU emulating a GPU, and the default selector keeps sporkle's own
// CPU device (listed first, and much faster) over it. SPORKLE_DEVICE=vulkan:N
// still selects it, which is how tests and CI use lavapipe.
//
// USM host and shared memory must have the same pointer on the host and the
// device: the memory manager maps them at their device address where the
// driver can place maps (VK_EXT_map_memory_placed: NVIDIA), or where its
// mapping is the device address anyway (lavapipe). A device where a probe
// allocation shows neither refuses host and shared allocations (allocate
// returns nullptr) rather than hand out a pointer the kernel would read
// differently.
#ifndef SPORKLE_RUNTIME_VULKAN_DEVICE_H
#define SPORKLE_RUNTIME_VULKAN_DEVICE_H

#include <atomic>
#include <memory>
#include <string>

#include "../backend.h"
#include "pipeline_store.h"
#include "submission_queue.h"
#include "vulkan_discovery.h"
#include "vulkan_memory.h"

namespace sporkle::rt::vk {

class vulkan_device final : public device_backend {
public:
  /// Opens `facts` (a usable device). `index` gives the selector "vulkan:index".
  /// On failure returns null and says why in `error`.
  static std::unique_ptr<vulkan_device> open(std::shared_ptr<vulkan_instance> instance,
                                             const physical_device_facts &facts,
                                             uint32_t index, uint32_t platform_index,
                                             std::string &error);
  ~vulkan_device() override;

  const device_info &info() const override { return info_; }
  sporkle_target_kind target() const override { return SPORKLE_TARGET_VULKAN; }

  void *allocate(uint64_t bytes, uint64_t align, memory_kind kind) override;
  void deallocate(void *ptr, memory_kind kind) override;
  void copy(void *dst, const void *src, uint64_t bytes, completion done) override;
  void fill(void *dst, const void *pattern, uint32_t pattern_size, uint64_t count,
            completion done) override;
  void launch(const launch_params &params, completion done) override;
  /// One queue, and a barrier after every command (submission_queue.h).
  bool executes_in_order() const override { return true; }
  bool runs_on_device_queue(command_kind kind, void *dst, const void *src, uint64_t bytes) override;

  /// At process exit (devices are never destroyed): finishes the device's
  /// work and closes it, so that the driver's threads are gone before its
  /// own static destructors run (lavapipe's LLVM crashed under running
  /// threads otherwise). Later calls do nothing.
  void close_at_exit();

  /// Whether host and shared USM allocations are served (see above).
  bool host_pointers_match() const { return host_pointers_match_; }
  pipeline_cache_status pipeline_cache() const { return pipelines_->cache_status(); }
  uint32_t max_group_count(int dim) const { return max_group_count_[dim]; }
  /// Commands recorded and vkQueueSubmit calls made so far.
  submission_queue::counts submission_counts() const { return submitter_->statistics(); }

private:
  explicit vulkan_device(std::shared_ptr<vulkan_instance> instance);
  bool closed() const { return closed_.load(std::memory_order_acquire); }
  std::atomic<bool> closed_{false};
  bool open_device(const physical_device_facts &facts, std::string &error);
  void describe(const physical_device_facts &facts, uint32_t index, uint32_t platform_index);
  bool probe_host_pointers();
  /// SPORKLE_VULKAN_STATS=1: prints the pipeline and submission counts to stderr.
  void report_stats();
  /// Finishes the device's work, reports, and frees everything (the
  /// destructor's and close_at_exit's work; a second call does nothing).
  void release();
  /// Completes a command that cannot run with an error for its queue.
  void fail(sycl::errc code, const std::string &message, completion done);
  /// A host-visible buffer for a transfer; on failure reports and completes \p done.
  bool create_staging(uint64_t bytes, const char *purpose, vk_buffer &staging, completion done);
  /// Submits `record`; `after` (may be empty) runs once the device is done, then `done`.
  void submit(const std::function<void(VkCommandBuffer)> &record, std::function<void()> after,
              completion done);

  std::shared_ptr<vulkan_instance> instance_;
  const vulkan_api &api_;
  VkDevice device_ = VK_NULL_HANDLE;
  VkQueue queue_ = VK_NULL_HANDLE;
  std::unique_ptr<memory_manager> memory_;
  std::unique_ptr<pipeline_store> pipelines_;
  std::unique_ptr<submission_queue> submitter_; // destroyed first: drains before the rest
  bool host_pointers_match_ = false;
  uint32_t max_group_count_[3] = {};

  std::string name_, vendor_, driver_version_, version_, selector_;
  device_info info_{};
};

} // namespace sporkle::rt::vk

#endif
