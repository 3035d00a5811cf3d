#!/usr/bin/env python3
"""Turns the GPU benchmarks' RESULT lines into a markdown table.

usage: report.py RESULTS.txt [--readme README.md]
Columns: sporkle (gpu_bench.cpp: sporkle's SPIR-V through its Vulkan runtime),
GLSL (glsl_bench.cpp: glslang's SPIR-V, plain Vulkan), CUDA (cuda_bench.cu,
nvcc), and the ratios sporkle/GLSL and sporkle/CUDA of the metric (above 1:
sporkle is faster). The copy row compares triad's bandwidth with each
runtime's own device-to-device copy. With --readme, the table replaces the
text between <!-- gpu-table:begin --> and <!-- gpu-table:end -->.
"""
import re
import sys

COLUMNS = [("sporkle", "sporkle"), ("glsl", "GLSL (glslang)"), ("cuda", "CUDA (nvcc)")]
ROWS = [
    ("triad", "stream triad a = b + s c, n = 2^28 floats"),
    ("copy", "device-to-device copy, 2^28 floats (the runtime's own copy)"),
    ("matmul", "tiled matmul 4096^2, 16x16 local tiles"),
    ("reduction", "reduction of 2^28 floats (two kernels)"),
    ("mandelbrot", "Mandelbrot 2048x1024, 256 iterations"),
    ("conv2d_7x7", "conv2d 3x224x224 -> 64x112x112, 7x7 stride 2"),
    ("conv2d_3x3", "conv2d 128x28x28 -> 256x28x28, 3x3"),
]
# The copy peers report under their own variant names.
ALIASES = {("copy", "vkcopy"): "glsl", ("copy", "cudacopy"): "cuda"}
TARGETS = {"glsl": 1.0, "cuda": 0.9}  # issue 4: sporkle >= 1.0x GLSL, >= 0.9x CUDA


def fmt(v):
    return "-" if v is None else ("%.3g" % v if v < 100 else "%.0f" % v)


def main():
    args = sys.argv[1:]
    readme = None
    if "--readme" in args:
        i = args.index("--readme"); readme = args[i + 1]; del args[i:i + 2]
    res, header, startup = {}, [], []
    for line in open(args[0]):
        p = line.split()
        if len(p) == 6 and p[0] == "RESULT":
            name, variant = p[1], ALIASES.get((p[1], p[2]), p[2])
            res[(name, variant)] = (float(p[4]), p[5], float(p[3]))
            if p[5] == "us":
                startup.append((name, p[2], float(p[3])))
        elif line.startswith("#") and line[1:].strip() not in header:
            header.append(line[1:].strip())
    out = ["- " + h for h in header]
    out += ["", "| benchmark | unit | " + " | ".join(t for _, t in COLUMNS) +
            " | sporkle/GLSL | sporkle/CUDA | target (>= 1.0x GLSL, >= 0.9x CUDA) |",
            "| --- | --- | " + "---: | " * (len(COLUMNS) + 2) + "--- |"]
    for name, what in ROWS:
        vals = {v: res.get((name, v)) for v, _ in COLUMNS}
        if not any(vals.values()):
            continue
        unit = next(x[1] for x in vals.values() if x)
        m = {v: (x[0] if x else None) for v, x in vals.items()}
        ratio = {p: (m["sporkle"] / m[p] if m["sporkle"] and m[p] else None) for p in ("glsl", "cuda")}
        verdict = []
        for p, goal in TARGETS.items():
            if ratio[p] is not None:
                verdict.append("%s %s" % (p.upper() if p == "cuda" else "GLSL", "met" if ratio[p] >= goal else "**not met**"))
        out.append("| %s | %s | %s | %s | %s | %s |" % (
            what, unit, " | ".join(fmt(m[v]) for v, _ in COLUMNS), fmt(ratio["glsl"]), fmt(ratio["cuda"]),
            ", ".join(verdict) or "-"))
    if startup:
        out += ["", "| start-up | program | milliseconds |", "| --- | --- | ---: |"]
        for name, variant, seconds in startup:
            out.append("| %s | %s | %.2f |" % (name, variant, seconds * 1e3))
    table = "\n".join(out) + "\n"
    sys.stdout.write(table)
    if readme:
        text = open(readme).read()
        new = re.sub(r"(<!-- gpu-table:begin -->\n).*?(<!-- gpu-table:end -->)",
                     lambda mm: mm.group(1) + table + mm.group(2), text, flags=re.S)
        if "<!-- gpu-table:begin -->" not in text:
            sys.exit("no gpu-table markers in " + readme)
        open(readme, "w").write(new)


if __name__ == "__main__":
    main()
