// SYCL_EXTERNAL definitions used by ../sycl_external.cpp (compiled on its own with -c).
#include <sycl/sycl.hpp>

static float clamp01(float t) { return t < 0.0f ? 0.0f : (t > 1.0f ? 1.0f : t); }

SYCL_EXTERNAL float lerp_clamped(float a, float b, float t) { return a + (b - a) * clamp01(t); }

SYCL_EXTERNAL void accumulate(int *slot, int v) { *slot += v; }
