// y[i] = a * x[i] + y[i], written by hand to the sporkle Vulkan kernel ABI
// (include/sporkle/vulkan_abi.h): push constants hold the header, then the
// argument block inline; global pointers are buffer device addresses; the
// local size comes from specialization constants 0..2. The element index is
// the linear global id (with the launch's offset), so 1-, 2- and 3-D launches
// and launches split over several dispatches all cover 0..n-1 once.
#version 460
#extension GL_EXT_buffer_reference : require

layout(local_size_x_id = 0, local_size_y_id = 1, local_size_z_id = 2) in;

layout(buffer_reference, std430, buffer_reference_align = 4) buffer floats { float v[]; };

layout(push_constant, std430) uniform launch {
  uint offset_x, offset_y, offset_z;
  uint groups_x, groups_y, groups_z;
  floats x; // the argument block (byte 24): struct { float *x, *y; float a; uint n; }
  floats y;
  float a;
  uint n;
} pc;

void main() {
  uvec3 size = uvec3(pc.groups_x, pc.groups_y, pc.groups_z) * gl_WorkGroupSize;
  uvec3 id = gl_GlobalInvocationID + uvec3(pc.offset_x, pc.offset_y, pc.offset_z);
  uint i = (id.z * size.y + id.y) * size.x + id.x;
  if (i < pc.n)
    pc.y.v[i] = pc.a * pc.x.v[i] + pc.y.v[i];
}
