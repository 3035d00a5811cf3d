// Kernels for exec-work-group-functions.cpp, as explicit functors so that the
// host harness shares their layout (the argument block) with the device code.
#include "sporkle/device_builtins.h"

#define gid __sporkle_global_id
#define lid __sporkle_local_id
#define lsize __sporkle_local_size

// Work-group sum by a pairwise tree in local memory: barrier inside a loop
// whose trip count depends on the run-time local size (any size, odd too).
struct GroupSum {
  const int *in;
  int *out;
  void operator()() const {
    int *loc = (int *)__sporkle_local_base();
    size_t l = lid(0), n = lsize(0);
    loc[l] = in[gid(0)];
    for (size_t s = 1; s < n; s *= 2) {
      __sporkle_barrier(SPORKLE_FENCE_LOCAL);
      if (l % (2 * s) == 0 && l + s < n)
        loc[l] += loc[l + s];
    }
    __sporkle_barrier(SPORKLE_FENCE_LOCAL);
    if (l == 0)
      out[__sporkle_group_id(0)] = loc[0];
  }
};

// C = A * B, tiled through local memory; tile = local size (square, 2D).
struct TiledMatmul {
  const float *a, *b;
  float *c;
  int n; // square matrices, n a multiple of the tile
  void operator()() const {
    float *ta = (float *)__sporkle_local_base();
    size_t t = lsize(0);
    float *tb = ta + t * t;
    size_t col = gid(0), row = gid(1), lx = lid(0), ly = lid(1);
    float acc = 0;
    for (size_t k0 = 0; k0 < (size_t)n; k0 += t) {
      ta[ly * t + lx] = a[row * n + k0 + lx];
      tb[ly * t + lx] = b[(k0 + ly) * n + col];
      __sporkle_barrier(SPORKLE_FENCE_LOCAL);
      for (size_t k = 0; k < t; ++k)
        acc += ta[ly * t + k] * tb[k * t + lx];
      __sporkle_barrier(SPORKLE_FENCE_LOCAL);
    }
    c[row * n + col] = acc;
  }
};

// 3D ids with a global offset, a private array and values kept across a
// barrier, ids read through run-time dimension arguments.
struct Ids3D {
  long *out;
  unsigned dims[4]; // {0, 1, 2, 7}: 7 is out of range
  void operator()() const {
    long priv[5];
    size_t l = lid(0) + lid(1) + lid(2);
    for (int i = 0; i < 5; ++i)
      priv[(l + i) % 5] = (long)gid(dims[i % 3]) * (i + 1);
    size_t g0 = gid(0), g1 = gid(1), g2 = gid(2);
    __sporkle_barrier(SPORKLE_FENCE_GLOBAL);
    long sum = 0;
    for (int i = 0; i < 5; ++i)
      sum += priv[(l + 2 * i) % 5];
    size_t gs0 = __sporkle_global_size(0), gs1 = __sporkle_global_size(1);
    size_t o0 = __sporkle_global_offset(0), o1 = __sporkle_global_offset(1), o2 = __sporkle_global_offset(2);
    size_t linear = ((g2 - o2) * gs1 + (g1 - o1)) * gs0 + (g0 - o0);
    out[2 * linear] = sum;
    out[2 * linear + 1] = (long)(g0 + 1000 * g1 + 1000000 * g2) + (long)gid(dims[3]) +
                          100000000L * (long)__sporkle_local_size(dims[3]);
  }
};

// Reverses each work-group's slice when `reverse` is set: a barrier inside a
// uniform if.
struct MaybeReverse {
  const int *in;
  int *out;
  int reverse;
  void operator()() const {
    size_t g = gid(0), l = lid(0), n = lsize(0);
    if (reverse) {
      int *loc = (int *)__sporkle_local_base();
      loc[l] = in[g];
      __sporkle_barrier(SPORKLE_FENCE_LOCAL);
      out[g] = loc[n - 1 - l];
    } else {
      out[g] = in[g];
    }
  }
};
