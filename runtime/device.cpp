// The device list, platforms and the default selector (SPORKLE_DEVICE).
//
// Devices are created once, on first use, by every backend's factory and live
// for the whole process. Each backend kind is one platform. The list is the
// place new backends slot in: they append their devices with selectors
// "vulkan:N" / "amdgpu:N", best first. The CPU device stays first, so the
// default selector falls back to it when no GPU is present. Devices a
// backend cannot use are kept with the reason, for sporkle-info.
//
// Vulkan devices are only opened when the program can use them: it carries
// Vulkan kernels (--sporkle-targets=...,vulkan), SPORKLE_DEVICE names a
// Vulkan device, or SPORKLE_VULKAN=1 asks (sporkle-info does). Opening
// Vulkan loads every installed driver (about 0.1 s with lavapipe), a cost a
// CPU-only program should not pay. SPORKLE_VULKAN=0 never opens it.
#include <cstdlib>
#include <string>

#include "internal.h"
#include "registry.h"

namespace sporkle::rt {
namespace {

bool vulkan_wanted() {
  if (const char *force = std::getenv("SPORKLE_VULKAN"); force && *force)
    return std::string(force) != "0";
  if (const char *wanted = std::getenv("SPORKLE_DEVICE"); wanted && std::string(wanted).rfind("vulkan", 0) == 0)
    return true;
  return registered_kernel_count(SPORKLE_TARGET_VULKAN) > 0;
}

struct device_list {
  std::vector<device_impl *> devices;
  std::vector<platform_info> platforms;
  std::vector<unusable_device> unusable;
  std::vector<unusable_device_info> unusable_info; // points into `unusable`
};

void add_devices(device_list &l, std::vector<std::unique_ptr<device_backend>> backends) {
  for (auto &backend : backends) {
    auto *dev = new device_impl;
    dev->backend = std::move(backend);
    l.devices.push_back(dev);
  }
}

device_list &devices() {
  // Leaked: devices (and the CPU worker threads) must outlive every static
  // destructor that may still wait on a queue.
  static device_list *list = [] {
    auto *l = new device_list;
    l->platforms.push_back({"sporkle CPU", "sporkle", "sporkle 0.1.0"});
    add_devices(*l, create_cpu_devices());
    std::vector<std::unique_ptr<device_backend>> vulkan;
    if (vulkan_wanted())
      vulkan = create_vulkan_devices(uint32_t(l->platforms.size()), l->unusable);
    if (!vulkan.empty()) {
      l->platforms.push_back({"sporkle Vulkan", "sporkle", "sporkle 0.1.0 (Vulkan 1.2+)"});
      add_devices(*l, std::move(vulkan));
    }
    for (const unusable_device &u : l->unusable)
      l->unusable_info.push_back({u.platform.c_str(), u.name.c_str(), u.reason.c_str()});
    return l;
  }();
  return *list;
}

/// "vulkan" means "vulkan:0"; "cpu:0" means "cpu".
bool selector_matches(const std::string &wanted, const std::string &selector) {
  if (wanted == selector)
    return true;
  auto canonical = [](std::string s) {
    size_t colon = s.find(':');
    if (colon == std::string::npos)
      return s + ":0";
    return s;
  };
  return canonical(wanted) == canonical(selector);
}

} // namespace

size_t device_count() noexcept { return devices().devices.size(); }

device_impl *device_get(size_t index) noexcept {
  auto &list = devices().devices;
  return index < list.size() ? list[index] : nullptr;
}

const device_info &device_get_info(const device_impl *dev) noexcept {
  return dev->backend->info();
}

size_t platform_count() noexcept { return devices().platforms.size(); }

const platform_info &platform_get_info(size_t index) noexcept {
  return devices().platforms.at(index);
}

size_t unusable_device_count() noexcept { return devices().unusable_info.size(); }

const unusable_device_info &unusable_device_get(size_t index) noexcept {
  return devices().unusable_info.at(index);
}

device_impl *default_device() {
  auto &list = devices().devices;
  if (const char *env = std::getenv("SPORKLE_DEVICE"); env && *env) {
    std::string wanted(env);
    for (device_impl *dev : list)
      if (selector_matches(wanted, dev->backend->info().selector))
        return dev;
    std::string present;
    for (device_impl *dev : list)
      present += std::string(present.empty() ? "" : ", ") + dev->backend->info().selector +
                 " (" + dev->backend->info().name + ")";
    throw_error(sycl::errc::runtime, "SPORKLE_DEVICE=" + wanted +
                                         " names no device present; devices present: " +
                                         (present.empty() ? "none" : present));
  }
  // Best device: the first GPU (backends list theirs best first), else the
  // first device (sporkle's CPU; a Vulkan CPU driver reports as cpu too).
  for (device_impl *dev : list)
    if (dev->backend->info().kind == device_kind::gpu)
      return dev;
  if (list.empty())
    throw_error(sycl::errc::runtime, "no sporkle device is present");
  return list.front();
}

} // namespace sporkle::rt
