// Tiled matmul C = A * B, n x n row-major floats: groups of 16 x 16, one C
// element per invocation, A and B staged through two shared 16 x 16 tiles.
// x runs along columns, y along rows.
#version 460
#extension GL_EXT_buffer_reference : require
#extension GL_EXT_shader_explicit_arithmetic_types_int64 : require

#define T 16
layout(local_size_x = T, local_size_y = T) in;

layout(buffer_reference, std430) readonly buffer Floats { float v[]; };
layout(buffer_reference, std430) writeonly buffer FloatsOut { float v[]; };

layout(push_constant) uniform Params {
  uint64_t a, b, c; // device addresses
  uint n;
} pc;

shared float As[T][T];
shared float Bs[T][T];

void main() {
  Floats A = Floats(pc.a), B = Floats(pc.b);
  uint n = pc.n;
  uint lx = gl_LocalInvocationID.x, ly = gl_LocalInvocationID.y;
  uint row = gl_WorkGroupID.y * T + ly, col = gl_WorkGroupID.x * T + lx;
  float sum = 0.0;
  for (uint k0 = 0; k0 < n; k0 += T) {
    As[ly][lx] = A.v[row * n + k0 + lx];
    Bs[ly][lx] = B.v[(k0 + ly) * n + col];
    barrier();
    for (uint k = 0; k < T; ++k)
      sum += As[ly][k] * Bs[k][lx];
    barrier();
  }
  FloatsOut(pc.c).v[row * n + col] = sum;
}
