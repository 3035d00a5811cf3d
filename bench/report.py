#!/usr/bin/env python3
"""Turns the RESULT lines of the benchmark programs into a markdown table.

usage: report.py RESULTS.txt [--readme README.md] [--note TEXT]
RESULT lines: RESULT <benchmark> <variant> <median seconds> <metric> <unit>.
The ratio columns are sporkle's metric divided by the peer's; for throughput
(GB/s, GFLOP/s) above 1 means sporkle is faster, for latency (us) below 1 does.
With --readme, the table replaces the text between the markers
<!-- bench-table:begin --> and <!-- bench-table:end --> in that file.
"""
import re
import sys

ROWS = [  # benchmark, what, target (checked when sporkle was measured)
    ("vector_add", "vector add, n = 2^26 floats", ("openmp", ">=", 0.9)),
    ("saxpy", "saxpy, n = 2^26 floats", None),
    ("matmul", "tiled matmul 1024^2, 16x16 local tiles", ("pocl", ">=", 1.0)),
    ("reduction", "reduction, n = 2^26 floats", ("pocl", ">=", 1.0)),
    ("launch", "empty kernel, submit + wait", ("abs", "<=", 5.0)),
    ("launch_in_order", "empty kernel, in-order queue", None),
]
PEERS = ["pocl", "openmp"]


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
            res[(p[1], p[2])] = (float(p[4]), p[5])
        elif line.startswith("#") and line[1:].strip() not in header:
            header.append(line[1:].strip())  # each program prints its banner once per benchmark

    def fmt(v):
        return "not measured" if v is None else ("%.3g" % v if v < 100 else "%.0f" % v)

    out = []
    out += ["- " + h for h in header]
    if note:
        out.append("- " + note)
    out.append("")
    out.append("| benchmark | unit | sporkle | PoCL | OpenMP | sporkle/PoCL | sporkle/OpenMP | target |")
    out.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |")
    for name, what, target in ROWS:
        vals = {v: res.get((name, v)) for v in ["sporkle"] + PEERS}
        if not any(vals.values()):
            continue
        unit = next(x[1] for x in vals.values() if x)
        m = {v: (x[0] if x else None) for v, x in vals.items()}
        ratio = {p: (m["sporkle"] / m[p] if m["sporkle"] and m[p] else None) for p in PEERS}
        tcell = ""
        if target:
            peer, op, goal = target
            if peer == "abs":
                tcell = "%s %g %s" % (op, goal, unit)
                got = m["sporkle"]
            else:
                tcell = "%s %gx %s" % (op, goal, {"pocl": "PoCL", "openmp": "OpenMP"}[peer])
                got = ratio[peer]
            if got is None:
                tcell += ": not measured yet"
            else:
                met = got >= goal if op == ">=" else got <= goal
                tcell += ": **met**" if met else ": **not met**"
        better = "lower is better" if unit == "us" else "higher is better"
        out.append("| %s | %s (%s) | %s | %s | %s | %s | %s | %s |" % (
            what, unit, better, fmt(m["sporkle"]), fmt(m["pocl"]), fmt(m["openmp"]),
            fmt(ratio["pocl"]) if ratio["pocl"] else "-", fmt(ratio["openmp"]) if ratio["openmp"] else "-", tcell))
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
