#include <sycl/sycl.hpp>

SYCL_EXTERNAL float polynomial(float x) { return (3.0f * x + 2.0f) * x + 1.0f; }
