// The Vulkan backend (runtime/vulkan/) through the device_backend interface:
// enumeration, memory, copies, fills, kernels written in GLSL to the sporkle
// Vulkan ABI (vulkan/*.comp, compiled by glslangValidator at build time),
// split dispatches and the on-disk pipeline cache. Runs on lavapipe where no
// GPU is present; every test skips when no Vulkan device is usable.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <mutex>
#include <random>
#include <string>
#include <vector>

#include "backend.h"
#include "sporkle/vulkan_abi.h"
#include "vulkan/pipeline_cache_file.h"
#include "vulkan/vulkan_device.h"
#include "saxpy_by_address.spv.h"
#include "saxpy_inline.spv.h"

namespace rt = sporkle::rt;
namespace vk = sporkle::rt::vk;

namespace {

// Mesa and the loader write under $HOME/.cache, and the pipeline cache goes
// to $XDG_CACHE_HOME/sporkle: point both at a fresh directory.
class temporary_home : public ::testing::Environment {
public:
  void SetUp() override {
    char pattern[] = "/tmp/sporkle-vulkan-test-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    root = pattern;
    setenv("HOME", root.c_str(), 1);
    setenv("XDG_CACHE_HOME", (root + "/cache").c_str(), 1);
  }
  void TearDown() override { std::system(("rm -rf '" + root + "'").c_str()); }
  std::string root;
};
temporary_home *home = static_cast<temporary_home *>(
    ::testing::AddGlobalTestEnvironment(new temporary_home));

/// Counts completions and waits for them.
class completions {
public:
  rt::completion next() {
    std::lock_guard<std::mutex> lock(mutex_);
    ++pending_;
    return {&fire, this};
  }
  bool wait() {
    std::unique_lock<std::mutex> lock(mutex_);
    return cv_.wait_for(lock, std::chrono::seconds(60), [this] { return pending_ == 0; });
  }

private:
  static void fire(void *ctx) {
    auto *self = static_cast<completions *>(ctx);
    std::lock_guard<std::mutex> lock(self->mutex_);
    --self->pending_;
    self->cv_.notify_all();
  }
  std::mutex mutex_;
  std::condition_variable cv_;
  int pending_ = 0;
};

struct saxpy_args {
  uint64_t x, y; // buffer device addresses
  float a;
  uint32_t n;
};
static_assert(sizeof(saxpy_args) <= SPORKLE_VK_MAX_INLINE_ARGS, "fits in push constants");

sporkle_kernel_desc saxpy_desc(uint32_t flags) {
  sporkle_kernel_desc desc{};
  desc.name = "saxpy";
  desc.entry_name = "main";
  desc.flags = flags;
  desc.vector_width = 1;
  desc.args_size = sizeof(saxpy_args);
  return desc;
}
const sporkle_kernel_desc inline_kernel = saxpy_desc(0);
const sporkle_kernel_desc by_address_kernel = saxpy_desc(SPORKLE_KERNEL_ARGS_BY_ADDRESS);
const sporkle_image inline_image{SPORKLE_TARGET_VULKAN, 1, "spirv-vulkan1.2", "",
                                 saxpy_inline_spv, sizeof saxpy_inline_spv, &inline_kernel};
const sporkle_image by_address_image{SPORKLE_TARGET_VULKAN, 1, "spirv-vulkan1.2", "",
                                     saxpy_by_address_spv, sizeof saxpy_by_address_spv,
                                     &by_address_kernel};

class VulkanBackend : public ::testing::Test {
protected:
  void SetUp() override {
    devices = rt::create_vulkan_devices(1, unusable);
    if (devices.empty()) {
      std::string why;
      for (auto &u : unusable)
        why += " " + u.name + ": " + u.reason + ";";
      GTEST_SKIP() << "no usable Vulkan device:" << why;
    }
    dev = devices.front().get();
    vdev = dynamic_cast<vk::vulkan_device *>(dev);
    ASSERT_NE(vdev, nullptr);
  }

  void *alloc(uint64_t bytes, rt::memory_kind kind = rt::memory_kind::device) {
    void *p = dev->allocate(bytes, 0, kind);
    EXPECT_NE(p, nullptr) << bytes << " bytes";
    return p;
  }
  void to_device(void *dst, const void *src, uint64_t bytes) {
    completions c;
    dev->copy(dst, src, bytes, c.next());
    ASSERT_TRUE(c.wait());
  }
  template <typename T> std::vector<T> read(const void *src, size_t count) {
    std::vector<T> out(count);
    completions c;
    dev->copy(out.data(), src, count * sizeof(T), c.next());
    EXPECT_TRUE(c.wait());
    return out;
  }

  /// Runs saxpy over n elements with the given shape and checks the result;
  /// the elements before `first` (the offset's linear index) stay as they were.
  void run_saxpy(const sporkle_image &image, uint32_t n, const uint64_t global[3],
                 const uint64_t local[3], uint64_t local_mem = 0,
                 const uint64_t offset[3] = nullptr, uint32_t first = 0) {
    std::vector<float> x(n), y(n);
    std::mt19937 rng(n);
    std::uniform_real_distribution<float> dist(-10.0f, 10.0f);
    for (uint32_t i = 0; i < n; ++i) {
      x[i] = dist(rng);
      y[i] = dist(rng);
    }
    void *dx = alloc(n * 4), *dy = alloc(n * 4);
    to_device(dx, x.data(), n * 4);
    to_device(dy, y.data(), n * 4);
    saxpy_args args{reinterpret_cast<uint64_t>(dx), reinterpret_cast<uint64_t>(dy), 2.5f, n};
    rt::launch_params p{};
    p.kernel = image.kernels;
    p.image = &image;
    p.args = &args;
    p.args_size = sizeof args;
    for (int d = 0; d < 3; ++d) {
      p.global[d] = global[d];
      p.local[d] = local[d];
      p.offset[d] = offset ? offset[d] : 0;
    }
    p.local_mem_size = local_mem;
    completions c;
    dev->launch(p, c.next());
    ASSERT_TRUE(c.wait());
    std::vector<float> result = read<float>(dy, n);
    int wrong = 0;
    for (uint32_t i = 0; i < n; ++i) {
      // The kernel's a*x + y may be fused by the driver (NVIDIA's is): either rounding passes.
      float unfused = 2.5f * x[i] + y[i], fused = std::fma(2.5f, x[i], y[i]);
      float expected = i < first ? y[i] : unfused;
      if (result[i] != expected && !(i >= first && result[i] == fused) && wrong++ < 5)
        ADD_FAILURE() << "element " << i << ": " << result[i] << ", expected " << expected;
    }
    EXPECT_EQ(wrong, 0);
    dev->deallocate(dx, rt::memory_kind::device);
    dev->deallocate(dy, rt::memory_kind::device);
  }

  std::vector<rt::unusable_device> unusable;
  std::vector<std::unique_ptr<rt::device_backend>> devices;
  rt::device_backend *dev = nullptr;
  vk::vulkan_device *vdev = nullptr;
};

TEST_F(VulkanBackend, EnumeratesDevicesBestFirst) {
  for (size_t i = 0; i < devices.size(); ++i) {
    const rt::device_info &info = devices[i]->info();
    EXPECT_EQ(std::string(info.selector), "vulkan:" + std::to_string(i));
    EXPECT_EQ(devices[i]->target(), SPORKLE_TARGET_VULKAN);
    EXPECT_EQ(info.platform_index, 1u);
    EXPECT_GE(info.max_work_group_size, 128u);
    EXPECT_GE(info.local_mem_size, 16384u);
    EXPECT_GT(info.global_mem_size, 0u);
    EXPECT_LE(info.max_mem_alloc_size, info.global_mem_size);
    EXPECT_FALSE(info.host_unified_memory);
    // GPUs first: once a CPU driver is listed, no GPU follows.
    if (i > 0 && devices[i - 1]->info().kind == rt::device_kind::cpu)
      EXPECT_EQ(info.kind, rt::device_kind::cpu) << info.name;
    std::printf("vulkan:%zu %s (%s), host pointers %s device addresses\n", i, info.name,
                info.driver_version,
                static_cast<vk::vulkan_device *>(devices[i].get())->host_pointers_match()
                    ? "equal"
                    : "differ from");
  }
}

TEST_F(VulkanBackend, CopyRoundTrip) {
  const uint64_t n = (1u << 20) + 3;
  std::vector<unsigned char> data(n);
  for (uint64_t i = 0; i < n; ++i)
    data[i] = static_cast<unsigned char>(i * 7 + 1);
  void *a = alloc(n), *b = alloc(n + 64);
  to_device(a, data.data(), n);
  completions c;
  dev->copy(static_cast<char *>(b) + 5, a, n, c.next()); // device to device, odd offset
  ASSERT_TRUE(c.wait());
  EXPECT_EQ(read<unsigned char>(static_cast<char *>(b) + 5, n), data);
  EXPECT_EQ(read<unsigned char>(a, n), data);
  dev->deallocate(a, rt::memory_kind::device);
  dev->deallocate(b, rt::memory_kind::device);
}

TEST_F(VulkanBackend, Fill) {
  const uint64_t n = 4096;
  unsigned char *buf = static_cast<unsigned char *>(alloc(n));
  std::vector<unsigned char> expected(n, 0);
  to_device(buf, expected.data(), n);
  completions c;
  uint32_t word = 0xdeadbeef;
  dev->fill(buf, &word, 4, 256, c.next()); // vkCmdFillBuffer
  uint16_t half = 0x1234;
  dev->fill(buf + 1026, &half, 2, 99, c.next()); // unaligned: staging
  const unsigned char three[3] = {1, 2, 3};
  dev->fill(buf + 2048, three, 3, 101, c.next()); // 3-byte pattern: staging
  unsigned char byte = 0x5a;
  dev->fill(buf + 3072, &byte, 1, 1024, c.next()); // one byte, aligned: vkCmdFillBuffer
  ASSERT_TRUE(c.wait());
  for (int i = 0; i < 256; ++i)
    std::memcpy(&expected[i * 4], &word, 4);
  for (int i = 0; i < 99; ++i)
    std::memcpy(&expected[1026 + i * 2], &half, 2);
  for (int i = 0; i < 101; ++i)
    std::memcpy(&expected[2048 + i * 3], three, 3);
  std::memset(&expected[3072], byte, 1024);
  EXPECT_EQ(read<unsigned char>(buf, n), expected);
  dev->deallocate(buf, rt::memory_kind::device);
}

// While the device is busy, later commands collect in one command buffer and
// go to the queue together; they still run and complete in order.
TEST_F(VulkanBackend, CommandsIssuedWhileBusyShareSubmits) {
  const uint32_t n = 1u << 22; // a saxpy long enough to keep the device busy
  void *x = alloc(uint64_t(n) * 4), *y = alloc(uint64_t(n) * 4);
  const int fills = 300;
  uint32_t *words = static_cast<uint32_t *>(alloc(fills * 4 + 4));
  saxpy_args args{reinterpret_cast<uint64_t>(x), reinterpret_cast<uint64_t>(y), 2.0f, n};
  rt::launch_params p{};
  p.kernel = inline_image.kernels;
  p.image = &inline_image;
  p.args = &args;
  p.args_size = sizeof args;
  p.global[0] = n, p.global[1] = p.global[2] = 1;
  p.local[0] = 64, p.local[1] = p.local[2] = 1;

  struct ordered {
    std::mutex mutex;
    std::vector<int> order;
  } log;
  struct tag {
    ordered *log;
    int index;
  };
  std::vector<tag> tags(fills + 1);
  auto logged = [](void *ctx) {
    tag *t = static_cast<tag *>(ctx);
    std::lock_guard<std::mutex> lock(t->log->mutex);
    t->log->order.push_back(t->index);
  };
  vk::submission_queue::counts before = vdev->submission_counts();
  completions c;
  tags[0] = {&log, -1};
  dev->launch(p, c.next());
  for (int i = 0; i < fills; ++i) {
    tags[i + 1] = {&log, i};
    uint32_t value = 1000 + uint32_t(i);
    dev->fill(words + i, &value, 4, 1, rt::completion{logged, &tags[i + 1]});
    dev->fill(words + fills, &value, 4, 1, c.next()); // the same word, over and over: the last wins
  }
  ASSERT_TRUE(c.wait());
  vk::submission_queue::counts after = vdev->submission_counts();
  std::vector<uint32_t> result = read<uint32_t>(words, fills + 1);
  for (int i = 0; i < fills; ++i)
    ASSERT_EQ(result[i], 1000u + uint32_t(i)) << i;
  EXPECT_EQ(result[fills], 1000u + fills - 1);
  {
    std::lock_guard<std::mutex> lock(log.mutex);
    ASSERT_EQ(log.order.size(), size_t(fills));
    for (int i = 0; i < fills; ++i)
      EXPECT_EQ(log.order[i], i);
  }
  EXPECT_EQ(after.commands - before.commands, uint64_t(2 * fills + 1));
  EXPECT_LT(after.submits - before.submits, after.commands - before.commands)
      << "600 fills issued behind a " << n << "-element kernel were submitted one by one";
  dev->deallocate(x, rt::memory_kind::device);
  dev->deallocate(y, rt::memory_kind::device);
  dev->deallocate(words, rt::memory_kind::device);
}

TEST_F(VulkanBackend, OutOfMemoryReturnsNull) {
  const rt::device_info &info = dev->info();
  EXPECT_EQ(dev->allocate(info.global_mem_size + 1, 0, rt::memory_kind::device), nullptr);
  // Allocations of 3/8 of the heap (or the largest allowed, if smaller):
  // the runtime refuses one before their sum passes the heap size, whatever
  // the driver would accept, and has room again once one is freed.
  uint64_t big = std::min(info.max_mem_alloc_size, info.global_mem_size / 8 * 3);
  std::vector<void *> taken;
  for (uint64_t total = 0; total <= info.global_mem_size; total += big) {
    void *p = dev->allocate(big, 0, rt::memory_kind::device);
    if (!p)
      break;
    taken.push_back(p);
  }
  ASSERT_FALSE(taken.empty());
  EXPECT_LE(taken.size() * big, info.global_mem_size);
  EXPECT_EQ(dev->allocate(big, 0, rt::memory_kind::device), nullptr);
  dev->deallocate(taken.back(), rt::memory_kind::device);
  taken.back() = dev->allocate(big, 0, rt::memory_kind::device);
  EXPECT_NE(taken.back(), nullptr);
  for (void *p : taken)
    dev->deallocate(p, rt::memory_kind::device);
}

TEST_F(VulkanBackend, AlignedAllocations) {
  for (uint64_t align : {0, 128, 256, 4096, 65536}) {
    void *p = dev->allocate(1000, align, rt::memory_kind::device);
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % std::max<uint64_t>(align, 128), 0u) << align;
    dev->deallocate(p, rt::memory_kind::device);
  }
}

TEST_F(VulkanBackend, HostAndSharedMemoryKeepOnePointer) {
  for (rt::memory_kind kind : {rt::memory_kind::host, rt::memory_kind::shared}) {
    float *p = static_cast<float *>(dev->allocate(1024 * 4, 0, kind));
    if (!vdev->host_pointers_match()) {
      EXPECT_EQ(p, nullptr) << "host/shared USM without equal pointers must be refused";
      continue;
    }
    ASSERT_NE(p, nullptr);
    for (int i = 0; i < 1024; ++i)
      p[i] = float(i);
    // A kernel reads and writes it through the same pointer the host uses.
    void *dx = alloc(1024 * 4);
    to_device(dx, p, 1024 * 4);
    saxpy_args args{reinterpret_cast<uint64_t>(dx), reinterpret_cast<uint64_t>(p), 2.0f, 1024};
    rt::launch_params lp{};
    lp.kernel = &inline_kernel;
    lp.image = &inline_image;
    lp.args = &args;
    lp.args_size = sizeof args;
    lp.global[0] = 1024, lp.global[1] = lp.global[2] = 1;
    lp.local[0] = 64, lp.local[1] = lp.local[2] = 1;
    completions c;
    dev->launch(lp, c.next());
    ASSERT_TRUE(c.wait());
    for (int i = 0; i < 1024; ++i)
      ASSERT_EQ(p[i], 3.0f * float(i)) << i;
    dev->deallocate(dx, rt::memory_kind::device);
    dev->deallocate(p, kind);
  }
}

TEST_F(VulkanBackend, KernelWithInlineArguments) {
  const uint64_t global[3] = {1024, 1, 1}, local[3] = {64, 1, 1};
  run_saxpy(inline_image, 1000, global, local);
}

TEST_F(VulkanBackend, KernelIn3DWithOffset) {
  // 8 x 4 x 2 work-items per group; the header's offset moves z by 2, so the
  // kernel covers the elements from (2 * 8) * 32 on and leaves the first alone.
  const uint64_t global[3] = {32, 8, 4}, local[3] = {8, 4, 2}, offset[3] = {0, 0, 2};
  run_saxpy(inline_image, 32 * 8 * 6, global, local, 0, offset, 2 * 8 * 32);
}

TEST_F(VulkanBackend, KernelWithArgumentsByAddressAndLocalMemory) {
  const uint64_t global[3] = {4096, 1, 1}, local[3] = {128, 1, 1};
  run_saxpy(by_address_image, 4000, global, local, 128 * sizeof(float));
}

TEST_F(VulkanBackend, MoreGroupsThanOneDispatchTakes) {
  uint32_t max_x = vdev->max_group_count(0);
  if (max_x > (1u << 20))
    GTEST_SKIP() << "maxComputeWorkGroupCount[0] = " << max_x << " is too large to exceed here";
  uint32_t n = 2 * max_x + 7;
  const uint64_t global[3] = {n, 1, 1}, local[3] = {1, 1, 1};
  run_saxpy(inline_image, n, global, local);
}

TEST_F(VulkanBackend, PipelineCacheIsWrittenAndReused) {
  const uint64_t global[3] = {256, 1, 1}, local[3] = {32, 1, 1};
  run_saxpy(inline_image, 256, global, local);
  vk::pipeline_cache_status first = vdev->pipeline_cache();
  ASSERT_FALSE(first.path.empty());
  EXPECT_EQ(first.path.rfind(home->root + "/cache/sporkle/", 0), 0u) << first.path;
  EXPECT_GE(first.saves, 1u);
  EXPECT_EQ(access(first.path.c_str(), R_OK), 0);

  // A second backend instance (a second run) starts from the file.
  devices.clear();
  devices = rt::create_vulkan_devices(1, unusable);
  ASSERT_FALSE(devices.empty());
  dev = devices.front().get();
  vdev = dynamic_cast<vk::vulkan_device *>(dev);
  vk::pipeline_cache_status second = vdev->pipeline_cache();
  EXPECT_EQ(second.path, first.path);
  EXPECT_TRUE(second.loaded_from_disk);
  run_saxpy(inline_image, 256, global, local);
  second = vdev->pipeline_cache();
  EXPECT_EQ(second.pipelines_created, 1u);
  // A driver that keeps compiled pipelines in its cache data (not lavapipe:
  // its data is a bare header) says, through creation feedback, that the
  // second run's pipeline came from it.
  if (second.feedback && second.loaded_bytes > 64)
    EXPECT_EQ(second.pipelines_from_cache, 1u) << second.loaded_bytes << " bytes of cache data";
}

TEST_F(VulkanBackend, CorruptPipelineCacheIsIgnoredAndRewritten) {
  std::string path = vdev->pipeline_cache().path;
  ASSERT_FALSE(path.empty());
  devices.clear();
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << "SPORKVKC this is not a pipeline cache at all";
  }
  devices = rt::create_vulkan_devices(1, unusable);
  ASSERT_FALSE(devices.empty());
  dev = devices.front().get();
  vdev = dynamic_cast<vk::vulkan_device *>(dev);
  EXPECT_FALSE(vdev->pipeline_cache().loaded_from_disk);
  const uint64_t global[3] = {256, 1, 1}, local[3] = {16, 1, 1};
  run_saxpy(inline_image, 256, global, local);
  EXPECT_GE(vdev->pipeline_cache().saves, 1u);

  devices.clear();
  devices = rt::create_vulkan_devices(1, unusable);
  vdev = dynamic_cast<vk::vulkan_device *>(devices.front().get());
  EXPECT_TRUE(vdev->pipeline_cache().loaded_from_disk);
}

TEST(VulkanPipelineCacheFile, RejectsForeignTruncatedAndTamperedFiles) {
  std::string dir = home->root + "/cache-file-test";
  std::string path = vk::pipeline_cache_path(dir, "key-a");
  std::vector<unsigned char> data(100);
  for (size_t i = 0; i < data.size(); ++i)
    data[i] = static_cast<unsigned char>(i);
  ASSERT_TRUE(vk::write_pipeline_cache(path, "key-a", data));
  EXPECT_EQ(vk::read_pipeline_cache(path, "key-a"), data);
  EXPECT_TRUE(vk::read_pipeline_cache(path, "key-b").empty()); // another driver's
  EXPECT_NE(vk::pipeline_cache_path(dir, "key-a"), vk::pipeline_cache_path(dir, "key-b"));

  std::string bytes;
  {
    std::ifstream in(path, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  auto write_raw = [&](const std::string &raw) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << raw;
  };
  write_raw(bytes.substr(0, bytes.size() - 1)); // truncated
  EXPECT_TRUE(vk::read_pipeline_cache(path, "key-a").empty());
  std::string tampered = bytes;
  tampered.back() ^= 1;
  write_raw(tampered);
  EXPECT_TRUE(vk::read_pipeline_cache(path, "key-a").empty());
  write_raw(bytes + "x"); // trailing garbage
  EXPECT_TRUE(vk::read_pipeline_cache(path, "key-a").empty());
  EXPECT_TRUE(vk::read_pipeline_cache(dir + "/missing", "key-a").empty());
}

} // namespace
