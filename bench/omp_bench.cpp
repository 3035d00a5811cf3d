// The benchmark kernels as plain C++ loops with OpenMP: the peer a CPU
// programmer would write by hand. Build: g++ -O3 -march=native -fopenmp.
#include <omp.h>

#include "harness.hpp"

using namespace bench;

namespace {

const char *const V = "openmp";

void bench_mandelbrot(const options &o) {
  std::vector<int> count(mandel_w * mandel_h);
  int *out = count.data();
  auto run = [&] {
    // Rows over threads (dynamic: rows through the set cost more), pixels of a row in SIMD lanes.
#pragma omp parallel for schedule(dynamic)
    for (size_t py = 0; py < mandel_h; ++py) {
#pragma omp simd
      for (size_t px = 0; px < mandel_w; ++px) {
        const float cx = std::fma(float(px), mandel_step, mandel_x0);
        const float cy = std::fma(float(py), mandel_step, mandel_y0);
        float x = 0.0f, y = 0.0f;
        int n = 0;
        while (n < mandel_iters && std::fma(x, x, y * y) <= 4.0f) {
          const float xn = std::fma(x, x, std::fma(-y, y, cx));
          y = std::fma(2.0f * x, y, cy);
          x = xn;
          ++n;
        }
        out[py * mandel_w + px] = n;
      }
    }
  };
  double t = checked_median(
      o, [&] { std::fill(count.begin(), count.end(), poison_i); }, run, [&] { check_mandelbrot(out, V); });
  report("mandelbrot", V, t, double(mandel_w * mandel_h) / 1e6, "Mpixel/s");
}

void bench_nbody(const options &o) {
  const size_t n = nbody_n;
  const std::vector<float> vx = make_input(n, [](size_t i) { return nbody_pos(i, 0); }),
                           vy = make_input(n, [](size_t i) { return nbody_pos(i, 1); }),
                           vz = make_input(n, [](size_t i) { return nbody_pos(i, 2); }),
                           vm = make_input(n, nbody_mass);
  const float *x = vx.data(), *y = vy.data(), *z = vz.data(), *m = vm.data();
  std::vector<float> vax(n), vay(n), vaz(n);
  float *ax = vax.data(), *ay = vay.data(), *az = vaz.data();
  auto run = [&] {
    // Bodies over threads, the sum over all bodies in SIMD lanes.
#pragma omp parallel for schedule(static)
    for (size_t i = 0; i < n; ++i) {
      const float xi = x[i], yi = y[i], zi = z[i];
      float sx = 0.0f, sy = 0.0f, sz = 0.0f;
#pragma omp simd reduction(+ : sx, sy, sz)
      for (size_t j = 0; j < n; ++j) {
        const float dx = x[j] - xi, dy = y[j] - yi, dz = z[j] - zi;
        const float inv = 1.0f / std::sqrt(dx * dx + dy * dy + dz * dz + nbody_eps2);
        const float s = m[j] * inv * inv * inv;
        sx += dx * s, sy += dy * s, sz += dz * s;
      }
      ax[i] = sx, ay[i] = sy, az[i] = sz;
    }
  };
  double t = checked_median(
      o,
      [&] {
        for (auto *v : {&vax, &vay, &vaz})
          std::fill(v->begin(), v->end(), poison_f);
      },
      run, [&] { check_nbody(ax, ay, az, V); });
  report("nbody", V, t, 20.0 * n * n / 1e9, "GFLOP/s");
}

// The normal CDF by the Abramowitz-Stegun polynomial.
inline float cnd(float d) {
  const float k = 1.0f / (1.0f + 0.2316419f * std::fabs(d));
  const float c = bs_rsqrt2pi * std::exp(-0.5f * d * d) *
                  (k * (bs_a1 + k * (bs_a2 + k * (bs_a3 + k * (bs_a4 + k * bs_a5)))));
  return d > 0.0f ? 1.0f - c : c;
}

void bench_blackscholes(const options &o) {
  const size_t n = bs_n;
  const std::vector<float> vs = make_input(n, bs_price), vx = make_input(n, bs_strike), vt = make_input(n, bs_years);
  const float *price = vs.data(), *strike = vx.data(), *years = vt.data();
  std::vector<float> vcall(n), vput(n);
  float *call = vcall.data(), *put = vput.data();
  auto run = [&] {
#pragma omp parallel for simd schedule(static)
    for (size_t i = 0; i < n; ++i) {
      const float s = price[i], x = strike[i], t = years[i];
      const float sqrt_t = std::sqrt(t);
      const float d1 = (std::log(s / x) + (bs_r + 0.5f * bs_v * bs_v) * t) / (bs_v * sqrt_t);
      const float d2 = d1 - bs_v * sqrt_t;
      const float c1 = cnd(d1), c2 = cnd(d2), xe = x * std::exp(-bs_r * t);
      call[i] = s * c1 - xe * c2;
      put[i] = xe * (1.0f - c2) - s * (1.0f - c1);
    }
  };
  double t = checked_median(
      o,
      [&] {
        std::fill(vcall.begin(), vcall.end(), poison_f);
        std::fill(vput.begin(), vput.end(), poison_f);
      },
      run, [&] { check_blackscholes(call, put, V); });
  report("blackscholes", V, t, double(n) / 1e6, "Moptions/s");
}

void bench_stencil(const options &o) {
  const size_t n = stencil_n;
  const std::vector<float> vin = make_input(n * n, stencil_in);
  std::vector<float> vout(n * n);
  const float *in = vin.data();
  float *out = vout.data();
  auto run = [&] {
    // Rows over threads; edges copied, the interior of a row in SIMD lanes.
#pragma omp parallel for schedule(static)
    for (size_t r = 0; r < n; ++r) {
      const float *row = in + r * n;
      float *o = out + r * n;
      if (r == 0 || r == n - 1) {
        std::copy(row, row + n, o);
        continue;
      }
      o[0] = row[0], o[n - 1] = row[n - 1];
#pragma omp simd
      for (size_t c = 1; c < n - 1; ++c)
        o[c] = stencil_c0 * row[c] + stencil_c1 * (row[c - n] + row[c + n] + row[c - 1] + row[c + 1]);
    }
  };
  double t = checked_median(
      o, [&] { std::fill(vout.begin(), vout.end(), poison_f); }, run, [&] { check_stencil(out, V); });
  report("stencil", V, t, 2.0 * n * n * sizeof(float) / 1e9, "GB/s");
}

void bench_conv2d(const options &o) {
  for (const conv_case &cc : conv_cases) {
    const conv_dims d = cc.d;
    const int ho = d.hout(), wo = d.wout();
    const std::vector<float> vin = make_input(d.in_size(), mm_a), vwt = make_input(d.weight_size(), mm_b);
    std::vector<float> vout(d.out_size());
    const float *in = vin.data(), *wt = vwt.data();
    float *out = vout.data();
    auto run = [&] {
      // Output rows over threads; each row accumulates weight * (shifted input
      // row) over the taps, the output columns in SIMD lanes, over just the
      // columns whose tap falls inside the image (padding is never read).
#pragma omp parallel for collapse(2) schedule(static)
      for (int oc = 0; oc < d.cout; ++oc)
        for (int oy = 0; oy < ho; ++oy) {
          float *orow = out + (size_t(oc) * ho + oy) * wo;
          std::fill(orow, orow + wo, 0.0f);
          for (int ic = 0; ic < d.cin; ++ic)
            for (int ky = 0; ky < d.k; ++ky) {
              const int iy = oy * d.stride - d.pad + ky;
              if (iy < 0 || iy >= d.h)
                continue;
              const float *irow = in + (size_t(ic) * d.h + iy) * d.w;
              for (int kx = 0; kx < d.k; ++kx) {
                const float wv = wt[((size_t(oc) * d.cin + ic) * d.k + ky) * d.k + kx];
                // 0 <= ox * stride - pad + kx < w
                const int lo = std::max(0, (d.pad - kx + d.stride - 1) / d.stride);
                const int hi = std::min(wo, (d.w - 1 + d.pad - kx) / d.stride + 1);
#pragma omp simd
                for (int ox = lo; ox < hi; ++ox)
                  orow[ox] += wv * irow[ox * d.stride - d.pad + kx];
              }
            }
        }
    };
    double t = checked_median(
        o, [&] { std::fill(vout.begin(), vout.end(), poison_f); }, run, [&] { check_conv2d(cc, out, V); });
    report(cc.name, V, t, d.flops() / 1e9, "GFLOP/s");
  }
}

// vector add, saxpy and reduction share their 2^26-float inputs.
void bench_streams(const options &o) {
  const size_t n = stream_n;
  std::vector<float> va(n), vb(n), vc(n); // zero-filled by the main thread, rewritten below
  float *a = va.data(), *b = vb.data(), *c = vc.data();
#pragma omp parallel for schedule(static) // the threads that use the data touch it first
  for (size_t i = 0; i < n; ++i)
    a[i] = in_a(i), b[i] = in_b(i), c[i] = 0.0f;

  if (wanted(o, "vector_add")) {
    double t = checked_median(
        o, [&] { std::fill(vc.begin(), vc.end(), poison_f); },
        [&] {
#pragma omp parallel for simd schedule(static)
          for (size_t i = 0; i < n; ++i)
            c[i] = a[i] + b[i];
        },
        [&] { verify_vector_add(c, n, V); });
    report("vector_add", V, t, 3.0 * n * sizeof(float) / 1e9, "GB/s");
  }
  if (wanted(o, "saxpy")) {
    // In place, so nothing to poison: the check counts the runs instead.
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
  if (wanted(o, "reduction")) {
    double sum = 0;
    double t = checked_median(
        o, [&] { sum = poison_f; },
        [&] {
          // Locals and a signed index: otherwise GCC 12 turns this simd reduction into gathers (7x slower).
          const float *x = a;
          const std::ptrdiff_t len = std::ptrdiff_t(n);
          float s = 0.0f;
#pragma omp parallel for simd schedule(static) reduction(+ : s)
          for (std::ptrdiff_t i = 0; i < len; ++i)
            s += x[i];
          sum = s;
        },
        [&] { verify_reduction(sum, n, V); });
    report("reduction", V, t, double(n) * sizeof(float) / 1e9, "GB/s");
  }
}

void bench_matmul(const options &o) {
  const size_t m = matmul_n;
  const std::vector<float> va = make_input(m * m, mm_a), vb = make_input(m * m, mm_b);
  std::vector<float> vc(m * m);
  const float *ma = va.data(), *mb = vb.data();
  float *mc = vc.data();
  auto run = [&] {
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
  };
  double t = checked_median(o, [&] { std::fill(vc.begin(), vc.end(), poison_f); }, run, [&] {
    if (!matmul_ok(mc, m))
      verify_failed("matmul", V, "wrong product");
  });
  report("matmul", V, t, 2.0 * m * m * m / 1e9, "GFLOP/s");
}

// The OpenMP analogue of an empty kernel launch: fork and join the team.
void bench_launch(const options &o) {
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

} // namespace

int main(int argc, char **argv) {
  options o = parse(argc, argv);
  std::printf("# OpenMP, %d threads\n", omp_get_max_threads());
  if (wanted(o, "vector_add") || wanted(o, "saxpy") || wanted(o, "reduction"))
    bench_streams(o);
  if (wanted(o, "matmul"))
    bench_matmul(o);
  if (wanted(o, "mandelbrot"))
    bench_mandelbrot(o);
  if (wanted(o, "nbody"))
    bench_nbody(o);
  if (wanted(o, "blackscholes"))
    bench_blackscholes(o);
  if (wanted(o, "stencil"))
    bench_stencil(o);
  if (wanted(o, "conv2d"))
    bench_conv2d(o);
  if (wanted(o, "launch"))
    bench_launch(o);
  return 0;
}
