// Shader modules, the pipeline layout and compute pipelines (see pipeline_store.h).
// Reads SPORKLE_VULKAN_FUSED_FMA=0/1: overrides whether kernels trust the
// driver's Fma to be fused (SPORKLE_VK_SPEC_FUSED_FMA; see pipeline_store.h).
#include "pipeline_store.h"

#include <chrono>
#include <cstdlib>
#include <cstring>

#include "pipeline_cache_file.h"
#include "sporkle/vulkan_abi.h"

namespace sporkle::rt::vk {
namespace {

/// Whether the driver's GLSL.std.450 Fma is fused: all but lavapipe's, whose
/// LLVM code splits it into a multiply and an add (float and double).
bool driver_fuses_fma(VkDriverId driver) {
  const char *e = std::getenv("SPORKLE_VULKAN_FUSED_FMA");
  if (e && (e[0] == '0' || e[0] == '1') && !e[1])
    return e[0] == '1';
  return driver != VK_DRIVER_ID_MESA_LLVMPIPE;
}

} // namespace

pipeline_store::pipeline_store(const vulkan_api &api, VkDevice device, VkDriverId driver,
                               std::string cache_path, std::string cache_key, bool creation_feedback)
    : api_(api), device_(device), cache_path_(std::move(cache_path)),
      cache_key_(std::move(cache_key)), fused_fma_(driver_fuses_fma(driver)) {
  status_.feedback = creation_feedback;
  VkPushConstantRange range{VK_SHADER_STAGE_COMPUTE_BIT, 0, SPORKLE_VK_PUSH_CONSTANT_BYTES};
  VkPipelineLayoutCreateInfo layout_info{VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO};
  layout_info.pushConstantRangeCount = 1;
  layout_info.pPushConstantRanges = &range;
  VkResult r = api_.vkCreatePipelineLayout(device_, &layout_info, nullptr, &layout_);
  if (r != VK_SUCCESS) {
    error_ = std::string("vkCreatePipelineLayout: ") + result_name(r);
    return;
  }

  status_.path = cache_path_;
  std::vector<unsigned char> initial;
  if (!cache_path_.empty())
    initial = read_pipeline_cache(cache_path_, cache_key_);
  VkPipelineCacheCreateInfo cache_info{VK_STRUCTURE_TYPE_PIPELINE_CACHE_CREATE_INFO};
  cache_info.initialDataSize = initial.size();
  cache_info.pInitialData = initial.empty() ? nullptr : initial.data();
  r = api_.vkCreatePipelineCache(device_, &cache_info, nullptr, &cache_);
  if (r != VK_SUCCESS && !initial.empty()) {
    // The driver refused data our header accepted: start empty.
    cache_info.initialDataSize = 0;
    cache_info.pInitialData = nullptr;
    initial.clear();
    r = api_.vkCreatePipelineCache(device_, &cache_info, nullptr, &cache_);
  }
  if (r != VK_SUCCESS) {
    error_ = std::string("vkCreatePipelineCache: ") + result_name(r);
    return;
  }
  status_.loaded_from_disk = !cache_path_.empty() && !initial.empty();
  status_.loaded_bytes = initial.size();
}

pipeline_store::~pipeline_store() {
  for (auto &[key, pipeline] : pipelines_)
    api_.vkDestroyPipeline(device_, pipeline, nullptr);
  for (auto &[data, module] : modules_)
    api_.vkDestroyShaderModule(device_, module, nullptr);
  if (cache_)
    api_.vkDestroyPipelineCache(device_, cache_, nullptr);
  if (layout_)
    api_.vkDestroyPipelineLayout(device_, layout_, nullptr);
}

VkShaderModule pipeline_store::module_for(const sporkle_image &image, std::string &error) {
  auto it = modules_.find(image.data);
  if (it != modules_.end())
    return it->second;
  if (!image.data || image.size == 0 || image.size % 4) {
    error = "the Vulkan image holds no SPIR-V module (size " + std::to_string(image.size) + ")";
    return VK_NULL_HANDLE;
  }
  VkShaderModuleCreateInfo info{VK_STRUCTURE_TYPE_SHADER_MODULE_CREATE_INFO};
  info.codeSize = image.size;
  info.pCode = static_cast<const uint32_t *>(image.data);
  VkShaderModule module = VK_NULL_HANDLE;
  VkResult r = api_.vkCreateShaderModule(device_, &info, nullptr, &module);
  if (r != VK_SUCCESS) {
    error = std::string("vkCreateShaderModule: ") + result_name(r);
    return VK_NULL_HANDLE;
  }
  modules_[image.data] = module;
  return module;
}

VkPipeline pipeline_store::get(const sporkle_image &image, const sporkle_kernel_desc &kernel,
                               const uint32_t local_size[3], uint32_t local_words,
                               const std::vector<uint64_t> &launch_values, std::string &error) {
  const char *entry = kernel.entry_name ? kernel.entry_name : kernel.name;
  shape_key shape{image.data, entry, local_size[0], local_size[1], local_size[2], local_words};
  pipeline_key key{shape, launch_values};
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = pipelines_.find(key);
  if (it != pipelines_.end())
    return it->second;
  if (!launch_values.empty() && specializations_[shape] >= max_specializations) {
    key.second.clear(); // too many value sets: the generic pipeline
    it = pipelines_.find(key);
    if (it != pipelines_.end())
      return it->second;
  }
  VkShaderModule module = module_for(image, error);
  if (!module)
    return VK_NULL_HANDLE;

  // 32-bit constants (a bool one is a VkBool32), the launch constants after
  // the others; an entry for a constant the module does not declare (no fma,
  // no launch constants) is ignored.
  const std::vector<uint64_t> &values = key.second;
  const uint32_t words[6] = {local_size[0], local_size[1], local_size[2], local_words,
                             fused_fma_ ? VK_TRUE : VK_FALSE, values.empty() ? VK_FALSE : VK_TRUE};
  const uint32_t ids[6] = {SPORKLE_VK_SPEC_LOCAL_SIZE_X, SPORKLE_VK_SPEC_LOCAL_SIZE_Y,
                           SPORKLE_VK_SPEC_LOCAL_SIZE_Z, SPORKLE_VK_SPEC_LOCAL_WORDS,
                           SPORKLE_VK_SPEC_FUSED_FMA,    SPORKLE_VK_SPEC_LAUNCH_CONSTANTS};
  std::vector<uint32_t> data(words, words + 6);
  for (uint64_t v : values)
    data.push_back(uint32_t(v)); // (below 2^32: vulkan_device::launch)
  std::vector<VkSpecializationMapEntry> entries;
  for (uint32_t i = 0; i < 6; ++i)
    entries.push_back({ids[i], uint32_t(i * sizeof(uint32_t)), sizeof(uint32_t)});
  for (uint32_t i = 0; i < values.size(); ++i)
    entries.push_back({SPORKLE_VK_SPEC_LAUNCH_CONSTANT_BASE + i, uint32_t((6 + i) * sizeof(uint32_t)), sizeof(uint32_t)});
  VkSpecializationInfo specialization{uint32_t(entries.size()), entries.data(), data.size() * sizeof(uint32_t),
                                      data.data()};

  VkComputePipelineCreateInfo info{VK_STRUCTURE_TYPE_COMPUTE_PIPELINE_CREATE_INFO};
  info.flags = VK_PIPELINE_CREATE_DISPATCH_BASE_BIT;
  info.stage.sType = VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO;
  info.stage.stage = VK_SHADER_STAGE_COMPUTE_BIT;
  info.stage.module = module;
  info.stage.pName = entry;
  info.stage.pSpecializationInfo = &specialization;
  info.layout = layout_;
  VkPipelineCreationFeedbackEXT feedback{};
  VkPipelineCreationFeedbackCreateInfoEXT feedback_info{
      VK_STRUCTURE_TYPE_PIPELINE_CREATION_FEEDBACK_CREATE_INFO_EXT};
  feedback_info.pPipelineCreationFeedback = &feedback;
  if (status_.feedback)
    info.pNext = &feedback_info;
  VkPipeline pipeline = VK_NULL_HANDLE;
  auto start = std::chrono::steady_clock::now();
  VkResult r = api_.vkCreateComputePipelines(device_, cache_, 1, &info, nullptr, &pipeline);
  status_.creation_ns += uint64_t(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                      std::chrono::steady_clock::now() - start)
                                      .count());
  if (r != VK_SUCCESS) {
    error = std::string("cannot create the compute pipeline for '") + entry +
            "': " + result_name(r);
    return VK_NULL_HANDLE;
  }
  pipelines_[key] = pipeline;
  if (!values.empty())
    ++specializations_[shape];
  ++status_.pipelines_created;
  if ((feedback.flags & VK_PIPELINE_CREATION_FEEDBACK_VALID_BIT_EXT) &&
      (feedback.flags & VK_PIPELINE_CREATION_FEEDBACK_APPLICATION_PIPELINE_CACHE_HIT_BIT_EXT))
    ++status_.pipelines_from_cache;
  save_cache();
  return pipeline;
}

void pipeline_store::save_cache() {
  if (cache_path_.empty())
    return;
  size_t size = 0;
  if (api_.vkGetPipelineCacheData(device_, cache_, &size, nullptr) != VK_SUCCESS)
    return;
  std::vector<unsigned char> data(size);
  VkResult r = api_.vkGetPipelineCacheData(device_, cache_, &size, data.data());
  if (r != VK_SUCCESS) // VK_INCOMPLETE: it grew meanwhile; the next save catches up
    return;
  data.resize(size);
  if (write_pipeline_cache(cache_path_, cache_key_, data))
    ++status_.saves;
}

pipeline_cache_status pipeline_store::cache_status() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return status_;
}

} // namespace sporkle::rt::vk
