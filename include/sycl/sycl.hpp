// sporkle's SYCL 2020 API. Include this (or <CL/sycl.hpp> for SYCL 1.2.1
// code) and build with sporkle-cc.
//
// Kept light on purpose: the state lives in libsporkle behind
// detail/runtime_api.hpp, and only <string>, <vector>, <system_error> and
// std::function are pulled in from the standard library.
#ifndef SYCL_SYCL_HPP
#define SYCL_SYCL_HPP

#include "detail/defines.hpp"
#include "detail/range.hpp"
#include "detail/math.hpp"
#include "detail/device.hpp"
#include "detail/memory.hpp"
#include "detail/atomic.hpp"
#include "detail/event.hpp"
#include "detail/handler.hpp"
#include "detail/queue.hpp"

#endif
