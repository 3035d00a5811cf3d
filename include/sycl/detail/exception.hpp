// sycl::exception, sycl::errc and the error category.
//
// Shared by user code (through sycl.hpp, compiled by clang -fsycl) and by
// libsporkle (compiled by the system C++ compiler): the runtime throws these
// directly, so this header must stay plain C++17. The class's key function
// (its destructor) lives in libsporkle, which therefore owns the one vtable and
// type_info every translation unit catches against.
#ifndef SYCL_DETAIL_EXCEPTION_HPP
#define SYCL_DETAIL_EXCEPTION_HPP

#include <exception>
#include <stdexcept>
#include <string>
#include <system_error>

#define SPORKLE_RT_API __attribute__((visibility("default")))

namespace sycl {
inline namespace _V1 {

enum class errc {
  success = 0,
  runtime,
  kernel,
  accessor,
  nd_range,
  event,
  kernel_argument,
  build,
  invalid,
  memory_allocation,
  platform,
  profiling,
  feature_not_supported,
  kernel_not_supported,
  backend_mismatch,
};

SPORKLE_RT_API const std::error_category &sycl_category() noexcept;

inline std::error_code make_error_code(errc e) noexcept {
  return {static_cast<int>(e), sycl_category()};
}

class context;

class SPORKLE_RT_API exception : public virtual std::exception {
public:
  exception(std::error_code ec, const std::string &what_arg)
      : code_(ec), message_(what_arg) {}
  exception(std::error_code ec, const char *what_arg) : code_(ec), message_(what_arg) {}
  explicit exception(std::error_code ec) : code_(ec), message_(ec.message()) {}
  exception(int ev, const std::error_category &cat, const std::string &what_arg)
      : exception(std::error_code(ev, cat), what_arg) {}
  exception(int ev, const std::error_category &cat, const char *what_arg)
      : exception(std::error_code(ev, cat), what_arg) {}
  exception(int ev, const std::error_category &cat)
      : exception(std::error_code(ev, cat)) {}
  exception(const exception &) = default;
  exception &operator=(const exception &) = default;
  ~exception() override; // key function: defined in libsporkle

  const std::error_code &code() const noexcept { return code_; }
  const std::error_category &category() const noexcept { return code_.category(); }
  const char *what() const noexcept override { return message_.what(); }
  bool has_context() const noexcept { return false; }

private:
  std::error_code code_;
  std::runtime_error message_; // reference-counted string: copying never throws
};

} // namespace _V1
} // namespace sycl

namespace std {
template <> struct is_error_code_enum<sycl::errc> : true_type {};
} // namespace std

#endif
