// Mandelbrot iteration counts, one pixel per invocation, groups of 32 (x,
// columns) by 8 (y, rows). Every multiply-add is an explicit fma, as in the
// host reference, so the counts match it exactly where fma() is fused.
// Vulkan does not promise that (GLSL.std.450 Fma's precision is that of an
// OpFMul then an OpFAdd): NVIDIA fuses it; lavapipe (llvmpipe) splits every
// 32-bit fma into a multiply and an add, so the exact check fails there.
#version 460
#extension GL_EXT_buffer_reference : require
#extension GL_EXT_shader_explicit_arithmetic_types_int64 : require

layout(local_size_x = 32, local_size_y = 8) in;

layout(buffer_reference, std430) writeonly buffer Ints { int v[]; };

layout(push_constant) uniform Params {
  uint64_t count; // device address, row-major height x width
  uint width;
  int iters;
  float x0, y0, step;
} pc;

void main() {
  uint px = gl_GlobalInvocationID.x, py = gl_GlobalInvocationID.y;
  float cx = fma(float(px), pc.step, pc.x0);
  float cy = fma(float(py), pc.step, pc.y0);
  float x = 0.0, y = 0.0;
  int n = 0;
  while (n < pc.iters && fma(x, x, y * y) <= 4.0) {
    float xn = fma(x, x, fma(-y, y, cx));
    y = fma(2.0 * x, y, cy);
    x = xn;
    ++n;
  }
  Ints(pc.count).v[py * pc.width + px] = n;
}
