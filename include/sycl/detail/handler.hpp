// handler (the command group) and the kernel entry points.
//
// Kernel compilation contract (docs/architecture.md has the long form):
// every launch calls one of the *_entry templates below, marked
// [[clang::sycl_kernel_entry_point(Tag)]]. In the device pass Clang turns
// that instantiation into a `spir_kernel` named
// __builtin_sycl_unique_stable_name(Tag) that takes the functor byval and runs
// one work-item; in the host pass its body is dropped, but the call is what
// makes the device pass instantiate the kernel. Tag is
// kernel_tag<Name, Kind, Dims>: the user's kernel name (or the functor type for
// unnamed kernels) with the launch kind and dimensions, so one lambda type
// used with a range and an nd_range gives two kernels. The host looks the
// kernel up in the runtime by that same name.
#ifndef SYCL_DETAIL_HANDLER_HPP
#define SYCL_DETAIL_HANDLER_HPP

#include <vector>

#include "event.hpp"
#include "memory.hpp"

namespace sycl {
inline namespace _V1 {

namespace detail {

enum launch_kind : int { launch_single_task = 0, launch_range = 1, launch_nd_range = 2 };

/// The kernel name type; never defined, only named.
template <typename Name, int Kind, int Dims> class kernel_tag;
/// Default KernelName: the functor type names the kernel.
struct auto_name;
template <typename Name, typename F>
using kernel_name_t = std::conditional_t<std::is_same_v<Name, auto_name>, F, Name>;

template <typename F> inline constexpr bool dependent_false = false;

template <typename Tag, typename F>
[[clang::sycl_kernel_entry_point(Tag)]] void single_task_entry(F f) {
  f();
}

template <typename Tag, typename F, int D>
[[clang::sycl_kernel_entry_point(Tag)]] void range_entry(F f) {
  // item converts to id (and, in 1-D, to size_t): functors taking any of
  // them, or a generic parameter (which then sees an item), are served.
  if constexpr (std::is_invocable_v<F &, item<D, true>>)
    f(item_maker::make_item<D>());
  else
    static_assert(dependent_false<F>,
                  "a parallel_for(range) kernel must take sycl::item or sycl::id");
}

template <typename Tag, typename F, int D>
[[clang::sycl_kernel_entry_point(Tag)]] void nd_range_entry(F f) {
  static_assert(std::is_invocable_v<F &, nd_item<D>>,
                "a parallel_for(nd_range) kernel must take sycl::nd_item");
  f(item_maker::make_nd_item<D>());
}

/// A few inline slots, then the heap; for trivially copyable T only.
template <typename T, unsigned N> class small_vector {
  static_assert(std::is_trivially_copyable_v<T>);

public:
  small_vector() = default;
  small_vector(const small_vector &) = delete;
  small_vector &operator=(const small_vector &) = delete;
  ~small_vector() {
    if (data_ != inline_)
      delete[] data_;
  }
  void push_back(const T &v) {
    if (size_ == capacity_) {
      T *grown = new T[capacity_ * 2];
      for (size_t i = 0; i < size_; ++i)
        grown[i] = data_[i];
      if (data_ != inline_)
        delete[] data_;
      data_ = grown;
      capacity_ *= 2;
    }
    data_[size_++] = v;
  }
  T *data() { return data_; }
  size_t size() const { return size_; }
  T &operator[](size_t i) { return data_[i]; }

private:
  T inline_[N];
  T *data_ = inline_;
  size_t size_ = 0, capacity_ = N;
};

void *require_buffer(handler &h, sporkle::rt::buffer_impl *b, access_mode m);
size_t reserve_local_memory(handler &h, size_t bytes, size_t align);

} // namespace detail

class handler {
public:
  handler(const handler &) = delete;
  handler &operator=(const handler &) = delete;
  ~handler() {
    for (size_t i = 0; i < deps_.size(); ++i)
      sporkle::rt::release(deps_[i]);
    if (functor_)
      destroy_functor_(functor_);
  }

  // ---- kernels ----------------------------------------------------------------
  template <typename KernelName = detail::auto_name, typename F> void single_task(F f) {
    using Tag = detail::kernel_tag<detail::kernel_name_t<KernelName, F>,
                                   detail::launch_single_task, 1>;
    detail::single_task_entry<Tag>(f);
    set_kernel(f, __builtin_sycl_unique_stable_name(Tag), range<1>(1), static_cast<const range<1> *>(nullptr), id<1>());
  }

  template <typename KernelName = detail::auto_name, int D, typename F>
  void parallel_for(range<D> global, F f) {
    using Tag = detail::kernel_tag<detail::kernel_name_t<KernelName, F>, detail::launch_range, D>;
    detail::range_entry<Tag, F, D>(f);
    set_kernel(f, __builtin_sycl_unique_stable_name(Tag), global, static_cast<const range<D> *>(nullptr), id<D>());
  }
  /// SYCL 1.2.1's offset form (deprecated in 2020): ids start at `offset`.
  template <typename KernelName = detail::auto_name, int D, typename F>
  void parallel_for(range<D> global, id<D> offset, F f) {
    using Tag = detail::kernel_tag<detail::kernel_name_t<KernelName, F>, detail::launch_range, D>;
    detail::range_entry<Tag, F, D>(f);
    set_kernel(f, __builtin_sycl_unique_stable_name(Tag), global, static_cast<const range<D> *>(nullptr), offset);
  }
  /// `h.parallel_for(n, ...)`: a plain count is a 1-D range.
  template <typename KernelName = detail::auto_name, typename F>
  void parallel_for(size_t n, F f) {
    parallel_for<KernelName>(range<1>(n), f);
  }
  template <typename KernelName = detail::auto_name, int D, typename F>
  void parallel_for(nd_range<D> ndr, F f) {
    using Tag =
        detail::kernel_tag<detail::kernel_name_t<KernelName, F>, detail::launch_nd_range, D>;
    detail::nd_range_entry<Tag, F, D>(f);
    range<D> local = ndr.get_local_range();
    set_kernel(f, __builtin_sycl_unique_stable_name(Tag), ndr.get_global_range(), &local,
               ndr.get_offset());
  }

  // ---- memory operations ------------------------------------------------------
  void memcpy(void *dst, const void *src, size_t bytes) {
    begin_command(sporkle::rt::command_kind::copy);
    cmd_.dst = dst;
    cmd_.src = src;
    cmd_.bytes = bytes;
  }
  template <typename T> void copy(const T *src, T *dst, size_t count) {
    memcpy(dst, src, count * sizeof(T));
  }
  void memset(void *ptr, int value, size_t bytes) {
    begin_command(sporkle::rt::command_kind::fill);
    pattern_[0] = static_cast<unsigned char>(value);
    cmd_.dst = ptr;
    cmd_.bytes = bytes;
    cmd_.pattern = pattern_;
    cmd_.pattern_size = 1;
  }
  template <typename T> void fill(void *ptr, const T &pattern, size_t count) {
    static_assert(sizeof(T) <= sizeof(pattern_), "fill pattern larger than 128 bytes");
    begin_command(sporkle::rt::command_kind::fill);
    __builtin_memcpy(pattern_, &pattern, sizeof(T));
    cmd_.dst = ptr;
    cmd_.bytes = count * sizeof(T);
    cmd_.pattern = pattern_;
    cmd_.pattern_size = sizeof(T);
  }
  /// Accessor copies: the accessor must cover contiguous memory (1-D, or
  /// the whole buffer).
  template <typename T, int D, access_mode M, target Tgt, access::placeholder P, typename U>
  void copy(accessor<T, D, M, Tgt, P> src, U *dst) {
    memcpy(dst, contiguous(src), src.byte_size());
  }
  template <typename U, typename T, int D, access_mode M, target Tgt, access::placeholder P>
  void copy(const U *src, accessor<T, D, M, Tgt, P> dst) {
    memcpy(contiguous(dst), src, dst.byte_size());
  }
  template <typename T, int D, access_mode M, target Tgt, access::placeholder P>
  void fill(accessor<T, D, M, Tgt, P> dst, const T &value) {
    fill(contiguous(dst), value, dst.size());
  }

  // ---- dependencies ------------------------------------------------------------
  void depends_on(const event &e) {
    if (sporkle::rt::event_impl *impl = e.sporkle_impl()) {
      sporkle::rt::retain(impl);
      deps_.push_back(impl);
    }
  }
  void depends_on(const std::vector<event> &events) {
    for (const event &e : events)
      depends_on(e);
  }
  /// Accessors are never placeholders here: requiring one is a no-op.
  template <typename T, int D, access_mode M, target Tgt, access::placeholder P>
  void require(accessor<T, D, M, Tgt, P>) {}

  // ---- sporkle internals (used by queue and accessors) --------------------------
  explicit handler(sporkle::rt::queue_impl *q)
      : queue_(q), device_(sporkle::rt::queue_get_device(q)) {}

  event sporkle_finalize() {
    if (!has_command_)
      cmd_.kind = sporkle::rt::command_kind::barrier;
    cmd_.kernel.local_mem_size = local_mem_size_;
    cmd_.deps = deps_.data();
    cmd_.num_deps = deps_.size();
    cmd_.reqs = reqs_.data();
    cmd_.num_reqs = reqs_.size();
    return event(sporkle::rt::queue_submit(queue_, cmd_));
  }
  void *sporkle_require(sporkle::rt::buffer_impl *b, access_mode m) {
    reqs_.push_back({b, detail::rt_access(m)});
    return sporkle::rt::buffer_device_pointer(b, device_);
  }
  size_t sporkle_reserve_local(size_t bytes, size_t align) {
    // 64-byte aligned slots: no two accessors share a cache line.
    (void)align;
    size_t offset = (local_mem_size_ + 63) & ~size_t(63);
    local_mem_size_ = offset + bytes;
    return offset;
  }

private:
  void begin_command(sporkle::rt::command_kind kind) {
    if (has_command_)
      detail::throw_error(errc::invalid, "a command group may hold only one command");
    has_command_ = true;
    cmd_.kind = kind;
  }

  template <typename F, int D>
  void set_kernel(const F &f, const char *name, const range<D> &global, const range<D> *local,
                  const id<D> &offset) {
    begin_command(sporkle::rt::command_kind::kernel);
    // The argument block is the functor's bytes; keep a copy until submit.
    functor_ = new F(f);
    destroy_functor_ = [](void *p) { delete static_cast<F *>(p); };
    sporkle::rt::kernel_launch &k = cmd_.kernel;
    k.name = name;
    k.args = functor_;
    k.args_size = sizeof(F);
    k.args_align = alignof(F);
    k.dims = D;
    k.nd_range = local != nullptr;
    for (int d = 0; d < 3; ++d) {
      k.global[d] = k.local[d] = 1;
      k.offset[d] = 0;
    }
    for (int d = 0; d < D; ++d) {
      unsigned hw = detail::hw_dim(D, d);
      k.global[hw] = global[d];
      k.local[hw] = local ? (*local)[d] : 0;
      k.offset[hw] = offset[d];
    }
  }

  template <typename A> static auto *contiguous(const A &acc) {
    if (!acc.sporkle_contiguous())
      detail::throw_error(errc::feature_not_supported,
                          "copy/fill through an accessor whose range is not contiguous in its "
                          "buffer (only the first dimension may be partial)");
    return acc.sporkle_data();
  }

  sporkle::rt::queue_impl *queue_;
  sporkle::rt::device_impl *device_;
  sporkle::rt::command cmd_{};
  bool has_command_ = false;
  void *functor_ = nullptr;
  void (*destroy_functor_)(void *) = nullptr;
  size_t local_mem_size_ = 0;
  alignas(16) unsigned char pattern_[128];
  detail::small_vector<sporkle::rt::event_impl *, 4> deps_;
  detail::small_vector<sporkle::rt::requirement, 8> reqs_;
};

namespace detail {
inline void *require_buffer(handler &h, sporkle::rt::buffer_impl *b, access_mode m) {
  return h.sporkle_require(b, m);
}
inline size_t reserve_local_memory(handler &h, size_t bytes, size_t align) {
  return h.sporkle_reserve_local(bytes, align);
}
} // namespace detail

} // namespace _V1
} // namespace sycl

#endif
