// The benchmark kernels in SYCL 2020, built with sporkle-cc and run on
// sporkle's CPU device (SPORKLE_DEVICE=cpu). Data lives in USM device
// allocations, as the OpenCL variant's data lives in cl_mem buffers.
#include <sycl/sycl.hpp>

#include "harness.hpp"

using namespace bench;

int main(int argc, char **argv) {
  options o = parse(argc, argv);
  const char *V = "sporkle";
  sycl::queue q;
  std::printf("# sporkle: %s, %u compute units\n", q.get_device().get_info<sycl::info::device::name>().c_str(),
              unsigned(q.get_device().get_info<sycl::info::device::max_compute_units>()));

  const size_t n = stream_n;
  std::vector<float> ha(n), hb(n), hc(n);
  for (size_t i = 0; i < n; ++i)
    ha[i] = in_a(i), hb[i] = in_b(i);
  float *a = sycl::malloc_device<float>(n, q), *b = sycl::malloc_device<float>(n, q);
  float *c = sycl::malloc_device<float>(n, q);
  q.memcpy(a, ha.data(), n * 4).wait();
  q.memcpy(b, hb.data(), n * 4).wait();

  if (wanted(o, "vector_add")) {
    double t = time_median(o.warmup, o.reps, [&] {
      q.parallel_for(sycl::range<1>(n), [=](sycl::id<1> i) { c[i] = a[i] + b[i]; }).wait();
    });
    q.memcpy(hc.data(), c, n * 4).wait();
    verify_vector_add(hc.data(), n, V);
    report("vector_add", V, t, 3.0 * n * sizeof(float) / 1e9, "GB/s");
  }
  if (wanted(o, "saxpy")) {
    const float s = 0.5f;
    q.memcpy(c, hb.data(), n * 4).wait();
    double t = time_median(o.warmup, o.reps, [&] {
      q.parallel_for(sycl::range<1>(n), [=](sycl::id<1> i) { c[i] = s * a[i] + c[i]; }).wait();
    });
    q.memcpy(hc.data(), c, n * 4).wait();
    verify_saxpy(hc.data(), n, s, o.warmup + o.reps, V);
    report("saxpy", V, t, 3.0 * n * sizeof(float) / 1e9, "GB/s");
  }
  if (wanted(o, "matmul")) {
    constexpr size_t T = matmul_tile;
    const size_t m = matmul_n;
    std::vector<float> ma(m * m), mb(m * m), mc(m * m);
    for (size_t i = 0; i < m * m; ++i)
      ma[i] = mm_a(i), mb[i] = mm_b(i);
    float *da = sycl::malloc_device<float>(m * m, q), *db = sycl::malloc_device<float>(m * m, q);
    float *dc = sycl::malloc_device<float>(m * m, q);
    q.memcpy(da, ma.data(), m * m * 4).wait();
    q.memcpy(db, mb.data(), m * m * 4).wait();
    double t = time_median(o.warmup, o.reps, [&] {
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
    });
    q.memcpy(mc.data(), dc, m * m * 4).wait();
    if (!matmul_ok(mc.data(), m))
      verify_failed("matmul", V, "wrong product");
    report("matmul", V, t, 2.0 * m * m * m / 1e9, "GFLOP/s");
    sycl::free(da, q), sycl::free(db, q), sycl::free(dc, q);
  }
  if (wanted(o, "reduction")) {
    constexpr size_t WG = reduce_wg;
    float *partial = sycl::malloc_device<float>(reduce_groups, q);
    std::vector<float> parts(reduce_groups);
    double sum = 0;
    double t = time_median(o.warmup, o.reps, [&] {
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
    });
    verify_reduction(sum, n, V);
    report("reduction", V, t, double(n) * sizeof(float) / 1e9, "GB/s");
    sycl::free(partial, q);
  }
  if (wanted(o, "launch")) {
    // Empty kernel, submit + wait, timed one round trip at a time; on the
    // default queue and on an in-order queue.
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
  sycl::free(a, q), sycl::free(b, q), sycl::free(c, q);
  return 0;
}
