// sycl::exception's out-of-line parts: the key function (so libsporkle holds
// the single vtable and type_info) and the SYCL error category; and the
// reporting of asynchronous errors that reach no async_handler.
#include "sycl/detail/exception.hpp"
#include "sycl/detail/runtime_api.hpp"

#include <cstdio>

namespace sycl {
inline namespace _V1 {

exception::~exception() = default;

namespace {
class sycl_error_category final : public std::error_category {
public:
  const char *name() const noexcept override { return "sycl"; }
  std::string message(int code) const override {
    switch (errc(code)) {
    case errc::success: return "success";
    case errc::runtime: return "runtime error";
    case errc::kernel: return "kernel error";
    case errc::accessor: return "accessor error";
    case errc::nd_range: return "invalid nd_range";
    case errc::event: return "event error";
    case errc::kernel_argument: return "invalid kernel argument";
    case errc::build: return "build error";
    case errc::invalid: return "invalid operation";
    case errc::memory_allocation: return "memory allocation failed";
    case errc::platform: return "platform error";
    case errc::profiling: return "profiling error";
    case errc::feature_not_supported: return "feature not supported";
    case errc::kernel_not_supported: return "kernel not supported on this device";
    case errc::backend_mismatch: return "backend mismatch";
    }
    return "unknown sycl error";
  }
};
} // namespace

const std::error_category &sycl_category() noexcept {
  static const sycl_error_category category;
  return category;
}

} // namespace _V1
} // namespace sycl

namespace sporkle::rt {
[[noreturn]] void throw_error(sycl::errc code, const std::string &message) {
  throw sycl::exception(sycl::make_error_code(code), message);
}

void print_async_errors(const char *why, const std::exception_ptr *errors, size_t count) noexcept {
  std::fprintf(stderr, "sporkle: %s:\n", why);
  for (size_t i = 0; i < count; ++i) {
    try {
      std::rethrow_exception(errors[i]);
    } catch (const std::exception &e) {
      std::fprintf(stderr, "  %s\n", e.what());
    } catch (...) {
      std::fprintf(stderr, "  (an exception that is not a std::exception)\n");
    }
  }
  std::fflush(stderr);
}

void default_async_handler(const std::exception_ptr *errors, size_t count) noexcept {
  print_async_errors("asynchronous errors reached SYCL's default async_handler (the queue has none)", errors,
                     count);
  std::terminate();
}
} // namespace sporkle::rt
