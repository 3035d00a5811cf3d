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

// Mandelbrot iteration counts, one pixel per work-item (dimension 0: column).
// Every multiply-add is an explicit fma, as in the other variants, so all of
// them compute the same bits (bench/harness.hpp).
__kernel void mandelbrot(__global int *count, float x0, float y0, float step, int max_iter) {
  size_t px = get_global_id(0), py = get_global_id(1);
  float cx = fma((float)px, step, x0), cy = fma((float)py, step, y0);
  float x = 0.0f, y = 0.0f;
  int n = 0;
  while (n < max_iter && fma(x, x, y * y) <= 4.0f) {
    float xn = fma(x, x, fma(-y, y, cx));
    y = fma(2.0f * x, y, cy);
    x = xn;
    ++n;
  }
  count[py * get_global_size(0) + px] = n;
}

// n-body: the acceleration of body i from all n bodies, softened.
__kernel void nbody(__global const float *x, __global const float *y, __global const float *z,
                    __global const float *m, __global float *ax, __global float *ay, __global float *az,
                    uint n, float eps2) {
  size_t i = get_global_id(0);
  float xi = x[i], yi = y[i], zi = z[i];
  float sx = 0.0f, sy = 0.0f, sz = 0.0f;
  for (uint j = 0; j < n; ++j) {
    float dx = x[j] - xi, dy = y[j] - yi, dz = z[j] - zi;
    float inv = rsqrt(dx * dx + dy * dy + dz * dz + eps2);
    float s = m[j] * inv * inv * inv;
    sx += dx * s, sy += dy * s, sz += dz * s;
  }
  ax[i] = sx, ay[i] = sy, az[i] = sz;
}

// Black-Scholes call and put prices; the normal CDF by the Abramowitz-Stegun
// polynomial (coefficients as in bench/harness.hpp).
#define BS_A1 0.31938153f
#define BS_A2 -0.356563782f
#define BS_A3 1.781477937f
#define BS_A4 -1.821255978f
#define BS_A5 1.330274429f
#define BS_RSQRT2PI 0.39894228040143267794f

float cnd(float d) {
  float k = 1.0f / (1.0f + 0.2316419f * fabs(d));
  float c = BS_RSQRT2PI * exp(-0.5f * d * d) * (k * (BS_A1 + k * (BS_A2 + k * (BS_A3 + k * (BS_A4 + k * BS_A5)))));
  return d > 0.0f ? 1.0f - c : c;
}

__kernel void blackscholes(__global const float *price, __global const float *strike, __global const float *years,
                           __global float *call, __global float *put, float r, float v) {
  size_t i = get_global_id(0);
  float s = price[i], x = strike[i], t = years[i];
  float sqrt_t = sqrt(t);
  float d1 = (log(s / x) + (r + 0.5f * v * v) * t) / (v * sqrt_t);
  float d2 = d1 - v * sqrt_t;
  float c1 = cnd(d1), c2 = cnd(d2), xe = x * exp(-r * t);
  call[i] = s * c1 - xe * c2;
  put[i] = xe * (1.0f - c2) - s * (1.0f - c1);
}

// One sweep of the 5-point stencil over an n x n grid (dimension 0: column);
// edges are copied.
__kernel void stencil(__global const float *in, __global float *out, float c0, float c1) {
  size_t c = get_global_id(0), r = get_global_id(1), n = get_global_size(0), i = r * n + c;
  if (r == 0 || c == 0 || r == n - 1 || c == n - 1)
    out[i] = in[i];
  else
    out[i] = c0 * in[i] + c1 * (in[i - n] + in[i + n] + in[i - 1] + in[i + 1]);
}

// conv2d, NCHW, one output element per work-item: dimensions 0, 1, 2 are the
// output column, row and channel; zero padding by skipping taps outside.
__kernel void conv2d(__global const float *in, __global const float *wt, __global float *out, int cin, int h, int w,
                     int k, int stride, int pad) {
  int ox = get_global_id(0), oy = get_global_id(1), oc = get_global_id(2);
  int wo = get_global_size(0), ho = get_global_size(1);
  float sum = 0.0f;
  for (int ic = 0; ic < cin; ++ic)
    for (int ky = 0; ky < k; ++ky) {
      int iy = oy * stride - pad + ky;
      if (iy < 0 || iy >= h)
        continue;
      for (int kx = 0; kx < k; ++kx) {
        int ix = ox * stride - pad + kx;
        if (ix >= 0 && ix < w)
          sum += in[(ic * h + iy) * w + ix] * wt[((oc * cin + ic) * k + ky) * k + kx];
      }
    }
  out[(oc * ho + oy) * wo + ox] = sum;
}
