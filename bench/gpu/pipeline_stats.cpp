// pipeline_stats: what a Vulkan driver makes of compute shaders.
//
//   pipeline_stats [--device=N] [--local=X,Y,Z] [--local-words=N] [--fused-fma=0|1] [--ir]
//                  FILE.spv [ENTRY...]
//
// Creates one compute pipeline per GLCompute entry point of FILE.spv (or the
// ENTRYs named) and prints the driver's statistics for each executable
// (VK_KHR_pipeline_executable_properties: registers, instructions, ...),
// and with --ir its internal representations. Specialization constants 0-4
// get sporkle's meaning (local size, run-time local words, fused fma), so the
// same call reads sporkle's modules and glslang's (which ignore them).
// A developer's tool for comparing sporkle's SPIR-V with a GLSL twin on the
// same driver; bench/gpu/build.sh builds it next to the benchmarks.
#include <vulkan/vulkan.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

namespace {

[[noreturn]] void fail(const std::string &why) {
  std::fprintf(stderr, "pipeline_stats: %s\n", why.c_str());
  std::exit(1);
}

void check(VkResult r, const char *what) {
  if (r != VK_SUCCESS)
    fail(std::string(what) + " failed (VkResult " + std::to_string(int(r)) + ")");
}

std::vector<uint32_t> read_words(const std::string &path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in)
    fail("cannot read " + path);
  std::streamsize bytes = in.tellg();
  if (bytes < 20 || bytes % 4)
    fail(path + " is not a SPIR-V module");
  std::vector<uint32_t> words(size_t(bytes) / 4);
  in.seekg(0);
  in.read(reinterpret_cast<char *>(words.data()), bytes);
  if (words[0] != 0x07230203u)
    fail(path + " is not a SPIR-V module (magic number)");
  return words;
}

/// The names of the module's GLCompute entry points (OpEntryPoint, model 5).
std::vector<std::string> compute_entry_points(const std::vector<uint32_t> &words) {
  std::vector<std::string> names;
  for (size_t i = 5; i < words.size();) {
    uint32_t count = words[i] >> 16, opcode = words[i] & 0xffffu;
    if (count == 0 || i + count > words.size())
      fail("malformed SPIR-V instruction stream");
    if (opcode == 15 && count > 3 && words[i + 1] == 5) {
      const char *name = reinterpret_cast<const char *>(&words[i + 3]);
      names.emplace_back(name, strnlen(name, (count - 3) * 4));
    }
    i += count;
  }
  return names;
}

struct options {
  int device = 0;
  uint32_t local[3] = {256, 1, 1};
  uint32_t local_words = 1;
  uint32_t fused_fma = 1;
  bool ir = false;
  std::string path;
  std::vector<std::string> entries;
};

options parse(int argc, char **argv) {
  options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a.rfind("--device=", 0) == 0)
      o.device = std::atoi(a.c_str() + 9);
    else if (a.rfind("--local=", 0) == 0) {
      if (std::sscanf(a.c_str() + 8, "%u,%u,%u", &o.local[0], &o.local[1], &o.local[2]) != 3)
        fail("--local=X,Y,Z");
    } else if (a.rfind("--local-words=", 0) == 0)
      o.local_words = uint32_t(std::atoi(a.c_str() + 14));
    else if (a.rfind("--fused-fma=", 0) == 0)
      o.fused_fma = uint32_t(std::atoi(a.c_str() + 12));
    else if (a == "--ir")
      o.ir = true;
    else if (a[0] == '-')
      fail("unknown option " + a);
    else if (o.path.empty())
      o.path = a;
    else
      o.entries.push_back(a);
  }
  if (o.path.empty())
    fail("usage: pipeline_stats [--device=N] [--local=X,Y,Z] [--local-words=N] [--fused-fma=0|1] [--ir] "
         "FILE.spv [ENTRY...]");
  return o;
}

void print_statistic(const VkPipelineExecutableStatisticKHR &s) {
  std::printf("    %-40s ", s.name);
  switch (s.format) {
  case VK_PIPELINE_EXECUTABLE_STATISTIC_FORMAT_BOOL32_KHR: std::printf("%s\n", s.value.b32 ? "true" : "false"); break;
  case VK_PIPELINE_EXECUTABLE_STATISTIC_FORMAT_INT64_KHR: std::printf("%lld\n", (long long)s.value.i64); break;
  case VK_PIPELINE_EXECUTABLE_STATISTIC_FORMAT_UINT64_KHR: std::printf("%llu\n", (unsigned long long)s.value.u64); break;
  case VK_PIPELINE_EXECUTABLE_STATISTIC_FORMAT_FLOAT64_KHR: std::printf("%g\n", s.value.f64); break;
  default: std::printf("?\n");
  }
}

} // namespace

int main(int argc, char **argv) {
  options o = parse(argc, argv);
  std::vector<uint32_t> code = read_words(o.path);
  std::vector<std::string> entries = o.entries.empty() ? compute_entry_points(code) : o.entries;
  if (entries.empty())
    fail(o.path + " has no GLCompute entry point");

  VkApplicationInfo app{VK_STRUCTURE_TYPE_APPLICATION_INFO};
  app.apiVersion = VK_API_VERSION_1_3;
  VkInstanceCreateInfo ici{VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO};
  ici.pApplicationInfo = &app;
  VkInstance instance;
  check(vkCreateInstance(&ici, nullptr, &instance), "vkCreateInstance");
  uint32_t count = 0;
  vkEnumeratePhysicalDevices(instance, &count, nullptr);
  std::vector<VkPhysicalDevice> devices(count);
  vkEnumeratePhysicalDevices(instance, &count, devices.data());
  if (o.device < 0 || uint32_t(o.device) >= count)
    fail("no Vulkan device " + std::to_string(o.device));
  VkPhysicalDevice phys = devices[size_t(o.device)];
  VkPhysicalDeviceProperties props;
  vkGetPhysicalDeviceProperties(phys, &props);

  // Everything the device supports, as the modules may use any of it; but
  // not robust buffer access, which changes the code.
  VkPhysicalDevicePipelineExecutablePropertiesFeaturesKHR exec{
      VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_PIPELINE_EXECUTABLE_PROPERTIES_FEATURES_KHR};
  VkPhysicalDeviceVulkan13Features f13{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_3_FEATURES, &exec};
  VkPhysicalDeviceVulkan12Features f12{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_2_FEATURES, &f13};
  VkPhysicalDeviceVulkan11Features f11{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_1_FEATURES, &f12};
  VkPhysicalDeviceFeatures2 features{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FEATURES_2, &f11};
  vkGetPhysicalDeviceFeatures2(phys, &features);
  if (!exec.pipelineExecutableInfo)
    fail(std::string(props.deviceName) + " has no VK_KHR_pipeline_executable_properties");
  features.features.robustBufferAccess = VK_FALSE;
  f13.robustImageAccess = VK_FALSE;

  const float priority = 1.0f;
  VkDeviceQueueCreateInfo qci{VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO};
  qci.queueFamilyIndex = 0;
  qci.queueCount = 1;
  qci.pQueuePriorities = &priority;
  const char *extension = VK_KHR_PIPELINE_EXECUTABLE_PROPERTIES_EXTENSION_NAME;
  VkDeviceCreateInfo dci{VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO, &features};
  dci.queueCreateInfoCount = 1;
  dci.pQueueCreateInfos = &qci;
  dci.enabledExtensionCount = 1;
  dci.ppEnabledExtensionNames = &extension;
  VkDevice dev;
  check(vkCreateDevice(phys, &dci, nullptr, &dev), "vkCreateDevice");
  auto get_executables = reinterpret_cast<PFN_vkGetPipelineExecutablePropertiesKHR>(
      vkGetDeviceProcAddr(dev, "vkGetPipelineExecutablePropertiesKHR"));
  auto get_statistics = reinterpret_cast<PFN_vkGetPipelineExecutableStatisticsKHR>(
      vkGetDeviceProcAddr(dev, "vkGetPipelineExecutableStatisticsKHR"));
  auto get_irs = reinterpret_cast<PFN_vkGetPipelineExecutableInternalRepresentationsKHR>(
      vkGetDeviceProcAddr(dev, "vkGetPipelineExecutableInternalRepresentationsKHR"));

  VkShaderModuleCreateInfo smci{VK_STRUCTURE_TYPE_SHADER_MODULE_CREATE_INFO};
  smci.codeSize = code.size() * 4;
  smci.pCode = code.data();
  VkShaderModule module;
  check(vkCreateShaderModule(dev, &smci, nullptr, &module), "vkCreateShaderModule");
  VkPushConstantRange push{VK_SHADER_STAGE_COMPUTE_BIT, 0, 128};
  VkPipelineLayoutCreateInfo plci{VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO};
  plci.pushConstantRangeCount = 1;
  plci.pPushConstantRanges = &push;
  VkPipelineLayout layout;
  check(vkCreatePipelineLayout(dev, &plci, nullptr, &layout), "vkCreatePipelineLayout");

  const uint32_t spec_values[5] = {o.local[0], o.local[1], o.local[2], o.local_words, o.fused_fma};
  VkSpecializationMapEntry map[5];
  for (uint32_t i = 0; i < 5; ++i)
    map[i] = {i, i * 4, 4};
  VkSpecializationInfo spec{5, map, sizeof spec_values, spec_values};

  std::printf("# %s, driver %u.%u.%u, local size %u x %u x %u\n", props.deviceName,
              props.driverVersion >> 22, (props.driverVersion >> 14) & 0xff, (props.driverVersion >> 6) & 0xff,
              o.local[0], o.local[1], o.local[2]);
  for (const std::string &entry : entries) {
    VkComputePipelineCreateInfo cpci{VK_STRUCTURE_TYPE_COMPUTE_PIPELINE_CREATE_INFO};
    cpci.flags = VK_PIPELINE_CREATE_CAPTURE_STATISTICS_BIT_KHR |
                 (o.ir ? VK_PIPELINE_CREATE_CAPTURE_INTERNAL_REPRESENTATIONS_BIT_KHR : 0);
    cpci.stage = {VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO};
    cpci.stage.stage = VK_SHADER_STAGE_COMPUTE_BIT;
    cpci.stage.module = module;
    cpci.stage.pName = entry.c_str();
    cpci.stage.pSpecializationInfo = &spec;
    cpci.layout = layout;
    VkPipeline pipeline;
    check(vkCreateComputePipelines(dev, VK_NULL_HANDLE, 1, &cpci, nullptr, &pipeline), "vkCreateComputePipelines");
    std::printf("== %s\n", entry.c_str());
    VkPipelineInfoKHR info{VK_STRUCTURE_TYPE_PIPELINE_INFO_KHR};
    info.pipeline = pipeline;
    uint32_t executables = 0;
    get_executables(dev, &info, &executables, nullptr);
    std::vector<VkPipelineExecutablePropertiesKHR> exe(executables, {VK_STRUCTURE_TYPE_PIPELINE_EXECUTABLE_PROPERTIES_KHR});
    get_executables(dev, &info, &executables, exe.data());
    for (uint32_t e = 0; e < executables; ++e) {
      std::printf("  executable %u: %s (subgroup size %u)\n", e, exe[e].name, exe[e].subgroupSize);
      VkPipelineExecutableInfoKHR which{VK_STRUCTURE_TYPE_PIPELINE_EXECUTABLE_INFO_KHR};
      which.pipeline = pipeline;
      which.executableIndex = e;
      uint32_t n = 0;
      get_statistics(dev, &which, &n, nullptr);
      std::vector<VkPipelineExecutableStatisticKHR> stats(n, {VK_STRUCTURE_TYPE_PIPELINE_EXECUTABLE_STATISTIC_KHR});
      get_statistics(dev, &which, &n, stats.data());
      for (const auto &s : stats)
        print_statistic(s);
      if (!o.ir)
        continue;
      uint32_t m = 0;
      get_irs(dev, &which, &m, nullptr);
      std::vector<VkPipelineExecutableInternalRepresentationKHR> irs(
          m, {VK_STRUCTURE_TYPE_PIPELINE_EXECUTABLE_INTERNAL_REPRESENTATION_KHR});
      get_irs(dev, &which, &m, irs.data()); // sizes first
      std::vector<std::vector<char>> text(m);
      for (uint32_t k = 0; k < m; ++k) {
        text[k].resize(irs[k].dataSize + 1);
        irs[k].pData = text[k].data();
      }
      get_irs(dev, &which, &m, irs.data());
      for (uint32_t k = 0; k < m; ++k) {
        std::printf("  --- %s (%s)\n", irs[k].name, irs[k].description);
        if (irs[k].isText)
          std::printf("%.*s\n", int(irs[k].dataSize), text[k].data());
        else
          std::printf("  (%zu bytes of binary)\n", irs[k].dataSize);
      }
    }
    vkDestroyPipeline(dev, pipeline, nullptr);
  }
  vkDestroyPipelineLayout(dev, layout, nullptr);
  vkDestroyShaderModule(dev, module, nullptr);
  vkDestroyDevice(dev, nullptr);
  vkDestroyInstance(instance, nullptr);
}
