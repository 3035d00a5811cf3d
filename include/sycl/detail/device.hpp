// platform, device, context, device selectors and their info descriptors.
//
// Devices are owned by libsporkle for the whole process; these classes are
// cheap value handles on them. The default selector defers to the runtime,
// which honours SPORKLE_DEVICE=cpu|vulkan[:N]|amdgpu[:N].
#ifndef SYCL_DETAIL_DEVICE_HPP
#define SYCL_DETAIL_DEVICE_HPP

#include <string>
#include <vector>

#include "range.hpp"

namespace sycl {
inline namespace _V1 {

class device;
class platform;

namespace info {
enum class device_type : uint32_t {
  cpu = 1,
  gpu = 2,
  accelerator = 4,
  custom = 8,
  automatic = 16,
  host = 32,
  all = 0xffffffffu,
};
enum class local_mem_type { none, local, global };

namespace detail_info {
using rt_info = sporkle::rt::device_info;
}

namespace device {
#define SPORKLE_DEVICE_INFO(name_, type_, expr)                                                   \
  struct name_ {                                                                                  \
    using return_type = type_;                                                                    \
    static return_type get(const detail_info::rt_info &i) { return expr; }                        \
  };
SPORKLE_DEVICE_INFO(name, std::string, i.name)
SPORKLE_DEVICE_INFO(vendor, std::string, i.vendor)
SPORKLE_DEVICE_INFO(driver_version, std::string, i.driver_version)
SPORKLE_DEVICE_INFO(version, std::string, i.version)
SPORKLE_DEVICE_INFO(device_type, info::device_type, info::device_type(uint32_t(i.kind)))
SPORKLE_DEVICE_INFO(max_compute_units, uint32_t, i.max_compute_units)
SPORKLE_DEVICE_INFO(max_work_group_size, size_t, size_t(i.max_work_group_size))
SPORKLE_DEVICE_INFO(max_work_item_dimensions, uint32_t, 3u)
SPORKLE_DEVICE_INFO(local_mem_size, uint64_t, i.local_mem_size)
SPORKLE_DEVICE_INFO(local_mem_type, info::local_mem_type, info::local_mem_type::local)
SPORKLE_DEVICE_INFO(global_mem_size, uint64_t, i.global_mem_size)
SPORKLE_DEVICE_INFO(max_mem_alloc_size, uint64_t, i.max_mem_alloc_size)
SPORKLE_DEVICE_INFO(mem_base_addr_align, uint32_t, i.mem_base_addr_align)
SPORKLE_DEVICE_INFO(host_unified_memory, bool, i.host_unified_memory)
SPORKLE_DEVICE_INFO(preferred_vector_width_float, uint32_t, i.preferred_vector_width)
SPORKLE_DEVICE_INFO(native_vector_width_float, uint32_t, i.preferred_vector_width)
SPORKLE_DEVICE_INFO(is_available, bool, true)
#undef SPORKLE_DEVICE_INFO
/// Hardware dims come back in SYCL order.
template <int D> struct max_work_item_sizes {
  using return_type = range<D>;
  static return_type get(const detail_info::rt_info &i) {
    range<D> r;
    for (int d = 0; d < D; ++d)
      r[d] = i.max_work_item_sizes[D - 1 - d];
    return r;
  }
};
} // namespace device

namespace platform {
#define SPORKLE_PLATFORM_INFO(name_, expr)                                                        \
  struct name_ {                                                                                  \
    using return_type = std::string;                                                              \
    static return_type get(const sporkle::rt::platform_info &i) { return expr; }                  \
  };
SPORKLE_PLATFORM_INFO(name, i.name)
SPORKLE_PLATFORM_INFO(vendor, i.vendor)
SPORKLE_PLATFORM_INFO(version, i.version)
SPORKLE_PLATFORM_INFO(profile, "FULL_PROFILE")
#undef SPORKLE_PLATFORM_INFO
} // namespace platform
} // namespace info

enum class aspect {
  cpu,
  gpu,
  accelerator,
  custom,
  emulated,
  host_debuggable,
  fp16,
  fp64,
  atomic64,
  image,
  online_compiler,
  online_linker,
  queue_profiling,
  usm_device_allocations,
  usm_host_allocations,
  usm_atomic_host_allocations,
  usm_shared_allocations,
  usm_atomic_shared_allocations,
  usm_system_allocations,
};

class device {
public:
  /// The device the default selector picks.
  device() : impl_(sporkle::rt::default_device()) {}
  template <typename Selector,
            typename = std::enable_if_t<std::is_invocable_r_v<int, const Selector &, const device &>>>
  explicit device(const Selector &selector);

  template <typename Param> typename Param::return_type get_info() const {
    return Param::get(sporkle::rt::device_get_info(impl_));
  }
  bool is_cpu() const { return kind() == sporkle::rt::device_kind::cpu; }
  bool is_gpu() const { return kind() == sporkle::rt::device_kind::gpu; }
  bool is_accelerator() const { return kind() == sporkle::rt::device_kind::accelerator; }
  bool has(aspect a) const {
    switch (a) {
    case aspect::cpu: return is_cpu();
    case aspect::gpu: return is_gpu();
    case aspect::accelerator: return is_accelerator();
    case aspect::fp64:
    case aspect::atomic64:
    case aspect::queue_profiling:
    case aspect::usm_device_allocations: return true;
    case aspect::usm_host_allocations:
    case aspect::usm_shared_allocations:
    case aspect::usm_atomic_host_allocations:
    case aspect::usm_atomic_shared_allocations: return usm_host_shared();
    case aspect::usm_system_allocations:
    case aspect::host_debuggable: return is_cpu();
    default: return false;
    }
  }
  platform get_platform() const;
  static std::vector<device> get_devices(info::device_type type = info::device_type::all) {
    std::vector<device> out;
    for (size_t i = 0, n = sporkle::rt::device_count(); i < n; ++i) {
      device d(sporkle::rt::device_get(i));
      if (d.matches(type))
        out.push_back(d);
    }
    return out;
  }

  friend bool operator==(const device &a, const device &b) { return a.impl_ == b.impl_; }
  friend bool operator!=(const device &a, const device &b) { return a.impl_ != b.impl_; }

  /// sporkle: the runtime object behind this device.
  sporkle::rt::device_impl *sporkle_impl() const { return impl_; }
  explicit device(sporkle::rt::device_impl *impl) : impl_(impl) {}

private:
  sporkle::rt::device_kind kind() const { return sporkle::rt::device_get_info(impl_).kind; }
  bool usm_host_shared() const { return sporkle::rt::device_get_info(impl_).usm_host_shared; }
  bool matches(info::device_type type) const {
    return type == info::device_type::all || type == info::device_type::automatic ||
           uint32_t(type) == uint32_t(kind());
  }
  sporkle::rt::device_impl *impl_;
};

class platform {
public:
  platform() : index_(sporkle::rt::device_get_info(sporkle::rt::default_device()).platform_index) {}
  template <typename Selector,
            typename = std::enable_if_t<std::is_invocable_r_v<int, const Selector &, const device &>>>
  explicit platform(const Selector &selector) : platform(device(selector).get_platform()) {}
  template <typename Param> typename Param::return_type get_info() const {
    return Param::get(sporkle::rt::platform_get_info(index_));
  }
  std::vector<device> get_devices(info::device_type type = info::device_type::all) const {
    std::vector<device> out;
    for (const device &d : device::get_devices(type))
      if (sporkle::rt::device_get_info(d.sporkle_impl()).platform_index == index_)
        out.push_back(d);
    return out;
  }
  bool has(aspect a) const {
    for (const device &d : get_devices())
      if (!d.has(a))
        return false;
    return true;
  }
  static std::vector<platform> get_platforms() {
    std::vector<platform> out;
    for (size_t i = 0, n = sporkle::rt::platform_count(); i < n; ++i)
      out.push_back(platform(uint32_t(i)));
    return out;
  }
  friend bool operator==(const platform &a, const platform &b) { return a.index_ == b.index_; }
  friend bool operator!=(const platform &a, const platform &b) { return a.index_ != b.index_; }

private:
  friend class device;
  explicit platform(uint32_t index) : index_(index) {}
  uint32_t index_;
};

inline platform device::get_platform() const {
  return platform(sporkle::rt::device_get_info(impl_).platform_index);
}

/// A context is the set of devices USM allocations and queues share. Every
/// sporkle device is its own memory domain today, so a context is a device
/// list; allocations go to its first device.
class context {
public:
  context() : devices_{device()} {}
  explicit context(const device &d) : devices_{d} {}
  explicit context(const std::vector<device> &devices) : devices_(devices) {
    if (devices_.empty())
      detail::throw_error(errc::invalid, "context with no devices");
  }
  explicit context(const platform &p) : devices_(p.get_devices()) {}
  std::vector<device> get_devices() const { return devices_; }
  platform get_platform() const { return devices_.front().get_platform(); }
  friend bool operator==(const context &a, const context &b) { return a.devices_ == b.devices_; }
  friend bool operator!=(const context &a, const context &b) { return !(a == b); }

private:
  std::vector<device> devices_;
};

// ---- selectors (SYCL 2020 callables and the 1.2.1 classes) ------------------
/// Scores the runtime's pick (SPORKLE_DEVICE, else the best device) highest.
inline int default_selector_v(const device &d) {
  if (d.sporkle_impl() == sporkle::rt::default_device())
    return 1000;
  return d.is_gpu() ? 500 : 100;
}
inline int cpu_selector_v(const device &d) { return d.is_cpu() ? 1000 : -1; }
inline int gpu_selector_v(const device &d) { return d.is_gpu() ? 1000 : -1; }
inline int accelerator_selector_v(const device &d) { return d.is_accelerator() ? 1000 : -1; }

inline auto aspect_selector(const std::vector<aspect> &required) {
  return [required](const device &d) {
    for (aspect a : required)
      if (!d.has(a))
        return -1;
    return 1;
  };
}

class device_selector {
public:
  virtual ~device_selector() = default;
  virtual int operator()(const device &d) const = 0;
  device select_device() const { return device(*this); }
};
class default_selector : public device_selector {
public:
  int operator()(const device &d) const override { return default_selector_v(d); }
};
class cpu_selector : public device_selector {
public:
  int operator()(const device &d) const override { return cpu_selector_v(d); }
};
class gpu_selector : public device_selector {
public:
  int operator()(const device &d) const override { return gpu_selector_v(d); }
};
class accelerator_selector : public device_selector {
public:
  int operator()(const device &d) const override { return accelerator_selector_v(d); }
};

namespace detail {
inline std::string device_list_for_errors() {
  std::string s;
  for (size_t i = 0, n = sporkle::rt::device_count(); i < n; ++i) {
    const auto &info = sporkle::rt::device_get_info(sporkle::rt::device_get(i));
    s += std::string(i ? ", " : "") + info.selector + " (" + info.name + ")";
  }
  return s.empty() ? "none" : s;
}
} // namespace detail

template <typename Selector, typename>
device::device(const Selector &selector) : impl_(nullptr) {
  // The default selector must also report SPORKLE_DEVICE mistakes.
  if constexpr (std::is_convertible_v<const Selector &, int (*)(const device &)>) {
    if (static_cast<int (*)(const device &)>(selector) == &default_selector_v) {
      impl_ = sporkle::rt::default_device();
      return;
    }
  }
  if constexpr (std::is_base_of_v<default_selector, Selector>) {
    impl_ = sporkle::rt::default_device();
    return;
  }
  int best = -1;
  for (size_t i = 0, n = sporkle::rt::device_count(); i < n; ++i) {
    device candidate(sporkle::rt::device_get(i));
    int score = selector(candidate);
    if (score > best) {
      best = score;
      impl_ = candidate.impl_;
    }
  }
  if (!impl_)
    throw exception(make_error_code(errc::runtime),
                    "no device satisfies the selector; devices present: " +
                        detail::device_list_for_errors());
}

} // namespace _V1
} // namespace sycl

#endif
