// The benchmark kernels (kernels.cl) run through OpenCL on PoCL's CPU device.
// Build: g++ -O2 ocl_bench.cpp -lOpenCL. Picks the platform whose name or
// vendor mentions "pocl" (any CPU platform otherwise).
#define CL_TARGET_OPENCL_VERSION 120
#include <CL/cl.h>

#include <fstream>
#include <sstream>

#include "harness.hpp"

using namespace bench;

static void ok(cl_int err, const char *what) {
  if (err != CL_SUCCESS) {
    std::fprintf(stderr, "OpenCL error %d in %s\n", err, what);
    std::exit(1);
  }
}

static std::string lower(std::string s) {
  for (auto &c : s)
    c = char(std::tolower(c));
  return s;
}

static cl_device_id pick_device(std::string &name) {
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

int main(int argc, char **argv) {
  options o = parse(argc, argv);
  const char *V = "pocl";
  std::string devname;
  cl_device_id dev = pick_device(devname);
  cl_uint cus = 0;
  clGetDeviceInfo(dev, CL_DEVICE_MAX_COMPUTE_UNITS, sizeof cus, &cus, nullptr);
  std::printf("# OpenCL: %s, %u compute units\n", devname.c_str(), cus);
  cl_int err;
  cl_context ctx = clCreateContext(nullptr, 1, &dev, nullptr, nullptr, &err);
  ok(err, "clCreateContext");
  cl_command_queue q = clCreateCommandQueue(ctx, dev, 0, &err);
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
  cl_program prog = clCreateProgramWithSource(ctx, 1, &srcp, nullptr, &err);
  ok(err, "clCreateProgramWithSource");
  if (clBuildProgram(prog, 1, &dev, "-cl-std=CL1.2", nullptr, nullptr) != CL_SUCCESS) {
    char log[16384] = {};
    clGetProgramBuildInfo(prog, dev, CL_PROGRAM_BUILD_LOG, sizeof log, log, nullptr);
    std::fprintf(stderr, "build failed:\n%s\n", log);
    return 1;
  }
  auto kernel = [&](const char *name) {
    cl_kernel k = clCreateKernel(prog, name, &err);
    ok(err, name);
    return k;
  };
  auto buffer = [&](size_t bytes) {
    cl_mem m = clCreateBuffer(ctx, CL_MEM_READ_WRITE, bytes, nullptr, &err);
    ok(err, "clCreateBuffer");
    return m;
  };
  auto run = [&](cl_kernel k, cl_uint dims, const size_t *global, const size_t *local) {
    ok(clEnqueueNDRangeKernel(q, k, dims, nullptr, global, local, 0, nullptr, nullptr), "enqueue");
    ok(clFinish(q), "clFinish");
  };

  const size_t n = stream_n;
  std::vector<float> ha(n), hb(n), hc(n);
  for (size_t i = 0; i < n; ++i)
    ha[i] = in_a(i), hb[i] = in_b(i);
  cl_mem a = buffer(n * 4), b = buffer(n * 4), c = buffer(n * 4);
  ok(clEnqueueWriteBuffer(q, a, CL_TRUE, 0, n * 4, ha.data(), 0, nullptr, nullptr), "write a");
  ok(clEnqueueWriteBuffer(q, b, CL_TRUE, 0, n * 4, hb.data(), 0, nullptr, nullptr), "write b");
  auto read = [&](cl_mem m, size_t count, float *dst) {
    ok(clEnqueueReadBuffer(q, m, CL_TRUE, 0, count * 4, dst, 0, nullptr, nullptr), "read");
  };

  if (wanted(o, "vector_add")) {
    cl_kernel k = kernel("vector_add");
    clSetKernelArg(k, 0, sizeof a, &a), clSetKernelArg(k, 1, sizeof b, &b), clSetKernelArg(k, 2, sizeof c, &c);
    double t = time_median(o.warmup, o.reps, [&] { run(k, 1, &n, nullptr); });
    read(c, n, hc.data());
    verify_vector_add(hc.data(), n, V);
    report("vector_add", V, t, 3.0 * n * sizeof(float) / 1e9, "GB/s");
  }
  if (wanted(o, "saxpy")) {
    const float s = 0.5f;
    ok(clEnqueueWriteBuffer(q, c, CL_TRUE, 0, n * 4, hb.data(), 0, nullptr, nullptr), "write c");
    cl_kernel k = kernel("saxpy");
    clSetKernelArg(k, 0, sizeof s, &s), clSetKernelArg(k, 1, sizeof a, &a), clSetKernelArg(k, 2, sizeof c, &c);
    double t = time_median(o.warmup, o.reps, [&] { run(k, 1, &n, nullptr); });
    read(c, n, hc.data());
    verify_saxpy(hc.data(), n, s, o.warmup + o.reps, V);
    report("saxpy", V, t, 3.0 * n * sizeof(float) / 1e9, "GB/s");
  }
  if (wanted(o, "matmul")) {
    const size_t m = matmul_n;
    std::vector<float> ma(m * m), mb(m * m), mc(m * m);
    for (size_t i = 0; i < m * m; ++i)
      ma[i] = mm_a(i), mb[i] = mm_b(i);
    cl_mem da = buffer(m * m * 4), db = buffer(m * m * 4), dc = buffer(m * m * 4);
    ok(clEnqueueWriteBuffer(q, da, CL_TRUE, 0, m * m * 4, ma.data(), 0, nullptr, nullptr), "write");
    ok(clEnqueueWriteBuffer(q, db, CL_TRUE, 0, m * m * 4, mb.data(), 0, nullptr, nullptr), "write");
    cl_kernel k = kernel("matmul");
    cl_uint mu = cl_uint(m);
    clSetKernelArg(k, 0, sizeof da, &da), clSetKernelArg(k, 1, sizeof db, &db);
    clSetKernelArg(k, 2, sizeof dc, &dc), clSetKernelArg(k, 3, sizeof mu, &mu);
    const size_t global[2] = {m, m}, local[2] = {matmul_tile, matmul_tile};
    double t = time_median(o.warmup, o.reps, [&] { run(k, 2, global, local); });
    read(dc, m * m, mc.data());
    if (!matmul_ok(mc.data(), m))
      verify_failed("matmul", V, "wrong product");
    report("matmul", V, t, 2.0 * m * m * m / 1e9, "GFLOP/s");
    clReleaseMemObject(da), clReleaseMemObject(db), clReleaseMemObject(dc);
  }
  if (wanted(o, "reduction")) {
    cl_mem partial = buffer(reduce_groups * 4);
    cl_kernel k = kernel("reduce");
    cl_uint nu = cl_uint(n);
    clSetKernelArg(k, 0, sizeof a, &a), clSetKernelArg(k, 1, sizeof partial, &partial);
    clSetKernelArg(k, 2, sizeof nu, &nu), clSetKernelArg(k, 3, reduce_wg * sizeof(float), nullptr);
    const size_t global = reduce_wg * reduce_groups, local = reduce_wg;
    std::vector<float> parts(reduce_groups);
    double sum = 0;
    double t = time_median(o.warmup, o.reps, [&] {
      ok(clEnqueueNDRangeKernel(q, k, 1, nullptr, &global, &local, 0, nullptr, nullptr), "enqueue");
      read(partial, reduce_groups, parts.data()); // blocking read: the round trip ends here
      sum = 0;
      for (float p : parts)
        sum += p;
    });
    verify_reduction(sum, n, V);
    report("reduction", V, t, double(n) * sizeof(float) / 1e9, "GB/s");
  }
  if (wanted(o, "launch")) {
    cl_kernel k = kernel("empty");
    const size_t one = 1;
    std::vector<double> ts;
    for (int r = 0; r < o.launches + 100; ++r) {
      double t0 = now();
      run(k, 1, &one, &one);
      if (r >= 100)
        ts.push_back(now() - t0);
    }
    report("launch", V, median(ts), 0, "us");
  }
  return 0;
}
