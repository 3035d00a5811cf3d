// queue, its shortcut member functions, and USM (malloc_*, free, usm_allocator).
#ifndef SYCL_DETAIL_QUEUE_HPP
#define SYCL_DETAIL_QUEUE_HPP

#include <new>

#include "handler.hpp"

namespace sycl {
inline namespace _V1 {

class queue {
public:
  explicit queue(const property_list &props = {}) : queue(device(), async_handler(), props) {}
  explicit queue(const async_handler &h, const property_list &props = {})
      : queue(device(), h, props) {}
  template <typename Selector,
            typename = std::enable_if_t<std::is_invocable_r_v<int, const Selector &, const device &>>>
  explicit queue(const Selector &selector, const property_list &props = {})
      : queue(device(selector), async_handler(), props) {}
  template <typename Selector,
            typename = std::enable_if_t<std::is_invocable_r_v<int, const Selector &, const device &>>>
  queue(const Selector &selector, const async_handler &h, const property_list &props = {})
      : queue(device(selector), h, props) {}
  explicit queue(const device &d, const property_list &props = {})
      : queue(d, async_handler(), props) {}
  queue(const device &d, const async_handler &h, const property_list &props = {})
      : impl_(sporkle::rt::queue_create(d.sporkle_impl(), flags(props, h))), async_handler_(h),
        context_(d) {}
  queue(const context &c, const device &d, const property_list &props = {})
      : queue(c, d, async_handler(), props) {}
  queue(const context &c, const device &d, const async_handler &h,
        const property_list &props = {})
      : impl_(sporkle::rt::queue_create(d.sporkle_impl(), flags(props, h))), async_handler_(h),
        context_(c) {}

  device get_device() const { return device(sporkle::rt::queue_get_device(impl_.get())); }
  context get_context() const { return context_; }
  bool is_in_order() const {
    return sporkle::rt::queue_get_flags(impl_.get()) & sporkle::rt::queue_in_order;
  }
  template <typename P> bool has_property() const {
    if constexpr (std::is_same_v<P, property::queue::in_order>)
      return is_in_order();
    else if constexpr (std::is_same_v<P, property::queue::enable_profiling>)
      return sporkle::rt::queue_get_flags(impl_.get()) & sporkle::rt::queue_profiling;
    else
      return false;
  }

  template <typename CGF> event submit(CGF &&cgf) {
    handler h(impl_.get());
    cgf(h);
    return h.sporkle_finalize();
  }

  void wait() { sporkle::rt::queue_wait(impl_.get()); }
  void wait_and_throw() {
    wait();
    throw_asynchronous();
  }
  /// Hands collected asynchronous errors to the async_handler; with none
  /// installed they are reported and the program terminates (SYCL's default).
  void throw_asynchronous() {
    exception_list errors;
    sporkle::rt::queue_take_async_errors(
        impl_.get(), [](void *list, std::exception_ptr e) {
          static_cast<exception_list *>(list)->sporkle_push(e);
        },
        &errors);
    if (errors.size() == 0)
      return;
    if (async_handler_)
      async_handler_(errors);
    else
      sporkle::rt::default_async_handler(&*errors.begin(), errors.size());
  }

  // ---- shortcuts ------------------------------------------------------------
  event memcpy(void *dst, const void *src, size_t bytes, const std::vector<event> &deps = {}) {
    return submit([&](handler &h) {
      h.depends_on(deps);
      h.memcpy(dst, src, bytes);
    });
  }
  event memcpy(void *dst, const void *src, size_t bytes, const event &dep) {
    return memcpy(dst, src, bytes, std::vector<event>{dep});
  }
  event memset(void *ptr, int value, size_t bytes, const std::vector<event> &deps = {}) {
    return submit([&](handler &h) {
      h.depends_on(deps);
      h.memset(ptr, value, bytes);
    });
  }
  event memset(void *ptr, int value, size_t bytes, const event &dep) {
    return memset(ptr, value, bytes, std::vector<event>{dep});
  }
  template <typename T>
  event fill(void *ptr, const T &pattern, size_t count, const std::vector<event> &deps = {}) {
    return submit([&](handler &h) {
      h.depends_on(deps);
      h.fill(ptr, pattern, count);
    });
  }
  template <typename T> event fill(void *ptr, const T &pattern, size_t count, const event &dep) {
    return fill(ptr, pattern, count, std::vector<event>{dep});
  }
  template <typename T>
  event copy(const T *src, T *dst, size_t count, const std::vector<event> &deps = {}) {
    return memcpy(dst, src, count * sizeof(T), deps);
  }
  template <typename T> event copy(const T *src, T *dst, size_t count, const event &dep) {
    return memcpy(dst, src, count * sizeof(T), dep);
  }
  /// On a unified-memory device prefetch and mem_advise only order work.
  event prefetch(const void *, size_t, const std::vector<event> &deps = {}) {
    return submit([&](handler &h) { h.depends_on(deps); });
  }
  event mem_advise(const void *, size_t, int, const std::vector<event> &deps = {}) {
    return submit([&](handler &h) { h.depends_on(deps); });
  }
  event ext_oneapi_submit_barrier(const std::vector<event> &deps = {}) {
    return submit([&](handler &h) { h.depends_on(deps); });
  }

  template <typename KernelName = detail::auto_name, typename F> event single_task(F f) {
    return submit([&](handler &h) { h.single_task<KernelName>(f); });
  }
  template <typename KernelName = detail::auto_name, typename F>
  event single_task(const event &dep, F f) {
    return submit([&](handler &h) {
      h.depends_on(dep);
      h.single_task<KernelName>(f);
    });
  }
  template <typename KernelName = detail::auto_name, typename F>
  event single_task(const std::vector<event> &deps, F f) {
    return submit([&](handler &h) {
      h.depends_on(deps);
      h.single_task<KernelName>(f);
    });
  }

  template <typename KernelName = detail::auto_name, typename F>
  event parallel_for(size_t n, F f) {
    return parallel_for<KernelName>(range<1>(n), f);
  }
  template <typename KernelName = detail::auto_name, typename F>
  event parallel_for(size_t n, const event &dep, F f) {
    return parallel_for<KernelName>(range<1>(n), dep, f);
  }
  template <typename KernelName = detail::auto_name, typename F>
  event parallel_for(size_t n, const std::vector<event> &deps, F f) {
    return parallel_for<KernelName>(range<1>(n), deps, f);
  }
#define SPORKLE_QUEUE_PARALLEL_FOR(RangeT)                                                        \
  template <typename KernelName = detail::auto_name, int D, typename F>                          \
  event parallel_for(RangeT<D> r, F f) {                                                          \
    return submit([&](handler &h) { h.parallel_for<KernelName>(r, f); });                         \
  }                                                                                               \
  template <typename KernelName = detail::auto_name, int D, typename F>                          \
  event parallel_for(RangeT<D> r, const event &dep, F f) {                                        \
    return submit([&](handler &h) {                                                               \
      h.depends_on(dep);                                                                          \
      h.parallel_for<KernelName>(r, f);                                                           \
    });                                                                                           \
  }                                                                                               \
  template <typename KernelName = detail::auto_name, int D, typename F>                          \
  event parallel_for(RangeT<D> r, const std::vector<event> &deps, F f) {                          \
    return submit([&](handler &h) {                                                               \
      h.depends_on(deps);                                                                         \
      h.parallel_for<KernelName>(r, f);                                                           \
    });                                                                                           \
  }
  SPORKLE_QUEUE_PARALLEL_FOR(range)
  SPORKLE_QUEUE_PARALLEL_FOR(nd_range)
#undef SPORKLE_QUEUE_PARALLEL_FOR

  friend bool operator==(const queue &a, const queue &b) { return a.impl_.get() == b.impl_.get(); }
  friend bool operator!=(const queue &a, const queue &b) { return !(a == b); }

  sporkle::rt::queue_impl *sporkle_impl() const { return impl_.get(); }

private:
  static uint32_t flags(const property_list &props, const async_handler &h) {
    uint32_t f = h ? sporkle::rt::queue_has_async_handler : 0;
    if (props.has_property<property::queue::in_order>())
      f |= sporkle::rt::queue_in_order;
    if (props.has_property<property::queue::enable_profiling>())
      f |= sporkle::rt::queue_profiling;
    return f;
  }

  detail::handle<sporkle::rt::queue_impl> impl_;
  async_handler async_handler_;
  context context_;
};

// ---- USM ------------------------------------------------------------------------
namespace usm {
enum class alloc : uint32_t { host = 0, device = 1, shared = 2, unknown = 3 };
}

namespace detail {
inline void *usm_alloc(size_t align, size_t bytes, const device &d, usm::alloc kind) {
  return sporkle::rt::usm_alloc(d.sporkle_impl(), bytes, align, sporkle::rt::usm_kind(kind));
}
inline device first_device(const context &c) { return c.get_devices().front(); }
} // namespace detail

#define SPORKLE_USM_KIND(kind)                                                                    \
  inline void *malloc_##kind(size_t bytes, const device &d, const context &,                      \
                             const property_list & = {}) {                                        \
    return detail::usm_alloc(0, bytes, d, usm::alloc::kind);                                      \
  }                                                                                               \
  inline void *malloc_##kind(size_t bytes, const queue &q, const property_list & = {}) {          \
    return detail::usm_alloc(0, bytes, q.get_device(), usm::alloc::kind);                         \
  }                                                                                               \
  template <typename T>                                                                           \
  T *malloc_##kind(size_t count, const device &d, const context &, const property_list & = {}) {  \
    return static_cast<T *>(detail::usm_alloc(alignof(T), count * sizeof(T), d, usm::alloc::kind)); \
  }                                                                                               \
  template <typename T>                                                                           \
  T *malloc_##kind(size_t count, const queue &q, const property_list & = {}) {                    \
    return static_cast<T *>(                                                                      \
        detail::usm_alloc(alignof(T), count * sizeof(T), q.get_device(), usm::alloc::kind));      \
  }                                                                                               \
  inline void *aligned_alloc_##kind(size_t align, size_t bytes, const device &d, const context &, \
                                    const property_list & = {}) {                                 \
    return detail::usm_alloc(align, bytes, d, usm::alloc::kind);                                  \
  }                                                                                               \
  inline void *aligned_alloc_##kind(size_t align, size_t bytes, const queue &q,                   \
                                    const property_list & = {}) {                                 \
    return detail::usm_alloc(align, bytes, q.get_device(), usm::alloc::kind);                     \
  }                                                                                               \
  template <typename T>                                                                           \
  T *aligned_alloc_##kind(size_t align, size_t count, const device &d, const context &,           \
                          const property_list & = {}) {                                           \
    return static_cast<T *>(detail::usm_alloc(align > alignof(T) ? align : alignof(T),            \
                                              count * sizeof(T), d, usm::alloc::kind));           \
  }                                                                                               \
  template <typename T>                                                                           \
  T *aligned_alloc_##kind(size_t align, size_t count, const queue &q,                             \
                          const property_list & = {}) {                                           \
    return static_cast<T *>(detail::usm_alloc(align > alignof(T) ? align : alignof(T),            \
                                              count * sizeof(T), q.get_device(),                  \
                                              usm::alloc::kind));                                 \
  }
SPORKLE_USM_KIND(device)
SPORKLE_USM_KIND(shared)
SPORKLE_USM_KIND(host)
#undef SPORKLE_USM_KIND

/// Host allocations belong to a context, not a device.
inline void *malloc_host(size_t bytes, const context &c, const property_list & = {}) {
  return detail::usm_alloc(0, bytes, detail::first_device(c), usm::alloc::host);
}
template <typename T> T *malloc_host(size_t count, const context &c, const property_list & = {}) {
  return static_cast<T *>(
      detail::usm_alloc(alignof(T), count * sizeof(T), detail::first_device(c), usm::alloc::host));
}
inline void *aligned_alloc_host(size_t align, size_t bytes, const context &c,
                                const property_list & = {}) {
  return detail::usm_alloc(align, bytes, detail::first_device(c), usm::alloc::host);
}

inline void *malloc(size_t bytes, const device &d, const context &, usm::alloc kind,
                    const property_list & = {}) {
  return detail::usm_alloc(0, bytes, d, kind);
}
inline void *malloc(size_t bytes, const queue &q, usm::alloc kind, const property_list & = {}) {
  return detail::usm_alloc(0, bytes, q.get_device(), kind);
}
template <typename T>
T *malloc(size_t count, const queue &q, usm::alloc kind, const property_list & = {}) {
  return static_cast<T *>(detail::usm_alloc(alignof(T), count * sizeof(T), q.get_device(), kind));
}
inline void *aligned_alloc(size_t align, size_t bytes, const queue &q, usm::alloc kind,
                           const property_list & = {}) {
  return detail::usm_alloc(align, bytes, q.get_device(), kind);
}
template <typename T>
T *aligned_alloc(size_t align, size_t count, const queue &q, usm::alloc kind,
                 const property_list & = {}) {
  return static_cast<T *>(detail::usm_alloc(align > alignof(T) ? align : alignof(T),
                                            count * sizeof(T), q.get_device(), kind));
}

inline void free(void *ptr, const context &) { sporkle::rt::usm_free(ptr); }
inline void free(void *ptr, const queue &) { sporkle::rt::usm_free(ptr); }

inline usm::alloc get_pointer_type(const void *ptr, const context &) {
  return usm::alloc(uint32_t(sporkle::rt::usm_get_kind(ptr)));
}
inline device get_pointer_device(const void *ptr, const context &) {
  sporkle::rt::device_impl *d = sporkle::rt::usm_get_device(ptr);
  if (!d)
    detail::throw_error(errc::invalid, "get_pointer_device: not a USM pointer");
  return device(d);
}

template <typename T, usm::alloc Kind, size_t Alignment = 0> class usm_allocator {
  static_assert(Kind != usm::alloc::device,
                "usm_allocator cannot allocate device memory: the host could not touch it");

public:
  using value_type = T;
  using pointer = T *;
  using const_pointer = const T *;
  using reference = T &;
  using const_reference = const T &;
  template <typename U> struct rebind {
    using other = usm_allocator<U, Kind, Alignment>;
  };

  usm_allocator() = delete;
  usm_allocator(const context &c, const device &d, const property_list & = {}) : device_(d) {
    (void)c;
  }
  usm_allocator(const queue &q, const property_list & = {}) : device_(q.get_device()) {}
  template <typename U>
  usm_allocator(const usm_allocator<U, Kind, Alignment> &o) noexcept : device_(o.sporkle_device()) {}

  T *allocate(size_t count) {
    size_t align = Alignment > alignof(T) ? Alignment : alignof(T);
    void *p = detail::usm_alloc(align, count * sizeof(T), device_, Kind);
    if (!p)
      throw std::bad_alloc();
    return static_cast<T *>(p);
  }
  void deallocate(T *p, size_t) { sporkle::rt::usm_free(p); }

  device sporkle_device() const { return device_; }
  template <typename U>
  friend bool operator==(const usm_allocator &a, const usm_allocator<U, Kind, Alignment> &b) {
    return a.device_ == b.sporkle_device();
  }
  template <typename U>
  friend bool operator!=(const usm_allocator &a, const usm_allocator<U, Kind, Alignment> &b) {
    return !(a == b);
  }

private:
  device device_;
};

} // namespace _V1
} // namespace sycl

#endif
