// The GPU benchmarks in SYCL 2020, built with sporkle-cc for the Vulkan target
// and run on a Vulkan device (SPORKLE_DEVICE=vulkan:N, default: the best GPU).
// gpu_cases.hpp defines each problem, its work-group shape and the timing rule;
// glsl_bench.cpp and cuda_bench.cu run the same kernels as GLSL and CUDA.
//
//   sporkle-cc -O3 --sporkle-targets=cpu,vulkan bench/gpu/gpu_bench.cpp -o gpu_bench
//   ./gpu_bench [--reps=N] [--warmup=N] [--only=NAME]
#include <sycl/sycl.hpp>

#include "gpu_cases.hpp"
#include "../sycl_usm.hpp"

using namespace bench;
using namespace bench::gpu;
using namespace bench::usm;

namespace {

const char *const V = "sporkle";

// checked_median over runs of gpu_batch launches; returns seconds per launch.
template <typename Poison, typename Launch, typename Check>
double per_launch(sycl::queue &q, const options &o, Poison &&poison_outputs, Launch &&launch, Check &&check) {
  auto batch = [&] {
    for (int i = 0; i < gpu_batch; ++i)
      launch();
    q.wait();
  };
  return checked_median(o, poison_outputs, batch, check) / gpu_batch;
}

void mandelbrot_launch(sycl::queue &q, int *count) {
  q.parallel_for(sycl::nd_range<2>({mandel_h, mandel_w}, {mandel_wg_y, mandel_wg_x}), [=](sycl::nd_item<2> it) {
    const size_t py = it.get_global_id(0), px = it.get_global_id(1);
    const float cx = sycl::fma(float(px), mandel_step, mandel_x0);
    const float cy = sycl::fma(float(py), mandel_step, mandel_y0);
    float x = 0.0f, y = 0.0f;
    int n = 0;
    while (n < mandel_iters && sycl::fma(x, x, y * y) <= 4.0f) {
      const float xn = sycl::fma(x, x, sycl::fma(-y, y, cx));
      y = sycl::fma(2.0f * x, y, cy);
      x = xn;
      ++n;
    }
    count[py * mandel_w + px] = n;
  });
}

// Start-up: the first launch of a kernel creates its pipeline (or finds it in
// the on-disk pipeline cache); run.sh runs this twice, cold then warm.
void bench_first_launch(sycl::queue &q) {
  int *count = device_array<int>(q, mandel_w * mandel_h);
  double t0 = now();
  mandelbrot_launch(q, count);
  q.wait();
  report("first_launch", V, now() - t0, 0, "us");
  sycl::free(count, q);
}

void bench_mandelbrot(sycl::queue &q, const options &o) {
  int *count = device_array<int>(q, mandel_w * mandel_h);
  double t = per_launch(
      q, o, [&] { poison(q, count, mandel_w * mandel_h, poison_i); }, [&] { mandelbrot_launch(q, count); },
      [&] { check_mandelbrot(to_host(q, count, mandel_w * mandel_h).data(), V); });
  report("mandelbrot", V, t, double(mandel_w * mandel_h) / 1e6, "Mpixel/s");
  sycl::free(count, q);
}

void bench_triad(sycl::queue &q, const options &o) {
  const size_t n = triad_n;
  float *b = to_device(q, make_input(n, triad_b)), *c = to_device(q, make_input(n, triad_c));
  float *a = device_array<float>(q, n);
  if (wanted(o, "triad")) {
    double t = per_launch(
        q, o, [&] { poison(q, a, n, poison_f); },
        [&] {
          q.parallel_for(sycl::nd_range<1>(n, triad_wg), [=](sycl::nd_item<1> it) {
            const size_t i = it.get_global_id(0);
            a[i] = b[i] + triad_s * c[i];
          });
        },
        [&] { check_triad(to_host(q, a, n).data(), V); });
    report("triad", V, t, 12.0 * double(n) / 1e9, "GB/s");
  }
  if (wanted(o, "copy")) {
    double t = per_launch(
        q, o, [&] { poison(q, a, n, poison_f); }, [&] { q.memcpy(a, b, n * sizeof(float)); },
        [&] { check_copy(to_host(q, a, n).data(), V); });
    report("copy", V, t, 8.0 * double(n) / 1e9, "GB/s");
  }
  free_all(q, {a, b, c});
}

void bench_matmul(sycl::queue &q, const options &o) {
  constexpr size_t T = gpu_matmul_tile;
  const size_t m = gpu_matmul_n;
  float *da = to_device(q, make_input(m * m, mm_a)), *db = to_device(q, make_input(m * m, mm_b));
  float *dc = device_array<float>(q, m * m);
  auto launch = [&] {
    q.submit([&](sycl::handler &h) {
      sycl::local_accessor<float, 2> As({T, T}, h), Bs({T, T}, h);
      h.parallel_for(sycl::nd_range<2>({m, m}, {T, T}), [=](sycl::nd_item<2> it) {
        const size_t ly = it.get_local_id(0), lx = it.get_local_id(1);
        const size_t row = it.get_global_id(0), col = it.get_global_id(1);
        float sum = 0.0f;
        for (size_t k0 = 0; k0 < m; k0 += T) {
          As[ly][lx] = da[row * m + k0 + lx];
          Bs[ly][lx] = db[(k0 + ly) * m + col];
          sycl::group_barrier(it.get_group());
          for (size_t k = 0; k < T; ++k)
            sum += As[ly][k] * Bs[k][lx];
          sycl::group_barrier(it.get_group());
        }
        dc[row * m + col] = sum;
      });
    });
  };
  double t = per_launch(
      q, o, [&] { poison(q, dc, m * m, poison_f); }, launch,
      [&] {
        if (!matmul_ok(to_host(q, dc, m * m).data(), m))
          verify_failed("matmul", V, "wrong product");
      });
  report("matmul", V, t, 2.0 * double(m) * m * m / 1e9, "GFLOP/s");
  free_all(q, {da, db, dc});
}

// One work-group tree-reduces `per_item` in local memory; item 0 gets the sum.
template <size_t WG>
float group_tree_sum(sycl::nd_item<1> it, const sycl::local_accessor<float, 1> &scratch, float per_item) {
  const size_t t = it.get_local_id(0);
  scratch[t] = per_item;
  for (size_t stride = WG / 2; stride > 0; stride /= 2) {
    sycl::group_barrier(it.get_group());
    if (t < stride)
      scratch[t] += scratch[t + stride];
  }
  return scratch[0];
}

void bench_reduction(sycl::queue &q, const options &o) {
  constexpr size_t WG = gpu_reduce_wg, G = gpu_reduce_groups;
  const size_t n = reduce_n;
  float *in = to_device(q, make_input(n, in_a));
  float *partial = device_array<float>(q, G), *out = device_array<float>(q, 1);
  auto launch = [&] {
    q.submit([&](sycl::handler &h) {
      sycl::local_accessor<float, 1> scratch(WG, h);
      h.parallel_for(sycl::nd_range<1>(G * WG, WG), [=](sycl::nd_item<1> it) {
        float sum = 0.0f;
        for (size_t i = it.get_global_id(0); i < n; i += G * WG)
          sum += in[i];
        float total = group_tree_sum<WG>(it, scratch, sum);
        if (it.get_local_id(0) == 0)
          partial[it.get_group(0)] = total;
      });
    });
    q.submit([&](sycl::handler &h) {
      sycl::local_accessor<float, 1> scratch(G, h);
      h.parallel_for(sycl::nd_range<1>(G, G), [=](sycl::nd_item<1> it) {
        float total = group_tree_sum<G>(it, scratch, partial[it.get_local_id(0)]);
        if (it.get_local_id(0) == 0)
          out[0] = total;
      });
    });
  };
  double t = per_launch(
      q, o, [&] { poison(q, out, 1, poison_f); }, launch, [&] { check_reduce(to_host(q, out, 1)[0], V); });
  report("reduction", V, t, 4.0 * double(n) / 1e9, "GB/s");
  free_all(q, {in, partial, out});
}

void bench_conv2d(sycl::queue &q, const options &o) {
  for (const conv_case &cc : conv_cases) {
    const conv_dims d = cc.d;
    const int ho = d.hout(), wo = d.wout();
    float *in = to_device(q, make_input(d.in_size(), mm_a));
    float *wt = to_device(q, make_input(d.weight_size(), mm_b));
    float *out = device_array<float>(q, d.out_size());
    auto launch = [&] {
      q.parallel_for(sycl::nd_range<1>(d.out_size(), conv_wg), [=](sycl::nd_item<1> it) {
        const int i = int(it.get_global_id(0));
        const int ox = i % wo, oy = i / wo % ho, oc = i / (wo * ho);
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
        out[i] = sum;
      });
    };
    double t = per_launch(
        q, o, [&] { poison(q, out, d.out_size(), poison_f); }, launch,
        [&] { check_conv2d(cc, to_host(q, out, d.out_size()).data(), V); });
    report(cc.name, V, t, d.flops() / 1e9, "GFLOP/s");
    free_all(q, {in, wt, out});
  }
}

} // namespace

int main(int argc, char **argv) {
  options o = parse(argc, argv);
  sycl::queue q{sycl::default_selector_v, sycl::property::queue::in_order()};
  const sycl::device dev = q.get_device();
  std::printf("# device: %s, driver %s\n", dev.get_info<sycl::info::device::name>().c_str(),
              dev.get_info<sycl::info::device::driver_version>().c_str());
  if (wanted(o, "first_launch"))
    bench_first_launch(q);
  if (wanted(o, "triad") || wanted(o, "copy"))
    bench_triad(q, o);
  if (wanted(o, "matmul"))
    bench_matmul(q, o);
  if (wanted(o, "reduction"))
    bench_reduction(q, o);
  if (wanted(o, "mandelbrot"))
    bench_mandelbrot(q, o);
  if (wanted(o, "conv2d"))
    bench_conv2d(q, o);
  return 0;
}
