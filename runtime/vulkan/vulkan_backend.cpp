// The Vulkan backend's factory: every usable Vulkan device, opened, and the
// reasons for the rest (runtime/backend.h).
#include <cstdlib>

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
  static std::vector<vk::vulkan_device *> opened; // closed at exit, in this order
  for (const vk::physical_device_facts &f : found.usable) {
    std::string error;
    auto dev = vk::vulkan_device::open(found.instance, f, uint32_t(devices.size()),
                                       platform_index, error);
    if (dev) {
      opened.push_back(dev.get());
      devices.push_back(std::move(dev));
    } else {
      unusable.push_back({platform, f.properties.deviceName, error});
    }
  }
  // Registered after the drivers were loaded, so it runs before their own
  // exit-time destructors (atexit order is last in, first out).
  if (!opened.empty())
    std::atexit([] {
      for (vk::vulkan_device *dev : opened)
        dev->close_at_exit();
    });
  return devices;
}

} // namespace sporkle::rt
