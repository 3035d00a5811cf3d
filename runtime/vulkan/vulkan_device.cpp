// The Vulkan backend's device: opening it, its properties, memory, copies,
// fills and launches (see vulkan_device.h).
#include "vulkan_device.h"
#include "vulkan_builtin_kernels.h"

#include <algorithm>
#include <cstdlib>
#include <mutex>
#include <vector>
#include <cstdio>
#include <cstring>
#include <thread>

#include "pipeline_cache_file.h"
#include "sporkle/vulkan_abi.h"

namespace sporkle::rt::vk {
namespace {

// No Vulkan property counts compute units; a GPU gets this many for the
// runtime's local-size choice (enough work-groups to fill a large GPU).
constexpr uint32_t assumed_gpu_compute_units = 64;

std::string vendor_name(uint32_t id) {
  switch (id) {
  case 0x1002: return "AMD";
  case 0x10de: return "NVIDIA";
  case 0x8086: return "Intel";
  case 0x13b5: return "ARM";
  case 0x5143: return "Qualcomm";
  case 0x106b: return "Apple";
  case VK_VENDOR_ID_MESA: return "Mesa";
  default: {
    char hex[16];
    std::snprintf(hex, sizeof hex, "0x%04x", id);
    return hex;
  }
  }
}

std::string api_version_string(uint32_t v) {
  return std::to_string(VK_API_VERSION_MAJOR(v)) + "." + std::to_string(VK_API_VERSION_MINOR(v)) +
         "." + std::to_string(VK_API_VERSION_PATCH(v));
}

/// The host pointer of a range in a mapped (host-visible) buffer.
unsigned char *host_view(const buffer_range &r) { return r.buffer.mapped + r.offset; }

} // namespace

vulkan_device::vulkan_device(std::shared_ptr<vulkan_instance> instance)
    : instance_(std::move(instance)), api_(instance_->api) {}

namespace {
/// The devices still open, closed at process exit (see close_at_exit).
struct open_device_list {
  std::mutex mutex;
  std::vector<vulkan_device *> devices;
};
open_device_list &open_devices() {
  static open_device_list *list = new open_device_list; // leaked: used at exit
  return *list;
}
void close_open_devices_at_exit() {
  open_device_list &list = open_devices();
  std::vector<vulkan_device *> devices;
  {
    std::lock_guard<std::mutex> lock(list.mutex);
    devices = list.devices;
  }
  for (vulkan_device *dev : devices)
    dev->close_at_exit();
}
} // namespace

void vulkan_device::close_at_exit() {
  if (closed_.exchange(true, std::memory_order_acq_rel))
    return;
  if (device_)
    api_.vkDeviceWaitIdle(device_);
  release();
}

vulkan_device::~vulkan_device() {
  {
    open_device_list &list = open_devices();
    std::lock_guard<std::mutex> lock(list.mutex);
    list.devices.erase(std::remove(list.devices.begin(), list.devices.end(), this), list.devices.end());
  }
  release();
}

void vulkan_device::release() {
  if (submitter_)
    submitter_->finish(); // runs every pending completion, joins the waiter thread
  report_stats();
  submitter_.reset();
  pipelines_.reset();
  memory_.reset();
  if (device_)
    api_.vkDestroyDevice(device_, nullptr);
  device_ = VK_NULL_HANDLE;
}

std::unique_ptr<vulkan_device> vulkan_device::open(std::shared_ptr<vulkan_instance> instance,
                                                   const physical_device_facts &facts,
                                                   uint32_t index, uint32_t platform_index,
                                                   std::string &error) {
  std::unique_ptr<vulkan_device> dev(new vulkan_device(std::move(instance)));
  if (!dev->open_device(facts, error))
    return nullptr;
  dev->describe(facts, index, platform_index);
  // Registered once the driver is loaded, so that the handler runs before the
  // driver's own exit-time destructors (atexit runs last in, first out).
  static std::once_flag registered;
  std::call_once(registered, [] { std::atexit(close_open_devices_at_exit); });
  {
    open_device_list &list = open_devices();
    std::lock_guard<std::mutex> lock(list.mutex);
    list.devices.push_back(dev.get());
  }
  return dev;
}

bool vulkan_device::open_device(const physical_device_facts &f, std::string &error) {
  // Enable what the ABI needs and what device code may use; nothing that
  // costs speed (robustBufferAccess) or that sporkle does not use.
  VkPhysicalDeviceVulkan12Features f12{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_2_FEATURES};
  f12.bufferDeviceAddress = VK_TRUE;
  f12.timelineSemaphore = VK_TRUE;
  f12.shaderInt8 = f.features12.shaderInt8;
  f12.shaderFloat16 = f.features12.shaderFloat16;
  f12.storageBuffer8BitAccess = f.features12.storageBuffer8BitAccess;
  f12.shaderBufferInt64Atomics = f.features12.shaderBufferInt64Atomics;
  f12.shaderSharedInt64Atomics = f.features12.shaderSharedInt64Atomics;
  f12.scalarBlockLayout = f.features12.scalarBlockLayout;
  f12.vulkanMemoryModel = f.features12.vulkanMemoryModel;
  f12.vulkanMemoryModelDeviceScope = f.features12.vulkanMemoryModelDeviceScope;
  VkPhysicalDeviceVulkan11Features f11{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_1_FEATURES,
                                       &f12};
  f11.storageBuffer16BitAccess = f.features11.storageBuffer16BitAccess;
  VkPhysicalDeviceFeatures2 features{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FEATURES_2, &f11};
  features.features.shaderInt64 = VK_TRUE;
  features.features.shaderInt16 = f.features.shaderInt16;
  features.features.shaderFloat64 = f.features.shaderFloat64;

  float priority = 1.0f;
  VkDeviceQueueCreateInfo queue_info{VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO};
  queue_info.queueFamilyIndex = f.compute_queue_family;
  queue_info.queueCount = 1;
  queue_info.pQueuePriorities = &priority;
  VkDeviceCreateInfo info{VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO, &features};
  info.queueCreateInfoCount = 1;
  info.pQueueCreateInfos = &queue_info;
  std::vector<const char *> extensions;
  if (f.creation_feedback)
    extensions.push_back(VK_EXT_PIPELINE_CREATION_FEEDBACK_EXTENSION_NAME);
  VkPhysicalDeviceMapMemoryPlacedFeaturesEXT placed{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_MAP_MEMORY_PLACED_FEATURES_EXT};
  if (f.placed_map_alignment) {
    extensions.push_back(VK_KHR_MAP_MEMORY_2_EXTENSION_NAME);
    extensions.push_back(VK_EXT_MAP_MEMORY_PLACED_EXTENSION_NAME);
    placed.memoryMapPlaced = VK_TRUE;
    f12.pNext = &placed;
  }
  info.enabledExtensionCount = uint32_t(extensions.size());
  info.ppEnabledExtensionNames = extensions.data();
  VkResult r = api_.vkCreateDevice(f.handle, &info, nullptr, &device_);
  if (r != VK_SUCCESS) {
    device_ = VK_NULL_HANDLE;
    error = std::string("vkCreateDevice: ") + result_name(r);
    return false;
  }
  api_.vkGetDeviceQueue(device_, f.compute_queue_family, 0, &queue_);

  uint64_t max_allocation = f.maintenance3.maxMemoryAllocationSize;
  auto map_memory2 = f.placed_map_alignment ? reinterpret_cast<PFN_vkMapMemory2KHR>(
                                                  api_.vkGetDeviceProcAddr(device_, "vkMapMemory2KHR"))
                                            : nullptr;
  memory_ = std::make_unique<memory_manager>(api_, device_, f.memory, max_allocation,
                                             map_memory2 ? f.placed_map_alignment : 0, map_memory2);

  std::string cache_directory = sporkle_cache_directory();
  std::string key = pipeline_cache_key(f.properties, f.ids, f.driver);
  pipelines_ = std::make_unique<pipeline_store>(
      api_, device_, f.driver.driverID,
      cache_directory.empty() ? "" : pipeline_cache_path(cache_directory, key), key,
      f.creation_feedback);
  if (!pipelines_->ok()) {
    error = pipelines_->error();
    return false;
  }
  submitter_ = std::make_unique<submission_queue>(api_, device_, queue_, f.compute_queue_family);
  if (!submitter_->ok()) {
    error = submitter_->error();
    return false;
  }
  host_pointers_match_ = probe_host_pointers();
  info_.usm_host_shared = host_pointers_match_;
  return true;
}

void vulkan_device::report_stats() {
  const char *wanted = std::getenv("SPORKLE_VULKAN_STATS");
  if (!wanted || std::strcmp(wanted, "1") != 0)
    return;
  if (pipelines_) {
    pipeline_cache_status s = pipelines_->cache_status();
    std::string from_cache = s.feedback ? std::to_string(s.pipelines_from_cache) + " from the pipeline cache"
                                        : "cache hits unknown (no VK_EXT_pipeline_creation_feedback)";
    std::fprintf(stderr,
                 "sporkle: %s: %llu pipelines created, %s, %.3f ms in vkCreateComputePipelines; "
                 "cache file %s (%s, %llu bytes read)\n",
                 selector_.c_str(), (unsigned long long)s.pipelines_created, from_cache.c_str(),
                 double(s.creation_ns) / 1e6, s.path.empty() ? "(none)" : s.path.c_str(),
                 s.loaded_from_disk ? "loaded" : "not loaded", (unsigned long long)s.loaded_bytes);
  }
  if (submitter_) {
    submission_queue::counts c = submitter_->statistics();
    std::fprintf(stderr, "sporkle: %s: %llu commands in %llu submits\n", selector_.c_str(),
                 (unsigned long long)c.commands, (unsigned long long)c.submits);
  }
}

bool vulkan_device::probe_host_pointers() {
  for (memory_placement placement : {memory_placement::host, memory_placement::shared}) {
    vk_buffer probe;
    if (!memory_->create(64, placement, probe, /*host_is_device_address=*/true))
      return false;
    memory_->destroy(probe);
  }
  return true;
}

void vulkan_device::describe(const physical_device_facts &f, uint32_t index,
                             uint32_t platform_index) {
  const VkPhysicalDeviceLimits &limits = f.properties.limits;
  name_ = f.properties.deviceName;
  vendor_ = vendor_name(f.properties.vendorID);
  driver_version_ = f.driver.driverName;
  if (f.driver.driverInfo[0])
    driver_version_ += std::string(" ") + f.driver.driverInfo;
  version_ = "Vulkan " + api_version_string(f.properties.apiVersion);
  selector_ = "vulkan:" + std::to_string(index);
  for (int d = 0; d < 3; ++d)
    max_group_count_[d] = limits.maxComputeWorkGroupCount[d];

  bool cpu_driver = f.properties.deviceType == VK_PHYSICAL_DEVICE_TYPE_CPU;
  info_.name = name_.c_str();
  info_.vendor = vendor_.c_str();
  info_.driver_version = driver_version_.c_str();
  info_.version = version_.c_str();
  info_.selector = selector_.c_str();
  info_.kind = cpu_driver ? device_kind::cpu : device_kind::gpu;
  info_.platform_index = platform_index;
  info_.max_compute_units =
      cpu_driver ? std::max(1u, std::thread::hardware_concurrency()) : assumed_gpu_compute_units;
  info_.preferred_vector_width = 1; // one work-item per invocation
  info_.max_work_group_size = limits.maxComputeWorkGroupInvocations;
  for (int d = 0; d < 3; ++d)
    info_.max_work_item_sizes[d] = limits.maxComputeWorkGroupSize[d];
  info_.local_mem_size = limits.maxComputeSharedMemorySize;
  info_.global_mem_size = memory_->device_heap_size();
  info_.max_mem_alloc_size =
      std::min<uint64_t>(f.maintenance3.maxMemoryAllocationSize, info_.global_mem_size);
  info_.mem_base_addr_align = 1024; // bits: allocations are 128-byte aligned
  // Buffers' host copies are not device addresses: buffer_device_pointer()
  // must not hand them to kernels (per-device copies are still to come).
  info_.host_unified_memory = false;
}

// ---- memory -------------------------------------------------------------------

void *vulkan_device::allocate(uint64_t bytes, uint64_t align, memory_kind kind) {
  if (closed())
    return nullptr;
  if (kind != memory_kind::device && !host_pointers_match_)
    return nullptr;
  memory_placement placement = kind == memory_kind::device ? memory_placement::device
                               : kind == memory_kind::host ? memory_placement::host
                                                           : memory_placement::shared;
  // (Host and shared buffers are created with their host pointer at their
  // device address, or not at all: vulkan_memory.h.)
  return reinterpret_cast<void *>(memory_->allocate(bytes, align, placement));
}

void vulkan_device::deallocate(void *ptr, memory_kind) {
  if (closed())
    return;
  memory_->free(reinterpret_cast<uint64_t>(ptr));
}

// ---- commands -----------------------------------------------------------------

bool vulkan_device::create_staging(uint64_t bytes, const char *purpose, vk_buffer &staging, completion done) {
  if (memory_->create(bytes, memory_placement::host, staging))
    return true;
  fail(sycl::errc::memory_allocation,
       "cannot allocate a staging buffer of " + std::to_string(bytes) + " bytes for a " + purpose, done);
  return false;
}

void vulkan_device::fail(sycl::errc code, const std::string &message, completion done) {
  done.fail(code, selector_ + " (" + name_ + "): " + message);
}

void vulkan_device::submit(const std::function<void(VkCommandBuffer)> &record,
                           std::function<void()> after, completion done) {
  std::string error;
  std::function<void()> cleanup = after; // the submission's own copy is gone if recording fails
  auto finish = [this, after = std::move(after), done](const char *failure) {
    if (after)
      after();
    if (failure)
      fail(sycl::errc::runtime, failure, done);
    else
      done();
  };
  if (!submitter_->submit(record, std::move(finish), error)) {
    if (cleanup)
      cleanup();
    fail(sycl::errc::runtime, error, done);
  }
}

bool vulkan_device::runs_on_device_queue(command_kind kind, void *dst, const void *src,
                                         uint64_t bytes) {
  if (kind == command_kind::kernel)
    return true;
  if (kind != command_kind::copy && kind != command_kind::fill)
    return false;
  // As copy() and fill() decide: memory the host reaches is handled by the
  // issuing thread; anything touching device-only memory goes to the queue.
  buffer_range r;
  bool dst_device_only = memory_->find(reinterpret_cast<uint64_t>(dst), bytes, r) && !r.buffer.mapped;
  if (kind == command_kind::fill)
    return dst_device_only;
  bool src_device_only = memory_->find(reinterpret_cast<uint64_t>(src), bytes, r) && !r.buffer.mapped;
  return dst_device_only || src_device_only;
}

void vulkan_device::copy(void *dst, const void *src, uint64_t bytes, completion done) {
  if (closed())
    return done();
  if (bytes == 0) {
    done();
    return;
  }
  buffer_range d, s;
  bool dst_ours = memory_->find(reinterpret_cast<uint64_t>(dst), bytes, d);
  bool src_ours = memory_->find(reinterpret_cast<uint64_t>(src), bytes, s);
  // Memory the host can reach (plain host memory, or a mapped buffer) is
  // copied by the host; only device-only memory needs the device.
  bool dst_host = !dst_ours || d.buffer.mapped;
  bool src_host = !src_ours || s.buffer.mapped;
  if (dst_host && src_host) {
    std::memmove(dst_ours ? host_view(d) : dst, src_ours ? host_view(s) : src, bytes);
    done();
    return;
  }
  if (dst_ours && src_ours) {
    // Whole aligned words go through the backend's copy kernels (16-byte
    // pieces where all is 16-byte aligned): NVIDIA's vkCmdCopyBuffer runs
    // on a copy engine at under a third of the SMs' bandwidth. Anything
    // else, and libsporkle without the kernels, takes vkCmdCopyBuffer.
    copy_kernels kernels = builtin_copy_kernels();
    uint64_t alignment = reinterpret_cast<uintptr_t>(dst) | reinterpret_cast<uintptr_t>(src) | bytes;
    if (kernels.image && alignment % 4 == 0) {
      uint64_t piece = alignment % 16 == 0 ? 16 : 4;
      copy_args args{dst, src, bytes / piece};
      // A grid of at most 16384 groups of 256 (the kernel strides over the
      // rest): enough to fill any GPU, few enough for lavapipe's threads.
      uint64_t groups = std::min<uint64_t>((args.count + 255) / 256, 16384);
      launch_params p{};
      p.kernel = piece == 16 ? kernels.vec4 : kernels.words;
      p.image = kernels.image;
      p.args = &args;
      p.args_size = sizeof args;
      p.global[0] = groups * 256;
      p.local[0] = 256;
      p.global[1] = p.global[2] = p.local[1] = p.local[2] = 1;
      launch(p, std::move(done)); // reads args before it returns
      return;
    }
    submit(
        [=](VkCommandBuffer cb) {
          VkBufferCopy region{s.offset, d.offset, bytes};
          api_.vkCmdCopyBuffer(cb, s.buffer.buffer, d.buffer.buffer, 1, &region);
        },
        nullptr, done);
    return;
  }
  // Plain host memory on one side, device-only memory on the other: through
  // a staging buffer. TODO: copies larger than one allocation in pieces.
  vk_buffer staging;
  if (!create_staging(bytes, "copy", staging, done))
    return;
  memory_manager *memory = memory_.get();
  if (dst_ours) { // upload
    std::memcpy(staging.mapped, src, bytes);
    submit(
        [=](VkCommandBuffer cb) {
          VkBufferCopy region{0, d.offset, bytes};
          api_.vkCmdCopyBuffer(cb, staging.buffer, d.buffer.buffer, 1, &region);
        },
        [=] { memory->destroy(staging); }, done);
  } else { // download
    submit(
        [=](VkCommandBuffer cb) {
          VkBufferCopy region{s.offset, 0, bytes};
          api_.vkCmdCopyBuffer(cb, s.buffer.buffer, staging.buffer, 1, &region);
        },
        [=] {
          std::memcpy(dst, staging.mapped, bytes);
          memory->destroy(staging);
        },
        done);
  }
}

void vulkan_device::fill(void *dst, const void *pattern, uint32_t pattern_size, uint64_t count,
                         completion done) {
  if (closed())
    return done();
  uint64_t bytes = count * pattern_size;
  if (bytes == 0) {
    done();
    return;
  }
  auto repeat_into = [&](unsigned char *out) {
    for (uint64_t i = 0; i < count; ++i)
      std::memcpy(out + i * pattern_size, pattern, pattern_size);
  };
  buffer_range d;
  if (!memory_->find(reinterpret_cast<uint64_t>(dst), bytes, d) || d.buffer.mapped) {
    repeat_into(d.buffer.mapped ? host_view(d) : static_cast<unsigned char *>(dst));
    done();
    return;
  }
  // vkCmdFillBuffer writes 32-bit words at 4-byte aligned offsets.
  if ((pattern_size == 1 || pattern_size == 2 || pattern_size == 4) && d.offset % 4 == 0 &&
      bytes % 4 == 0) {
    uint32_t word = 0;
    for (uint32_t i = 0; i < 4; i += pattern_size)
      std::memcpy(reinterpret_cast<unsigned char *>(&word) + i, pattern, pattern_size);
    submit([=](VkCommandBuffer cb) {
      api_.vkCmdFillBuffer(cb, d.buffer.buffer, d.offset, bytes, word);
    }, nullptr, done);
    return;
  }
  vk_buffer staging;
  if (!create_staging(bytes, "fill", staging, done))
    return;
  repeat_into(staging.mapped);
  memory_manager *memory = memory_.get();
  submit(
      [=](VkCommandBuffer cb) {
        VkBufferCopy region{0, d.offset, bytes};
        api_.vkCmdCopyBuffer(cb, staging.buffer, d.buffer.buffer, 1, &region);
      },
      [=] { memory->destroy(staging); }, done);
}

void vulkan_device::launch(const launch_params &p, completion done) {
  if (closed())
    return done();
  const sporkle_kernel_desc &kernel = *p.kernel;
  const char *name = kernel.name ? kernel.name : "(unnamed)";
  sporkle_vk_push_header header{};
  uint32_t local[3];
  uint64_t total_groups = 1;
  for (int d = 0; d < 3; ++d) {
    uint64_t groups = p.local[d] ? p.global[d] / p.local[d] : 0;
    if (p.local[d] > UINT32_MAX || groups > UINT32_MAX || p.offset[d] > UINT32_MAX) {
      fail(sycl::errc::nd_range, std::string("kernel '") + name + "': the launch does not fit 32-bit ids",
           done);
      return;
    }
    local[d] = uint32_t(p.local[d]);
    header.num_groups[d] = uint32_t(groups);
    header.global_offset[d] = uint32_t(p.offset[d]);
    total_groups *= groups;
  }
  if (total_groups == 0) {
    done();
    return;
  }
  // The ABI's run-time local memory: what the launch needs beyond the
  // kernel's own Workgroup variables, in 32-bit words (at least one, as a
  // SPIR-V array cannot be empty).
  uint64_t static_local = (kernel.static_local_mem + 63) & ~uint64_t(63);
  uint64_t dynamic_local = p.local_mem_size > static_local ? p.local_mem_size - static_local : 0;
  uint32_t local_words = uint32_t(std::max<uint64_t>(1, (dynamic_local + 3) / 4));

  // Launch constants (image_table.h): the argument block's values, for a
  // pipeline specialized to them; SPORKLE_VULKAN_LAUNCH_CONSTANTS=0 turns
  // that off (every launch takes the generic pipeline).
  static const bool specialize = [] {
    const char *e = std::getenv("SPORKLE_VULKAN_LAUNCH_CONSTANTS");
    return !(e && std::strcmp(e, "0") == 0);
  }();
  std::vector<uint64_t> launch_values;
  for (uint32_t i = 0; specialize && i < kernel.num_launch_constants && kernel.launch_constants; ++i) {
    const sporkle_launch_constant &c = kernel.launch_constants[i];
    uint64_t v = 0;
    if ((c.size != 4 && c.size != 8) || uint64_t(c.offset) + c.size > p.args_size) {
      launch_values.clear(); // not this kernel's argument block: the generic pipeline
      break;
    }
    std::memcpy(&v, static_cast<const unsigned char *>(p.args) + c.offset, c.size);
    if (v > UINT32_MAX) { // the constants are 32-bit
      launch_values.clear();
      break;
    }
    launch_values.push_back(v);
  }
  std::string error;
  VkPipeline pipeline = pipelines_->get(*p.image, kernel, local, local_words, launch_values, error);
  if (!pipeline) {
    fail(sycl::errc::build, std::string("kernel '") + name + "': " + error, done);
    return;
  }

  unsigned char push[SPORKLE_VK_PUSH_CONSTANT_BYTES] = {};
  std::memcpy(push, &header, sizeof header);
  uint32_t push_size = sizeof header;
  vk_buffer args_buffer;
  bool by_address = kernel.flags & SPORKLE_KERNEL_ARGS_BY_ADDRESS;
  if (by_address) {
    if (!memory_->create(p.args_size, memory_placement::shared, args_buffer)) {
      fail(sycl::errc::memory_allocation, std::string("kernel '") + name + "': cannot allocate its argument block",
           done);
      return;
    }
    std::memcpy(args_buffer.mapped, p.args, p.args_size);
    std::memcpy(push + push_size, &args_buffer.address, sizeof args_buffer.address);
    push_size += sizeof args_buffer.address;
  } else {
    if (p.args_size > SPORKLE_VK_MAX_INLINE_ARGS) {
      fail(sycl::errc::kernel_argument, std::string("kernel '") + name + "': " + std::to_string(p.args_size) +
               " bytes of arguments do not fit in push constants and the kernel does not take "
               "them by address",
           done);
      return;
    }
    std::memcpy(push + push_size, p.args, p.args_size);
    push_size += uint32_t(p.args_size);
  }
  push_size = (push_size + 3) & ~3u;

  VkPipelineLayout layout = pipelines_->layout();
  uint32_t max_count[3] = {max_group_count_[0], max_group_count_[1], max_group_count_[2]};
  uint32_t groups[3] = {header.num_groups[0], header.num_groups[1], header.num_groups[2]};
  auto record = [=, &push](VkCommandBuffer cb) {
    api_.vkCmdBindPipeline(cb, VK_PIPELINE_BIND_POINT_COMPUTE, pipeline);
    api_.vkCmdPushConstants(cb, layout, VK_SHADER_STAGE_COMPUTE_BIT, 0, push_size, push);
    // More groups than the device takes per dispatch: several dispatches,
    // each with its base (WorkgroupId includes it).
    for (uint32_t z = 0; z < groups[2]; z += std::min(groups[2] - z, max_count[2]))
      for (uint32_t y = 0; y < groups[1]; y += std::min(groups[1] - y, max_count[1]))
        for (uint32_t x = 0; x < groups[0]; x += std::min(groups[0] - x, max_count[0]))
          api_.vkCmdDispatchBase(cb, x, y, z, std::min(groups[0] - x, max_count[0]),
                                 std::min(groups[1] - y, max_count[1]),
                                 std::min(groups[2] - z, max_count[2]));
  };
  memory_manager *memory = memory_.get();
  std::function<void()> after;
  if (by_address)
    after = [=] { memory->destroy(args_buffer); };
  submit(record, std::move(after), done);
}

} // namespace sporkle::rt::vk
