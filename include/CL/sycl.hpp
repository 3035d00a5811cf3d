// SYCL 1.2.1 compatibility: <CL/sycl.hpp> and the cl::sycl namespace, for
// programs written against older SYCL implementations.
#ifndef CL_SYCL_HPP
#define CL_SYCL_HPP

#include <sycl/sycl.hpp>

namespace cl {
namespace sycl = ::sycl;
} // namespace cl

#endif
