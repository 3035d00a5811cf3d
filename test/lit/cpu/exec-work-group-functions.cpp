// Runs the CPU target's work-group functions without driver or runtime: the
// kernels of Inputs/exec_kernels.h go through the whole CPU pipeline into an
// object, and this harness fills sporkle_cpu_wg_context (cpu_abi.h) and calls
// each work-group function once per group, on poisoned outputs, checking
// against host references. Local sizes are odd and not powers of two on
// purpose; each configuration runs at -O0/-O2/-O3, for the host CPU (the
// vectorized x loops) and for baseline x86-64.
//
// RUN: %device-cxx -O2 -c %S/Inputs/exec_kernels.cpp -o %t.bc
// RUN: %clangxx -O1 -I %src_root/include -I %S/Inputs %s -c -o %t.harness.o
// RUN: %sporkle-opt --sporkle-cpu-pipeline --emit=obj -O2 --mcpu=native %t.bc -o %t.o2.o
// RUN: %clangxx %t.harness.o %t.o2.o -o %t.o2 && %t.o2 | FileCheck %s
// RUN: %sporkle-opt --sporkle-cpu-pipeline --emit=obj -O3 --mcpu=native %t.bc -o %t.o3.o
// RUN: %clangxx %t.harness.o %t.o3.o -o %t.o3 && %t.o3 | FileCheck %s
// RUN: %sporkle-opt --sporkle-cpu-pipeline --emit=obj -O0 --mcpu=x86-64 %t.bc -o %t.o0.o
// RUN: %clangxx %t.harness.o %t.o0.o -o %t.o0 && %t.o0 | FileCheck %s
// RUN: %sporkle-opt --sporkle-cpu-pipeline --emit=obj -O2 --mcpu=x86-64 %t.bc -o %t.base.o
// RUN: %clangxx %t.harness.o %t.base.o -o %t.base && %t.base | FileCheck %s
//
// CHECK: group-sum local=1: ok
// CHECK: group-sum local=7: ok
// CHECK: group-sum local=64: ok
// CHECK: group-sum local=100: ok
// CHECK: matmul tile=1: ok
// CHECK: matmul tile=3: ok
// CHECK: matmul tile=8: ok
// CHECK: ids3d local=3x2x5: ok
// CHECK: ids3d local=1x1x1: ok
// CHECK: reverse=0 local=13: ok
// CHECK: reverse=1 local=13: ok
// CHECK: reverse=1 local=16: ok
// CHECK: all ok

#include "exec_kernels.h"
#include "sporkle/cpu_abi.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <vector>

#define WG_FN(Sym, Name) extern "C" void Name(const void *, const sporkle_cpu_wg_context *) __asm__(Sym)
WG_FN("__sporkle_cpu_wg._ZTS9GroupSumK", wg_group_sum);
WG_FN("__sporkle_cpu_wg._ZTS12TiledMatmulK", wg_matmul);
WG_FN("__sporkle_cpu_wg._ZTS6Ids3DK", wg_ids3d);
WG_FN("__sporkle_cpu_wg._ZTS13MaybeReverseK", wg_reverse);

static std::mt19937 rng(12345);
static bool all_ok = true;

// What the runtime does: one call per work-group, the context filled in.
template <typename Functor>
static void launch(sporkle_cpu_wg_fn fn, const Functor &f, const size_t global[3], const size_t local[3],
                   const size_t offset[3], size_t local_mem) {
  alignas(16) unsigned char args[sizeof(Functor)];
  std::memcpy(args, &f, sizeof f);
  sporkle_cpu_wg_context ctx{};
  void *mem = std::aligned_alloc(64, (local_mem + 63) / 64 * 64 + 64);
  std::memset(mem, 0xA5, local_mem); // poison local memory too
  ctx.local_mem = mem;
  ctx.local_mem_size = local_mem;
  for (int d = 0; d < 3; ++d) {
    ctx.global_size[d] = global[d];
    ctx.local_size[d] = local[d];
    ctx.num_groups[d] = global[d] / local[d];
    ctx.global_offset[d] = offset[d];
  }
  for (size_t z = 0; z < ctx.num_groups[2]; ++z)
    for (size_t y = 0; y < ctx.num_groups[1]; ++y)
      for (size_t x = 0; x < ctx.num_groups[0]; ++x) {
        ctx.group_id[0] = x, ctx.group_id[1] = y, ctx.group_id[2] = z;
        fn(args, &ctx);
      }
  std::free(mem);
}

static void report(bool ok, const char *what) {
  std::printf("%s: %s\n", what, ok ? "ok" : "FAILED");
  all_ok &= ok;
}

static void group_sum(size_t local) {
  size_t groups = 5, n = groups * local;
  std::vector<int> in(n), out(groups, 0x7eadbeef);
  for (int &v : in)
    v = int(rng() % 1000) - 500;
  size_t g[3] = {n, 1, 1}, l[3] = {local, 1, 1}, o[3] = {0, 0, 0};
  launch(wg_group_sum, GroupSum{in.data(), out.data()}, g, l, o, local * sizeof(int));
  bool ok = true;
  for (size_t gr = 0; gr < groups; ++gr) {
    int ref = 0;
    for (size_t i = 0; i < local; ++i)
      ref += in[gr * local + i];
    ok &= out[gr] == ref;
  }
  char what[64];
  std::snprintf(what, sizeof what, "group-sum local=%zu", local);
  report(ok, what);
}

static void matmul(size_t tile) {
  int n = int(tile * 3);
  std::vector<float> a(n * n), b(n * n), c(n * n, -12345.f);
  for (float &v : a)
    v = float(rng() % 17) - 8; // small integers: exact in any summation order
  for (float &v : b)
    v = float(rng() % 13) - 6;
  size_t g[3] = {size_t(n), size_t(n), 1}, l[3] = {tile, tile, 1}, o[3] = {0, 0, 0};
  launch(wg_matmul, TiledMatmul{a.data(), b.data(), c.data(), n}, g, l, o, 2 * tile * tile * sizeof(float));
  bool ok = true;
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) {
      float ref = 0;
      for (int k = 0; k < n; ++k)
        ref += a[i * n + k] * b[k * n + j];
      ok &= c[i * n + j] == ref;
    }
  char what[64];
  std::snprintf(what, sizeof what, "matmul tile=%zu", tile);
  report(ok, what);
}

static void ids3d(size_t lx, size_t ly, size_t lz) {
  size_t g[3] = {lx * 2, ly * 3, lz * 2}, l[3] = {lx, ly, lz}, o[3] = {4, 1, 9};
  size_t total = g[0] * g[1] * g[2];
  std::vector<long> out(2 * total, 0x5eadbeefL);
  launch(wg_ids3d, Ids3D{out.data(), {0, 1, 2, 7}}, g, l, o, 0);
  bool ok = true;
  for (size_t z = 0; z < g[2]; ++z)
    for (size_t y = 0; y < g[1]; ++y)
      for (size_t x = 0; x < g[0]; ++x) {
        size_t id[3] = {x + o[0], y + o[1], z + o[2]};
        size_t lin = (z * g[1] + y) * g[0] + x;
        size_t lsum = x % lx + y % ly + z % lz;
        long priv[5];
        for (int i = 0; i < 5; ++i)
          priv[(lsum + i) % 5] = long(id[i % 3]) * (i + 1);
        long sum = 0;
        for (int i = 0; i < 5; ++i)
          sum += priv[(lsum + 2 * i) % 5];
        // dimension 7: global id 0, local size 1
        long ref = long(id[0] + 1000 * id[1] + 1000000 * id[2]) + 0 + 100000000L;
        ok &= out[2 * lin] == sum && out[2 * lin + 1] == ref;
      }
  char what[64];
  std::snprintf(what, sizeof what, "ids3d local=%zux%zux%zu", lx, ly, lz);
  report(ok, what);
}

static void reverse(int rev, size_t local) {
  size_t n = local * 4;
  std::vector<int> in(n), out(n, 0x7eadbeef);
  for (int &v : in)
    v = int(rng());
  size_t g[3] = {n, 1, 1}, l[3] = {local, 1, 1}, o[3] = {0, 0, 0};
  launch(wg_reverse, MaybeReverse{in.data(), out.data(), rev}, g, l, o, local * sizeof(int));
  bool ok = true;
  for (size_t i = 0; i < n; ++i) {
    size_t grp = i / local, li = i % local;
    ok &= out[i] == (rev ? in[grp * local + local - 1 - li] : in[i]);
  }
  char what[64];
  std::snprintf(what, sizeof what, "reverse=%d local=%zu", rev, local);
  report(ok, what);
}

int main() {
  for (size_t local : {1, 7, 64, 100})
    group_sum(local);
  for (size_t tile : {1, 3, 8})
    matmul(tile);
  ids3d(3, 2, 5);
  ids3d(1, 1, 1);
  reverse(0, 13);
  reverse(1, 13);
  reverse(1, 16);
  if (all_ok)
    std::printf("all ok\n");
  return all_ok ? 0 : 1;
}
