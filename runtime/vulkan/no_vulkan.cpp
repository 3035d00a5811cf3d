// The Vulkan backend's factory when libsporkle was built without the Vulkan
// headers: no Vulkan devices, and sporkle-info says why.
#include "../backend.h"

namespace sporkle::rt {

std::vector<std::unique_ptr<device_backend>>
create_vulkan_devices(uint32_t, std::vector<unusable_device> &unusable) {
  unusable.push_back({"Vulkan", "", "libsporkle was built without the Vulkan headers"});
  return {};
}

} // namespace sporkle::rt
