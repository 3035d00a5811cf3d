// The Vulkan instance and the physical devices sporkle can use (see vulkan_discovery.h).
#include "vulkan_discovery.h"

#include <fnmatch.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>

namespace sporkle::rt::vk {
namespace {

int type_rank(VkPhysicalDeviceType type) {
  switch (type) {
  case VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU: return 0;
  case VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU: return 1;
  case VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU: return 2;
  case VK_PHYSICAL_DEVICE_TYPE_CPU: return 4;
  default: return 3;
  }
}

std::string version_string(uint32_t v) {
  return std::to_string(VK_API_VERSION_MAJOR(v)) + "." + std::to_string(VK_API_VERSION_MINOR(v)) +
         "." + std::to_string(VK_API_VERSION_PATCH(v));
}

/// Whether a layer the environment enables (VK_INSTANCE_LAYERS,
/// VK_LOADER_LAYERS_ENABLE) was built before VK_EXT_map_memory_placed: such
/// a layer (Debian 12's validation layer, 1.3.239) rejects the extension's
/// structures and drops vkMapMemory2KHR, so the extension is left alone.
bool enabled_layer_predates_placed_maps(const vulkan_api &api) {
  const char *listed = std::getenv("VK_INSTANCE_LAYERS");
  const char *patterns = std::getenv("VK_LOADER_LAYERS_ENABLE");
  if ((!listed || !*listed) && (!patterns || !*patterns))
    return false;
  if (!api.vkEnumerateInstanceLayerProperties)
    return true;
  uint32_t count = 0;
  api.vkEnumerateInstanceLayerProperties(&count, nullptr);
  std::vector<VkLayerProperties> layers(count);
  if (count && api.vkEnumerateInstanceLayerProperties(&count, layers.data()) != VK_SUCCESS)
    return true;
  layers.resize(count);
  auto split = [](const char *text, char separator) {
    std::vector<std::string> parts;
    std::string part;
    for (const char *c = text ? text : ""; ; ++c) {
      if (*c == separator || !*c) {
        if (!part.empty())
          parts.push_back(part);
        part.clear();
        if (!*c)
          break;
      } else {
        part += *c;
      }
    }
    return parts;
  };
  std::vector<std::string> names = split(listed, ':'), globs = split(patterns, ',');
  const uint32_t first_with_placed_maps = VK_MAKE_API_VERSION(0, 1, 3, 277);
  for (const VkLayerProperties &layer : layers) {
    bool enabled = std::find(names.begin(), names.end(), layer.layerName) != names.end();
    for (const std::string &glob : globs)
      enabled |= fnmatch(glob.c_str(), layer.layerName, 0) == 0;
    if (enabled && layer.specVersion < first_with_placed_maps)
      return true;
  }
  return false;
}

physical_device_facts read_facts(const vulkan_api &api, VkPhysicalDevice handle, bool placed_maps_allowed) {
  physical_device_facts f;
  f.handle = handle;
  VkPhysicalDeviceProperties2 properties{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_PROPERTIES_2};
  api.vkGetPhysicalDeviceProperties2(handle, &properties); // plain properties first
  f.properties = properties.properties;
  if (f.properties.apiVersion < VK_API_VERSION_1_2) {
    f.unusable_reason = "Vulkan " + version_string(f.properties.apiVersion) +
                        "; sporkle needs 1.2 (SPIR-V 1.5, timeline semaphores)";
    return f;
  }
  properties.pNext = &f.ids;
  f.ids.pNext = &f.driver;
  f.driver.pNext = &f.maintenance3;
  api.vkGetPhysicalDeviceProperties2(handle, &properties);
  f.ids.pNext = f.driver.pNext = f.maintenance3.pNext = nullptr;

  VkPhysicalDeviceFeatures2 features{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FEATURES_2};
  features.pNext = &f.features11;
  f.features11.pNext = &f.features12;
  api.vkGetPhysicalDeviceFeatures2(handle, &features);
  f.features = features.features;
  f.features11.pNext = f.features12.pNext = nullptr;
  api.vkGetPhysicalDeviceMemoryProperties(handle, &f.memory);

  uint32_t families = 0;
  api.vkGetPhysicalDeviceQueueFamilyProperties(handle, &families, nullptr);
  std::vector<VkQueueFamilyProperties> family_properties(families);
  api.vkGetPhysicalDeviceQueueFamilyProperties(handle, &families, family_properties.data());
  int compute = -1;
  for (uint32_t i = 0; i < families && compute < 0; ++i)
    if (family_properties[i].queueFlags & VK_QUEUE_COMPUTE_BIT)
      compute = int(i);

  if (!f.features12.bufferDeviceAddress)
    f.unusable_reason = "no bufferDeviceAddress (sporkle's global pointers are device addresses)";
  else if (!f.features.shaderInt64)
    f.unusable_reason = "no shaderInt64";
  else if (!f.features12.timelineSemaphore)
    f.unusable_reason = "no timeline semaphores";
  else if (compute < 0)
    f.unusable_reason = "no compute queue";
  else
    f.compute_queue_family = uint32_t(compute);

  uint32_t count = 0;
  api.vkEnumerateDeviceExtensionProperties(handle, nullptr, &count, nullptr);
  std::vector<VkExtensionProperties> extensions(count);
  bool map_memory2 = false, map_memory_placed = false;
  if (api.vkEnumerateDeviceExtensionProperties(handle, nullptr, &count, extensions.data()) == VK_SUCCESS)
    for (uint32_t i = 0; i < count; ++i) {
      const char *name = extensions[i].extensionName;
      f.creation_feedback |= std::strcmp(name, VK_EXT_PIPELINE_CREATION_FEEDBACK_EXTENSION_NAME) == 0;
      map_memory2 |= std::strcmp(name, VK_KHR_MAP_MEMORY_2_EXTENSION_NAME) == 0;
      map_memory_placed |= std::strcmp(name, VK_EXT_MAP_MEMORY_PLACED_EXTENSION_NAME) == 0;
    }
  if (map_memory2 && map_memory_placed && placed_maps_allowed) {
    VkPhysicalDeviceMapMemoryPlacedFeaturesEXT placed{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_MAP_MEMORY_PLACED_FEATURES_EXT};
    VkPhysicalDeviceFeatures2 placed_features{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FEATURES_2, &placed};
    api.vkGetPhysicalDeviceFeatures2(handle, &placed_features);
    VkPhysicalDeviceMapMemoryPlacedPropertiesEXT alignment{
        VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_MAP_MEMORY_PLACED_PROPERTIES_EXT};
    VkPhysicalDeviceProperties2 placed_properties{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_PROPERTIES_2, &alignment};
    api.vkGetPhysicalDeviceProperties2(handle, &placed_properties);
    if (placed.memoryMapPlaced && alignment.minPlacedMemoryMapAlignment)
      f.placed_map_alignment = alignment.minPlacedMemoryMapAlignment;
  }
  return f;
}

} // namespace

vulkan_instance::~vulkan_instance() {
  if (instance)
    api.vkDestroyInstance(instance, nullptr);
}

discovery_result discover_vulkan_devices() {
  discovery_result result;
  auto instance = std::make_shared<vulkan_instance>();
  vulkan_api &api = instance->api;
  if (!api.load(result.no_vulkan_reason))
    return result;
  uint32_t loader_version = VK_API_VERSION_1_0;
  if (api.vkEnumerateInstanceVersion)
    api.vkEnumerateInstanceVersion(&loader_version);
  if (loader_version < VK_API_VERSION_1_2) {
    result.no_vulkan_reason = "the Vulkan loader is version " + version_string(loader_version) +
                              "; sporkle needs 1.2";
    return result;
  }

  VkApplicationInfo app{VK_STRUCTURE_TYPE_APPLICATION_INFO};
  app.pApplicationName = "sporkle";
  app.pEngineName = "sporkle";
  app.apiVersion = VK_API_VERSION_1_2;
  VkInstanceCreateInfo info{VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO};
  info.pApplicationInfo = &app;
  VkResult r = api.vkCreateInstance(&info, nullptr, &instance->instance);
  if (r == VK_ERROR_INCOMPATIBLE_DRIVER) {
    instance->instance = VK_NULL_HANDLE;
    result.no_vulkan_reason = "no Vulkan driver (ICD) is installed";
    return result;
  }
  if (r != VK_SUCCESS) {
    instance->instance = VK_NULL_HANDLE;
    result.no_vulkan_reason = std::string("vkCreateInstance: ") + result_name(r);
    return result;
  }
  if (!api.load_instance_functions(instance->instance, result.no_vulkan_reason))
    return result;

  uint32_t count = 0;
  api.vkEnumeratePhysicalDevices(instance->instance, &count, nullptr);
  std::vector<VkPhysicalDevice> handles(count);
  if (count)
    api.vkEnumeratePhysicalDevices(instance->instance, &count, handles.data());
  handles.resize(count);
  if (handles.empty()) {
    result.no_vulkan_reason = "the Vulkan driver reports no devices";
    return result;
  }
  bool placed_maps_allowed = !enabled_layer_predates_placed_maps(api);
  for (VkPhysicalDevice handle : handles) {
    physical_device_facts f = read_facts(api, handle, placed_maps_allowed);
    (f.unusable_reason.empty() ? result.usable : result.unusable).push_back(f);
  }
  std::stable_sort(result.usable.begin(), result.usable.end(),
                   [](const physical_device_facts &a, const physical_device_facts &b) {
                     return type_rank(a.properties.deviceType) < type_rank(b.properties.deviceType);
                   });
  result.instance = std::move(instance);
  return result;
}

} // namespace sporkle::rt::vk
