// Compute pipelines for one device: one per (kernel, local size, local words).
//
// The pipeline layout is the same for every kernel (vulkan_abi.h): no
// descriptor sets, one push-constant range of SPORKLE_VK_PUSH_CONSTANT_BYTES.
// The local size and the run-time local memory are specialization constants,
// so one SPIR-V module serves every launch shape. Pipelines are created with
// DISPATCH_BASE so a launch can be split over maxComputeWorkGroupCount. A
// VkPipelineCache, loaded from and saved to disk (pipeline_cache_file.h) each
// time a new pipeline was made, lets a second run skip the driver's compile;
// with VK_EXT_pipeline_creation_feedback the store counts the pipelines the
// driver found there (SPORKLE_VULKAN_STATS=1 prints the counts when
// the device closes).
//
// SPORKLE_VK_SPEC_FUSED_FMA (vulkan_abi.h) is set per device from its driver
// id: false for lavapipe (Mesa llvmpipe computes Fma as a multiply and an
// add, so kernels use their exact fma emulation), true for every other
// driver. No probe runs at device open. The environment variable
// SPORKLE_VULKAN_FUSED_FMA=0 or =1 overrides the choice (for testing: =1 on
// lavapipe shows the unfused results the emulation avoids). The value is one
// per store, so the in-memory pipeline map needs no key for it; the driver's
// pipeline cache keys by the specialization data.
//
// Launch constants (sporkle_launch_constant): a kernel whose argument block
// holds values used only to address local memory gets them as specialization
// constants, one pipeline per set of values, so the driver sees constant
// local-memory layouts. Past max_specializations sets for one shape, further
// launches share the generic pipeline (the values from push constants).
#ifndef SPORKLE_RUNTIME_VULKAN_PIPELINE_STORE_H
#define SPORKLE_RUNTIME_VULKAN_PIPELINE_STORE_H

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

#include "sporkle/image_table.h"
#include "vulkan_api.h"

namespace sporkle::rt::vk {

struct pipeline_cache_status {
  std::string path; // empty: no cache directory (no HOME)
  bool loaded_from_disk = false;
  uint64_t loaded_bytes = 0; // driver data read back
  uint64_t saves = 0;        // times the file was written
  // Pipelines made, how many of them the driver found in the pipeline cache
  // (creation feedback; only counted when the device reports it), and the
  // time spent in vkCreateComputePipelines.
  uint64_t pipelines_created = 0;
  uint64_t pipelines_from_cache = 0;
  bool feedback = false;
  uint64_t creation_ns = 0;
};

class pipeline_store {
public:
  /// `cache_path` empty: keep the cache in memory only.
  /// `driver`: the device's VkPhysicalDeviceDriverProperties::driverID.
  /// `creation_feedback`: VK_EXT_pipeline_creation_feedback is enabled.
  pipeline_store(const vulkan_api &api, VkDevice device, VkDriverId driver, std::string cache_path,
                 std::string cache_key, bool creation_feedback);
  ~pipeline_store();

  bool ok() const { return error_.empty(); }
  const std::string &error() const { return error_; }
  VkPipelineLayout layout() const { return layout_; }
  /// The value given to SPORKLE_VK_SPEC_FUSED_FMA.
  bool fused_fma() const { return fused_fma_; }

  /// The pipeline for `kernel` of `image` at this shape; VK_NULL_HANDLE and
  /// `error` set on failure (bad module, missing entry point).
  /// `launch_values`: the kernel's launch constants for this launch (empty:
  /// the generic pipeline).
  VkPipeline get(const sporkle_image &image, const sporkle_kernel_desc &kernel,
                 const uint32_t local_size[3], uint32_t local_words,
                 const std::vector<uint64_t> &launch_values, std::string &error);

  static constexpr unsigned max_specializations = 16;

  pipeline_cache_status cache_status() const;

private:
  VkShaderModule module_for(const sporkle_image &image, std::string &error);
  void save_cache();

  using shape_key = std::tuple<const void *, std::string, uint32_t, uint32_t, uint32_t, uint32_t>;
  using pipeline_key = std::pair<shape_key, std::vector<uint64_t>>; // values empty: generic

  const vulkan_api &api_;
  VkDevice device_;
  std::string cache_path_, cache_key_;
  std::string error_;
  bool fused_fma_ = true;
  VkPipelineLayout layout_ = VK_NULL_HANDLE;
  VkPipelineCache cache_ = VK_NULL_HANDLE;

  mutable std::mutex mutex_;                       // guards the maps and the status
  std::map<const void *, VkShaderModule> modules_; // by image data
  std::map<pipeline_key, VkPipeline> pipelines_;
  std::map<shape_key, unsigned> specializations_; // specialized pipelines per shape
  pipeline_cache_status status_;
};

} // namespace sporkle::rt::vk

#endif
