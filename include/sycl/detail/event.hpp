// event, exception_list and async_handler.
#ifndef SYCL_DETAIL_EVENT_HPP
#define SYCL_DETAIL_EVENT_HPP

#include <vector>

// std::function alone: <functional> would pull in most of the algorithm and
// container headers, which sycl.hpp's compile time cannot afford.
#if __has_include(<bits/std_function.h>)
#include <bits/std_function.h>
#else
#include <functional>
#endif

#include "defines.hpp"

namespace sycl {
inline namespace _V1 {

class exception_list {
public:
  using value_type = std::exception_ptr;
  using reference = value_type &;
  using const_reference = const value_type &;
  using size_type = size_t;
  using iterator = std::vector<std::exception_ptr>::const_iterator;
  using const_iterator = iterator;

  size_type size() const { return list_.size(); }
  iterator begin() const { return list_.begin(); }
  iterator end() const { return list_.end(); }
  void sporkle_push(std::exception_ptr e) { list_.push_back(e); }

private:
  std::vector<std::exception_ptr> list_;
};

using async_handler = std::function<void(sycl::exception_list)>;

namespace info {
enum class event_command_status { submitted, running, complete };
namespace event {
struct command_execution_status {
  using return_type = event_command_status;
};
} // namespace event
namespace event_profiling {
struct command_submit {
  using return_type = uint64_t;
  static constexpr auto point = sporkle::rt::profiling_point::submit;
};
struct command_start {
  using return_type = uint64_t;
  static constexpr auto point = sporkle::rt::profiling_point::start;
};
struct command_end {
  using return_type = uint64_t;
  static constexpr auto point = sporkle::rt::profiling_point::end;
};
} // namespace event_profiling
} // namespace info

class event {
public:
  /// A default-constructed event is already complete.
  event() = default;
  explicit event(sporkle::rt::event_impl *adopted) : impl_(adopted) {}

  void wait() {
    if (impl_)
      sporkle::rt::event_wait(impl_.get());
  }
  /// Kernels cannot throw on sporkle devices; errors of commands surface
  /// synchronously at submit, so waiting is all there is to do.
  void wait_and_throw() { wait(); }
  static void wait(const std::vector<event> &events) {
    for (event e : events)
      e.wait();
  }
  static void wait_and_throw(const std::vector<event> &events) { wait(events); }

  template <typename Param> typename Param::return_type get_info() const {
    static_assert(std::is_same_v<Param, info::event::command_execution_status>,
                  "unsupported event info");
    if (!impl_)
      return info::event_command_status::complete;
    return info::event_command_status(uint32_t(sporkle::rt::event_get_status(impl_.get())));
  }
  template <typename Param> typename Param::return_type get_profiling_info() const {
    if (!impl_)
      detail::throw_error(errc::invalid, "profiling info of an event with no command");
    return sporkle::rt::event_get_profiling(impl_.get(), Param::point);
  }

  friend bool operator==(const event &a, const event &b) { return a.impl_.get() == b.impl_.get(); }
  friend bool operator!=(const event &a, const event &b) { return !(a == b); }

  sporkle::rt::event_impl *sporkle_impl() const { return impl_.get(); }

private:
  detail::handle<sporkle::rt::event_impl> impl_;
};

} // namespace _V1
} // namespace sycl

#endif
