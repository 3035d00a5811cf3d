// Tiled matrix multiply: nd_range<2>, local_accessor tiles, barriers inside the k-loop, sizes not powers of two.
// RUN: %sporkle-cc -O2 -c %s -o %t.o
// RUN: %run-at-widths %t -O2 %t.o
#include <sycl/sycl.hpp>
#include "Inputs/check.hpp"

constexpr size_t T = 16; // tile edge; M, N, K are multiples of T but not powers of two

int main() {
  const size_t M = T * 3, N = T * 5, K = T * 7; // 48 x 80, inner 112
  sycl::queue q;
  e2e::banner("matmul_tiled", q.get_device().get_info<sycl::info::device::name>());
  std::vector<float> a = e2e::random_floats(M * K), b = e2e::random_floats(K * N);
  std::vector<float> c(M * N, e2e::poison<float>()), want(M * N, 0.0f);
  for (size_t i = 0; i < M; ++i)
    for (size_t k = 0; k < K; ++k)
      for (size_t j = 0; j < N; ++j)
        want[i * N + j] += a[i * K + k] * b[k * N + j];
  {
    sycl::buffer<float, 2> A(a.data(), sycl::range<2>(M, K)), B(b.data(), sycl::range<2>(K, N));
    sycl::buffer<float, 2> C(c.data(), sycl::range<2>(M, N));
    q.submit([&](sycl::handler &h) {
      sycl::accessor ga(A, h, sycl::read_only), gb(B, h, sycl::read_only);
      sycl::accessor gc(C, h, sycl::write_only);
      sycl::local_accessor<float, 2> ta(sycl::range<2>(T, T), h), tb(sycl::range<2>(T, T), h);
      h.parallel_for(sycl::nd_range<2>({M, N}, {T, T}), [=](sycl::nd_item<2> it) {
        size_t r = it.get_local_id(0), col = it.get_local_id(1);
        size_t i = it.get_global_id(0), j = it.get_global_id(1);
        float sum = 0.0f;
        for (size_t k0 = 0; k0 < K; k0 += T) {
          ta[r][col] = ga[i][k0 + col];
          tb[r][col] = gb[k0 + r][j];
          sycl::group_barrier(it.get_group()); // tiles loaded
          for (size_t k = 0; k < T; ++k)
            sum += ta[r][k] * tb[k][col];
          it.barrier(sycl::access::fence_space::local_space); // tiles consumed before reload
        }
        gc[i][j] = sum;
      });
    });
  }
  e2e::check("C = A * B", c, want, 1e-4);
  return e2e::pass("matmul_tiled");
}
