#!/usr/bin/env python3
"""Which loop shape lets NVIDIA's Vulkan compiler run Mandelbrot as fast as nvcc?

    bench/gpu/mandelbrot_shapes.py OUTDIR [GLSL_BENCH]

Writes variants of glsl/mandelbrot.comp that differ only in how the iteration
loop is written, compiles each with glslangValidator into OUTDIR/<variant>/
(next to copies of the other kernels glsl_bench loads), and, given the
glsl_bench built by build_glsl.sh, runs `--only=mandelbrot` on each. Every
variant computes the same counts (the benchmark's check still applies).

  while        the twin as it is: while (n < pc.iters && |z|^2 <= 4)
  while-256    the same with the bound a constant, as in the CUDA and SYCL sources
  unrolled-4   four escape tests and steps per trip, the bound tested once a trip
  for-break    for (i = 0; i < 256; ++i) { if (|z|^2 > 4) break; step }
  for-unroll   for-break with [[unroll]] (OpLoopMerge Unroll)
"""
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
LOOP = """  while (n < pc.iters && fma(x, x, y * y) <= 4.0) {
    float xn = fma(x, x, fma(-y, y, cx));
    y = fma(2.0 * x, y, cy);
    x = xn;
    ++n;
  }"""
STEP = """    if (fma(x, x, y * y) > 4.0) break;
    { float xn = fma(x, x, fma(-y, y, cx)); y = fma(2.0 * x, y, cy); x = xn; ++n; }
"""
ATTRIBUTES = "#extension GL_EXT_buffer_reference : require"


def variants(base):
    assert LOOP in base, "glsl/mandelbrot.comp changed: update LOOP"
    for_break = "  for (int i = 0; i < 256; ++i) {\n" + STEP + "  }"
    return {
        "while": base,
        "while-256": base.replace(LOOP, LOOP.replace("pc.iters", "256")),
        "unrolled-4": base.replace(LOOP, "  while (n < 256) {\n" + STEP * 4 + "  }"),
        "for-break": base.replace(LOOP, for_break),
        "for-unroll": base.replace(LOOP, "  [[unroll]]" + for_break[1:]).replace(
            ATTRIBUTES, ATTRIBUTES + "\n#extension GL_EXT_control_flow_attributes : require"),
    }


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    out, bench = sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None
    base = open(os.path.join(HERE, "glsl", "mandelbrot.comp")).read()
    for name, source in variants(base).items():
        d = os.path.join(out, name)
        os.makedirs(d, exist_ok=True)
        for other in os.listdir(os.path.join(HERE, "glsl")):
            if other.endswith(".comp") and other != "mandelbrot.comp":
                subprocess.run(["glslangValidator", "-V", "--target-env", "vulkan1.3", "-o",
                                os.path.join(d, other[:-5] + ".spv"), os.path.join(HERE, "glsl", other)],
                               check=True, stdout=subprocess.DEVNULL)
        with open(os.path.join(d, "mandelbrot.comp"), "w") as f:
            f.write(source)
        subprocess.run(["glslangValidator", "-V", "--target-env", "vulkan1.3", "-o",
                        os.path.join(d, "mandelbrot.spv"), os.path.join(d, "mandelbrot.comp")],
                       check=True, stdout=subprocess.DEVNULL)
        if bench:
            r = subprocess.run([bench, "--only=mandelbrot", "--spv-dir=" + d], capture_output=True, text=True)
            lines = [l for l in (r.stdout + r.stderr).splitlines() if l.startswith("RESULT") or "FAIL" in l]
            print("%-11s %s" % (name, " ".join(lines) or "rc=%d" % r.returncode))
    if not bench:
        print("variants in", out, "(give glsl_bench to run them)")


if __name__ == "__main__":
    main()
