// sycl::atomic_ref over clang's __scoped_atomic_* builtins.
//
// In the device pass these become `atomicrmw`/`cmpxchg` with the SYCL memory
// scope as an LLVM syncscope (float and double included), which every sporkle
// target lowers; in the host pass they are ordinary host atomics.
#ifndef SYCL_DETAIL_ATOMIC_HPP
#define SYCL_DETAIL_ATOMIC_HPP

#include "memory.hpp"

namespace sycl {
inline namespace _V1 {
namespace detail {

constexpr int atomic_order(memory_order o) {
  switch (o) {
  case memory_order::relaxed: return __ATOMIC_RELAXED;
  case memory_order::acquire: return __ATOMIC_ACQUIRE;
  case memory_order::release: return __ATOMIC_RELEASE;
  case memory_order::acq_rel: return __ATOMIC_ACQ_REL;
  default: return __ATOMIC_SEQ_CST;
  }
}
/// A compare-exchange's failure order may not release.
constexpr int atomic_failure_order(memory_order o) {
  switch (o) {
  case memory_order::release: return __ATOMIC_RELAXED;
  case memory_order::acq_rel: return __ATOMIC_ACQUIRE;
  default: return atomic_order(o);
  }
}
constexpr int atomic_scope(memory_scope s) {
  switch (s) {
  case memory_scope::work_item: return __MEMORY_SCOPE_SINGLE;
  case memory_scope::sub_group: return __MEMORY_SCOPE_WVFRNT;
  case memory_scope::work_group: return __MEMORY_SCOPE_WRKGRP;
  case memory_scope::device: return __MEMORY_SCOPE_DEVICE;
  default: return __MEMORY_SCOPE_SYSTEM;
  }
}
constexpr memory_order read_order(memory_order o) {
  return o == memory_order::acq_rel   ? memory_order::acquire
         : o == memory_order::release ? memory_order::relaxed
                                      : o;
}
constexpr memory_order write_order(memory_order o) {
  return o == memory_order::acq_rel   ? memory_order::release
         : o == memory_order::acquire ? memory_order::relaxed
                                      : o;
}
} // namespace detail

template <typename T, memory_order DefaultOrder, memory_scope DefaultScope,
          access::address_space Space = access::address_space::generic_space>
class atomic_ref {
  static_assert(std::is_integral_v<T> || std::is_floating_point_v<T> || std::is_pointer_v<T>,
                "atomic_ref needs an integer, floating-point or pointer type");
  static_assert(sizeof(T) == 4 || sizeof(T) == 8, "atomic_ref needs a 32- or 64-bit type");
  static constexpr bool is_int = std::is_integral_v<T>;
  static constexpr bool is_arith = std::is_integral_v<T> || std::is_floating_point_v<T>;

public:
  using value_type = T;
  using difference_type = std::conditional_t<std::is_pointer_v<T>, std::ptrdiff_t, T>;
  static constexpr size_t required_alignment = sizeof(T);
  static constexpr bool is_always_lock_free = true;
  static constexpr memory_order default_read_order = detail::read_order(DefaultOrder);
  static constexpr memory_order default_write_order = detail::write_order(DefaultOrder);
  static constexpr memory_order default_read_modify_write_order = DefaultOrder;
  static constexpr memory_scope default_scope = DefaultScope;

  explicit atomic_ref(T &ref) : ptr_(&ref) {}
  atomic_ref(const atomic_ref &) = default;
  atomic_ref &operator=(const atomic_ref &) = delete;

  bool is_lock_free() const noexcept { return true; }

  void store(T v, memory_order o = default_write_order, memory_scope s = DefaultScope) const {
    __scoped_atomic_store(ptr_, &v, detail::atomic_order(o), detail::atomic_scope(s));
  }
  T operator=(T v) const {
    store(v);
    return v;
  }
  T load(memory_order o = default_read_order, memory_scope s = DefaultScope) const {
    T r;
    __scoped_atomic_load(ptr_, &r, detail::atomic_order(o), detail::atomic_scope(s));
    return r;
  }
  operator T() const { return load(); }
  T exchange(T v, memory_order o = DefaultOrder, memory_scope s = DefaultScope) const {
    T r;
    __scoped_atomic_exchange(ptr_, &v, &r, detail::atomic_order(o), detail::atomic_scope(s));
    return r;
  }
  bool compare_exchange_strong(T &expected, T desired, memory_order success,
                               memory_order failure, memory_scope s = DefaultScope) const {
    return __scoped_atomic_compare_exchange(ptr_, &expected, &desired, false,
                                            detail::atomic_order(success),
                                            detail::atomic_failure_order(failure),
                                            detail::atomic_scope(s));
  }
  bool compare_exchange_strong(T &expected, T desired, memory_order o = DefaultOrder,
                               memory_scope s = DefaultScope) const {
    return compare_exchange_strong(expected, desired, o, o, s);
  }
  bool compare_exchange_weak(T &expected, T desired, memory_order success, memory_order failure,
                             memory_scope s = DefaultScope) const {
    return __scoped_atomic_compare_exchange(ptr_, &expected, &desired, true,
                                            detail::atomic_order(success),
                                            detail::atomic_failure_order(failure),
                                            detail::atomic_scope(s));
  }
  bool compare_exchange_weak(T &expected, T desired, memory_order o = DefaultOrder,
                             memory_scope s = DefaultScope) const {
    return compare_exchange_weak(expected, desired, o, o, s);
  }

  T fetch_add(difference_type v, memory_order o = DefaultOrder,
              memory_scope s = DefaultScope) const {
    if constexpr (std::is_pointer_v<T>)
      return reinterpret_cast<T>(__scoped_atomic_fetch_add(
          reinterpret_cast<uintptr_t *>(ptr_), uintptr_t(v * sizeof(*T())),
          detail::atomic_order(o), detail::atomic_scope(s)));
    else
      return __scoped_atomic_fetch_add(ptr_, v, detail::atomic_order(o), detail::atomic_scope(s));
  }
  T fetch_sub(difference_type v, memory_order o = DefaultOrder,
              memory_scope s = DefaultScope) const {
    if constexpr (std::is_pointer_v<T>)
      return fetch_add(-v, o, s);
    else
      return __scoped_atomic_fetch_sub(ptr_, v, detail::atomic_order(o), detail::atomic_scope(s));
  }
  template <bool B = is_arith, std::enable_if_t<B, int> = 0>
  T fetch_min(T v, memory_order o = DefaultOrder, memory_scope s = DefaultScope) const {
    return __scoped_atomic_fetch_min(ptr_, v, detail::atomic_order(o), detail::atomic_scope(s));
  }
  template <bool B = is_arith, std::enable_if_t<B, int> = 0>
  T fetch_max(T v, memory_order o = DefaultOrder, memory_scope s = DefaultScope) const {
    return __scoped_atomic_fetch_max(ptr_, v, detail::atomic_order(o), detail::atomic_scope(s));
  }
  template <bool B = is_int, std::enable_if_t<B, int> = 0>
  T fetch_and(T v, memory_order o = DefaultOrder, memory_scope s = DefaultScope) const {
    return __scoped_atomic_fetch_and(ptr_, v, detail::atomic_order(o), detail::atomic_scope(s));
  }
  template <bool B = is_int, std::enable_if_t<B, int> = 0>
  T fetch_or(T v, memory_order o = DefaultOrder, memory_scope s = DefaultScope) const {
    return __scoped_atomic_fetch_or(ptr_, v, detail::atomic_order(o), detail::atomic_scope(s));
  }
  template <bool B = is_int, std::enable_if_t<B, int> = 0>
  T fetch_xor(T v, memory_order o = DefaultOrder, memory_scope s = DefaultScope) const {
    return __scoped_atomic_fetch_xor(ptr_, v, detail::atomic_order(o), detail::atomic_scope(s));
  }

  T operator+=(difference_type v) const { return fetch_add(v) + v; }
  T operator-=(difference_type v) const { return fetch_sub(v) - v; }
  template <bool B = is_int, std::enable_if_t<B, int> = 0> T operator&=(T v) const {
    return fetch_and(v) & v;
  }
  template <bool B = is_int, std::enable_if_t<B, int> = 0> T operator|=(T v) const {
    return fetch_or(v) | v;
  }
  template <bool B = is_int, std::enable_if_t<B, int> = 0> T operator^=(T v) const {
    return fetch_xor(v) ^ v;
  }
  template <bool B = !std::is_floating_point_v<T>, std::enable_if_t<B, int> = 0>
  T operator++() const {
    return fetch_add(1) + 1;
  }
  template <bool B = !std::is_floating_point_v<T>, std::enable_if_t<B, int> = 0>
  T operator++(int) const {
    return fetch_add(1);
  }
  template <bool B = !std::is_floating_point_v<T>, std::enable_if_t<B, int> = 0>
  T operator--() const {
    return fetch_sub(1) - 1;
  }
  template <bool B = !std::is_floating_point_v<T>, std::enable_if_t<B, int> = 0>
  T operator--(int) const {
    return fetch_sub(1);
  }

private:
  T *ptr_;
};

/// A memory fence for the calling work-item.
inline void atomic_fence(memory_order o, memory_scope s) {
  __scoped_atomic_thread_fence(detail::atomic_order(o), detail::atomic_scope(s));
}

} // namespace _V1
} // namespace sycl

#endif
