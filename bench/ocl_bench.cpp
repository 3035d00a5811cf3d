// The benchmark kernels (kernels.cl) run through OpenCL on PoCL's CPU device.
// Build: g++ -O2 ocl_bench.cpp -lOpenCL. Picks the platform whose name or
// vendor mentions "pocl" (any CPU platform otherwise).
#define CL_TARGET_OPENCL_VERSION 120
#include <CL/cl.h>

#include <fstream>
#include <sstream>

#include "harness.hpp"

using namespace bench;

namespace {

void ok(cl_int err, const char *what) {
  if (err != CL_SUCCESS) {
    std::fprintf(stderr, "OpenCL error %d in %s\n", err, what);
    std::exit(1);
  }
}

std::string lower(std::string s) {
  for (auto &c : s)
    c = char(std::tolower(c));
  return s;
}

cl_device_id pick_device(std::string &name) {
  cl_uint np = 0;
  ok(clGetPlatformIDs(0, nullptr, &np), "clGetPlatformIDs");
  std::vector<cl_platform_id> ps(np);
  ok(clGetPlatformIDs(np, ps.data(), nullptr), "clGetPlatformIDs");
  cl_device_id best = nullptr;
  for (auto p : ps) {
    char pname[256] = {}, vendor[256] = {};
    clGetPlatformInfo(p, CL_PLATFORM_NAME, sizeof pname, pname, nullptr);
    clGetPlatformInfo(p, CL_PLATFORM_VENDOR, sizeof vendor, vendor, nullptr);
    cl_device_id d;
    if (clGetDeviceIDs(p, CL_DEVICE_TYPE_CPU, 1, &d, nullptr) != CL_SUCCESS)
      continue;
    bool pocl = lower(pname).find("pocl") != std::string::npos || lower(vendor).find("pocl") != std::string::npos ||
                lower(pname).find("portable") != std::string::npos;
    if (pocl || !best) {
      best = d;
      name = std::string(pname) + " / ";
      char dname[256] = {};
      clGetDeviceInfo(d, CL_DEVICE_NAME, sizeof dname, dname, nullptr);
      name += dname;
      if (pocl)
        break;
    }
  }
  if (!best) {
    std::fprintf(stderr, "no OpenCL CPU device found (is pocl-opencl-icd installed?)\n");
    std::exit(1);
  }
  return best;
}

// The OpenCL objects every benchmark uses, with small helpers around them.
struct cl_env {
  cl_context ctx;
  cl_command_queue q;
  cl_program prog;

  cl_kernel kernel(const char *name) const {
    cl_int err;
    cl_kernel k = clCreateKernel(prog, name, &err);
    ok(err, name);
    return k;
  }
  cl_mem buffer(size_t bytes) const {
    cl_int err;
    cl_mem m = clCreateBuffer(ctx, CL_MEM_READ_WRITE, bytes, nullptr, &err);
    ok(err, "clCreateBuffer");
    return m;
  }
  template <typename T> cl_mem upload(const std::vector<T> &h) const {
    cl_mem m = buffer(h.size() * sizeof(T));
    ok(clEnqueueWriteBuffer(q, m, CL_TRUE, 0, h.size() * sizeof(T), h.data(), 0, nullptr, nullptr), "write");
    return m;
  }
  template <typename T> void read(cl_mem m, size_t count, T *dst) const {
    ok(clEnqueueReadBuffer(q, m, CL_TRUE, 0, count * sizeof(T), dst, 0, nullptr, nullptr), "read");
  }
  template <typename T> std::vector<T> download(cl_mem m, size_t count) const {
    std::vector<T> h(count);
    read(m, count, h.data());
    return h;
  }
  template <typename T> void poison(cl_mem m, size_t count, T value) const {
    ok(clEnqueueFillBuffer(q, m, &value, sizeof value, 0, count * sizeof(T), 0, nullptr, nullptr), "fill");
    ok(clFinish(q), "clFinish");
  }
  // Enqueues k and waits: one round trip.
  void run(cl_kernel k, cl_uint dims, const size_t *global, const size_t *local) const {
    ok(clEnqueueNDRangeKernel(q, k, dims, nullptr, global, local, 0, nullptr, nullptr), "enqueue");
    ok(clFinish(q), "clFinish");
  }
};

template <typename... A> void set_args(cl_kernel k, const A &...args) {
  cl_uint i = 0;
  (ok(clSetKernelArg(k, i++, sizeof(A), &args), "clSetKernelArg"), ...);
}
void release(std::initializer_list<cl_mem> ms) {
  for (cl_mem m : ms)
    clReleaseMemObject(m);
}

const char *const V = "pocl";

// vector add, saxpy and reduction share their 2^26-float inputs.
void bench_streams(const cl_env &cl, const options &o) {
  const size_t n = stream_n;
  std::vector<float> ha(n), hb(n), hc(n);
  for (size_t i = 0; i < n; ++i)
    ha[i] = in_a(i), hb[i] = in_b(i);
  cl_mem a = cl.upload(ha), b = cl.upload(hb), c = cl.buffer(n * 4);

  if (wanted(o, "vector_add")) {
    cl_kernel k = cl.kernel("vector_add");
    set_args(k, a, b, c);
    double t = checked_median(
        o, [&] { cl.poison(c, n, poison_f); }, [&] { cl.run(k, 1, &n, nullptr); },
        [&] {
          cl.read(c, n, hc.data());
          verify_vector_add(hc.data(), n, V);
        });
    report("vector_add", V, t, 3.0 * n * sizeof(float) / 1e9, "GB/s");
  }
  if (wanted(o, "saxpy")) {
    // In place, so nothing to poison: the check counts the runs instead.
    const float s = 0.5f;
    ok(clEnqueueWriteBuffer(cl.q, c, CL_TRUE, 0, n * 4, hb.data(), 0, nullptr, nullptr), "write c");
    cl_kernel k = cl.kernel("saxpy");
    set_args(k, s, a, c);
    double t = time_median(o.warmup, o.reps, [&] { cl.run(k, 1, &n, nullptr); });
    cl.read(c, n, hc.data());
    verify_saxpy(hc.data(), n, s, o.warmup + o.reps, V);
    report("saxpy", V, t, 3.0 * n * sizeof(float) / 1e9, "GB/s");
  }
  if (wanted(o, "reduction")) {
    cl_mem partial = cl.buffer(reduce_groups * 4);
    cl_kernel k = cl.kernel("reduce");
    set_args(k, a, partial, cl_uint(n));
    ok(clSetKernelArg(k, 3, reduce_wg * sizeof(float), nullptr), "local memory");
    const size_t global = reduce_wg * reduce_groups, local = reduce_wg;
    std::vector<float> parts(reduce_groups);
    double sum = 0;
    double t = checked_median(
        o, [&] { cl.poison(partial, reduce_groups, poison_f); },
        [&] {
          ok(clEnqueueNDRangeKernel(cl.q, k, 1, nullptr, &global, &local, 0, nullptr, nullptr), "enqueue");
          cl.read(partial, reduce_groups, parts.data()); // blocking read: the round trip ends here
          sum = 0;
          for (float p : parts)
            sum += p;
        },
        [&] { verify_reduction(sum, n, V); });
    report("reduction", V, t, double(n) * sizeof(float) / 1e9, "GB/s");
    release({partial});
  }
  release({a, b, c});
}

void bench_matmul(const cl_env &cl, const options &o) {
  const size_t m = matmul_n;
  cl_mem da = cl.upload(make_input(m * m, mm_a)), db = cl.upload(make_input(m * m, mm_b));
  cl_mem dc = cl.buffer(m * m * 4);
  cl_kernel k = cl.kernel("matmul");
  set_args(k, da, db, dc, cl_uint(m));
  const size_t global[2] = {m, m}, local[2] = {matmul_tile, matmul_tile};
  double t = checked_median(
      o, [&] { cl.poison(dc, m * m, poison_f); }, [&] { cl.run(k, 2, global, local); },
      [&] {
        if (!matmul_ok(cl.download<float>(dc, m * m).data(), m))
          verify_failed("matmul", V, "wrong product");
      });
  report("matmul", V, t, 2.0 * m * m * m / 1e9, "GFLOP/s");
  release({da, db, dc});
}

void bench_mandelbrot(const cl_env &cl, const options &o) {
  const size_t n = mandel_w * mandel_h, global[2] = {mandel_w, mandel_h};
  cl_mem count = cl.buffer(n * sizeof(int));
  cl_kernel k = cl.kernel("mandelbrot");
  set_args(k, count, mandel_x0, mandel_y0, mandel_step, mandel_iters);
  double t = checked_median(
      o, [&] { cl.poison(count, n, poison_i); }, [&] { cl.run(k, 2, global, nullptr); },
      [&] { check_mandelbrot(cl.download<int>(count, n).data(), V); });
  report("mandelbrot", V, t, double(n) / 1e6, "Mpixel/s");
  release({count});
}

void bench_nbody(const cl_env &cl, const options &o) {
  const size_t n = nbody_n;
  cl_mem x = cl.upload(make_input(n, [](size_t i) { return nbody_pos(i, 0); }));
  cl_mem y = cl.upload(make_input(n, [](size_t i) { return nbody_pos(i, 1); }));
  cl_mem z = cl.upload(make_input(n, [](size_t i) { return nbody_pos(i, 2); }));
  cl_mem m = cl.upload(make_input(n, nbody_mass));
  cl_mem ax = cl.buffer(n * 4), ay = cl.buffer(n * 4), az = cl.buffer(n * 4);
  cl_kernel k = cl.kernel("nbody");
  set_args(k, x, y, z, m, ax, ay, az, cl_uint(n), nbody_eps2);
  double t = checked_median(
      o,
      [&] {
        for (cl_mem a : {ax, ay, az})
          cl.poison(a, n, poison_f);
      },
      [&] { cl.run(k, 1, &n, nullptr); },
      [&] {
        check_nbody(cl.download<float>(ax, n).data(), cl.download<float>(ay, n).data(),
                    cl.download<float>(az, n).data(), V);
      });
  report("nbody", V, t, 20.0 * n * n / 1e9, "GFLOP/s");
  release({x, y, z, m, ax, ay, az});
}

void bench_blackscholes(const cl_env &cl, const options &o) {
  const size_t n = bs_n;
  cl_mem price = cl.upload(make_input(n, bs_price)), strike = cl.upload(make_input(n, bs_strike));
  cl_mem years = cl.upload(make_input(n, bs_years));
  cl_mem call = cl.buffer(n * 4), put = cl.buffer(n * 4);
  cl_kernel k = cl.kernel("blackscholes");
  set_args(k, price, strike, years, call, put, bs_r, bs_v);
  double t = checked_median(
      o,
      [&] {
        cl.poison(call, n, poison_f);
        cl.poison(put, n, poison_f);
      },
      [&] { cl.run(k, 1, &n, nullptr); },
      [&] { check_blackscholes(cl.download<float>(call, n).data(), cl.download<float>(put, n).data(), V); });
  report("blackscholes", V, t, double(n) / 1e6, "Moptions/s");
  release({price, strike, years, call, put});
}

void bench_stencil(const cl_env &cl, const options &o) {
  const size_t n = stencil_n, global[2] = {n, n};
  cl_mem in = cl.upload(make_input(n * n, stencil_in)), out = cl.buffer(n * n * 4);
  cl_kernel k = cl.kernel("stencil");
  set_args(k, in, out, stencil_c0, stencil_c1);
  double t = checked_median(
      o, [&] { cl.poison(out, n * n, poison_f); }, [&] { cl.run(k, 2, global, nullptr); },
      [&] { check_stencil(cl.download<float>(out, n * n).data(), V); });
  report("stencil", V, t, 2.0 * n * n * sizeof(float) / 1e9, "GB/s");
  release({in, out});
}

void bench_conv2d(const cl_env &cl, const options &o) {
  for (const conv_case &cc : conv_cases) {
    const conv_dims d = cc.d;
    const size_t global[3] = {size_t(d.wout()), size_t(d.hout()), size_t(d.cout)};
    cl_mem in = cl.upload(make_input(d.in_size(), mm_a)), wt = cl.upload(make_input(d.weight_size(), mm_b));
    cl_mem out = cl.buffer(d.out_size() * 4);
    cl_kernel k = cl.kernel("conv2d");
    set_args(k, in, wt, out, d.cin, d.h, d.w, d.k, d.stride, d.pad);
    double t = checked_median(
        o, [&] { cl.poison(out, d.out_size(), poison_f); }, [&] { cl.run(k, 3, global, nullptr); },
        [&] { check_conv2d(cc, cl.download<float>(out, d.out_size()).data(), V); });
    report(cc.name, V, t, d.flops() / 1e9, "GFLOP/s");
    release({in, wt, out});
  }
}

// Empty kernel, enqueue + finish, timed one round trip at a time.
void bench_launch(const cl_env &cl, const options &o) {
  cl_kernel k = cl.kernel("empty");
  const size_t one = 1;
  std::vector<double> ts;
  for (int r = 0; r < o.launches + 100; ++r) {
    double t0 = now();
    cl.run(k, 1, &one, &one);
    if (r >= 100)
      ts.push_back(now() - t0);
  }
  report("launch", V, median(ts), 0, "us");
}

} // namespace

int main(int argc, char **argv) {
  options o = parse(argc, argv);
  std::string devname;
  cl_device_id dev = pick_device(devname);
  cl_uint cus = 0;
  clGetDeviceInfo(dev, CL_DEVICE_MAX_COMPUTE_UNITS, sizeof cus, &cus, nullptr);
  std::printf("# OpenCL: %s, %u compute units\n", devname.c_str(), cus);
  cl_int err;
  cl_env cl;
  cl.ctx = clCreateContext(nullptr, 1, &dev, nullptr, nullptr, &err);
  ok(err, "clCreateContext");
  cl.q = clCreateCommandQueue(cl.ctx, dev, 0, &err);
  ok(err, "clCreateCommandQueue");

  std::string dir = __FILE__;
  dir = dir.substr(0, dir.find_last_of('/') + 1);
  std::ifstream f(dir + "kernels.cl");
  if (!f) {
    std::fprintf(stderr, "cannot read %skernels.cl\n", dir.c_str());
    return 1;
  }
  std::stringstream ss;
  ss << f.rdbuf();
  std::string src = ss.str();
  const char *srcp = src.c_str();
  cl.prog = clCreateProgramWithSource(cl.ctx, 1, &srcp, nullptr, &err);
  ok(err, "clCreateProgramWithSource");
  if (clBuildProgram(cl.prog, 1, &dev, "-cl-std=CL1.2", nullptr, nullptr) != CL_SUCCESS) {
    char log[16384] = {};
    clGetProgramBuildInfo(cl.prog, dev, CL_PROGRAM_BUILD_LOG, sizeof log, log, nullptr);
    std::fprintf(stderr, "build failed:\n%s\n", log);
    return 1;
  }

  if (wanted(o, "vector_add") || wanted(o, "saxpy") || wanted(o, "reduction"))
    bench_streams(cl, o);
  if (wanted(o, "matmul"))
    bench_matmul(cl, o);
  if (wanted(o, "mandelbrot"))
    bench_mandelbrot(cl, o);
  if (wanted(o, "nbody"))
    bench_nbody(cl, o);
  if (wanted(o, "blackscholes"))
    bench_blackscholes(cl, o);
  if (wanted(o, "stencil"))
    bench_stencil(cl, o);
  if (wanted(o, "conv2d"))
    bench_conv2d(cl, o);
  if (wanted(o, "launch"))
    bench_launch(cl, o);
  return 0;
}
