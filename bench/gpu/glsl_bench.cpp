// The GLSL peer of sporkle's GPU benchmarks: the kernels of gpu_cases.hpp
// written in GLSL (glsl/*.comp), compiled to SPIR-V by glslang and run
// through plain Vulkan 1.3 compute by this small harness. No descriptor sets:
// the shaders reach global memory through buffer device addresses passed in
// push constants (GL_EXT_buffer_reference).
//
// Build (build_glsl.sh does both steps; OUT is any output directory):
//   glslangValidator -V --target-env vulkan1.3 -o OUT/glsl/NAME.spv bench/gpu/glsl/NAME.comp
//   g++ -O2 -std=c++17 bench/gpu/glsl_bench.cpp -lvulkan -o OUT/glsl_bench
// Run:
//   OUT/glsl_bench [--reps=N] [--warmup=N] [--only=NAME] [--spv-dir=DIR] [--device=N]
// --spv-dir defaults to the executable's directory + /glsl; --device picks a
// physical device by index (default: the first discrete or integrated GPU,
// else the first device). Prints harness.hpp's RESULT lines, variant "glsl"
// (the device-to-device copy is variant "vkcopy").
#include <vulkan/vulkan.h>

#include <unistd.h>

#include <fstream>

#include "gpu_cases.hpp"

using namespace bench;
using namespace bench::gpu;

namespace {

const char *const V = "glsl";

// --- errors: every Vulkan call goes through VK(), which names the failing call.

void vk_check(VkResult r, const char *call) {
  if (r == VK_SUCCESS)
    return;
  std::fprintf(stderr, "glsl_bench: %s failed with VkResult %d\n", call, int(r));
  std::exit(1);
}
#define VK(call) vk_check((call), #call)

[[noreturn]] void fail(const std::string &why) {
  std::fprintf(stderr, "glsl_bench: %s\n", why.c_str());
  std::exit(1);
}

// --- device setup: instance, physical device, device with buffer device
// addresses, one compute queue, a command pool with two command buffers (one
// for transfers, one holding the benchmark batch being timed) and a fence.

struct Vk {
  VkInstance instance = VK_NULL_HANDLE;
  VkPhysicalDevice phys = VK_NULL_HANDLE;
  VkDevice dev = VK_NULL_HANDLE;
  VkQueue queue = VK_NULL_HANDLE;
  VkCommandPool pool = VK_NULL_HANDLE;
  VkCommandBuffer xfer = VK_NULL_HANDLE, batch = VK_NULL_HANDLE;
  VkFence fence = VK_NULL_HANDLE;
  VkPhysicalDeviceLimits limits{};
  VkPhysicalDeviceMemoryProperties mem{};
  VkDeviceSize max_alloc = 0;
};

VkPhysicalDevice pick_device(VkInstance instance, int index) {
  uint32_t n = 0;
  VK(vkEnumeratePhysicalDevices(instance, &n, nullptr));
  std::vector<VkPhysicalDevice> devs(n);
  VK(vkEnumeratePhysicalDevices(instance, &n, devs.data()));
  if (n == 0)
    fail("no Vulkan physical device");
  if (index >= 0) {
    if (uint32_t(index) >= n)
      fail("--device=" + std::to_string(index) + " but only " + std::to_string(n) + " devices");
    return devs[index];
  }
  for (VkPhysicalDevice d : devs) {
    VkPhysicalDeviceProperties p;
    vkGetPhysicalDeviceProperties(d, &p);
    if (p.deviceType == VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU || p.deviceType == VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU)
      return d;
  }
  return devs[0];
}

Vk create_vk(int device_index) {
  Vk vk;
  VkApplicationInfo app{VK_STRUCTURE_TYPE_APPLICATION_INFO};
  app.pApplicationName = "glsl_bench";
  app.apiVersion = VK_API_VERSION_1_3;
  VkInstanceCreateInfo ici{VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO};
  ici.pApplicationInfo = &app;
  VK(vkCreateInstance(&ici, nullptr, &vk.instance));
  vk.phys = pick_device(vk.instance, device_index);

  VkPhysicalDeviceDriverProperties driver{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_DRIVER_PROPERTIES};
  VkPhysicalDeviceVulkan11Properties p11{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_1_PROPERTIES, &driver};
  VkPhysicalDeviceProperties2 props{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_PROPERTIES_2, &p11};
  vkGetPhysicalDeviceProperties2(vk.phys, &props);
  const uint32_t api = props.properties.apiVersion;
  std::printf("# device: %s, driver %s %s, api %u.%u.%u\n", props.properties.deviceName, driver.driverName,
              driver.driverInfo, VK_API_VERSION_MAJOR(api), VK_API_VERSION_MINOR(api), VK_API_VERSION_PATCH(api));
  std::fflush(stdout);
  if (api < VK_API_VERSION_1_3)
    fail("the device supports Vulkan " + std::to_string(VK_API_VERSION_MINOR(api)) +
         ".x; the SPIR-V (vulkan1.3 target) needs 1.3");
  vk.limits = props.properties.limits;
  vk.max_alloc = p11.maxMemoryAllocationSize;
  vkGetPhysicalDeviceMemoryProperties(vk.phys, &vk.mem);

  // Features: 64-bit integers and buffer device addresses for the addresses in
  // push constants; maintenance4 because reduce.comp's local size is a
  // specialization constant (SPIR-V 1.6 LocalSizeId).
  VkPhysicalDeviceVulkan13Features f13{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_3_FEATURES};
  VkPhysicalDeviceVulkan12Features f12{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_2_FEATURES, &f13};
  VkPhysicalDeviceFeatures2 f{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FEATURES_2, &f12};
  vkGetPhysicalDeviceFeatures2(vk.phys, &f);
  if (!f.features.shaderInt64 || !f12.bufferDeviceAddress || !f13.maintenance4)
    fail("the device lacks shaderInt64, bufferDeviceAddress or maintenance4");
  VkPhysicalDeviceVulkan13Features on13{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_3_FEATURES};
  on13.maintenance4 = VK_TRUE;
  VkPhysicalDeviceVulkan12Features on12{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_2_FEATURES, &on13};
  on12.bufferDeviceAddress = VK_TRUE;
  VkPhysicalDeviceFeatures2 on{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FEATURES_2, &on12};
  on.features.shaderInt64 = VK_TRUE;

  uint32_t nq = 0;
  vkGetPhysicalDeviceQueueFamilyProperties(vk.phys, &nq, nullptr);
  std::vector<VkQueueFamilyProperties> qf(nq);
  vkGetPhysicalDeviceQueueFamilyProperties(vk.phys, &nq, qf.data());
  uint32_t family = nq;
  for (uint32_t i = 0; i < nq && family == nq; ++i)
    if (qf[i].queueFlags & VK_QUEUE_COMPUTE_BIT)
      family = i;
  if (family == nq)
    fail("no compute queue family");

  const float priority = 1.0f;
  VkDeviceQueueCreateInfo qci{VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO};
  qci.queueFamilyIndex = family;
  qci.queueCount = 1;
  qci.pQueuePriorities = &priority;
  VkDeviceCreateInfo dci{VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO, &on};
  dci.queueCreateInfoCount = 1;
  dci.pQueueCreateInfos = &qci;
  VK(vkCreateDevice(vk.phys, &dci, nullptr, &vk.dev));
  vkGetDeviceQueue(vk.dev, family, 0, &vk.queue);

  VkCommandPoolCreateInfo pci{VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO};
  pci.flags = VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT;
  pci.queueFamilyIndex = family;
  VK(vkCreateCommandPool(vk.dev, &pci, nullptr, &vk.pool));
  VkCommandBufferAllocateInfo cai{VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO};
  cai.commandPool = vk.pool;
  cai.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
  cai.commandBufferCount = 1;
  VK(vkAllocateCommandBuffers(vk.dev, &cai, &vk.xfer));
  VK(vkAllocateCommandBuffers(vk.dev, &cai, &vk.batch));
  VkFenceCreateInfo fci{VK_STRUCTURE_TYPE_FENCE_CREATE_INFO};
  VK(vkCreateFence(vk.dev, &fci, nullptr, &vk.fence));
  return vk;
}

void destroy_vk(Vk &vk) {
  vkDestroyFence(vk.dev, vk.fence, nullptr);
  vkDestroyCommandPool(vk.dev, vk.pool, nullptr); // frees both command buffers
  vkDestroyDevice(vk.dev, nullptr);
  vkDestroyInstance(vk.instance, nullptr);
}

// Submits one recorded command buffer and waits for it on the fence.
void submit_wait(Vk &vk, VkCommandBuffer cb) {
  VkSubmitInfo si{VK_STRUCTURE_TYPE_SUBMIT_INFO};
  si.commandBufferCount = 1;
  si.pCommandBuffers = &cb;
  VK(vkQueueSubmit(vk.queue, 1, &si, vk.fence));
  VK(vkWaitForFences(vk.dev, 1, &vk.fence, VK_TRUE, UINT64_MAX));
  VK(vkResetFences(vk.dev, 1, &vk.fence));
}

// Records record(cb) into cb (reset first); flags as vkBeginCommandBuffer takes them.
template <typename F> void record_into(VkCommandBuffer cb, VkCommandBufferUsageFlags flags, F &&record) {
  VK(vkResetCommandBuffer(cb, 0));
  VkCommandBufferBeginInfo bi{VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO};
  bi.flags = flags;
  VK(vkBeginCommandBuffer(cb, &bi));
  record(cb);
  VK(vkEndCommandBuffer(cb));
}

// Records, submits and waits for a one-off command buffer (transfers, fills).
template <typename F> void one_shot(Vk &vk, F &&record) {
  record_into(vk.xfer, VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT, record);
  submit_wait(vk, vk.xfer);
}

void memory_barrier(VkCommandBuffer cb, VkPipelineStageFlags src_stage, VkAccessFlags src,
                    VkPipelineStageFlags dst_stage, VkAccessFlags dst) {
  VkMemoryBarrier mb{VK_STRUCTURE_TYPE_MEMORY_BARRIER};
  mb.srcAccessMask = src;
  mb.dstAccessMask = dst;
  vkCmdPipelineBarrier(cb, src_stage, dst_stage, 0, 1, &mb, 0, nullptr, 0, nullptr);
}

// --- buffers: device-local storage buffers with device addresses, and one
// persistently mapped host-visible staging buffer for uploads and downloads.

struct Buffer {
  VkBuffer buf = VK_NULL_HANDLE;
  VkDeviceMemory mem = VK_NULL_HANDLE;
  VkDeviceSize size = 0;
  VkDeviceAddress addr = 0; // device buffers only
  void *map = nullptr;      // staging only
};

constexpr VkDeviceSize staging_size = VkDeviceSize(64) << 20;

// The first memory type allowed by type_bits with all of `need`, preferring one that also has `nice`.
uint32_t memory_type(const Vk &vk, uint32_t type_bits, VkMemoryPropertyFlags need, VkMemoryPropertyFlags nice) {
  for (VkMemoryPropertyFlags want : {need | nice, need})
    for (uint32_t i = 0; i < vk.mem.memoryTypeCount; ++i)
      if ((type_bits & (1u << i)) && (vk.mem.memoryTypes[i].propertyFlags & want) == want)
        return i;
  fail("no suitable memory type");
}

Buffer make_buffer(Vk &vk, VkDeviceSize size, bool staging) {
  if (size > vk.max_alloc)
    fail("a buffer of " + std::to_string(size) + " bytes exceeds maxMemoryAllocationSize");
  Buffer b;
  b.size = size;
  VkBufferCreateInfo bci{VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO};
  bci.size = size;
  bci.usage = VK_BUFFER_USAGE_TRANSFER_SRC_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT;
  if (!staging)
    bci.usage |= VK_BUFFER_USAGE_STORAGE_BUFFER_BIT | VK_BUFFER_USAGE_SHADER_DEVICE_ADDRESS_BIT;
  bci.sharingMode = VK_SHARING_MODE_EXCLUSIVE;
  VK(vkCreateBuffer(vk.dev, &bci, nullptr, &b.buf));
  VkMemoryRequirements req;
  vkGetBufferMemoryRequirements(vk.dev, b.buf, &req);

  VkMemoryAllocateFlagsInfo flags{VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_FLAGS_INFO};
  flags.flags = VK_MEMORY_ALLOCATE_DEVICE_ADDRESS_BIT;
  VkMemoryAllocateInfo mai{VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO, staging ? nullptr : &flags};
  mai.allocationSize = req.size;
  mai.memoryTypeIndex =
      staging ? memory_type(vk, req.memoryTypeBits, VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT,
                            VK_MEMORY_PROPERTY_HOST_CACHED_BIT) // downloads read it back
              : memory_type(vk, req.memoryTypeBits, VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT, 0);
  VK(vkAllocateMemory(vk.dev, &mai, nullptr, &b.mem));
  VK(vkBindBufferMemory(vk.dev, b.buf, b.mem, 0));
  if (staging) {
    VK(vkMapMemory(vk.dev, b.mem, 0, VK_WHOLE_SIZE, 0, &b.map));
  } else {
    VkBufferDeviceAddressInfo ai{VK_STRUCTURE_TYPE_BUFFER_DEVICE_ADDRESS_INFO};
    ai.buffer = b.buf;
    b.addr = vkGetBufferDeviceAddress(vk.dev, &ai);
  }
  return b;
}

void destroy_buffer(Vk &vk, Buffer &b) {
  if (b.map)
    vkUnmapMemory(vk.dev, b.mem);
  vkDestroyBuffer(vk.dev, b.buf, nullptr);
  vkFreeMemory(vk.dev, b.mem, nullptr);
  b = Buffer{};
}

// Fills dst with count elements gen(i), staged through `staging` in chunks.
template <typename T, typename Gen> void upload(Vk &vk, Buffer &staging, Buffer &dst, size_t count, Gen &&gen) {
  const size_t chunk = staging.size / sizeof(T);
  for (size_t first = 0; first < count; first += chunk) {
    const size_t n = std::min(chunk, count - first);
    T *p = static_cast<T *>(staging.map);
    for (size_t i = 0; i < n; ++i)
      p[i] = gen(first + i);
    one_shot(vk, [&](VkCommandBuffer cb) {
      VkBufferCopy region{0, first * sizeof(T), n * sizeof(T)};
      vkCmdCopyBuffer(cb, staging.buf, dst.buf, 1, &region);
    });
  }
}

// The first count elements of src, staged through `staging` in chunks.
template <typename T> std::vector<T> download(Vk &vk, Buffer &staging, const Buffer &src, size_t count) {
  std::vector<T> out(count);
  const size_t chunk = staging.size / sizeof(T);
  for (size_t first = 0; first < count; first += chunk) {
    const size_t n = std::min(chunk, count - first);
    one_shot(vk, [&](VkCommandBuffer cb) {
      VkBufferCopy region{first * sizeof(T), 0, n * sizeof(T)};
      vkCmdCopyBuffer(cb, src.buf, staging.buf, 1, &region);
      memory_barrier(cb, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_WRITE_BIT, VK_PIPELINE_STAGE_HOST_BIT,
                     VK_ACCESS_HOST_READ_BIT);
    });
    std::memcpy(out.data() + first, staging.map, n * sizeof(T));
  }
  return out;
}

// Fills the whole buffer with a 32-bit pattern (the poison values' bits).
void poison(Vk &vk, Buffer &b, uint32_t bits) {
  one_shot(vk, [&](VkCommandBuffer cb) { vkCmdFillBuffer(cb, b.buf, 0, VK_WHOLE_SIZE, bits); });
}
constexpr uint32_t poison_f_bits = 0x7fc00000u; // quiet NaN, as poison_f
constexpr uint32_t poison_i_bits = uint32_t(poison_i);

// --- pipelines: one compute pipeline per kernel, its layout holding nothing
// but a push-constant range. create_time sums the wall time of creating the
// shader module, layout and pipeline (not of reading the file).

struct Kernel {
  VkShaderModule module = VK_NULL_HANDLE;
  VkPipelineLayout layout = VK_NULL_HANDLE;
  VkPipeline pipe = VK_NULL_HANDLE;
  uint32_t pc_size = 0;
};

std::vector<uint32_t> read_spirv(const std::string &path) {
  std::ifstream f(path, std::ios::binary | std::ios::ate);
  if (!f)
    fail("cannot open " + path + " (see --spv-dir)");
  const size_t bytes = size_t(f.tellg());
  if (bytes == 0 || bytes % 4)
    fail(path + " is not SPIR-V");
  std::vector<uint32_t> words(bytes / 4);
  f.seekg(0);
  f.read(reinterpret_cast<char *>(words.data()), std::streamsize(bytes));
  return words;
}

// local_size > 0 sets specialization constant 0 (reduce.comp's group size).
Kernel make_kernel(Vk &vk, const std::string &dir, const char *name, uint32_t pc_size, double &create_time,
                   uint32_t local_size = 0) {
  const std::vector<uint32_t> code = read_spirv(dir + "/" + name + ".spv");
  Kernel k;
  k.pc_size = pc_size;
  const double t0 = now();
  VkShaderModuleCreateInfo smci{VK_STRUCTURE_TYPE_SHADER_MODULE_CREATE_INFO};
  smci.codeSize = code.size() * 4;
  smci.pCode = code.data();
  VK(vkCreateShaderModule(vk.dev, &smci, nullptr, &k.module));
  VkPushConstantRange range{VK_SHADER_STAGE_COMPUTE_BIT, 0, pc_size};
  VkPipelineLayoutCreateInfo plci{VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO};
  plci.pushConstantRangeCount = 1;
  plci.pPushConstantRanges = &range;
  VK(vkCreatePipelineLayout(vk.dev, &plci, nullptr, &k.layout));
  VkSpecializationMapEntry entry{0, 0, sizeof(uint32_t)};
  VkSpecializationInfo spec{1, &entry, sizeof(uint32_t), &local_size};
  VkComputePipelineCreateInfo cpci{VK_STRUCTURE_TYPE_COMPUTE_PIPELINE_CREATE_INFO};
  cpci.stage.sType = VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO;
  cpci.stage.stage = VK_SHADER_STAGE_COMPUTE_BIT;
  cpci.stage.module = k.module;
  cpci.stage.pName = "main";
  cpci.stage.pSpecializationInfo = local_size ? &spec : nullptr;
  cpci.layout = k.layout;
  VK(vkCreateComputePipelines(vk.dev, VK_NULL_HANDLE, 1, &cpci, nullptr, &k.pipe));
  create_time += now() - t0;
  return k;
}

void destroy_kernel(Vk &vk, Kernel &k) {
  vkDestroyPipeline(vk.dev, k.pipe, nullptr);
  vkDestroyPipelineLayout(vk.dev, k.layout, nullptr);
  vkDestroyShaderModule(vk.dev, k.module, nullptr);
}

// Push constants, laid out as the shaders' std430 push_constant blocks.
struct TriadPC { uint64_t a, b, c; float s; uint32_t n; };
struct MatmulPC { uint64_t a, b, c; uint32_t n, unused; };
struct ReducePC { uint64_t in, out; uint32_t n, stride; };
struct MandelPC { uint64_t count; uint32_t width; int32_t iters; float x0, y0, step, unused; };
struct ConvPC { uint64_t in, wt, out; int32_t cin, h, w, cout, k, stride, pad, ho, wo, unused; };
static_assert(sizeof(TriadPC) == 32 && sizeof(MatmulPC) == 32 && sizeof(ReducePC) == 24 && sizeof(MandelPC) == 32 &&
                  sizeof(ConvPC) == 64,
              "push-constant structs must match the shaders' blocks");

struct Kernels {
  Kernel triad, matmul, reduce1, reduce2, mandelbrot, conv2d;
};

// --- the dispatch recorder: `times` rounds of the dispatches in order, with a
// compute->compute memory barrier between every two of them.

struct Dispatch {
  const Kernel *k;
  const void *pc; // k->pc_size bytes
  uint32_t gx, gy, gz;
};

void record_dispatches(VkCommandBuffer cb, const std::vector<Dispatch> &ds, int times) {
  const Kernel *bound = nullptr;
  for (int r = 0; r < times; ++r)
    for (size_t i = 0; i < ds.size(); ++i) {
      const Dispatch &d = ds[i];
      if (r > 0 || i > 0)
        memory_barrier(cb, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, VK_ACCESS_SHADER_WRITE_BIT,
                       VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_SHADER_WRITE_BIT);
      if (bound != d.k)
        vkCmdBindPipeline(cb, VK_PIPELINE_BIND_POINT_COMPUTE, d.k->pipe), bound = d.k;
      vkCmdPushConstants(cb, d.k->layout, VK_SHADER_STAGE_COMPUTE_BIT, 0, d.k->pc_size, d.pc);
      vkCmdDispatch(cb, d.gx, d.gy, d.gz);
    }
}

// Records a benchmark's batch once (record(cb) records gpu_batch launches)
// into vk.batch, then runs checked_median on submitting it and waiting:
// poison(), one checked run, then the timed runs. Returns seconds per launch.
template <typename Record, typename Poison, typename Check>
double time_batch(Vk &vk, const options &o, Record &&record, Poison &&poison_outputs, Check &&check) {
  record_into(vk.batch, 0, record);
  return checked_median(o, poison_outputs, [&] { submit_wait(vk, vk.batch); }, check) / gpu_batch;
}

// --- the benchmarks

// triad and the device's own copy share the three 1 GiB arrays.
void bench_triad_copy(Vk &vk, Buffer &staging, const Kernels &ks, const options &o) {
  const size_t n = triad_n;
  Buffer a = make_buffer(vk, n * 4, false), b = make_buffer(vk, n * 4, false), c = make_buffer(vk, n * 4, false);
  upload<float>(vk, staging, b, n, triad_b);
  upload<float>(vk, staging, c, n, triad_c);
  if (wanted(o, "triad")) {
    // 2^20 groups: on devices with a smaller maxComputeWorkGroupCount[0] the
    // groups spread over y as well (the shader linearizes; excess groups idle).
    const uint32_t groups = uint32_t(n / triad_wg);
    const uint32_t gx = std::min(groups, vk.limits.maxComputeWorkGroupCount[0]);
    const uint32_t gy = (groups + gx - 1) / gx;
    if (gy > vk.limits.maxComputeWorkGroupCount[1])
      fail("triad's grid does not fit maxComputeWorkGroupCount");
    const TriadPC pc{a.addr, b.addr, c.addr, triad_s, uint32_t(n)};
    double t = time_batch(
        vk, o, [&](VkCommandBuffer cb) { record_dispatches(cb, {{&ks.triad, &pc, gx, gy, 1}}, gpu_batch); },
        [&] { poison(vk, a, poison_f_bits); }, [&] { check_triad(download<float>(vk, staging, a, n).data(), V); });
    report("triad", V, t, 12.0 * n / 1e9, "GB/s");
  }
  if (wanted(o, "copy")) {
    const char *const VC = "vkcopy";
    double t = time_batch(
        vk, o,
        [&](VkCommandBuffer cb) {
          const VkBufferCopy region{0, 0, n * 4};
          for (int r = 0; r < gpu_batch; ++r) {
            if (r > 0)
              memory_barrier(cb, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_WRITE_BIT,
                             VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_READ_BIT | VK_ACCESS_TRANSFER_WRITE_BIT);
            vkCmdCopyBuffer(cb, b.buf, a.buf, 1, &region);
          }
        },
        [&] { poison(vk, a, poison_f_bits); }, [&] { check_copy(download<float>(vk, staging, a, n).data(), VC); });
    report("copy", VC, t, 8.0 * n / 1e9, "GB/s");
  }
  for (Buffer *p : {&a, &b, &c})
    destroy_buffer(vk, *p);
}

void bench_matmul(Vk &vk, Buffer &staging, const Kernels &ks, const options &o) {
  const size_t n = gpu_matmul_n, T = gpu_matmul_tile;
  Buffer a = make_buffer(vk, n * n * 4, false), b = make_buffer(vk, n * n * 4, false);
  Buffer c = make_buffer(vk, n * n * 4, false);
  upload<float>(vk, staging, a, n * n, mm_a);
  upload<float>(vk, staging, b, n * n, mm_b);
  const MatmulPC pc{a.addr, b.addr, c.addr, uint32_t(n), 0};
  const uint32_t groups = uint32_t(n / T);
  double t = time_batch(
      vk, o, [&](VkCommandBuffer cb) { record_dispatches(cb, {{&ks.matmul, &pc, groups, groups, 1}}, gpu_batch); },
      [&] { poison(vk, c, poison_f_bits); },
      [&] {
        if (!matmul_ok(download<float>(vk, staging, c, n * n).data(), n))
          verify_failed("matmul", V, "wrong product");
      });
  report("matmul", V, t, 2.0 * n * n * n / 1e9, "GFLOP/s");
  for (Buffer *p : {&a, &b, &c})
    destroy_buffer(vk, *p);
}

void bench_reduction(Vk &vk, Buffer &staging, const Kernels &ks, const options &o) {
  const size_t n = reduce_n, groups = gpu_reduce_groups;
  Buffer in = make_buffer(vk, n * 4, false), partial = make_buffer(vk, groups * 4, false);
  Buffer out = make_buffer(vk, 4, false);
  upload<float>(vk, staging, in, n, in_a);
  const ReducePC step1{in.addr, partial.addr, uint32_t(n), uint32_t(groups * gpu_reduce_wg)};
  const ReducePC step2{partial.addr, out.addr, uint32_t(groups), uint32_t(groups)};
  double t = time_batch(
      vk, o,
      [&](VkCommandBuffer cb) {
        record_dispatches(cb, {{&ks.reduce1, &step1, uint32_t(groups), 1, 1}, {&ks.reduce2, &step2, 1, 1, 1}},
                          gpu_batch);
      },
      [&] {
        poison(vk, partial, poison_f_bits);
        poison(vk, out, poison_f_bits);
      },
      [&] { check_reduce(download<float>(vk, staging, out, 1)[0], V); });
  report("reduction", V, t, 4.0 * n / 1e9, "GB/s");
  for (Buffer *p : {&in, &partial, &out})
    destroy_buffer(vk, *p);
}

void bench_mandelbrot(Vk &vk, Buffer &staging, const Kernels &ks, const options &o) {
  const size_t pixels = mandel_w * mandel_h;
  Buffer count = make_buffer(vk, pixels * 4, false);
  const MandelPC pc{count.addr, uint32_t(mandel_w), mandel_iters, mandel_x0, mandel_y0, mandel_step, 0};
  const uint32_t gx = uint32_t(mandel_w / mandel_wg_x), gy = uint32_t(mandel_h / mandel_wg_y);
  double t = time_batch(
      vk, o, [&](VkCommandBuffer cb) { record_dispatches(cb, {{&ks.mandelbrot, &pc, gx, gy, 1}}, gpu_batch); },
      [&] { poison(vk, count, poison_i_bits); },
      [&] { check_mandelbrot(download<int>(vk, staging, count, pixels).data(), V); });
  report("mandelbrot", V, t, double(pixels) / 1e6, "Mpixel/s");
  destroy_buffer(vk, count);
}

void bench_conv2d(Vk &vk, Buffer &staging, const Kernels &ks, const options &o) {
  for (const conv_case &cc : conv_cases) {
    const conv_dims d = cc.d;
    Buffer in = make_buffer(vk, d.in_size() * 4, false), wt = make_buffer(vk, d.weight_size() * 4, false);
    Buffer out = make_buffer(vk, d.out_size() * 4, false);
    upload<float>(vk, staging, in, d.in_size(), mm_a);
    upload<float>(vk, staging, wt, d.weight_size(), mm_b);
    const ConvPC pc{in.addr, wt.addr, out.addr, d.cin, d.h, d.w, d.cout, d.k, d.stride, d.pad, d.hout(), d.wout(), 0};
    const uint32_t groups = uint32_t(d.out_size() / conv_wg);
    double t = time_batch(
        vk, o, [&](VkCommandBuffer cb) { record_dispatches(cb, {{&ks.conv2d, &pc, groups, 1, 1}}, gpu_batch); },
        [&] { poison(vk, out, poison_f_bits); },
        [&] { check_conv2d(cc, download<float>(vk, staging, out, d.out_size()).data(), V); });
    report(cc.name, V, t, d.flops() / 1e9, "GFLOP/s");
    for (Buffer *p : {&in, &wt, &out})
      destroy_buffer(vk, *p);
  }
}

std::string exe_dir(const char *argv0) {
  char buf[4096];
  ssize_t len = readlink("/proc/self/exe", buf, sizeof buf - 1);
  std::string path = len > 0 ? std::string(buf, size_t(len)) : std::string(argv0);
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? "." : path.substr(0, slash);
}

} // namespace

int main(int argc, char **argv) {
  // --spv-dir= and --device= are ours; the rest goes to bench::parse.
  std::string spv_dir = exe_dir(argv[0]) + "/glsl";
  int device_index = -1;
  std::vector<char *> rest{argv[0]};
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a.rfind("--spv-dir=", 0) == 0)
      spv_dir = a.substr(10);
    else if (a.rfind("--device=", 0) == 0)
      device_index = std::atoi(a.c_str() + 9);
    else
      rest.push_back(argv[i]);
  }
  const options o = parse(int(rest.size()), rest.data());

  Vk vk = create_vk(device_index);
  Buffer staging = make_buffer(vk, staging_size, true);

  double create_time = 0;
  Kernels ks;
  ks.triad = make_kernel(vk, spv_dir, "triad", sizeof(TriadPC), create_time);
  ks.matmul = make_kernel(vk, spv_dir, "matmul", sizeof(MatmulPC), create_time);
  ks.reduce1 = make_kernel(vk, spv_dir, "reduce", sizeof(ReducePC), create_time, uint32_t(gpu_reduce_wg));
  ks.reduce2 = make_kernel(vk, spv_dir, "reduce", sizeof(ReducePC), create_time, uint32_t(gpu_reduce_groups));
  ks.mandelbrot = make_kernel(vk, spv_dir, "mandelbrot", sizeof(MandelPC), create_time);
  ks.conv2d = make_kernel(vk, spv_dir, "conv2d", sizeof(ConvPC), create_time);
  if (wanted(o, "pipeline_create"))
    report("pipeline_create", V, create_time, 0, "us");

  if (wanted(o, "triad") || wanted(o, "copy"))
    bench_triad_copy(vk, staging, ks, o);
  if (wanted(o, "matmul"))
    bench_matmul(vk, staging, ks, o);
  if (wanted(o, "reduction"))
    bench_reduction(vk, staging, ks, o);
  if (wanted(o, "mandelbrot"))
    bench_mandelbrot(vk, staging, ks, o);
  if (wanted(o, "conv2d"))
    bench_conv2d(vk, staging, ks, o);

  VK(vkDeviceWaitIdle(vk.dev));
  for (Kernel *k : {&ks.triad, &ks.matmul, &ks.reduce1, &ks.reduce2, &ks.mandelbrot, &ks.conv2d})
    destroy_kernel(vk, *k);
  destroy_buffer(vk, staging);
  destroy_vk(vk);
  return 0;
}
