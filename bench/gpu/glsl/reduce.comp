// Sum reduction, one kernel for both steps. Each invocation sums in[i] for
// i = its global id, stepping by `stride` (grid stride) below n, then the
// group tree-reduces in shared memory and invocation 0 writes out[group].
// Step 1: 1024 groups of 256 over the input; step 2: one group of 1024 over
// step 1's partial sums. The group size is specialization constant 0.
#version 460
#extension GL_EXT_buffer_reference : require
#extension GL_EXT_shader_explicit_arithmetic_types_int64 : require

layout(local_size_x_id = 0) in;

layout(buffer_reference, std430) readonly buffer Floats { float v[]; };
layout(buffer_reference, std430) writeonly buffer FloatsOut { float v[]; };

layout(push_constant) uniform Params {
  uint64_t in_addr, out_addr; // device addresses
  uint n, stride;
} pc;

shared float s[gl_WorkGroupSize.x];

void main() {
  Floats src = Floats(pc.in_addr);
  uint l = gl_LocalInvocationID.x;
  float acc = 0.0;
  for (uint i = gl_GlobalInvocationID.x; i < pc.n; i += pc.stride)
    acc += src.v[i];
  s[l] = acc;
  for (uint h = gl_WorkGroupSize.x / 2; h > 0; h /= 2) {
    barrier();
    if (l < h)
      s[l] += s[l + h];
  }
  if (l == 0)
    FloatsOut(pc.out_addr).v[gl_WorkGroupID.x] = s[0];
}
