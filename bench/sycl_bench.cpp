// The benchmark kernels in SYCL 2020, built with sporkle-cc and run on
// sporkle's CPU device (SPORKLE_DEVICE=cpu). Data lives in USM device
// allocations, as the OpenCL variant's data lives in cl_mem buffers.
//
// run.sh builds this file several times with different flags; the build names
// its variant with -DSPORKLE_BENCH_VARIANT=<name> (default: vectorized).
#include <sycl/sycl.hpp>

#include "harness.hpp"
#include "sycl_usm.hpp"

#ifndef SPORKLE_BENCH_VARIANT
#define SPORKLE_BENCH_VARIANT vectorized
#endif
#define SPORKLE_BENCH_STR2(x) #x
#define SPORKLE_BENCH_STR(x) SPORKLE_BENCH_STR2(x)

using namespace bench;
using namespace bench::usm;

namespace {

const char *const V = SPORKLE_BENCH_STR(SPORKLE_BENCH_VARIANT);

void bench_mandelbrot(sycl::queue &q, const options &o) {
  int *count = device_array<int>(q, mandel_w * mandel_h);
  auto run = [&] {
    q.parallel_for(sycl::range<2>(mandel_h, mandel_w), [=](sycl::id<2> p) {
      const float cx = sycl::fma(float(p[1]), mandel_step, mandel_x0);
      const float cy = sycl::fma(float(p[0]), mandel_step, mandel_y0);
      float x = 0.0f, y = 0.0f;
      int n = 0;
      while (n < mandel_iters && sycl::fma(x, x, y * y) <= 4.0f) {
        const float xn = sycl::fma(x, x, sycl::fma(-y, y, cx));
        y = sycl::fma(2.0f * x, y, cy);
        x = xn;
        ++n;
      }
      count[p[0] * mandel_w + p[1]] = n;
    }).wait();
  };
  double t = checked_median(
      o, [&] { poison(q, count, mandel_w * mandel_h, poison_i); }, run,
      [&] { check_mandelbrot(to_host(q, count, mandel_w * mandel_h).data(), V); });
  report("mandelbrot", V, t, double(mandel_w * mandel_h) / 1e6, "Mpixel/s");
  sycl::free(count, q);
}

void bench_nbody(sycl::queue &q, const options &o) {
  const size_t n = nbody_n;
  float *x = to_device(q, make_input(n, [](size_t i) { return nbody_pos(i, 0); }));
  float *y = to_device(q, make_input(n, [](size_t i) { return nbody_pos(i, 1); }));
  float *z = to_device(q, make_input(n, [](size_t i) { return nbody_pos(i, 2); }));
  float *m = to_device(q, make_input(n, nbody_mass));
  float *ax = device_array<float>(q, n), *ay = device_array<float>(q, n);
  float *az = device_array<float>(q, n);
  auto run = [&] {
    q.parallel_for(sycl::range<1>(n), [=](sycl::id<1> id) {
      const size_t i = id[0];
      const float xi = x[i], yi = y[i], zi = z[i];
      float sx = 0.0f, sy = 0.0f, sz = 0.0f;
      for (size_t j = 0; j < n; ++j) {
        const float dx = x[j] - xi, dy = y[j] - yi, dz = z[j] - zi;
        const float inv = sycl::rsqrt(dx * dx + dy * dy + dz * dz + nbody_eps2);
        const float s = m[j] * inv * inv * inv;
        sx += dx * s, sy += dy * s, sz += dz * s;
      }
      ax[i] = sx, ay[i] = sy, az[i] = sz;
    }).wait();
  };
  double t = checked_median(
      o,
      [&] {
        poison(q, ax, n, poison_f);
        poison(q, ay, n, poison_f);
        poison(q, az, n, poison_f);
      },
      run,
      [&] { check_nbody(to_host(q, ax, n).data(), to_host(q, ay, n).data(), to_host(q, az, n).data(), V); });
  report("nbody", V, t, 20.0 * n * n / 1e9, "GFLOP/s");
  free_all(q, {x, y, z, m, ax, ay, az});
}

// The normal CDF by the Abramowitz-Stegun polynomial (called from the kernel).
float cnd(float d) {
  const float k = 1.0f / (1.0f + 0.2316419f * sycl::fabs(d));
  const float c = bs_rsqrt2pi * sycl::exp(-0.5f * d * d) *
                  (k * (bs_a1 + k * (bs_a2 + k * (bs_a3 + k * (bs_a4 + k * bs_a5)))));
  return d > 0.0f ? 1.0f - c : c;
}

void bench_blackscholes(sycl::queue &q, const options &o) {
  const size_t n = bs_n;
  float *price = to_device(q, make_input(n, bs_price)), *strike = to_device(q, make_input(n, bs_strike));
  float *years = to_device(q, make_input(n, bs_years));
  float *call = device_array<float>(q, n), *put = device_array<float>(q, n);
  auto run = [&] {
    q.parallel_for(sycl::range<1>(n), [=](sycl::id<1> id) {
      const size_t i = id[0];
      const float s = price[i], x = strike[i], t = years[i];
      const float sqrt_t = sycl::sqrt(t);
      const float d1 = (sycl::log(s / x) + (bs_r + 0.5f * bs_v * bs_v) * t) / (bs_v * sqrt_t);
      const float d2 = d1 - bs_v * sqrt_t;
      const float c1 = cnd(d1), c2 = cnd(d2), xe = x * sycl::exp(-bs_r * t);
      call[i] = s * c1 - xe * c2;
      put[i] = xe * (1.0f - c2) - s * (1.0f - c1);
    }).wait();
  };
  double t = checked_median(
      o,
      [&] {
        poison(q, call, n, poison_f);
        poison(q, put, n, poison_f);
      },
      run,
      [&] { check_blackscholes(to_host(q, call, n).data(), to_host(q, put, n).data(), V); });
  report("blackscholes", V, t, double(n) / 1e6, "Moptions/s");
  free_all(q, {price, strike, years, call, put});
}

void bench_stencil(sycl::queue &q, const options &o) {
  const size_t n = stencil_n;
  float *in = to_device(q, make_input(n * n, stencil_in));
  float *out = device_array<float>(q, n * n);
  auto run = [&] {
    q.parallel_for(sycl::range<2>(n, n), [=](sycl::id<2> p) {
      const size_t r = p[0], c = p[1], i = r * n + c;
      if (r == 0 || c == 0 || r == n - 1 || c == n - 1)
        out[i] = in[i];
      else
        out[i] = stencil_c0 * in[i] + stencil_c1 * (in[i - n] + in[i + n] + in[i - 1] + in[i + 1]);
    }).wait();
  };
  double t = checked_median(
      o, [&] { poison(q, out, n * n, poison_f); }, run, [&] { check_stencil(to_host(q, out, n * n).data(), V); });
  report("stencil", V, t, 2.0 * n * n * sizeof(float) / 1e9, "GB/s");
  free_all(q, {in, out});
}

void bench_conv2d(sycl::queue &q, const options &o) {
  for (const conv_case &cc : conv_cases) {
    const conv_dims d = cc.d;
    const int ho = d.hout(), wo = d.wout();
    float *in = to_device(q, make_input(d.in_size(), mm_a));
    float *wt = to_device(q, make_input(d.weight_size(), mm_b));
    float *out = device_array<float>(q, d.out_size());
    auto run = [&] {
      q.parallel_for(sycl::range<3>(d.cout, ho, wo), [=](sycl::id<3> p) {
        const int oc = int(p[0]), oy = int(p[1]), ox = int(p[2]);
        float sum = 0.0f;
        for (int ic = 0; ic < d.cin; ++ic)
          for (int ky = 0; ky < d.k; ++ky) {
            const int iy = oy * d.stride - d.pad + ky;
            if (iy < 0 || iy >= d.h)
              continue;
            for (int kx = 0; kx < d.k; ++kx) {
              const int ix = ox * d.stride - d.pad + kx;
              if (ix >= 0 && ix < d.w)
                sum += in[(ic * d.h + iy) * d.w + ix] * wt[((oc * d.cin + ic) * d.k + ky) * d.k + kx];
            }
          }
        out[(oc * ho + oy) * wo + ox] = sum;
      }).wait();
    };
    double t = checked_median(
        o, [&] { poison(q, out, d.out_size(), poison_f); }, run,
        [&] { check_conv2d(cc, to_host(q, out, d.out_size()).data(), V); });
    report(cc.name, V, t, d.flops() / 1e9, "GFLOP/s");
    free_all(q, {in, wt, out});
  }
}

// vector add, saxpy and reduction share their 2^26-float inputs.
void bench_streams(sycl::queue &q, const options &o) {
  const size_t n = stream_n;
  std::vector<float> ha(n), hb(n), hc(n);
  for (size_t i = 0; i < n; ++i)
    ha[i] = in_a(i), hb[i] = in_b(i);
  float *a = device_array<float>(q, n), *b = device_array<float>(q, n);
  float *c = device_array<float>(q, n);
  q.memcpy(a, ha.data(), n * 4).wait();
  q.memcpy(b, hb.data(), n * 4).wait();

  if (wanted(o, "vector_add")) {
    double t = checked_median(
        o, [&] { poison(q, c, n, poison_f); },
        [&] { q.parallel_for(sycl::range<1>(n), [=](sycl::id<1> i) { c[i] = a[i] + b[i]; }).wait(); },
        [&] {
          q.memcpy(hc.data(), c, n * 4).wait();
          verify_vector_add(hc.data(), n, V);
        });
    report("vector_add", V, t, 3.0 * n * sizeof(float) / 1e9, "GB/s");
  }
  if (wanted(o, "saxpy")) {
    // In place, so nothing to poison: the check counts the runs instead.
    const float s = 0.5f;
    q.memcpy(c, hb.data(), n * 4).wait();
    double t = time_median(o.warmup, o.reps, [&] {
      q.parallel_for(sycl::range<1>(n), [=](sycl::id<1> i) { c[i] = s * a[i] + c[i]; }).wait();
    });
    q.memcpy(hc.data(), c, n * 4).wait();
    verify_saxpy(hc.data(), n, s, o.warmup + o.reps, V);
    report("saxpy", V, t, 3.0 * n * sizeof(float) / 1e9, "GB/s");
  }
  if (wanted(o, "reduction")) {
    constexpr size_t WG = reduce_wg;
    float *partial = device_array<float>(q, reduce_groups);
    std::vector<float> parts(reduce_groups);
    double sum = 0;
    double t = checked_median(
        o, [&] { poison(q, partial, reduce_groups, poison_f); },
        [&] {
          sycl::event e = q.submit([&](sycl::handler &h) {
            sycl::local_accessor<float, 1> s(sycl::range<1>(WG), h);
            h.parallel_for(sycl::nd_range<1>(sycl::range<1>(WG * reduce_groups), sycl::range<1>(WG)),
                           [=](sycl::nd_item<1> it) {
              size_t l = it.get_local_id(0), stride = it.get_global_range(0);
              float acc = 0.0f;
              for (size_t i = it.get_global_id(0); i < n; i += stride)
                acc += a[i];
              s[l] = acc;
              for (size_t h = WG / 2; h > 0; h /= 2) {
                sycl::group_barrier(it.get_group());
                if (l < h)
                  s[l] += s[l + h];
              }
              if (l == 0)
                partial[it.get_group(0)] = s[0];
            });
          });
          q.memcpy(parts.data(), partial, reduce_groups * 4, e).wait(); // the round trip ends here
          sum = 0;
          for (float p : parts)
            sum += p;
        },
        [&] { verify_reduction(sum, n, V); });
    report("reduction", V, t, double(n) * sizeof(float) / 1e9, "GB/s");
    sycl::free(partial, q);
  }
  free_all(q, {a, b, c});
}

void bench_matmul(sycl::queue &q, const options &o) {
  constexpr size_t T = matmul_tile;
  const size_t m = matmul_n;
  float *da = to_device(q, make_input(m * m, mm_a)), *db = to_device(q, make_input(m * m, mm_b));
  float *dc = device_array<float>(q, m * m);
  auto run = [&] {
    q.submit([&](sycl::handler &h) {
      sycl::local_accessor<float, 2> ta(sycl::range<2>(T, T), h), tb(sycl::range<2>(T, T), h);
      h.parallel_for(sycl::nd_range<2>({m, m}, {T, T}), [=](sycl::nd_item<2> it) {
        size_t r = it.get_local_id(0), col = it.get_local_id(1);
        size_t i = it.get_global_id(0), j = it.get_global_id(1);
        float sum = 0.0f;
        for (size_t k0 = 0; k0 < m; k0 += T) {
          ta[r][col] = da[i * m + k0 + col];
          tb[r][col] = db[(k0 + r) * m + j];
          sycl::group_barrier(it.get_group());
          for (size_t k = 0; k < T; ++k)
            sum += ta[r][k] * tb[k][col];
          sycl::group_barrier(it.get_group());
        }
        dc[i * m + j] = sum;
      });
    }).wait();
  };
  double t = checked_median(o, [&] { poison(q, dc, m * m, poison_f); }, run, [&] {
    if (!matmul_ok(to_host(q, dc, m * m).data(), m))
      verify_failed("matmul", V, "wrong product");
  });
  report("matmul", V, t, 2.0 * m * m * m / 1e9, "GFLOP/s");
  free_all(q, {da, db, dc});
}

// Empty kernel, submit + wait, timed one round trip at a time; on the default
// queue and on an in-order queue.
void bench_launch(sycl::queue &q, const options &o) {
  sycl::queue inorder{sycl::property::queue::in_order()};
  for (sycl::queue *qq : {&q, &inorder}) {
    std::vector<double> ts;
    for (int r = 0; r < o.launches + 100; ++r) {
      double t0 = now();
      qq->single_task([=] {}).wait();
      if (r >= 100)
        ts.push_back(now() - t0);
    }
    report(qq == &q ? "launch" : "launch_in_order", V, median(ts), 0, "us");
  }
}

} // namespace

int main(int argc, char **argv) {
  options o = parse(argc, argv);
  sycl::queue q;
  std::printf("# sporkle: %s, %u compute units\n", q.get_device().get_info<sycl::info::device::name>().c_str(),
              unsigned(q.get_device().get_info<sycl::info::device::max_compute_units>()));
  if (wanted(o, "vector_add") || wanted(o, "saxpy") || wanted(o, "reduction"))
    bench_streams(q, o);
  if (wanted(o, "matmul"))
    bench_matmul(q, o);
  if (wanted(o, "mandelbrot"))
    bench_mandelbrot(q, o);
  if (wanted(o, "nbody"))
    bench_nbody(q, o);
  if (wanted(o, "blackscholes"))
    bench_blackscholes(q, o);
  if (wanted(o, "stencil"))
    bench_stencil(q, o);
  if (wanted(o, "conv2d"))
    bench_conv2d(q, o);
  if (wanted(o, "launch"))
    bench_launch(q, o);
  return 0;
}
