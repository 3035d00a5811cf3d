// The benchmark kernels in OpenCL C, run on PoCL: the same work per
// work-item as bench/sycl_bench.cpp.
#define TILE 16

__kernel void vector_add(__global const float *a, __global const float *b, __global float *c) {
  size_t i = get_global_id(0);
  c[i] = a[i] + b[i];
}

__kernel void saxpy(float s, __global const float *x, __global float *y) {
  size_t i = get_global_id(0);
  y[i] = s * x[i] + y[i];
}

// C = A * B, n x n row-major, 16x16 work-groups, tiles staged in local memory.
__kernel void matmul(__global const float *a, __global const float *b, __global float *c, uint n) {
  __local float ta[TILE][TILE], tb[TILE][TILE];
  size_t r = get_local_id(0), col = get_local_id(1);
  size_t i = get_global_id(0), j = get_global_id(1);
  float sum = 0.0f;
  for (size_t k0 = 0; k0 < n; k0 += TILE) {
    ta[r][col] = a[i * n + k0 + col];
    tb[r][col] = b[(k0 + r) * n + j];
    barrier(CLK_LOCAL_MEM_FENCE);
    for (size_t k = 0; k < TILE; ++k)
      sum += ta[r][k] * tb[k][col];
    barrier(CLK_LOCAL_MEM_FENCE);
  }
  c[i * n + j] = sum;
}

// Each work-item sums a strided slice, then a tree in local memory; one
// partial sum per work-group (the host adds the partials).
__kernel void reduce(__global const float *in, __global float *partial, uint n, __local float *s) {
  size_t l = get_local_id(0), wg = get_local_size(0), stride = get_global_size(0);
  float acc = 0.0f;
  for (size_t i = get_global_id(0); i < n; i += stride)
    acc += in[i];
  s[l] = acc;
  for (size_t h = wg / 2; h > 0; h /= 2) {
    barrier(CLK_LOCAL_MEM_FENCE);
    if (l < h)
      s[l] += s[l + h];
  }
  if (l == 0)
    partial[get_group_id(0)] = s[0];
}

__kernel void empty(void) {}
