// triad: a[i] = b[i] + s * c[i], one element per invocation, groups of 256.
// The host may spread the groups over a 2-D grid (devices whose
// maxComputeWorkGroupCount[0] is below n / 256); the group index is linear.
#version 460
#extension GL_EXT_buffer_reference : require
#extension GL_EXT_shader_explicit_arithmetic_types_int64 : require

layout(local_size_x = 256) in;

layout(buffer_reference, std430) readonly buffer Floats { float v[]; };
layout(buffer_reference, std430) writeonly buffer FloatsOut { float v[]; };

layout(push_constant) uniform Params {
  uint64_t a, b, c; // device addresses
  float s;
  uint n;
} pc;

void main() {
  uint group = gl_WorkGroupID.y * gl_NumWorkGroups.x + gl_WorkGroupID.x;
  uint i = group * gl_WorkGroupSize.x + gl_LocalInvocationID.x;
  if (i < pc.n)
    FloatsOut(pc.a).v[i] = Floats(pc.b).v[i] + pc.s * Floats(pc.c).v[i];
}
