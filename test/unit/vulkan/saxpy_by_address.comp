// The same saxpy with SPORKLE_KERNEL_ARGS_BY_ADDRESS: push constants hold
// the header, then the device address of the argument block (vulkan_abi.h).
// It also uses run-time local memory: a Workgroup array whose length is
// specialization constant 3 (SPORKLE_VK_SPEC_LOCAL_WORDS); each work-item
// passes its value through it.
#version 460
#extension GL_EXT_buffer_reference : require

layout(local_size_x_id = 0, local_size_y_id = 1, local_size_z_id = 2) in;
layout(constant_id = 3) const uint local_words = 1;

layout(buffer_reference, std430, buffer_reference_align = 4) buffer floats { float v[]; };
layout(buffer_reference, std430, buffer_reference_align = 8) buffer saxpy_args {
  floats x;
  floats y;
  float a;
  uint n;
};

layout(push_constant, std430) uniform launch {
  uint offset_x, offset_y, offset_z;
  uint groups_x, groups_y, groups_z;
  saxpy_args args;
} pc;

shared float scratch[local_words];

void main() {
  uvec3 size = uvec3(pc.groups_x, pc.groups_y, pc.groups_z) * gl_WorkGroupSize;
  uvec3 id = gl_GlobalInvocationID + uvec3(pc.offset_x, pc.offset_y, pc.offset_z);
  uint i = (id.z * size.y + id.y) * size.x + id.x;
  saxpy_args args = pc.args;
  uint slot = gl_LocalInvocationIndex % local_words;
  float value = i < args.n ? args.a * args.x.v[i] + args.y.v[i] : 0.0;
  if (gl_LocalInvocationIndex < local_words)
    scratch[slot] = value;
  barrier();
  if (i < args.n)
    args.y.v[i] = gl_LocalInvocationIndex < local_words ? scratch[slot] : value;
}
