// Finding Vulkan devices: the instance, what each physical device offers,
// whether sporkle can use it and in which order devices are listed.
//
// A device is usable when it has Vulkan 1.2 (SPIR-V 1.5 modules, timeline
// semaphores), bufferDeviceAddress (every global pointer is one) and
// shaderInt64 (addresses are 64-bit integers in the emitted code). Devices
// are ranked discrete GPU, integrated, virtual, other, then CPU drivers
// (lavapipe); "vulkan:N" is the N-th usable device in that order.
#ifndef SPORKLE_RUNTIME_VULKAN_DISCOVERY_H
#define SPORKLE_RUNTIME_VULKAN_DISCOVERY_H

#include <memory>
#include <string>
#include <vector>

#include "vulkan_api.h"

namespace sporkle::rt::vk {

/// The loader and one VkInstance, shared by every device made from it.
struct vulkan_instance {
  vulkan_api api;
  VkInstance instance = VK_NULL_HANDLE;
  ~vulkan_instance();
};

/// What sporkle reads about a physical device before it opens it.
struct physical_device_facts {
  VkPhysicalDevice handle = VK_NULL_HANDLE;
  VkPhysicalDeviceProperties properties{};
  VkPhysicalDeviceIDProperties ids{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_ID_PROPERTIES};
  VkPhysicalDeviceDriverProperties driver{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_DRIVER_PROPERTIES};
  VkPhysicalDeviceMaintenance3Properties maintenance3{
      VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_MAINTENANCE_3_PROPERTIES};
  VkPhysicalDeviceMemoryProperties memory{};
  VkPhysicalDeviceFeatures features{};
  VkPhysicalDeviceVulkan11Features features11{
      VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_1_FEATURES};
  VkPhysicalDeviceVulkan12Features features12{
      VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_2_FEATURES};
  uint32_t compute_queue_family = 0;
  /// VK_EXT_pipeline_creation_feedback: tells whether a pipeline came from
  /// the pipeline cache (sporkle enables it when present).
  bool creation_feedback = false;
  /// VK_EXT_map_memory_placed's memoryMapPlaced (with VK_KHR_map_memory2):
  /// host-visible memory can be mapped at its device address, so that USM
  /// host and shared pointers are one address for host and device. 0 when
  /// not available (or an enabled layer predates the extension), else
  /// minPlacedMemoryMapAlignment.
  uint64_t placed_map_alignment = 0;
  std::string unusable_reason; // empty: usable
};

struct discovery_result {
  std::shared_ptr<vulkan_instance> instance; // null when there is no Vulkan at all
  std::vector<physical_device_facts> usable; // best first
  std::vector<physical_device_facts> unusable;
  std::string no_vulkan_reason; // why `instance` is null ("" if it is not)
};

/// Loads the loader, creates an instance and sorts the physical devices.
/// Never throws; a machine without Vulkan gives an empty result with a reason.
discovery_result discover_vulkan_devices();

} // namespace sporkle::rt::vk

#endif
