// Index space types: range, id, item, nd_range, nd_item, group, barriers.
//
// Kernels learn their position only through sporkle/device_builtins.h, whose
// dimensions are *hardware* dimensions (0 = fastest). SYCL's last dimension
// is the contiguous one, so SYCL dimension d of an N-dimensional range is
// hardware dimension N-1-d; hw_dim() is the single place that mapping lives.
// nd_item and group hold no state: every query is a builtin call, which
// leaves the device passes free to fold and vectorize them.
#ifndef SYCL_DETAIL_RANGE_HPP
#define SYCL_DETAIL_RANGE_HPP

#include "defines.hpp"

namespace sycl {
inline namespace _V1 {

template <int D> class range;
template <int D> class id;
template <int D, bool WithOffset> class item;

namespace detail {

constexpr unsigned hw_dim(int dims, int d) { return unsigned(dims - 1 - d); }

/// Storage and element-wise arithmetic shared by range and id.
template <typename Derived, int D> class array_base {
  static_assert(D >= 1 && D <= 3, "SYCL index spaces have 1, 2 or 3 dimensions");

public:
  size_t get(int d) const { return v_[d]; }
  size_t &operator[](int d) { return v_[d]; }
  size_t operator[](int d) const { return v_[d]; }

  friend bool operator==(const Derived &a, const Derived &b) {
    for (int d = 0; d < D; ++d)
      if (a.v_[d] != b.v_[d])
        return false;
    return true;
  }
  friend bool operator!=(const Derived &a, const Derived &b) { return !(a == b); }

#define SPORKLE_ARRAY_OP(op)                                                                      \
  friend Derived operator op(const Derived &a, const Derived &b) {                               \
    Derived r;                                                                                    \
    for (int d = 0; d < D; ++d)                                                                   \
      r.v_[d] = a.v_[d] op b.v_[d];                                                               \
    return r;                                                                                     \
  }                                                                                               \
  template <typename T, std::enable_if_t<std::is_integral_v<T>, int> = 0>                         \
  friend Derived operator op(const Derived &a, const T &b) {                                     \
    Derived r;                                                                                    \
    for (int d = 0; d < D; ++d)                                                                   \
      r.v_[d] = a.v_[d] op size_t(b);                                                             \
    return r;                                                                                     \
  }                                                                                               \
  template <typename T, std::enable_if_t<std::is_integral_v<T>, int> = 0>                         \
  friend Derived operator op(const T &a, const Derived &b) {                                     \
    Derived r;                                                                                    \
    for (int d = 0; d < D; ++d)                                                                   \
      r.v_[d] = size_t(a) op b.v_[d];                                                             \
    return r;                                                                                     \
  }                                                                                               \
  friend Derived &operator op##=(Derived &a, const Derived &b) {                                 \
    for (int d = 0; d < D; ++d)                                                                   \
      a.v_[d] = a.v_[d] op b.v_[d];                                                               \
    return a;                                                                                     \
  }                                                                                               \
  template <typename T, std::enable_if_t<std::is_integral_v<T>, int> = 0>                         \
  friend Derived &operator op##=(Derived &a, const T &b) {                                       \
    for (int d = 0; d < D; ++d)                                                                   \
      a.v_[d] = a.v_[d] op size_t(b);                                                             \
    return a;                                                                                     \
  }
  SPORKLE_ARRAY_OP(+)
  SPORKLE_ARRAY_OP(-)
  SPORKLE_ARRAY_OP(*)
  SPORKLE_ARRAY_OP(/)
  SPORKLE_ARRAY_OP(%)
  SPORKLE_ARRAY_OP(<<)
  SPORKLE_ARRAY_OP(>>)
  SPORKLE_ARRAY_OP(&)
  SPORKLE_ARRAY_OP(|)
  SPORKLE_ARRAY_OP(^)
#undef SPORKLE_ARRAY_OP

protected:
  size_t v_[D];
};

} // namespace detail

template <int D = 1> class range : public detail::array_base<range<D>, D> {
  using base = detail::array_base<range<D>, D>;

public:
  range() { fill(0); }
  template <int N = D, std::enable_if_t<N == 1, int> = 0> range(size_t d0) { this->v_[0] = d0; }
  template <int N = D, std::enable_if_t<N == 2, int> = 0> range(size_t d0, size_t d1) {
    this->v_[0] = d0;
    this->v_[1] = d1;
  }
  template <int N = D, std::enable_if_t<N == 3, int> = 0>
  range(size_t d0, size_t d1, size_t d2) {
    this->v_[0] = d0;
    this->v_[1] = d1;
    this->v_[2] = d2;
  }
  static constexpr int dimensions = D;
  size_t size() const {
    size_t n = 1;
    for (int d = 0; d < D; ++d)
      n *= this->v_[d];
    return n;
  }

private:
  void fill(size_t x) {
    for (int d = 0; d < D; ++d)
      this->v_[d] = x;
  }
};
range(size_t)->range<1>;
range(size_t, size_t)->range<2>;
range(size_t, size_t, size_t)->range<3>;

namespace detail {
/// id<1> and item<1> convert to size_t. A plain (non-template) conversion
/// function, so that built-in subscripts like `ptr[i]` accept them.
template <typename Derived, int D> struct size_t_conversion {};
template <typename Derived> struct size_t_conversion<Derived, 1> {
  operator size_t() const { return static_cast<const Derived *>(this)->get(0); }
};
} // namespace detail

template <int D = 1>
class id : public detail::array_base<id<D>, D>, public detail::size_t_conversion<id<D>, D> {
public:
  id() {
    for (int d = 0; d < D; ++d)
      this->v_[d] = 0;
  }
  template <int N = D, std::enable_if_t<N == 1, int> = 0> id(size_t d0) { this->v_[0] = d0; }
  template <int N = D, std::enable_if_t<N == 2, int> = 0> id(size_t d0, size_t d1) {
    this->v_[0] = d0;
    this->v_[1] = d1;
  }
  template <int N = D, std::enable_if_t<N == 3, int> = 0> id(size_t d0, size_t d1, size_t d2) {
    this->v_[0] = d0;
    this->v_[1] = d1;
    this->v_[2] = d2;
  }
  id(const range<D> &r) {
    for (int d = 0; d < D; ++d)
      this->v_[d] = r[d];
  }
  template <bool WithOffset> id(const item<D, WithOffset> &it) {
    for (int d = 0; d < D; ++d)
      this->v_[d] = it.get_id(d);
  }
  static constexpr int dimensions = D;
};
id(size_t)->id<1>;
id(size_t, size_t)->id<2>;
id(size_t, size_t, size_t)->id<3>;

namespace detail {
/// Row-major linear index (SYCL's last dimension fastest).
template <int D> size_t linearize(const id<D> &i, const range<D> &r) {
  size_t lin = i[0];
  for (int d = 1; d < D; ++d)
    lin = lin * r[d] + i[d];
  return lin;
}
struct item_maker;
} // namespace detail

template <int D = 1, bool WithOffset = true>
class item : public detail::size_t_conversion<item<D, WithOffset>, D> {
public:
  item() = delete;
  static constexpr int dimensions = D;
  id<D> get_id() const { return index_; }
  size_t get_id(int d) const { return index_[d]; }
  size_t operator[](int d) const { return index_[d]; }
  range<D> get_range() const { return range_; }
  size_t get_range(int d) const { return range_[d]; }
  template <bool W = WithOffset, std::enable_if_t<W, int> = 0> id<D> get_offset() const {
    return offset_;
  }
  size_t get_linear_id() const { return detail::linearize(index_ - offset_, range_); }
  size_t get(int d) const { return index_[d]; }
  operator item<D, !WithOffset>() const { return item<D, !WithOffset>(range_, index_, offset_); }
  friend bool operator==(const item &a, const item &b) {
    return a.index_ == b.index_ && a.range_ == b.range_ && a.offset_ == b.offset_;
  }
  friend bool operator!=(const item &a, const item &b) { return !(a == b); }

private:
  friend struct detail::item_maker;
  template <int, bool> friend class item;
  item(const range<D> &r, const id<D> &i, const id<D> &o) : range_(r), index_(i), offset_(o) {}
  range<D> range_;
  id<D> index_;
  id<D> offset_;
};

template <int D = 1> class nd_range {
public:
  static constexpr int dimensions = D;
  nd_range(range<D> global, range<D> local, id<D> offset = id<D>())
      : global_(global), local_(local), offset_(offset) {}
  range<D> get_global_range() const { return global_; }
  range<D> get_local_range() const { return local_; }
  range<D> get_group_range() const { return global_ / local_; }
  id<D> get_offset() const { return offset_; }
  friend bool operator==(const nd_range &a, const nd_range &b) {
    return a.global_ == b.global_ && a.local_ == b.local_ && a.offset_ == b.offset_;
  }
  friend bool operator!=(const nd_range &a, const nd_range &b) { return !(a == b); }

private:
  range<D> global_, local_;
  id<D> offset_;
};

namespace access {
enum class fence_space { local_space, global_space, global_and_local };
} // namespace access

enum class memory_order { relaxed, acquire, release, acq_rel, seq_cst };
inline constexpr auto memory_order_relaxed = memory_order::relaxed;
inline constexpr auto memory_order_acquire = memory_order::acquire;
inline constexpr auto memory_order_release = memory_order::release;
inline constexpr auto memory_order_acq_rel = memory_order::acq_rel;
inline constexpr auto memory_order_seq_cst = memory_order::seq_cst;

enum class memory_scope { work_item, sub_group, work_group, device, system };
inline constexpr auto memory_scope_work_item = memory_scope::work_item;
inline constexpr auto memory_scope_sub_group = memory_scope::sub_group;
inline constexpr auto memory_scope_work_group = memory_scope::work_group;
inline constexpr auto memory_scope_device = memory_scope::device;
inline constexpr auto memory_scope_system = memory_scope::system;

namespace detail {
inline unsigned fence_bits(access::fence_space space) {
  switch (space) {
  case access::fence_space::local_space: return SPORKLE_FENCE_LOCAL;
  case access::fence_space::global_space: return SPORKLE_FENCE_GLOBAL;
  default: return SPORKLE_FENCE_LOCAL | SPORKLE_FENCE_GLOBAL;
  }
}

/// The position queries, named so that templates can pick one statically:
/// device code must not call through function pointers.
enum class query { global_id, local_id, group_id, global_size, local_size, num_groups, offset };

template <query Q> size_t ask(unsigned hw) {
  if constexpr (Q == query::global_id)
    return __sporkle_global_id(hw);
  else if constexpr (Q == query::local_id)
    return __sporkle_local_id(hw);
  else if constexpr (Q == query::group_id)
    return __sporkle_group_id(hw);
  else if constexpr (Q == query::global_size)
    return __sporkle_global_size(hw);
  else if constexpr (Q == query::local_size)
    return __sporkle_local_size(hw);
  else if constexpr (Q == query::num_groups)
    return __sporkle_num_groups(hw);
  else
    return __sporkle_global_offset(hw);
}

template <int D, query Q> range<D> builtin_range() {
  range<D> r;
  for (int d = 0; d < D; ++d)
    r[d] = ask<Q>(hw_dim(D, d));
  return r;
}
template <int D, query Q> id<D> builtin_id() {
  id<D> r;
  for (int d = 0; d < D; ++d)
    r[d] = ask<Q>(hw_dim(D, d));
  return r;
}
/// Linear id in hardware order: x + X*(y + Y*z), equal to SYCL's row-major one.
template <int D, query Id, query Size> size_t builtin_linear() {
  size_t lin = 0;
  for (int d = D - 1; d >= 0; --d)
    lin = lin * ask<Size>(unsigned(d)) + ask<Id>(unsigned(d));
  return lin;
}
} // namespace detail

template <int D = 1> class group {
public:
  static constexpr int dimensions = D;
  using id_type = id<D>;
  using range_type = range<D>;
  using linear_id_type = size_t;
  static constexpr memory_scope fence_scope = memory_scope::work_group;

  id<D> get_group_id() const { return detail::builtin_id<D, detail::query::group_id>(); }
  size_t get_group_id(int d) const { return __sporkle_group_id(detail::hw_dim(D, d)); }
  size_t operator[](int d) const { return get_group_id(d); }
  id<D> get_local_id() const { return detail::builtin_id<D, detail::query::local_id>(); }
  size_t get_local_id(int d) const { return __sporkle_local_id(detail::hw_dim(D, d)); }
  range<D> get_local_range() const { return detail::builtin_range<D, detail::query::local_size>(); }
  size_t get_local_range(int d) const { return __sporkle_local_size(detail::hw_dim(D, d)); }
  range<D> get_group_range() const { return detail::builtin_range<D, detail::query::num_groups>(); }
  size_t get_group_range(int d) const { return __sporkle_num_groups(detail::hw_dim(D, d)); }
  range<D> get_max_local_range() const { return get_local_range(); }
  size_t get_group_linear_id() const {
    return detail::builtin_linear<D, detail::query::group_id, detail::query::num_groups>();
  }
  size_t get_local_linear_id() const {
    return detail::builtin_linear<D, detail::query::local_id, detail::query::local_size>();
  }
  size_t get_group_linear_range() const { return get_group_range().size(); }
  size_t get_local_linear_range() const { return get_local_range().size(); }
  bool leader() const { return get_local_linear_id() == 0; }

private:
  friend struct detail::item_maker;
  template <int> friend class nd_item;
  group() = default;
};

template <int D = 1> class nd_item {
public:
  static constexpr int dimensions = D;
  nd_item() = delete;

  id<D> get_global_id() const { return detail::builtin_id<D, detail::query::global_id>(); }
  size_t get_global_id(int d) const { return __sporkle_global_id(detail::hw_dim(D, d)); }
  size_t get_global_linear_id() const {
    size_t lin = 0;
    for (int d = D - 1; d >= 0; --d)
      lin = lin * __sporkle_global_size(unsigned(d)) +
            (__sporkle_global_id(unsigned(d)) - __sporkle_global_offset(unsigned(d)));
    return lin;
  }
  id<D> get_local_id() const { return detail::builtin_id<D, detail::query::local_id>(); }
  size_t get_local_id(int d) const { return __sporkle_local_id(detail::hw_dim(D, d)); }
  size_t get_local_linear_id() const {
    return detail::builtin_linear<D, detail::query::local_id, detail::query::local_size>();
  }
  group<D> get_group() const { return group<D>(); }
  size_t get_group(int d) const { return __sporkle_group_id(detail::hw_dim(D, d)); }
  size_t get_group_linear_id() const {
    return detail::builtin_linear<D, detail::query::group_id, detail::query::num_groups>();
  }
  range<D> get_group_range() const { return detail::builtin_range<D, detail::query::num_groups>(); }
  size_t get_group_range(int d) const { return __sporkle_num_groups(detail::hw_dim(D, d)); }
  range<D> get_global_range() const { return detail::builtin_range<D, detail::query::global_size>(); }
  size_t get_global_range(int d) const { return __sporkle_global_size(detail::hw_dim(D, d)); }
  range<D> get_local_range() const { return detail::builtin_range<D, detail::query::local_size>(); }
  size_t get_local_range(int d) const { return __sporkle_local_size(detail::hw_dim(D, d)); }
  id<D> get_offset() const { return detail::builtin_id<D, detail::query::offset>(); }
  nd_range<D> get_nd_range() const {
    return nd_range<D>(get_global_range(), get_local_range(), get_offset());
  }
  void barrier(access::fence_space space = access::fence_space::global_and_local) const {
    __sporkle_barrier(detail::fence_bits(space));
  }

private:
  friend struct detail::item_maker;
  explicit nd_item(int) {}
};

/// Every work-item of group `g` waits here; memory of `scope` is made visible.
template <int D>
void group_barrier(const group<D> &, memory_scope scope = memory_scope::work_group) {
  // Every scope from work_group up covers the group's local and global memory.
  (void)scope;
  __sporkle_barrier(SPORKLE_FENCE_LOCAL | SPORKLE_FENCE_GLOBAL);
}

namespace detail {
/// Builds the index objects a kernel receives (device code only).
struct item_maker {
  template <int D> static item<D, true> make_item() {
    id<D> offset = builtin_id<D, query::offset>();
    return item<D, true>(builtin_range<D, query::global_size>(),
                         builtin_id<D, query::global_id>(), offset);
  }
  template <int D> static nd_item<D> make_nd_item() { return nd_item<D>(0); }
  template <int D> static item<D, true> make(const range<D> &r, const id<D> &i, const id<D> &o) {
    return item<D, true>(r, i, o);
  }
};
} // namespace detail

} // namespace _V1
} // namespace sycl

#endif
