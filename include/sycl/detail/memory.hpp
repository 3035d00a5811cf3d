// Buffers and accessors: buffer, accessor, local_accessor, host_accessor,
// access modes and tags, property_list, multi_ptr.
//
// A device accessor is plain data (a device pointer, the buffer's range for
// strides, the accessed range): the kernel functor that captures it is copied
// byte for byte into the argument block. The pointer is resolved when the
// accessor is built inside a command group, which also records the buffer
// and mode with the handler for dependency tracking. local_accessor holds a
// byte offset into the work-group's local memory block instead.
#ifndef SYCL_DETAIL_MEMORY_HPP
#define SYCL_DETAIL_MEMORY_HPP

#include "device.hpp"

namespace sycl {
inline namespace _V1 {

class handler;

// ---- properties ---------------------------------------------------------------
namespace property {
namespace queue {
struct in_order {};
struct enable_profiling {};
} // namespace queue
namespace buffer {
struct use_host_ptr {};
struct use_mutex {};
struct context_bound {};
} // namespace buffer
struct no_init {};
} // namespace property
inline constexpr property::no_init no_init{};

namespace detail {
template <typename P> struct property_bit {}; // no `value`: not a property
template <> struct property_bit<property::queue::in_order> { static constexpr uint32_t value = 1; };
template <> struct property_bit<property::queue::enable_profiling> {
  static constexpr uint32_t value = 2;
};
template <> struct property_bit<property::buffer::use_host_ptr> {
  static constexpr uint32_t value = 4;
};
template <> struct property_bit<property::no_init> { static constexpr uint32_t value = 8; };
template <> struct property_bit<property::buffer::context_bound> {
  static constexpr uint32_t value = 16;
};
} // namespace detail

class property_list {
public:
  template <typename... Props,
            typename = std::void_t<decltype(detail::property_bit<Props>::value)...>>
  property_list(Props...) : bits_((detail::property_bit<Props>::value | ... | 0u)) {}
  template <typename P> bool has_property() const {
    return bits_ & detail::property_bit<P>::value;
  }
  template <typename P> P get_property() const {
    if (!has_property<P>())
      detail::throw_error(errc::invalid, "property not in the property list");
    return P{};
  }

private:
  uint32_t bits_;
};

// ---- access modes ---------------------------------------------------------------
namespace access {
enum class mode {
  read = 1024,
  write,
  read_write,
  discard_write,
  discard_read_write,
  atomic,
};
enum class target {
  device = 2014,
  global_buffer = device,
  constant_buffer,
  local,
  host_buffer,
  host_task,
};
enum class placeholder { false_t, true_t };
enum class address_space {
  private_space,
  global_space,
  local_space,
  constant_space,
  generic_space,
  ext_intel_global_device_space,
};
enum class decorated { no, yes, legacy };
} // namespace access
using access_mode = access::mode;
using target = access::target;

template <access_mode M> struct mode_tag_t {
  explicit mode_tag_t() = default;
};
template <access_mode M, target T> struct mode_target_tag_t {
  explicit mode_target_tag_t() = default;
};
inline constexpr mode_tag_t<access_mode::read> read_only{};
inline constexpr mode_tag_t<access_mode::read_write> read_write{};
inline constexpr mode_tag_t<access_mode::write> write_only{};
inline constexpr mode_target_tag_t<access_mode::read, target::host_task> read_only_host_task{};
inline constexpr mode_target_tag_t<access_mode::read_write, target::host_task>
    read_write_host_task{};
inline constexpr mode_target_tag_t<access_mode::write, target::host_task> write_only_host_task{};

namespace detail {
constexpr bool is_read_only(access_mode m) { return m == access_mode::read; }
constexpr sporkle::rt::access rt_access(access_mode m) {
  return m == access_mode::read                                       ? sporkle::rt::access::read
         : m == access_mode::write || m == access_mode::discard_write ? sporkle::rt::access::write
                                                                      : sporkle::rt::access::read_write;
}
// Defined in handler.hpp, once handler is complete.
void *require_buffer(handler &h, sporkle::rt::buffer_impl *b, access_mode m);
size_t reserve_local_memory(handler &h, size_t bytes, size_t align);
} // namespace detail

// ---- multi_ptr (minimal: a typed pointer with an address space tag) -------------
template <typename T, access::address_space Space,
          access::decorated Dec = access::decorated::legacy>
class multi_ptr {
public:
  using element_type = T;
  using value_type = std::remove_cv_t<T>;
  using pointer = T *;
  using reference = T &;
  using difference_type = std::ptrdiff_t;
  static constexpr access::address_space address_space = Space;

  multi_ptr() = default;
  multi_ptr(std::nullptr_t) {}
  explicit multi_ptr(T *p) : p_(p) {}
  T *get() const { return p_; }
  T *get_raw() const { return p_; }
  T *get_decorated() const { return p_; }
  operator T *() const { return p_; }
  T &operator*() const { return *p_; }
  T *operator->() const { return p_; }
  T &operator[](difference_type i) const { return p_[i]; }
  multi_ptr &operator++() { ++p_; return *this; }
  multi_ptr &operator--() { --p_; return *this; }
  multi_ptr &operator+=(difference_type n) { p_ += n; return *this; }
  multi_ptr &operator-=(difference_type n) { p_ -= n; return *this; }
  friend multi_ptr operator+(multi_ptr p, difference_type n) { return multi_ptr(p.p_ + n); }
  friend multi_ptr operator-(multi_ptr p, difference_type n) { return multi_ptr(p.p_ - n); }

private:
  T *p_ = nullptr;
};
template <typename T, access::decorated Dec = access::decorated::legacy>
using global_ptr = multi_ptr<T, access::address_space::global_space, Dec>;
template <typename T, access::decorated Dec = access::decorated::legacy>
using local_ptr = multi_ptr<T, access::address_space::local_space, Dec>;
template <typename T, access::decorated Dec = access::decorated::legacy>
using private_ptr = multi_ptr<T, access::address_space::private_space, Dec>;

template <typename T, access::address_space Space, access::decorated Dec>
multi_ptr<T, Space, Dec> address_space_cast(T *p) {
  return multi_ptr<T, Space, Dec>(p);
}

namespace detail {
/// acc[i][j][k]: each subscript but the last peels one dimension off. `last`
/// is the size of the last dimension (the row stride of a 2-D remainder).
template <typename Ref, typename T, int Rem> class subscript {
public:
  subscript(T *row, size_t last) : row_(row), last_(last) {}
  decltype(auto) operator[](size_t i) const {
    if constexpr (Rem == 1)
      return static_cast<Ref>(row_[i]);
    else
      return subscript<Ref, T, Rem - 1>(row_ + i * last_, last_);
  }

private:
  T *row_;
  size_t last_;
};
template <int D> size_t inner_size(const range<D> &r) {
  size_t s = 1;
  for (int d = 1; d < D; ++d)
    s *= r[d];
  return s;
}
} // namespace detail

// ---- buffer ---------------------------------------------------------------------
template <typename T> class buffer_allocator {
public:
  using value_type = T;
};

template <typename T, int D = 1, typename AllocatorT = buffer_allocator<std::remove_const_t<T>>>
class buffer {
  static_assert(std::is_trivially_copyable_v<std::remove_const_t<T>>,
                "sporkle buffers hold trivially copyable element types");

public:
  using value_type = T;
  using reference = T &;
  using const_reference = const T &;
  using allocator_type = AllocatorT;

  buffer(const range<D> &r, const property_list & = {})
      : impl_(sporkle::rt::buffer_create(r.size() * sizeof(T), nullptr)), range_(r) {}
  /// Copies `host` in; writes back to it when the last buffer handle dies.
  buffer(T *host, const range<D> &r, const property_list & = {})
      : impl_(sporkle::rt::buffer_create(r.size() * sizeof(T), host)), range_(r),
        write_back_(host) {
    sporkle::rt::buffer_set_final_data(impl_.get(), host);
  }
  /// Copies `host` in; never writes back.
  template <typename U = T, std::enable_if_t<!std::is_const_v<U>, int> = 0>
  buffer(const T *host, const range<D> &r, const property_list & = {})
      : impl_(sporkle::rt::buffer_create(r.size() * sizeof(T), host)), range_(r) {}
  /// A contiguous container (std::vector, std::array...): 1-D, written back.
  template <typename Container, int N = D,
            typename = std::enable_if_t<
                N == 1 && std::is_convertible_v<decltype(std::declval<Container &>().data()), T *> &&
                std::is_integral_v<decltype(std::declval<Container &>().size())>>>
  buffer(Container &c, const property_list &props = {})
      : buffer(c.data(), range<1>(c.size()), props) {}

  range<D> get_range() const { return range_; }
  size_t size() const noexcept { return range_.size(); }
  size_t get_count() const { return size(); }
  size_t byte_size() const noexcept { return size() * sizeof(T); }
  size_t get_size() const { return byte_size(); }

  void set_final_data(std::remove_const_t<T> *final_data) {
    sporkle::rt::buffer_set_final_data(impl_.get(), final_data);
  }
  void set_final_data(std::nullptr_t) { sporkle::rt::buffer_set_final_data(impl_.get(), nullptr); }
  void set_write_back(bool flag = true) {
    sporkle::rt::buffer_set_final_data(impl_.get(), flag ? write_back_ : nullptr);
  }

  template <access_mode M = access_mode::read_write, target Tgt = target::device>
  auto get_access(handler &h);
  template <access_mode M = access_mode::read_write, target Tgt = target::device>
  auto get_access(handler &h, range<D> r, id<D> offset = id<D>());
  template <access_mode M = access_mode::read_write> auto get_access();
  template <typename... Args> auto get_host_access(Args... args);

  friend bool operator==(const buffer &a, const buffer &b) { return a.impl_.get() == b.impl_.get(); }
  friend bool operator!=(const buffer &a, const buffer &b) { return !(a == b); }

  /// sporkle: the runtime object behind this buffer.
  sporkle::rt::buffer_impl *sporkle_impl() const { return impl_.get(); }

private:
  detail::handle<sporkle::rt::buffer_impl> impl_;
  range<D> range_;
  std::remove_const_t<T> *write_back_ = nullptr;
};
template <typename T, int D> buffer(T *, range<D>, const property_list & = {}) -> buffer<T, D>;
template <typename T, int D>
buffer(const T *, range<D>, const property_list & = {}) -> buffer<T, D>;
template <typename Container>
buffer(Container &, const property_list & = {})
    -> buffer<std::remove_pointer_t<decltype(std::declval<Container &>().data())>, 1>;

// ---- device accessor ------------------------------------------------------------
template <typename T, int D = 1,
          access_mode M = (std::is_const_v<T> ? access_mode::read : access_mode::read_write),
          target Tgt = target::device, access::placeholder P = access::placeholder::false_t>
class accessor {
public:
  using value_type = std::conditional_t<detail::is_read_only(M), const std::remove_const_t<T>,
                                        std::remove_const_t<T>>;
  using reference = value_type &;
  using const_reference = const std::remove_const_t<T> &;
  using pointer_type = value_type *;
  template <access::decorated Dec>
  using accessor_ptr = multi_ptr<value_type, access::address_space::global_space, Dec>;

  accessor() = default;

  template <typename A>
  accessor(buffer<std::remove_const_t<T>, D, A> &buf, handler &h, const property_list & = {})
      : accessor(buf, h, buf.get_range(), id<D>()) {}
  template <typename A, access_mode TagM>
  accessor(buffer<std::remove_const_t<T>, D, A> &buf, handler &h, mode_tag_t<TagM>,
           const property_list & = {})
      : accessor(buf, h, buf.get_range(), id<D>()) {}
  template <typename A>
  accessor(buffer<std::remove_const_t<T>, D, A> &buf, handler &h, range<D> r,
           const property_list & = {})
      : accessor(buf, h, r, id<D>()) {}
  template <typename A, access_mode TagM>
  accessor(buffer<std::remove_const_t<T>, D, A> &buf, handler &h, range<D> r, mode_tag_t<TagM>,
           const property_list & = {})
      : accessor(buf, h, r, id<D>()) {}
  template <typename A, access_mode TagM>
  accessor(buffer<std::remove_const_t<T>, D, A> &buf, handler &h, range<D> r, id<D> offset,
           mode_tag_t<TagM>, const property_list & = {})
      : accessor(buf, h, r, offset) {}
  template <typename A>
  accessor(buffer<std::remove_const_t<T>, D, A> &buf, handler &h, range<D> r, id<D> offset,
           const property_list & = {})
      : mem_range_(buf.get_range()), range_(r), offset_(offset) {
    for (int d = 0; d < D; ++d)
      if (offset[d] + r[d] > mem_range_[d])
        detail::throw_error(errc::accessor, "accessor range and offset exceed the buffer");
    auto *base = static_cast<value_type *>(detail::require_buffer(h, buf.sporkle_impl(), M));
    // Linearization is linear: fold the offset into the pointer once.
    ptr_ = base + detail::linearize(offset, mem_range_);
  }

  reference operator[](id<D> i) const { return ptr_[detail::linearize(i, mem_range_)]; }
  /// Exact match for the item a range kernel gets (id<1> and size_t would tie).
  template <bool W> reference operator[](const item<D, W> &i) const {
    return ptr_[detail::linearize(i.get_id(), mem_range_)];
  }
  template <int N = D, std::enable_if_t<N == 1, int> = 0> reference operator[](size_t i) const {
    return ptr_[i];
  }
  template <int N = D, std::enable_if_t<(N > 1), int> = 0> auto operator[](size_t i) const {
    return detail::subscript<reference, value_type, D - 1>(ptr_ + i * detail::inner_size(mem_range_),
                                                           mem_range_[D - 1]);
  }
  template <int N = D, std::enable_if_t<N == 1, int> = 0> reference operator*() const {
    return *ptr_;
  }

  range<D> get_range() const { return range_; }
  id<D> get_offset() const { return offset_; }
  size_t size() const noexcept { return range_.size(); }
  size_t get_count() const { return size(); }
  size_t byte_size() const noexcept { return size() * sizeof(T); }
  bool empty() const noexcept { return size() == 0; }
  bool is_placeholder() const { return false; }

  global_ptr<value_type> get_pointer() const { return global_ptr<value_type>(ptr_); }
  template <access::decorated Dec = access::decorated::no>
  accessor_ptr<Dec> get_multi_ptr() const {
    return accessor_ptr<Dec>(ptr_);
  }
  value_type *sporkle_data() const { return ptr_; }
  /// Whether the accessed elements are one contiguous run of the buffer.
  bool sporkle_contiguous() const {
    for (int d = 1; d < D; ++d)
      if (range_[d] != mem_range_[d])
        return false;
    return true;
  }

private:
  value_type *ptr_ = nullptr; // element at the accessor's offset
  range<D> mem_range_;        // the buffer's range: strides
  range<D> range_;            // the accessed range
  id<D> offset_;
};

template <typename T, int D, typename A>
accessor(buffer<T, D, A> &, handler &, const property_list & = {})
    -> accessor<T, D, access_mode::read_write>;
template <typename T, int D, typename A, access_mode M>
accessor(buffer<T, D, A> &, handler &, mode_tag_t<M>, const property_list & = {})
    -> accessor<T, D, M>;
template <typename T, int D, typename A>
accessor(buffer<T, D, A> &, handler &, range<D>, const property_list & = {})
    -> accessor<T, D, access_mode::read_write>;
template <typename T, int D, typename A, access_mode M>
accessor(buffer<T, D, A> &, handler &, range<D>, mode_tag_t<M>, const property_list & = {})
    -> accessor<T, D, M>;
template <typename T, int D, typename A>
accessor(buffer<T, D, A> &, handler &, range<D>, id<D>, const property_list & = {})
    -> accessor<T, D, access_mode::read_write>;
template <typename T, int D, typename A, access_mode M>
accessor(buffer<T, D, A> &, handler &, range<D>, id<D>, mode_tag_t<M>,
         const property_list & = {}) -> accessor<T, D, M>;

// ---- local_accessor ---------------------------------------------------------------
template <typename T, int D = 1> class local_accessor {
public:
  using value_type = T;
  using reference = T &;
  using const_reference = const T &;
  template <access::decorated Dec>
  using accessor_ptr = multi_ptr<T, access::address_space::local_space, Dec>;

  local_accessor() = default;
  local_accessor(range<D> r, handler &h, const property_list & = {})
      : range_(r), offset_(detail::reserve_local_memory(h, r.size() * sizeof(T), alignof(T))) {}

  T *sporkle_data() const {
#ifdef __SYCL_DEVICE_ONLY__
    // Local (addrspace 3) to generic: user code sees ordinary pointers.
    return (T *)(__sporkle_local_base() + offset_);
#else
    detail::throw_error(errc::invalid, "local_accessor used outside a kernel");
#endif
  }
  reference operator[](id<D> i) const { return sporkle_data()[detail::linearize(i, range_)]; }
  template <bool W> reference operator[](const item<D, W> &i) const {
    return sporkle_data()[detail::linearize(i.get_id(), range_)];
  }
  template <int N = D, std::enable_if_t<N == 1, int> = 0> reference operator[](size_t i) const {
    return sporkle_data()[i];
  }
  template <int N = D, std::enable_if_t<(N > 1), int> = 0> auto operator[](size_t i) const {
    return detail::subscript<reference, T, D - 1>(sporkle_data() + i * detail::inner_size(range_),
                                                  range_[D - 1]);
  }
  range<D> get_range() const { return range_; }
  size_t size() const noexcept { return range_.size(); }
  size_t byte_size() const noexcept { return size() * sizeof(T); }
  bool empty() const noexcept { return size() == 0; }
  local_ptr<T> get_pointer() const { return local_ptr<T>(sporkle_data()); }
  template <access::decorated Dec = access::decorated::no>
  accessor_ptr<Dec> get_multi_ptr() const {
    return accessor_ptr<Dec>(sporkle_data());
  }

private:
  range<D> range_;
  size_t offset_ = 0; // bytes from __sporkle_local_base()
};

/// SYCL 1.2.1 spelling of a local accessor.
template <typename T, int D, access_mode M>
class accessor<T, D, M, target::local, access::placeholder::false_t>
    : public local_accessor<T, D> {
public:
  using local_accessor<T, D>::local_accessor;
};

// ---- host_accessor ----------------------------------------------------------------
namespace detail {
/// Shared by the copies of one host_accessor: ends the host access once.
struct host_access_state {
  int refs = 1; // atomic through __atomic builtins: <atomic> is a heavy include
  sporkle::rt::event_impl *token = nullptr;
};
} // namespace detail

template <typename T, int D = 1,
          access_mode M = (std::is_const_v<T> ? access_mode::read : access_mode::read_write)>
class host_accessor {
public:
  using value_type = std::conditional_t<detail::is_read_only(M), const std::remove_const_t<T>,
                                        std::remove_const_t<T>>;
  using reference = value_type &;
  using const_reference = const std::remove_const_t<T> &;

  host_accessor() = default;
  template <typename A>
  host_accessor(buffer<std::remove_const_t<T>, D, A> &buf, const property_list & = {})
      : host_accessor(buf, buf.get_range(), id<D>()) {}
  template <typename A, access_mode TagM>
  host_accessor(buffer<std::remove_const_t<T>, D, A> &buf, mode_tag_t<TagM>,
                const property_list & = {})
      : host_accessor(buf, buf.get_range(), id<D>()) {}
  template <typename A>
  host_accessor(buffer<std::remove_const_t<T>, D, A> &buf, range<D> r, id<D> offset = id<D>(),
                const property_list & = {})
      : mem_range_(buf.get_range()), range_(r), offset_(offset) {
    for (int d = 0; d < D; ++d)
      if (offset[d] + r[d] > mem_range_[d])
        detail::throw_error(errc::accessor, "host_accessor range and offset exceed the buffer");
    state_ = new detail::host_access_state;
    void *host;
    try {
      host = sporkle::rt::buffer_host_begin(buf.sporkle_impl(), detail::rt_access(M),
                                            &state_->token);
    } catch (...) {
      delete state_;
      throw;
    }
    ptr_ = static_cast<value_type *>(host) + detail::linearize(offset, mem_range_);
  }
  host_accessor(const host_accessor &o)
      : state_(o.state_), ptr_(o.ptr_), mem_range_(o.mem_range_), range_(o.range_),
        offset_(o.offset_) {
    if (state_)
      __atomic_fetch_add(&state_->refs, 1, __ATOMIC_RELAXED);
  }
  host_accessor &operator=(host_accessor o) {
    detail::host_access_state *t = state_;
    state_ = o.state_;
    o.state_ = t;
    ptr_ = o.ptr_;
    mem_range_ = o.mem_range_;
    range_ = o.range_;
    offset_ = o.offset_;
    return *this;
  }
  ~host_accessor() {
    if (state_ && __atomic_fetch_sub(&state_->refs, 1, __ATOMIC_ACQ_REL) == 1) {
      sporkle::rt::buffer_host_end(state_->token);
      delete state_;
    }
  }

  reference operator[](id<D> i) const { return ptr_[detail::linearize(i, mem_range_)]; }
  template <int N = D, std::enable_if_t<N == 1, int> = 0> reference operator[](size_t i) const {
    return ptr_[i];
  }
  template <int N = D, std::enable_if_t<(N > 1), int> = 0> auto operator[](size_t i) const {
    return detail::subscript<reference, value_type, D - 1>(ptr_ + i * detail::inner_size(mem_range_),
                                                           mem_range_[D - 1]);
  }
  range<D> get_range() const { return range_; }
  id<D> get_offset() const { return offset_; }
  size_t size() const noexcept { return range_.size(); }
  size_t byte_size() const noexcept { return size() * sizeof(T); }
  bool empty() const noexcept { return size() == 0; }
  value_type *get_pointer() const { return ptr_; }
  value_type *begin() const { return ptr_; }
  value_type *end() const { return ptr_ + size(); }

private:
  detail::host_access_state *state_ = nullptr;
  value_type *ptr_ = nullptr;
  range<D> mem_range_;
  range<D> range_;
  id<D> offset_;
};
template <typename T, int D, typename A>
host_accessor(buffer<T, D, A> &, const property_list & = {}) -> host_accessor<T, D>;
template <typename T, int D, typename A, access_mode M>
host_accessor(buffer<T, D, A> &, mode_tag_t<M>, const property_list & = {})
    -> host_accessor<T, D, M>;

// ---- buffer access helpers (need accessor) ----------------------------------------
template <typename T, int D, typename A>
template <access_mode M, target Tgt>
auto buffer<T, D, A>::get_access(handler &h) {
  return accessor<T, D, M, Tgt>(*this, h);
}
template <typename T, int D, typename A>
template <access_mode M, target Tgt>
auto buffer<T, D, A>::get_access(handler &h, range<D> r, id<D> offset) {
  return accessor<T, D, M, Tgt>(*this, h, r, offset);
}
template <typename T, int D, typename A>
template <access_mode M>
auto buffer<T, D, A>::get_access() {
  return host_accessor<T, D, M>(*this);
}
template <typename T, int D, typename A>
template <typename... Args>
auto buffer<T, D, A>::get_host_access(Args... args) {
  return host_accessor(*this, args...);
}

} // namespace _V1
} // namespace sycl

#endif
