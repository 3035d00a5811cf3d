// Common definitions for sycl.hpp: the few std headers every part needs,
// SYCL_EXTERNAL, and the reference-counted handle to runtime objects.
#ifndef SYCL_DETAIL_DEFINES_HPP
#define SYCL_DETAIL_DEFINES_HPP

#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "runtime_api.hpp"
#include "sporkle/device_builtins.h"

#ifndef SYCL_LANGUAGE_VERSION
#define SYCL_LANGUAGE_VERSION 202012L
#endif
#define SYCL_IMPLEMENTATION_SPORKLE 1
#define SYCL_EXTERNAL [[clang::sycl_external]]

#if defined(__SYCL_DEVICE_ONLY__)
#define SPORKLE_DEVICE_CODE 1
#endif

namespace sycl {
inline namespace _V1 {
namespace detail {

/// Owning, copyable reference to a runtime object (rt::retain/release).
template <typename Impl> class handle {
public:
  handle() noexcept = default;
  /// Adopts one reference.
  explicit handle(Impl *p) noexcept : p_(p) {}
  handle(const handle &o) noexcept : p_(o.p_) {
    if (p_)
      sporkle::rt::retain(p_);
  }
  handle(handle &&o) noexcept : p_(o.p_) { o.p_ = nullptr; }
  handle &operator=(handle o) noexcept {
    Impl *t = p_;
    p_ = o.p_;
    o.p_ = t;
    return *this;
  }
  ~handle() {
    if (p_)
      sporkle::rt::release(p_);
  }
  Impl *get() const noexcept { return p_; }
  explicit operator bool() const noexcept { return p_ != nullptr; }

private:
  Impl *p_ = nullptr;
};

[[noreturn]] inline void throw_error(errc code, const char *message) {
  throw exception(make_error_code(code), message);
}

} // namespace detail
} // namespace _V1
} // namespace sycl

#endif
