#!/usr/bin/env python3
"""Turns the RESULT lines of the benchmark programs into a markdown table.

usage: report.py RESULTS.txt [--readme README.md] [--note TEXT]
RESULT lines: RESULT <benchmark> <variant> <median seconds> <metric> <unit>.
The variants are sporkle's three builds (vectorized, loopvec, scalar; see
run.sh), pocl and openmp. The ratio columns are the vectorized build's metric
divided by each other variant's; for throughput (GB/s, GFLOP/s, ...) above 1
means the vectorized build is faster, for latency (us) below 1 does.
With --readme, the table replaces the text between the markers
<!-- bench-table:begin --> and <!-- bench-table:end --> in that file.
"""
import re
import sys

# (variant in RESULT lines, column title)
VARIANTS = [("vectorized", "sporkle vectorized"), ("loopvec", "loopvec"), ("scalar", "scalar"),
            ("pocl", "PoCL"), ("openmp", "OpenMP")]
MAIN = "vectorized"
PEERS = [v for v, _ in VARIANTS if v != MAIN]

# benchmark, what, targets (issues 2 and 3; checked when the vectorized build was measured).
# A target is (peer, op, goal): the ratio to that peer, or ("abs", op, goal) on the metric,
# or ("ms", op, goal) on the median time.
ROWS = [
    ("vector_add", "vector add, n = 2^26 floats", [("openmp", ">=", 0.9)]),
    ("saxpy", "saxpy, n = 2^26 floats", []),
    ("matmul", "tiled matmul 1024^2, 16x16 local tiles", [("pocl", ">=", 1.5)]),
    ("reduction", "reduction, n = 2^26 floats", [("pocl", ">=", 1.0)]),
    ("mandelbrot", "Mandelbrot 2048x1024, 256 iterations", [("pocl", ">=", 7.0), ("ms", "<=", 25.0)]),
    ("nbody", "n-body, 16384 bodies, all pairs", []),
    ("blackscholes", "Black-Scholes, 2^22 options", []),
    ("stencil", "5-point stencil 4096^2, one sweep", []),
    ("conv2d_7x7", "conv2d 3x224x224 -> 64x112x112, 7x7 stride 2", [("pocl", ">=", 1.5)]),
    ("conv2d_3x3", "conv2d 128x28x28 -> 256x28x28, 3x3", [("pocl", ">=", 1.5)]),
    ("launch", "empty kernel, submit + wait", [("abs", "<=", 5.0)]),
    ("launch_in_order", "empty kernel, in-order queue", []),
]
TITLE = dict(VARIANTS)


def fmt(v):
    return "not measured" if v is None else ("%.3g" % v if v < 100 else "%.0f" % v)


def target_cell(targets, metric, seconds, ratio, unit):
    cells = []
    for peer, op, goal in targets:
        if peer == "abs":
            text, got = "%s %g %s" % (op, goal, unit), metric
        elif peer == "ms":
            text, got = "%s %g ms" % (op, goal), (seconds * 1e3 if seconds else None)
        else:
            text, got = "%s %gx %s" % (op, goal, TITLE[peer]), ratio[peer]
        if got is None:
            cells.append(text + ": not measured yet")
        else:
            met = got >= goal if op == ">=" else got <= goal
            shown = " (%s ms)" % fmt(got) if peer == "ms" else ""
            cells.append(text + shown + (": **met**" if met else ": **not met**"))
    return "; ".join(cells)


def main():
    args = sys.argv[1:]
    readme = note = None
    if "--readme" in args:
        i = args.index("--readme"); readme = args[i + 1]; del args[i:i + 2]
    if "--note" in args:
        i = args.index("--note"); note = args[i + 1]; del args[i:i + 2]
    res, header = {}, []
    for line in open(args[0]):
        p = line.split()
        if len(p) == 6 and p[0] == "RESULT":
            res[(p[1], p[2])] = (float(p[4]), p[5], float(p[3]))
        elif line.startswith("#") and line[1:].strip() not in header:
            header.append(line[1:].strip())  # each program prints its banner once per benchmark

    out = ["- " + h for h in header]
    if note:
        out.append("- " + note)
    out.append("")
    out.append("| benchmark | unit | " + " | ".join(t for _, t in VARIANTS) + " | " +
               " | ".join("vec/" + TITLE[p] for p in PEERS) + " | target |")
    out.append("| --- | --- | " + "---: | " * (len(VARIANTS) + len(PEERS)) + "--- |")
    vs_loopvec = []  # (ratio, what) for the "never slower than loopvec" line
    for name, what, targets in ROWS:
        vals = {v: res.get((name, v)) for v, _ in VARIANTS}
        if not any(vals.values()):
            continue
        unit = next(x[1] for x in vals.values() if x)
        m = {v: (x[0] if x else None) for v, x in vals.items()}
        ratio = {p: (m[MAIN] / m[p] if m[MAIN] and m[p] else None) for p in PEERS}
        seconds = vals[MAIN][2] if vals[MAIN] else None
        if unit != "us" and ratio["loopvec"] is not None:
            vs_loopvec.append((ratio["loopvec"], name))
        better = "lower is better" if unit == "us" else "higher is better"
        out.append("| %s | %s (%s) | %s | %s | %s |" % (
            what, unit, better, " | ".join(fmt(m[v]) for v, _ in VARIANTS),
            " | ".join(fmt(ratio[p]) if ratio[p] else "-" for p in PEERS),
            target_cell(targets, m[MAIN], seconds, ratio, unit)))
    if vs_loopvec:
        slower = sorted((r, n) for r, n in vs_loopvec if r < 1.0)
        out.append("")
        out.append("Target (issue 3): no benchmark slower than the loop-vectorizer baseline: vectorized >= loopvec "
                   "on %d of %d%s." % (len(vs_loopvec) - len(slower), len(vs_loopvec),
                                       "" if not slower else " (below: " +
                                       ", ".join("%s %sx" % (n, fmt(r)) for r, n in slower) + ")"))
    table = "\n".join(out) + "\n"
    sys.stdout.write(table)
    if readme:
        text = open(readme).read()
        new = re.sub(r"(<!-- bench-table:begin -->\n).*?(<!-- bench-table:end -->)",
                     lambda mm: mm.group(1) + table + mm.group(2), text, flags=re.S)
        if new == text and "<!-- bench-table:begin -->" not in text:
            sys.exit("no bench-table markers in " + readme)
        open(readme, "w").write(new)


if __name__ == "__main__":
    main()
