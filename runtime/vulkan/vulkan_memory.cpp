// Vulkan buffers with device addresses and their address table (see vulkan_memory.h).
#include "vulkan_memory.h"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>

namespace sporkle::rt::vk {

memory_manager::memory_manager(const vulkan_api &api, VkDevice device,
                               const VkPhysicalDeviceMemoryProperties &properties,
                               uint64_t max_allocation, uint64_t placed_map_alignment,
                               PFN_vkMapMemory2KHR map_memory2)
    : api_(api), device_(device), properties_(properties), max_allocation_(max_allocation),
      placed_map_alignment_(placed_map_alignment), map_memory2_(map_memory2),
      heap_used_(properties.memoryHeapCount, 0) {}

memory_manager::~memory_manager() {
  for (auto &[address, buffer] : allocations_)
    destroy(buffer);
}

uint64_t memory_manager::device_heap_size() const {
  uint64_t best = 0;
  for (uint32_t h = 0; h < properties_.memoryHeapCount; ++h)
    if (properties_.memoryHeaps[h].flags & VK_MEMORY_HEAP_DEVICE_LOCAL_BIT)
      best = std::max<uint64_t>(best, properties_.memoryHeaps[h].size);
  return best;
}

bool memory_manager::heap_has_room(uint32_t heap, uint64_t bytes) const {
  if (heap_used_[heap] + bytes > properties_.memoryHeaps[heap].size)
    return false;
  if (!(properties_.memoryHeaps[heap].flags & VK_MEMORY_HEAP_DEVICE_LOCAL_BIT))
    return true;
  // Device-local heaps may be views of the same memory (NVIDIA lists its
  // video memory twice, once host-visible through the PCI BAR): together
  // they hold no more than the largest.
  uint64_t device_used = 0;
  for (uint32_t h = 0; h < properties_.memoryHeapCount; ++h)
    if (properties_.memoryHeaps[h].flags & VK_MEMORY_HEAP_DEVICE_LOCAL_BIT)
      device_used += heap_used_[h];
  return device_used + bytes <= device_heap_size();
}

int memory_manager::memory_type(uint32_t allowed_types, memory_placement placement) const {
  VkMemoryPropertyFlags required = 0, preferred = 0;
  switch (placement) {
  case memory_placement::device: required = VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT; break;
  case memory_placement::host:
    required = VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT;
    preferred = VK_MEMORY_PROPERTY_HOST_CACHED_BIT;
    break;
  case memory_placement::shared:
    required = VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT;
    preferred = VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT;
    break;
  }
  int fallback = -1;
  for (uint32_t t = 0; t < properties_.memoryTypeCount; ++t) {
    VkMemoryPropertyFlags flags = properties_.memoryTypes[t].propertyFlags;
    if (!(allowed_types & (1u << t)) || (flags & required) != required)
      continue;
    if ((flags & preferred) == preferred)
      return int(t);
    if (fallback < 0)
      fallback = int(t);
  }
  return fallback;
}

bool memory_manager::map_at_device_address(vk_buffer &b, uint64_t allocation_size) {
  uint64_t page = std::max<uint64_t>(placed_map_alignment_, uint64_t(sysconf(_SC_PAGESIZE)));
  if (b.address % page)
    return false;
  uint64_t length = (allocation_size + page - 1) & ~(page - 1);
  void *want = reinterpret_cast<void *>(b.address);
  // A placed map replaces whatever is mapped there, so first make sure the
  // range is free: MAP_FIXED_NOREPLACE fails (or, before Linux 4.17, lands
  // elsewhere) if any of it is in use.
  void *reserved = mmap(want, length, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE,
                        -1, 0);
  if (reserved == MAP_FAILED)
    return false;
  if (reserved != want) {
    munmap(reserved, length);
    return false;
  }
  VkMemoryMapPlacedInfoEXT placed{VK_STRUCTURE_TYPE_MEMORY_MAP_PLACED_INFO_EXT};
  placed.pPlacedAddress = want;
  VkMemoryMapInfoKHR map{VK_STRUCTURE_TYPE_MEMORY_MAP_INFO_KHR, &placed};
  map.flags = VK_MEMORY_MAP_PLACED_BIT_EXT;
  map.memory = b.memory;
  map.offset = 0;
  map.size = VK_WHOLE_SIZE;
  void *mapped = nullptr;
  if (map_memory2_(device_, &map, &mapped) != VK_SUCCESS || mapped != want) {
    munmap(reserved, length); // (a map elsewhere goes with the memory, which the caller frees)
    return false;
  }
  // (vkFreeMemory unmaps it, leaving the range free again.)
  b.mapped = static_cast<unsigned char *>(mapped);
  return true;
}

bool memory_manager::create(uint64_t bytes, memory_placement placement, vk_buffer &out,
                            bool host_is_device_address) {
  bytes = std::max<uint64_t>(bytes, 4);
  if (bytes > max_allocation_)
    return false;
  VkBufferCreateInfo buffer_info{VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO};
  buffer_info.size = bytes;
  buffer_info.usage = VK_BUFFER_USAGE_SHADER_DEVICE_ADDRESS_BIT |
                      VK_BUFFER_USAGE_STORAGE_BUFFER_BIT | VK_BUFFER_USAGE_TRANSFER_SRC_BIT |
                      VK_BUFFER_USAGE_TRANSFER_DST_BIT;
  buffer_info.sharingMode = VK_SHARING_MODE_EXCLUSIVE;
  vk_buffer b;
  b.size = bytes;
  if (api_.vkCreateBuffer(device_, &buffer_info, nullptr, &b.buffer) != VK_SUCCESS)
    return false;
  VkMemoryRequirements requirements;
  api_.vkGetBufferMemoryRequirements(device_, b.buffer, &requirements);
  int type = memory_type(requirements.memoryTypeBits, placement);
  if (type < 0) {
    api_.vkDestroyBuffer(device_, b.buffer, nullptr);
    return false;
  }
  b.heap = properties_.memoryTypes[type].heapIndex;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!heap_has_room(b.heap, requirements.size)) {
      api_.vkDestroyBuffer(device_, b.buffer, nullptr);
      return false;
    }
    heap_used_[b.heap] += requirements.size;
  }
  auto undo = [&] {
    if (b.memory)
      api_.vkFreeMemory(device_, b.memory, nullptr);
    api_.vkDestroyBuffer(device_, b.buffer, nullptr);
    std::lock_guard<std::mutex> lock(mutex_);
    heap_used_[b.heap] -= requirements.size;
    return false;
  };
  VkMemoryAllocateFlagsInfo flags_info{VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_FLAGS_INFO};
  flags_info.flags = VK_MEMORY_ALLOCATE_DEVICE_ADDRESS_BIT;
  VkMemoryAllocateInfo alloc_info{VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO, &flags_info};
  alloc_info.allocationSize = requirements.size;
  alloc_info.memoryTypeIndex = uint32_t(type);
  if (api_.vkAllocateMemory(device_, &alloc_info, nullptr, &b.memory) != VK_SUCCESS) {
    b.memory = VK_NULL_HANDLE;
    return undo();
  }
  if (api_.vkBindBufferMemory(device_, b.buffer, b.memory, 0) != VK_SUCCESS)
    return undo();
  VkBufferDeviceAddressInfo address_info{VK_STRUCTURE_TYPE_BUFFER_DEVICE_ADDRESS_INFO};
  address_info.buffer = b.buffer;
  b.address = api_.vkGetBufferDeviceAddress(device_, &address_info);
  if (!b.address)
    return undo();
  if (placement != memory_placement::device) {
    if (host_is_device_address && placed_map_alignment_) {
      if (!map_at_device_address(b, requirements.size))
        return undo();
    } else {
      void *mapped = nullptr;
      if (api_.vkMapMemory(device_, b.memory, 0, VK_WHOLE_SIZE, 0, &mapped) != VK_SUCCESS)
        return undo();
      b.mapped = static_cast<unsigned char *>(mapped);
      if (host_is_device_address && reinterpret_cast<uint64_t>(b.mapped) != b.address)
        return undo();
    }
  }
  out = b;
  return true;
}

void memory_manager::destroy(const vk_buffer &b) {
  VkMemoryRequirements requirements;
  api_.vkGetBufferMemoryRequirements(device_, b.buffer, &requirements);
  api_.vkDestroyBuffer(device_, b.buffer, nullptr);
  api_.vkFreeMemory(device_, b.memory, nullptr); // unmaps too
  std::lock_guard<std::mutex> lock(mutex_);
  heap_used_[b.heap] -= requirements.size;
}

uint64_t memory_manager::allocate(uint64_t bytes, uint64_t align, memory_placement placement) {
  align = std::max<uint64_t>(align, 128);
  if (align & (align - 1))
    return 0;
  // Drivers align buffers generously; only when this one did not, allocate
  // again with room to align by hand.
  vk_buffer b;
  uint64_t aligned = 0;
  for (uint64_t padding : {uint64_t(0), align}) {
    uint64_t size = std::max<uint64_t>(bytes, 1) + padding;
    if (size < bytes || !create(size, placement, b, /*host_is_device_address=*/placement != memory_placement::device))
      return 0;
    aligned = (b.address + align - 1) & ~(align - 1);
    if (aligned - b.address + bytes <= b.size)
      break;
    destroy(b);
    aligned = 0;
  }
  if (!aligned)
    return 0;
  std::lock_guard<std::mutex> lock(mutex_);
  allocations_[b.address] = b;
  returned_to_base_[aligned] = b.address;
  return aligned;
}

void memory_manager::free(uint64_t address) {
  vk_buffer b;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto base = returned_to_base_.find(address);
    if (base == returned_to_base_.end())
      return;
    auto it = allocations_.find(base->second);
    b = it->second;
    allocations_.erase(it);
    returned_to_base_.erase(base);
  }
  destroy(b);
}

bool memory_manager::find(uint64_t address, uint64_t bytes, buffer_range &out) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = allocations_.upper_bound(address);
  if (it == allocations_.begin())
    return false;
  --it;
  const vk_buffer &b = it->second;
  uint64_t offset = address - b.address;
  if (offset >= b.size || bytes > b.size - offset)
    return false;
  out.buffer = b;
  out.offset = offset;
  return true;
}

} // namespace sporkle::rt::vk
