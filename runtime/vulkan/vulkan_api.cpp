// Loads the Vulkan loader with dlopen (see vulkan_api.h for why).
#include "vulkan_api.h"

#include <dlfcn.h>

namespace sporkle::rt::vk {

bool vulkan_api::load(std::string &error) {
  library = dlopen("libvulkan.so.1", RTLD_NOW | RTLD_LOCAL);
  if (!library) {
    const char *why = dlerror();
    error = std::string("no Vulkan loader: ") + (why ? why : "cannot open libvulkan.so.1");
    return false;
  }
  vkGetInstanceProcAddr =
      reinterpret_cast<PFN_vkGetInstanceProcAddr>(dlsym(library, "vkGetInstanceProcAddr"));
  if (!vkGetInstanceProcAddr) {
    error = "the Vulkan loader has no vkGetInstanceProcAddr";
    dlclose(library);
    library = nullptr;
    return false;
  }
#define SPORKLE_VK_LOAD_GLOBAL(name)                                                              \
  name = reinterpret_cast<PFN_##name>(vkGetInstanceProcAddr(VK_NULL_HANDLE, #name));
  SPORKLE_VK_GLOBAL_FUNCTIONS(SPORKLE_VK_LOAD_GLOBAL)
#undef SPORKLE_VK_LOAD_GLOBAL
  if (!vkCreateInstance) {
    error = "the Vulkan loader has no vkCreateInstance";
    return false;
  }
  return true;
}

bool vulkan_api::load_instance_functions(VkInstance instance, std::string &error) {
#define SPORKLE_VK_LOAD_INSTANCE(name)                                                            \
  name = reinterpret_cast<PFN_##name>(vkGetInstanceProcAddr(instance, #name));                    \
  if (!name) {                                                                                    \
    error = "the Vulkan loader has no " #name;                                                    \
    return false;                                                                                 \
  }
  SPORKLE_VK_INSTANCE_FUNCTIONS(SPORKLE_VK_LOAD_INSTANCE)
#undef SPORKLE_VK_LOAD_INSTANCE
  return true;
}

const char *result_name(VkResult result) {
  switch (result) {
#define SPORKLE_VK_RESULT(r)                                                                      \
  case r: return #r;
    SPORKLE_VK_RESULT(VK_SUCCESS)
    SPORKLE_VK_RESULT(VK_NOT_READY)
    SPORKLE_VK_RESULT(VK_TIMEOUT)
    SPORKLE_VK_RESULT(VK_INCOMPLETE)
    SPORKLE_VK_RESULT(VK_ERROR_OUT_OF_HOST_MEMORY)
    SPORKLE_VK_RESULT(VK_ERROR_OUT_OF_DEVICE_MEMORY)
    SPORKLE_VK_RESULT(VK_ERROR_INITIALIZATION_FAILED)
    SPORKLE_VK_RESULT(VK_ERROR_DEVICE_LOST)
    SPORKLE_VK_RESULT(VK_ERROR_MEMORY_MAP_FAILED)
    SPORKLE_VK_RESULT(VK_ERROR_LAYER_NOT_PRESENT)
    SPORKLE_VK_RESULT(VK_ERROR_EXTENSION_NOT_PRESENT)
    SPORKLE_VK_RESULT(VK_ERROR_FEATURE_NOT_PRESENT)
    SPORKLE_VK_RESULT(VK_ERROR_INCOMPATIBLE_DRIVER)
    SPORKLE_VK_RESULT(VK_ERROR_TOO_MANY_OBJECTS)
    SPORKLE_VK_RESULT(VK_ERROR_INVALID_SHADER_NV)
    SPORKLE_VK_RESULT(VK_ERROR_FORMAT_NOT_SUPPORTED)
    SPORKLE_VK_RESULT(VK_ERROR_FRAGMENTED_POOL)
    SPORKLE_VK_RESULT(VK_ERROR_UNKNOWN)
    SPORKLE_VK_RESULT(VK_ERROR_OUT_OF_POOL_MEMORY)
    SPORKLE_VK_RESULT(VK_ERROR_FRAGMENTATION)
    SPORKLE_VK_RESULT(VK_ERROR_INVALID_OPAQUE_CAPTURE_ADDRESS)
    SPORKLE_VK_RESULT(VK_PIPELINE_COMPILE_REQUIRED)
#undef SPORKLE_VK_RESULT
  default: return "VK_ERROR_(unknown)";
  }
}

} // namespace sporkle::rt::vk
