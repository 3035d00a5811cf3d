// Helpers for runtime unit tests: hand-written CPU work-group functions (the
// cpu_abi.h signature sporkle-cc's CPU target emits) registered through a
// hand-made sporkle_image_table, exactly as a sporkle-cc program does.
#ifndef SPORKLE_TEST_UNIT_TEST_KERNELS_H
#define SPORKLE_TEST_UNIT_TEST_KERNELS_H

#include <deque>
#include <string>
#include <vector>

#include "sporkle/cpu_abi.h"
#include "sporkle/image_table.h"

namespace sporkle_test {

/// Global and local id of one work-item, hardware order.
struct work_item {
  uint64_t global[3];
  uint64_t local[3];
  const sporkle_cpu_wg_context *ctx;
};

/// A work-group function that runs `Item(args, wi)` for every work-item of
/// the group, x fastest (what passes/WorkItemLoops produces).
template <typename Args, void (*Item)(const Args &, const work_item &)>
void wg_function(const void *args, const sporkle_cpu_wg_context *ctx) {
  work_item wi;
  wi.ctx = ctx;
  for (uint64_t z = 0; z < ctx->local_size[2]; ++z)
    for (uint64_t y = 0; y < ctx->local_size[1]; ++y)
      for (uint64_t x = 0; x < ctx->local_size[0]; ++x) {
        uint64_t l[3] = {x, y, z};
        for (int d = 0; d < 3; ++d) {
          wi.local[d] = l[d];
          wi.global[d] = ctx->group_id[d] * ctx->local_size[d] + l[d] + ctx->global_offset[d];
        }
        Item(*static_cast<const Args *>(args), wi);
      }
}

/// An image table under construction; registers on register_all(),
/// unregisters when destroyed.
class test_images {
public:
  ~test_images() {
    if (registered_)
      __sporkle_unregister_images(&table_);
  }
  void add(sporkle_target_kind target, const std::string &name, sporkle_cpu_wg_fn fn,
           uint32_t flags = 0, uint64_t args_size = 0, uint32_t vector_width = 1,
           uint64_t static_local = 0) {
    names_.push_back(name);
    sporkle_kernel_desc desc{};
    desc.name = names_.back().c_str();
    desc.entry = reinterpret_cast<const void *>(fn);
    desc.flags = flags;
    desc.vector_width = vector_width;
    desc.args_size = args_size;
    desc.static_local_mem = static_local;
    (target == SPORKLE_TARGET_CPU ? cpu_ : other_).push_back(desc);
  }
  void add_cpu(const std::string &name, sporkle_cpu_wg_fn fn, uint32_t flags = 0,
               uint64_t args_size = 0) {
    add(SPORKLE_TARGET_CPU, name, fn, flags, args_size);
  }
  void register_all() {
    images_.clear();
    if (!cpu_.empty())
      images_.push_back({SPORKLE_TARGET_CPU, uint32_t(cpu_.size()), "x86_64-pc-linux-gnu", "",
                         nullptr, 0, cpu_.data()});
    if (!other_.empty())
      images_.push_back({SPORKLE_TARGET_VULKAN, uint32_t(other_.size()), "spirv-vulkan1.3", "",
                         nullptr, 0, other_.data()});
    table_ = {SPORKLE_IMAGE_TABLE_VERSION, uint32_t(images_.size()), images_.data()};
    __sporkle_register_images(&table_);
    registered_ = true;
  }

private:
  std::deque<std::string> names_;
  std::vector<sporkle_kernel_desc> cpu_, other_;
  std::vector<sporkle_image> images_;
  sporkle_image_table table_{};
  bool registered_ = false;
};

} // namespace sporkle_test

#endif
