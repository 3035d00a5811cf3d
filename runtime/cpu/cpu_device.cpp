// The CPU backend: the host processor as a SYCL device.
//
// Kernels are work-group functions (sporkle/cpu_abi.h) linked into the program;
// a launch becomes one job on the worker pool. All memory kinds are ordinary
// host memory. Large copies and fills are split into chunks and run on the
// pool too, so they use every core like a kernel would.
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <thread>

#include "../backend.h"
#include "thread_pool.h"

namespace sporkle::rt {
namespace {

constexpr size_t worker_stack_bytes = 16u << 20;  // work-group functions alloca per work-item
constexpr uint64_t max_work_group_items = 4096;
constexpr uint64_t local_memory_bytes = 1u << 20;
constexpr uint64_t memory_chunk_bytes = 256u << 10; // copy/fill chunk per work-group
// Work-groups of barrier kernels keep per-work-item state on the stack; only
// small ones may run on a waiting user thread (its stack may be 8 MiB or less).
constexpr uint64_t helper_max_barrier_items = 256;

unsigned env_unsigned(const char *name, unsigned fallback) {
  const char *value = std::getenv(name);
  if (!value || !*value)
    return fallback;
  char *end = nullptr;
  unsigned long v = std::strtoul(value, &end, 10);
  return (end && *end == '\0' && v > 0 && v < 65536) ? unsigned(v) : fallback;
}

std::string cpuinfo_field(const char *field) {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line))
    if (line.compare(0, std::strlen(field), field) == 0) {
      size_t colon = line.find(':');
      if (colon != std::string::npos) {
        size_t start = line.find_first_not_of(" \t", colon + 1);
        return start == std::string::npos ? std::string() : line.substr(start);
      }
    }
  return {};
}

struct copy_args {
  unsigned char *dst;
  const unsigned char *src;
  uint64_t bytes;
};
struct fill_args {
  unsigned char *dst;
  const unsigned char *pattern;
  uint32_t pattern_size;
  uint64_t count;
  uint64_t elements_per_group;
};

void copy_group(const void *a, const sporkle_cpu_wg_context *ctx) {
  auto *args = static_cast<const copy_args *>(a);
  uint64_t begin = ctx->group_id[0] * memory_chunk_bytes;
  uint64_t n = std::min(memory_chunk_bytes, args->bytes - begin);
  std::memcpy(args->dst + begin, args->src + begin, n);
}

void fill_elements(unsigned char *dst, const unsigned char *pattern, uint32_t size,
                   uint64_t count) {
  if (size == 1) {
    std::memset(dst, pattern[0], count);
    return;
  }
  for (uint64_t i = 0; i < count; ++i)
    std::memcpy(dst + i * size, pattern, size);
}

void fill_group(const void *a, const sporkle_cpu_wg_context *ctx) {
  auto *args = static_cast<const fill_args *>(a);
  uint64_t begin = ctx->group_id[0] * args->elements_per_group;
  uint64_t n = std::min(args->elements_per_group, args->count - begin);
  fill_elements(args->dst + begin * args->pattern_size, args->pattern, args->pattern_size, n);
}

class cpu_device final : public device_backend {
public:
  cpu_device()
      : pool_(env_unsigned("SPORKLE_CPU_THREADS",
                           std::max(1u, std::thread::hardware_concurrency())),
              worker_stack_bytes, env_unsigned("SPORKLE_CPU_SPIN_US", 50)) {
    name_ = cpuinfo_field("model name");
    if (name_.empty())
      name_ = "host CPU";
    std::string vendor_id = cpuinfo_field("vendor_id");
    vendor_ = vendor_id == "GenuineIntel"   ? "Intel"
              : vendor_id == "AuthenticAMD" ? "AMD"
              : vendor_id.empty()           ? "unknown"
                                            : vendor_id;
    long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
    uint64_t mem = pages > 0 && page > 0 ? uint64_t(pages) * uint64_t(page) : (4ull << 30);

    info_ = {};
    info_.name = name_.c_str();
    info_.vendor = vendor_.c_str();
    info_.driver_version = "sporkle 0.1.0 cpu";
    info_.version = "sporkle cpu 1.0";
    info_.selector = "cpu";
    info_.kind = device_kind::cpu;
    info_.platform_index = 0;
    info_.max_compute_units = pool_.size();
#if defined(__x86_64__)
    info_.preferred_vector_width = __builtin_cpu_supports("avx512f") ? 16
                                   : __builtin_cpu_supports("avx2")  ? 8
                                                                     : 4;
#else
    info_.preferred_vector_width = 4;
#endif
    info_.max_work_group_size = max_work_group_items;
    for (uint64_t &s : info_.max_work_item_sizes)
      s = max_work_group_items;
    info_.local_mem_size = local_memory_bytes;
    info_.global_mem_size = mem;
    info_.max_mem_alloc_size = mem;
    info_.mem_base_addr_align = 1024; // bits: 128-byte alignment
    info_.host_unified_memory = true;
    info_.usm_host_shared = true;
  }

  const device_info &info() const override { return info_; }
  sporkle_target_kind target() const override { return SPORKLE_TARGET_CPU; }

  void *allocate(uint64_t bytes, uint64_t align, memory_kind) override {
    align = std::max<uint64_t>(align, 128);
    if (align & (align - 1))
      return nullptr;
    uint64_t size = (std::max<uint64_t>(bytes, 1) + align - 1) & ~(align - 1);
    if (size < bytes) // overflow
      return nullptr;
    return std::aligned_alloc(align, size);
  }
  void deallocate(void *ptr, memory_kind) override { std::free(ptr); }

  void copy(void *dst, const void *src, uint64_t bytes, completion done) override {
    if (bytes <= memory_chunk_bytes) {
      if (bytes)
        std::memmove(dst, src, bytes);
      done();
      return;
    }
    auto *job = make_memory_job(&copy_group, (bytes + memory_chunk_bytes - 1) / memory_chunk_bytes,
                                done);
    new (job->inline_args) copy_args{static_cast<unsigned char *>(dst),
                                     static_cast<const unsigned char *>(src), bytes};
    pool_.submit(job);
  }

  void fill(void *dst, const void *pattern, uint32_t pattern_size, uint64_t count,
            completion done) override {
    uint64_t per_group = std::max<uint64_t>(1, memory_chunk_bytes / pattern_size);
    if (count <= per_group) {
      fill_elements(static_cast<unsigned char *>(dst),
                    static_cast<const unsigned char *>(pattern), pattern_size, count);
      done();
      return;
    }
    auto *job = make_memory_job(&fill_group, (count + per_group - 1) / per_group, done);
    new (job->inline_args)
        fill_args{static_cast<unsigned char *>(dst), static_cast<const unsigned char *>(pattern),
                  pattern_size, count, per_group};
    pool_.submit(job);
  }

  void launch(const launch_params &p, completion done) override {
    auto *job = new cpu::wg_job;
    job->fn = reinterpret_cast<sporkle_cpu_wg_fn>(const_cast<void *>(p.kernel->entry));
    job->args = p.args;
    job->on_done = done;
    sporkle_cpu_wg_context &s = job->shape;
    job->total_groups = 1;
    uint64_t items = 1;
    for (int d = 0; d < 3; ++d) {
      s.global_size[d] = p.global[d];
      s.local_size[d] = p.local[d];
      s.num_groups[d] = p.global[d] / p.local[d];
      s.global_offset[d] = p.offset[d];
      job->total_groups *= s.num_groups[d];
      items *= p.local[d];
    }
    s.local_mem_size = p.local_mem_size;
    job->helpable =
        !(p.kernel->flags & SPORKLE_KERNEL_USES_BARRIER) || items <= helper_max_barrier_items;
    // A few chunks per thread: enough to balance, few enough atomics.
    job->chunk = std::max<uint64_t>(1, job->total_groups / (uint64_t(pool_.size()) * 8));
    pool_.submit(job);
  }

  bool help() override { return pool_.help(); }

private:
  cpu::wg_job *make_memory_job(sporkle_cpu_wg_fn fn, uint64_t groups, completion done) {
    auto *job = new cpu::wg_job;
    job->fn = fn;
    job->args = job->inline_args;
    job->on_done = done;
    job->total_groups = groups;
    job->shape.global_size[0] = groups;
    job->shape.num_groups[0] = groups;
    job->shape.local_size[0] = 1;
    for (int d = 1; d < 3; ++d)
      job->shape.global_size[d] = job->shape.num_groups[d] = job->shape.local_size[d] = 1;
    return job;
  }

  cpu::thread_pool pool_;
  std::string name_, vendor_;
  device_info info_;
};

} // namespace

std::vector<std::unique_ptr<device_backend>> create_cpu_devices() {
  std::vector<std::unique_ptr<device_backend>> devices;
  devices.push_back(std::make_unique<cpu_device>());
  return devices;
}

} // namespace sporkle::rt
