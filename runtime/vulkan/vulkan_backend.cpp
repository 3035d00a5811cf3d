// The Vulkan backend's factory: every usable Vulkan device, opened, and the
// reasons for the rest (runtime/backend.h).
#include "../backend.h"
#include "vulkan_device.h"
#include "vulkan_discovery.h"

namespace sporkle::rt {

std::vector<std::unique_ptr<device_backend>>
create_vulkan_devices(uint32_t platform_index, std::vector<unusable_device> &unusable) {
  const char *platform = "Vulkan";
  std::vector<std::unique_ptr<device_backend>> devices;
  vk::discovery_result found = vk::discover_vulkan_devices();
  if (!found.instance) {
    unusable.push_back({platform, "", found.no_vulkan_reason});
    return devices;
  }
  for (const vk::physical_device_facts &f : found.unusable)
    unusable.push_back({platform, f.properties.deviceName, f.unusable_reason});
  for (const vk::physical_device_facts &f : found.usable) {
    std::string error;
    auto dev = vk::vulkan_device::open(found.instance, f, uint32_t(devices.size()),
                                       platform_index, error);
    if (dev)
      devices.push_back(std::move(dev));
    else
      unusable.push_back({platform, f.properties.deviceName, error});
  }
  return devices;
}

} // namespace sporkle::rt
