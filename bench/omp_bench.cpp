// The benchmark kernels as plain C++ loops with OpenMP: the peer a CPU
// programmer would write by hand. Build: g++ -O3 -march=native -fopenmp.
#include <omp.h>

#include "harness.hpp"

using namespace bench;

int main(int argc, char **argv) {
  options o = parse(argc, argv);
  const char *V = "openmp";
  std::printf("# OpenMP, %d threads\n", omp_get_max_threads());
  const size_t n = stream_n;
  float *a = new float[n], *b = new float[n], *c = new float[n];
#pragma omp parallel for schedule(static) // first touch by the threads that use the data
  for (size_t i = 0; i < n; ++i)
    a[i] = in_a(i), b[i] = in_b(i), c[i] = 0.0f;

  if (wanted(o, "vector_add")) {
    double t = time_median(o.warmup, o.reps, [&] {
#pragma omp parallel for simd schedule(static)
      for (size_t i = 0; i < n; ++i)
        c[i] = a[i] + b[i];
    });
    verify_vector_add(c, n, V);
    report("vector_add", V, t, 3.0 * n * sizeof(float) / 1e9, "GB/s");
  }
  if (wanted(o, "saxpy")) {
    const float s = 0.5f;
#pragma omp parallel for schedule(static)
    for (size_t i = 0; i < n; ++i)
      c[i] = in_b(i);
    double t = time_median(o.warmup, o.reps, [&] {
#pragma omp parallel for simd schedule(static)
      for (size_t i = 0; i < n; ++i)
        c[i] = s * a[i] + c[i];
    });
    verify_saxpy(c, n, s, o.warmup + o.reps, V);
    report("saxpy", V, t, 3.0 * n * sizeof(float) / 1e9, "GB/s");
  }
  if (wanted(o, "matmul")) {
    const size_t m = matmul_n;
    float *ma = new float[m * m], *mb = new float[m * m], *mc = new float[m * m];
    for (size_t i = 0; i < m * m; ++i)
      ma[i] = mm_a(i), mb[i] = mm_b(i);
    double t = time_median(o.warmup, o.reps, [&] {
      // i-k-j order: the inner loop runs along rows of B and C and vectorizes.
#pragma omp parallel for schedule(static)
      for (size_t i = 0; i < m; ++i) {
        float *ci = mc + i * m;
        for (size_t j = 0; j < m; ++j)
          ci[j] = 0.0f;
        for (size_t k = 0; k < m; ++k) {
          const float aik = ma[i * m + k];
          const float *bk = mb + k * m;
#pragma omp simd
          for (size_t j = 0; j < m; ++j)
            ci[j] += aik * bk[j];
        }
      }
    });
    if (!matmul_ok(mc, m))
      verify_failed("matmul", V, "wrong product");
    report("matmul", V, t, 2.0 * m * m * m / 1e9, "GFLOP/s");
    delete[] ma, delete[] mb, delete[] mc;
  }
  if (wanted(o, "reduction")) {
    double sum = 0;
    double t = time_median(o.warmup, o.reps, [&] {
      // Locals and a signed index: otherwise GCC 12 turns this simd reduction into gathers (7x slower).
      const float *x = a;
      const std::ptrdiff_t len = std::ptrdiff_t(n);
      float s = 0.0f;
#pragma omp parallel for simd schedule(static) reduction(+ : s)
      for (std::ptrdiff_t i = 0; i < len; ++i)
        s += x[i];
      sum = s;
    });
    verify_reduction(sum, n, V);
    report("reduction", V, t, double(n) * sizeof(float) / 1e9, "GB/s");
  }
  if (wanted(o, "launch")) {
    // The OpenMP analogue of an empty kernel launch: fork and join the team.
    std::vector<double> ts;
    for (int r = 0; r < o.launches + 100; ++r) {
      double t0 = now();
#pragma omp parallel
      { __asm__ volatile(""); }
      if (r >= 100)
        ts.push_back(now() - t0);
    }
    report("launch", V, median(ts), 0, "us");
  }
  delete[] a, delete[] b, delete[] c;
  return 0;
}
