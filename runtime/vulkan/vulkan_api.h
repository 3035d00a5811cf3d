// The Vulkan entry points libsporkle uses, loaded at run time.
//
// libsporkle must start (CPU only) on machines without a Vulkan loader, so it
// never links libvulkan: vulkan_api::load() dlopens "libvulkan.so.1" and
// fetches every function through vkGetInstanceProcAddr (VK_NO_PROTOTYPES).
// Device-level functions are fetched through the instance too: the loader's
// trampolines dispatch them, which costs one indirection and keeps one table.
#ifndef SPORKLE_RUNTIME_VULKAN_API_H
#define SPORKLE_RUNTIME_VULKAN_API_H

#ifndef VK_NO_PROTOTYPES
#define VK_NO_PROTOTYPES
#endif
#include <vulkan/vulkan.h>

#include <string>

// VK_KHR_map_memory2 and VK_EXT_map_memory_placed (Vulkan headers 1.3.277 and
// later declare them; Debian 12's 1.3.239 does not): what sporkle uses of them.
#ifndef VK_KHR_map_memory2
#define VK_KHR_map_memory2 1
#define VK_KHR_MAP_MEMORY_2_EXTENSION_NAME "VK_KHR_map_memory2"
#define VK_STRUCTURE_TYPE_MEMORY_MAP_INFO_KHR ((VkStructureType)1000271000)
typedef struct VkMemoryMapInfoKHR {
  VkStructureType sType;
  const void *pNext;
  VkMemoryMapFlags flags;
  VkDeviceMemory memory;
  VkDeviceSize offset;
  VkDeviceSize size;
} VkMemoryMapInfoKHR;
typedef VkResult(VKAPI_PTR *PFN_vkMapMemory2KHR)(VkDevice device, const VkMemoryMapInfoKHR *pMemoryMapInfo,
                                                  void **ppData);
#endif
#ifndef VK_EXT_map_memory_placed
#define VK_EXT_map_memory_placed 1
#define VK_EXT_MAP_MEMORY_PLACED_EXTENSION_NAME "VK_EXT_map_memory_placed"
#define VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_MAP_MEMORY_PLACED_FEATURES_EXT ((VkStructureType)1000272000)
#define VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_MAP_MEMORY_PLACED_PROPERTIES_EXT ((VkStructureType)1000272001)
#define VK_STRUCTURE_TYPE_MEMORY_MAP_PLACED_INFO_EXT ((VkStructureType)1000272002)
#define VK_MEMORY_MAP_PLACED_BIT_EXT 0x00000001u
typedef struct VkPhysicalDeviceMapMemoryPlacedFeaturesEXT {
  VkStructureType sType;
  void *pNext;
  VkBool32 memoryMapPlaced;
  VkBool32 memoryMapRangePlaced;
  VkBool32 memoryUnmapReserve;
} VkPhysicalDeviceMapMemoryPlacedFeaturesEXT;
typedef struct VkPhysicalDeviceMapMemoryPlacedPropertiesEXT {
  VkStructureType sType;
  void *pNext;
  VkDeviceSize minPlacedMemoryMapAlignment;
} VkPhysicalDeviceMapMemoryPlacedPropertiesEXT;
typedef struct VkMemoryMapPlacedInfoEXT {
  VkStructureType sType;
  const void *pNext;
  void *pPlacedAddress;
} VkMemoryMapPlacedInfoEXT;
#endif

namespace sporkle::rt::vk {

// Functions that need no instance.
#define SPORKLE_VK_GLOBAL_FUNCTIONS(X)                                                            \
  X(vkCreateInstance)                                                                             \
  X(vkEnumerateInstanceVersion)                                                                   \
  X(vkEnumerateInstanceLayerProperties)

// Everything else (instance and device level).
#define SPORKLE_VK_INSTANCE_FUNCTIONS(X)                                                          \
  X(vkDestroyInstance)                                                                            \
  X(vkGetDeviceProcAddr)                                                                          \
  X(vkEnumeratePhysicalDevices)                                                                   \
  X(vkGetPhysicalDeviceProperties2)                                                               \
  X(vkGetPhysicalDeviceFeatures2)                                                                 \
  X(vkGetPhysicalDeviceMemoryProperties)                                                          \
  X(vkGetPhysicalDeviceQueueFamilyProperties)                                                     \
  X(vkEnumerateDeviceExtensionProperties)                                                         \
  X(vkCreateDevice)                                                                               \
  X(vkDestroyDevice)                                                                              \
  X(vkGetDeviceQueue)                                                                             \
  X(vkDeviceWaitIdle)                                                                             \
  X(vkAllocateMemory)                                                                             \
  X(vkFreeMemory)                                                                                 \
  X(vkMapMemory)                                                                                  \
  X(vkCreateBuffer)                                                                               \
  X(vkDestroyBuffer)                                                                              \
  X(vkGetBufferMemoryRequirements)                                                                \
  X(vkBindBufferMemory)                                                                           \
  X(vkGetBufferDeviceAddress)                                                                     \
  X(vkCreateCommandPool)                                                                          \
  X(vkDestroyCommandPool)                                                                         \
  X(vkAllocateCommandBuffers)                                                                     \
  X(vkBeginCommandBuffer)                                                                         \
  X(vkEndCommandBuffer)                                                                           \
  X(vkQueueSubmit)                                                                                \
  X(vkCreateSemaphore)                                                                            \
  X(vkDestroySemaphore)                                                                           \
  X(vkWaitSemaphores)                                                                             \
  X(vkGetSemaphoreCounterValue)                                                                   \
  X(vkCmdCopyBuffer)                                                                              \
  X(vkCmdFillBuffer)                                                                              \
  X(vkCmdPipelineBarrier)                                                                         \
  X(vkCmdBindPipeline)                                                                            \
  X(vkCmdPushConstants)                                                                           \
  X(vkCmdDispatchBase)                                                                            \
  X(vkCreateShaderModule)                                                                         \
  X(vkDestroyShaderModule)                                                                        \
  X(vkCreatePipelineLayout)                                                                       \
  X(vkDestroyPipelineLayout)                                                                      \
  X(vkCreateComputePipelines)                                                                     \
  X(vkDestroyPipeline)                                                                            \
  X(vkCreatePipelineCache)                                                                        \
  X(vkDestroyPipelineCache)                                                                       \
  X(vkGetPipelineCacheData)

struct vulkan_api {
  PFN_vkGetInstanceProcAddr vkGetInstanceProcAddr = nullptr;
#define SPORKLE_VK_DECLARE(name) PFN_##name name = nullptr;
  SPORKLE_VK_GLOBAL_FUNCTIONS(SPORKLE_VK_DECLARE)
  SPORKLE_VK_INSTANCE_FUNCTIONS(SPORKLE_VK_DECLARE)
#undef SPORKLE_VK_DECLARE

  /// dlopens the loader and fetches the global functions. On failure returns
  /// false and says why in `error`; nothing is left loaded.
  bool load(std::string &error);
  /// Fetches the instance and device functions; false names the first missing one.
  bool load_instance_functions(VkInstance instance, std::string &error);

  void *library = nullptr; // never closed: drivers may leave threads behind
};

/// "VK_ERROR_OUT_OF_DEVICE_MEMORY" and the like, for messages.
const char *result_name(VkResult result);

} // namespace sporkle::rt::vk

#endif
