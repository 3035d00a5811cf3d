#!/usr/bin/env python3
"""Differential test of sporkle's CPU vectorizer and GPU targets on random kernels.

    run_diff.py --cc SPORKLE_CC --out DIR [--count N] [--seed S] [--widths "1 4 auto"]
                [--devices "vulkan:0 ..."]
    run_diff.py --compare REF GOT      (only the comparison of two dumps)

For each of N program seeds (S, S+1, ...): gen_kernel.py writes DIR/k<seed>.cpp,
sporkle-cc compiles it once and links it once per vector width (`auto` = no
-fsporkle-vector-width flag, the CPU's own width; the first width, 1, is the
scalar reference), and each executable runs on the CPU with the same inputs.
With --devices, it is also linked with --sporkle-targets=cpu,vulkan and run
on each of those (non-CPU) devices. Each run checks itself against its host
reference (diff_harness.hpp); then every width's and device's outputs are
compared with the first width's: integers and the atomic counter exactly,
floats within 1e-5 relative (absolute below 1; both NaN counts as equal).
A program the Vulkan target refuses with its error for an unsupported
construct is skipped there (the summary line says why), not failed.

SPORKLE_DIFF_SEED, SPORKLE_DIFF_COUNT, SPORKLE_DIFF_WIDTHS and
SPORKLE_DIFF_DEVICES override --seed, --count, --widths and --devices (to
reproduce a failure, or to run more). The base seed is random unless given;
it is printed first, and every failure names its program seed, its source
and the command that reproduces it.
"""
import argparse
import concurrent.futures
import math
import os
import random
import subprocess
import sys
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import gen_kernel  # noqa: E402

CFLAGS = ["-O2", "-ffp-contract=off", "-w", "-I", HERE]  # -w: generated code compares and assigns oddly
COMPILE_TIMEOUT = 300
RUN_TIMEOUT = 60


def sh(cmd):
    return " ".join("'%s'" % c if (" " in c or not c) else c for c in cmd)


def run(cmd, timeout, env=None):
    """(ok, output) of a command; a timeout counts as a failure."""
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=timeout, env=env)
        return p.returncode == 0, "%s\n%s(exit %d)" % (sh(cmd), p.stdout, p.returncode)
    except subprocess.TimeoutExpired as e:
        out = e.stdout.decode(errors="replace") if isinstance(e.stdout, bytes) else (e.stdout or "")
        return False, "%s\n%s(timed out after %d s)" % (sh(cmd), out, timeout)


def load_dump(path):
    vals = {}
    with open(path) as f:
        for line in f:
            parts = line.split()
            key = " ".join(parts[:-1])
            v = parts[-1]
            vals[key] = float.fromhex(v) if parts[0] in ("of", "od") else int(v)
    return vals


def same(got, want):
    if isinstance(want, int):
        return got == want
    if math.isnan(got) or math.isnan(want):
        return math.isnan(got) and math.isnan(want)
    if got == want:
        return True
    return abs(got - want) <= 1e-5 * max(1.0, abs(want))


def compare(ref, got):
    """Up to 10 differences between two dumps, as text lines."""
    diffs = []
    for key, want in ref.items():
        g = got.get(key)
        if g is None or not same(g, want):
            diffs.append("%s: %r, reference %r" % (key, g, want))
            if len(diffs) == 10:
                break
    return diffs


# The Vulkan target's errors for what it does not support (yet): a clear
# compile error is the right answer to those, so such a program is skipped
# there. Anything else (a crash, invalid SPIR-V, a wrong result) fails.
UNSUPPORTED_ON_VULKAN = ["is not supported by the Vulkan target yet", "the Vulkan target cannot express"]


def one_program(cc, out, seed, widths, devices):
    """Builds and runs program `seed` at every width and on every device.
    Returns (seed, error text or None, summary)."""
    try:
        return build_and_compare(cc, out, seed, widths, devices)
    except Exception:
        return seed, "run_diff.py failed:\n" + traceback.format_exc(), "?"


def build_and_compare(cc, out, seed, widths, devices):
    src = os.path.join(out, "k%d.cpp" % seed)
    gen = gen_kernel.Gen(seed)
    with open(src, "w") as f:
        f.write(gen.program())
    summary = "%s G=%s L=%s %s" % (gen.kind, "x".join(map(str, gen.G[:gen.dims])),
                                   "x".join(map(str, gen.L[:gen.dims])) if gen.L else "-", gen.plan)
    obj = src[:-4] + ".o"
    ok, log = run([cc] + CFLAGS + ["-c", src, "-o", obj], COMPILE_TIMEOUT)
    if not ok:
        return seed, "compile failed:\n" + log, summary
    env = dict(os.environ, SPORKLE_DEVICE="cpu")
    errors, dumps = [], []
    for w in widths:  # every width, even after a failure: which ones fail tells a lot
        exe = "%s.w%s" % (src[:-4], w)
        flag = [] if w == "auto" else ["-fsporkle-vector-width=%s" % w]
        ok, log = run([cc, "-O2"] + flag + [obj, "-o", exe], COMPILE_TIMEOUT)
        if not ok:
            errors.append("link at width %s failed:\n%s" % (w, log))
            continue
        dump = exe + ".out"
        ok, log = run([exe, dump, str(seed)], RUN_TIMEOUT, env)
        if not ok:
            errors.append("run at width %s failed:\n%s" % (w, log))
            continue
        dumps.append(("width %s" % w, load_dump(dump)))
    if devices:
        exe = src[:-4] + ".gpu"
        ok, log = run([cc, "-O2", "--sporkle-targets=cpu,vulkan", obj, "-o", exe], COMPILE_TIMEOUT)
        unsupported = [line.split("error: ", 1)[-1] for line in log.splitlines()
                       if any(u in line for u in UNSUPPORTED_ON_VULKAN)]
        if not ok and unsupported:
            summary += " [skipped on %s: %s]" % (" ".join(devices), unsupported[0][:100])
        elif not ok:
            errors.append("link for %s failed:\n%s" % (" ".join(devices), log))
        else:
            for dev in devices:
                dump = "%s.%s.out" % (exe, dev.replace(":", ""))
                ok, log = run([exe, dump, str(seed)], RUN_TIMEOUT, dict(os.environ, SPORKLE_DEVICE=dev))
                if not ok:
                    errors.append("run on %s failed:\n%s" % (dev, log))
                    continue
                dumps.append((dev, load_dump(dump)))
    for name, d in dumps[1:]:
        diffs = compare(dumps[0][1], d)
        if diffs:
            errors.append("%s differs from %s:\n  %s" % (name, dumps[0][0], "\n  ".join(diffs)))
    return seed, "\n".join(errors) or None, summary


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cc", help="sporkle-cc")
    ap.add_argument("--out", help="directory for sources, executables and dumps")
    ap.add_argument("--compare", nargs=2, metavar=("REF", "GOT"),
                    help="only compare two dumps as the test does (exit 1 if they differ)")
    ap.add_argument("--count", type=int, default=8)
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--widths", default="1 4 auto")
    ap.add_argument("--devices", default="", help="non-CPU devices (SPORKLE_DEVICE values) to run on too")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args()
    if args.compare:
        diffs = compare(load_dump(args.compare[0]), load_dump(args.compare[1]))
        print("\n".join(diffs) if diffs else "same")
        return 1 if diffs else 0
    if not args.cc or not args.out:
        ap.error("--cc and --out are needed")
    count = int(os.environ.get("SPORKLE_DIFF_COUNT", args.count))
    base = os.environ.get("SPORKLE_DIFF_SEED", args.seed)
    base = int(base) if base is not None else random.SystemRandom().randrange(1, 2**31)
    widths = os.environ.get("SPORKLE_DIFF_WIDTHS", args.widths).split()
    devices = os.environ.get("SPORKLE_DIFF_DEVICES", args.devices).split()
    os.makedirs(args.out, exist_ok=True)
    print("run_diff: %d programs, seeds %d..%d, widths %s, devices cpu %s, in %s" %
          (count, base, base + count - 1, " ".join(widths), " ".join(devices), args.out))
    sys.stdout.flush()

    start = time.time()
    failures = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = [pool.submit(one_program, args.cc, args.out, s, widths, devices) for s in range(base, base + count)]
        for fut in futures:
            seed, err, summary = fut.result()
            print("seed %d (%s): %s" % (seed, summary, "ok" if err is None else "FAIL"))
            if err is not None:
                failures.append((seed, err))
            sys.stdout.flush()
    print("run_diff: %d of %d programs failed (%.1f s)" % (len(failures), count, time.time() - start))
    for seed, err in failures:
        src = os.path.join(args.out, "k%d.cpp" % seed)
        print("\nFAIL: seed %d, kernel source %s" % (seed, src))
        print(err.rstrip())
        print("reproduce: SPORKLE_DIFF_SEED=%d SPORKLE_DIFF_COUNT=1 lit -v <build>/test/diff/random_kernels.test\n"
              "       or: %s %s/gen_kernel.py --seed %d -o k.cpp && %s %s [-fsporkle-vector-width=W] k.cpp -o k"
              " && SPORKLE_DEVICE=cpu ./k k.out %d\n"
              "          (a device: add --sporkle-targets=cpu,vulkan and set SPORKLE_DEVICE)" % (seed, sys.executable, HERE, seed, args.cc, sh(CFLAGS), seed))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
