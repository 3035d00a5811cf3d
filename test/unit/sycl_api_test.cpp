// The SYCL API of sycl.hpp (host pass) against the shared libsporkle. Kernels
// are named functors whose CPU work-group functions are written by hand and
// registered under the name the host computes, as sporkle-cc would.
#include <gtest/gtest.h>

#include <sycl/sycl.hpp>

#include <cstdlib>
#include <numeric>
#include <vector>

#include "test_kernels.h"

using sporkle_test::wg_function;
using sporkle_test::work_item;

namespace {

template <typename Name, int Kind, int D> const char *kernel_name() {
  return __builtin_sycl_unique_stable_name(sycl::detail::kernel_tag<Name, Kind, D>);
}
constexpr int range_kind = sycl::detail::launch_range;
constexpr int nd_kind = sycl::detail::launch_nd_range;

// ---- kernels: functor + its hand-written work-item body ----------------------
struct scale_usm {
  float *data;
  float factor;
  void operator()(sycl::id<1> i) const { data[i] *= factor; }
};
void scale_usm_item(const scale_usm &k, const work_item &wi) { k.data[wi.global[0]] *= k.factor; }

struct add_buffers {
  sycl::accessor<float, 1, sycl::access_mode::read> a;
  sycl::accessor<float, 1, sycl::access_mode::read> b;
  sycl::accessor<float, 1, sycl::access_mode::write> c;
  void operator()(sycl::id<1> i) const { c[i] = a[i] + b[i]; }
};
void add_buffers_item(const add_buffers &k, const work_item &wi) {
  size_t i = wi.global[0];
  k.c[i] = k.a[i] + k.b[i];
}

struct increment_2d {
  sycl::accessor<int, 2, sycl::access_mode::read_write> m;
  void operator()(sycl::item<2> it) const { m[it] += 1; }
};
void increment_2d_item(const increment_2d &k, const work_item &wi) {
  // Hardware dim 0 is SYCL's last dimension.
  k.m[wi.global[1]][wi.global[0]] += 1;
}

struct with_locals {
  sycl::local_accessor<float, 1> small;
  sycl::local_accessor<double, 2> tile;
  void operator()(sycl::nd_item<1>) const {}
};
uint64_t seen_local_mem = 0;
void with_locals_wg(const void *, const sporkle_cpu_wg_context *ctx) {
  seen_local_mem = ctx->local_mem_size;
}

struct unregistered {
  void operator()(sycl::id<1>) const {}
};

struct nd_kernel {
  void operator()(sycl::nd_item<2>) const {}
};
void empty_wg(const void *, const sporkle_cpu_wg_context *) {}

class SyclApi : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    images = new sporkle_test::test_images;
    images->add_cpu(kernel_name<scale_usm, range_kind, 1>(),
                    &wg_function<scale_usm, scale_usm_item>, 0, sizeof(scale_usm));
    images->add_cpu(kernel_name<add_buffers, range_kind, 1>(),
                    &wg_function<add_buffers, add_buffers_item>, 0, sizeof(add_buffers));
    images->add_cpu(kernel_name<increment_2d, range_kind, 2>(),
                    &wg_function<increment_2d, increment_2d_item>);
    images->add_cpu(kernel_name<with_locals, nd_kind, 1>(), &with_locals_wg);
    images->add_cpu(kernel_name<nd_kernel, nd_kind, 2>(), &empty_wg);
    images->register_all();
  }
  static void TearDownTestSuite() { delete images; }
  static sporkle_test::test_images *images;
};
sporkle_test::test_images *SyclApi::images = nullptr;

template <typename F> sycl::errc error_of(F f, std::string *msg = nullptr) {
  try {
    f();
  } catch (const sycl::exception &e) {
    if (msg)
      *msg = e.what();
    return sycl::errc(e.code().value());
  }
  return sycl::errc::success;
}

} // namespace

/// Vulkan devices present here: GPUs (`gpu`) or CPU drivers such as lavapipe.
size_t vulkan_devices(bool gpu) {
  namespace rt = sporkle::rt;
  size_t n = 0;
  for (size_t i = 0; i < rt::device_count(); ++i) {
    const rt::device_info &info = rt::device_get_info(rt::device_get(i));
    if (std::string(info.selector).rfind("vulkan", 0) == 0 &&
        (info.kind == rt::device_kind::gpu) == gpu)
      ++n;
  }
  return n;
}

TEST_F(SyclApi, DeviceAndPlatformInfo) {
  sycl::queue q;
  sycl::device d = q.get_device();
  EXPECT_TRUE(d.is_cpu());
  EXPECT_FALSE(d.is_gpu());
  EXPECT_FALSE(d.get_info<sycl::info::device::name>().empty());
  EXPECT_FALSE(d.get_info<sycl::info::device::vendor>().empty());
  EXPECT_GE(d.get_info<sycl::info::device::max_compute_units>(), 1u);
  EXPECT_GE(d.get_info<sycl::info::device::max_work_group_size>(), 256u);
  EXPECT_GT(d.get_info<sycl::info::device::local_mem_size>(), 0u);
  EXPECT_GT(d.get_info<sycl::info::device::global_mem_size>(), 0u);
  EXPECT_EQ(d.get_info<sycl::info::device::device_type>(), sycl::info::device_type::cpu);
  EXPECT_EQ(d.get_info<sycl::info::device::max_work_item_sizes<2>>()[0],
            d.get_info<sycl::info::device::max_work_item_sizes<2>>()[1]);
  EXPECT_FALSE(d.get_platform().get_info<sycl::info::platform::name>().empty());
  // sporkle's CPU platform comes first; a Vulkan platform follows where a
  // driver is present (lavapipe reports as a cpu device, GPUs as gpu).
  ASSERT_GE(sycl::platform::get_platforms().size(), 1u);
  bool any_vulkan = vulkan_devices(true) + vulkan_devices(false) > 0;
  EXPECT_EQ(sycl::platform::get_platforms().size(), any_vulkan ? 2u : 1u);
  EXPECT_EQ(sycl::device::get_devices(sycl::info::device_type::cpu).size(),
            1u + vulkan_devices(false));
  EXPECT_EQ(sycl::device::get_devices(sycl::info::device_type::gpu).size(), vulkan_devices(true));
  EXPECT_TRUE(d.has(sycl::aspect::usm_shared_allocations));
}

TEST_F(SyclApi, SelectorsPickOrRefuse) {
  EXPECT_TRUE(sycl::queue(sycl::cpu_selector_v).get_device().is_cpu());
  EXPECT_TRUE(sycl::queue(sycl::default_selector_v).get_device().is_cpu());
  EXPECT_TRUE(sycl::queue(sycl::cpu_selector{}).get_device().is_cpu());
  EXPECT_TRUE(sycl::device([](const sycl::device &d) { return d.is_cpu() ? 5 : -1; }).is_cpu());
  std::string msg;
  if (vulkan_devices(true) == 0) { // lavapipe, a cpu device, must not count as a GPU
    EXPECT_EQ(error_of([] { sycl::queue q(sycl::gpu_selector_v); }, &msg), sycl::errc::runtime);
    EXPECT_NE(msg.find("cpu"), std::string::npos) << msg;
  }
  setenv("SPORKLE_DEVICE", "amdgpu:1", 1);
  EXPECT_EQ(error_of([] { sycl::queue q; }, &msg), sycl::errc::runtime);
  EXPECT_NE(msg.find("amdgpu:1"), std::string::npos) << msg;
  setenv("SPORKLE_DEVICE", "cpu", 1);
  EXPECT_TRUE(sycl::queue().get_device().is_cpu());
  unsetenv("SPORKLE_DEVICE");
}

TEST_F(SyclApi, QueueProperties) {
  sycl::queue in_order{sycl::property::queue::in_order()};
  EXPECT_TRUE(in_order.is_in_order());
  sycl::queue profiled{sycl::property_list{sycl::property::queue::enable_profiling()}};
  EXPECT_FALSE(profiled.is_in_order());
  EXPECT_TRUE(profiled.has_property<sycl::property::queue::enable_profiling>());
}

TEST_F(SyclApi, UsmKernelThroughQueueShortcutWithDependencies) {
  sycl::queue q;
  constexpr size_t n = 1000;
  float *x = sycl::malloc_shared<float>(n, q);
  ASSERT_NE(x, nullptr);
  EXPECT_EQ(sycl::get_pointer_type(x, q.get_context()), sycl::usm::alloc::shared);
  sycl::event fill = q.fill(x, 1.5f, n);
  sycl::event scale = q.parallel_for(sycl::range<1>(n), fill, scale_usm{x, 4.0f});
  q.parallel_for(sycl::range<1>(n), {scale}, scale_usm{x, 0.5f}).wait();
  for (size_t i = 0; i < n; ++i)
    ASSERT_EQ(x[i], 3.0f);
  sycl::free(x, q);
}

TEST_F(SyclApi, MemcpyMemsetCopyAndAlignedAllocations) {
  sycl::queue q{sycl::property::queue::in_order()};
  int *d = sycl::malloc_device<int>(256, q);
  int *h = sycl::malloc_host<int>(256, q);
  void *aligned = sycl::aligned_alloc_device(4096, 100, q);
  double *typed = sycl::aligned_alloc_shared<double>(256, 10, q);
  ASSERT_TRUE(d && h && aligned && typed);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(aligned) % 4096, 0u);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(typed) % 256, 0u);
  std::vector<int> src(256);
  std::iota(src.begin(), src.end(), 0);
  q.memset(d, 0xff, 256 * sizeof(int));
  q.memcpy(d, src.data(), 128 * sizeof(int));
  q.copy(d, h, 256).wait();
  for (int i = 0; i < 128; ++i)
    ASSERT_EQ(h[i], i);
  EXPECT_EQ(h[200], -1);
  EXPECT_EQ(sycl::get_pointer_type(h, q.get_context()), sycl::usm::alloc::host);
  EXPECT_EQ(sycl::get_pointer_type(src.data(), q.get_context()), sycl::usm::alloc::unknown);
  EXPECT_EQ(sycl::malloc_shared<char>(size_t(1) << 62, q), nullptr);
  for (void *p : {static_cast<void *>(d), static_cast<void *>(h), aligned, static_cast<void *>(typed)})
    sycl::free(p, q);
}

TEST_F(SyclApi, UsmAllocatorBacksAStdVector) {
  sycl::queue q;
  sycl::usm_allocator<int, sycl::usm::alloc::shared> alloc(q);
  std::vector<int, decltype(alloc)> v(1000, 7, alloc);
  EXPECT_EQ(sycl::get_pointer_type(v.data(), q.get_context()), sycl::usm::alloc::shared);
  EXPECT_EQ(std::accumulate(v.begin(), v.end(), 0), 7000);
}

TEST_F(SyclApi, BuffersChainThroughAnOutOfOrderQueueAndWriteBack) {
  constexpr size_t n = 4096;
  std::vector<float> a(n), b(n), c(n, -1.0f);
  for (size_t i = 0; i < n; ++i) {
    a[i] = float(i);
    b[i] = 2.0f * float(i);
  }
  sycl::queue q;
  {
    sycl::buffer<float> A(a.data(), sycl::range<1>(n)), B(b.data(), sycl::range<1>(n));
    sycl::buffer<float> C(c.data(), sycl::range<1>(n));
    q.submit([&](sycl::handler &h) {
      add_buffers k{sycl::accessor(A, h, sycl::read_only), sycl::accessor(B, h, sycl::read_only),
                    sycl::accessor(C, h, sycl::write_only)};
      h.parallel_for(sycl::range<1>(n), k);
    });
    // Reads C (RAW on C), writes A (WAR on A against the first kernel).
    q.submit([&](sycl::handler &h) {
      add_buffers k{sycl::accessor(C, h, sycl::read_only), sycl::accessor(C, h, sycl::read_only),
                    sycl::accessor(A, h, sycl::write_only)};
      h.parallel_for(sycl::range<1>(n), k);
    });
    sycl::host_accessor ha(A, sycl::read_only);
    EXPECT_EQ(ha[10], 2.0f * 30.0f);
  }
  for (size_t i = 0; i < n; ++i) {
    ASSERT_EQ(c[i], 3.0f * float(i));
    ASSERT_EQ(a[i], 6.0f * float(i));
  }
}

TEST_F(SyclApi, SetFinalDataNullAndConstHostDataDisableWriteBack) {
  std::vector<float> host(16, 1.0f);
  {
    sycl::buffer<float> buf(host.data(), sycl::range<1>(16));
    buf.set_final_data(nullptr);
    sycl::host_accessor acc(buf);
    acc[0] = 99.0f;
  }
  EXPECT_EQ(host[0], 1.0f);
  {
    const float *ro = host.data();
    sycl::buffer<float> buf(ro, sycl::range<1>(16));
    sycl::host_accessor acc(buf, sycl::write_only);
    acc[1] = 42.0f;
  }
  EXPECT_EQ(host[1], 1.0f);
  std::vector<float> other(16, 0.0f);
  {
    sycl::buffer<float> buf(host.data(), sycl::range<1>(16));
    buf.set_final_data(other.data());
  }
  EXPECT_EQ(other[5], 1.0f);
}

TEST_F(SyclApi, TwoDimensionalAccessorsAndHostSubscripts) {
  sycl::queue q;
  sycl::buffer<int, 2> m(sycl::range<2>(5, 7));
  {
    sycl::host_accessor init(m, sycl::write_only);
    for (size_t i = 0; i < 5; ++i)
      for (size_t j = 0; j < 7; ++j)
        init[i][j] = int(i * 10 + j);
  }
  q.submit([&](sycl::handler &h) {
    h.parallel_for(sycl::range<2>(5, 7), increment_2d{sycl::accessor(m, h, sycl::read_write)});
  });
  sycl::host_accessor r(m, sycl::read_only);
  for (size_t i = 0; i < 5; ++i)
    for (size_t j = 0; j < 7; ++j) {
      ASSERT_EQ(r[i][j], int(i * 10 + j + 1));
      ASSERT_EQ((r[sycl::id<2>(i, j)]), int(i * 10 + j + 1));
    }
  sycl::buffer<int, 3> cube(sycl::range<3>(2, 3, 4));
  sycl::host_accessor c(cube);
  c[1][2][3] = 5;
  EXPECT_EQ(c.get_pointer()[1 * 12 + 2 * 4 + 3], 5);
}

TEST_F(SyclApi, LocalAccessorsAreLaidOutAlignedInOneBlock) {
  sycl::queue q;
  q.submit([&](sycl::handler &h) {
     with_locals k{sycl::local_accessor<float, 1>(sycl::range<1>(3), h),
                   sycl::local_accessor<double, 2>(sycl::range<2>(4, 4), h)};
     h.parallel_for(sycl::nd_range<1>(sycl::range<1>(8), sycl::range<1>(8)), k);
   }).wait();
  EXPECT_EQ(seen_local_mem, 64u + 16u * sizeof(double)); // 12 bytes padded to 64, then 128
}

TEST_F(SyclApi, InvalidNdRangeThrowsNdRange) {
  sycl::queue q;
  std::string msg;
  EXPECT_EQ(error_of([&] {
              q.parallel_for(sycl::nd_range<2>({30, 32}, {4, 8}), nd_kernel{});
            }, &msg),
            sycl::errc::nd_range);
  EXPECT_NE(msg.find("dimension 0"), std::string::npos) << msg;
  EXPECT_EQ(error_of([&] {
              q.parallel_for(sycl::nd_range<2>({64, 8192}, {1, 8192}), nd_kernel{});
            }),
            sycl::errc::nd_range);
  q.parallel_for(sycl::nd_range<2>({32, 32}, {4, 8}), nd_kernel{}).wait();
}

TEST_F(SyclApi, UnregisteredKernelIsKernelNotSupported) {
  sycl::queue q;
  std::string msg;
  EXPECT_EQ(error_of([&] { q.parallel_for(sycl::range<1>(4), unregistered{}); }, &msg),
            sycl::errc::kernel_not_supported);
  EXPECT_NE(msg.find("unregistered"), std::string::npos) << msg;
}

TEST_F(SyclApi, ExceptionsCarrySyclCategoryAndErrc) {
  sycl::exception e(sycl::make_error_code(sycl::errc::nd_range), "bad");
  EXPECT_EQ(e.code(), sycl::errc::nd_range);
  EXPECT_STREQ(e.category().name(), "sycl");
  EXPECT_STREQ(e.what(), "bad");
  try {
    throw e;
  } catch (const std::exception &base) {
    EXPECT_STREQ(base.what(), "bad");
  }
}

TEST_F(SyclApi, EventsStatusProfilingAndEmptyCommandGroups) {
  sycl::queue q{sycl::property::queue::enable_profiling()};
  float *x = sycl::malloc_shared<float>(64, q);
  sycl::event e = q.fill(x, 2.0f, 64);
  sycl::event empty = q.submit([&](sycl::handler &h) { h.depends_on(e); });
  empty.wait_and_throw();
  EXPECT_EQ(e.get_info<sycl::info::event::command_execution_status>(),
            sycl::info::event_command_status::complete);
  EXPECT_LE(e.get_profiling_info<sycl::info::event_profiling::command_start>(),
            e.get_profiling_info<sycl::info::event_profiling::command_end>());
  sycl::event none;
  none.wait();
  EXPECT_EQ(none.get_info<sycl::info::event::command_execution_status>(),
            sycl::info::event_command_status::complete);
  sycl::queue plain;
  sycl::event p = plain.fill(x, 1.0f, 64);
  EXPECT_EQ(error_of([&] { p.get_profiling_info<sycl::info::event_profiling::command_end>(); }),
            sycl::errc::invalid);
  sycl::free(x, q);
}

TEST_F(SyclApi, AsyncHandlerIsNotCalledWithoutErrors) {
  int calls = 0;
  sycl::queue q([&](sycl::exception_list) { ++calls; });
  q.submit([&](sycl::handler &) {});
  q.wait_and_throw();
  EXPECT_EQ(calls, 0);
}

TEST_F(SyclApi, OneCommandPerCommandGroup) {
  sycl::queue q;
  int *p = sycl::malloc_shared<int>(4, q);
  EXPECT_EQ(error_of([&] {
              q.submit([&](sycl::handler &h) {
                h.memset(p, 0, 16);
                h.memset(p, 1, 16);
              });
            }),
            sycl::errc::invalid);
  sycl::free(p, q);
}

TEST_F(SyclApi, IndexSpaceArithmetic) {
  sycl::range<2> r(4, 6);
  EXPECT_EQ(r.size(), 24u);
  sycl::id<2> i(1, 2);
  sycl::id<2> j = i * 2u + sycl::id<2>(1, 1);
  EXPECT_EQ(j[0], 3u);
  EXPECT_EQ(j[1], 5u);
  EXPECT_EQ((r / 2)[1], 3u);
  sycl::id<1> k(7);
  size_t as_size = k;
  EXPECT_EQ(as_size, 7u);
  sycl::nd_range<2> nd(r, sycl::range<2>(2, 3));
  EXPECT_EQ(nd.get_group_range()[1], 2u);
}
