// Kernel registry and the image-table entry points (see registry.h).
#include "registry.h"

#include <cstdio>
#include <cstring>
#include <mutex>
#include <shared_mutex>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "sycl/detail/exception.hpp"

namespace sporkle::rt {
namespace {

struct registered_kernel {
  const sporkle_kernel_desc *kernel;
  const sporkle_image *image;
  const sporkle_image_table *table;
};

struct registry {
  std::shared_mutex mutex;
  // Keys view the names inside the registered tables, which outlive their
  // registration.
  std::unordered_map<std::string_view, std::vector<registered_kernel>> kernels;
};

registry &the_registry() {
  // Leaked on purpose: registration constructors run before our statics
  // might, and unregistration destructors after they would be gone.
  static registry *r = new registry;
  return *r;
}

} // namespace

const char *target_name(sporkle_target_kind target) {
  switch (target) {
  case SPORKLE_TARGET_CPU: return "cpu";
  case SPORKLE_TARGET_VULKAN: return "vulkan";
  case SPORKLE_TARGET_AMDGPU: return "amdgpu";
  }
  return "unknown";
}

kernel_lookup find_kernel(const char *name, sporkle_target_kind target) {
  registry &r = the_registry();
  std::shared_lock lock(r.mutex);
  kernel_lookup result;
  auto it = r.kernels.find(std::string_view(name));
  if (it == r.kernels.end())
    return result;
  result.name_known = !it->second.empty();
  for (const registered_kernel &k : it->second)
    if (k.image->target == uint32_t(target)) {
      result.kernel = k.kernel;
      result.image = k.image;
      break;
    }
  return result;
}

size_t registered_kernel_count(sporkle_target_kind target) {
  registry &r = the_registry();
  std::shared_lock lock(r.mutex);
  size_t n = 0;
  for (auto &entry : r.kernels)
    for (const registered_kernel &k : entry.second)
      n += k.image->target == uint32_t(target);
  return n;
}

} // namespace sporkle::rt

using namespace sporkle::rt;

extern "C" SPORKLE_RT_API void __sporkle_register_images(const sporkle_image_table *table) {
  if (!table)
    return;
  if (table->version != SPORKLE_IMAGE_TABLE_VERSION) {
    // Runs before main(): an exception would terminate with no context.
    std::fprintf(stderr,
                 "sporkle: image table version %u does not match the runtime's %u; "
                 "rebuild the program with this sporkle-cc\n",
                 table->version, SPORKLE_IMAGE_TABLE_VERSION);
    return;
  }
  registry &r = the_registry();
  std::unique_lock lock(r.mutex);
  for (uint32_t i = 0; i < table->num_images; ++i) {
    const sporkle_image &image = table->images[i];
    for (uint32_t k = 0; k < image.num_kernels; ++k) {
      const sporkle_kernel_desc &desc = image.kernels[k];
      if (!desc.name)
        continue;
      r.kernels[std::string_view(desc.name)].push_back({&desc, &image, table});
    }
  }
}

extern "C" SPORKLE_RT_API void __sporkle_unregister_images(const sporkle_image_table *table) {
  if (!table)
    return;
  registry &r = the_registry();
  std::unique_lock lock(r.mutex);
  for (auto it = r.kernels.begin(); it != r.kernels.end();) {
    auto &list = it->second;
    for (size_t i = 0; i < list.size();)
      if (list[i].table == table)
        list.erase(list.begin() + i);
      else
        ++i;
    it = list.empty() ? r.kernels.erase(it) : std::next(it);
  }
}
