// Vulkan memory for one device: buffers with device addresses, and the table
// from address to buffer that copies, fills and frees need.
//
// Every allocation is one VkBuffer on its own VkDeviceMemory, created with
// SHADER_DEVICE_ADDRESS usage; kernels see it by its buffer device address,
// which is also the pointer USM hands out. Host-visible buffers stay mapped.
// USM host and shared memory must be one pointer on host and device: where
// the driver has VK_EXT_map_memory_placed (NVIDIA), such a buffer is mapped
// at its own device address once that range of the process's address space
// is found free; elsewhere only a driver whose mapping already is the device
// address (lavapipe's device addresses are host pointers) serves them.
// Drivers (lavapipe among them) may accept more than a heap holds, so the
// bytes in use per heap are counted here and an allocation that would pass the
// heap size (or, for device-local heaps, which may alias one memory, the
// largest one's size together) fails, as out-of-memory must be reported by the
// runtime.
#ifndef SPORKLE_RUNTIME_VULKAN_MEMORY_H
#define SPORKLE_RUNTIME_VULKAN_MEMORY_H

#include <cstdint>
#include <map>
#include <mutex>
#include <vector>

#include "vulkan_api.h"

namespace sporkle::rt::vk {

enum class memory_placement {
  device,  // device-local; not mapped
  host,    // host-visible and coherent, host-cached where possible; mapped
  shared,  // host-visible and coherent, device-local where possible; mapped
};

struct vk_buffer {
  VkBuffer buffer = VK_NULL_HANDLE;
  VkDeviceMemory memory = VK_NULL_HANDLE;
  uint64_t address = 0;       // buffer device address of byte 0
  uint64_t size = 0;          // bytes of the VkBuffer
  unsigned char *mapped = nullptr; // host pointer of byte 0, or null
  uint32_t heap = 0;
};

/// Where a pointer lands: a buffer and the offset into it.
struct buffer_range {
  vk_buffer buffer;
  uint64_t offset = 0;
};

class memory_manager {
public:
  /// `placed_map_alignment`: VK_EXT_map_memory_placed's alignment where the
  /// device enabled it (and `map_memory2` is its vkMapMemory2KHR), else 0.
  memory_manager(const vulkan_api &api, VkDevice device,
                 const VkPhysicalDeviceMemoryProperties &properties, uint64_t max_allocation,
                 uint64_t placed_map_alignment, PFN_vkMapMemory2KHR map_memory2);
  ~memory_manager(); // frees what is left

  /// Creates a buffer of `bytes` (not recorded in the table). False on
  /// failure. `host_is_device_address`: a mapped buffer whose host pointer
  /// must equal its device address (USM), else it fails.
  bool create(uint64_t bytes, memory_placement placement, vk_buffer &out, bool host_is_device_address = false);
  void destroy(const vk_buffer &buffer);

  /// A recorded allocation whose returned address is aligned to `align`; 0 on failure.
  uint64_t allocate(uint64_t bytes, uint64_t align, memory_placement placement);
  /// Frees a recorded allocation by the address allocate() returned.
  void free(uint64_t address);
  /// The recorded buffer holding all of [address, address + bytes); false if none.
  bool find(uint64_t address, uint64_t bytes, buffer_range &out) const;

  /// Size of the largest device-local heap.
  uint64_t device_heap_size() const;
  /// Whether `bytes` more fit in `heap`, and, for a device-local heap, in
  /// all device-local heaps together. Holds mutex_.
  bool heap_has_room(uint32_t heap, uint64_t bytes) const;

private:
  int memory_type(uint32_t allowed_types, memory_placement placement) const;
  /// Maps `b` (its address known) at its device address: reserves the range
  /// if free, then places the map over the reservation. False if it cannot.
  bool map_at_device_address(vk_buffer &b, uint64_t allocation_size);

  const vulkan_api &api_;
  VkDevice device_;
  VkPhysicalDeviceMemoryProperties properties_;
  uint64_t max_allocation_;
  uint64_t placed_map_alignment_;
  PFN_vkMapMemory2KHR map_memory2_;

  mutable std::mutex mutex_;
  std::vector<uint64_t> heap_used_;               // bytes per heap, guarded by mutex_
  std::map<uint64_t, vk_buffer> allocations_;     // by buffer address, guarded by mutex_
  std::map<uint64_t, uint64_t> returned_to_base_; // aligned address -> buffer address
};

} // namespace sporkle::rt::vk

#endif
