// The GPU benchmarks' problems, shared by the three programs that run them
// (gpu_bench.cpp: sporkle SYCL on the Vulkan device; glsl_bench.cpp: the same
// kernels written in GLSL, compiled by glslang and run through plain Vulkan;
// cuda_bench.cu: the same kernels in CUDA). Plain C++17 on top of
// ../harness.hpp, so nvcc includes it too.
//
// Every kernel is the same algorithm with the same work-group shape in all
// three: what differs is only the compiler and runtime under it.
//
// Timing (all three programs): a benchmark's run is `gpu_batch` back-to-back
// launches (of one kernel, or of reduction's two) and one wait for the last;
// the reported time is that batch's wall-clock time / gpu_batch, median of
// --reps batches after --warmup. So launch overhead counts only as far as a
// runtime fails to hide it behind the kernels before it.
#ifndef SPORKLE_BENCH_GPU_CASES_HPP
#define SPORKLE_BENCH_GPU_CASES_HPP

#include "../harness.hpp"

namespace bench::gpu {

constexpr int gpu_batch = 10;

// --- triad: a[i] = b[i] + triad_s * c[i] over triad_n floats, 256 per group.
// Metric GB/s counts 3 * 4 bytes per element. `copy` is the device's own
// device-to-device copy of triad_n floats (8 bytes per element moved), the
// bandwidth peer.
constexpr size_t triad_n = size_t(1) << 28;
constexpr size_t triad_wg = 256;
constexpr float triad_s = 3.0f;
inline float triad_b(size_t i) { return float(i % 1000) * 0.5f; }
inline float triad_c(size_t i) { return float(i % 77) - 30.0f; }
inline void check_triad(const float *a, const char *variant) {
  check_each("triad", variant, a, triad_n, 4097, 0.0,
             [](size_t i) { return around(double(triad_b(i) + triad_s * triad_c(i))); });
}
// copy: dst is a copy of triad_b.
inline void check_copy(const float *dst, const char *variant) {
  check_each("copy", variant, dst, triad_n, 4097, 0.0, [](size_t i) { return around(triad_b(i)); });
}

// --- tiled matmul: C = A * B, gpu_matmul_n square row-major floats, A and B
// from harness.hpp's mm_a / mm_b (exact sums; matmul_ok checks). Work-group
// gpu_matmul_tile x gpu_matmul_tile, one C element per work-item; each group
// steps over k in tiles staged in two local tiles (As, Bs) with a barrier
// after loading and after using them. Work-item (row = group_y*T + ly,
// col = group_x*T + lx), hardware x along columns.
constexpr size_t gpu_matmul_n = 4096;
constexpr size_t gpu_matmul_tile = 16;

// --- reduction: the sum of reduce_n floats (harness.hpp's in_a), in two
// kernels per run. Kernel 1: gpu_reduce_groups groups of gpu_reduce_wg
// items; item t of group g sums in[i] for i = g*wg + t, stepping by
// groups*wg (grid stride), then the group tree-reduces in local memory
// (halving strides, a barrier per step) and item 0 writes partial[g].
// Kernel 2: one group of gpu_reduce_groups items reduces partial[] the same
// way and item 0 writes out[0].
constexpr size_t reduce_n = size_t(1) << 28;
constexpr size_t gpu_reduce_wg = 256;
constexpr size_t gpu_reduce_groups = 1024;
inline void check_reduce(float sum, const char *variant) {
  // in_a repeats every 1024 elements: sum = (n / 1024) * sum_{k<1024} k/4.
  double want = double(reduce_n / 1024) * (1023.0 * 1024.0 / 2.0) * 0.25;
  if (!close(sum, want, 1e-3))
    verify_failed("reduction", variant, "sum " + std::to_string(sum) + ", expected " + std::to_string(want));
}

// --- Mandelbrot: harness.hpp's (2048 x 1024, 256 iterations, explicit fma,
// exact counts), work-groups of 32 (x, columns) by 8 (y, rows).
constexpr size_t mandel_wg_x = 32, mandel_wg_y = 8;

// --- conv2d: harness.hpp's two ResNet-50 cases and kernel, but over a 1-D
// range of out_size() items in groups of 256 (both cases divide evenly):
// item i computes output (oc, oy, ox) with ox = i % wo, oy = i / wo % ho,
// oc = i / (wo * ho).
constexpr size_t conv_wg = 256;

} // namespace bench::gpu

#endif
