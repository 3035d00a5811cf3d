// The GPU benchmarks in CUDA C++, built with nvcc and run on an NVIDIA GPU:
// the CUDA peer of gpu_bench.cpp (sporkle SYCL on Vulkan) and glsl_bench.cpp.
// gpu_cases.hpp defines each problem, its work-group (block) shape, the timing
// rule and the checks; the kernels here are the same algorithms, written as a
// CUDA programmer would, so that only the compiler and runtime differ.
//
//   bench/gpu/build_cuda.sh OUTDIR   (nvcc -O3 -std=c++17 -arch=sm_90 ...)
//   OUTDIR/cuda_bench [--reps=N] [--warmup=N] [--only=NAME]
//
// Start-up is measured first: context_create is the first runtime call
// (cudaFree(0): driver and runtime initialisation, primary context creation);
// first_launch is the first mandelbrot launch + sync, which with CUDA's lazy
// module loading (the default; CUDA_MODULE_LOADING=EAGER moves it into
// context_create) includes loading that kernel.
#include <cuda_runtime.h>

#include "gpu_cases.hpp"

using namespace bench;
using namespace bench::gpu;

namespace {

const char *const V = "cuda";

void cuda_check(cudaError_t e, const char *what, const char *file, int line) {
  if (e != cudaSuccess) {
    std::fprintf(stderr, "%s:%d: %s: %s (%s)\n", file, line, what, cudaGetErrorString(e), cudaGetErrorName(e));
    std::exit(1);
  }
}
#define CK(call) cuda_check((call), #call, __FILE__, __LINE__)
// After every kernel launch: launch-configuration errors show up here.
#define CK_LAUNCH() cuda_check(cudaGetLastError(), "kernel launch", __FILE__, __LINE__)

template <typename T> T *device_array(size_t n) {
  T *d = nullptr;
  CK(cudaMalloc(&d, n * sizeof(T)));
  return d;
}
template <typename T> T *to_device(const std::vector<T> &h) {
  T *d = device_array<T>(h.size());
  CK(cudaMemcpy(d, h.data(), h.size() * sizeof(T), cudaMemcpyHostToDevice));
  return d;
}
template <typename T> std::vector<T> to_host(const T *d, size_t n) {
  std::vector<T> h(n);
  CK(cudaMemcpy(h.data(), d, n * sizeof(T), cudaMemcpyDeviceToHost));
  return h;
}
// All-ones bytes: NaN as a float (poison_f's job), -1 as an int (poison_i).
template <typename T> void poison(T *d, size_t n) {
  CK(cudaMemset(d, 0xff, n * sizeof(T)));
  CK(cudaDeviceSynchronize());
}
void free_all(std::initializer_list<void *> ps) {
  for (void *p : ps)
    CK(cudaFree(p));
}

// checked_median over runs of gpu_batch launches on the default stream and one
// cudaDeviceSynchronize; returns seconds per launch.
template <typename Poison, typename Launch, typename Check>
double per_launch(const options &o, Poison &&poison_outputs, Launch &&launch, Check &&check) {
  auto batch = [&] {
    for (int i = 0; i < gpu_batch; ++i)
      launch();
    CK(cudaDeviceSynchronize());
  };
  return checked_median(o, poison_outputs, batch, check) / gpu_batch;
}

// Every grid below covers its problem exactly; the bounds guards are the usual
// CUDA idiom and never fail.
static_assert(triad_n % triad_wg == 0, "triad grid");
static_assert(gpu_matmul_n % gpu_matmul_tile == 0, "matmul grid");
static_assert(mandel_w % mandel_wg_x == 0 && mandel_h % mandel_wg_y == 0, "mandelbrot grid");
static_assert((gpu_reduce_groups & (gpu_reduce_groups - 1)) == 0 && (gpu_reduce_wg & (gpu_reduce_wg - 1)) == 0,
              "tree reduction needs powers of two");

// ---------------------------------------------------------------------------
// Kernels.

// Every multiply-add an explicit fmaf, as harness.hpp's mandel_ref: the counts
// must match it exactly.
__global__ void mandelbrot_kernel(int *__restrict__ count) {
  const int px = blockIdx.x * blockDim.x + threadIdx.x;
  const int py = blockIdx.y * blockDim.y + threadIdx.y;
  if (px >= int(mandel_w) || py >= int(mandel_h))
    return;
  const float cx = fmaf(float(px), mandel_step, mandel_x0);
  const float cy = fmaf(float(py), mandel_step, mandel_y0);
  float x = 0.0f, y = 0.0f;
  int n = 0;
  while (n < mandel_iters && fmaf(x, x, y * y) <= 4.0f) {
    const float xn = fmaf(x, x, fmaf(-y, y, cx));
    y = fmaf(2.0f * x, y, cy);
    x = xn;
    ++n;
  }
  count[size_t(py) * mandel_w + px] = n;
}

__global__ void triad_kernel(float *__restrict__ a, const float *__restrict__ b, const float *__restrict__ c,
                             size_t n) {
  const size_t i = size_t(blockIdx.x) * blockDim.x + threadIdx.x;
  if (i < n)
    a[i] = b[i] + triad_s * c[i];
}

// C = A * B, n x n row-major; 16 x 16 blocks, one C element per thread, A and
// B staged through shared-memory tiles.
constexpr int MT = int(gpu_matmul_tile);
__global__ void matmul_kernel(const float *__restrict__ A, const float *__restrict__ B, float *__restrict__ C, int n) {
  __shared__ float As[MT][MT];
  __shared__ float Bs[MT][MT];
  const int tx = threadIdx.x, ty = threadIdx.y;
  const int row = blockIdx.y * MT + ty, col = blockIdx.x * MT + tx;
  float sum = 0.0f;
  for (int k0 = 0; k0 < n; k0 += MT) {
    As[ty][tx] = A[row * n + k0 + tx];
    Bs[ty][tx] = B[(k0 + ty) * n + col];
    __syncthreads();
    for (int k = 0; k < MT; ++k)
      sum += As[ty][k] * Bs[k][tx];
    __syncthreads();
  }
  C[row * n + col] = sum;
}

// Blocks of WG threads: thread t of block g sums in[i] for i = g*WG + t,
// stepping by the grid's size, then the block tree-reduces in shared memory
// and thread 0 writes out[g]. Launched twice per run: over the input in
// gpu_reduce_groups blocks of gpu_reduce_wg, then over the partial sums in one
// block of gpu_reduce_groups (one element per thread).
template <unsigned WG> __global__ void reduce_kernel(const float *__restrict__ in, size_t n, float *__restrict__ out) {
  __shared__ float s[WG];
  const unsigned t = threadIdx.x;
  float sum = 0.0f;
  for (size_t i = size_t(blockIdx.x) * WG + t; i < n; i += size_t(gridDim.x) * WG)
    sum += in[i];
  s[t] = sum;
  __syncthreads();
  for (unsigned stride = WG / 2; stride > 0; stride /= 2) {
    if (t < stride)
      s[t] += s[t + stride];
    __syncthreads();
  }
  if (t == 0)
    out[blockIdx.x] = s[0];
}

// NCHW, batch 1, no bias; one output element per thread over a 1-D grid:
// i -> (oc, oy, ox) as gpu_cases.hpp says.
__global__ void conv2d_kernel(const float *__restrict__ in, const float *__restrict__ wt, float *__restrict__ out,
                              conv_dims d, int ho, int wo) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= d.cout * ho * wo)
    return;
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
}

// ---------------------------------------------------------------------------
// Benchmarks.

void mandelbrot_launch(int *count) {
  const dim3 block(mandel_wg_x, mandel_wg_y), grid(mandel_w / mandel_wg_x, mandel_h / mandel_wg_y);
  mandelbrot_kernel<<<grid, block>>>(count);
  CK_LAUNCH();
}

// The very first kernel launch + sync: loads the module (lazily, by default).
void bench_first_launch() {
  int *count = device_array<int>(mandel_w * mandel_h);
  const double t0 = now();
  mandelbrot_launch(count);
  CK(cudaDeviceSynchronize());
  const double t = now() - t0;
  report("first_launch", V, t, 0, "us");
  free_all({count});
}

void bench_mandelbrot(const options &o) {
  int *count = device_array<int>(mandel_w * mandel_h);
  double t = per_launch(
      o, [&] { poison(count, mandel_w * mandel_h); }, [&] { mandelbrot_launch(count); },
      [&] { check_mandelbrot(to_host(count, mandel_w * mandel_h).data(), V); });
  report("mandelbrot", V, t, double(mandel_w * mandel_h) / 1e6, "Mpixel/s");
  free_all({count});
}

void bench_triad(const options &o) {
  const size_t n = triad_n;
  float *b = to_device(make_input(n, triad_b)), *c = to_device(make_input(n, triad_c));
  float *a = device_array<float>(n);
  if (wanted(o, "triad")) {
    double t = per_launch(
        o, [&] { poison(a, n); },
        [&] {
          triad_kernel<<<unsigned(n / triad_wg), unsigned(triad_wg)>>>(a, b, c, n);
          CK_LAUNCH();
        },
        [&] { check_triad(to_host(a, n).data(), V); });
    report("triad", V, t, 12.0 * double(n) / 1e9, "GB/s");
  }
  if (wanted(o, "triad") || wanted(o, "copy")) {
    const char *const CV = "cudacopy";
    double t = per_launch(
        o, [&] { poison(a, n); },
        [&] { CK(cudaMemcpyAsync(a, b, n * sizeof(float), cudaMemcpyDeviceToDevice, 0)); },
        [&] { check_copy(to_host(a, n).data(), CV); });
    report("copy", CV, t, 8.0 * double(n) / 1e9, "GB/s");
  }
  free_all({a, b, c});
}

void bench_matmul(const options &o) {
  const size_t m = gpu_matmul_n;
  float *da = to_device(make_input(m * m, mm_a)), *db = to_device(make_input(m * m, mm_b));
  float *dc = device_array<float>(m * m);
  const dim3 block(MT, MT), grid(unsigned(m / MT), unsigned(m / MT));
  double t = per_launch(
      o, [&] { poison(dc, m * m); },
      [&] {
        matmul_kernel<<<grid, block>>>(da, db, dc, int(m));
        CK_LAUNCH();
      },
      [&] {
        if (!matmul_ok(to_host(dc, m * m).data(), m))
          verify_failed("matmul", V, "wrong product");
      });
  report("matmul", V, t, 2.0 * double(m) * m * m / 1e9, "GFLOP/s");
  free_all({da, db, dc});
}

void bench_reduction(const options &o) {
  constexpr unsigned WG = gpu_reduce_wg, G = gpu_reduce_groups;
  const size_t n = reduce_n;
  float *in = to_device(make_input(n, in_a));
  float *partial = device_array<float>(G), *out = device_array<float>(1);
  double t = per_launch(
      o,
      [&] {
        poison(partial, G);
        poison(out, 1);
      },
      [&] {
        reduce_kernel<WG><<<G, WG>>>(in, n, partial);
        CK_LAUNCH();
        reduce_kernel<G><<<1, G>>>(partial, G, out);
        CK_LAUNCH();
      },
      [&] { check_reduce(to_host(out, 1)[0], V); });
  report("reduction", V, t, 4.0 * double(n) / 1e9, "GB/s");
  free_all({in, partial, out});
}

void bench_conv2d(const options &o) {
  for (const conv_case &cc : conv_cases) {
    const conv_dims d = cc.d;
    const int ho = d.hout(), wo = d.wout();
    const size_t total = d.out_size();
    if (total % conv_wg != 0)
      verify_failed(cc.name, V, "output size not a multiple of the block size");
    float *in = to_device(make_input(d.in_size(), mm_a));
    float *wt = to_device(make_input(d.weight_size(), mm_b));
    float *out = device_array<float>(total);
    double t = per_launch(
        o, [&] { poison(out, total); },
        [&] {
          conv2d_kernel<<<unsigned(total / conv_wg), unsigned(conv_wg)>>>(in, wt, out, d, ho, wo);
          CK_LAUNCH();
        },
        [&] { check_conv2d(cc, to_host(out, total).data(), V); });
    report(cc.name, V, t, d.flops() / 1e9, "GFLOP/s");
    free_all({in, wt, out});
  }
}

} // namespace

int main(int argc, char **argv) {
  options o = parse(argc, argv);
  // Before any other CUDA call: the first one initialises the driver and the
  // runtime and creates the primary context.
  const double t0 = now();
  CK(cudaFree(0));
  const double t_context = now() - t0;

  int dev = 0, driver = 0, runtime = 0;
  CK(cudaGetDevice(&dev));
  cudaDeviceProp prop;
  CK(cudaGetDeviceProperties(&prop, dev));
  CK(cudaDriverGetVersion(&driver));
  CK(cudaRuntimeGetVersion(&runtime));
  std::printf("# device: %s, sm_%d%d, driver %d.%d, runtime %d.%d\n", prop.name, prop.major, prop.minor,
              driver / 1000, driver % 1000 / 10, runtime / 1000, runtime % 1000 / 10);
  std::fflush(stdout);

  if (wanted(o, "context_create") || wanted(o, "first_launch")) {
    report("context_create", V, t_context, 0, "us");
    bench_first_launch();
  }
  if (wanted(o, "triad") || wanted(o, "copy"))
    bench_triad(o);
  if (wanted(o, "matmul"))
    bench_matmul(o);
  if (wanted(o, "reduction"))
    bench_reduction(o);
  if (wanted(o, "mandelbrot"))
    bench_mandelbrot(o);
  if (wanted(o, "conv2d"))
    bench_conv2d(o);
  return 0;
}
