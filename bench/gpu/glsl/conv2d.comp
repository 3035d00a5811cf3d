// conv2d, NCHW floats, batch 1, no bias: one output element per invocation
// over a 1-D range of cout * hout * wout, groups of 256. Item i computes
// output (oc, oy, ox) with ox = i % wo, oy = i / wo % ho, oc = i / (wo * ho).
#version 460
#extension GL_EXT_buffer_reference : require
#extension GL_EXT_shader_explicit_arithmetic_types_int64 : require

layout(local_size_x = 256) in;

layout(buffer_reference, std430) readonly buffer Floats { float v[]; };
layout(buffer_reference, std430) writeonly buffer FloatsOut { float v[]; };

layout(push_constant) uniform Params {
  uint64_t in_addr, wt_addr, out_addr; // device addresses
  int cin, h, w, cout, k, stride, pad, ho, wo;
} pc;

void main() {
  Floats src = Floats(pc.in_addr), wt = Floats(pc.wt_addr);
  int i = int(gl_GlobalInvocationID.x);
  int ox = i % pc.wo, oy = i / pc.wo % pc.ho, oc = i / (pc.wo * pc.ho);
  float sum = 0.0;
  for (int ic = 0; ic < pc.cin; ++ic)
    for (int ky = 0; ky < pc.k; ++ky) {
      int iy = oy * pc.stride - pc.pad + ky;
      if (iy < 0 || iy >= pc.h)
        continue;
      for (int kx = 0; kx < pc.k; ++kx) {
        int ix = ox * pc.stride - pc.pad + kx;
        if (ix >= 0 && ix < pc.w)
          sum += src.v[(ic * pc.h + iy) * pc.w + ix] * wt.v[((oc * pc.cin + ic) * pc.k + ky) * pc.k + kx];
      }
    }
  FloatsOut(pc.out_addr).v[(oc * pc.ho + oy) * pc.wo + ox] = sum;
}
